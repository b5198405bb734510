"""Normalise stage: cut the text into paragraphs with layout-free keys.

Paragraphs are blank-line separated blocks (so hard wrapping never matters); page-furniture lines
(found by the furniture stage) are transparent inside them, and a paragraph cut by a page break is
joined again. In Markdown the parser's structure decides block boundaries: headings, code, tables
and list items are blocks of their own, and a list item's marker is not part of its text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate, pairwise
from operator import add, attrgetter

from .furniture import prove_furniture, scan_furniture, with_known
from .lines import code_indent, line_starts
from .markup import MARKUP_LINES, MarkdownBlocks, read_markup
from .model import Furniture, Layout, Options, Paragraph
from .tokens import _LINE_HYPHEN, KeyContext, count_folded, make_key, without_markup

_ATTRIBUTES = re.compile(r"[ \t]*\{[:#.][^{}]*\}[ \t]*$")        # kramdown "# Introduction {#intro}"
_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_LIST_ITEM = re.compile(r"(?:[a-z]{1,3}\)|\([a-z0-9]{1,4}\)|[\u2022\u2013*-]\s)")


class FurnitureReader:
    """The page furniture of one text, proven on its own or with the other version's as evidence
    (the scan of the text is done once)."""

    def __init__(self, text: str, options: Options, ctx: KeyContext, fmt: str = "text"):
        self.off = options.strict or not options.detect_furniture
        self.conv = ctx.conventions
        if self.off:
            return
        md = read_markup(text, fmt)
        self.exempt = _exempt_lines(md, line_starts(text)) if md else frozenset()
        self.scan = scan_furniture(text, self.conv, self.exempt)
        self.proven = prove_furniture(self.scan, self.conv, exempt=self.exempt)

    def prove(self, known: frozenset[str] = frozenset(), recurring: frozenset[str] = frozenset()
              ) -> list[Furniture]:
        """The proven furniture (with the other version's `known` lines, and those it set aside
        `recurring`ly: see with_known); nothing in strict mode or when detection is off."""
        if self.off:
            return []
        return with_known(self.proven, self.scan, known, self.exempt, recurring=recurring)


def find_paragraphs(text: str, options: Options, ctx: KeyContext, fmt: str = "text",
                    furniture: list[Furniture] | None = None) -> tuple[tuple[Paragraph, ...], Layout]:
    """Split text into paragraphs (blank-line separated; page furniture lines are transparent).

    Scans with regular expressions rather than line by line: a 10 MB document has 200,000 lines."""
    md = read_markup(text, fmt)
    starts = line_starts(text)
    code_bases = _code_bases(text, md, starts) if md is not None else {}

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1
    if furniture is None:
        furniture = FurnitureReader(text, options, ctx, fmt).prove()
    fstarts = [f.line_start for f in furniture]
    width = _typical_width(text) if md is None and fmt != "code" else 0
    paragraphs: list[Paragraph] = []
    wrapped = hyphenations = markup = 0
    for bs, be in _blocks(text):
        raw = text[bs:be]
        k = bisect_left(fstarts, bs)
        has_furniture = k < len(fstarts) and fstarts[k] < be
        if md is not None:
            groups = _split_markdown(raw, bs, set(fstarts[k:bisect_left(fstarts, be)]), md, starts, ctx.strict)
        elif not has_furniture and "#" not in raw:
            groups = [("text", _line_spans(raw, bs))]
        else:
            groups = [("text", g) for g in _split_block(raw, bs, set(fstarts[k:bisect_left(fstarts, be)]))]
        if md is None and len(groups) == 1 and len(groups[0][1]) > 1:
            spans = groups[0][1]
            if len(spans) <= STACKED_MAX_LINES and (_centred(text, spans) or _stacked(text, spans, width, ctx)):
                groups = [("text", [sp]) for sp in spans]
            elif _glued_heading(text, spans, width, ctx):
                groups = [("text", spans[:1]), ("text", spans[1:])]
        if md is None and fmt != "code" and len(_BULLET_LINES.findall(raw)) >= 2:
            groups = [(kind, item) for kind, g in groups
                      for item in (_list_items(text, g) if kind == "text" and len(g) > 2 else [g])]
        for kind, lines in groups:
            if not lines:
                continue
            if len(lines) > 1:
                wrapped += len(lines) - 1
                whole = len(groups) == 1 and not has_furniture and lines[0][0] == bs   # (a list marker is cut off)
                joined = raw if whole else "\n".join(text[s:e] for s, e in lines)
                if "-" in joined:
                    hyphenations += len(_LINE_HYPHEN.findall(joined))
            else:
                joined = text[lines[0][0]:lines[0][1]]
            key_ctx = ctx if kind != "code" or not ctx.markdown else replace(ctx, markdown=False)
            if key_ctx.markdown:
                markup += without_markup(joined, key_ctx.rst)[1]
            if key_ctx.markdown and "{" in joined and md is not None and line_of(lines[0][0]) in md.heading_lines:
                markup += sum(len(m) for m in _ATTRIBUTES.findall(joined))
            if kind == "code":
                base = code_bases.get(line_of(lines[0][0])) if code_bases else None
                if base is None:
                    base = code_indent([text[s:e].expandtabs(4) for s, e in lines])
                paragraphs.append(Paragraph(lines[0][0], lines[-1][1], tuple(lines), _code_key(text, lines, base),
                                            kind, base))
                continue
            key = make_key(joined, key_ctx)
            paragraphs.append(Paragraph(lines[0][0], lines[-1][1], tuple(lines), key, kind))
    if furniture or "\f" in text:
        paragraphs = _join_page_breaks(text, paragraphs, furniture, ctx, width)
    if ctx.strict:
        return tuple(paragraphs), Layout(tuple(furniture))
    folded = dict(count_folded(text, ctx))
    if markup:
        folded["markup"] = markup
    if md is not None and md.list_items:
        folded["list-markers"] = sum(md.list_items.values())
    rules = [k for k, kind in md.line_kinds.items() if kind in MARKUP_LINES] if md is not None else []
    if rules:
        folded["markup"] = folded.get("markup", 0) + sum(
            len(text[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(text)].strip()) for k in rules)
    return tuple(paragraphs), Layout(tuple(furniture), hyphenations, wrapped, tuple(sorted(folded.items())))


_BULLET = re.compile(r"[ \t]*[-\u2022*\u2013\u2014][ \t]+\S")
_BULLET_LINES = re.compile(r"^[ \t]*[-\u2022*\u2013\u2014][ \t]+\S", re.M)   # a cheap test first: two bullets


def _list_items(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A plain-text block holding a list ("- item" lines, two or more, the block opening with one
    or with a line that introduces it, ending in ":"): each item with the lines that continue it is
    a paragraph of its own, and so is the introduction. A list is compared item by item (an item
    dropped is one removal), not word by word across items. (Markdown's parser does this for
    Markdown.)"""
    items = [k for k, (s, e) in enumerate(spans) if _BULLET.match(text, s, e)]
    if len(items) < 2 or not (items[0] == 0 or (items[0] == 1 and text[spans[0][0]:spans[0][1]].rstrip()
                                                                 .endswith(":"))):
        return [spans]
    cuts = ([0] if items[0] else []) + items + [len(spans)]
    return [spans[a:b] for a, b in pairwise(cuts)]


