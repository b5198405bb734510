"""Release profiles (conventions/profiles.py): every record's examples, detection, and what the
profiles change on real-shaped releases (tests/releases: excerpts built in the shapes of State
Department e-mail releases and DOJ OCR renditions)."""
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from docdiff.cli.main import docdiff
from docdiff.diffing import ChangeKind, Options, compare_texts
from docdiff.diffing.compare import compare_files
from docdiff.diffing.conventions import PROFILES, conventions_for, detect_profiles
from docdiff.diffing.history import ABSENT, PRESENT, WITHHELD, version_history
from docdiff.diffing.load import read_source

RELEASES = Path(__file__).parent / "releases"


def _params(attr):
    return [pytest.param(p, ex, id=f"{p.id}:{ex[:40]}") for p in PROFILES for ex in getattr(p, attr)]


def _marker_params(attr):
    return [pytest.param(p, s, ex, id=f"{p.id}:{s.id}:{(ex if isinstance(ex, str) else ex[0])[:30]}")
            for p in PROFILES for s in p.markers for ex in getattr(s, attr)]


@pytest.mark.parametrize("profile, text", _params("examples"))
def test_profile_examples_are_detected(profile, text):
    assert profile.id in detect_profiles(text)


@pytest.mark.parametrize("profile, text", _params("examples"))
def test_every_evidence_match_of_an_example_holds_a_needle(profile, text):
    """Detection searches only the lines around a profile's needles: each match must hold one."""
    matches = [m.group() for rx in profile.evidence for m in re.finditer(rx, text, re.M)]
    assert matches and all(any(re.search(n, m) for n in profile.needles) for m in matches), matches
    assert all(re.match(r"[\w ]|\\.", n) for n in profile.needles)      # a literal first: a fast scan


@pytest.mark.parametrize("profile, text", _params("counter_examples"))
def test_profile_counter_examples_are_not_detected(profile, text):
    assert profile.id not in detect_profiles(text)


def test_evidence_adds_up_over_the_versions_of_a_pair():
    """A restricted version shows only its classification line and the public one only its access
    stamp, wrapped before the date as PDF extraction leaves it: half the evidence each."""
    limite, public = "8700/25\nLIMITE\n\nThe Presidency.\n", "ACCESSIBLE TO THE PUBLIC\n(01.07.2025)\n"
    assert "eu-council" not in detect_profiles(limite) and "eu-council" not in detect_profiles(public)
    assert "eu-council" in detect_profiles(limite, public)


def test_a_release_stamp_inside_a_footer_block_leaves_the_block_whole():
    """LIMITE is both a stamp of eu-council and a line of the Council's footer block: the footer
    stays one block, so none of its lines is glued to the next heading or reported added."""
    body = "1. Scope\n\nThe Presidency invites delegations to note the text.\n"
    old = body + "8700/25\nJAI.1\nLIMITE\nEN\n\n2. Next\n\nThe Council adopted it.\n"
    new = body + "The Presidency adds a line here.\n8700/25\nJAI.1\nLIMITE\nEN\n\n2. Next\n\nThe Council adopted it.\n"
    diff = compare_texts(old, new, Options(profiles=("eu-council",)))
    assert [s.text.strip() for s in (c.new_span for c in diff.changes)] == ["The Presidency adds a line here."]
    assert [new[s.new.heading.start:s.new.heading.end] for s in diff.sections] == ["1. Scope", "2. Next"]
    assert len(diff.new.layout.furniture) == 4


@pytest.mark.parametrize("profile, shape, example", _marker_params("examples"))
def test_profile_marker_examples_are_found_with_their_reason(profile, shape, example):
    text, reason = example
    conv = conventions_for(profiles=(profile.id,))
    found = [m.group() for m in conv.marker_re.finditer(text)]
    assert len(found) == 1 and re.search(shape.pattern, text).group() == found[0]
    assert any(n in text for n in shape.needles), "the literal pre-check must let it through"
    expected = "repealed" if shape.kind == "repeal" else reason
    assert conv.marker_reason(found[0]) == expected


@pytest.mark.parametrize("profile, shape, text", _marker_params("counter_examples"))
def test_profile_marker_counter_examples_are_not_that_marker(profile, shape, text):
    assert not re.fullmatch(shape.pattern, text)


