"""Compare: the whole pipeline, from two texts to a DocumentDiff.

Both versions are read first (paragraphs, heading candidates), because each one's headings are
decided with the other's as evidence. Content is matched across the whole documents before any
section is paired; the pairing follows the content, and matched passages that left their section
are moves. Only then is each section pair word-diffed and each change classified.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from .align import align_sections
from .classify import classify_change, marker_tokens
from .conventions import PROFILE_IDS, Conventions, detect_profiles, profile_evidence, profiles_shown
from .conventions.tuning import OCR, PARALLEL, OcrTuning
from .errors import ConfigError
from .extract import read_document
from .furniture import recurring_texts
from .headings import Candidate, Evidence, Prepared, decide_headings, evidence_of, prepare_headings, propose_headings
from .lines import line_starts
from .markup import MARKUP_FORMATS, read_markup
from .matching import content_flows, section_units
from .model import (
    Change,
    ChangeKind,
    Document,
    DocumentDiff,
    Furniture,
    Layout,
    Move,
    Options,
    Paragraph,
    RawChange,
    Section,
    SectionDiff,
    SectionPair,
    SectionStatus,
    Source,
    Span,
    Token,
)
from .moves import MIN_MOVED_WORDS, FixedPoints, PassageMove, TextMove, find_moved_text, find_moves
from .normalize import FurnitureReader, find_paragraphs, join_paragraph, rejoin_page_breaks, text_without_furniture
from .parallel import fork_pair
from .passages import diff_paragraphs, diff_sections, diff_tokens
from .sections import split_sections
from .tokens import KeyContext, broken_words, make_key_context, max_tokens, slug_words, tokenize


@dataclass(frozen=True, slots=True)
class _Read:
    source: Source
    ctx: KeyContext
    paragraphs: tuple[Paragraph, ...]
    layout: Layout
    candidates: list[Candidate]
    headings: list[Candidate] | None = None   # decided with the other version's as evidence (_read_pair)


def _read(source: Source, options: Options) -> _Read:
    """One version on its own evidence."""
    ctx = make_key_context(source.text, options, source.format)
    return _Read(source, ctx, *_found(source, options, ctx, None))


def _read_pair(old_src: Source, new_src: Source, options: Options, workers: int = 1
               ) -> tuple[_Read, _Read, Options, tuple[tuple[str, str], ...]]:
    """Both versions, and the options with the release profiles they follow (applied_profiles).
    Each one's page furniture is proven with the other's as evidence too, each hyphenated word is
    folded alike in both (tokens.broken_words, tokens.slug_words), and each one's headings are
    decided on its own evidence, then with the other's. With 2 `workers`, long versions are read
    at the same time (parallel.fork_pair), in five steps that exchange what each version shows
    the other; headings are decided after those steps where a page break may first be rejoined."""
    sources = (old_src, new_src)
    # a version in plain text against one in markup folds the same marks (the structure stays its own)
    marks = next((s.format for s in sources if s.format in MARKUP_FORMATS), None)
    if sum(len(s.text) for s in sources) < PARALLEL.read_min_chars:
        workers = 1
    _with_profiles(options, ())            # an unknown profile is the caller's error, raised here

    def profiles(k: int):
        """What this version shows of each release profile."""
        evidence = profile_evidence(sources[k].text) if options.detect_profiles else ()
        return evidence, evidence

    def furniture(k: int, own_profiles, other_profiles):
        """This version's furniture on its own evidence, and what the other version needs of it."""
        src = sources[k]
        shown = profiles_shown(*(e for e in (own_profiles, other_profiles) if e))
        opts, _how = _with_profiles(options, shown)
        reader = FurnitureReader(src.text, opts, make_key_context(src.text, opts, src.format, None, frozenset(),
                                                                  frozenset()), src.format)
        proven = reader.prove()
        seen = frozenset(f.text for f in proven)
        hyphens = (broken_words(src.text), slug_words(src.text))
        return (opts, reader, seen, proven, hyphens), (seen, recurring_texts(proven), hyphens)

    def paragraphs(k: int, state, other):
        """This version read with the other's furniture and hyphenated words as evidence too."""
        opts, reader, seen, proven, (broken, slugs) = state
        other_seen, other_recurring, (other_broken, other_slugs) = other
        if other_seen - seen or other_recurring - seen:
            proven = reader.prove(other_seen, other_recurring)
        hyphens = (broken | other_broken, slugs | other_slugs)
        ctx = make_key_context(sources[k].text, opts, sources[k].format, marks, *hyphens)
        found = (*_found(sources[k], opts, ctx, proven), hyphens)
        return (opts, found), _paged(sources[k].text, found[1])

    def alone(k: int, state, other_paged):
        """This version's headings on its own evidence, unless a page break may yet be rejoined."""
        opts, found = state
        paras, layout, candidates, _ = found
        if not opts.strict and (other_paged or _paged(sources[k].text, layout)):
            return (opts, found, None), None
        prepared, evidence = _alone(sources[k].text, paras, candidates)
        return (opts, found, prepared), evidence

    def headings(k: int, state, other_evidence):
        """... and again with the other version's as evidence."""
        opts, found, prepared = state
        if prepared is None or other_evidence is None:
            return opts, found, None
        paras, _, candidates, _ = found
        return opts, found, decide_headings(sources[k].text, paras, candidates, other=other_evidence,
                                            prepared=prepared)

    # the child reads the shorter version: its result is then ready when the parent has read its own
    done = fork_pair(profiles, furniture, paragraphs, alone, headings, workers=workers,
                     child=int(len(new_src.text) < len(old_src.text)))
    found = [f for _, f, _ in done]
    options, how = _with_profiles(options, done[0][0].profiles)    # both read with the same profiles
    ctxs = [make_key_context(src.text, options, src.format, marks, *hyphens)
            for src, (_, _, _, hyphens) in zip(sources, found)]
    read = []
    for k, (paras, layout, candidates, _) in enumerate(found):
        if done[k][2] is None:    # paged: a page break the other version does not have cuts no paragraph
            joined = rejoin_page_breaks(sources[k].text, paras, layout.furniture, ctxs[k],
                                        frozenset(p.key for p in found[1 - k][0]))
            if joined is not paras:
                paras, candidates = joined, _candidates(sources[k], joined, ctxs[k])
        read.append(_Read(sources[k], ctxs[k], paras, layout, candidates, done[k][2]))
    if read[0].headings is None:           # not decided in the steps (paged): decided here, as there
        (po, ev_o), (pn, ev_n) = (_alone(r.source.text, r.paragraphs, r.candidates) for r in read)
        read = [replace(r, headings=decide_headings(r.source.text, r.paragraphs, r.candidates, other=ev,
                                                    prepared=prepared))
                for r, prepared, ev in ((read[0], po, ev_n), (read[1], pn, ev_o))]
    return read[0], read[1], options, how


