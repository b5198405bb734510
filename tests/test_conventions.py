"""Every convention record carries examples and counter-examples; each one is run here.

Adding a heading style, marker shape, furniture shape, language or not-a-title rule is one record
in diffing/conventions/ plus its examples: these tests pick them up without being edited.
"""
import re
from dataclasses import fields

import pytest

from docdiff.diffing.conventions import FURNITURE, LANGUAGES, MARKERS, STYLES, conventions_for, tuning
from docdiff.diffing.conventions.headings import CLAUSE, NOT_TITLES, PART_LINES, part_title
from docdiff.diffing.headings import _numbered, propose_headings
from docdiff.diffing.model import Options
from docdiff.diffing.normalize import find_paragraphs
from docdiff.diffing.tokens import make_key_context

CONV = conventions_for()


def _params(records, attr):
    return [pytest.param(r, ex, id=f"{r.id}:{ex if isinstance(ex, str) else ex[0]}"[:60])
            for r in records for ex in getattr(r, attr)]


# ---- markers -------------------------------------------------------------------------------

@pytest.mark.parametrize("shape, example", _params(MARKERS, "examples"))
def test_marker_examples_are_markers_with_their_reason(shape, example):
    text, reason = example
    assert re.fullmatch(shape.pattern, text), "the shape's own pattern"
    assert CONV.marker_re.fullmatch(text), "the combined pattern every stage uses"
    assert any(n in text for n in shape.needles), "the literal pre-check must let it through"
    assert CONV.marker_reason(text) == reason


@pytest.mark.parametrize("shape, text", _params(MARKERS, "counter_examples"))
def test_marker_counter_examples_are_not_that_marker(shape, text):
    assert not re.search(shape.pattern, text), "no part of a counter-example is that marker"


@pytest.mark.parametrize("text, found", [
    ("The Presidency DELETED the item.", ["DELETED"]),
    ("DELETED DELETED", ["DELETED", "DELETED"]),
    ("LIMITE\nDELETED\n", ["DELETED"]),
    ("THE RISK THAT YOUR CONTENT IS DELETED OR CORRUPTED", []),
    ("DATA IS REDACTED", []),
])
def test_a_capitals_marker_is_no_word_of_a_passage_in_capitals(text, found):
    """Mozilla's Cloud Services terms: "YOUR CONTENT IS DELETED OR CORRUPTED" in the warranty
    disclaimer read as a redaction (LOST -> DELETED reported "redacted"), and twice made the pair
    an EU Council release. Markers in a row, or after a capitals line, are still markers."""
    shape = next(m for m in MARKERS if m.id == "capitals")
    assert [m.group() for m in re.finditer(shape.pattern, text)] == found


def test_a_user_marker_needs_no_needle_to_be_found():
    conv = conventions_for(markers=(r"<<WITHHELD>>",))
    assert conv.needles is None and conv.marker_re.fullmatch("<<WITHHELD>>")


# ---- page furniture ------------------------------------------------------------------------

@pytest.mark.parametrize("shape, line", _params(FURNITURE, "examples"))
def test_furniture_examples_are_found_by_their_anchor_and_read_by_their_shape(shape, line):
    assert any(re.search(a, line, re.M) for a in shape.anchors), "an anchor finds the line"
    assert re.fullmatch(shape.pattern, line.strip())


@pytest.mark.parametrize("shape, line", _params(FURNITURE, "counter_examples"))
def test_furniture_counter_examples_are_not_that_shape(shape, line):
    assert not re.fullmatch(shape.pattern, line.strip())


# ---- headings ------------------------------------------------------------------------------

def proposed(line):
    """The candidate the headings stage proposes for a line standing alone between paragraphs."""
    text = f"Some text before it.\n\n{line}\n\nA body paragraph follows the line here.\n"
    ctx = make_key_context(text, Options())
    paragraphs, _ = find_paragraphs(text, Options(), ctx)
    cands = [c for c in propose_headings(text, paragraphs, ctx) if c.para == 1]
    return cands[0] if cands else None


@pytest.mark.parametrize("style, example", _params(STYLES, "examples"))
def test_heading_style_examples_are_proposed_with_number_and_title(style, example):
    line, number, title = example
    c = proposed(line)
    assert c is not None, line
    assert (c.style, c.number, c.title) == (style.id, number, title)


@pytest.mark.parametrize("style, line", _params(STYLES, "counter_examples"))
def test_heading_style_counter_examples_are_not_proposed_as_that_style(style, line):
    c = proposed(line)
    assert c is None or c.style != style.id or (c.style == "plain" and style.id != "plain"), (c and c.style)


@pytest.mark.parametrize("part, example", _params(PART_LINES, "examples"))
def test_part_line_examples_state_their_title(part, example):
    line, title = example
    read = part_title(part, line)
    assert read is not None and read[0] == title
    assert sum(part_title(p, line) is not None for p in PART_LINES) == 1     # one record reads each line


@pytest.mark.parametrize("part, line", _params(PART_LINES, "counter_examples"))
def test_part_line_counter_examples_are_not_that_part(part, line):
    assert part_title(part, line) is None


@pytest.mark.parametrize("example", CLAUSE.examples, ids=lambda e: e[0][:30])
def test_clause_examples(example):
    line, number, _ = example
    m = CONV.clause.match(line)
    assert m and m.group("num") == number


@pytest.mark.parametrize("line", CLAUSE.counter_examples)
def test_clause_counter_examples(line):
    assert CONV.clause.match(line) is None


@pytest.mark.parametrize("rule, line", [(r, ex) for r in NOT_TITLES for ex in r.examples],
                         ids=lambda v: v if isinstance(v, str) else v.id)
def test_not_title_examples(rule, line):
    assert re.match(rule.pattern, line)


@pytest.mark.parametrize("lang, line", [(lang, ex) for lang in LANGUAGES for ex in lang.examples],
                         ids=lambda v: v if isinstance(v, str) else v.code)
def test_language_heading_examples_are_proposed(lang, line):
    """Each language's example headings are read by some style (keywords of that language)."""
    assert _numbered(line, 0, CONV, True, loose=False) is not None or any(
        re.fullmatch(s.pattern, line) for s in STYLES if s.numbering == "none"), line


def test_every_tuning_threshold_is_named_and_documented():
    """Thresholds live in conventions/tuning.py as named fields with a comment giving the reason."""
    import inspect
    source = inspect.getsource(tuning)
    for record in (tuning.HEADINGS, tuning.FURNITURE, tuning.ALIGN, tuning.MATCH, tuning.PASSAGES, tuning.BOXES,
                   tuning.OCR, tuning.HISTORY, tuning.MARKUP):
        for f in fields(record):
            line = next(ln for ln in source.splitlines() if re.match(rf"\s+{f.name}:", ln))
            assert "#" in line, f"{type(record).__name__}.{f.name} has no reason"