def _centred(text: str, spans: list[tuple[int, int]]) -> bool:
    """A few short lines each centred on the page ("GNU GENERAL PUBLIC LICENSE" over "Version 2,
    June 1991"): stacked titles, one paragraph each, not one wrapped paragraph."""
    if not 2 <= len(spans) <= CENTRED_MAX_LINES:
        return False
    indents, centres = set(), []
    for s, e in spans:
        line = text[s:e].rstrip()
        indent = len(line) - len(line.lstrip())
        if indent < CENTRED_MIN_INDENT or len(line) - indent > CENTRED_MAX_CHARS:
            return False
        indents.add(indent)
        centres.append(indent + (len(line) - indent) / 2)
    return len(indents) > 1 and max(centres) - min(centres) <= CENTRED_TOLERANCE


def _blocks(text: str):
    """(start, end) of each run of non-blank lines; a form feed (a page break) also ends a run."""
    for block in _BLOCK.finditer(text):
        bs, be = block.span()
        raw = block.group()
        if "\f" not in raw:
            yield bs, be
            continue
        pos = bs
        for m in re.finditer(r"\n(?=[ \t]*\f)", raw):
            cut = bs + m.start()
            if cut > pos:
                yield pos, cut
            pos = cut + 1
        if pos < be:
            yield pos, be


