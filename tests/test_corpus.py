"""Real successive versions from ../shared/corpus, read in place (skipped where it is absent)."""
import json

import pytest
from click.testing import CliRunner

from cli.main import docdiff
from conftest import shared_path
from diffing import compare_files


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