@pytest.mark.parametrize("profile, line", [pytest.param(p, ex, id=f"{p.id}:{ex[:40]}")
                                           for p in PROFILES for st in p.stamps for ex in st.examples])
def test_release_stamps_are_set_aside_not_compared(profile, line):
    old = f"{line}\n\nThe text of the release stays the same here.\n"
    new = "The text of the release stays the same here.\n"
    d = compare_texts(old, new, Options(profiles=(profile.id,)))
    assert not d.differs and d.old.layout.furniture[0].text.strip() == line


def test_profiles_stay_off_without_evidence():
    d = compare_texts("Vitamin B6 is listed.\n", "Vitamin B6 is listed twice.\n")
    assert d.profiles == () and [c.kind for c in d.changes] == [ChangeKind.ADDED]


def test_unknown_profile_is_a_config_error():
    r = CliRunner().invoke(docdiff, ["diff", str(SAMPLES / "8700-25-limite.txt"), str(SAMPLES / "8700-25-public.txt"),
                                     "--profile", "nope"])
    assert r.exit_code == 2 and "nope" in r.stderr


# ---- State Department e-mail, two releases -------------------------------------------------------

def test_state_release_a_word_released_into_a_gap_is_revealed_with_its_code():
    d = compare_files(str(RELEASES / "state-email" / "2015.txt"), str(RELEASES / "state-email" / "2016.txt"))
    assert d.profiles == (("us-foia", "detected"),)
    assert [(c.kind, c.new.text, c.stated) for c in d.changes] == [(ChangeKind.REVEALED, "with Chris", "B6")]
    # codes that went while their gap stayed, the stamp and the case footer: no change, but counted
    assert sum(s.margin_codes[0] for s in d.sections) == 3
    assert sorted(f.rule for f in d.old.layout.furniture) == ["case-footer", "release-stamp"]


def test_state_release_json_names_the_profile_and_the_code():
    r = CliRunner().invoke(docdiff, [str(RELEASES / "state-email" / "2015.txt"),
                                     str(RELEASES / "state-email" / "2016.txt"), "--format", "json"])
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["profiles"] == [{"id": "us-foia", "how": "detected"}]
    (change,) = [c for s in data["sections"] for c in s["changes"]]
    assert change["kind"] == "revealed" and change["stated_reason"] == "B6"
    assert data["normalization"]["old"]["folded"]["margin-codes"] == 3


def test_without_the_profile_the_gap_is_not_a_marker():
    d = compare_files(str(RELEASES / "state-email" / "2015.txt"), str(RELEASES / "state-email" / "2016.txt"),
                      Options(detect_profiles=False))
    assert ChangeKind.REVEALED not in d.kind_counts


def test_statute_citations_in_prose_are_not_margin_codes():
    text = "Exemption B6 of the rules and section 552(b)(6) apply.\n"
    d = compare_texts(text, text.replace("apply", "applies"), Options(profiles=("us-foia",)))
    assert [c.kind for c in d.changes] == [ChangeKind.MODIFIED]


# ---- DOJ report: OCR rendition against a transcription ------------------------------------------

def test_two_renditions_of_one_release_show_no_redaction_change():
    d = compare_files(str(RELEASES / "doj-renditions" / "ocr.txt"), str(RELEASES / "doj-renditions" / "transcript.md"))
    assert ("us-doj", "detected") in d.profiles
    assert not {ChangeKind.REDACTED, ChangeKind.REVEALED} & set(d.kind_counts)
    assert d.withheld_chars == 0


def test_check_rules_give_no_finding_on_two_renditions(tmp_path):
    """An OCR text and a Markdown transcription of one release: the text is not read as Markdown
    (it has none of the transcription's # headings), so its II./A. headings are headings."""
    for name in ("ocr.txt", "transcript.md"):
        (tmp_path / name).write_bytes((RELEASES / "doj-renditions" / name).read_bytes())
    (tmp_path / ".docdiff.yml").write_text("pairs:\n  - old: ocr.txt\n    new: transcript.md\n"
                                           "rules:\n  redaction-leak: true\n  unmarked-removal: true\n"
                                           "  max-redacted-share: true\n")
    r = CliRunner().invoke(docdiff, ["check", "--config", str(tmp_path / ".docdiff.yml"), "--no-git"])
    assert "redaction-leak" not in r.stdout and "max-redacted-share" not in r.stdout
    assert "unmarked-removal" not in r.stdout and r.exit_code == 0, r.stdout
    diff = compare_files(str(tmp_path / "ocr.txt"), str(tmp_path / "transcript.md"))
    assert not diff.differs and not diff.moves and len(diff.sections) == 3


