"""Terminal rendering with rich: header, section table, and the changed passages in context.

Document text only ever reaches rich inside Text objects (never as markup), control characters are
made visible first, and every colour has a textual mark beside it ([-old-] {+new+}, kind labels),
so the output reads the same in a CI log or with NO_COLOR. The plain-text labels it shares with the
other formats are in labels.py.
"""
from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diffing.model import ChangeKind, DocumentDiff, SectionDiff, SectionStatus, Span
from ..diffing.normalize import text_across_pages
from .labels import (
    MAX_PASSAGE,
    MOVE_SYMBOL,
    SYMBOL,
    context_after,
    context_before,
    counts_text,
    display_hunks,
    flatten,
    heading_text,
    hunk_labels,
    kind_summary,
    move_partner_title,
    section_flags,
    section_title,
    shorten,
    visible,
    whole_and_inner,
    withheld_label,
    withheld_text,
)

STYLE = {
    ChangeKind.ADDED: ("", "green"),
    ChangeKind.REMOVED: ("red strike", ""),
    ChangeKind.MODIFIED: ("red strike", "green"),
    ChangeKind.REDACTED: ("magenta strike", "bold white on magenta"),
    ChangeKind.REVEALED: ("bold white on blue strike", "cyan"),
    ChangeKind.REPEALED: ("yellow strike", "yellow"),
}


STATUS_STYLE = {SectionStatus.UNCHANGED: "dim", SectionStatus.CHANGED: "yellow",
                SectionStatus.ADDED: "green", SectionStatus.REMOVED: "red"}


SIDE_BY_SIDE_MIN_WIDTH = 100


def render(console: Console, diff: DocumentDiff, *, summary_only: bool = False, context: int = 60,
           side_by_side: bool = False) -> None:
    console.print(_header(diff), soft_wrap=True)
    console.print(_table(diff))
    if summary_only:
        return
    # side by side needs room for two readable columns; on a narrow terminal fall back to inline
    side_by_side = side_by_side and console.width >= SIDE_BY_SIDE_MIN_WIDTH
    for s in diff.sections:
        if s.changes or s.moved or s.recased or s.moves_in or s.moves_out:
            # soft wrap: one physical line per hunk, so the output greps well in logs and files
            console.print(_section_title(diff, s), soft_wrap=True)
            for line in _move_lines(diff, s):
                console.print(line, soft_wrap=True)
            if side_by_side and s.status is SectionStatus.CHANGED:
                console.print(_side_by_side(diff, s, context))
                continue
            for line in _section_lines(diff, s, context):
                console.print(line, soft_wrap=True)
    console.print()


def _side_by_side(diff: DocumentDiff, s: SectionDiff, context: int) -> Table:
    table = Table(box=box.SIMPLE, expand=True, show_lines=True, pad_edge=False)
    table.add_column("line", justify="right", no_wrap=True, style="dim")
    table.add_column("old", ratio=1, overflow="fold")
    table.add_column("new", ratio=1, overflow="fold")
    for hunk, folded, _ in display_hunks(s.changes, context, diff):
        cells = []
        for side, doc in (("old", diff.old), ("new", diff.new)):
            spans = [getattr(c, side) for c in hunk]
            t = Text(context_before(doc.text, spans[0].start, context), style="dim")
            for k, c in enumerate(hunk):
                if getattr(c, side).text:
                    _mark(t, c.kind, _passage(doc, getattr(c, side), whole=folded), old=side == "old")
                if k + 1 < len(hunk):
                    t.append(flatten(text_across_pages(doc.text, doc.layout.furniture, spans[k].end,
                                                            spans[k + 1].start)))
            t.append(context_after(doc.text, spans[-1].end, context), style="dim")
            cells.append(t)
        table.add_row(f"{hunk[0].old_span.line}:{hunk[0].new_span.line}", *cells)
    return table


