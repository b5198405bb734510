"""Align stage: pair old and new sections from where their content went, with titles as evidence.

The content matching stage found which paragraphs of each old section are in which new section;
those flows are the first evidence. Titles and numbers weigh in, never as an override: a title
match that both bodies contradict (each clearly went elsewhere) loses. Sections rewritten beyond
paragraph matches are compared by an IDF-weighted word overlap of their bodies. The heaviest chain
of pairs that keeps both orders is the in-order alignment; strong pairs outside it are moves; then
sections left between paired neighbours pair by position and body, and parents pair through their
paired children. Heading style never matters: numbers are compared by value, titles without them.
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz import fuzz, process

from . import sequence
from .chain import heaviest_chain
from .conventions.tuning import ALIGN, AlignTuning
from .model import Section, SectionPair
from .tokens import MARKER_KEY

_WORDS = re.compile(r"[^\W_]+")
SETTLED_BODY = 0.8          # a mutual best content partner this similar needs no other evidence
SETTLED_SAME_TITLE = 0.4    # ... nor one this similar under the same title
BACKGROUND_MIN_PAIRS = 20  # fewer compared pairs say nothing of the background
BAG_MIN = 0.1               # weaker word overlap than this cannot make a pair: not kept


def align_sections(old: Sequence[Section], new: Sequence[Section], flows: dict[tuple[int, int], int],
                   tuning: AlignTuning = ALIGN) -> tuple[SectionPair, ...]:
    """Return pairs in no particular order: paired, old-only (new=None) and new-only (old=None)."""
    same = _identical_in_order(old, new)
    same_new = set(same.values())
    size_o = [_body_chars(s) for s in old]
    size_n = [_body_chars(s) for s in new]
    body: dict[tuple[int, int], float] = {
        (i, j): _body_similarity(f, size_o[i], size_n[j], tuning, _title(old[i]) == _title(new[j]))
        for (i, j), f in flows.items() if i not in same and j not in same_new}
    settled_o, settled_n = _settled(body, old, new)
    settled_o |= set(same)
    settled_n |= same_new
    open_o = [i for i in range(len(old)) if i not in settled_o]
    open_n = [j for j in range(len(new)) if j not in settled_n]
    bags = _bag_similarity(old, new, open_o, open_n, tuning)
    for key, value in bags.items():
        if value >= BAG_MIN and value > body.get(key, 0.0):
            body[key] = value
    # what unrelated sections of this pair of documents share anyway (the vocabulary of one law or
    # licence): a positional pair must show clearly more than that
    if len(bags) >= BACKGROUND_MIN_PAIRS:
        gap_min = max(tuning.gap_fill_min, tuning.gap_fill_background * statistics.median(bags.values()))
    else:
        gap_min = tuning.gap_fill_lone           # too few sections to know the background

    titles = _title_similarity(old, new, open_o, open_n, tuning)
    twice = _titles_twice(old, new)
    for key, t in titles.items():
        if t >= 0.999 and key not in body and _title(old[key[0]]) in twice:
            # a section and its copy under one title, the matching having sent the shared text to
            # one of them: the sentences each body keeps decide, so that order can choose
            body[key] = _shared_sentences(old[key[0]], new[key[1]])
    best_o, best_n = _best_partners(body)
    # a provision repealed under its number pairs with its stub before bodies are weighed: a
    # neighbour sharing a few words of the stub's old text is no better partner
    for i, j in _stub_pairs(old, new, open_o, open_n):
        same[i] = j
        same_new.add(j)
    scores: dict[tuple[int, int], float] = {}
    n_old, n_new = max(1, len(old)), max(1, len(new))
    for key in sorted(set(body) | set(titles) | _preamble_pairs(old, new)):
        i, j = key
        if i in same or j in same_new:
            continue
        b = body.get(key, 0.0)
        s = _combine(old[i], new[j], titles.get(key), b, tuning)
        if b < 0.2 and titles.get(key, 0.0) > 0 and (
                (best_o.get(i, (None, 0.0))[1] >= 0.5 and best_o[i][0] != j)
                or (best_n.get(j, (None, 0.0))[1] >= 0.5 and best_n[j][0] != i)):
            s *= tuning.contradiction          # the title says yes, both bodies went elsewhere
        scores[key] = s - 0.01 * abs(i / n_old - j / n_new)   # a hair of positional preference for ties
    cands = _undominated([(i, j, s) for (i, j), s in scores.items() if s >= tuning.pair_threshold], tuning)
    cands += [(i, j, 1.0) for i, j in same.items()]

    # Chain weights: the number of in-order pairs counts first (the fewest moves explain the
    # change), then how little the pairs were displaced (a moved section is the one that travelled),
    # then their size (of two swapped sections, the smaller one moved), then their certainty. All
    # of them symmetric in old and new, so that the orientation of the comparison never decides.
    chars = max(1, sum(size_o) + sum(size_n))

    def weight(i: int, j: int, s: float) -> float:
        return (1.0 - tuning.displacement_weight * abs(i / n_old - j / n_new)
                + tuning.size_weight * (size_o[i] + size_n[j]) / chars
                + tuning.certainty_weight * min(s, 1.0 + tuning.number_bonus))   # the same number breaks a tie

    chain = heaviest_chain([(i, j, weight(i, j, s)) for i, j, s in cands])
    pair_of_old: dict[int, tuple[int, bool]] = {i: (j, False) for i, j, _ in chain}
    used_new = {j for _, j, _ in chain}
    for i, j, s in sorted(cands, key=lambda c: (-c[2], c[0], c[1])):
        if s >= tuning.move_threshold and i not in pair_of_old and j not in used_new:
            pair_of_old[i] = (j, True)
            used_new.add(j)
    _fill_gaps(old, new, chain, pair_of_old, used_new, scores, gap_min, tuning.gap_fill_min, titles)
    _pair_parents(old, new, pair_of_old, used_new)
    _split_into_children(old, new, pair_of_old, used_new)
    pairs = [SectionPair(i, j, moved) for i, (j, moved) in pair_of_old.items()]
    pairs += [SectionPair(None, j) for j in range(len(new)) if j not in used_new]
    pairs += [SectionPair(i, None) for i in range(len(old)) if i not in pair_of_old]
    return tuple(pairs)


def _undominated(cands: list[tuple[int, int, float]], tuning: AlignTuning) -> list[tuple[int, int, float]]:
    """Drop a candidate pair whose sections both have a clearly better partner elsewhere, or one
    of which has a clearly better partner that returns the preference: otherwise a weak pair kept
    in order would block the strong pairs of a moved section (order is counted first)."""
    best_o: dict[int, tuple[float, int]] = {}
    best_n: dict[int, tuple[float, int]] = {}
    for i, j, s in cands:
        if s > best_o.get(i, (-1.0, -1))[0]:
            best_o[i] = (s, j)
        if s > best_n.get(j, (-1.0, -1))[0]:
            best_n[j] = (s, i)
    m = tuning.dominance_margin

    def better(best, key, other, s):
        b, partner = best.get(key, (-1.0, -1))
        return partner != other and b >= s + m, partner

    out = []
    for i, j, s in cands:
        row, j2 = better(best_o, i, j, s)
        col, i2 = better(best_n, j, i, s)
        mutual_row = row and best_n.get(j2, (0, -1))[1] == i
        mutual_col = col and best_o.get(i2, (0, -1))[1] == j
        if (row and col) or mutual_row or mutual_col:
            continue
        out.append((i, j, s))
    return out


def _identical_in_order(old: Sequence[Section], new: Sequence[Section]) -> dict[int, int]:
    """Sections identical in heading and body, in the same order: pairs that need no evidence, as
    equal lines need none in a line diff. Not for a title found twice in a version (a section and
    its copy): which of them is the section's partner is for order and position to decide."""
    twice = _titles_twice(old, new)
    ids: dict[tuple, int] = {}

    def key(s: Section, side: str):
        return ("\x00twice", side, s.index) if _title(s) in twice and _title(s) else _fingerprint(s)
    a = [ids.setdefault(key(s, "old"), len(ids)) for s in old]
    b = [ids.setdefault(key(s, "new"), len(ids)) for s in new]
    out = {}
    for op in sequence.opcodes(a, b):
        if op.tag == "equal":
            for d in range(op.src_end - op.src_start):
                out[op.src_start + d] = op.dest_start + d
    return out


