"""Moved passages: paragraphs found elsewhere in the other version, reported from -> to.

Once sections are paired, each pair's own paragraph alignment leaves some paragraphs over on each
side. Those are matched one to one across the whole documents (content matching); a match whose
new place is in another section than its section's partner, or out of order inside its section
pair, is a passage that moved. It is reported once, as a move with its inner diff, instead of as
removed text in one place and added text in another.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz.distance import Indel

from .chain import heaviest_chain
from .conventions.tuning import MATCH, MatchTuning
from .matching import Match, Unit, match_leftovers, unmatched_in_pairs
from .model import SectionPair


@dataclass(frozen=True, slots=True)
class PassageMove:
    old_section: int
    old_para: int
    new_section: int
    new_para: int
    in_order: bool = False      # in its place in the document: only the section boundaries around it
                                # changed (a heading added before it), so it is no move


def find_moves(old: list[Unit], new: list[Unit], pairs: tuple[SectionPair, ...],
               tuning: MatchTuning = MATCH, titles: tuple[list[str], list[str]] | None = None) -> list[PassageMove]:
    """The paragraphs that moved, in new-version order. With `titles` (each version's section
    title keys), a paragraph found in another section of its own section's title (a copy of the
    section, added whole) is the copy's own text, not a move."""
    partner = {p.old: p.new for p in pairs if p.old is not None and p.new is not None}
    rest_old, rest_new, placed = unmatched_in_pairs(old, new, pairs, tuning)
    # A paragraph left over in its own pair that has a counterpart left over in the same pair was
    # edited (or reordered) there: that explanation comes before a copy found elsewhere.
    left_o: dict[int, list[int]] = {}
    left_n: dict[int, list[int]] = {}
    for i in rest_old:
        left_o.setdefault(old[i].section, []).append(i)
    for j in rest_new:
        left_n.setdefault(new[j].section, []).append(j)
    matches: list[Match] = []
    for so, sn in partner.items():
        if so in left_o and sn in left_n:
            matches += match_leftovers(old, new, left_o[so], left_n[sn], tuning)
    taken_o, taken_n = {m.old for m in matches}, {m.new for m in matches}
    matches += match_leftovers(old, new, [i for i in rest_old if i not in taken_o],
                               [j for j in rest_new if j not in taken_n], tuning, partner=partner)
    in_pair: dict[tuple[int, int], list[Match]] = {}
    moved: list[Match] = []
    for m in matches:
        if not _substantial(m, old, new, tuning):
            continue
        so, sn = old[m.old].section, new[m.new].section
        if titles and partner.get(so) != sn and titles[0][so] and titles[0][so] == titles[1][sn]:
            continue
        if partner.get(so) == sn:
            in_pair.setdefault((so, sn), []).append(m)
        else:
            moved.append(m)
    placed_in: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j in placed:
        placed_in.setdefault((old[i].section, new[j].section), []).append((i, j))
    placed_moved: set[tuple[int, int]] = set()
    stayed: set[tuple[int, int]] = set()          # matches that stand in their place: fixed points too
    for (so, sn), group in in_pair.items():
        # An edited paragraph in its place is no move: only those out of order with the rest of the
        # pair. The fewest characters moved explain the change, so the heaviest chain of the pair's
        # matches and of the paragraphs its own alignment placed (equal, or edited in place) stays;
        # what is left out moved, a placed paragraph too: one paragraph taken past three edited ones
        # is the move, not the three. A placed paragraph too short to report as a move stays put.
        fixed = 1.0 + sum(m.chars for m in group)
        here = placed_in.get((so, sn), ())
        chain = heaviest_chain([(m.old, m.new, float(m.chars)) for m in group]
                               + [(i, j, float(len(old[i].key)) if len(old[i].key) >= tuning.move_min_chars
                                   else fixed) for i, j in here])
        kept = {(i, j) for i, j, _ in chain}
        stayed |= {(m.old, m.new) for m in group if (m.old, m.new) in kept}
        moved += [m for m in group if (m.old, m.new) not in kept]
        for i, j in here:
            if (i, j) not in kept:
                placed_moved.add((i, j))
                moved.append(Match(i, j, len(old[i].key), old[i].key == new[j].key))
    moved.sort(key=lambda m: m.new)
    in_order = _in_document_order(moved, {p for p in placed if p not in placed_moved} | stayed)
    return [PassageMove(old[m.old].section, old[m.old].para, new[m.new].section, new[m.new].para,
                        (m.old, m.new) in in_order) for m in moved]


class FixedPoints:
    """(old, new) positions that stand where they stand in both versions (kept paragraphs, or
    offsets where kept text resumes). Something at (old, new) keeps the document's order when no
    point stands before it in one version and after it in the other: it crossed nothing kept."""

    def __init__(self, points: Iterable[tuple[int, int]]):
        ordered = sorted(points)
        self.olds = [o for o, _ in ordered]
        self.before_max = list(accumulate((n for _, n in ordered), max))          # max new among points before
        self.after_min = list(accumulate((n for _, n in reversed(ordered)), min))[::-1]   # min new among after

    def in_order(self, old: int, new: int) -> bool:
        k = bisect_left(self.olds, old)
        return (k == 0 or self.before_max[k - 1] < new) and (k == len(self.olds) or self.after_min[k] > new)


