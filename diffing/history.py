"""History stage: one passage timeline across any number of versions (releases of one document,
oldest first).

Each version is read as docdiff reads a version (furniture set aside, markers recognised, the same
release profiles for all) and cut into passages: the sentences of its paragraphs, and each marker
standing alone. The versions are then merged in order into one list of passages, each version
aligned against the list built so far (an LCS of exact keys, then, inside each differing block, a
pairing by content: the same words with a marker standing in for some of them, or a near match of
the words, which is OCR noise, not a new passage). A passage's state in a version is `present` (its
words are there), `withheld` (a marker stands for some or all of its words there) or `absent`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from . import sequence
from .compare import applied_profiles, parse_document
from .conventions import tuning as _tuning
from .model import Options, Source, Span, Token
from .normalize import text_without_furniture
from .tokens import KeyContext, tokenize

PRESENT, WITHHELD, ABSENT = "present", "withheld", "absent"
STATES = (PRESENT, WITHHELD, ABSENT)
_END = frozenset(".?!")


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    keys: tuple[str, ...]        # word keys, casefolded; a marker is ""
    text: str                    # as shown: furniture left out, white space collapsed
    pieces: tuple[tuple[int, int], ...] = ()   # where each key's token stands (start, end)

    @property
    def markers(self) -> int:
        return sum(1 for k in self.keys if not k)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(k for k in self.keys if k)


@dataclass(frozen=True, slots=True)
class HistoryPassage:
    """One passage and its state in each version, with where it stands there (None: absent)."""

    text: str                              # its fullest form: from the version that shows most of it
    states: tuple[str, ...]                # present, withheld or absent, one per version
    spans: tuple[Span | None, ...]


@dataclass(frozen=True, slots=True)
class History:
    sources: tuple[Source, ...]
    passages: tuple[HistoryPassage, ...]
    profiles: tuple[tuple[str, str], ...] = ()

    def released_in(self, k: int) -> tuple[HistoryPassage, ...]:
        """Passages withheld in version k-1 and present in version k."""
        return tuple(p for p in self.passages if k > 0 and p.states[k - 1] == WITHHELD and p.states[k] == PRESENT)


def version_history(sources: list[Source], options: Options = Options(),
                    tuning: _tuning.HistoryTuning = _tuning.HISTORY) -> History:
    """The passage timeline of versions given oldest first (two or more)."""
    options, profiles = applied_profiles(options, *(s.text for s in sources))
    docs = [parse_document(s, options) for s in sources]
    units = [_units(doc, ctx) for doc, ctx in docs]
    # a passage under construction: its units by version (None where absent)
    rows: list[list[_Unit | None]] = [[u] for u in units[0]]
    for k in range(1, len(units)):
        rows = _merge(rows, units[k], k, tuning, docs[k][0])
    line_of = [doc.line_of for doc, _ in docs]
    out = []
    for row in rows:
        states = tuple(ABSENT if u is None else WITHHELD if u.markers else PRESENT for u in row)
        # the latest of the fullest forms: a later release's text, not an earlier scan's OCR slip
        forms = [u for u in row if u is not None]
        best = max(_fullness(u) for u in forms)
        fullest = next(u for u in reversed(forms) if _fullness(u) == best)
        spans = tuple(None if u is None else Span(u.start, u.end, line_of[k](u.start), docs[k][0].text[u.start:u.end])
                      for k, u in enumerate(row))
        out.append(HistoryPassage(fullest.text, states, spans))
    return History(tuple(sources), tuple(out), profiles)


def _units(doc, ctx: KeyContext) -> list[_Unit]:
    """The sentences of every paragraph (headings included), and each marker standing alone."""
    out: list[_Unit] = []
    for sec in doc.sections:
        head = sec.heading
        # an untitled heading ("1." of a run of clauses) is numbering, not a passage
        spans = [(head.start, head.end, ((head.start, head.end),))] if head and head.title else []
        spans += [(p.start, p.end, p.lines) for p in sec.paragraphs]
        for _, _, lines in spans:
            tokens = _without_codes(doc, ctx, tokenize(doc.text, lines, ctx, casefold=True))
            cur: list = []
            for t in tokens:
                if t.marker and cur and not cur[-1].marker and _sentence_done(cur):
                    out.append(_unit(doc, cur))
                    cur = []
                cur.append(t)
                if not t.marker and t.key in _END and (t.end == len(doc.text) or doc.text[t.end].isspace()):
                    out.append(_unit(doc, cur))
                    cur = []
            if cur:
                out.append(_unit(doc, cur))
    return out


def _sentence_done(tokens) -> bool:
    return bool(tokens) and tokens[-1].key in _END


_WS = re.compile(r"\s+")


GAP = "[\u2026]"        # how a withheld run of spaces (a space-gap marker) shows in a passage's text


def _fullness(u: _Unit) -> tuple[int, int]:
    return len(u.words) - u.markers, -u.markers


def _shown(doc, start: int, end: int, markers) -> str:
    """A passage's text as shown: furniture left out, white space collapsed, and a gap of spaces
    that withholds words (one of `markers`, (start, end) spans) as GAP, since it would vanish."""
    parts, pos = [], start
    for s, e in markers:
        if not doc.text[s:e].strip():
            parts += [text_without_furniture(doc.text, doc.layout.furniture, pos, s), f" {GAP} "]
            pos = e
    parts.append(text_without_furniture(doc.text, doc.layout.furniture, pos, end))
    return _WS.sub(" ", "".join(parts)).strip()


def _unit(doc, tokens) -> _Unit:
    start, end = tokens[0].start, tokens[-1].end
    kept = [t for t in tokens if t.marker or any(ch.isalnum() for ch in t.key)]
    text = _shown(doc, start, end, [(t.start, t.end) for t in kept if t.marker])
    return _Unit(start, end, tuple("" if t.marker else t.key for t in kept), text,
                 tuple((t.start, t.end) for t in kept))


def _split(doc, u: _Unit, at: int) -> tuple[_Unit, _Unit]:
    """A unit cut before its key `at`: two passages that extraction had glued into one line."""
    def part(a: int, b: int) -> _Unit:
        # each part keeps the punctuation up to where the next begins
        start = u.start if a == 0 else u.pieces[a][0]
        end = u.end if b == len(u.keys) else u.pieces[b][0]
        end = start + len(doc.text[start:end].rstrip())
        markers = [piece for key, piece in zip(u.keys[a:b], u.pieces[a:b]) if not key]
        return _Unit(start, end, u.keys[a:b], _shown(doc, start, end, markers), u.pieces[a:b])
    return part(0, at), part(at, len(u.keys))


def _without_codes(doc, ctx: KeyContext, tokens: list[Token]) -> list[Token]:
    """Margin codes (B6 alone in the margin) name the reason of the words beside them; they are
    not passages, nor part of one."""
    conv = ctx.conventions
    if not conv.annotation_shapes:
        return tokens
    return [t for t in tokens if not (t.marker and conv.is_annotation(doc.text[t.start:t.end]))]


def _merge(rows: list[list[_Unit | None]], units: list[_Unit], k: int, tuning, doc) -> list[list[_Unit | None]]:
    """Align version k's units against the passages so far; return the passages with version k."""
    ids: dict[tuple[str, ...], int] = {}
    a = [ids.setdefault(_full_key(row), len(ids)) for row in rows]
    b = [ids.setdefault(u.keys, len(ids)) for u in units]
    out: list[list[_Unit | None]] = []
    pending = [0, 0, 0, 0]          # a run of differing opcodes (a deletion next to an insertion is one block)
    for op in list(sequence.opcodes(a, b)) + [None]:
        if op is not None and op.tag != "equal":
            if pending[1] == pending[0] and pending[3] == pending[2]:
                pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            else:
                pending[1], pending[3] = op.src_end, op.dest_end
            continue
        if pending[1] > pending[0] or pending[3] > pending[2]:
            outside = (units[pending[2] - 1] if pending[2] > 0 else None,
                       units[pending[3]] if pending[3] < len(units) else None)
            out += _pair_block(rows[pending[0]:pending[1]], units[pending[2]:pending[3]], k, tuning, doc, outside)
        pending = [0, 0, 0, 0]
        if op is not None:
            out += [row + [u] for row, u in zip(rows[op.src_start:op.src_end], units[op.dest_start:op.dest_end])]
    return out