def _paged(text: str, layout: Layout) -> bool:
    """A version with pages: page furniture set aside, or form feeds."""
    return bool(layout.furniture) or "\f" in text


def _alone(text: str, paragraphs: tuple[Paragraph, ...], candidates: list[Candidate]) -> tuple[Prepared, Evidence]:
    """A version's heading evidence prepared, and what its headings decided on their own tell the other."""
    prepared = prepare_headings(text, paragraphs, candidates)
    return prepared, evidence_of(decide_headings(text, paragraphs, candidates, prepared=prepared), text)


def _found(source: Source, options: Options, ctx: KeyContext, furniture: list[Furniture] | None
           ) -> tuple[tuple[Paragraph, ...], Layout, list[Candidate]]:
    """One version's paragraphs, layout and heading candidates (a job of _read_pair)."""
    paragraphs, layout = find_paragraphs(source.text, options, ctx, source.format, furniture)
    return paragraphs, layout, _candidates(source, paragraphs, ctx)


def _candidates(source: Source, paragraphs: tuple[Paragraph, ...], ctx: KeyContext) -> list[Candidate]:
    return propose_headings(source.text, paragraphs, ctx, source.format)


def _orientation(r: _Read) -> str:
    """What decides a pair's canonical orientation: the version's content, not its layout."""
    return "\n".join(p.key for p in r.paragraphs)


def _document(r: _Read, headings: list[Candidate]) -> Document:
    sections = split_sections(r.source.text, r.paragraphs, headings, r.ctx)
    return Document(r.source, sections, r.layout, line_starts(r.source.text))


def applied_profiles(options: Options, *texts: str) -> tuple[Options, tuple[tuple[str, str], ...]]:
    """The options with every release profile to apply: the chosen ones, then those the texts
    clearly follow (unless detection is off); and each with how it came to apply."""
    return _with_profiles(options, detect_profiles(*texts) if options.detect_profiles else ())


def _with_profiles(options: Options, shown: tuple[str, ...]) -> tuple[Options, tuple[tuple[str, str], ...]]:
    """applied_profiles, the profiles the texts show already known."""
    for name in options.profiles:
        if name not in PROFILE_IDS:
            raise ConfigError("profiles", f"unknown profile {name!r} (known: {', '.join(PROFILE_IDS)})")
    chosen = tuple(dict.fromkeys(options.profiles))
    detected = tuple(p for p in shown if p not in chosen) if options.detect_profiles else ()
    how = tuple((p, "chosen") for p in chosen) + tuple((p, "detected") for p in detected)
    return replace(options, profiles=chosen + detected, detect_profiles=False), how


def parse_document(source: Source, options: Options = Options()) -> tuple[Document, KeyContext]:
    """Normalise and section one source on its own evidence (no other version to weigh)."""
    options, _ = applied_profiles(options, source.text)
    r = _read(source, options)
    return _document(r, decide_headings(source.text, r.paragraphs, r.candidates)), r.ctx


@dataclass(frozen=True, slots=True)
class HeadingDecision:
    """Why a short paragraph is, or is not, a heading: the belief and the evidence behind it."""

    line: int
    text: str
    style: str
    heading: bool
    belief: float
    evidence: tuple[tuple[str, float], ...]


def explain_structure(source: Source, options: Options = Options(), other: Source | None = None
                      ) -> tuple[list[HeadingDecision], Layout]:
    """Every heading candidate of a source with its decision and evidence (with `other`, as in a
    comparison with that version), and what normalisation set aside."""
    options, _ = applied_profiles(options, source.text, *([other.text] if other is not None else []))
    if other is not None:
        r, ro, _, _ = _read_pair(source, other, options)
        other_ev = evidence_of(decide_headings(other.text, ro.paragraphs, ro.candidates), other.text)
    else:
        r, other_ev = _read(source, options), None
    log: list = []
    decide_headings(source.text, r.paragraphs, r.candidates, other=other_ev, explain=log)
    starts = line_starts(source.text)
    out = [HeadingDecision(bisect_right(starts, c.start), " ".join(source.text[c.start:c.end].split()), c.style,
                           accepted, belief, ev) for c, belief, accepted, ev in log]
    return out, r.layout


def compare_files(old_path: str, new_path: str, options: Options = Options(), *,
                  encoding: str | None = None, workers: int = 1) -> DocumentDiff:
    """Compare two files of any supported format (text, Markdown, HTML, PDF, DOCX)."""
    return compare_documents(read_document(old_path, encoding=encoding),
                             read_document(new_path, encoding=encoding), options, workers=workers)


