"""The heaviest in-order chain: the alignment primitive shared by section pairing, content
matching and paragraph anchoring."""
from __future__ import annotations


def heaviest_chain(cands: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Max-weight chain with old and new indexes both strictly increasing (weighted LIS over a
    Fenwick tree: O(n log n) for n candidate pairs)."""
    if not cands:
        return []
    cands = sorted(cands, key=lambda c: (c[0], -c[1]))
    size = max(c[1] for c in cands) + 2
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best = [0.0] * len(cands)
    prev = [-1] * len(cands)
    for k, (_, j, w) in enumerate(cands):
        # prefix max over new index < j
        v, at, x = 0.0, -1, j
        while x > 0:
            if tree_val[x] > v:
                v, at = tree_val[x], tree_idx[x]
            x -= x & -x
        best[k], prev[k] = v + w, at
        x = j + 1
        while x <= size:
            if best[k] > tree_val[x]:
                tree_val[x], tree_idx[x] = best[k], k
            x += x & -x
    k = max(range(len(cands)), key=lambda t: best[t])
    out = []
    while k >= 0:
        out.append(cands[k])
        k = prev[k]
    return out[::-1]
