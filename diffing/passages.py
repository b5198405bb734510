"""Passage diff: inside one pair of sections, find the changed passages at readable granularity.

Why two levels: paragraphs are compared first by their layout-free keys (cheap, and exact for the
unchanged bulk of a document); only blocks of differing paragraphs are tokenised and word-diffed.
Diffing a whole block (not paragraph pairs) is what makes re-paragraphing and page breaks harmless.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from operator import attrgetter

from rapidfuzz.distance import Indel, Levenshtein, Postfix, Prefix

from . import sequence
from .chain import heaviest_chain
from .conventions import tuning as _tuning
from .model import Paragraph, RawChange, Section, Token
from .moves import MIN_MOVED_WORDS, find_moved_text
from .tokens import (
    GLUED,
    MARKUP_CHARS,
    KeyContext,
    code_context,
    is_contents_page,
    is_plain,
    marker_reason_key,
    plain_tokens,
    tokenize,
    with_spacing,
)

# Word diffs are exact LCS (rapidfuzz Indel), whose bit matrix costs len(a)*len(b)/8 bytes; above
# PASSAGES.max_cells the linear-memory Levenshtein alignment is used, and even that is quadratic in
# time: a block above PASSAGES.huge_cells with no anchor paragraph (an unrelated rewrite of a long
# document) is compared paragraph by paragraph in order instead.


@dataclass(frozen=True, slots=True)
class _Unit:
    key: str
    lines: tuple[tuple[int, int], ...]
    start: int
    end: int
    title: bool
    code: bool = False
    indent: int = 0           # code: its block's own indentation (Paragraph.indent)


def section_units(text: str, sec: Section, exclude: Collection[int] = (), *, whole_heading: bool = False
                  ) -> list[_Unit]:
    """The comparable units of a section: its heading title (number left out: a renumbering is a
    flag of the pair) and its paragraphs, less the paragraphs in `exclude` (passages that moved,
    reported as moves). With `whole_heading` (the other side has no heading at all: a heading was
    given to text that had none) the heading line with its number, which is new text then."""
    units = []
    h = sec.heading
    if h is not None and whole_heading:
        lines = tuple(_title_lines(text, replace(h, title_start=h.start)))
        units.append(_Unit("\x01" + " ".join(text[h.start:h.end].casefold().split()), lines, h.start, h.end, True))
    elif h is not None and (h.title or h.title_start < h.end):
        # the title's comparison key is its folded, case-insensitive words
        units.append(_Unit("\x01" + h.title_key, _title_lines(text, h), h.title_start, h.end, True))
    units += [_unit(p) for k, p in enumerate(sec.paragraphs) if k not in exclude]
    return units


def _unit(p: Paragraph) -> _Unit:
    return _Unit(p.key, p.lines, p.start, p.end, False, p.kind == "code", p.indent)


def _title_lines(text: str, h) -> tuple[tuple[int, int], ...]:
    """Line spans of a heading's title: from after its number to its end, over every line of a
    wrapped title, without a setext underline."""
    spans, pos = [], h.title_start
    for line in text[h.title_start:h.end].split("\n"):
        if not _UNDERLINE.fullmatch(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return tuple(spans) or ((h.title_start, h.title_start),)


_UNDERLINE = re.compile(r"\s{0,3}(=+|-+)\s*")


def diff_sections(old_text: str, new_text: str, old: Section, new: Section, octx: KeyContext, nctx: KeyContext,
                  *, exclude_old: Collection[int] = (), exclude_new: Collection[int] = ()
                  ) -> tuple[list[RawChange], int, int]:
    """Changes between two aligned sections, and (equal key chars, total key chars) for similarity."""
    given = (old.heading is None) != (new.heading is None)       # a heading given to text that had none
    uo = section_units(old_text, old, exclude_old, whole_heading=given)
    un = section_units(new_text, new, exclude_new, whole_heading=given)
    return diff_units(old_text, new_text, uo, un, octx, nctx, _start(old), _start(new))


def diff_paragraphs(old_text: str, new_text: str, old, new, octx: KeyContext, nctx: KeyContext
                    ) -> tuple[list[RawChange], int, int]:
    """The word diff of one paragraph against another (the inside of a moved passage)."""
    spaced = (old.kind == "code") == (new.kind == "code")
    ta, tb = _tokens(old_text, [_unit(old)], octx, spaced), _tokens(new_text, [_unit(new)], nctx, spaced)
    return diff_tokens(ta, tb, old.start, new.start, old_text, new_text, octx, nctx)


def _start(sec: Section) -> int:
    return sec.heading.end if sec.heading else sec.start


def diff_units(old_text, new_text, uo, un, octx, nctx, old_base, new_base) -> tuple[list[RawChange], int, int]:
    ids: dict[str, int] = {}
    a = [ids.setdefault(u.key, len(ids)) for u in uo]
    b = [ids.setdefault(u.key, len(ids)) for u in un]
    changes: list[RawChange] = []
    equal = sum(_weight(u.key) for u in uo) + sum(_weight(u.key) for u in un)
    total = equal
    for o1, o2, n1, n2 in _blocks(sequence.opcodes(a, b)):
        block_weight = sum(_weight(u.key) for u in uo[o1:o2]) + sum(_weight(u.key) for u in un[n1:n2])
        equal -= block_weight
        total -= block_weight
        old_pos = uo[o1 - 1].end if o1 > 0 else old_base
        new_pos = un[n1 - 1].end if n1 > 0 else new_base
        block_changes, block_equal, block_total = _diff_block(old_text, new_text, uo[o1:o2], un[n1:n2], octx, nctx,
                                                 old_pos, new_pos)
        changes += block_changes
        equal += block_equal
        total += block_total        # measured on the block's own tokens, as its equal part is
    return changes, equal, total


def _weight(key: str) -> int:
    """Characters that count for similarity: the key without its separating spaces."""
    return len(key) - key.count(" ")


def _blocks(opcodes):
    """Merge runs of non-equal opcodes into (o1, o2, n1, n2) blocks."""
    cur = None
    for op in opcodes:
        if op.tag == "equal":
            if cur:
                yield tuple(cur)
                cur = None
            continue
        if cur is None:
            cur = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            cur[1], cur[3] = op.src_end, op.dest_end
    if cur:
        yield tuple(cur)


def _tokens(text: str, units, ctx: KeyContext, spaced: bool = True) -> list[Token]:
    """The tokens of units; in code (and with --strict) with their spacing (see with_spacing),
    unless not `spaced` (the other version holds the same lines as text: a plain-text PEP)."""
    out: list[Token] = []
    for u in units:
        if u.code:      # (code_context is asked only here: hashing a KeyContext is not free)
            toks = tokenize(text, u.lines, code_context(ctx))
            out += _with_indents(text, u.lines, with_spacing(text, toks, exact=True), u.indent) if spaced else toks
            continue
        toks = tokenize(text, u.lines, ctx, casefold=u.title and not ctx.strict)
        out += with_spacing(text, toks, exact=False) if ctx.strict else toks
    return out


def _with_indents(text: str, lines, tokens: list[Token], base: int) -> list[Token]:
    """In code, indentation is content (Python, YAML): each line indented deeper than its block
    (base: the block's own indentation is markup) gets a token for it."""
    indents = []
    for s, e in lines:
        line = text[s:e]
        width = len(line) - len(line.lstrip(" \t"))
        depth = len(line[:width].expandtabs(4)) - base
        if depth > 0 and line.strip():
            indents.append(Token(s, s + width, f"\x02{' ' * depth}", False))
    return sorted(tokens + indents, key=lambda t: t.start) if indents else tokens


def _diff_block(old_text, new_text, uo, un, octx, nctx, old_pos, new_pos, tuning=None):
    """Word-diff a block of differing paragraphs, cut at anchor pairs of clearly related paragraphs.

    Diffing a whole block at once lets an exact LCS match stray common words of a paragraph that was
    replaced (say by a redaction marker) against a neighbouring paragraph that was only edited.
    Anchors stop that; paragraphs present on one side only stay with the neighbouring anchor, so a
    paragraph split or joined at a page break still compares equal word for word."""
    tuning = tuning or _tuning.PASSAGES
    groups = _groups(uo, un)
    results = [_diff_group(old_text, new_text, uo, un, g, octx, nctx, old_pos, new_pos, tuning) for g in groups]
    # A text removed at the end of one group and added at the start of the next was cut by a wrong
    # boundary (a paragraph split at a page break differently in each version): diff the two together.
    k = 0
    while k + 1 < len(groups):
        if _crossing(results[k][0], results[k + 1][0]):
            g = (groups[k][0], groups[k + 1][1], groups[k][2], groups[k + 1][3])
            groups[k:k + 2] = [g]
            results[k:k + 2] = [_diff_group(old_text, new_text, uo, un, g, octx, nctx, old_pos, new_pos, tuning)]
        else:
            k += 1
    changes = [c for r in results for c in r[0]]
    return changes, sum(r[1] for r in results), sum(r[2] for r in results)


def _diff_group(old_text, new_text, uo, un, group, octx, nctx, old_pos, new_pos, tuning):
    o1, o2, n1, n2 = group
    go, gn = uo[o1:o2], un[n1:n2]
    op = uo[o1 - 1].end if o1 > 0 else old_pos
    np_ = un[n1 - 1].end if n1 > 0 else new_pos
    trimmed = _trim_pair(old_text, new_text, go, gn, octx, nctx) if len(go) == len(gn) == 1 else None
    kept = 0
    if trimmed is not None:
        ta, tb, kept = trimmed
    else:
        spaced = any(u.code for u in go) == any(u.code for u in gn)      # code against code
        ta, tb = _tokens(old_text, go, octx, spaced), _tokens(new_text, gn, nctx, spaced)
    if len(ta) * len(tb) > tuning.huge_cells and len(go) > 1 and len(gn) > 1:
        c, e, t = _diff_in_order(old_text, new_text, go, gn, octx, nctx, op, np_)
    else:
        c, e, t = diff_tokens(ta, tb, op, np_, old_text, new_text, octx, nctx)
    return c, e + kept, t + kept


def _crossing(first: list[RawChange], second: list[RawChange]) -> bool:
    """Words removed in one group's changes and added in the other's (or the reverse)."""
    if not first or not second:
        return False
    def runs(changes, side):      # only runs long enough to hold a moved phrase
        return [(k, t) for k, c in enumerate(changes) if len(t := getattr(c, side)) >= MIN_MOVED_WORDS]
    out_1, in_1, out_2, in_2 = runs(first, "old"), runs(first, "new"), runs(second, "old"), runs(second, "new")
    return bool((out_1 and in_2 and find_moved_text(out_1, [(-1 - k, t) for k, t in in_2]))
                or (out_2 and in_1 and find_moved_text(out_2, [(-1 - k, t) for k, t in in_1])))


def _trim_pair(old_text, new_text, go, gn, octx, nctx):
    """One paragraph against another (the usual in-place edit): tokenise only the differing middle,
    widened to whole sentences so that a change can still slide to a sentence boundary. Returns
    (old tokens, new tokens, key chars of the equal head and tail) or None when not applicable."""
    u, v = go[0], gn[0]
    if u.title or v.title or u.code or v.code:
        return None
    if octx.markdown and any(c in old_text[u.start:u.end] or c in new_text[v.start:v.end] for c in _TRIM_UNSAFE):
        return None      # markup marks leave the key: its words are not the raw text's one for one
    raw_a, raw_b = old_text[u.start:u.end], new_text[v.start:v.end]
    if not (is_plain(raw_a, len(u.lines), octx) and is_plain(raw_b, len(v.lines), nctx)):
        return None
    a, b = u.key, v.key
    if not (raw_a.isascii() and raw_b.isascii()) and (
            len(raw_a.split()) != a.count(" ") + 1 or len(raw_b.split()) != b.count(" ") + 1):
        return None      # Unicode folding changed the word count (rare); tokenise in full
    head = Prefix.similarity(a, b)              # common prefix and suffix lengths, in C
    tail = Postfix.similarity(a[head:], b[head:])
    # Widen the middle to whole sentences, at most _tuning.PASSAGES.trim_context_words each way, and to word boundaries.
    floor = _nth_space_before(a, head, _tuning.PASSAGES.trim_context_words)
    cut = a.rfind(". ", floor, head)
    head = cut + 2 if cut >= 0 else floor
    suffix_start = len(a) - tail
    ceiling = _nth_space_after(a, suffix_start, _tuning.PASSAGES.trim_context_words)
    cut = a.find(". ", suffix_start, ceiling)
    suffix_start = cut + 2 if cut >= 0 else min(len(a), ceiling + 1)
    tail = len(a) - suffix_start
    words_head = a[:head].count(" ")
    words_tail = a[suffix_start:].count(" ") + 1 if tail else 0
    if not words_head and not words_tail:
        return None
    sa = _word_span(raw_a, words_head, words_tail)
    sb = _word_span(raw_b, words_head, words_tail)
    ta = plain_tokens(raw_a[sa[0]:sa[1]], u.start + sa[0], octx, False)
    tb = plain_tokens(raw_b[sb[0]:sb[1]], v.start + sb[0], nctx, False)
    kept = _weight(a[:head]) + _weight(a[len(a) - tail:]) if tail else _weight(a[:head])
    return ta, tb, 2 * kept


_TRIM_UNSAFE = MARKUP_CHARS | {":"}      # marks that may leave a key (":" of reST's "::")


def _nth_space_before(s: str, pos: int, n: int) -> int:
    """Offset just after the n-th space before pos (a word start), or 0. One C-level rsplit
    instead of n finds: this runs for every paragraph edited in place."""
    parts = s[:max(0, pos - 1)].rsplit(" ", n)
    return len(parts[0]) + 1 if len(parts) > n else 0


def _nth_space_after(s: str, pos: int, n: int) -> int:
    """Offset of the n-th space at or after pos (a word end), or len(s) (one C-level split)."""
    parts = s[pos + 1:].split(" ", n)
    return len(s) - len(parts[n]) - 1 if len(parts) > n else len(s)


def _word_span(raw: str, skip_head: int, skip_tail: int) -> tuple[int, int]:
    """Offsets in raw of the text left after dropping skip_head leading and skip_tail trailing
    white-space separated words."""
    start = len(raw) - len(raw.split(None, skip_head)[-1]) if skip_head else 0
    end = len(raw.rsplit(None, skip_tail)[0]) if skip_tail else len(raw.rstrip())
    return start, max(start, end)


def _diff_in_order(old_text, new_text, go, gn, octx, nctx, old_pos, new_pos):
    """Bounded fallback for a huge unanchored block: the k-th old paragraph against the k-th new."""
    changes, equal, total = [], 0, 0
    for k in range(max(len(go), len(gn))):
        u = go[k] if k < len(go) else None
        v = gn[k] if k < len(gn) else None
        ta = _tokens(old_text, [u], octx) if u else []
        tb = _tokens(new_text, [v], nctx) if v else []
        c, e, t = diff_tokens(ta, tb, u.start if u else go[-1].end, v.start if v else gn[-1].end,
                              old_text, new_text, octx, nctx)
        changes += c
        equal += e
        total += t
    return changes, equal, total


def _groups(uo, un) -> list[tuple[int, int, int, int]]:
    """Cut a block into contiguous groups (o1, o2, n1, n2) at anchors; see _diff_block."""
    if len(uo) <= 1 or len(un) <= 1:
        return [(0, len(uo), 0, len(un))]
    groups: list[list[int]] = []
    pi = pj = 0
    for i, j in _anchors(uo, un):
        if i < pi or j < pj:
            continue
        if i > pi and j > pj:
            groups.append([pi, i, pj, j])          # a replacement between two anchors
        elif groups:
            groups[-1][1], groups[-1][3] = i, j      # a one-sided gap joins the previous anchor
        groups.append([pi if not groups else i, i + 1, pj if not groups else j, j + 1])
        pi, pj = i + 1, j + 1
    if not groups:
        return [(0, len(uo), 0, len(un))]
    if pi < len(uo) and pj < len(un):
        groups.append([pi, len(uo), pj, len(un)])
    else:
        groups[-1][1], groups[-1][3] = len(uo), len(un)
    return [(o1, o2, n1, n2) for o1, o2, n1, n2 in groups]


def _anchors(uo, un, tuning=None) -> list[tuple[int, int]]:
    """In-order pairs of paragraphs that share most of their text (character LCS: Dice >= 0.5, or
    one mostly contained in the other), chosen as the heaviest chain; within a band for long blocks.
    Only the similar pairs cut the block: a paragraph mostly contained in another was split or joined
    (at a page break, differently in each version), and its text may run on into the neighbour,
    so it is diffed together with its neighbours."""
    tuning = tuning or _tuning.PASSAGES
    n, m = len(uo), len(un)
    if n == m:      # the common case, every paragraph edited in place: accept a strong diagonal
        diagonal = [_scores(uo[i], un[i], tuning) for i in range(n)]
        if (min(r for r, _ in diagonal) >= tuning.diagonal_accept
                and all(_similar_pair(uo[i], un[i], tuning, diagonal[i]) for i in range(n))):
            return [(i, i) for i in range(n)]
    band = None if n * m <= 4096 else tuning.band
    cands, scores = [], {}
    for i in range(n):
        js = range(m) if band is None else range(max(0, i * m // n - band), min(m, i * m // n + band + 1))
        for j in js:
            scores[i, j] = sc = _scores(uo[i], un[j], tuning)
            if sc[0]:
                cands.append((i, j, sc[0]))
    return [(i, j) for i, j, _ in heaviest_chain(cands) if _similar_pair(uo[i], un[j], tuning, scores[i, j])]


def _similar_pair(u: _Unit, v: _Unit, tuning, scores: tuple[float, float] | None = None) -> bool:
    """The same paragraph edited, not one cut differently: alike, and of about the same length
    (`scores`: their _scores, when already known)."""
    a, b = u.key, v.key
    if not a or not b:
        return False
    # a redaction shortens a paragraph without cutting it: the length test is for markerless pairs
    if "\x00" not in a + b and min(len(a), len(b)) < tuning.anchor_length_ratio * max(len(a), len(b)):
        return False
    related, dice = scores or _scores(u, v, tuning)
    return related > 0 and (dice >= tuning.anchor_dice or "\x00" in a + b)


def _relatedness(u: _Unit, v: _Unit, tuning=None) -> float:
    """Character-LCS Dice of two paragraphs when >= 0.5; else 0.9 x containment when one (of 40+
    characters) is mostly inside the other (a paragraph split at a page break); else 0."""
    return _scores(u, v, tuning or _tuning.PASSAGES)[0]


def _scores(u: _Unit, v: _Unit, tuning) -> tuple[float, float]:
    """(_relatedness, character-LCS Dice) of two paragraphs, from one LCS (Dice 0 when not computed)."""
    a, b = u.key, v.key
    if not a or not b or u.title != v.title:
        return 0.0, 0.0
    la, lb = len(a), len(b)
    small = min(la, lb)
    if 4 * small < max(la, lb) and small < tuning.anchor_min_chars:
        return 0.0, 0.0
    lcs = (la + lb - Indel.distance(a, b)) / 2
    dice = 2 * lcs / (la + lb)
    if dice >= tuning.anchor_dice:
        return dice, dice
    if small >= tuning.anchor_min_chars and lcs >= tuning.anchor_containment * small:
        return 0.9 * lcs / small, dice
    return 0.0, dice


def diff_tokens(ta: list[Token], tb: list[Token], old_pos: int, new_pos: int,
                old_text: str = "", new_text: str = "", octx: KeyContext | None = None,
                nctx: KeyContext | None = None, tuning=None) -> tuple[list[RawChange], int, int]:
    """Word-level diff of two token lists: changes, key chars left equal, and key chars in all."""
    tuning = tuning or _tuning.PASSAGES
    strict = octx is not None and octx.strict
    a = _page_refs_folded(list(map(_KEY, ta)), ta, "" if strict else old_text)   # rapidfuzz hashes them itself
    b = _page_refs_folded(list(map(_KEY, tb)), tb, "" if strict else new_text)
    # Exact LCS keeps a len(a)*len(b)/8-byte bit matrix; above max_cells use Levenshtein's
    # Hirschberg alignment instead (linear memory: 60k x 60k words in 0.6 s and ~20 MB)
    engine = Indel if len(a) * len(b) <= tuning.max_cells else Levenshtein
    blocks = _merge_confetti(list(_blocks(engine.opcodes(a, b))), ta, tb, old_text=old_text, new_text=new_text)
    blocks = _slide_to_boundaries(blocks, a, b, ta, tb, old_text, new_text)
    blocks = _spacing_shown(blocks, a, b)
    changes = []
    equal = total = sum(map(len, a)) + sum(map(len, b))
    for o1, o2, n1, n2 in blocks:
        equal -= sum(map(len, a[o1:o2])) + sum(map(len, b[n1:n2]))
        op = ta[o1].start if o2 > o1 else (ta[o1 - 1].end if o1 > 0 else (ta[0].start if ta else old_pos))
        np_ = tb[n1].start if n2 > n1 else (tb[n1 - 1].end if n1 > 0 else (tb[0].start if tb else new_pos))
        old_side, new_side = tuple(ta[o1:o2]), tuple(tb[n1:n2])
        if _lopsided(old_side, new_side, tuning):
            changes += [RawChange(old_side, (), op, np_), RawChange((), new_side, ta[o2 - 1].end, np_)]
        else:
            changes.append(RawChange(old_side, new_side, op, np_))
    if octx is not None and nctx is not None and any(t.marker for t in ta):
        changes += _reason_changes(blocks, ta, tb, old_text, new_text, octx, nctx)
        changes.sort(key=lambda c: (c.new_pos, c.old_pos))
    return changes, equal, total


def _lopsided(old: tuple[Token, ...], new: tuple[Token, ...], tuning) -> bool:
    """A replacement one side of which is a crumb of the other (see PassageTuning.lopsided_*);
    never one holding a marker (a passage withheld, or released, is one change)."""
    if not old or not new:
        return False
    a, b = sum(len(t.key) for t in old), sum(len(t.key) for t in new)
    small, big = min(a, b), max(a, b)
    return (big >= tuning.lopsided_min_chars and small < tuning.lopsided_ratio * big
            and not any(t.marker for t in old) and not any(t.marker for t in new))


PAGE_REF = "\x03page"      # the key of a contents line's page number: pagination, not content


def _page_refs_folded(keys: list[str], toks: list[Token], text: str) -> list[str]:
    """Keys with the page number of each contents line ("1. Introduction . . . . 3") folded: it
    follows the line's leader dots and ends the line, and it changes whenever the pages do (a
    repaginated contents list is no change; normalize counts these as "contents page numbers")."""
    if not text or not any(map(str.isdigit, keys)):       # C-level scan: most token runs hold no number
        return keys
    for k, key in enumerate(keys):
        if key.isdigit() and len(key) <= 4 and is_contents_page(text, toks[k].start, toks[k].end):
            keys[k] = PAGE_REF
    return keys


def _reason_changes(blocks, ta, tb, old_text, new_text, octx, nctx) -> list[RawChange]:
    """Markers left equal by the word diff that state different reasons or exemption codes: a
    change of the stated reason is a change; a change of marker typography alone is not."""
    out = []
    o = n = 0
    for o1, o2, _n1, n2 in list(blocks) + [(len(ta), len(ta), len(tb), len(tb))]:
        for d in range(o1 - o):
            t, u = ta[o + d], tb[n + d]
            if t.marker and u.marker:
                ra, rb = marker_reason_key(old_text, t, octx), marker_reason_key(new_text, u, nctx)
                # a stated reason given where none was is typography; a repeal never is
                if ra != rb and ((ra and rb) or "repealed" in (ra, rb)):
                    out.append(RawChange((t,), (u,), t.start, u.start, reason_changed=True))
        o, n = o2, n2
    return out


_KEY = attrgetter("key")


def _slide_to_boundaries(blocks, a, b, ta, tb, old_text, new_text):
    """A pure insertion or deletion can often slide ("You may [combine ... Disclaimers. You may]" is
    the same edit as "[You may combine ... Disclaimers.] You may"); put it where it starts and ends
    at a paragraph or sentence boundary, as a reader would."""
    out = []
    for k, (o1, o2, n1, n2) in enumerate(blocks):
        if (o1 == o2) == (n1 == n2):
            out.append((o1, o2, n1, n2))
            continue
        ins = o1 == o2
        seq, toks, text = (b, tb, new_text) if ins else (a, ta, old_text)
        lo, hi = (n1, n2) if ins else (o1, o2)
        prev_end = (out[-1][3] if ins else out[-1][1]) if out else 0
        next_start = (blocks[k + 1][2] if ins else blocks[k + 1][0]) if k + 1 < len(blocks) else len(seq)
        up = 0
        while lo - up - 1 >= prev_end and seq[lo - up - 1] == seq[hi - up - 1]:
            up += 1
        down = 0
        while hi + down < next_start and seq[lo + down] == seq[hi + down]:
            down += 1
        if up or down:
            best = max(range(-up, down + 1), key=lambda d: (_boundary(toks, text, lo + d) +
                                                            _boundary(toks, text, hi + d), -abs(d)))
        else:
            best = 0
        out.append((o1 + best, o2 + best, n1 + best, n2 + best))
    return out


_SPACING = " \t\n" + GLUED


def _spacing_shown(blocks, a, b):
    """A change that starts with a token spaced differently (code, --strict: see with_spacing) takes
    the token before it along, so that the spacing shows ("here[-,-]{+,+}" reads as nothing changed;
    "[-here,-]{+here ,+}" does not)."""
    out, prev = [], (0, 0)
    for o1, o2, n1, n2 in blocks:
        if (o1 > prev[0] and n1 > prev[1] and o2 > o1 and n2 > n1 and a[o1] != b[n1]
                and a[o1].lstrip(_SPACING) == b[n1].lstrip(_SPACING)):
            o1, n1 = o1 - 1, n1 - 1
        out.append((o1, o2, n1, n2))
        prev = (o2, n2)
    return out


def _boundary(toks, text, i) -> int:
    """How good a cut before token i is: 3 at a paragraph break, 2 after a sentence, else 0."""
    if i <= 0 or i >= len(toks) or not text:
        return 3
    gap = text[toks[i - 1].end:toks[i].start]
    if gap.count("\n") >= 2:
        return 3
    if text[toks[i - 1].start:toks[i - 1].end] in (".", ":", ";", "!", "?"):     # as written (keys may carry spacing)
        return 2
    return 0


def _merge_confetti(blocks, ta, tb, tuning=None, old_text: str = "", new_text: str = ""):
    """Semantic cleanup (after diff-match-patch's diff_cleanupSemantic, on word tokens): a short
    equal run no longer than the changes on both sides of it is a coincidence of common words ("of",
    "the License") inside rewritten text, so it joins the change. The shortest runs between the
    longest changes go first, in rounds until stable, within a budget: the equal words absorbed may
    not exceed `confetti_budget` of either side, so that a rewritten text never reads as more
    changed than a flat word diff shows by more than a few points. A run that holds a redaction
    marker is never absorbed, nor one a paragraph break ends or starts: a paragraph added beside an
    edit is an addition, not part of a rewrite (Common Voice terms: a new paragraph after the date line
    read as the date "modified")."""
    tuning = tuning or _tuning.PASSAGES
    out = [list(b) for b in blocks]
    budget = max(tuning.confetti_floor, int(tuning.confetti_budget * min(len(ta), len(tb))))
    while budget > 0 and len(out) > 1:
        eligible = []
        for k in range(1, len(out)):
            prev, cur = out[k - 1], out[k]
            gap = ta[prev[1]:cur[0]]
            gap_len = _chars(gap)
            before = max(_chars(ta[prev[0]:prev[1]]), _chars(tb[prev[2]:prev[3]]))
            after = max(_chars(ta[cur[0]:cur[1]]), _chars(tb[cur[2]:cur[3]]))
            if (len(gap) <= tuning.confetti_tokens and gap_len < min(before, after)
                    and min(before, after) >= tuning.confetti_min_chars and not any(t.marker for t in gap)
                    and not _paragraph_break(ta, old_text, prev[1], cur[0])
                    and not _paragraph_break(tb, new_text, prev[3], cur[2])):
                eligible.append((gap_len, -min(before, after), k, len(gap)))
        if not eligible:
            break
        join: set[int] = set()
        for _, _, k, n in sorted(eligible):
            if n <= budget:
                join.add(k)
                budget -= n
        if not join:
            break
        merged = [out[0]]
        for k in range(1, len(out)):
            if k in join:
                merged[-1][1], merged[-1][3] = out[k][1], out[k][3]
            else:
                merged.append(out[k])
        out = merged
    return [tuple(b) for b in out]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


def _paragraph_break(toks, text: str, i: int, j: int) -> bool:
    """A paragraph break in text around the equal tokens toks[i:j] (between the changes beside them)."""
    if not text:
        return False
    start = toks[i - 1].end if i > 0 else (toks[0].start if toks else 0)
    end = toks[j].start if j < len(toks) else (toks[-1].end if toks else 0)
    return start < end and _PARAGRAPH_BREAK.search(text, start, end) is not None


def _chars(tokens) -> int:
    return sum(len(t.key) for t in tokens) + max(0, len(tokens) - 1)
