"""Real successive versions from ../shared/corpus, read in place (skipped where it is absent)."""
import json
from itertools import pairwise

import pytest
from click.testing import CliRunner

from conftest import shared_path
from docdiff.cli.main import docdiff
from docdiff.diffing import compare_files


def json_diff(old, new, *args):
    r = CliRunner().invoke(docdiff, [str(old), str(new), "--format", "json", *args])
    assert r.exit_code in (0, 1), r.stderr
    return json.loads(r.stdout)


def test_cia_report_marker_convention_change_is_not_a_change():
    """█ became [Redacted] throughout; the only content change is a dropped classification fragment."""
    d = shared_path("corpus", "us-senate-cia-torture-report-markers")
    diff = compare_files(str(d / "v0.md"), str(d / "v1.md"))
    got = [(c.kind.value, c.old.text) for c in diff.changes]
    assert got == [("removed", "( ^ p g \u2588 N F ) ")] or got == [("removed", "( ^ p g \u2588 N F )")]


def test_ietf_page_furniture_is_set_aside_and_renumbered_sections_pair():
    d = shared_path("corpus", "ietf-web-linking-txt-series")
    data = json_diff(d / "v11.txt", d / "v21.txt")
    lay = data["normalization"]["old"]
    assert lay["furniture_lines"] >= 40 and lay["furniture_rules"].get("page-footer")
    pairs = {(s["old"]["title"], s["new"]["title"]) for s in data["sections"] if s["old"] and s["new"]}
    assert ("Notational Conventions", "Notational Conventions") in pairs
    assert ("Target IRI", "Link Target") in pairs
    renum = [s for s in data["sections"] if s["old"] and s["new"] and s["old"]["title"] == "Notational Conventions"]
    assert renum[0]["renumbered"] and renum[0]["old"]["number"] == "2" and renum[0]["new"]["number"] == "1.1"
    furniture = {f["text"] for side in ("old", "new") for f in data["normalization"][side]["furniture"]}
    for s in data["sections"]:
        for c in s["changes"]:
            for side in ("old", "new"):
                text = (c[side] or {}).get("text", "")
                rest = [ln for ln in text.split("\n") if ln.strip() and ln.strip() not in furniture]
                assert rest or not text.strip(), f"a change made of page furniture only: {text!r}"


def test_ietf_consecutive_drafts_report_few_changes():
    d = shared_path("corpus", "ietf-web-linking-txt-series")
    data = json_diff(d / "v05.txt", d / "v06.txt")
    assert data["summary"]["similarity"] > 0.8


def test_github_terms_lettered_sections_renumbered_not_removed():
    d = shared_path("corpus", "github-terms-of-service-series")
    data = json_diff(d / "v00.md", d / "v07.md")
    pairs = {(s["old"]["title"], s["new"]["title"]): s for s in data["sections"] if s["old"] and s["new"]}
    dmca = pairs.get(("Copyright Infringement and DMCA Policy", "Copyright Infringement and DMCA Policy"))
    assert dmca is not None and dmca["renumbered"]
    assert (dmca["old"]["number"], dmca["new"]["number"]) == ("E", "F")


@pytest.mark.parametrize("pair", ["gpl", "lgpl", "eupl", "epl"])
def test_licence_rewrites_run_and_spans_are_exact(pair):
    d = shared_path("corpus", "licence-version-pairs", pair)
    old, new = (d / "v1.txt").read_text(encoding="utf-8"), (d / "v2.txt").read_text(encoding="utf-8")
    data = json_diff(d / "v1.txt", d / "v2.txt")
    for s in data["sections"]:
        for c in s["changes"]:
            for side, text in (("old", old), ("new", new)):
                if c[side]:
                    assert text[c[side]["start"]:c[side]["end"]] == c[side]["text"]


PAIRS = [("licence-version-pairs/gpl/v1.txt", "licence-version-pairs/gpl/v2.txt"),
         ("licence-version-pairs/eupl/v1.txt", "licence-version-pairs/eupl/v2.txt"),
         ("licence-version-pairs/epl/v1.txt", "licence-version-pairs/epl/v2.txt"),
         ("ietf-web-linking-txt-series/v11.txt", "ietf-web-linking-txt-series/v21.txt"),
         ("github-terms-of-service-series/v00.md", "github-terms-of-service-series/v07.md")]


@pytest.mark.parametrize("old, new", PAIRS, ids=lambda p: p.split("/")[0][:12] + "/" + p.split("/")[-1])
def test_no_text_is_claimed_twice(old, new):
    """Outside moved passages (whose inner edits they hold), no two changes cover the same text."""
    diff = compare_files(str(shared_path("corpus", *old.split("/"))), str(shared_path("corpus", *new.split("/"))))
    for side in ("old", "new"):
        spans = sorted((getattr(c, side).start, getattr(c, side).end) for c in diff.changes
                       if c.move is None and getattr(c, side) is not None
                       and getattr(c, side).end > getattr(c, side).start)
        spans += [(getattr(m, side).start, getattr(m, side).end) for m in diff.moves]
        spans.sort()
        assert all(b[0] >= a[1] for a, b in pairwise(spans)), side