def _fingerprint(sec: Section) -> tuple:
    h = sec.heading
    head = (h.number_key, h.title_key, h.case_key) if h else None
    return head, tuple(p.key for p in sec.paragraphs)


def _body_chars(sec: Section) -> int:
    return sum(len(p.key) for p in sec.paragraphs)


def _settled(body: dict[tuple[int, int], float], old, new) -> tuple[set[int], set[int]]:
    """Sections whose mutual best content partner is nearly identical, or clearly related and of
    the same title: nothing else to compare."""
    best_o, best_n = _best_partners(body)
    so, sn = set(), set()
    for i, (j, b) in best_o.items():
        if best_n.get(j, (None, 0))[0] != i:
            continue
        if b >= SETTLED_BODY or (b >= SETTLED_SAME_TITLE and _title(old[i]) and _title(old[i]) == _title(new[j])):
            so.add(i)
            sn.add(j)
    return so, sn


def _best_partners(body: dict[tuple[int, int], float]):
    best_o: dict[int, tuple[int, float]] = {}
    best_n: dict[int, tuple[int, float]] = {}
    for (i, j), b in body.items():
        if b > best_o.get(i, (None, -1.0))[1]:
            best_o[i] = (j, b)
        if b > best_n.get(j, (None, -1.0))[1]:
            best_n[j] = (i, b)
    return best_o, best_n