def compare_texts(old_text: str, new_text: str, options: Options = Options()) -> DocumentDiff:
    """Convenience for callers and tests that already hold the texts."""
    def src(name, text):
        return Source(name, text, "utf-8", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return compare_documents(src("old", old_text), src("new", new_text), options)


def _as_markup(old_src: Source, new_src: Source) -> tuple[Source, Source]:
    """Two versions of one document, one named .md (or .rst): its name says how both are written (a
    copy saved as .txt is the same document: PEPs were .txt before they were .rst), unless the text
    version shows none of the headings the markup has (an OCR text against a Markdown
    transcription: read as Markdown, its `II. RUSSIAN …` headings would be plain lines)."""
    fmts = {old_src.format, new_src.format}
    if "text" not in fmts or len(fmts) != 2 or not fmts & set(MARKUP_FORMATS):
        return old_src, new_src
    marked, txt = (old_src, new_src) if old_src.format != "text" else (new_src, old_src)
    fmt = marked.format
    ours, theirs = read_markup(marked.text, fmt), read_markup(txt.text, fmt)
    if ours is not None and theirs is not None and ours.headings and not theirs.headings:
        return old_src, new_src
    return replace(old_src, format=fmt), replace(new_src, format=fmt)


def compare_documents(old_src: Source, new_src: Source, options: Options = Options(), *,
                      workers: int = 1) -> DocumentDiff:
    """Decide the structure of both, match content, pair sections, diff each pair, classify.
    `workers`: with 2, long versions are read at the same time, one by a forked child
    (parallel.fork_pair); the diff is the same."""
    old_src, new_src = _as_markup(old_src, new_src)
    ro, rn, options, profiles = _read_pair(old_src, new_src, options, workers)
    # each version's headings on its own evidence first, then again with the other's (in _read_pair)
    assert ro.headings is not None and rn.headings is not None
    old, new = _document(ro, ro.headings), _document(rn, rn.headings)
    # The engines break ties (equally long LCS, equally good pairings) by position, so the diff is
    # always computed in one canonical orientation and mirrored when needed: swapping old and new
    # then swaps added/removed and redacted/revealed exactly. The orientation is chosen from the
    # layout-free paragraph keys, never from the bytes: a CRLF, BOM, other-encoding or re-wrapped
    # copy of a version gives the same diff as the version itself.
    flip = (_orientation(ro), old_src.text) > (_orientation(rn), new_src.text)
    a, b = (new, old) if flip else (old, new)
    units_a, units_b = section_units(a.sections), section_units(b.sections)
    pairs = align_sections(a.sections, b.sections, content_flows(units_a, units_b))
    found = find_moves(units_a, units_b, pairs, titles=(
        [s.heading.title_key if s.heading else "" for s in a.sections],
        [s.heading.title_key if s.heading else "" for s in b.sections]))
    if flip:
        pairs = tuple(SectionPair(p.new, p.old, p.moved) for p in pairs)
        found = sorted((PassageMove(m.new_section, m.new_para, m.old_section, m.old_para, m.in_order) for m in found),
                       key=lambda m: (m.new_section, m.new_para))
    else:
        found = sorted(found, key=lambda m: (m.new_section, m.new_para))
    moves, move_changes, move_equal, move_total = _moves(old, new, found, ro.ctx, rn.ctx, flip)
    out_of = _moved_paragraphs(found, "old")
    into = _moved_paragraphs(found, "new")
    diffs = []
    equal_chars, total_chars = move_equal, move_total
    for pair in _reading_order(pairs):
        o = old.sections[pair.old] if pair.old is not None else None
        n = new.sections[pair.new] if pair.new is not None else None
        d, eq, tot = _diff_pair(old, new, o, n, pair, ro.ctx, rn.ctx, flip, out_of, into)
        if n is not None and n.index in move_changes:
            d = replace(d, changes=tuple(sorted(d.changes + move_changes[n.index], key=_change_order)))
        d = replace(d, moves_in=tuple(k for k, m in enumerate(moves) if n is not None and m.new_section == n.index),
                    moves_out=tuple(k for k, m in enumerate(moves) if o is not None and m.old_section == o.index))
        if d.status is SectionStatus.UNCHANGED and (d.changes or d.moves_in or d.moves_out):
            d = replace(d, status=SectionStatus.CHANGED)
        diffs.append(d)
        equal_chars += eq
        total_chars += tot
    diffs, stayed = _stayed_in_place(old, new, diffs, ro.ctx, rn.ctx)
    diffs, moves, kept = _relocate(old, new, diffs, moves, ro.ctx, rn.ctx, flip)
    equal_chars += kept + stayed
    similarity = round(min(1.0, equal_chars / total_chars), 4) if total_chars else 1.0
    diffs = _mark_leaks(diffs, old_src, new_src)
    if (old_src.pdf and old_src.pdf.ocr_pages) or (new_src.pdf and new_src.pdf.ocr_pages):
        diffs, noise = _set_aside_ocr_noise(diffs)
        if noise:
            old = replace(old, layout=replace(old.layout, ocr_words=noise))
            new = replace(new, layout=replace(new.layout, ocr_words=noise))
    return DocumentDiff(old, new, tuple(diffs), similarity, options, moves, profiles)


_EDGE_PUNCT = "\"'.,;:!?()[]{}<>|-–—‘’“”"


def _ocr_alike(a: str, b: str, tuning: OcrTuning = OCR) -> bool:
    """Two words one OCR pass may read either way: equal but for punctuation at their ends or
    letter case, or (both long enough) alike character by character ("Counal" / "Council")."""
    from rapidfuzz.distance import Indel
    a, b = a.strip(_EDGE_PUNCT).casefold(), b.strip(_EDGE_PUNCT).casefold()
    if a == b:
        return True
    if min(len(a), len(b)) < tuning.near_match_min_chars:
        return False
    return Indel.normalized_similarity(a, b) >= tuning.near_match


def _ocr_noise(c: Change) -> int:
    """How many words of a change are OCR noise when the whole change is (0 when it is not):
    punctuation alone, or the same number of words each read alike."""
    old = c.old.text.split() if c.old else []
    new = c.new.text.split() if c.new else []
    if c.kind in (ChangeKind.REDACTED, ChangeKind.REVEALED) or c.move is not None:
        return 0
    if not any(ch.isalnum() for ch in " ".join(old + new)):
        return max(1, len(old), len(new))
    if c.kind is ChangeKind.MODIFIED and len(old) == len(new) and all(map(_ocr_alike, old, new)):
        return len(old)
    return 0


def _set_aside_ocr_noise(diffs: list[SectionDiff]) -> tuple[list[SectionDiff], int]:
    """Text read by OCR differs from scan to scan by noise: a change made only of words read
    alike is layout, counted, not a change (the passage diff would drown a release in them)."""
    out, total = [], 0
    for d in diffs:
        kept = []
        for c in d.changes:
            n = _ocr_noise(c)
            total += n
            if not n:
                kept.append(c)
        if len(kept) != len(d.changes):
            d = replace(d, changes=tuple(kept))
            if d.status is SectionStatus.CHANGED and not (kept or d.moves_in or d.moves_out or d.moved
                                                            or d.renumbered or d.renamed or d.recased):
                d = replace(d, status=SectionStatus.UNCHANGED)
        out.append(d)
    return out, total


def _mark_leaks(diffs: list[SectionDiff], old: Source, new: Source) -> list[SectionDiff]:
    """Changes that cover text a PDF hides from its reader but still holds (a failed redaction)
    are flagged `leaked`: the change reads as the reader sees it, the flag says what is under it."""
    hidden_o = [(h.start, h.end) for h in old.pdf.hidden] if old.pdf else []
    hidden_n = [(h.start, h.end) for h in new.pdf.hidden] if new.pdf else []
    if not hidden_o and not hidden_n:
        return diffs

    def covers(span: Span | None, hidden: list[tuple[int, int]]) -> bool:
        return span is not None and any(start <= span.end and span.start <= end for start, end in hidden)

    return [replace(d, changes=tuple(replace(c, leaked=True) if covers(c.old, hidden_o) or covers(c.new, hidden_n)
                                     else c for c in d.changes)) for d in diffs]


_RELOCATABLE = (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.MODIFIED)


def _stayed_in_place(old: Document, new: Document, diffs: list[SectionDiff], octx, nctx
                     ) -> tuple[list[SectionDiff], int]:
    """A text removed from one section and added, word for word, to another where it stands in
    document order (it crosses no text kept): a section boundary moved past it, the text did not
    change. Of any length: a short code block under a new sub-heading read as removed and added
    (PEP 646), where the prose around it was silent. Returns the diffs and the key chars kept."""
    fur_o, fur_n = _furniture_starts(old), _furniture_starts(new)
    removed: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)   # -> section, change, offset
    for si, d in enumerate(diffs):
        for ci, c in enumerate(d.changes):
            if c.kind is ChangeKind.REMOVED and c.old is not None and c.move is None:
                key = tuple(t.key for t in _side_tokens(old, c.old, octx, fur_o) if not t.marker)
                if key:
                    removed[key].append((si, ci, c.old.start))
    if not removed:
        return diffs, 0
    order = _kept_text(diffs)
    gone: set[tuple[int, int]] = set()
    kept = 0
    for si, d in enumerate(diffs):
        for ci, c in enumerate(d.changes):
            if c.kind is not ChangeKind.ADDED or c.new is None or c.move is not None:
                continue
            key = tuple(t.key for t in _side_tokens(new, c.new, nctx, fur_n) if not t.marker)
            for so, co, start in removed.get(key, ()):
                if (so, co) not in gone and order.in_order(start, c.new.start):
                    gone |= {(so, co), (si, ci)}
                    kept += 2 * sum(len(k) for k in key)
                    break
    if not gone:
        return diffs, 0
    out = []
    for si, d in enumerate(diffs):
        changes = tuple(c for ci, c in enumerate(d.changes) if (si, ci) not in gone)
        out.append(replace(d, changes=changes, status=_status_left(d, changes)))
    return out, kept