# ---- de-law: a repeal is its own kind -----------------------------------------------------------

def test_a_repealed_paragraph_is_repealed_not_redacted():
    old = "§ 3 Fristen\n\nDie Frist beträgt 55 vom Hundert der Summe.\n\n§ 4 Ende\n\nDas Gesetz endet.\n"
    new = "§ 3 Fristen\n\n(weggefallen)\n\n§ 4 Ende\n\nDas Gesetz endet.\n"
    d = compare_texts(old, new)
    assert ("de-law", "detected") in d.profiles
    assert [c.kind for c in d.changes] == [ChangeKind.REPEALED] and d.withheld_chars == 0


def test_a_repeal_marker_never_equals_a_redaction_marker():
    d = compare_texts("§ 3\n\n[REDACTED]\n", "§ 3\n\n(weggefallen)\n")
    assert d.differs


# ---- history and inconsistent-redaction ----------------------------------------------------------

def _fuller_release(tmp_path) -> Path:
    """A later, fuller release of the seed note: its first withheld passage released."""
    h = version_history([read_source(str(SAMPLES / "8700-25-limite.txt")),
                         read_source(str(SAMPLES / "8700-25-public.txt"))])
    first = next(p for p in h.passages if p.states == (PRESENT, WITHHELD))
    span = first.spans[1]
    # every passage that one marker stands for (a DELETED may withhold several paragraphs)
    released = "\n\n".join(p.text for p in h.passages if p.states == (PRESENT, WITHHELD) and p.spans[1] == span)
    public = (SAMPLES / "8700-25-public.txt").read_text(encoding="utf-8")
    path = tmp_path / "8700-25-fuller.txt"
    path.write_text(public[:span.start] + released + public[span.end:], encoding="utf-8")
    return path, first.text


def test_history_follows_the_seed_chain(tmp_path):
    fuller, released = _fuller_release(tmp_path)
    paths = [SAMPLES / "8700-25-limite.txt", SAMPLES / "8700-25-public.txt", fuller]
    h = version_history([read_source(str(p)) for p in paths])
    states = {p.text: p.states for p in h.passages}
    assert states[released] == (PRESENT, WITHHELD, PRESENT)
    assert released in [p.text for p in h.released_in(2)] and len(h.released_in(2)) == 2
    still = [p for p in h.passages if p.states == (PRESENT, WITHHELD, WITHHELD)]
    assert len(still) >= 20
    assert not [p for p in h.passages if ABSENT in p.states and WITHHELD in p.states]
    # the public version glues its access stamp to the heading after it: the heading stays one
    # passage, present throughout, and the stamp is the one new passage
    assert states["Introduction"] == (PRESENT, PRESENT, PRESENT)
    stamp = "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025)"
    assert [p.text for p in h.passages if p.states[0] == ABSENT] == [stamp]


def test_history_follows_a_jfk_style_series_with_ocr_noise():
    """2017, 2022, 2023 releases of one record, read by OCR (Divislon, rneeting): a name released
    in 2022, a word in 2023, a whole withheld paragraph ("3. ███…") given back in 2023."""
    series = [RELEASES / "jfk-series" / f"{year}.txt" for year in (2017, 2022, 2023)]
    h = version_history([read_source(str(p)) for p in series])
    assert h.profiles == (("us-foia", "detected"),)
    changed = {p.text: p.states for p in h.passages if len(set(p.states)) > 1}
    assert changed == {
        # shown as the latest release reads (2022's OCR slip "Divislon" is not the passage's text)
        "TO: Chief of Station, Mexico City FROM: Chief, WH Division": (WITHHELD, PRESENT, PRESENT),
        "Station is requested to review its files on LIENVOY and to forward any traces to Headquarters by the "
        "next pouch.": (WITHHELD, WITHHELD, PRESENT),
        "The source reported that the subject visited the consulate twice and asked for a transit visa.":
            (WITHHELD, WITHHELD, PRESENT)}
    # the pair diff agrees: the withheld clause keeps its place in the run of clauses and is revealed
    diff = compare_files(str(series[1]), str(series[2]))
    assert sorted(c.kind.value for c in diff.changes) == ["modified", "modified", "revealed", "revealed"]
    assert not diff.moves and [s.status.value for s in diff.sections].count("added") == 0