def _typical_width(text: str) -> int:
    """The length of a full line of the text's wrapped paragraphs (the 90th percentile of the line
    lengths in blocks of several lines); 0 when the text is not hard-wrapped."""
    lengths = []
    for block in _BLOCK.finditer(text, 0, min(len(text), 400_000)):
        lines = block.group().split("\n")
        if len(lines) > 2:
            lengths += [len(line.rstrip()) for line in lines]
    if len(lengths) < 20:
        return 0
    lengths.sort()
    return lengths[int(0.9 * (len(lengths) - 1))]


def _stacked(text: str, spans: list[tuple[int, int]], width: int, ctx: KeyContext) -> bool:
    """Short lines stacked without a blank line between them, one of them a heading in capitals or
    a numbered one ("DISCUSSION" over "A. Recruitment of Trainees", a date over "ARGENTINA"): lines
    of their own, not one paragraph wrapped at the margin. A wrapped line reaches the margin; a line
    that ends open (a comma, a hyphen, a small word) or a next line in lower case continues a
    sentence."""
    limit = min(STACKED_MAX_CHARS, STACKED_SHARE * width) if width else STACKED_MAX_CHARS
    lines = [text[s:e].strip() for s, e in spans]
    if any(not line or len(line) > limit for line in lines):
        return False
    for a, b in pairwise(lines):
        if a[-1] in ",-\u2010(" or a.split()[-1].lower() in _OPEN_WORDS or not (b[0].isupper() or b[0].isdigit()):
            return False
    return any(_CAPS_LINE.fullmatch(line) or _headed(line, ctx) for line in lines)


def _glued_heading(text: str, spans: list[tuple[int, int]], width: int, ctx: KeyContext) -> bool:
    """A numbered or capitals heading line with its body right under it, no blank line between
    ("3. REQUIREMENTS" over "A Contributor may choose to ..."): the heading is a line of its own."""
    first = text[spans[0][0]:spans[0][1]].strip()
    nxt = text[spans[1][0]:spans[1][1]].strip()
    limit = min(STACKED_MAX_CHARS, STACKED_SHARE * width) if width else STACKED_MAX_CHARS
    if not first or not nxt or len(first) > limit or first[-1] in ",-\u2010(;:" or not nxt[0].isupper():
        return False
    if first.split()[-1].lower() in _OPEN_WORDS:
        return False
    return bool(_CAPS_LINE.fullmatch(first)) or (_headed(first, ctx) and not first.endswith("."))


_CAPS_LINE = re.compile(r"(?=(?:[^a-z]*[A-Z]){3})[^a-z]+")


def _headed(line: str, ctx: KeyContext) -> bool:
    """The line opens like a numbered heading of one of the styles (its number, then a capital)."""
    for style, rx in ctx.conventions.styles:
        if style.numbering not in ("none", "cjk"):
            m = rx.fullmatch(line)
            if m is not None and (m.groupdict().get("title") or "x")[:1].isupper():
                return True
    return False


_OPEN_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())
STACKED_MAX_LINES = 6        # more stacked short lines are a list or a table, left as one block
STACKED_MAX_CHARS = 45
STACKED_SHARE = 0.6          # ... and well short of a full line


CENTRED_MAX_LINES = 4        # a centred title block is a few lines
CENTRED_MIN_INDENT = 2       # centred lines stand in from the margin
CENTRED_MAX_CHARS = 70       # ... and are short
CENTRED_TOLERANCE = 3        # their centres line up within this many columns


def _code_key(text: str, lines, base: int) -> str:
    """Code keeps its lines and their indentation: in code they are content; the indentation the
    whole block shares (base) is the markup's (a reST literal block, a fence inside a list item)."""
    return "\n".join(text[s:e].rstrip().expandtabs(4)[base:] for s, e in lines)


def _code_bases(text: str, md: MarkdownBlocks, starts) -> dict[int, int]:
    """For each line of code, the indentation its whole block (a run of code lines, blank lines
    inside it included) shares: a blank line cuts a block into paragraphs, and a paragraph of it
    that happens to start deeper keeps the same indentation as content (a line inserted at the top
    of a fenced block made every line below it lose two columns)."""
    out: dict[int, int] = {}
    run: list[int] = []

    def close() -> None:
        rows = [text[starts[k]:starts[k + 1] - 1 if k + 1 < len(starts) else len(text)].expandtabs(4) for k in run]
        base = code_indent(rows)
        out.update((k, base) for k in run)

    for k in sorted(k for k, kind in md.line_kinds.items() if kind == "code"):
        if run and k != run[-1] + 1:
            close()
            run = []
        run.append(k)
    if run:
        close()
    return out