def _status_left(d: SectionDiff, changes, moved: bool = False) -> SectionStatus:
    """A changed pair's status once some of its changes were carved out: unchanged when nothing is
    left of them and no passage moved in or out (`moved`: one does now)."""
    if (d.status is SectionStatus.CHANGED and not changes and not d.recased and not moved
            and not d.moves_in and not d.moves_out):
        return SectionStatus.UNCHANGED
    return d.status


def _relocate(old: Document, new: Document, diffs: list[SectionDiff], moves: tuple[Move, ...], octx, nctx,
              flip: bool):
    """Text removed in one place and added in another (a sentence moved into another paragraph or
    section) is a move, not a removal plus an addition: carve it out of those changes."""
    old_runs, new_runs, where = [], [], {}
    fur_o, fur_n = _furniture_starts(old), _furniture_starts(new)
    for si, d in enumerate(diffs):
        for ci, c in enumerate(d.changes):
            if c.kind not in _RELOCATABLE or c.move is not None or c.case_only or c.reason is not None:
                continue
            where[(si, ci)] = c
            # a side too short to hold a moved run is not tokenised (most edits are a word or two)
            if c.old is not None and c.kind is not ChangeKind.ADDED and _may_hold_move(old, c.old):
                old_runs.append(((si, ci), _span_tokens(old, c.old, octx, fur_o)))
            if c.new is not None and c.kind is not ChangeKind.REMOVED and _may_hold_move(new, c.new):
                new_runs.append(((si, ci), _span_tokens(new, c.new, nctx, fur_n)))
    if not old_runs or not new_runs:
        return diffs, moves, 0
    sizes = (len(old.text), len(new.text))
    if flip:       # computed in the canonical orientation, like everything else, then mirrored
        found = [TextMove(m.new_run, m.k, m.l, m.old_run, m.i, m.j)
                 for m in find_moved_text(new_runs, old_runs, sizes[::-1])]
    else:
        found = find_moved_text(old_runs, new_runs, sizes)
    found = [m for m in found if not _into_copy(diffs[old_runs[m.old_run][0][0]], diffs[new_runs[m.new_run][0][0]])]
    if not found:
        return diffs, moves, 0
    order = _kept_text(diffs)
    cut_old: dict[tuple[int, int], list[tuple[int, int]]] = {}
    cut_new: dict[tuple[int, int], list[tuple[int, int]]] = {}
    new_moves = list(moves)
    arrivals: dict[int, list[int]] = {}
    departures: dict[int, list[int]] = {}
    kept = 0
    inner: dict[int, list[Change]] = {}
    for m in found:
        (so, co), toks_o = old_runs[m.old_run]
        (sn, cn), toks_n = new_runs[m.new_run]
        a, b = toks_o[m.i:m.j], toks_n[m.k:m.l]
        kept += 2 * sum(len(t.key) for t in a)
        if order.in_order(a[0].start, b[0].start):
            cut_old.setdefault((so, co), []).append((m.i, m.j))
            cut_new.setdefault((sn, cn), []).append((m.k, m.l))
            continue         # in its place in the document: a paragraph or section boundary moved, not the text
        # the moved sentence edited at its ends ("… granted in [this Section] / [Sections D.4 — D.7]."):
        # the edit moved with it, as the moved passage's inner diff
        i, j, k_, l_ = _widen(m, toks_o, toks_n, found)
        cut_old.setdefault((so, co), []).append((i, j))
        cut_new.setdefault((sn, cn), []).append((k_, l_))
        a, b = toks_o[i:j], toks_n[k_:l_]
        k = len(new_moves)
        sim = 1.0
        edits: list[Change] = []
        if (i, j, k_, l_) != (m.i, m.j, m.k, m.l):
            if flip:
                raw, eq, tot = diff_tokens(list(b), list(a), b[0].start, a[0].start, new.text, old.text, nctx, octx)
                raw = [_mirror(rc) for rc in raw]
            else:
                raw, eq, tot = diff_tokens(list(a), list(b), a[0].start, b[0].start, old.text, new.text, octx, nctx)
            edits = [replace(_make_change(old, new, rc, nctx.conventions), move=k) for rc in raw]
            inner.setdefault(sn, []).extend(edits)
            sim = round(eq / tot, 4) if tot else 1.0
        left, reached = diffs[so].old, diffs[sn].new
        new_moves.append(Move(_span(old, a[0].start, a[-1].end), _span(new, b[0].start, b[-1].end),
                              left.index if left else 0, reached.index if reached else 0, sim, tuple(edits)))
        departures.setdefault(so, []).append(k)
        arrivals.setdefault(sn, []).append(k)
    tokens_old = {cid: toks for cid, toks in old_runs}
    tokens_new = {cid: toks for cid, toks in new_runs}
    out = []
    for si, d in enumerate(diffs):
        changes: list[Change] = []
        for ci, c in enumerate(d.changes):
            cid = (si, ci)
            if cid not in cut_old and cid not in cut_new:
                changes.append(c)
                continue
            # a side too short to have been tokenised above still keeps its words
            toks_o = tokens_old[cid] if cid in tokens_old else \
                _side_tokens(old, c.old, octx, fur_o) if c.kind is not ChangeKind.ADDED else ()
            toks_n = tokens_new[cid] if cid in tokens_new else \
                _side_tokens(new, c.new, nctx, fur_n) if c.kind is not ChangeKind.REMOVED else ()
            left_o = _leftover(toks_o, cut_old.get(cid, ()))
            left_n = _leftover(toks_n, cut_new.get(cid, ()))
            for k in range(max(len(left_o), len(left_n))):
                ro = left_o[k] if k < len(left_o) else ()
                rn = left_n[k] if k < len(left_n) else ()
                if c.new is None or c.old is None:      # the text of a section on one side only stays one-sided
                    one = _span(old, ro[0].start, ro[-1].end) if c.new is None and ro else \
                        _span(new, rn[0].start, rn[-1].end) if c.old is None and rn else None
                    if one is not None:
                        changes.append(Change(c.kind, one if c.new is None else None, one if c.old is None else None))
                    continue
                changes.append(_make_change(old, new, RawChange(ro, rn, c.old.end, c.new.end), nctx.conventions))
        changes += inner.get(si, [])
        status = _status_left(d, changes, moved=si in arrivals or si in departures)
        out.append(replace(d, changes=tuple(sorted(changes, key=_change_order)), status=status,
                           moves_in=d.moves_in + tuple(arrivals.get(si, ())),
                           moves_out=d.moves_out + tuple(departures.get(si, ()))))
    return out, tuple(new_moves), kept