def _body_similarity(shared: float, a: float, b: float, tuning: AlignTuning, same_title: bool = True) -> float:
    """Dice, raised towards containment when one body is mostly kept inside the other (a redacted
    or extended body), but only for bodies large enough for containment to mean much: larger
    under unlike titles, where nothing else speaks for the pair."""
    if a <= 0 or b <= 0:
        return 0.0
    dice = 2 * shared / (a + b)
    small = min(a, b)
    containment = min(1.0, shared / small)
    damp = min(1.0, small / (tuning.containment_min_chars if same_title else tuning.containment_min_chars_unlike))
    return min(1.0, max(dice, tuning.containment_factor * containment * damp))


def _titles_twice(old, new) -> set[str]:
    """Titles found more than once in a version: a section and its copy."""
    count = Counter(_title(s) for s in old) | Counter(_title(s) for s in new)
    return {t for t, n in count.items() if t and n > 1}


_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")


def _shared_sentences(o: Section, n: Section) -> float:
    """Dice of the sentences two bodies hold (characters of the sentences both have)."""
    def sentences(sec):
        return {m.group().strip() for p in sec.paragraphs for m in _SENTENCE.finditer(p.key) if len(m.group()) > 20}
    a, b = sentences(o), sentences(n)
    total = sum(map(len, a)) + sum(map(len, b))
    return 2 * sum(len(x) for x in a & b) / total if total else 0.0


def _bag(sec: Section) -> Counter:
    words: Counter = Counter()
    for p in sec.paragraphs:
        words.update(_WORDS.findall(p.key.casefold()))
    return words


def _bag_similarity(old, new, pool_old, pool_new, tuning: AlignTuning) -> dict[tuple[int, int], float]:
    """IDF-weighted word overlap of section bodies, through an inverted index (unrelated sections
    are never compared): the evidence for sections rewritten beyond paragraph matches."""
    if not pool_old or not pool_new:
        return {}
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
    return {(i, j): _body_similarity(v, mass_old[i], mass_new[j], tuning) for (i, j), v in overlap.items()}


def _title(sec: Section) -> str:
    return sec.heading.title_key if sec.heading else ""


def _title_similarity(old, new, open_o, open_n, tuning: AlignTuning) -> dict[tuple[int, int], float]:
    """1.0 for the same title; a fuzzy score (rapidfuzz) between the titles of unsettled sections."""
    out: dict[tuple[int, int], float] = {}
    where: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(new):
        if _title(s):
            where[_title(s)].append(j)
    for i, s in enumerate(old):
        for j in where.get(_title(s), ()):
            out[(i, j)] = 1.0
    choices = {i: _title(old[i]) for i in open_o if _title(old[i])}
    if not choices:
        return out
    for j in open_n:
        t = _title(new[j])
        if not t:
            continue
        # token_set_ratio (C++) finds the candidates, a contained title among them; then each is rescored
        for cand, _, i in process.extract(t, choices, scorer=fuzz.token_set_ratio, limit=tuning.title_candidates,
                                          score_cutoff=tuning.title_cutoff):
            sc = _title_score(t, cand)
            if sc >= tuning.title_cutoff:
                out.setdefault((i, j), sc / 100.0)
    return out