def _header(diff: DocumentDiff) -> Text:
    o, n = diff.old.source, diff.new.source
    statuses: dict[SectionStatus, int] = {}
    for s in diff.sections:
        statuses[s.status] = statuses.get(s.status, 0) + 1
    t = Text()
    t.append("docdiff ", style="bold")
    t.append(visible(o.path), style="red")
    t.append(" -> ")
    t.append(visible(n.path), style="green")
    t.append(f"\nsimilarity {diff.similarity * 100:.1f}%  sections: ")
    t.append(", ".join(f"{statuses[st]} {st.value}" for st in SectionStatus if statuses.get(st)) or "none")
    t.append("\nchanges: ")
    t.append(counts_text(diff) or "no content changes")
    if diff.withheld_chars:
        t.append(f"\n{withheld_text(diff)}", style="magenta")
    if diff.moves:
        t.append(f"\nmoved: {len(diff.moves)} passage{'s' if len(diff.moves) != 1 else ''} (shown where they went)")
    if diff.profiles:
        t.append("\nprofiles: " + ", ".join(f"{name} ({how})" for name, how in diff.profiles), style="dim")
    for k, (side, doc) in enumerate((("old", diff.old), ("new", diff.new))):
        lay = doc.layout
        codes = sum(s.margin_codes[k] for s in diff.sections)
        if lay.furniture or lay.hyphenations or lay.wrapped_lines or lay.folded or codes:
            stamps = sum(1 for f in lay.furniture if f.rule in _RELEASE_RULES)
            t.append(f"\nlayout set aside ({side}): {len(lay.furniture) - stamps} page-furniture lines, "
                     + (f"{stamps} release stamp/footer line{'s' if stamps != 1 else ''}, " if stamps else "")
                     + f"{lay.wrapped_lines} wrapped lines, {lay.hyphenations} hyphenations", style="dim")
            folded = list(lay.folded) + ([("margin-codes", codes)] if codes else [])
            if folded:
                t.append("; folded: " + ", ".join(f"{n} {_FOLDED_NAMES.get(k, k)}" for k, n in folded), style="dim")
        if doc.source.pdf is not None:
            t.append(_pdf_line(side, doc))
    if diff.options.strict:
        t.append("\nstrict: exact text compared (no layout folding)", style="dim")
    return t


def _pdf_line(side: str, doc) -> Text:
    """What reading a PDF found: redaction boxes, failed redactions, pages read by OCR."""
    pdf, t = doc.source.pdf, Text()
    boxes = sum(pdf.boxes)
    parts = [f"{boxes} redaction box{'es' * (boxes != 1)}"]
    if pdf.ocr_pages:
        parts.append(f"page{'s' * (len(pdf.ocr_pages) != 1)} {', '.join(map(str, pdf.ocr_pages))} read by OCR")
    if doc.layout.ocr_words:
        parts.append(f"{doc.layout.ocr_words} words read differently by OCR set aside")
    if pdf.no_text_pages:
        parts.append(f"page{'s' * (len(pdf.no_text_pages) != 1)} {', '.join(map(str, pdf.no_text_pages))} "
                     "without a text layer left out (--ocr reads them)")
    t.append(f"\npdf ({side}): " + ", ".join(parts), style="dim")
    if pdf.hidden:
        n = len(pdf.hidden)
        t.append(f"; {n} failed redaction{'s' * (n != 1)}: text still in the text layer under a box "
                 f"(marked leaked)", style="bold red")
    return t


_FOLDED_NAMES = {"hyphens": "hyphens inside words", "quotes": "quotes", "dashes": "dashes", "spaces": "odd spaces",
                 "invisible": "invisible characters",
                 "ligatures": "ligatures", "homoglyphs": "look-alike letters", "markup": "markup marks",
                 "list-markers": "list-marker characters", "contents-pages": "contents page-number digits",
                 "margin-codes": "margin codes that came or went alone (their words kept their state)"}


_RELEASE_RULES = ("release-stamp", "case-footer")


def _table(diff: DocumentDiff) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False,
                  caption=" ".join(f"{SYMBOL[k]} {k.value}" for k in ChangeKind) + f" {MOVE_SYMBOL} moved"
                  " (case: letter case only; reason: a marker's stated reason)",
                  caption_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("section", ratio=1, min_width=20, overflow="fold")
    table.add_column("changes", no_wrap=True)
    table.add_column("withheld", justify="right", no_wrap=True)
    for k, s in enumerate(diff.sections, 1):
        status = Text(s.status.value, style=STATUS_STYLE[s.status])
        for flag in section_flags(s):
            status.append(f"\n{flag}", style="cyan")
        title = section_title(diff, s)
        if s.old and s.new and (s.renamed or s.renumbered or s.moved or s.recased):
            title = f"{title}\n(was: {heading_text(diff.old, s.old)})"
        table.add_row(str(k), status, Text(title), kind_summary(s), withheld_label(s))
    return table