def _kept_text(diffs: list[SectionDiff]) -> FixedPoints:
    """Where the equal text of section pairs resumes, as (old offset, new offset) points: paired
    headings, and the end of each change inside a pair that more of the pair's text follows. A
    text found removed at one place and added at another that crossed none of them (a paragraph
    joined into the one before it under a heading added above both) moved nowhere."""
    points: list[tuple[int, int]] = []
    for d in diffs:
        if d.old is None or d.new is None:
            continue
        points.append((d.old.start, d.new.start))
        old_end, new_end = _content_end(d.old), _content_end(d.new)
        points += [(c.old.end, c.new.end) for c in d.changes
                   if c.old is not None and c.new is not None and c.old.end < old_end and c.new.end < new_end]
    return FixedPoints(points)


MOVE_EDGE_WORDS = 6      # words at a moved sentence's end (or start) edited with it: "this Section" / "Sections D.4"


def _widen(m: TextMove, toks_o: tuple, toks_n: tuple, found: list[TextMove]) -> tuple[int, int, int, int]:
    """A moved run of equal words widened to the ends of its sentence on both sides where what
    lies between is short (at most MOVE_EDGE_WORDS words each side) and holds no other moved run:
    the sentence moved with its edited end, rather than the equal part moved and the edit left behind."""
    def end_after(toks, pos: int) -> int | None:
        """Index just past the sentence end at or after pos, within the word budget."""
        words = 0
        for e in range(pos, len(toks)):
            t = toks[e]
            words += any(ch.isalnum() for ch in t.key)
            if words > MOVE_EDGE_WORDS:
                return None
            if t.key in (".", "!", "?", ";") and (e + 1 == len(toks) or toks[e + 1].start > t.end):
                return e + 1
        return len(toks) if toks else None

    def start_before(toks, pos: int) -> int | None:
        """Index of the sentence start at or before pos, within the word budget."""
        words = 0
        for e in range(pos - 1, -1, -1):
            t = toks[e]
            if t.key in (".", "!", "?", ";") and toks[e + 1].start > t.end:
                return e + 1
            words += any(ch.isalnum() for ch in t.key)
            if words > MOVE_EDGE_WORDS:
                return None
        return 0

    def free(run: int, lo: int, hi: int, side: str) -> bool:
        return not any(o is not m and (o.old_run if side == "old" else o.new_run) == run
                       and lo < (o.j if side == "old" else o.l) and (o.i if side == "old" else o.k) < hi
                       for o in found)
    i, j, k, l_ = m.i, m.j, m.k, m.l
    if j < len(toks_o) and l_ < len(toks_n):
        ej, el = end_after(toks_o, j), end_after(toks_n, l_)
        if ej is not None and el is not None and free(m.old_run, j, ej, "old") and free(m.new_run, l_, el, "new"):
            j, l_ = ej, el
    if i > 0 and k > 0:
        si, sk = start_before(toks_o, i), start_before(toks_n, k)
        if si is not None and sk is not None and free(m.old_run, si, i, "old") and free(m.new_run, sk, k, "new"):
            i, k = si, sk
    return i, j, k, l_