def _title_score(a: str, b: str) -> float:
    """token_sort_ratio, except that a title of two or more words found whole inside the other
    ("Terms and Conditions" in "Terms and Conditions for Copying, Distribution and Modification")
    scores as a strong resemblance, one title split into words otherwise ("PEP Work Flow" ->
    "PEP Workflow") is the same title, and two titles with no word in common (a spelling variant
    counts: SAME_WORD) do not resemble, whatever letters they share ("half-closed (remote)" and
    "Send Stream States" scored 50)."""
    if a.replace(" ", "") == b.replace(" ", ""):
        return 100.0
    wa, wb = set(a.split()), set(b.split())
    if not any(fuzz.ratio(x, y) >= SAME_WORD for x in wa for y in wb if len(x) > 2 and len(y) > 2):
        return 0.0
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(small) >= 2 and small <= large:
        return max(CONTAINED_TITLE, fuzz.token_sort_ratio(a, b))
    return fuzz.token_sort_ratio(a, b)


CONTAINED_TITLE = 85.0
SAME_WORD = 80.0          # two words this alike (rapidfuzz ratio) are one word spelled two ways


def _stub_pairs(old, new, open_o, open_n) -> list[tuple[int, int]]:
    """Unsettled sections under the same number (keyword and value: "§ 56"), the number found once
    among them on each side, one of which is a stub, a heading over no text but a dash and no
    sub-sections: a law repeals "§ 56 Genehmigungen …" as "§ 56 (weggefallen)", and the number is
    the provision's identity. (Where the text went elsewhere, that section settled the pair first,
    and a moved paragraph is reported as moved.)"""
    where_o: dict[tuple, list[int]] = defaultdict(list)
    where_n: dict[tuple, list[int]] = defaultdict(list)
    for i in open_o:
        if (ident := _number_identity(old[i])) is not None:
            where_o[ident].append(i)
    for j in open_n:
        if (ident := _number_identity(new[j])) is not None:
            where_n[ident].append(j)
    return [(is_[0], where_n[k][0]) for k, is_ in where_o.items()
            if len(is_) == 1 and len(where_n.get(k, ())) == 1 and (_stub(old, is_[0]) or _stub(new, where_n[k][0]))]


def _number_identity(sec: Section) -> tuple | None:
    h = sec.heading
    if h is None or not h.number_key:
        return None
    word = h.number.split()[0].casefold() if " " in h.number.strip() else ""
    return word, h.number_key


def _stub(secs, k: int) -> bool:
    """A heading standing alone: no text (a dash at most) and no sub-sections."""
    h = secs[k].heading
    if h is None or any(any(ch.isalnum() for ch in p.key) for p in secs[k].paragraphs):
        return False
    nxt = secs[k + 1].heading if k + 1 < len(secs) else None
    return nxt is None or nxt.level <= h.level


def _preamble_pairs(old, new) -> set[tuple[int, int]]:
    if old and new and old[0].heading is None and new[0].heading is None:
        return {(0, 0)}
    return set()


def _withheld(sec: Section) -> bool:
    """A body that is nothing but redaction markers: withheld, so it cannot speak against a pair."""
    return bool(sec.paragraphs) and all(not p.key.replace(MARKER_KEY, "").strip(" .*_") for p in sec.paragraphs)


