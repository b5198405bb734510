"""`--format markdown`: the section table and the changes, for a pull-request comment or a CI job
summary; kept under GitHub's comment size limit (65,536 characters) with a note when cut."""
from __future__ import annotations

from diffing.model import ChangeKind, DocumentDiff
from diffing.normalize import text_without_furniture

from .render import SYMBOL, heading_text, flatten, shorten

LIMIT = 60_000          # below GitHub's 65,536-character comment limit, with room for the note


def md(s: str) -> str:
    """Literal text in Markdown: HTML and Markdown syntax neutralised, one line."""
    s = flatten(s).strip()
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        s = s.replace(a, b)
    for ch in "\\`*_{}[]|~":      # the characters that make markup in the middle of a line
        s = s.replace(ch, "\\" + ch)
    return s


def _passage(doc, span, limit=300) -> str:
    return md(shorten(text_without_furniture(doc.text, doc.layout.furniture, span.start, span.end), limit))


def render_markdown(diff: DocumentDiff, *, limit: int = LIMIT) -> str:
    counts: dict[ChangeKind, int] = {}
    for c in diff.changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    head = [f"## docdiff: {md(diff.old.source.path)} \u2192 {md(diff.new.source.path)}", "",
            f"similarity {diff.similarity * 100:.1f}% \u00b7 changes: "
            + (", ".join(f"{n} {k.value}" for k, n in counts.items()) or "none"), ""]
    withheld = sum(s.withheld_chars for s in diff.sections)
    if withheld:
        head += [f"withheld: {withheld:,} characters ({withheld / max(1, len(diff.old.text)) * 100:.1f}% of the old "
                 "text)", ""]
    head += ["| # | status | section | changes | withheld |", "|---:|---|---|---|---:|"]
    rows = []
    for k, s in enumerate(diff.sections, 1):
        flags = ", ".join(f for f, on in (("moved", s.moved), ("renamed", s.renamed), ("renumbered", s.renumbered))
                          if on)
        title = md(heading_text(diff.new, s.new) if s.new else heading_text(diff.old, s.old))
        if s.old and s.new and (s.renamed or s.renumbered):
            title += f" (was: {md(heading_text(diff.old, s.old))})"
        c: dict[ChangeKind, int] = {}
        for ch in s.changes:
            c[ch.kind] = c.get(ch.kind, 0) + 1
        summary = " ".join(f"{SYMBOL[kind]}{n}" for kind, n in c.items())
        old_chars = (s.old.end - s.old.start) if s.old else 0
        share = f"{s.withheld_chars / old_chars * 100:.0f}%" if s.withheld_chars and old_chars else ""
        status = s.status.value + (f" ({flags})" if flags else "")
        rows.append((bool(s.changes or s.moved), f"| {k} | {status} | {title} | {md(summary)} | {share} |"))
    # the table may take half the room: unchanged sections go first, then rows are cut with a note
    if sum(len(r) + 1 for _, r in rows) > limit // 2:
        rows = [r for r in rows if r[0]]
    used, kept = 0, []
    for _, row in rows:
        if used + len(row) + 1 > limit // 2:
            kept.append(f"| \u2026 | | {len(rows) - len(kept)} more sections not shown | | |")
            break
        kept.append(row)
        used += len(row) + 1
    head += kept
    head.append("")
    body: list[str] = []
    for s in diff.sections:
        if not s.changes:
            continue
        body.append(f"### {s.status.value}: {md(heading_text(diff.new, s.new) if s.new else heading_text(diff.old, s.old))}")
        body.append("")
        for c in s.changes:
            line = c.new.line if c.new else c.old.line
            old = f"~~{_passage(diff.old, c.old)}~~" if c.old and c.old.text else ""
            new = _passage(diff.new, c.new) if c.new and c.new.text else ""
            if c.kind is ChangeKind.REDACTED:
                new = f"`{flatten(c.marker or new).replace('`', '')}`"
            elif new:
                new = f"**{new}**"
            arrow = " \u2192 " if old and new else ""
            body.append(f"- **{c.kind.value}** (line {line}): {old}{arrow}{new}")
        body.append("")
    text = "\n".join(head)
    shown = 0
    for line in body:
        if len(text) + len(line) + 1 > limit:
            hidden = sum(1 for rest in body[shown:] if rest.startswith("- "))
            text += (f"\n\n*\u2026 truncated: {hidden} more change{'s' * (hidden != 1)} not shown (GitHub limits "
                     "comments to 65,536 characters); run docdiff with --format html or json for all of them.*\n")
            return text
        text += "\n" + line
        shown += 1
    return text + "\n"
