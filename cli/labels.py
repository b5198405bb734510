"""Plain-text labels and passages shared by every output format (terminal, Markdown, HTML, check
reports): no rich here, so that the reports and a JSON run never load it."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..diffing.errors import printable
from ..diffing.model import Change, ChangeKind, DocumentDiff, SectionDiff, Span

_WS = re.compile(r"\s+")


_PARA = re.compile(r"[ \t\f\v]*\n(?:[ \t\f\v]*\n)+[ \t\f\v]*")


MAX_PASSAGE = 600


def visible(s: str) -> str:
    """Make control and format characters (ANSI escapes, bidi overrides, CR) visible as escapes;
    newlines and tabs stay."""
    return printable(s, keep="\n\t")


def flatten(s: str) -> str:
    """One display line: paragraph breaks shown as ¶, other whitespace runs as one space, and a
    word hyphenated at a line end kept in one piece ("Internet-\n   Drafts" as "Internet-Drafts",
    not "Internet- Drafts"; the hyphen stays, as the text has it)."""
    s = _PARA.sub(" \u00b6 ", s)
    s = _LINE_END_HYPHEN.sub("-", s)
    return visible(_WS.sub(" ", s))


_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")


def shorten(s: str, limit: int | None = MAX_PASSAGE) -> str:
    """s, its middle left out past `limit` characters (None: never)."""
    if limit is None or len(s) <= limit:
        return s
    head, tail = s[: limit * 2 // 3], s[-limit // 4:]
    return f"{head} … ({len(s) - len(head) - len(tail)} more characters) … {tail}"


_UNDERLINE = re.compile(r"[ \t]*([=\-~^*+#\"'`:._])\1{2,}[ \t]*$|[ \t]*\{[:#.][^{}]*\}[ \t]*$", re.M)


def heading_text(doc, sec) -> str:
    """A heading as written, on one line, without the underline of an underlined title."""
    if sec is None:
        return ""
    if sec.heading is None:
        return "(text before the first heading)"
    return flatten(_UNDERLINE.sub("", doc.text[sec.heading.start:sec.heading.end]).strip())


def section_title(diff: DocumentDiff, s: SectionDiff) -> str:
    """The heading a section pair is shown under: the new version's, or the old one's if removed."""
    return heading_text(diff.new, s.new) if s.new else heading_text(diff.old, s.old)


SYMBOL = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.MODIFIED: "~",
          ChangeKind.REDACTED: "\u2588", ChangeKind.REVEALED: "\u25c7", ChangeKind.REPEALED: "\u2020"}


MOVE_SYMBOL = "\u21c4"


def section_flags(s: SectionDiff) -> list[str]:
    """The flags of a section pair, in a fixed order."""
    return [f for f, on in (("moved", s.moved), ("renamed", s.renamed), ("renumbered", s.renumbered),
                            ("recased", s.recased)) if on]


def kind_summary(s: SectionDiff, *, names: bool = False) -> str:
    """Counts per kind, compact ("█2 ~1") or named ("█2 redacted ~1 modified"), in kind order, then
    the passages moved in or out ("⇄1")."""
    counts = s.kind_counts
    parts = [f"{SYMBOL[k]}{counts[k]}" + (f" {k.value}" if names else "") for k in ChangeKind if counts[k]]
    moves = len(set(s.moves_in) | set(s.moves_out))      # a move inside one section counts once
    if moves:
        parts.append(f"{MOVE_SYMBOL}{moves}" + (" moved" if names else ""))
    return " ".join(parts)


def counts_text(diff: DocumentDiff) -> str:
    """ "2 added, 23 redacted": the document's changes per kind, in kind order ("" when none)."""
    counts = diff.kind_counts
    return ", ".join(f"{counts[k]} {k.value}" for k in ChangeKind if counts[k])


def withheld_text(diff: DocumentDiff) -> str:
    w = diff.withheld_chars
    return f"withheld: {w:,} characters ({w / max(1, len(diff.old.text)) * 100:.1f}% of the old text)"


def withheld_label(s: SectionDiff) -> str:
    return f"{s.withheld_share * 100:.0f}%" if s.withheld_chars and s.withheld_share else ""


def whole_and_inner(s: SectionDiff) -> tuple[list[Change], list[Change]]:
    """The changes of an added or removed section that stand for its text (one side only), and
    the others (edits inside a passage that moved into it), which have both sides."""
    whole = [c for c in s.changes if c.old is None or c.new is None]
    return whole, [c for c in s.changes if c.old is not None and c.new is not None]


def change_label(c: Change) -> str:
    """What a change is called on screen: its kind, or "case" / "reason" for those modifications."""
    if c.reason is not None:
        return "reason"
    if c.case_only:
        return "case"
    return c.kind.value