def _exempt_lines(md: MarkdownBlocks, line_starts: tuple[int, ...]) -> frozenset[int]:
    lines = set(md.line_kinds) | set(md.list_items)
    return frozenset(line_starts[k] for k in lines if k < len(line_starts))


def _split_markdown(raw: str, base: int, furniture_starts: set[int], md: MarkdownBlocks,
                    line_starts: tuple[int, ...], strict: bool = False) -> list[tuple[str, list[tuple[int, int]]]]:
    """A Markdown block cut where the parser starts a new block (heading, code, table, list item)."""
    groups: list[tuple[str, list[tuple[int, int]]]] = []
    first_line = bisect_left(line_starts, base)
    for k, (start, end) in enumerate(_line_spans(raw, base)):
        if start in furniture_starts:
            continue
        line = first_line + k
        kind = md.line_kinds.get(line, "text")
        if kind in MARKUP_LINES:
            if not strict:
                continue                 # markup only (counted in find_paragraphs)
            kind = "text"
        if line in md.list_items:
            kind = "list"
            if not strict:               # the marker is not part of the text (--strict: it is)
                start = min(end, start + md.list_items[line])
        if not groups or line in md.block_starts or (kind != groups[-1][0] and kind != "text"):
            groups.append((kind, []))
        groups[-1][1].append((start, end))
    return groups


_OPENING = "\"'\u201c\u2018\u201e\u00ab([{"
_CLOSING = "\"'\u201d\u2019\u00bb)]}"
_LIST_LABEL_END = re.compile(r"(?:^|\s)\(?[a-z0-9]{1,4}[.)\]]$")     # "… (a)" / "… 3)" ends a list label


def _join_page_breaks(text: str, paragraphs: list[Paragraph], furniture: list[Furniture],
                      ctx: KeyContext, width: int = 0) -> list[Paragraph]:
    """A paragraph cut by a page break ("… the\n\n- 3 -\n\nrest of it …") is one paragraph: join
    two neighbours when only blank lines and page furniture separate them, the first does not end
    a sentence and the second starts in lower case."""
    starts = [f.start for f in furniture]
    out: list[Paragraph] = []
    for para in paragraphs:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == para.kind == "text" and _continues(text, prev, para, furniture, starts,
                                                                                width):
            out[-1] = _joined(text, prev, para, ctx)
        else:
            out.append(para)
    return out


def rejoin_page_breaks(text: str, paragraphs: tuple[Paragraph, ...], furniture: tuple[Furniture, ...],
                       ctx: KeyContext, other_keys: frozenset[str]) -> tuple[Paragraph, ...]:
    """Two neighbours that only a page break separates are one paragraph when the other version
    holds them as one, word for word: a page break that falls inside an entry of a list ("o Name:
    start / o Description: …" on one page, "o Reference: …" on the next) cuts no paragraph. The
    shape of the cut alone (see _continues) cannot tell; the other version can."""
    if not furniture and "\f" not in text:
        return paragraphs
    starts = [f.start for f in furniture]
    out: list[Paragraph] = []
    for para in paragraphs:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == para.kind == "text" and _page_break_between(
                text, prev, para, furniture, starts) and f"{prev.key} {para.key}" in other_keys):
            joined = _joined(text, prev, para, ctx)
            if joined.key in other_keys:
                out[-1] = joined
                continue
        out.append(para)
    return tuple(out) if len(out) < len(paragraphs) else paragraphs


def _joined(text: str, prev: Paragraph, para: Paragraph, ctx: KeyContext) -> Paragraph:
    """Two paragraphs that a page break cut apart, as one."""
    lines = prev.lines + para.lines
    return Paragraph(prev.start, para.end, lines, make_key("\n".join(text[s:e] for s, e in lines), ctx))


def _page_break_between(text: str, prev: Paragraph, para: Paragraph, furniture: list[Furniture] | tuple[Furniture, ...],
                        starts: list[int]) -> bool:
    """Only blank lines and page furniture (or a form feed) separate the two paragraphs."""
    k = bisect_left(starts, prev.end)
    between_page = "\f" in text[prev.end:para.start + 1]
    if (k >= len(starts) or starts[k] >= para.start) and not between_page:
        return False                       # no page break in between: a real paragraph break
    return not text_without_furniture(text, tuple(furniture[k:k + 8]), prev.end, para.start).strip()