def _full_key(row: list[_Unit | None]) -> tuple[str, ...]:
    """A passage compares equal to a unit holding exactly the words (and markers) it last had."""
    return next(u for u in reversed(row) if u is not None).keys


def _pair_block(rows, units, k: int, tuning, doc, outside=(None, None)) -> list[list[_Unit | None]]:
    """Pair the passages and units of one differing block by content, in order; a marker unit
    standing alone covers the unpaired passages between its paired neighbours."""
    units = _unglued(rows, units, doc)
    pairs: list[tuple[int, int]] = []
    j0 = 0
    for i, row in enumerate(rows):
        ref = _reference(row)
        for j in range(j0, min(len(units), j0 + tuning.window)):
            if _same_passage(ref, units[j], tuning):
                pairs.append((i, j))
                j0 = j + 1
                break
    out: list[list[_Unit | None]] = []
    pi = pj = 0
    for i, j in pairs + [(len(rows), len(units))]:
        before = units[pj - 1] if pj > 0 else outside[0]
        after = units[j] if j < len(units) else outside[1]
        out += _fill(rows[pi:i], units[pj:j], k, before, after)
        if i < len(rows):
            out.append(rows[i] + [units[j]])
        pi, pj = i + 1, j + 1
    return out


def _unglued(rows, units: list[_Unit], doc) -> list[_Unit]:
    """Units cut where an unpaired passage stands whole at their start or end: extraction glues a
    stamp to the heading after it ("DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025)
    Introduction"), which is the heading, present, and the stamp, new; not one new passage."""
    if not rows or not units:
        return units
    wanted = [_reference(row).keys for row in rows]
    out: list[_Unit] = []
    for u in units:
        for keys in wanted:
            n = len(keys)
            if not keys or not all(keys) or n >= len(u.keys) or not u.pieces:
                continue
            if u.keys[-n:] == keys:
                out += _split(doc, u, len(u.keys) - n)
                break
            if u.keys[:n] == keys:
                out += _split(doc, u, n)
                break
        else:
            out.append(u)
    return out


