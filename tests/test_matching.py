"""Content matching before any section is paired: exact paragraphs, patience anchors, edits in place."""
from __future__ import annotations

from docdiff.diffing.matching import Unit, content_flows, edited_in_place

P = ["Member states shall designate a national contact point for the exchange of information.",
     "The agency shall publish an annual report on the situation at the external borders.",
     "Operators shall keep a logbook and present it to inspectors on request without delay.",
     "This regulation shall enter into force on the twentieth day following its publication."]


def units(sections: list[list[str]]) -> list[Unit]:
    return [Unit(s, k, key) for s, paras in enumerate(sections) for k, key in enumerate(paras)]


def test_paragraphs_edited_where_they_stand_flow_to_their_partner_section():
    old = units([[P[0], P[1]], [P[2], P[3]]])
    new = units([[P[0], P[1].replace("annual", "yearly")], [P[2], P[3].replace("twentieth", "tenth")]])
    flows = content_flows(old, new)
    # the edited paragraphs (the second of each section, one after the last anchor) count too
    assert flows[(0, 0)] > len(P[0]) + 0.8 * len(P[1])
    assert flows[(1, 1)] > len(P[2]) + 0.8 * len(P[3])
    assert set(flows) == {(0, 0), (1, 1)}


def test_an_edit_in_place_needs_its_similarity_and_an_equal_count_in_the_gap():
    old, new = units([[P[1], P[2]]]), units([[P[1].replace("annual", "yearly"), P[3]]])
    found = edited_in_place(old, new, [(range(0, 2), range(0, 2))])
    assert [(m.old, m.new) for m in found] == [(0, 0)]          # P[2] -> P[3] is a replacement, not an edit
    assert edited_in_place(old, new, [(range(0, 2), range(0, 1))]) == []   # 2 against 1: no positions to trust


def _run(words: str, at: int):
    from docdiff.diffing.model import Token
    out, pos = [], at
    for w in words.split():
        out.append(Token(pos, pos + len(w), w.casefold(), False))
        pos += len(w) + 1
    return tuple(out)


def test_copies_of_a_moved_phrase_go_to_the_copy_standing_where_they_stood():
    """Mozilla's Firefox notice: ten "More details, including how to adjust your data settings"
    sub-section titles became lead-ins of their own sections' paragraphs. Paired by order, the
    copies crossed the document into other sections: seven false moves. With the texts' sizes,
    each copy goes to the least displaced copy; without them, the earliest (as before)."""
    from docdiff.diffing.moves import find_moved_text
    phrase = "more details including how to adjust your data settings for this feature"
    old_runs = [("o1", _run(phrase, 100)), ("o2", _run(phrase, 5000))]
    new_runs = [("n1", _run(phrase, 5100)), ("n2", _run(phrase, 120))]
    pairs = lambda found: sorted((old_runs[m.old_run][0], new_runs[m.new_run][0]) for m in found)  # noqa: E731
    assert pairs(find_moved_text(old_runs, new_runs, (10_000, 10_000))) == [("o1", "n2"), ("o2", "n1")]
    assert pairs(find_moved_text(old_runs, new_runs)) == [("o1", "n1"), ("o2", "n2")]
