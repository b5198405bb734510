"""Moved passages: paragraphs found elsewhere in the other version, reported from -> to.

Once sections are paired, each pair's own paragraph alignment leaves some paragraphs over on each
side. Those are matched one to one across the whole documents (content matching); a match whose
new place is in another section than its section's partner, or out of order inside its section
pair, is a passage that moved. It is reported once, as a move with its inner diff, instead of as
removed text in one place and added text in another.
"""
from __future__ import annotations

from dataclasses import dataclass

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


def find_moves(old: list[Unit], new: list[Unit], pairs: tuple[SectionPair, ...],
               tuning: MatchTuning = MATCH) -> list[PassageMove]:
    """The paragraphs that moved, in new-version order."""
    partner = {p.old: p.new for p in pairs if p.old is not None and p.new is not None}
    rest_old, rest_new = unmatched_in_pairs(old, new, pairs)
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
        if partner.get(so) == sn:
            in_pair.setdefault((so, sn), []).append(m)
        else:
            moved.append(m)
    kept_o, kept_n = _kept(old, rest_old), _kept(new, rest_new)
    for (so, sn), group in in_pair.items():
        # an edited paragraph in its place is no move: only those out of order with the rest of the pair
        placed = list(zip(kept_o.get(so, ()), kept_n.get(sn, ())))
        chain = heaviest_chain([(m.old, m.new, float(m.chars)) for m in group]
                               + [(i, j, float(len(old[i].key))) for i, j in placed])
        kept = {(i, j) for i, j, _ in chain}
        moved += [m for m in group if (m.old, m.new) not in kept]
    moved.sort(key=lambda m: m.new)
    return [PassageMove(old[m.old].section, old[m.old].para, new[m.new].section, new[m.new].para) for m in moved]


def _kept(units: list[Unit], rest: list[int]) -> dict[int, list[int]]:
    """Per section, the units its pair's own alignment kept (equal ones, in order)."""
    left = set(rest)
    out: dict[int, list[int]] = {}
    for k, u in enumerate(units):
        if k not in left:
            out.setdefault(u.section, []).append(k)
    return out


def _substantial(m: Match, old: list[Unit], new: list[Unit], tuning: MatchTuning) -> bool:
    """A move is reported for a passage of a sentence or more, most of which is found again."""
    a, b = len(old[m.old].key), len(new[m.new].key)
    if min(a, b) < tuning.move_min_chars:
        return False
    return m.exact or m.chars >= 0.5 * min(a, b)