def _continues(text: str, prev: Paragraph, para: Paragraph, furniture: list[Furniture], starts: list[int],
               width: int = 0) -> bool:
    if not _page_break_between(text, prev, para, furniture, starts):
        return False
    last = text[prev.lines[-1][0]:prev.end].rstrip()
    following = text[para.start:para.end].lstrip()          # a PDF page starts with a form feed
    # the next page goes on in lower case, after any opening quote or bracket ('"data" member …')
    first_letter = following.lstrip(_OPENING)[:1]
    # a sentence ends at its stop, closing quotes or brackets aside ('member "data"' goes on)
    closed = last.rstrip(_CLOSING)[-1:] in ".:;!?" or (last[-1:] in ")]" and _LIST_LABEL_END.search(last))
    if not last or closed or not first_letter.islower() or _LIST_ITEM.match(following):
        return False
    if last.endswith("-") and last[-2:-1].isalpha():
        return True          # "secu-" / page break / "rity": a word hyphenated across the break
    # a paragraph cut by the page break fills its last line (nearly, or so that the next page's
    # first word would not have fitted: narrow columns of long words); one that ended there need
    # not; a short line alone before the break is a heading, not the start of a paragraph
    widths = [len(text[s:e].strip()) for s, e in prev.lines]
    next_word = len(first_letter and following.split(None, 1)[0])
    if len(widths) == 1:
        return not width or widths[0] >= 0.7 * width or widths[0] + 1 + next_word > width
    full = max(max(widths), width)
    return len(last.strip()) >= 0.7 * max(widths) or len(last.strip()) + 1 + next_word > full


def _line_spans(raw: str, base: int) -> list[tuple[int, int]]:
    """(start, end) of each line of raw, which begins at offset base (C-level iterators only)."""
    lengths = list(map(len, raw.split("\n")))
    starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=base))
    return list(zip(starts, map(add, starts, lengths)))


def _split_block(raw: str, base: int, furniture_starts: set[int]) -> list[list[tuple[int, int]]]:
    """A block holding furniture lines (skipped) or Markdown-style headings (paragraphs of their own)."""
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _line_spans(raw, base):
        if start in furniture_starts:
            continue
        line = raw[start - base:end - base]
        if _ATX.match(line):
            if current:
                groups.append(current)
            groups.append([(start, end)])
            current = []
        else:
            current.append((start, end))
    if current:
        groups.append(current)
    return groups


_START = attrgetter("start")


def text_without_furniture(text: str, furniture: tuple[Furniture, ...], start: int, end: int) -> str:
    """text[start:end] with the page-furniture lines inside it left out (for display and counts)."""
    return "".join(_outside_furniture(text, furniture, start, end))


def _outside_furniture(text: str, furniture: tuple[Furniture, ...], start: int, end: int) -> list[str]:
    """The pieces of text[start:end] between its page-furniture lines."""
    k = bisect_left(furniture, start, key=_START)
    parts, pos = [], start
    while k < len(furniture) and furniture[k].start < end:
        f = furniture[k]
        parts.append(text[pos:f.start])
        pos = min(end, f.end)
        k += 1
    parts.append(text[pos:end])
    return parts


def text_across_pages(text: str, furniture: tuple[Furniture, ...], start: int, end: int) -> str:
    """text[start:end] as a reader should see it: page-furniture lines left out and the blank lines
    of each page break they stood in made one line break, so that a passage running on across a
    page break does not show a paragraph break there (display only; counts use
    text_without_furniture)."""
    parts = _outside_furniture(text, furniture, start, end)
    out = parts[0]
    for part in parts[1:]:            # furniture lines are whole lines: each seam is a line break
        head, rest = out.rstrip(), part.lstrip()
        out = head + "\n" + rest if head and rest else head or rest
    return out


def join_paragraph(text: str, para: Paragraph, ctx: KeyContext) -> str:
    """A paragraph's original words on one line: wrapping undone, end-of-line hyphenation joined,
    furniture lines left out; characters are not folded."""
    raw = "\n".join(text[s:e] for s, e in para.lines)
    if not ctx.strict and "-" in raw and para.kind != "code":
        raw = _LINE_HYPHEN.sub("", raw)
    return " ".join(raw.split())
