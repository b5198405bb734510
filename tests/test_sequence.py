"""Alignment of id sequences in linear memory (the paragraph-level diff of a section of 100,000
paragraphs once took 1.3 GB): the bounded paths give a complete, correct alignment."""
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from docdiff.diffing import sequence
from docdiff.diffing.compare import compare_texts


def _check(a, b, ops):
    ops = list(ops)
    i = j = 0
    for op in ops:                       # contiguous, complete, and "equal" really is equal
        assert (op.src_start, op.dest_start) == (i, j)
        if op.tag == "equal":
            assert list(a[op.src_start:op.src_end]) == list(b[op.dest_start:op.dest_end])
        i, j = op.src_end, op.dest_end
    assert (i, j) == (len(a), len(b))
    return sum(op.src_end - op.src_start for op in ops if op.tag == "equal")


@settings(max_examples=examples(300))
@given(st.lists(st.integers(0, 30), max_size=60), st.lists(st.integers(0, 30), max_size=60),
       st.sampled_from([0, 1, 50, 10**9]))
def test_opcodes_cover_both_sequences_on_every_path(a, b, max_cells):
    kept = _check(a, b, sequence.opcodes(a, b, max_cells=max_cells))
    exact = _check(a, b, sequence.opcodes(a, b))          # the exact LCS
    assert kept <= exact


def test_a_long_run_of_unique_paragraphs_aligns_exactly_through_anchors():
    a = list(range(5000))
    b = [x for x in a if x % 97] + [9999]
    ops = list(sequence.opcodes(a, b, max_cells=10_000))
    assert _check(a, b, ops) == len(b) - 1               # every kept paragraph found
    assert sum(op.src_end - op.src_start for op in ops if op.tag == "delete") == 5000 - (len(b) - 1)


def test_many_short_paragraphs_give_the_same_diff_with_a_tiny_matrix(monkeypatch):
    old = "".join(f"p{i} x.\n\n" for i in range(3000))
    new = "".join(f"p{i} x.\n\n" for i in range(3000) if i % 97)
    full = [(c.kind, c.old.text) for c in compare_texts(old, new).changes]
    monkeypatch.setattr(sequence, "opcodes", lambda a, b, max_cells=0, _f=sequence.opcodes: _f(a, b, 1000))
    bounded = [(c.kind, c.old.text) for c in compare_texts(old, new).changes]
    assert bounded == full and len(full) == 31