def _combine(o: Section, n: Section, title: float | None, body: float, tuning: AlignTuning) -> float:
    if o.heading is None and n.heading is None:
        return 0.5 + 0.5 * body
    if o.heading is None or n.heading is None:
        return 0.8 * body
    t = 1.0 if o.heading.title_key and o.heading.title_key == n.heading.title_key else (title or 0.0)
    if _withheld(o) or _withheld(n):
        # the body was withheld in one version: the title is all the evidence there is
        score = max(t * tuning.withheld_title_weight, tuning.title_weight * t + (1 - tuning.title_weight) * body)
    elif t >= 0.999:
        score = tuning.same_title_base + (1 - tuning.same_title_base) * body
    else:
        score = tuning.title_weight * t + (1 - tuning.title_weight) * body
    if o.heading.number_key and o.heading.number_key == n.heading.number_key:
        score += tuning.number_bonus
    return score


def _fill_gaps(old, new, chain, pair_of_old, used_new, scores, gap_min: float, floor: float,
               titles: dict[tuple[int, int], float]) -> None:
    """Sections left unpaired between two paired neighbours pair in order, by position and body,
    when something beyond position speaks for them: a run of two or more in-order pairs each
    above `floor` support one another (GPL-2's untitled clauses against GPL-3's sections); a lone
    pair must stand out from what unrelated sections of the pair share (`gap_min`), and so must
    every pair of two titled sections whose titles are unlike: a renamed section pairs when its
    content says so, not its place (GitHub ToS 2019 -> 2020: the new "J. Beta Previews" and its
    sub-sections took the place of the removed "J." and "K." and theirs, sharing only the
    vocabulary of the terms)."""
    bounds = [(-1, -1)] + [(i, j) for i, j, _ in chain] + [(len(old), len(new))]
    for (i1, j1), (i2, j2) in pairwise(bounds):
        gap_o = [i for i in range(i1 + 1, i2) if i not in pair_of_old]
        gap_n = [j for j in range(j1 + 1, j2) if j not in used_new]
        if not gap_o or not gap_n:
            continue
        in_step = _numbered_in_step(old, new, gap_o, gap_n, ((i1, j1), (i2, j2)))
        cands = []
        for i in gap_o:
            for j in gap_n:
                s = scores.get((i, j), 0.0)
                lone = len(gap_o) == 1 and len(gap_n) == 1
                # one section left on each side, in the same place and empty on both sides or under
                # the same number: the section rewritten in place. (A number alone, among several
                # candidates, proves nothing: laws reuse the numbers of repealed sections.)
                same_number = bool(old[i].heading and new[j].heading and old[i].heading.number_key
                                   and old[i].heading.number_key == new[j].heading.number_key)
                renamed = bool(_title(old[i]) and _title(new[j])) and (i, j) not in titles
                # ... unless renamed too: a new title over a new text under an old number is a new
                # section ("Appendix C. Acknowledgements" -> "Appendix C. Changes from RFC5988")
                # ... but a section emptied under its number (a repealed law's "§ 56 (weggefallen)")
                # is that section, whatever its title now says
                emptied = _stub(old, i) or _stub(new, j)
                # ... or the opening of both documents, a title over it in one version only (an OCR
                # text with no heading against a release that starts "# 104-10290-10190")
                retitled = i == j == 0 and (old[i].heading is None) != (new[j].heading is None)
                in_place = lone and ((same_number and (not renamed or emptied)) or retitled
                                     or (not old[i].paragraphs and not new[j].paragraphs))
                # ... or, among several, the same number where the gap numbers its sections alike
                # on both sides and its neighbours kept theirs (LGPL-2.1's untitled "0." and
                # LGPL-3's "0. Additional Definitions", rewritten: both define the terms), when
                # the bodies share more than nothing
                in_place = in_place or (in_step and same_number and not renamed and s >= floor)
                if (s >= gap_min if renamed else s >= floor) or in_place:
                    cands.append((i, j, 1.0 + s, in_place))
        run = heaviest_chain([(i, j, w) for i, j, w, _ in cands])
        placed_pairs = {(i, j) for i, j, _, placed in cands if placed}
        if len(run) == 1 and run[0][2] - 1.0 < gap_min and (run[0][0], run[0][1]) not in placed_pairs:
            # a lone pair too weak to stand on its body: only pairs in place may, on their own
            run = heaviest_chain([(i, j, w) for i, j, w, placed in cands if placed])
        for i, j, _ in run:
            pair_of_old[i] = (j, False)
            used_new.add(j)


