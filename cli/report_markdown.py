"""`--format markdown`: the section table and the changes, for a pull-request comment or a CI job
summary; kept under GitHub's comment size limit (65,536 characters) with a note when cut."""
from __future__ import annotations

import re

from ..diffing.model import ChangeKind, DocumentDiff
from ..diffing.normalize import text_without_furniture

from .render import (change_label, counts_text, flatten, heading_text, kind_summary, section_flags, section_title,
                     shorten, withheld_label,
                     withheld_text)

LIMIT = 60_000          # below GitHub's 65,536-character comment limit, with room for the note


# GitHub turns @user, @org/team, #123 and e-mail addresses into mentions and links on the text
# *after* the Markdown is rendered, so a backslash escape (consumed by the Markdown parser) does
# not stop them, and a code span would change how the text looks. A zero-width joiner right after
# the @ or # breaks the token and renders as nothing; the same joiner inside "://" and after
# "www" keeps GitHub's autolinking of bare URLs from finding them (it needs those exact strings).
_LIVE = re.compile(r"[@#]|:(?=//)|\b(?i:www)(?=\.)")
ZWJ = "\u200d"


def md(s: str) -> str:
    """Literal text in Markdown, one line, as GitHub renders it: HTML and Markdown syntax escaped,
    mentions, issue references and bare URLs kept from going live."""
    s = flatten(s).strip()
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        s = s.replace(a, b)
    for ch in "\\`*_{}[]|~":      # the characters that make markup in the middle of a line
        s = s.replace(ch, "\\" + ch)
    return _LIVE.sub(lambda m: m.group() + ZWJ, s)


def _passage(doc, span, limit=300) -> str:
    return md(shorten(text_without_furniture(doc.text, doc.layout.furniture, span.start, span.end), limit))


def render_markdown(diff: DocumentDiff, *, limit: int = LIMIT) -> str:
    head = [f"## docdiff: {md(diff.old.source.path)} \u2192 {md(diff.new.source.path)}", "",
            f"similarity {diff.similarity * 100:.1f}% \u00b7 changes: {counts_text(diff) or 'none'}", ""]
    if diff.withheld_chars:
        head += [withheld_text(diff), ""]
    if diff.moves:
        head += [f"moved: {len(diff.moves)} passage{'s' * (len(diff.moves) != 1)}", ""]
    head += ["| # | status | section | changes | withheld |", "|---:|---|---|---|---:|"]
    rows = []
    for k, s in enumerate(diff.sections, 1):
        flags = ", ".join(section_flags(s))
        title = md(section_title(diff, s))
        if s.old and s.new and (s.renamed or s.renumbered or s.recased):
            title += f" (was: {md(heading_text(diff.old, s.old))})"
        status = s.status.value + (f" ({flags})" if flags else "")
        rows.append((bool(s.changes or s.moved or s.recased or s.moves_in or s.moves_out),
                     f"| {k} | {status} | {title} | {md(kind_summary(s))} | {withheld_label(s)} |"))
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
    by_old = {x.old.index: x for x in diff.sections if x.old is not None}
    for s in diff.sections:
        if not s.changes and not s.moves_in:
            continue
        body.append(f"### {s.status.value}: {md(section_title(diff, s))}")
        body.append("")
        for k in s.moves_in:
            m = diff.moves[k]
            src = by_old.get(m.old_section)
            where = md(section_title(diff, src)) if src else "the old version"
            body.append(f"- **moved in** (line {m.new.line}, from {where}, old line {m.old.line}): "
                        f"{_passage(diff.new, m.new)}")
        for c in s.changes:
            line = c.new.line if c.new else c.old.line
            old = f"~~{_passage(diff.old, c.old)}~~" if c.old and c.old.text else ""
            new = _passage(diff.new, c.new) if c.new and c.new.text else ""
            if c.kind is ChangeKind.REDACTED:
                new = f"`{flatten(c.marker or new).replace('`', '')}`"
            elif new:
                new = f"**{new}**"
            arrow = " \u2192 " if old and new else ""
            body.append(f"- **{change_label(c)}** (line {line}): {old}{arrow}{new}")
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