def _section_title(diff: DocumentDiff, s: SectionDiff) -> Text:
    t = Text("\n")
    t.append(f"== [{s.status.value}] ", style="bold " + STATUS_STYLE[s.status])
    t.append(section_title(diff, s), style="bold")
    notes = section_flags(s)
    if s.old and s.new and (s.renamed or s.renumbered or s.moved or s.recased):
        notes.append(f"was: {heading_text(diff.old, s.old)}, line {diff.old.line_of(s.old.first)}")
    if notes:
        t.append(f"  ({'; '.join(notes)})", style="dim")
    return t


def _section_lines(diff: DocumentDiff, s: SectionDiff, context: int) -> list[Text]:
    whole, inner = whole_and_inner(s)
    lines = []
    for c in whole:
        span, doc = (c.new_span, diff.new) if c.old is None else (c.old_span, diff.old)
        t = _label(span.line, c.kind.value)
        _mark(t, c.kind, _passage(doc, span), old=c.new is None)
        lines.append(t)
    for hunk, folded, _ in display_hunks(inner, context, diff):
        first, last = hunk[0], hunk[-1]
        t = _label(first.new_span.line, ",".join(hunk_labels(hunk)))
        text = diff.new.text
        t.append(context_before(text, first.new_span.start, context), style="dim")
        for k, c in enumerate(hunk):
            if c.old_span.text:
                _mark(t, c.kind, _passage(diff.old, c.old_span, whole=folded), old=True)
            if c.new_span.text:
                _mark(t, c.kind, _passage(diff.new, c.new_span, whole=folded), old=False)
            if k + 1 < len(hunk):
                t.append(flatten(text_across_pages(text, diff.new.layout.furniture, c.new_span.end,
                                                        hunk[k + 1].new_span.start)))
        t.append(context_after(text, last.new_span.end, context), style="dim")
        lines.append(t)
    return lines


def _move_lines(diff: DocumentDiff, s: SectionDiff) -> list[Text]:
    """One line per passage that arrived in the section (from where) or left it (to where)."""
    out = []
    for k, arrived in [(k, True) for k in s.moves_in] + [(k, False) for k in s.moves_out]:
        m = diff.moves[k]
        here, there = (m.new, m.old) if arrived else (m.old, m.new)
        t = _label(here.line, "moved in" if arrived else "moved out")
        title = move_partner_title(diff, m, arrived)
        where = f"\u201c{title}\u201d " if title else ""
        t.append(f"{'from' if arrived else 'to'} {where}({'old' if arrived else 'new'} line {there.line}): ",
                 style="dim")
        doc = diff.new if arrived else diff.old
        t.append(shorten(flatten(text_across_pages(doc.text, doc.layout.furniture, here.start, here.end)), 160),
                 style="cyan")
        out.append(t)
    return out


def _passage(doc, span: Span, *, whole: bool = False) -> str:
    """A changed passage as shown: page furniture inside it left out, whitespace folded, long ones
    cut (unless `whole`); a passage of white space only (indentation in code) shown as its width."""
    text = text_across_pages(doc.text, doc.layout.furniture, span.start, span.end)
    if text and not text.strip():
        return f"\u2423\u00d7{len(text.expandtabs(4))}"
    return shorten(flatten(text), None if whole else MAX_PASSAGE)


def _label(line: int, kinds: str) -> Text:
    t = Text()
    t.append(f"{line:>5} ", style="dim")
    t.append(f"{kinds:<9} ", style="bold")
    return t


def _mark(t: Text, kind: ChangeKind, s: str, *, old: bool) -> None:
    style = STYLE[kind][0 if old else 1]
    if t.plain[-1:].isalnum() and s[:1].isalnum():
        t.append(" ")        # "provided [-for-] under", not "provided[-for-] under"
    t.append("[-" if old else "{+")
    t.append(s, style=style or None)
    t.append("-]" if old else "+}")