def _numbered_in_step(old, new, gap_o, gap_n, bounds) -> bool:
    """The numbered sections of a gap carry the same numbers in the same order on both sides, and
    no paired neighbour was renumbered (one of them at least numbered alike): the numbering says
    nothing moved or was inserted there, so a number is a place. (GPL-2 with clause 2 replaced by
    two clauses and the rest renumbered: the gap holds "2." against "2." and "3.", and the
    neighbour after it went from 3 to 4: not in step.)"""
    def numbers(secs, ks):
        return [secs[k].heading.number_key for k in ks if secs[k].heading and secs[k].heading.number_key]
    nums_o, nums_n = numbers(old, gap_o), numbers(new, gap_n)
    if not nums_o or nums_o != nums_n:
        return False
    numbered_alike = False
    for i, j in bounds:
        if not (0 <= i < len(old) and 0 <= j < len(new)):
            continue
        a, b = old[i].heading, new[j].heading
        ka, kb = (a.number_key if a else ()), (b.number_key if b else ())
        if ka != kb:
            return False
        numbered_alike = numbered_alike or bool(ka)
    return numbered_alike


def _split_into_children(old, new, pair_of_old, used_new) -> None:
    """A section whose body went into a new sub-section, under an unpaired new section of its own
    title and number ("I. Additional Terms for GitHub Pages" -> "I. ... Pages and Learning Lab" over
    "1. GitHub Pages"), is that parent: it was split into sub-sections, and its body, kept in
    document order, moved nowhere. And the same the other way round: sub-sections merged into
    their parent (the pairing runs in either orientation)."""
    _split_one_way(old, new, pair_of_old, used_new)
    pair_of_new = {j: (i, moved) for i, (j, moved) in pair_of_old.items()}
    used_old = set(pair_of_old)
    _split_one_way(new, old, pair_of_new, used_old)
    pair_of_old.clear()
    pair_of_old.update({i: (j, moved) for j, (i, moved) in pair_of_new.items()})
    used_new.clear()
    used_new.update(pair_of_new)


def _split_one_way(old, new, pair_of_old, used_new) -> None:
    parent: dict[int, int] = {}
    stack: list[int] = []
    for j, s in enumerate(new):
        h = s.heading
        if h is None:
            continue
        while stack and new[stack[-1]].heading.level >= h.level:
            stack.pop()
        if stack:
            parent[j] = stack[-1]
        stack.append(j)
    for i, (j, moved) in list(pair_of_old.items()):
        p = parent.get(j)
        ho, hp, hj = old[i].heading, new[p].heading if p is not None else None, new[j].heading
        if moved or p is None or p in used_new or ho is None or hp is None or hj is None:
            continue
        if i + 1 < len(old) and old[i + 1].heading is not None and old[i + 1].heading.level > ho.level:
            continue                     # the old section had sub-sections of its own: not a split
        if ho.number_key != hp.number_key or not ho.title_key or not hp.title_key:
            continue
        if _title_score(ho.title_key, hp.title_key) >= max(CONTAINED_TITLE, _title_score(ho.title_key, hj.title_key)):
            pair_of_old[i] = (p, False)
            used_new.discard(j)
            used_new.add(p)


def _pair_parents(old, new, pair_of_old, used_new) -> None:
    """An unpaired section whose sub-sections are paired with the sub-sections of an unpaired
    section of the other version is that section (renamed and emptied parents included)."""
    def children(secs, k):
        h = secs[k].heading
        if h is None:
            return []
        out = []
        for m in range(k + 1, len(secs)):
            g = secs[m].heading
            if g is None or g.level <= h.level:
                break
            out.append(m)
        return out

    new_parent: dict[int, int] = {}
    for j in range(len(new)):
        for c in children(new, j):
            new_parent.setdefault(c, j)
    for i in range(len(old)):
        if i in pair_of_old:
            continue
        votes: Counter = Counter()
        kids = children(old, i)
        for c in kids:
            if c in pair_of_old:
                p = new_parent.get(pair_of_old[c][0])
                if p is not None and p not in used_new:
                    votes[p] += 1
        if votes:
            j, n = votes.most_common(1)[0]
            if 2 * n >= len(kids):
                pair_of_old[i] = (j, False)
                used_new.add(j)