def _into_copy(source: SectionDiff, target: SectionDiff) -> bool:
    """Text of a section found in another section of the same title (its copy, added whole) is
    the copy's own text, not a move."""
    o, n = source.old, target.new
    return (o is not None and n is not None and source is not target and o.heading is not None
            and n.heading is not None and bool(o.heading.title_key) and o.heading.title_key == n.heading.title_key)


def _leftover(tokens: tuple, cuts: Iterable[tuple[int, int]]) -> list[tuple]:
    """The runs of tokens left once the moved ranges are cut out."""
    if not tokens:
        return []
    out, pos = [], 0
    for i, j in sorted(cuts):
        if i > pos:
            out.append(tuple(tokens[pos:i]))
        pos = max(pos, j)
    if pos < len(tokens):
        out.append(tuple(tokens[pos:]))
    return [r for r in out if any(any(ch.isalnum() for ch in t.key) or t.marker for t in r)]


def _furniture_starts(doc: Document) -> frozenset[int]:
    """Where the lines set aside as page furniture start (what _span_tokens leaves out)."""
    return frozenset(f.line_start for f in doc.layout.furniture)


def _side_tokens(doc: Document, span: Span | None, ctx, furniture: frozenset[int]) -> tuple:
    return _span_tokens(doc, span, ctx, furniture) if span is not None and span.end > span.start else ()


def _may_hold_move(doc: Document, span: Span) -> bool:
    return span.end - span.start >= MIN_MOVED_WORDS and \
        max_tokens(doc.text[span.start:span.end]) >= MIN_MOVED_WORDS


def _span_tokens(doc: Document, span: Span, ctx, furniture: frozenset[int]) -> tuple:
    """The tokens of a span of a document, its page-furniture lines (their starts) left out."""
    lines, pos = [], span.start
    for line in doc.text[span.start:span.end].split("\n"):
        line_start = doc.text.rfind("\n", 0, pos) + 1 if pos > span.start else pos
        if line_start not in furniture and pos not in furniture and line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    return tuple(tokenize(doc.text, tuple(lines), ctx)) if lines else ()


def _change_order(c: Change) -> tuple[int, int]:
    return (c.new.start if c.new else 0, c.old.start if c.old else 0)


def _moved_paragraphs(found: list[PassageMove], side: str) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for m in found:
        sec, para = (m.old_section, m.old_para) if side == "old" else (m.new_section, m.new_para)
        out.setdefault(sec, set()).add(para)
    return out


def _moves(old: Document, new: Document, found: list[PassageMove], octx, nctx, flip: bool):
    """Each moved passage with its inner diff; the inner changes also belong to the section the
    passage moved to. A passage in document order (in_order) is diffed the same way, its changes
    going to its new section as ordinary ones, but it is no Move."""
    moves: list[Move] = []
    by_section: dict[int, tuple[Change, ...]] = {}
    equal = total = 0
    for m in found:
        po = old.sections[m.old_section].paragraphs[m.old_para]
        pn = new.sections[m.new_section].paragraphs[m.new_para]
        if flip:
            raw, eq, tot = diff_paragraphs(new.text, old.text, pn, po, nctx, octx)
            raw = [_mirror(rc) for rc in raw]
        else:
            raw, eq, tot = diff_paragraphs(old.text, new.text, po, pn, octx, nctx)
        index = None if m.in_order else len(moves)
        changes = tuple(replace(_make_change(old, new, rc, nctx.conventions), move=index) for rc in raw)
        equal += eq
        total += tot
        sim = round(eq / tot, 4) if tot else 1.0
        if not m.in_order:
            moves.append(Move(_span(old, po.start, po.end), _span(new, pn.start, pn.end), m.old_section,
                              m.new_section, sim, changes))
        by_section[m.new_section] = by_section.get(m.new_section, ()) + changes
    return tuple(moves), by_section, equal, total


def _mirror(rc: RawChange) -> RawChange:
    return RawChange(rc.new, rc.old, rc.new_pos, rc.old_pos, rc.reason_changed)


