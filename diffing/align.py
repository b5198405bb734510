"""Align stage: pair old and new sections, even when renumbered, renamed, moved or heavily edited.

Cheapest evidence first: sections identical in title and body pair by hash; the rest are scored by
title similarity (rapidfuzz) and an IDF-weighted word overlap of their bodies (an inverted index, so
unrelated sections are never compared). The heaviest chain of pairs that keeps both orders is the
in-order alignment; the remaining strong pairs are moves.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from .model import Section, SectionPair

PAIR_THRESHOLD = 0.40     # an in-order pair needs at least this score (unrelated sections of one
                          # licence share enough vocabulary to reach ~0.37; renamed ones score 0.45+)
MOVE_THRESHOLD = 0.50     # a pair out of order (a move) must be more certain
_WORDS = re.compile(r"[^\W_]+")


def align_sections(old: Sequence[Section], new: Sequence[Section]) -> tuple[SectionPair, ...]:
    """Return pairs in no particular order: paired, old-only (new=None) and new-only (old=None)."""
    fixed = _exact_pairs(old, new)
    titled = _unique_title_pairs(old, new, fixed)
    pool_old = [i for i in range(len(old)) if i not in fixed and i not in titled]
    taken_new = set(fixed.values()) | set(titled.values())
    pool_new = [j for j in range(len(new)) if j not in taken_new]
    scores = _score_pool(old, new, pool_old, pool_new) if pool_old and pool_new else {}
    # Certain pairs need no scoring: identical sections, then the same title found once on each
    # side (that skips the body comparison for the bulk of a long, lightly edited document).
    certain = [(i, j, 1.0) for i, j in fixed.items()] + [(i, j, 0.9) for i, j in titled.items()]
    scored = [(i, j, min(s, 1.0)) for (i, j), s in scores.items() if s >= PAIR_THRESHOLD]
    score_of = {(i, j): s for i, j, s in certain + scored}
    n_old, n_new = max(1, len(old)), max(1, len(new))

    # Chain weights: the number of in-order pairs counts first (the fewest moves explain the
    # change), then how little the pairs were displaced (a moved section is the one that travelled),
    # then their certainty.
    def weight(i: int, j: int, s: float) -> float:
        return 1.0 - 0.5 * abs(i / n_old - j / n_new) + 0.05 * s

    chain = heaviest_chain([(i, j, weight(i, j, s)) for i, j, s in certain + scored])
    pairs: list[SectionPair] = []
    used_old, used_new = set(), set()
    for i, j, _ in chain:
        pairs.append(SectionPair(i, j, False, round(score_of[(i, j)], 4)))
        used_old.add(i)
        used_new.add(j)
    # identical or same-titled sections outside the chain are certainly moves
    for i, j in list(fixed.items()) + list(titled.items()):
        if i not in used_old:
            pairs.append(SectionPair(i, j, True, 1.0))
            used_old.add(i)
            used_new.add(j)
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s >= MOVE_THRESHOLD and i not in used_old and j not in used_new:
            pairs.append(SectionPair(i, j, True, s))
            used_old.add(i)
            used_new.add(j)
    pairs += [SectionPair(i, None) for i in range(len(old)) if i not in used_old]
    pairs += [SectionPair(None, j) for j in range(len(new)) if j not in used_new]
    return tuple(pairs)


def _fingerprint(sec: Section) -> tuple[str, int]:
    title = sec.heading.title_key if sec.heading else "\x01preamble"
    return title, hash(tuple(p.key for p in sec.paragraphs))


def _exact_pairs(old: Sequence[Section], new: Sequence[Section]) -> dict[int, int]:
    """Sections whose title and body are identical and unique on both sides."""
    fo = Counter(_fingerprint(s) for s in old)
    fn: dict[tuple[str, int], list[int]] = defaultdict(list)
    for j, s in enumerate(new):
        fn[_fingerprint(s)].append(j)
    out = {}
    for i, s in enumerate(old):
        f = _fingerprint(s)
        if fo[f] == 1 and len(fn.get(f, ())) == 1:
            out[i] = fn[f][0]
    return out


def _unique_title_pairs(old, new, fixed: dict[int, int]) -> dict[int, int]:
    """Sections (not already paired) whose non-empty title occurs exactly once in each version."""
    fixed_new = set(fixed.values())
    to = Counter(s.heading.title_key for s in old if s.heading)
    tn = Counter(s.heading.title_key for s in new if s.heading)
    where = {s.heading.title_key: j for j, s in enumerate(new) if s.heading}
    out = {}
    for i, s in enumerate(old):
        if i in fixed or s.heading is None or not s.heading.title_key:
            continue
        t = s.heading.title_key
        if to[t] == 1 and tn.get(t) == 1 and where[t] not in fixed_new:
            out[i] = where[t]
    return out


def _bag(sec: Section) -> Counter:
    words: Counter = Counter()
    for p in sec.paragraphs:
        words.update(_WORDS.findall(p.key.casefold()))
    return words


def _score_pool(old, new, pool_old, pool_new) -> dict[tuple[int, int], float]:
    bags_old = {i: _bag(old[i]) for i in pool_old}
    bags_new = {j: _bag(new[j]) for j in pool_new}
    df: Counter = Counter()
    for b in list(bags_old.values()) + list(bags_new.values()):
        df.update(b.keys())
    n_docs = len(bags_old) + len(bags_new)
    idf = {w: math.log(1.0 + n_docs / c) for w, c in df.items()}
    mass_old = {i: sum(c * idf[w] for w, c in b.items()) for i, b in bags_old.items()}
    mass_new = {j: sum(c * idf[w] for w, c in b.items()) for j, b in bags_new.items()}
    post_old: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, b in bags_old.items():
        for w, c in b.items():
            post_old[w].append((i, c))
    overlap: dict[tuple[int, int], float] = defaultdict(float)
    cap = max(400, 8 * n_docs)   # skip only very common words in large pools; their weight is low
    for j, b in bags_new.items():
        for w, c in b.items():
            plist = post_old.get(w)
            if not plist or (len(plist) * df[w] > cap and len(plist) > 3):
                continue
            weight = idf[w]
            for i, ci in plist:
                overlap[(i, j)] += min(c, ci) * weight
    titles_old = {i: _title(old[i]) for i in pool_old}
    title_sim: dict[tuple[int, int], float] = {}
    choices = {i: t for i, t in titles_old.items() if t}
    for j in pool_new:
        t = _title(new[j])
        if not t or not choices:
            continue
        for _, sc, i in process.extract(t, choices, scorer=fuzz.token_sort_ratio, limit=8, score_cutoff=50):
            title_sim[(i, j)] = sc / 100.0
    scores = {}
    for key in set(overlap) | set(title_sim) | _preamble_pairs(old, new, pool_old, pool_new):
        i, j = key
        body = _body_similarity(overlap.get(key, 0.0), mass_old[i], mass_new[j])
        # a hair of positional preference breaks ties between identical candidates
        drift = abs(i / len(old) - j / len(new))
        scores[key] = _combine(old[i], new[j], title_sim.get(key), body) - 0.01 * drift
    return scores


def _preamble_pairs(old, new, pool_old, pool_new) -> set[tuple[int, int]]:
    if pool_old and pool_new and old[pool_old[0]].heading is None and new[pool_new[0]].heading is None:
        return {(pool_old[0], pool_new[0])}
    return set()


def _title(sec: Section) -> str:
    return sec.heading.title_key if sec.heading else ""


def _body_similarity(shared: float, a: float, b: float) -> float:
    """IDF-weighted Dice, raised towards containment when one body is mostly kept inside the other
    (a redacted or extended body), but only for bodies large enough for containment to mean much."""
    if a <= 0 or b <= 0:
        return 0.0
    dice = 2 * shared / (a + b)
    small = min(a, b)
    containment = shared / small
    damp = min(1.0, small / 60.0)
    return max(dice, 0.85 * containment * damp)


def _combine(o: Section, n: Section, title: float | None, body: float) -> float:
    if o.heading is None and n.heading is None:
        return 0.5 + 0.5 * body
    if o.heading is None or n.heading is None:
        return 0.8 * body
    if o.heading.title_key and o.heading.title_key == n.heading.title_key:
        t = 1.0
    else:
        t = title or 0.0
    if t >= 0.999:
        score = 0.55 + 0.45 * body
    else:
        score = 0.35 * t + 0.65 * body
    if o.heading.number_key and o.heading.number_key == n.heading.number_key:
        score += 0.05
    return score


def heaviest_chain(cands: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Max-weight chain with old and new indexes both strictly increasing (weighted LIS, Fenwick)."""
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