def _in_document_order(moved: list[Match], placed: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The matches that keep their place in the order of the whole document: no paragraph a
    section pair kept, and no other such match, stands before them in one version and after them
    in the other. A paragraph that now stands under a heading added before it went nowhere; one
    that crossed kept text moved (footnotes taken to the end)."""
    fixed = FixedPoints(placed)
    fits = [(m.old, m.new, float(m.chars)) for m in moved if fixed.in_order(m.old, m.new)]
    return {(i, j) for i, j, _ in heaviest_chain(fits)}


def _substantial(m: Match, old: list[Unit], new: list[Unit], tuning: MatchTuning) -> bool:
    """A move is reported for a passage of a sentence or more that is, for the most part, the same
    text: a paragraph rewritten in its new place is removed here and added there."""
    a, b = old[m.old].key, new[m.new].key
    if min(len(a), len(b)) < tuning.move_min_chars:
        return False
    return m.exact or Indel.normalized_similarity(a, b) >= tuning.move_min_similarity


# ---------------------------------------------------------------------------------------------
# Moved text inside paragraphs: a sentence taken out of one paragraph and put into another


@dataclass(frozen=True, slots=True)
class TextMove:
    """Tokens old_run[i:j] of one change's old side are tokens new_run[k:l] of another change's new side."""

    old_run: int
    i: int
    j: int
    new_run: int
    k: int
    l: int      # noqa: E741 - i:j and k:l, the slice bounds of the docstring


GRAM = 6                  # word n-grams that propose a match
MIN_MOVED_WORDS = 10      # a moved passage is a long phrase: shorter common runs are stock phrases
MIN_MOVED_SHARE = 0.5     # ... and most of the removed or the added text it explains
MIN_WORD_SHARE = 0.6      # ... and ten words, or mostly words (". . . ." leaders, "http://…/relation/" are not)


def find_moved_text(old_runs: Sequence[tuple[Hashable, tuple]], new_runs: Sequence[tuple[Hashable, tuple]],
                    sizes: tuple[int, int] | None = None) -> list[TextMove]:
    """Long runs of words removed in one change and added in another (`runs` are (change id,
    tokens)); a change's own old and new sides are an edit in place, never a move. Longest first;
    among equally long runs (copies of one phrase), with `sizes` (the lengths of the two texts) the
    least displaced pair goes first, so that each copy goes to the copy standing where it stood
    (ten "More details, including how to adjust your data settings" headings made inline lead-ins
    in their own sections were paired by order, into seven false moves); then the earliest in both
    versions, so that the result mirrors when old and new swap."""
    tokens_old = [[t for t in toks if not t.marker] for _, toks in old_runs]     # the words, markers left out
    tokens_new = [[t for t in toks if not t.marker] for _, toks in new_runs]
    words_old = [[t.key for t in toks] for toks in tokens_old]
    words_new = [[t.key for t in toks] for toks in tokens_new]
    grams: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for r, ws in enumerate(words_new):
        for p in range(len(ws) - GRAM + 1):
            grams.setdefault(tuple(ws[p:p + GRAM]), []).append((r, p))
    found: dict[tuple[int, int, int, int], int] = {}
    for q, ws in enumerate(words_old):
        for p in range(len(ws) - GRAM + 1):
            for r, s in grams.get(tuple(ws[p:p + GRAM]), ()):
                wn = words_new[r]
                if old_runs[q][0] == new_runs[r][0] or (p > 0 and s > 0 and ws[p - 1] == wn[s - 1]):
                    continue          # an edit in place, or inside a run found from its first word
                n = GRAM
                while p + n < len(ws) and s + n < len(wn) and ws[p + n] == wn[s + n]:
                    n += 1
                found[(q, p, r, s)] = n
    taken_o: dict[int, list[tuple[int, int]]] = {}
    taken_n: dict[int, list[tuple[int, int]]] = {}
    out = []

    def displacement(q: int, a: int, r: int, b: int) -> float:
        if sizes is None:
            return 0.0
        start_o: int = tokens_old[q][a].start
        start_n: int = tokens_new[r][b].start
        return abs(start_o / max(1, sizes[0]) - start_n / max(1, sizes[1]))
    for (q, a, r, b), n in sorted(found.items(), key=lambda kv: (-kv[1], displacement(*kv[0]), kv[0])):
        if n < MIN_MOVED_WORDS or n < MIN_MOVED_SHARE * min(len(words_old[q]), len(words_new[r])):
            continue
        words = sum(1 for w in words_old[q][a:a + n] if any(ch.isalnum() for ch in w))
        if words < MIN_MOVED_WORDS and words < MIN_WORD_SHARE * n:
            continue          # leader dots of a contents line, the pieces of a URL: no passage moved
        if _overlaps(taken_o.get(q, ()), a, a + n) or _overlaps(taken_n.get(r, ()), b, b + n):
            continue
        taken_o.setdefault(q, []).append((a, a + n))
        taken_n.setdefault(r, []).append((b, b + n))
        out.append(TextMove(q, *_token_range(old_runs[q][1], a, n), r, *_token_range(new_runs[r][1], b, n)))
    return out


def _overlaps(ranges, a: int, b: int) -> bool:
    return any(a < y and x < b for x, y in ranges)


def _token_range(tokens: tuple, first_word: int, n: int) -> tuple[int, int]:
    """Token indexes [i, j) of the n words from word first_word on (markers are not words)."""
    idx = [k for k, t in enumerate(tokens) if not t.marker]
    return idx[first_word], idx[first_word + n - 1] + 1