def _fill(rows, units, k: int, before: _Unit | None = None, after: _Unit | None = None
          ) -> list[list[_Unit | None]]:
    """Unpaired passages and units between two pairs: a unit that is a marker alone stands for the
    passages there (withheld), as does the marker that ends the paired unit before them or starts
    the one after; other units are new passages (absent before version k), other passages absent
    from it."""
    cover = next((u for u in units if u.markers and not u.words), None) if rows else None
    if cover is None and rows and not units:
        if before is not None and before.keys and before.keys[-1] == "":
            cover = before
        elif after is not None and after.keys and after.keys[0] == "":
            cover = after
    fresh = [u for u in units if u is not cover]
    # a marker standing alone until now, and words in its place here: those words were withheld
    # (released in the later release of a series); a marker may stand for several passages
    lone = [i for i, row in enumerate(rows) if _marker_only(row)] if fresh and cover is None else []
    if lone:
        out = [row + [None] for i, row in enumerate(rows) if i not in lone]
        out += [rows[lone[min(j, len(lone) - 1)]] + [u] for j, u in enumerate(fresh)]
        return out
    out = [row + [cover] for row in rows]
    out += [[None] * k + [u] for u in fresh]
    return out


def _marker_only(row: list[_Unit | None]) -> bool:
    """A passage that so far has only ever been a marker standing alone."""
    return all(u is None or (u.markers and not u.words) for u in row) and any(u is not None for u in row)


def _reference(row: list[_Unit | None]) -> _Unit:
    """The fullest form of a passage so far (fewest markers)."""
    return min((u for u in row if u is not None), key=lambda u: (u.markers, -len(u.words)))


def _same_passage(ref: _Unit, u: _Unit, tuning: _tuning.HistoryTuning) -> bool:
    """The same passage: the same words up to OCR noise, or the words of one with markers standing
    in for the rest (withheld in one, released in the other)."""
    if ref.keys == u.keys:
        return True
    if not ref.words or not u.words:
        return False
    if not ref.markers and not u.markers:
        return bool(fuzz.ratio(" ".join(ref.words), " ".join(u.words)) >= tuning.noise_ratio)
    # one withheld form against the other: the words the shorter keeps must be found, in order, in the other
    shorter, longer = (ref, u) if len(ref.words) <= len(u.words) else (u, ref)
    sm = SequenceMatcher(None, shorter.words, longer.words, autojunk=False)
    kept = sum(b.size for b in sm.get_matching_blocks())
    # a word beside a marker may be partly covered ("w" of "with"): it need not be found
    keys = shorter.keys
    partial = sum(1 for i, key in enumerate(keys) if key and ((i and not keys[i - 1]) or (i + 1 < len(keys)
                                                                                          and not keys[i + 1])))
    need = tuning.withheld_kept * max(1, len(shorter.words) - partial)
    return kept >= need and kept >= tuning.min_kept_words
