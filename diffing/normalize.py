"""Normalise stage: find page furniture and paragraphs, and build layout-free comparison keys.

Keys change, offsets never do: every paragraph and token keeps (start, end) offsets into the text
as read, and only its `key` is folded (reflow, hyphenation, quotes, dashes, ligatures, homoglyphs).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, repeat
from operator import add
import unicodedata
from dataclasses import dataclass

from .markers import compile_markers
from .model import Furniture, Layout, Options, Paragraph

MARKER_KEY = "\x00"

# Whole-line page furniture, by convention. Each is a page header/footer or page number shape.
_FURNITURE_RULES: tuple[tuple[str, str], ...] = (
    # EU Council style: "8700/25", "8700/25 ADD 1", "8700/25   GS/lm   3", "JAI.1", "JAI.1 EN",
    # "LIMITE", "EN", "JAI.1   LIMITE   EN", "DG H 3A"
    ("council-footer",
     r"(?:\d{1,5}/\d{2}(?:[ \t]+(?:REV|ADD|COR|AMD)[ \t]*\d{0,2})*(?:[ \t]+[A-Za-z]{2,4}/[A-Za-z]{2,4})?(?:[ \t]+\d{1,4})?)?"
     r"(?:[ \t]*(?:[A-Z]{2,6}(?:\.[A-Z0-9]{1,3})+|DG[ \t]+[A-Z](?:[ \t]*\d[A-Z]?)?))?"
     r"(?:[ \t]*\bLIMITE\b)?(?:[ \t]*\b(?:EN|FR|DE|ES|IT|NL|PT|PL)\b)?"),
    ("page-number", r"[-\u2013\u2014]?[ \t]*\d{1,4}[ \t]*[-\u2013\u2014]?"),              # 3, - 3 -
    ("page-number", r"(?i:page)[ \t]+\d{1,4}(?:[ \t]*(?:(?i:of)|/)[ \t]*\d{1,4})?"),          # Page 3 of 9
    ("page-number", r"\d{1,4}[ \t]*/[ \t]*\d{1,4}"),                                       # 3/9
    ("page-number", r"%%[ \t]*page[ \t]*\d+[ \t]*%%"),                                        # %%page 15%%
)
_FURNITURE_LINE = re.compile(
    r"^[ \t\f\v]*(?=[-\u2013\u2014\dA-Z%Pp])(?:" + "|".join(f"(?P<r{i}>{rx})" for i, (_, rx) in enumerate(_FURNITURE_RULES))
    + r")[ \t\f\v]*$", re.M)
_WIDE_GAP = re.compile(r"\S[ \t]{3,}\S")
_PAGE_FOOTER = re.compile(r"\[Page \d+\][ \t]*$", re.M)      # xml2rfc footer "Name   Status   [Page 3]"
_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_DIGITS = re.compile(r"\d+")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")

_FOLD_TABLE = {
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{c: "" for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"},
    **{c: " " for c in "\u00a0\u2007\u202f\t\f\v"},
}
# Latin look-alikes from Cyrillic and Greek, folded only in mostly-Latin documents.
_HOMOGLYPHS = dict(zip(
    "АВЕКМНОРСТХУаеорсухіјѕЅІЈԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧο",
    "ABEKMHOPCTXYaeopcyxijsSIJdqwABEZHIKMNOPTYXo"))
_FOLD = str.maketrans(_FOLD_TABLE)
_FOLD_HOMOGLYPHS = str.maketrans({**_FOLD_TABLE, **_HOMOGLYPHS})
_FOLDABLE = re.compile("[" + re.escape("".join(_FOLD_TABLE) + "".join(_HOMOGLYPHS) + "\ufb00-\ufb06") + "]")
_LINE_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
# Markdown emphasis and code marks at word edges: **word**, _word_, `code`, ~~struck~~
_MD_MARKS = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")
_LIST_ITEM = re.compile(r"(?:[a-z]{1,3}\)|\([a-z0-9]{1,4}\)|[\u2022\u2013*-]\s)")
_MARKER_RUN = re.compile(r"\x00(?:\s*\x00)+")
_CYRILLIC_OR_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class KeyContext:
    """How keys are folded for one document (derived once from the options and the text)."""

    strict: bool
    homoglyphs: bool
    marker_re: re.Pattern[str] | None
    token_re: re.Pattern[str]
    custom_markers: bool = False      # user patterns: the quick substring pre-check cannot know them
    markdown: bool = False            # Markdown source: emphasis and code marks are layout


def make_key_context(text: str, options: Options, fmt: str = "text") -> KeyContext:
    marker_re = compile_markers(tuple(options.markers), options.default_markers)
    homoglyphs = not options.strict and _mostly_latin(text)
    word = _WORD if not options.strict else r"\w+"
    parts = ([f"(?P<m>{marker_re.pattern})"] if marker_re else []) + [f"(?P<w>{word})", r"(?P<p>[^\w\s])"]
    return KeyContext(options.strict, homoglyphs, marker_re, re.compile("|".join(parts)), bool(options.markers),
                      markdown=fmt == "markdown" and not options.strict)


# A word may hold inner hyphens and apostrophes ("non-source", "Users'"); other punctuation is a token.
_WORD = r"\w+(?:[-\u2010\u2011\u00ad'\u2019]\w+)*"
_TOKEN_SPLIT = re.compile(f"({_WORD}|[^\\w\\s])")


def may_have_marker(raw: str, ctx: KeyContext) -> bool:
    if ctx.marker_re is None:
        return False
    if ctx.custom_markers or ("[" in raw or "DELETED" in raw or "REDACTED" in raw or "\u2588" in raw
                              or "\u25a0" in raw or "(b)" in raw or "XXXX" in raw or "xxxx" in raw
                              or "**" in raw):
        return ctx.marker_re.search(raw) is not None
    return False


def is_plain(raw: str, lines: int, ctx: KeyContext) -> bool:
    """A passage that tokenises in bulk: contiguous lines, no marker, no end-of-line hyphenation.
    In such a passage the key's words are the raw text's white-space separated words, one for one."""
    return (not ctx.strict and raw.count("\n") == lines - 1 and not may_have_marker(raw, ctx)
            and not ("-" in raw and _LINE_HYPHEN.search(raw)))


def _mostly_latin(text: str) -> bool:
    """Fold Cyrillic/Greek look-alikes only where they are stray letters in a Latin-script text."""
    sample = text[:200_000]
    latin = len(sample.encode("ascii", "ignore").translate(None, _NON_LETTERS))
    other = len(_CYRILLIC_OR_GREEK.findall(sample))
    return other < max(4, latin // 20)


_NON_LETTERS = bytes(b for b in range(256) if not chr(b).isalpha())


def fold_text(s: str, ctx: KeyContext) -> str:
    """Fold typography (quotes, dashes, ligatures, odd spaces, look-alike letters) for comparison."""
    if ctx.strict or s.isascii():
        return s
    s = unicodedata.normalize("NFKC", s)
    return s.translate(_FOLD_HOMOGLYPHS if ctx.homoglyphs else _FOLD)


def make_key(raw: str, ctx: KeyContext) -> str:
    """Layout-free key of a passage: markers unified, typography folded, hyphenation and wrapping undone."""
    if ctx.strict:
        return " ".join(raw.split())
    if may_have_marker(raw, ctx):
        raw = _MARKER_RUN.sub("\x00", ctx.marker_re.sub(" \x00 ", raw))
    s = fold_text(raw, ctx)
    if "-" in s:
        s = _INNER_HYPHEN.sub("", _LINE_HYPHEN.sub("", s))
    if ctx.markdown:
        s = _MD_MARKS.sub("", s)
    return " ".join(s.split())


def token_key(text: str, kind: str, ctx: KeyContext) -> str:
    if kind == "m":
        return text if ctx.strict else MARKER_KEY
    if ctx.strict:
        return text
    s = fold_text(text, ctx)
    return s.replace("-", "") if kind == "w" else s


def find_paragraphs(text: str, options: Options, ctx: KeyContext) -> tuple[tuple[Paragraph, ...], Layout]:
    """Split text into paragraphs (blank-line separated; page furniture lines are transparent).

    Scans with regular expressions rather than line by line: a 10 MB document has 200,000 lines."""
    furniture = _find_furniture(text, options)
    fstarts = [f.line_start for f in furniture]
    paragraphs: list[Paragraph] = []
    wrapped = hyphenations = 0
    for block in _BLOCK.finditer(text):
        bs, be = block.span()
        raw = block.group()
        k = bisect_left(fstarts, bs)
        has_furniture = k < len(fstarts) and fstarts[k] < be
        if not has_furniture and "#" not in raw:
            groups = [_line_spans(raw, bs)]
        else:
            groups = _split_block(raw, bs, set(fstarts[k:bisect_left(fstarts, be)]))
        for lines in groups:
            if len(lines) > 1:
                wrapped += len(lines) - 1
                joined = raw if len(groups) == 1 and not has_furniture else "\n".join(text[s:e] for s, e in lines)
                if "-" in joined:
                    hyphenations += len(_LINE_HYPHEN.findall(joined))
            else:
                joined = text[lines[0][0]:lines[0][1]]
            paragraphs.append(Paragraph(lines[0][0], lines[-1][1], tuple(lines), make_key(joined, ctx)))
    if furniture:
        paragraphs = _join_page_breaks(text, paragraphs, furniture, ctx)
    folded = 0 if ctx.strict else len(_FOLDABLE.findall(text))
    if ctx.strict:
        wrapped = hyphenations = 0
    return tuple(paragraphs), Layout(tuple(furniture), hyphenations, wrapped, folded)


def _join_page_breaks(text: str, paragraphs: list[Paragraph], furniture: list[Furniture],
                      ctx: KeyContext) -> list[Paragraph]:
    """A paragraph cut by a page break ("… the\n\n- 3 -\n\nrest of it …") is one paragraph: join
    two neighbours when only blank lines and page furniture separate them, the first does not end
    a sentence and the second starts in lower case."""
    starts = [f.start for f in furniture]
    out: list[Paragraph] = []
    for para in paragraphs:
        prev = out[-1] if out else None
        if prev is not None and _continues(text, prev, para, furniture, starts):
            lines = prev.lines + para.lines
            out[-1] = Paragraph(prev.start, para.end, lines, make_key("\n".join(text[s:e] for s, e in lines), ctx))
        else:
            out.append(para)
    return out


def _continues(text: str, prev: Paragraph, para: Paragraph, furniture: list[Furniture], starts: list[int]) -> bool:
    k = bisect_left(starts, prev.end)
    if k >= len(starts) or starts[k] >= para.start:
        return False                       # no page furniture in between: a real paragraph break
    if text_without_furniture(text, tuple(furniture[k:k + 8]), prev.end, para.start).strip():
        return False
    last = text[prev.lines[-1][0]:prev.end].rstrip()
    following = text[para.start:para.end].lstrip()          # a PDF page starts with a form feed
    if not last or last[-1] in ".:;!?\"')]" or not following[:1].islower() or _LIST_ITEM.match(following):
        return False
    if last.endswith("-") and last[-2:-1].isalpha():
        return True          # "secu-" / page break / "rity": a word hyphenated across the break
    # a paragraph cut by the page break fills its last line; one that ended there need not
    widths = [len(text[s:e].strip()) for s, e in prev.lines]
    return len(widths) == 1 or len(last.strip()) >= 0.7 * max(widths)


def _line_spans(raw: str, base: int) -> list[tuple[int, int]]:
    """(start, end) of each line of raw, which begins at offset base (C-level iterators only)."""
    lengths = list(map(len, raw.split("\n")))
    starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=base))
    return list(zip(starts, map(add, starts, lengths)))


def _split_block(raw: str, base: int, furniture_starts: set[int]) -> list[list[tuple[int, int]]]:
    """A block holding furniture lines (skipped) or Markdown headings (paragraphs of their own)."""
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


def _find_furniture(text: str, options: Options) -> list[Furniture]:
    """Every line that is a page header, footer or page number, in text order."""
    if options.strict or not options.detect_furniture:
        return []
    found: dict[int, Furniture] = {}
    for m in _FURNITURE_LINE.finditer(text):
        s = m.group().strip()
        if len(s) <= 100:
            rule = _FURNITURE_RULES[int(m.lastgroup[1:])][0]
            found[m.start()] = _furniture(m.start(), m.group(), rule)
    for rx in options.furniture:
        for m in re.compile(rf"^[ \t\f\v]*(?:{rx})[ \t\f\v]*$", re.M).finditer(text):
            if m.group().strip() and m.start() not in found:
                found[m.start()] = _furniture(m.start(), m.group(), "configured")
    for m in _PAGE_FOOTER.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start not in found and m.end() - start <= 120 and _WIDE_GAP.search(text, start, m.start() + 1):
            found[start] = _furniture(start, text[start:m.end()], "page-footer")
    # running headers/footers laid out in columns ("RFC 5988    Web Linking    October 2010"),
    # recognised when the same shape (digits aside) recurs; only lines with a wide gap are read
    wide: dict[str, list[int]] = {}
    pos = text.find("   ")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[start:end]
        s = line.strip()
        if start not in found and 0 < len(s) <= 100 and _WIDE_GAP.search(s):
            wide.setdefault(_DIGITS.sub("#", " ".join(s.split())), []).append(start)
        pos = text.find("   ", end)
    for starts in wide.values():
        if len(starts) >= 2:
            for start in starts:
                end = text.find("\n", start)
                found[start] = _furniture(start, text[start:len(text) if end < 0 else end], "running-header")
    if "\f" in text:
        _page_edges(text, found)
    return [found[k] for k in sorted(found)]


def _page_edges(text: str, found: dict[int, Furniture], depth: int = 3) -> None:
    """Paginated text (form feeds, as PDF extraction gives): short lines among the first and last
    lines of pages whose shape (digits aside) recurs on at least half of the pages are running
    headers and footers."""
    edges: dict[str, list[tuple[int, str]]] = {}
    page_start = 0
    pages = 0
    for page in text.split("\f"):
        lines, pos = [], page_start
        for line in page.split("\n"):
            if line.strip():
                lines.append((pos, line))
            pos += len(line) + 1
        seen = set()
        k = min(depth, (len(lines) - 1) // 2)       # a short page: only its very first and last lines
        for start, line in (lines[:k] + lines[-k:]) if k > 0 else []:
            shape = _DIGITS.sub("#", " ".join(line.split()))
            if len(shape) <= 70 and (start, shape) not in seen:       # body lines are longer
                seen.add((start, shape))
                edges.setdefault(shape, []).append((start, line))
        page_start += len(page) + 1
        pages += 1
    need = max(2, (pages + 1) // 2)         # on at least half of the pages
    for rows in edges.values():
        if len({start for start, _ in rows}) >= need:
            for start, line in rows:
                if start not in found:
                    found[start] = _furniture(start, line, "page-edge")


def _furniture(line_start: int, line: str, rule: str) -> Furniture:
    lead = len(line) - len(line.lstrip())
    s = line.strip()
    return Furniture(line_start + lead, line_start + lead + len(s), s, rule, line_start)


def tokenize(text: str, lines: tuple[tuple[int, int], ...], ctx: KeyContext, *, casefold: bool = False
             ) -> list[tuple[int, int, str, bool]]:
    """Tokens (start, end, key, is_marker) of the given line spans; joins end-of-line hyphenation."""
    if not ctx.strict and lines:
        start, end = lines[0][0], lines[-1][1]
        raw = text[start:end]
        if is_plain(raw, len(lines), ctx):
            return _drop_markup(plain_tokens(raw, start, ctx, casefold), ctx)
    out: list[tuple[int, int, str, bool]] = []
    for ls, le in lines:
        first = len(out)
        for m in ctx.token_re.finditer(text, ls, le):
            kind = m.lastgroup
            key = token_key(m.group(), kind, ctx)
            if casefold and kind != "m":
                key = key.casefold()
            out.append((m.start(), m.end(), key, kind == "m"))
        # "terror-" at the end of the previous line + "ism" at the start of this one -> "terrorism"
        if (not ctx.strict and first >= 2 and len(out) > first and out[first - 1][2] == "-"
                and out[first - 1][1] == _line_end(text, out[first - 1][1])
                and out[first - 2][1] == out[first - 1][0] and text[out[first][0]].isalnum()
                and text[out[first - 2][1] - 1].isalnum()):
            a, b = out[first - 2], out[first]
            out[first - 2: first + 1] = [(a[0], b[1], a[2] + b[2], False)]
    return _drop_markup(_merge_marker_runs(text, out), ctx) if not ctx.strict else out


def _drop_markup(tokens: list[tuple[int, int, str, bool]], ctx: KeyContext) -> list[tuple[int, int, str, bool]]:
    """In Markdown, emphasis and code marks are layout: leave them out of the comparison."""
    if not ctx.markdown:
        return tokens
    out = []
    for t in tokens:
        if t[3]:
            out.append(t)
        elif not t[2].strip("*_~`"):
            continue
        elif t[2][0] == "_" or t[2][-1] == "_":
            out.append((t[0], t[1], t[2].strip("_"), False))
        else:
            out.append(t)
    return out


def plain_tokens(raw: str, base: int, ctx: KeyContext, casefold: bool) -> list[tuple[int, int, str, bool]]:
    """Tokenise a plain passage (see is_plain) in bulk (C-level split, join and
    translate instead of one Python call per token): the same tokens and keys as the general path."""
    parts = _TOKEN_SPLIT.split(raw)
    if len(parts) < 2:
        return []
    offsets = list(accumulate(map(len, parts), initial=base))
    words = parts[1::2]
    joined = fold_text("\x01".join(words), ctx)
    if "-" in joined:
        joined = _INNER_HYPHEN.sub("", joined)
    if casefold:
        joined = joined.casefold()
    keys = joined.split("\x01")
    return list(zip(offsets[1::2], offsets[2::2], keys, repeat(False)))


def _merge_marker_runs(text: str, tokens: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
    """Markers separated only by white space are one withheld passage ("█ █" = "[Redacted] [Redacted]")."""
    out: list[tuple[int, int, str, bool]] = []
    for t in tokens:
        if t[3] and out and out[-1][3] and not text[out[-1][1]:t[0]].strip():
            out[-1] = (out[-1][0], t[1], t[2], True)
        else:
            out.append(t)
    return out


def _line_end(text: str, pos: int) -> int:
    """Offset of the end of the line containing pos, trailing spaces ignored."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return len(text[pos:end].rstrip()) + pos


def text_without_furniture(text: str, furniture: tuple[Furniture, ...], start: int, end: int) -> str:
    """text[start:end] with the page-furniture lines inside it left out (for display and counts)."""
    starts = [f.start for f in furniture]
    k = bisect_left(starts, start)
    parts, pos = [], start
    while k < len(furniture) and furniture[k].start < end:
        f = furniture[k]
        parts.append(text[pos:f.start])
        pos = min(end, f.end)
        k += 1
    parts.append(text[pos:end])
    return "".join(parts)


def join_paragraph(text: str, para: Paragraph, ctx: KeyContext) -> str:
    """A paragraph's original words on one line: wrapping undone, end-of-line hyphenation joined,
    furniture lines left out; characters are not folded."""
    raw = "\n".join(text[s:e] for s, e in para.lines)
    if not ctx.strict and "-" in raw:
        raw = _LINE_HYPHEN.sub("", raw)
    return " ".join(raw.split())
