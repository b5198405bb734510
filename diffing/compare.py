"""Compare: the whole pipeline, from two texts to a DocumentDiff."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from .align import align_sections
from .classify import classify_change, marker_tokens
from .extract import read_document
from .model import (Change, ChangeKind, Document, DocumentDiff, Options, Section, SectionDiff,
                    SectionPair, SectionStatus, Source, Span)
from .normalize import KeyContext, find_paragraphs, make_key_context, text_without_furniture
from .passages import RawChange, diff_sections
from .sections import split_sections


def parse_document(source: Source, options: Options) -> tuple[Document, KeyContext]:
    """Normalise and section one source."""
    ctx = make_key_context(source.text, options, source.format)
    paragraphs, layout = find_paragraphs(source.text, options, ctx)
    # Markdown and HTML state their structure: only their own headings start sections there
    sections = split_sections(source.text, paragraphs, ctx, structural=source.format in ("markdown", "html"))
    return Document(source, sections, layout, _line_starts(source.text)), ctx


def compare_files(old_path: str, new_path: str, options: Options = Options(), *,
                  encoding: str | None = None) -> DocumentDiff:
    """Compare two files of any supported format (text, Markdown, HTML, PDF, DOCX)."""
    return compare_documents(read_document(old_path, encoding=encoding),
                             read_document(new_path, encoding=encoding), options)


def compare_texts(old_text: str, new_text: str, options: Options = Options()) -> DocumentDiff:
    """Convenience for callers and tests that already hold the texts."""
    import hashlib

    def src(name, text):
        return Source(name, text, "utf-8", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return compare_documents(src("old", old_text), src("new", new_text), options)


def compare_documents(old_src: Source, new_src: Source, options: Options = Options()) -> DocumentDiff:
    """Align sections, diff the passages of each pair and classify every change."""
    old, octx = parse_document(old_src, options)
    new, nctx = parse_document(new_src, options)
    # The engines break ties (equally long LCS, equally good pairings) by position, so the diff is
    # always computed in one canonical orientation and mirrored when needed: swapping old and new
    # then swaps added/removed and redacted/revealed exactly.
    flip = (old_src.sha256, old_src.text) > (new_src.sha256, new_src.text)
    if flip:
        pairs = tuple(SectionPair(p.new, p.old, p.moved, p.score)
                      for p in align_sections(new.sections, old.sections))
    else:
        pairs = align_sections(old.sections, new.sections)
    diffs = []
    equal_chars = total_chars = 0
    for pair in _reading_order(pairs):
        o = old.sections[pair.old] if pair.old is not None else None
        n = new.sections[pair.new] if pair.new is not None else None
        d, eq, tot = _diff_pair(old, new, o, n, pair, octx, nctx, flip)
        diffs.append(d)
        equal_chars += eq
        total_chars += tot
    similarity = round(equal_chars / total_chars, 4) if total_chars else 1.0
    return DocumentDiff(old, new, tuple(diffs), similarity, options)


def _diff_pair(old: Document, new: Document, o: Section | None, n: Section | None, pair: SectionPair,
               octx, nctx, flip: bool) -> tuple[SectionDiff, int, int]:
    if o is None or n is None:
        doc, sec = (new, n) if o is None else (old, o)
        size = _section_chars(sec)
        end = _content_end(doc.text, sec)
        span = _span(doc, sec.first, end)
        if o is None:
            change = Change(ChangeKind.ADDED, None, span)
            status = SectionStatus.ADDED
        else:
            change = Change(ChangeKind.REMOVED, span, None)
            status = SectionStatus.REMOVED
        return SectionDiff(status, o, n, False, False, False, 0.0, (change,)), 0, size
    if flip:
        raw, equal, total = diff_sections(new.text, old.text, n, o, nctx, octx)
        raw = [RawChange(rc.new, rc.old, rc.new_pos, rc.old_pos) for rc in raw]
    else:
        raw, equal, total = diff_sections(old.text, new.text, o, n, octx, nctx)
    changes = tuple(_make_change(old, new, rc) for rc in raw)
    renamed = bool(o.heading and n.heading and o.heading.title_key != n.heading.title_key)
    renumbered = bool(o.heading and n.heading and o.heading.number_key and n.heading.number_key
                      and o.heading.number_key != n.heading.number_key)
    status = SectionStatus.CHANGED if changes else SectionStatus.UNCHANGED
    sim = round(equal / total, 4) if total else 1.0
    withheld = sum(len(text_without_furniture(old.text, old.layout.furniture, c.old.start, c.old.end))
                   for c in changes if c.kind is ChangeKind.REDACTED and c.old)
    return SectionDiff(status, o, n, pair.moved, renamed, renumbered, sim, changes, withheld), equal, total


def _make_change(old: Document, new: Document, rc: RawChange) -> Change:
    kind = classify_change(rc)
    o = _span(old, rc.old[0][0], rc.old[-1][1]) if rc.old else _span(old, rc.old_pos, rc.old_pos)
    n = _span(new, rc.new[0][0], rc.new[-1][1]) if rc.new else _span(new, rc.new_pos, rc.new_pos)
    marker = None
    if kind is ChangeKind.REDACTED:
        marker = _marker_text(new.text, marker_tokens(rc.new))
    elif kind is ChangeKind.REVEALED:
        marker = _marker_text(old.text, marker_tokens(rc.old))
    return Change(kind, o, n, marker)


def _marker_text(text: str, tokens) -> str | None:
    if not tokens:
        return None
    return " ".join(text[t[0]:t[1]] for t in tokens)


def _span(doc: Document, start: int, end: int) -> Span:
    return Span(start, end, doc.line_of(start), doc.text[start:end])


def _content_end(text: str, sec: Section) -> int:
    if sec.paragraphs:
        return sec.paragraphs[-1].end
    return sec.heading.end if sec.heading else sec.start


def _section_chars(sec: Section) -> int:
    return sum(len(p.key) for p in sec.paragraphs) + (len(sec.heading.title_key) if sec.heading else 0)


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return tuple(starts)


def _reading_order(pairs: tuple[SectionPair, ...]) -> list[SectionPair]:
    """New version's order; a removed section goes right after the pair holding its old predecessor."""
    present = sorted((p for p in pairs if p.new is not None), key=lambda p: p.new)
    removed = sorted((p for p in pairs if p.new is None), key=lambda p: p.old)
    anchor_after: dict[int, list[SectionPair]] = {}
    old_to_pos = {p.old: k for k, p in enumerate(present) if p.old is not None and not p.moved}
    anchors = sorted(old_to_pos)          # old indexes of in-order pairs, for a bisection per removal
    head: list[SectionPair] = []
    for r in removed:
        k = bisect_left(anchors, r.old)
        if k:
            anchor_after.setdefault(old_to_pos[anchors[k - 1]], []).append(r)
        else:
            head.append(r)
    out = list(head)
    for k, p in enumerate(present):
        out.append(p)
        out += anchor_after.get(k, [])
    return out


