"""Alignment of two sequences of ids (paragraphs, sections) in memory linear in their length.

rapidfuzz's exact LCS (`Indel.opcodes`) keeps a len(a)·len(b)/8-byte bit matrix: 100,000
paragraphs against 100,000 would take 1.25 GB. So the equal head and tail are cut off first (the
usual case: most of a document is unchanged), and a middle still too large for the matrix is
cut at patience anchors (ids found exactly once on each side, the longest run of them in order)
and each stretch between anchors aligned the same way; only a stretch without such anchors falls
back to Levenshtein's linear-memory alignment (Hirschberg), which is quadratic in time.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rapidfuzz.distance import Indel, Levenshtein

from .conventions.tuning import PASSAGES


class Op(NamedTuple):
    tag: str              # "equal", "insert", "delete" or "replace"
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


def opcodes(a: Sequence[int], b: Sequence[int], max_cells: int = PASSAGES.max_cells) -> Iterator[Op]:
    """The opcodes of an alignment of a with b, covering both completely, in order."""
    head = 0
    n = min(len(a), len(b))
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    if head:
        yield Op("equal", 0, head, 0, head)
    ma, mb = a[head:len(a) - tail], b[head:len(b) - tail]
    if ma or mb:
        yield from _middle(ma, mb, head, head, max_cells, depth=0)
    if tail:
        yield Op("equal", len(a) - tail, len(a), len(b) - tail, len(b))


_MAX_DEPTH = 8        # anchors inside the stretches between anchors, at most this deep


def _middle(a: Sequence[int], b: Sequence[int], oa: int, ob: int, max_cells: int, depth: int) -> Iterator[Op]:
    if not a or not b or len(a) * len(b) <= max_cells:
        for op in Indel.opcodes(a, b):
            yield Op(op.tag, op.src_start + oa, op.src_end + oa, op.dest_start + ob, op.dest_end + ob)
        return
    anchors = patience_anchors(a, b) if depth < _MAX_DEPTH else []
    if not anchors:
        for op in Levenshtein.opcodes(a, b):
            yield Op(op.tag, op.src_start + oa, op.src_end + oa, op.dest_start + ob, op.dest_end + ob)
        return
    pi = pj = 0
    for i, j in anchors + [(len(a), len(b))]:
        if i > pi or j > pj:
            yield from _middle(a[pi:i], b[pj:j], oa + pi, ob + pj, max_cells, depth + 1)
        if i < len(a):
            yield Op("equal", oa + i, oa + i + 1, ob + j, ob + j + 1)
        pi, pj = i + 1, j + 1


def patience_anchors(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int]]:
    """(i, j) of the ids found exactly once in a and once in b, the longest run of them in order."""
    ca, cb = Counter(a), Counter(b)
    where_b = {x: j for j, x in enumerate(b) if cb[x] == 1}
    pairs = [(i, where_b[x]) for i, x in enumerate(a) if ca[x] == 1 and x in where_b]
    return [pairs[k] for k in longest_increasing([j for _, j in pairs])]


def longest_increasing(values: list[int]) -> list[int]:
    """Indexes of a longest strictly increasing subsequence of values (patience sorting, n log n)."""
    tail_values: list[int] = []    # tail_values[k]: smallest last value of an increasing run of length k+1
    tails: list[int] = []          # ... and its index
    back = [-1] * len(values)
    for k, v in enumerate(values):
        n = bisect_left(tail_values, v)
        if n:
            back[k] = tails[n - 1]
        if n == len(tails):
            tail_values.append(v)
            tails.append(k)
        else:
            tail_values[n], tails[n] = v, k
    out, k = [], tails[-1] if tails else -1
    while k >= 0:
        out.append(k)
        k = back[k]
    return out[::-1]
