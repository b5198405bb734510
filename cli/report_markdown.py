"""`--format markdown`: the section table and the changes, for a pull-request comment or a CI job
summary; kept under GitHub's comment size limit (65,536 characters) with a note when cut."""
from __future__ import annotations

import re

from ..diffing.model import ChangeKind, DocumentDiff
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
    section_flags,
    section_title,
    shorten,
    whole_and_inner,
    withheld_label,
    withheld_text,
)

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


def _passage(doc, span, limit: int | None = 300) -> str:
    return md(shorten(text_across_pages(doc.text, doc.layout.furniture, span.start, span.end), limit))


def _spaced(s: str) -> str:
    """md(s), keeping the space s starts or ends with (md strips it; context needs it)."""
    core = md(s)
    if not core:
        return " " if s[:1].isspace() else ""
    return (" " if s[:1].isspace() else "") + core + (" " if s[-1:].isspace() else "")


def _hunk_line(diff: DocumentDiff, hunk, context: int, limit: int | None = 300) -> str:
    """One bullet for changes close together: unchanged text around them (as the terminal shows
    it, --context characters each way), removed text struck, new text bold, a marker as code."""
    text = diff.new.text
    out: list[str] = []
    last, after_mark = "", False       # the last character so far (as plain text); was it a mark's?

    def add(shown: str, plain: str, *, mark: bool = False) -> None:
        nonlocal last, after_mark
        if plain and last and not plain[0].isspace() and not last.isspace():
            # A space where a word would touch a mark ("provided ~~for~~ under"), and where
            # CommonMark would not read ~~ or ** as markup: after a letter before punctuation
            # ("2002 **, 2007**"), or after punctuation before a letter.
            if ((mark and last.isalnum()) or (after_mark and plain[0].isalnum())
                    or (last.isalnum() and plain[0].isalnum())):
                out.append(" ")
        out.append(shown)
        if plain:
            last, after_mark = plain[-1], mark

    before = context_before(text, hunk[0].new.start, context)
    add(_spaced(before), before)
    for k, c in enumerate(hunk):
        if c.old.text:
            add(f"~~{_passage(diff.old, c.old, limit)}~~", flatten(c.old.text).strip(), mark=True)
        if c.new.text or c.kind is ChangeKind.REDACTED:
            if c.old.text:
                add(" \u2192 ", " ")
            if c.kind is ChangeKind.REDACTED:
                marker = flatten(c.marker or c.new.text).replace("`", "")
                add(f"`{marker}`", marker, mark=True)
            else:
                add(f"**{_passage(diff.new, c.new, limit)}**", flatten(c.new.text).strip(), mark=True)
        if k + 1 < len(hunk):
            between = flatten(text_across_pages(text, diff.new.layout.furniture, c.new.end, hunk[k + 1].new.start))
            add(_spaced(between), between)
    after = context_after(text, hunk[-1].new.end, context)
    add(_spaced(after), after)
    return f"- **{', '.join(hunk_labels(hunk))}** (line {hunk[0].new.line}): {''.join(out).strip()}"


def render_markdown(diff: DocumentDiff, *, context: int = 60, limit: int = LIMIT) -> str:
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
    used = 0
    kept: list[str] = []
    for _, row in rows:
        if used + len(row) + 1 > limit // 2:
            kept.append(f"| \u2026 | | {len(rows) - len(kept)} more sections not shown | | |")
            break
        kept.append(row)
        used += len(row) + 1
    head += kept
    head.append("")
    body: list[tuple[str, int]] = []         # (line, how many changes it shows)
    by_old = {x.old.index: x for x in diff.sections if x.old is not None}
    for s in diff.sections:
        if not s.changes and not s.moves_in:
            continue
        body += [(f"### {s.status.value}: {md(section_title(diff, s))}", 0), ("", 0)]
        for k in s.moves_in:
            m = diff.moves[k]
            src = by_old.get(m.old_section)
            where = md(section_title(diff, src)) if src else "the old version"
            body.append((f"- **moved in** (line {m.new.line}, from {where}, old line {m.old.line}): "
                         f"{_passage(diff.new, m.new)}", 1))
        whole, inner = whole_and_inner(s)
        for c in whole:          # an added or removed section's text: the passage is the whole story
            if c.old is None:
                body.append((f"- **{c.kind.value}** (line {c.new_span.line}): **{_passage(diff.new, c.new)}**", 1))
            else:
                body.append((f"- **{c.kind.value}** (line {c.old.line}): ~~{_passage(diff.old, c.old)}~~", 1))
        for hunk, folded, count in display_hunks(inner, context, diff):
            body.append((_hunk_line(diff, hunk, context, None if folded else 300), count))
        body.append(("", 0))
    text = "\n".join(head)
    for shown, (line, _) in enumerate(body):
        if len(text) + len(line) + 1 > limit:
            hidden = sum(n for _, n in body[shown:])
            text += (f"\n\n*\u2026 truncated: {hidden} more change{'s' * (hidden != 1)} not shown (GitHub limits "
                     "comments to 65,536 characters); run docdiff with --format html or json for all of them.*\n")
            return text
        text += "\n" + line
    return text + "\n"