def _diff_pair(old: Document, new: Document, o: Section | None, n: Section | None, pair: SectionPair,
               octx, nctx, flip: bool, out_of: dict[int, set[int]], into: dict[int, set[int]]
               ) -> tuple[SectionDiff, int, int]:
    if o is None or n is None:
        doc, sec = (new, n) if o is None else (old, o)
        assert sec is not None        # a pair holds a section on one side at least
        gone = (into if o is None else out_of).get(sec.index, set())
        kind = ChangeKind.ADDED if o is None else ChangeKind.REMOVED
        changes = tuple(Change(kind, None, span) if o is None else Change(kind, span, None)
                        for span in _unmoved_spans(doc, sec, gone))
        status = SectionStatus.ADDED if o is None else SectionStatus.REMOVED
        return SectionDiff(status, o, n, False, False, False, 0.0, changes), 0, _section_chars(sec, gone)
    ex_o, ex_n = out_of.get(o.index, set()), into.get(n.index, set())
    if flip:
        raw, equal, total = diff_sections(new.text, old.text, n, o, nctx, octx, exclude_old=ex_n, exclude_new=ex_o)
        raw = [_mirror(rc) for rc in raw]
    else:
        raw, equal, total = diff_sections(old.text, new.text, o, n, octx, nctx, exclude_old=ex_o, exclude_new=ex_n)
    holes_o = [(p.start, p.end) for k, p in enumerate(o.paragraphs) if k in ex_o]
    holes_n = [(p.start, p.end) for k, p in enumerate(n.paragraphs) if k in ex_n]
    if holes_o or holes_n:
        raw = [part for rc in raw for part in _split_at_holes(rc, holes_o, holes_n)]
    raw, codes, coded = _without_lone_codes(raw, old.text, new.text, octx, nctx)
    changes = tuple(_with_code(_make_change(old, new, rc, nctx.conventions), coded.get(k))
                    for k, rc in enumerate(raw))
    oh, nh = o.heading, n.heading
    recased = bool(oh and nh and oh.title_key == nh.title_key and oh.case_key != nh.case_key)
    renamed = bool(oh and nh and oh.title_key != nh.title_key)
    # a number dropped or given is a renumbering too ("#### 2. No Abuse" -> "#### No Abuse")
    renumbered = bool(oh and nh and (oh.number_key or nh.number_key) and oh.number_key != nh.number_key)
    status = SectionStatus.CHANGED if changes or recased else SectionStatus.UNCHANGED
    sim = round(equal / total, 4) if total else 1.0
    withheld = sum(len(text_without_furniture(old.text, old.layout.furniture, c.old.start, c.old.end))
                   for c in changes if c.kind is ChangeKind.REDACTED and c.old)
    return (SectionDiff(status, o, n, pair.moved, renamed, renumbered, sim, changes, withheld, recased,
                        margin_codes=codes), equal, total)


def _without_lone_codes(raw: list[RawChange], old_text: str, new_text: str, octx: KeyContext, nctx: KeyContext
                        ) -> tuple[list[RawChange], tuple[int, int], dict[int, str]]:
    """Drop the changes that are only margin codes coming or going (B6 alone on a line), counted:
    the words a code stands beside keep their own state, so a code dropped from the margin while
    the gap stays is no release, and one added beside an existing gap is no redaction. A dropped
    code still names the reason of the change that follows it on the next lines (the words it
    stood beside): returned by that change's index among those kept."""
    def lone(tokens, text, ctx) -> bool:
        return bool(tokens) and all(t.marker and ctx.conventions.is_annotation(text[t.start:t.end]) for t in tokens)
    if not (octx.conventions.annotation_shapes or nctx.conventions.annotation_shapes):
        return raw, (0, 0), {}
    kept: list[RawChange] = []
    gone = came = 0
    coded: dict[int, str] = {}
    pending: list[tuple[str, int, int]] = []        # (code, side, end offset) not yet attached
    for rc in raw:
        if not rc.new and lone(rc.old, old_text, octx):
            gone += len(rc.old)
            pending.append((old_text[rc.old[0].start:rc.old[-1].end].strip(), 0, rc.old[-1].end))
            continue
        if not rc.old and lone(rc.new, new_text, nctx):
            came += len(rc.new)
            pending.append((new_text[rc.new[0].start:rc.new[-1].end].strip(), 1, rc.new[-1].end))
            continue
        for code, side, end in pending:
            tokens, text = (rc.old, old_text) if side == 0 else (rc.new, new_text)
            if tokens and text.count("\n", end, tokens[0].start) <= CODE_REACH_LINES:
                coded.setdefault(len(kept), code)
        pending = []
        kept.append(rc)
    return kept, (gone, came), coded


CODE_REACH_LINES = 2      # a margin code names the change that starts at most this many lines below it


def _with_code(change: Change, code: str | None) -> Change:
    if code is None or change.stated is not None or change.kind not in (ChangeKind.REDACTED, ChangeKind.REVEALED):
        return change
    return replace(change, stated=code)


def _split_at_holes(rc: RawChange, holes_o, holes_n) -> list[RawChange]:
    """A change whose tokens lie on both sides of a paragraph that moved away (or in) is cut there,
    so that no change span covers the moved passage, which is reported as a move."""
    def runs(tokens, holes):
        out: list[tuple[Token, ...]] = []
        cur: list[Token] = []
        for t in tokens:
            if cur and any(cur[-1].end <= a and b <= t.start for a, b in holes):
                out.append(tuple(cur))
                cur = []
            cur.append(t)
        if cur:
            out.append(tuple(cur))
        return out
    ro, rn = runs(rc.old, holes_o), runs(rc.new, holes_n)
    if len(ro) <= 1 and len(rn) <= 1:
        return [rc]
    parts = []
    for k in range(max(len(ro), len(rn))):
        a = ro[k] if k < len(ro) else ()
        b = rn[k] if k < len(rn) else ()
        parts.append(RawChange(a, b, a[0].start if a else (ro[-1][-1].end if ro else rc.old_pos),
                               b[0].start if b else (rn[-1][-1].end if rn else rc.new_pos)))
    return parts


def _unmoved_spans(doc: Document, sec: Section, gone: Collection[int]) -> list[Span]:
    """What is left of a removed (added) section once its moved paragraphs are taken out: the whole
    section as one span when nothing moved, else one span per run of paragraphs that stayed."""
    if not gone:
        return [_span(doc, sec.first, _content_end(sec))]
    spans = []
    run = (sec.heading.start, sec.heading.end) if sec.heading else None     # (start, end) of the current run
    for k, p in enumerate(sec.paragraphs):
        if k in gone:
            if run is not None:
                spans.append(_span(doc, *run))
            run = None
            continue
        run = (run[0] if run is not None else p.start, p.end)
    if run is not None:
        spans.append(_span(doc, *run))
    return spans