def test_a_markdown_file_and_its_copy_as_text_are_identical():
    src = shared_path("corpus", "github-terms-of-service-series", "v03.md")
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        copy = shutil.copy(src, f"{tmp}/v03.txt")
        assert not compare_files(str(src), copy).differs


def test_a_section_split_into_sub_sections_pairs_with_its_parent():
    """GitHub ToS v03 -> v04: "I. Additional Terms for GitHub Pages" became "I. ... and Learning
    Lab" over new sub-sections "1. GitHub Pages" (its old body) and "2. GitHub Learning Lab". The
    old section is the renamed parent, not "1. GitHub Pages" with "I." added."""
    series = shared_path("corpus", "github-terms-of-service-series")
    d = compare_files(str(series / "v03.md"), str(series / "v04.md"))
    by_old = {s.old.heading.title: s for s in d.sections if s.old and s.old.heading}
    s = by_old["Additional Terms for GitHub Pages"]
    assert s.new.heading.title == "Additional Terms for GitHub Pages and Learning Lab" and s.renamed
    added = [x.new.heading.title for x in d.sections if x.old is None and x.new.heading]
    assert "GitHub Pages" in added and "GitHub Learning Lab" in added


def test_a_page_break_at_another_place_cuts_no_registry_entry():
    """RFC 5988 drafts 10 and 11: page breaks fall inside different registry entries ("o Relation
    Name: prev" on one page, its description on the next). Word for word the entries are the same:
    only the five real edits of the section are reported, nothing added, removed or moved."""
    d = shared_path("corpus", "ietf-web-linking-txt-series")
    diff = compare_files(str(d / "v10.txt"), str(d / "v11.txt"))
    title = "Initial Registry Contents"
    sec = next(s for s in diff.sections if s.new and title in diff.new.text[s.new.start:s.new.end][:80])
    kinds = [c.kind.value for c in sec.changes]
    assert kinds == ["modified"] * 5, [(c.kind.value, c.old and c.old.text, c.new and c.new.text) for c in sec.changes]
    assert not sec.moves_in and not sec.moves_out
    edits = {(c.old.text, c.new.text) for c in sec.changes}
    assert edits == {("this document", "RFC5988"), ("web", "Web")}


def test_new_sections_that_took_the_place_of_removed_ones_are_not_renames():
    """GitHub ToS 2019 -> 2020: "J. Third Party Applications" and "K. Advertising on GitHub" were
    removed and "J. Beta Previews" added where they stood; the sub-sections share only the terms'
    vocabulary and their numbers. None of them pairs with another by place: removed and added."""
    d = shared_path("corpus", "github-terms-of-service-series")
    data = json_diff(d / "v04.md", d / "v05.md")
    by_title = {}
    for s in data["sections"]:
        for side in ("old", "new"):
            if s[side]:
                by_title.setdefault(s[side]["title"], []).append(s["status"])
    for title in ("Advertising on GitHub", "Creating Applications", "GitHub Repositories"):
        assert by_title[title] == ["removed"], (title, by_title[title])
    for title in ("Beta Previews", "Subject to Change", "Confidentiality", "Feedback"):
        assert by_title[title] == ["added"], (title, by_title[title])


@pytest.mark.parametrize("old, new", [("v02.txt", "v03.txt"), ("v03.txt", "v04.txt")])
def test_leader_dots_and_url_pieces_are_no_moved_passages(old, new):
    """Web Linking drafts: the leader dots of a contents line (". . . . . . . . . .") and the pieces
    of a URL found removed in one place and added in another were reported as moved passages. A
    run of moved words holds ten words or more."""
    d = shared_path("corpus", "ietf-web-linking-txt-series")
    diff = compare_files(str(d / old), str(d / new))
    for m in diff.moves:
        assert any(ch.isalnum() for ch in m.old.text), m.old.text
        assert "iana.org/assignments/relation/" not in m.new.text or len(m.new.text) > 60, m.new.text


def test_the_steps_of_an_algorithm_are_no_sections():
    """RFC 8288's last draft puts each parsing step in a paragraph of its own ("   3.  For each
    field_value in field_values:"), the RFC stacks them: numbered lines inside the indented body,
    where the document's numbered headings stand at the margin, are steps, not sections (they
    were read as seven sections, then reported removed)."""
    d = shared_path("corpus", "ietf-web-linking-txt-series")
    data = json_diff(d / "v20.txt", d / "v21.txt")
    removed = [s["old"]["title"] for s in data["sections"] if s["status"] == "removed"]
    assert removed == ["Note to Readers"], removed