def test_history_command_json(tmp_path):
    fuller, released = _fuller_release(tmp_path)
    r = CliRunner().invoke(docdiff, ["history", str(SAMPLES / "8700-25-limite.txt"),
                                     str(SAMPLES / "8700-25-public.txt"), str(fuller), "--format", "json"])
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and len(data["versions"]) == 3 and data["summary"]["released"] == [0, 0, 2]
    (p,) = [p for p in data["passages"] if p["text"] == released]
    assert p["states"] == ["present", "withheld", "present"] and p["spans"][0] and p["spans"][2]


def test_history_on_the_state_releases_shows_the_release():
    r = CliRunner().invoke(docdiff, ["history", str(RELEASES / "state-email" / "2015.txt"),
                                     str(RELEASES / "state-email" / "2016.txt")])
    assert r.exit_code == 1 and "What happened with Chris yesterday?" in r.stdout and "1 released" in r.stdout


def _state_releases(tmp_path) -> Path:
    """The two State Department releases copied into tmp_path; the config path to write there."""
    for name in ("2015.txt", "2016.txt"):
        (tmp_path / name).write_bytes((RELEASES / "state-email" / name).read_bytes())
    return tmp_path / ".docdiff.yml"


def test_inconsistent_redaction_in_a_chain(tmp_path):
    cfg = _state_releases(tmp_path)
    cfg.write_text("chains:\n  - versions: [2015.txt, 2016.txt]\n")
    ok = CliRunner().invoke(docdiff, ["check", "--config", str(cfg), "--no-git"])
    assert ok.exit_code == 0, ok.stdout
    cfg.write_text("chains:\n  - versions: [2016.txt, 2015.txt]\n")      # the later release withholds it again
    bad = CliRunner().invoke(docdiff, ["check", "--config", str(cfg), "--no-git"])
    assert bad.exit_code == 1 and "inconsistent-redaction" in bad.stdout and "with Chris" in bad.stdout


def test_history_shows_a_withheld_gap_and_no_bare_clause_numbers():
    r = CliRunner().invoke(docdiff, ["history", "--all", "--color", "never", str(RELEASES / "state-email" / "2015.txt"),
                                     str(RELEASES / "state-email" / "2016.txt")])
    assert "The ambassador met [\u2026] at the consulate on Tuesday." in r.stdout and "\x1b[" not in r.stdout
    h = version_history([read_source(str(RELEASES / "jfk-series" / f"{y}.txt")) for y in (2017, 2022, 2023)])
    assert not [p.text for p in h.passages if p.text.rstrip(".").isdigit()]


def test_a_word_released_into_a_gap_is_named_as_such_by_only_redactions(tmp_path):
    cfg = _state_releases(tmp_path)
    cfg.write_text("pairs:\n  - {old: 2015.txt, new: 2016.txt}\nrules:\n  only-redactions: {}\n")
    r = CliRunner().invoke(docdiff, ["check", "--config", str(cfg), "--no-git"])
    assert r.exit_code == 1
    assert "revealed \u201cwith Chris\u201d (was a gap of spaces, B6)" in r.stdout, r.stdout


def test_history_json_follows_its_schema(tmp_path):
    import jsonschema
    schema = json.loads((Path(__file__).parent.parent / "diffing" / "docdiff-history.schema.json").read_text())
    fuller, _ = _fuller_release(tmp_path)
    r = CliRunner().invoke(docdiff, ["history", str(SAMPLES / "8700-25-limite.txt"),
                                     str(SAMPLES / "8700-25-public.txt"), str(fuller), "--format", "json"])
    jsonschema.validate(json.loads(r.stdout), schema)