def _make_change(old: Document, new: Document, rc: RawChange, conv: Conventions) -> Change:
    kind = classify_change(rc)
    if kind is ChangeKind.REDACTED and _all_repeals(new.text, rc.new, conv):
        kind = ChangeKind.REPEALED          # "(weggefallen)": the provision is gone, nothing withheld
    elif kind is ChangeKind.REVEALED and _all_repeals(old.text, rc.old, conv):
        kind = ChangeKind.MODIFIED          # a repealed provision given new text: re-enacted, not released
    o = _span(old, rc.old[0].start, rc.old[-1].end) if rc.old else _span(old, rc.old_pos, rc.old_pos)
    n = _span(new, rc.new[0].start, rc.new[-1].end) if rc.new else _span(new, rc.new_pos, rc.new_pos)
    marker = stated = None
    if kind in (ChangeKind.REDACTED, ChangeKind.REPEALED):
        marker, stated = _marker_text(new.text, marker_tokens(rc.new)), _stated(new.text, rc.new, conv)
    elif kind is ChangeKind.REVEALED:
        marker, stated = _marker_text(old.text, marker_tokens(rc.old)), _stated(old.text, rc.old, conv)
    reason = None
    if rc.reason_changed:
        marker = n.text
        reason = (o.text, n.text)
    case_only = (kind is ChangeKind.MODIFIED and bool(rc.old) and bool(rc.new) and not rc.reason_changed
                 and [t.key.casefold() for t in rc.old] == [t.key.casefold() for t in rc.new])
    return Change(kind, o, n, marker, case_only=case_only, reason=reason, stated=stated)


def _stated(text: str, tokens, conv: Conventions) -> str | None:
    """The reasons or codes the markers among tokens state, in order ("B6", "B6, B5"), or None."""
    if conv.marker_re is None:
        return None
    reasons = [conv.marker_reason(m.group()) for t in marker_tokens(tokens)
               for m in conv.marker_re.finditer(text, t.start, t.end)]
    return ", ".join(dict.fromkeys(r for r in reasons if r and r != "repealed")) or None


def _all_repeals(text: str, tokens, conv: Conventions) -> bool:
    markers = marker_tokens(tokens)
    return bool(markers) and all(conv.is_repeal(text[t.start:t.end]) for t in markers)


def _marker_text(text: str, tokens) -> str | None:
    if not tokens:
        return None
    return " ".join(text[t.start:t.end] for t in tokens)


def _span(doc: Document, start: int, end: int) -> Span:
    return Span(start, end, doc.line_of(start), doc.text[start:end])


def _content_end(sec: Section) -> int:
    """Where a section's last paragraph (or its heading) ends: blank lines after it are not text."""
    if sec.paragraphs:
        return sec.paragraphs[-1].end
    return sec.heading.end if sec.heading else sec.start


def _section_chars(sec: Section, gone: Collection[int] = frozenset()) -> int:
    return (sum(len(p.key) for k, p in enumerate(sec.paragraphs) if k not in gone)
            + (len(sec.heading.title_key) if sec.heading else 0))


def _reading_order(pairs: tuple[SectionPair, ...]) -> list[SectionPair]:
    """New version's order; a removed section goes right after the pair holding its old predecessor."""
    present = sorted((p for p in pairs if p.new is not None), key=_new_index)
    removed = sorted((p for p in pairs if p.new is None), key=_old_index)
    anchor_after: dict[int, list[SectionPair]] = {}
    old_to_pos = {p.old: k for k, p in enumerate(present) if p.old is not None and not p.moved}
    anchors = sorted(old_to_pos)          # old indexes of in-order pairs, for a bisection per removal
    head: list[SectionPair] = []
    for r in removed:
        k = bisect_left(anchors, _old_index(r))
        if k:
            anchor_after.setdefault(old_to_pos[anchors[k - 1]], []).append(r)
        else:
            head.append(r)
    out = list(head)
    for k, p in enumerate(present):
        out.append(p)
        out += anchor_after.get(k, [])
    return out


def _new_index(p: SectionPair) -> int:
    assert p.new is not None          # sorted by it only among the pairs that hold a new section
    return p.new


def _old_index(p: SectionPair) -> int:
    assert p.old is not None          # a pair without a new section holds an old one
    return p.old


def filter_diff(diff: DocumentDiff, *, kinds: frozenset[ChangeKind] | None = None,
                section: str | None = None) -> DocumentDiff:
    """Keep only changes of the given kinds and sections whose heading, as written or its title as
    read, contains `section` (case-insensitive, either version); a section left with no kept change is dropped when a
    kind filter is given. Moves are not a kind of change: a kind filter leaves them out; a
    section filter keeps those that left or reached a kept section (renumbered in order)."""
    kept: list[SectionDiff] = []
    needle = section.casefold() if section else None
    for s in diff.sections:
        if needle is not None and not any(
                needle in diff_side.text[sec.heading.start:sec.heading.end].casefold()
                or needle in sec.heading.title.casefold()         # as read: "--- note_X" is "X"
                for diff_side, sec in ((diff.old, s.old), (diff.new, s.new)) if sec is not None and sec.heading):
            continue
        if kinds is not None:
            changes = tuple(c for c in s.changes if c.kind in kinds and c.move is None)
            if not changes:
                continue
            s = replace(s, changes=changes, moves_in=(), moves_out=())
        kept.append(s)
    if kinds is not None:
        return replace(diff, sections=tuple(kept), moves=())
    wanted = sorted({k for s in kept for k in s.moves_in + s.moves_out})
    index = {k: n for n, k in enumerate(wanted)}
    out = [replace(s, moves_in=tuple(index[k] for k in s.moves_in), moves_out=tuple(index[k] for k in s.moves_out),
                   changes=tuple(c if c.move is None else replace(c, move=index.get(c.move)) for c in s.changes))
           for s in kept]
    return replace(diff, sections=tuple(out), moves=tuple(diff.moves[k] for k in wanted))


def has_differences(diff: DocumentDiff) -> bool:
    """Content differences: any change, a moved passage, or a section moved, renumbered or recased.
    Layout never counts (DocumentDiff.differs)."""
    return diff.differs


def layout_free_text(source: Source, options: Options = Options()) -> str:
    """The text with its layout undone: page furniture dropped, each paragraph on one line
    (end-of-line hyphenation joined), paragraphs separated by a blank line. For git textconv."""
    ctx = make_key_context(source.text, options, source.format)
    paragraphs, _ = find_paragraphs(source.text, options, ctx, source.format)
    return "".join(join_paragraph(source.text, p, ctx) + "\n\n" for p in paragraphs).rstrip("\n") + "\n"
