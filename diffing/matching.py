"""Content matching: which paragraphs of the old version are found in the new one, wherever they are.

Content comes first, structure after. Before any section is paired, paragraphs are matched across
the whole documents, and the characters each old section shares with each new section (its
*flows*) are the first evidence of the section pairing. Cheapest evidence first, as patience and
histogram diffs anchor on unique lines: equal paragraphs (every copy of a paragraph that occurs a
few times, so that duplicated text cannot decide on its own where a section went), then sentences
that occur once in each version (an edited or re-split paragraph keeps most of them), then
similar paragraphs that share rare words (a paragraph edited throughout). Once sections are
paired, the same matching, one to one, among the paragraphs left over by each pair's own diff,
finds the passages that moved.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import Indel

from . import sequence
from .conventions.tuning import MATCH, MatchTuning
from .model import Section, SectionPair
from .tokens import MARKER_KEY

_SENTENCE = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")
_WORDS = re.compile(r"[^\W_]{4,}")
IN_PAIR_PREFERENCE = 1.5   # a passage found in its own section's partner is rather edited there than moved
MAX_COPIES = 3          # a paragraph found more often than this is boilerplate: it says nothing of where text went


@dataclass(frozen=True, slots=True)
class Unit:
    """A body paragraph, in document order: its section, its place there and its key."""

    section: int
    para: int
    key: str


@dataclass(frozen=True, slots=True)
class Match:
    """Old unit `old` is found as new unit `new`: `chars` characters of it (all of them when exact)."""

    old: int
    new: int
    chars: int
    exact: bool


def section_units(sections: Sequence[Section]) -> list[Unit]:
    return [Unit(s.index, k, p.key) for s in sections for k, p in enumerate(s.paragraphs)]


def _eligible(key: str, tuning: MatchTuning) -> bool:
    """Short paragraphs and bare markers recur by chance: they anchor nothing."""
    return len(key) >= tuning.min_paragraph_chars and key.replace(MARKER_KEY, "").strip() != ""


def content_flows(old: list[Unit], new: list[Unit], tuning: MatchTuning = MATCH) -> dict[tuple[int, int], int]:
    """Characters each old section shares with each new section, for the section pairing."""
    flows: dict[tuple[int, int], int] = defaultdict(int)
    where_new: dict[str, list[int]] = defaultdict(list)
    for j, u in enumerate(new):
        where_new[u.key].append(j)
    count_old = Counter(u.key for u in old)
    found_old, found_new = set(), set()
    for i, u in enumerate(old):
        copies = where_new.get(u.key)
        if not copies or not _eligible(u.key, tuning) or count_old[u.key] > MAX_COPIES or len(copies) > MAX_COPIES:
            continue
        for j in copies:
            flows[(u.section, new[j].section)] += len(u.key)
            found_new.add(j)
        found_old.add(i)
    # between two unique paragraphs kept in order, as many paragraphs on each side: edited in place
    anchors = [(-1, -1)] + _patience(old, new, found_old, count_old, where_new) + [(len(old), len(new))]
    in_place = edited_in_place(old, new, _gaps(anchors), tuning)
    for m in in_place:
        flows[(old[m.old].section, new[m.new].section)] += m.chars
        found_old.add(m.old)
        found_new.add(m.new)
    rest_old = [i for i in range(len(old)) if i not in found_old]
    rest_new = [j for j in range(len(new)) if j not in found_new]
    for m in match_leftovers(old, new, rest_old, rest_new, tuning, exact=False):
        flows[(old[m.old].section, new[m.new].section)] += m.chars
    return dict(flows)


def _patience(old: list[Unit], new: list[Unit], found_old, count_old, where_new) -> list[tuple[int, int]]:
    """Paragraphs found exactly once in each version, the longest run of them kept in order (the
    anchors of a patience diff)."""
    pairs = [(i, where_new[old[i].key][0]) for i in sorted(found_old)
             if count_old[old[i].key] == 1 and len(where_new[old[i].key]) == 1]
    return [pairs[k] for k in sequence.longest_increasing([j for _, j in pairs])]


def _gaps(anchors: list[tuple[int, int]]) -> list[tuple[range, range]]:
    """The stretches between consecutive anchors, on each side (the ends of the documents are anchors)."""
    out = []
    for (i1, j1), (i2, j2) in pairwise(anchors):
        if i2 - i1 > 1 or j2 - j1 > 1:
            out.append((range(i1 + 1, i2), range(j1 + 1, j2)))
    return out


def edited_in_place(old: list[Unit], new: list[Unit], gaps, tuning: MatchTuning = MATCH) -> list[Match]:
    """In each gap (old units, new units) holding as many units on both sides, the k-th old against
    the k-th new: a pair at least `in_place_similarity` alike is one paragraph edited in place."""
    out = []
    for olds, news in gaps:
        if len(olds) != len(news):
            continue
        for i, j in zip(olds, news):
            a, b = old[i].key, new[j].key
            if min(len(a), len(b)) < tuning.min_paragraph_chars:
                continue
            distance = Indel.distance(a, b, score_cutoff=int((1 - tuning.in_place_similarity) * (len(a) + len(b))))
            if distance <= (1 - tuning.in_place_similarity) * (len(a) + len(b)):
                out.append(Match(i, j, (len(a) + len(b) - distance) // 2, False))
    return out


def match_leftovers(old: list[Unit], new: list[Unit], rest_old: list[int], rest_new: list[int],
                    tuning: MatchTuning = MATCH, *, exact: bool = True, partner: dict[int, int] | None = None
                    ) -> list[Match]:
    """One-to-one matches among the given units: equal paragraphs found once among them (with
    `exact`), then shared unique sentences, then similar paragraphs (without `exact`, for the
    section flows, also one mostly kept inside the other). With `partner` (old section -> new
    section), a candidate inside a section pair outweighs an equal one elsewhere."""
    matches: list[Match] = []
    if exact:
        matches = _unique_equal(old, new, rest_old, rest_new, tuning)
        taken_o, taken_n = {m.old for m in matches}, {m.new for m in matches}
        rest_old = [i for i in rest_old if i not in taken_o]
        rest_new = [j for j in rest_new if j not in taken_n]
    by_sentence = _by_sentences(old, new, rest_old, rest_new, tuning, partner)
    taken_o, taken_n = {m.old for m in by_sentence}, {m.new for m in by_sentence}
    rest_old = [i for i in rest_old if i not in taken_o]
    rest_new = [j for j in rest_new if j not in taken_n]
    return matches + by_sentence + _similar(old, new, rest_old, rest_new, tuning, partner, containment=not exact)


def _unique_equal(old, new, rest_old, rest_new, tuning: MatchTuning) -> list[Match]:
    count_o = Counter(old[i].key for i in rest_old)
    where_n: dict[str, list[int]] = defaultdict(list)
    for j in rest_new:
        where_n[new[j].key].append(j)
    out = []
    for i in rest_old:
        key = old[i].key
        js = where_n.get(key)
        if js and len(js) == 1 and count_o[key] == 1 and _eligible(key, tuning):
            out.append(Match(i, js[0], len(key), True))
    return out


def _sentences(key: str, tuning: MatchTuning) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(key) if len(s.strip()) >= tuning.min_sentence_chars]


def _by_sentences(old, new, rest_old, rest_new, tuning: MatchTuning, partner=None) -> list[Match]:
    """Paragraphs sharing sentences that occur once in each side's unmatched text: each old
    paragraph goes to the new one holding most of its sentences."""
    if not rest_old or not rest_new:
        return []
    so: dict[str, list[int]] = defaultdict(list)
    sn: dict[str, list[int]] = defaultdict(list)
    for i in rest_old:
        for s in _sentences(old[i].key, tuning):
            so[s].append(i)
    for j in rest_new:
        for s in _sentences(new[j].key, tuning):
            sn[s].append(j)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for s, olds in so.items():
        news = sn.get(s)
        if news and len(olds) == 1 and len(news) == 1:
            shared[(olds[0], news[0])] += len(s)
    return _one_to_one(shared, old, new, partner)


def _similar(old, new, rest_old, rest_new, tuning: MatchTuning, partner=None, containment: bool = False
             ) -> list[Match]:
    """Paragraphs edited throughout: candidates share rare words, the best similar one is kept."""
    long_old = [i for i in rest_old if len(old[i].key) >= tuning.move_min_chars]
    long_new = [j for j in rest_new if len(new[j].key) >= tuning.move_min_chars]
    if not long_old or not long_new:
        return []
    posting: dict[str, list[int]] = defaultdict(list)
    for j in long_new:
        for w in dict.fromkeys(_WORDS.findall(new[j].key.casefold())):
            posting[w].append(j)
    scores: dict[tuple[int, int], int] = {}
    for i in long_old:
        hits: Counter = Counter()
        for w in dict.fromkeys(_WORDS.findall(old[i].key.casefold())):
            plist = posting.get(w)
            if plist and len(plist) <= tuning.rare_word_max_df:
                hits.update(plist)
        a = old[i].key
        # most shared rare words first, ties by position: never by hash order (the same run must
        # give the same diff every time)
        for j, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:tuning.fuzzy_candidates]:
            b = new[j].key
            lcs = (len(a) + len(b) - Indel.distance(a, b)) / 2
            # similar throughout, or the one mostly kept inside the other (extended, cut down)
            if 2 * lcs / (len(a) + len(b)) >= tuning.fuzzy_min_similarity or \
                    (containment and lcs >= tuning.fuzzy_containment * min(len(a), len(b))):
                scores[(i, j)] = int(lcs)
    return _one_to_one(scores, old, new, partner)


def _one_to_one(weights: dict[tuple[int, int], int], old, new, partner=None) -> list[Match]:
    """Greedy one-to-one choice, heaviest first (a candidate inside a section pair first; ties:
    the nearer pair)."""
    out, used_old, used_new = [], set(), set()
    n_old, n_new = max(1, len(old)), max(1, len(new))

    def order(kv):
        (i, j), w = kv
        inside = partner is not None and partner.get(old[i].section) == new[j].section
        return (-(w * IN_PAIR_PREFERENCE if inside else w), abs(i / n_old - j / n_new))

    for (i, j), w in sorted(weights.items(), key=order):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.append(Match(i, j, w, False))
    return out


def _reparagraphed(a: list[str], b: list[str], tuning: MatchTuning) -> bool:
    """The same text cut into paragraphs differently: the joined keys of each side are (nearly) one."""
    ja, jb = " ".join(a), " ".join(b)
    if ja == jb:
        return True
    limit = (1 - tuning.in_place_similarity) * (len(ja) + len(jb))
    return Indel.distance(ja, jb, score_cutoff=int(limit)) <= limit


def unmatched_in_pairs(old: list[Unit], new: list[Unit], pairs: Sequence[SectionPair], tuning: MatchTuning = MATCH
                       ) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """The units each section pair's own paragraph alignment leaves over, less those edited in
    place (and every unit of an unpaired section): the only ones that can have moved. And the
    (old, new) units it placed one to one, equal or edited in place, in order: the fixed points
    of the pairs (units split or joined where they stand are kept, but are no one-to-one pair)."""

    by_old: dict[int, list[int]] = defaultdict(list)
    by_new: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(old):
        by_old[u.section].append(i)
    for j, u in enumerate(new):
        by_new[u.section].append(j)
    rest_old: list[int] = []
    rest_new: list[int] = []
    placed: list[tuple[int, int]] = []
    for p in pairs:
        uo = by_old.get(p.old, []) if p.old is not None else []
        un = by_new.get(p.new, []) if p.new is not None else []
        if p.old is None or p.new is None:
            rest_old += uo
            rest_new += un
            continue
        ids: dict[str, int] = {}
        a = [ids.setdefault(old[i].key, len(ids)) for i in uo]
        b = [ids.setdefault(new[j].key, len(ids)) for j in un]
        kept_o, kept_n = set(), set()
        gaps, gap = [], None
        for op in sequence.opcodes(a, b):
            if op.tag == "equal":
                kept_o.update(uo[op.src_start:op.src_end])
                kept_n.update(un[op.dest_start:op.dest_end])
                placed += zip(uo[op.src_start:op.src_end], un[op.dest_start:op.dest_end])
                gap = None
            elif gap is None:
                gap = [op.src_start, op.src_end, op.dest_start, op.dest_end]
                gaps.append(gap)
            else:
                gap[1], gap[3] = op.src_end, op.dest_end
        # a paragraph edited where it stands stays with its pair: it is not a candidate move
        for m in edited_in_place(old, new, [(uo[o1:o2], un[n1:n2]) for o1, o2, n1, n2 in gaps], tuning):
            kept_o.add(m.old)
            kept_n.add(m.new)
            placed.append((m.old, m.new))
        # ... and so do paragraphs split or joined where they stand (at a page break, say)
        for o1, o2, n1, n2 in gaps:
            if o2 - o1 != n2 - n1 and o2 > o1 and n2 > n1 and _reparagraphed(
                    [old[i].key for i in uo[o1:o2]], [new[j].key for j in un[n1:n2]], tuning):
                kept_o.update(uo[o1:o2])
                kept_n.update(un[n1:n2])
        rest_old += [i for i in uo if i not in kept_o]
        rest_new += [j for j in un if j not in kept_n]
    return sorted(rest_old), sorted(rest_new), sorted(placed)
