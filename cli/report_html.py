"""`--format html`: one self-contained HTML file a reader can open anywhere.

No script at all (everything works with JavaScript disabled), no external asset, and a
Content-Security-Policy that forbids scripts and network access, so that even a document holding
`<script>` stays inert; every piece of document text goes through html.escape.

It reads on a phone (one column below 720 px, long words wrapped) and on paper: printed, the
marks stay without background colours (struck and underlined text, [-…-] and {+…+} as in the
terminal, a bordered marker chip) and the colours that carry meaning are kept where the
browser honours print-color-adjust.
"""
from __future__ import annotations

import html

from ..diffing.errors import printable
from ..diffing.model import Change, ChangeKind, DocumentDiff, SectionDiff
from ..diffing.normalize import text_across_pages
from .labels import (
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
    whole_and_inner,
    withheld_label,
    withheld_text,
)

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff;
overflow-wrap:break-word}
header{padding:16px 24px;background:#f6f8fa;border-bottom:1px solid #d0d7de}
h1{font-size:20px;margin:0 0 6px} h2{font-size:17px;margin:0 0 6px}
.wrap{display:flex} nav{flex:0 0 280px;padding:12px 16px;border-right:1px solid #d0d7de;font-size:13px;
position:sticky;top:0;align-self:flex-start;max-height:100vh;overflow:auto} nav ol{padding-left:18px;margin:0}
main{flex:1;padding:12px 24px;min-width:0} a{color:#0550ae}
table.sections{border-collapse:collapse;margin:8px 0 20px;font-size:13px}
.sections td,.sections th{border-bottom:1px solid #eaeef2;padding:3px 8px;text-align:left;vertical-align:top}
.sections td{overflow-wrap:anywhere} .sections th,.sections td:first-child{white-space:nowrap}
.badge{display:inline-block;white-space:nowrap;padding:0 6px;border-radius:8px;font-size:12px;border:1px solid #d0d7de}
.st-changed{background:#fff8c5}.st-added{background:#dafbe1}.st-removed{background:#ffebe9}.st-unchanged{color:#57606a}
section.sec{border:1px solid #d0d7de;border-radius:6px;margin:0 0 16px;padding:10px 14px}
.meta{color:#57606a;font-size:13px}
.hunk{margin:8px 0;padding:6px 8px;background:#f6f8fa;border-radius:4px;overflow-wrap:anywhere}
.kind{font-weight:600;font-size:12px;text-transform:uppercase;margin-right:6px}
del{background:#ffebe9;color:#82071e;text-decoration:line-through}
ins{background:#dafbe1;color:#055d20;text-decoration:underline}
del.withheld{background:#f3e8ff;color:#6e40c9} span.moved{background:#e0f2fe}
ins.marker,span.marker{background:#24292f;color:#fff;padding:0 3px;border-radius:3px;text-decoration:none}
.ctx{color:#57606a} .sbs{display:none} table.side{width:100%;border-collapse:collapse;table-layout:fixed}
table.side td{vertical-align:top;padding:6px 8px;border:1px solid #eaeef2;overflow-wrap:anywhere}
#view-side:checked ~ .wrap .inline{display:none} #view-side:checked ~ .wrap .sbs{display:block}
.views{padding:8px 24px;border-bottom:1px solid #d0d7de;font-size:13px}
@media (max-width:720px){
.wrap{display:block}
nav{position:static;max-height:none;border-right:0;border-bottom:1px solid #d0d7de;padding:8px 12px}
header,main,.views{padding-left:12px;padding-right:12px} h1{font-size:17px}
.sections td,.sections th{padding:3px 4px} table.side td{padding:4px} section.sec{padding:8px}
}
@media print{
nav,.views{display:none} .wrap{display:block} main{padding:0} header{background:none}
.hunk,.sections tr,table.side tr{break-inside:avoid} h2{break-after:avoid}
del,ins,.badge,span.moved{-webkit-print-color-adjust:exact;print-color-adjust:exact}
del::before,span.marker::before{content:"[-"} del::after,span.marker::after{content:"-]"}
ins::before{content:"{+"} ins::after{content:"+}"}
del.withheld{text-decoration:line-through double}
ins.marker,span.marker{background:#fff;color:#000;border:1px solid #000;font-weight:600}
a{color:inherit;text-decoration:none}
}
"""


def e(s: str) -> str:
    return html.escape(s, quote=True)


def render_html(diff: DocumentDiff, *, context: int = 60) -> str:
    anchors = {id(s): f"s{k}" for k, s in enumerate(diff.sections, 1)}
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>docdiff: {_names(diff)}</title>",
        f"<style>{CSS}</style></head><body>",
        _header(diff),
        '<input type="radio" name="view" id="view-inline" checked hidden>'
        '<input type="radio" name="view" id="view-side" hidden>',
        '<div class="views">View: <label for="view-inline"><u>inline</u></label> \u00b7 '
        '<label for="view-side"><u>side by side</u></label></div>',
        '<div class="wrap">', _nav(diff, anchors), "<main>", _table(diff, anchors),
    ]
    for s in diff.sections:
        if _shown(s):
            parts.append(_section(diff, s, anchors, context))
    if not diff.differs:
        parts.append("<p>No content changes.</p>")
    parts.append("</main></div></body></html>\n")
    return "\n".join(parts)


def _names(diff: DocumentDiff) -> str:
    """The two file names, escaped, with control characters visible (an ESC in a name is shown)."""
    return f"{e(printable(diff.old.source.path))} \u2192 {e(printable(diff.new.source.path))}"


def _shown(s: SectionDiff) -> bool:
    return bool(s.changes or s.moved or s.recased or s.moves_in or s.moves_out)


def _header(diff: DocumentDiff) -> str:
    lines = [f"<header><h1>{_names(diff)}</h1>",
             f"<div>similarity {diff.similarity * 100:.1f}% \u00b7 changes: {counts_text(diff) or 'none'}</div>"]
    if diff.withheld_chars:
        lines.append(f"<div>{withheld_text(diff)}</div>")
    if diff.moves:
        lines.append(f"<div>moved: {len(diff.moves)} passage{'s' * (len(diff.moves) != 1)}</div>")
    for side, doc in (("old", diff.old), ("new", diff.new)):
        lay = doc.layout
        folded = "; folded: " + ", ".join(f"{n} {k}" for k, n in lay.folded) if lay.folded else ""
        lines.append(f'<div class="meta">{side}: {e(doc.source.format)}, {len(doc.sections)} sections; layout set '
                     f"aside: {len(lay.furniture)} page-furniture lines, {lay.wrapped_lines} wrapped lines, "
                     f"{lay.hyphenations} hyphenations{e(folded)}</div>")
    lines.append("</header>")
    return "\n".join(lines)


def _nav(diff: DocumentDiff, anchors) -> str:
    items = []
    for s in diff.sections:
        if _shown(s):
            items.append(f'<li><a href="#{anchors[id(s)]}">{e(section_title(diff, s))}</a> '
                         f'<span class="badge st-{s.status.value}">{s.status.value}</span></li>')
    return "<nav><strong>Changed sections</strong><ol>" + ("".join(items) or "<li>none</li>") + "</ol></nav>"


def _table(diff: DocumentDiff, anchors) -> str:
    rows = ['<table class="sections"><thead><tr><th>#</th><th>status</th><th>section</th><th>changes</th>'
            "<th>withheld</th></tr></thead><tbody>"]
    for k, s in enumerate(diff.sections, 1):
        flags = " ".join(section_flags(s))
        title = e(section_title(diff, s))
        if _shown(s):
            title = f'<a href="#{anchors[id(s)]}">{title}</a>'
        if s.old and s.new and (s.renamed or s.renumbered or s.recased):
            title += f'<br><span class="meta">was: {e(heading_text(diff.old, s.old))}</span>'
        rows.append(f'<tr><td>{k}</td><td><span class="badge st-{s.status.value}">{s.status.value}</span> '
                    f"{flags}</td><td>{title}</td><td>{e(kind_summary(s, names=True))}</td>"
                    f"<td>{withheld_label(s)}</td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _section(diff: DocumentDiff, s: SectionDiff, anchors, context: int) -> str:
    out = [f'<section class="sec" id="{anchors[id(s)]}"><h2><span class="badge st-{s.status.value}">'
           f"{s.status.value}</span> {e(section_title(diff, s))}</h2>"]
    notes = []
    if s.old and s.new and (s.renamed or s.renumbered or s.recased):
        notes.append(f"was: {e(heading_text(diff.old, s.old))}")
    if s.moved:
        origin = _old_predecessor(diff, s, anchors)
        notes.append(f"moved here from {origin}")
    if notes:
        out.append(f'<div class="meta">{"; ".join(notes)}</div>')
    out += _moves(diff, s, anchors)
    whole, inner = whole_and_inner(s)
    for c in whole:
        doc, span, tag = (diff.new, c.new_span, "ins") if c.old is None else (diff.old, c.old_span, "del")
        out.append(f'<div class="hunk"><span class="kind">{c.kind.value}</span> line {span.line}: '
                   f"<{tag}>{e(_passage(doc, span))}</{tag}></div>")
    if inner:
        inline, side = [], []
        for hunk, folded, _ in display_hunks(inner, context, diff):
            limit = None if folded else PASSAGE_LIMIT
            inline.append(_inline_hunk(diff, hunk, context, limit))
            side.append(_side_hunk(diff, hunk, context, limit))
        out.append('<div class="inline">' + "".join(inline) + "</div>")
        out.append('<div class="sbs"><table class="side"><tr><th>old</th><th>new</th></tr>' + "".join(side)
                   + "</table></div>")
    out.append("</section>")
    return "\n".join(out)


def _moves(diff: DocumentDiff, s: SectionDiff, anchors) -> list[str]:
    """A line per passage that moved into the section (from where) or out of it (to where)."""
    out = []
    for k, arrived in [(k, True) for k in s.moves_in] + [(k, False) for k in s.moves_out]:
        m = diff.moves[k]
        here, there = (m.new, m.old) if arrived else (m.old, m.new)
        doc = diff.new if arrived else diff.old
        out.append(f'<div class="hunk"><span class="kind">moved {"in" if arrived else "out"}</span> line {here.line}, '
                   f'{"from" if arrived else "to"} \u201c{e(move_partner_title(diff, m, arrived))}\u201d '
                   f'({"old" if arrived else "new"} line {there.line}): '
                   f'<span class="moved">{e(_passage(doc, here))}</span></div>')
    return out


def _old_predecessor(diff: DocumentDiff, s: SectionDiff, anchors) -> str:
    """Where a moved section came from: after the section that preceded it in the old version."""
    if s.old is None or s.old.index == 0:
        return "the start of the old version"
    for other in diff.sections:
        if other.old is not None and other.old.index == s.old.index - 1:
            return f'after <a href="#{anchors[id(other)]}">{e(section_title(diff, other))}</a> in the old version'
    return f"line {s.old.start} of the old version"


PASSAGE_LIMIT = 2000


def _passage(doc, span, limit: int | None = PASSAGE_LIMIT) -> str:
    return shorten(flatten(text_across_pages(doc.text, doc.layout.furniture, span.start, span.end)), limit)


def _marks(diff: DocumentDiff, c: Change, side: str, limit: int | None = PASSAGE_LIMIT) -> str:
    if side == "old" and c.old_span.text:
        cls = ' class="withheld"' if c.kind is ChangeKind.REDACTED else ""
        if c.kind is ChangeKind.REVEALED:
            shown = e(_passage(diff.old, c.old, limit))
            return f'<span class="marker" title="marker in the old version">{shown}</span>'
        return f"<del{cls}>{e(_passage(diff.old, c.old, limit))}</del>"
    if side == "new" and c.new_span.text:
        cls = ' class="marker" title="redaction marker"' if c.kind is ChangeKind.REDACTED else ""
        return f"<ins{cls}>{e(_passage(diff.new, c.new, limit))}</ins>"
    return ""


def _inline_hunk(diff: DocumentDiff, hunk: list[Change], context: int, limit: int | None = PASSAGE_LIMIT) -> str:
    text = diff.new.text
    body = [f'<span class="ctx">{e(context_before(text, hunk[0].new_span.start, context))}</span>']
    for k, c in enumerate(hunk):
        body.append(_marks(diff, c, "old", limit) + _marks(diff, c, "new", limit))
        if k + 1 < len(hunk):
            body.append(e(flatten(text_across_pages(text, diff.new.layout.furniture, c.new_span.end,
                                                         hunk[k + 1].new_span.start))))
    body.append(f'<span class="ctx">{e(context_after(text, hunk[-1].new_span.end, context))}</span>')
    marker = next((c.marker for c in hunk if c.marker), None)
    label = ", ".join(hunk_labels(hunk)) + (f" (marker: {marker})" if marker else "")
    return (f'<div class="hunk"><span class="kind">{e(label)}</span> line {hunk[0].new_span.line}: '
            + "".join(body) + "</div>")


def _side_hunk(diff: DocumentDiff, hunk: list[Change], context: int, limit: int | None = PASSAGE_LIMIT) -> str:
    cells = []
    for side, doc in (("old", diff.old), ("new", diff.new)):
        spans = [getattr(c, side) for c in hunk]
        text = doc.text
        body = [f'<span class="ctx">{e(context_before(text, spans[0].start, context))}</span>']
        for k, c in enumerate(hunk):
            body.append(_marks(diff, c, side, limit))
            if k + 1 < len(hunk):
                body.append(e(flatten(text_across_pages(text, doc.layout.furniture, spans[k].end,
                                                             spans[k + 1].start))))
        body.append(f'<span class="ctx">{e(context_after(text, spans[-1].end, context))}</span>')
        cells.append(f"<td>{''.join(body)}</td>")
    return f"<tr>{''.join(cells)}</tr>"