def filter_diff(diff: DocumentDiff, *, kinds: frozenset[ChangeKind] | None = None,
                section: str | None = None) -> DocumentDiff:
    """Keep only changes of the given kinds and sections whose heading contains `section`
    (case-insensitive, either version); a section left with no kept change is dropped when a
    kind filter is given."""
    out = []
    needle = section.casefold() if section else None
    for s in diff.sections:
        if needle is not None and not any(
                needle in diff_side.text[sec.heading.start:sec.heading.end].casefold()
                for diff_side, sec in ((diff.old, s.old), (diff.new, s.new)) if sec is not None and sec.heading):
            continue
        if kinds is not None:
            changes = tuple(c for c in s.changes if c.kind in kinds)
            if not changes:
                continue
            s = replace(s, changes=changes)
        out.append(s)
    return replace(diff, sections=tuple(out))


def has_differences(diff: DocumentDiff) -> bool:
    """Content differences: any change, or a section moved or renumbered. Layout never counts."""
    return any(s.changes or s.moved or s.renumbered for s in diff.sections)


def layout_free_text(source: Source, options: Options = Options()) -> str:
    """The text with its layout undone: page furniture dropped, each paragraph on one line
    (end-of-line hyphenation joined), paragraphs separated by a blank line. For git textconv."""
    from .normalize import join_paragraph
    ctx = make_key_context(source.text, options, source.format)
    paragraphs, _ = find_paragraphs(source.text, options, ctx)
    return "".join(join_paragraph(source.text, p, ctx) + "\n\n" for p in paragraphs).rstrip("\n") + "\n"