def hunk_labels(hunk: list[Change]) -> list[str]:
    """The labels of a hunk's changes, each once, in the order they first appear."""
    return list(dict.fromkeys(change_label(c) for c in hunk))


def move_partner_title(diff: DocumentDiff, m, arrived: bool) -> str:
    """The heading of the section a moved passage came from (arrived) or went to."""
    for sec in diff.sections:
        side = sec.old if arrived else sec.new
        if side is not None and side.index == (m.old_section if arrived else m.new_section):
            return heading_text(diff.old if arrived else diff.new, side)
    return ""


def group_hunks(changes, context):
    """Changes whose new-side positions are close together share one display line."""
    hunks: list[list[Change]] = []
    for c in sorted(changes, key=lambda c: (c.new.start, c.old.start)):
        if hunks and c.new.start - hunks[-1][-1].new_span.end <= 2 * context:
            hunks[-1].append(c)
        else:
            hunks.append([c])
    return hunks


REWRITE_SHARE = 0.25        # a hunk whose unchanged text between changes is under this share of it ...
REWRITE_MIN_CHANGES = 3     # ... and holds at least this many changes reads as a rewrite ...
REWRITE_MIN_RATIO = 0.3     # ... when neither side is under this share of the other's length (a short
#   sentence against a page of new text is an addition beside an edit, not a rewrite: ToS v04 -> v05)
NUMBER_SWAP_WORDS = 3       # ... and no change swaps one number for another in this many words or
#   fewer ("within 30 days" -> "within 14 days", "1 May 2019" -> "3 June 2020"): it stays marked
_DIGIT = re.compile(r"\d")


def readable(hunk: list[Change], diff: DocumentDiff) -> list[Change]:
    """A hunk of word changes strewn through a rewritten passage, shown as the passage replaced:
    its old text struck whole, then its new text, neither cut (LGPL-2.1's clause 0 against
    LGPL-3's "Additional Definitions": forty changes between single common words, "the", "of",
    "License", are confetti no reader can follow). Only for plain edits: a hunk holding a
    redaction, a reveal, a repeal, a case-only or a reason change, or a number swapped for
    another, keeps every change in its place. The JSON keeps the changes as they are; this is how they
    are shown (a folded hunk is a new list: `readable(h, diff) is not h`)."""
    if len(hunk) < REWRITE_MIN_CHANGES or any(
            c.kind not in _PLAIN_EDITS or c.case_only or c.reason is not None or c.move is not None
            or c.old is None or c.new is None or _number_swap(c) for c in hunk):
        return hunk
    whole = []                   # each side's passage: from its first change to the end of its last
    for side, doc in (("old", diff.old), ("new", diff.new)):
        spans = [getattr(c, side) for c in hunk]
        first = min(spans, key=lambda sp: sp.start)
        end = max(sp.end for sp in spans)
        if end == first.start or sum(len(sp.text) for sp in spans) < (1 - REWRITE_SHARE) * (end - first.start):
            return hunk
        whole.append(Span(first.start, end, first.line, doc.text[first.start:end]))
    lengths = [sp.end - sp.start for sp in whole]
    if min(lengths) < REWRITE_MIN_RATIO * max(lengths):
        return hunk
    return [Change(ChangeKind.MODIFIED, whole[0], whole[1])]


def display_hunks(changes: Sequence[Change], context: int, diff: DocumentDiff):
    """group_hunks as every report shows them: (the hunk, folded as a rewrite by readable, so
    shown whole and never cut; how many changes it holds)."""
    for grouped in group_hunks(changes, context):
        hunk = readable(grouped, diff)
        yield hunk, hunk is not grouped, len(grouped)


_PLAIN_EDITS = frozenset({ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.MODIFIED})


def _number_swap(c: Change) -> bool:
    """A short replacement with a digit on both sides: a number, date or amount changed."""
    return all(s is not None and _DIGIT.search(s.text) and len(s.text.split()) <= NUMBER_SWAP_WORDS
               for s in (c.old, c.new))


def context_before(text: str, pos: int, context: int) -> str:
    start = max(0, pos - context)
    chunk = text[start:pos]
    para = chunk.rfind("\n\n")
    if para >= 0 or start == 0:
        return flatten(chunk[para + 2 if para >= 0 else 0:].lstrip())
    if start > 0:
        cut = chunk.find(" ")
        chunk = "…" + chunk[cut + 1:] if 0 <= cut < len(chunk) - 1 else "…" + chunk
    return flatten(chunk)


def context_after(text: str, pos: int, context: int) -> str:
    chunk = text[pos:pos + context]
    para = chunk.find("\n\n")
    if para >= 0:
        return flatten(chunk[:para])
    if pos + context < len(text):
        cut = chunk.rfind(" ")
        chunk = (chunk[:cut] if cut > 0 else chunk) + "…"
    return flatten(chunk)
