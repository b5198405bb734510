"""Normalise stage: find page furniture and paragraphs, and build layout-free comparison keys.

Keys change, offsets never do: every paragraph and token keeps (start, end) offsets into the text
as read, and only its `key` is folded (reflow, hyphenation, quotes, dashes, ligatures, homoglyphs).
"""
from __future__ import annotations

import re
from bisect import bisect_left
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
     r"(?:\d{1,5}/\d{2}(?:\s+(?:REV|ADD|COR|AMD)\s*\d{0,2})*(?:\s+[A-Za-z]{2,4}/[A-Za-z]{2,4})?(?:\s+\d{1,4})?)?"
     r"(?:\s*(?:[A-Z]{2,6}(?:\.[A-Z0-9]{1,3})+|DG\s+[A-Z](?:\s*\d[A-Z]?)?))?"
     r"(?:\s*\bLIMITE\b)?(?:\s*\b(?:EN|FR|DE|ES|IT|NL|PT|PL)\b)?"),
    ("page-number", r"[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?"),              # 3, - 3 -
    ("page-number", r"(?i:page)\s+\d{1,4}(?:\s*(?:(?i:of)|/)\s*\d{1,4})?"),          # Page 3 of 9
    ("page-number", r"\d{1,4}\s*/\s*\d{1,4}"),                                       # 3/9
    ("page-number", r"%%\s*page\s*\d+\s*%%"),                                        # %%page 15%%
    ("page-footer", r".*\S\s{3,}\[Page \d+\]"),                                      # RFC footer
)
_FURNITURE_RE = re.compile("|".join(f"(?P<r{i}>{rx})" for i, (_, rx) in enumerate(_FURNITURE_RULES)))
_WIDE_GAP = re.compile(r"\S\s{3,}\S")
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
_MARKER_RUN = re.compile(r"\x00(?:\s*\x00)+")
_CYRILLIC_OR_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class KeyContext:
    """How keys are folded for one document (derived once from the options and the text)."""

    strict: bool
    homoglyphs: bool
    marker_re: re.Pattern[str] | None
    token_re: re.Pattern[str]


def make_key_context(text: str, options: Options) -> KeyContext:
    marker_re = compile_markers(tuple(options.markers), options.default_markers)
    homoglyphs = not options.strict and _mostly_latin(text)
    word = r"\w+(?:[-\u2010\u2011'\u2019]\w+)*" if not options.strict else r"\w+"
    parts = ([f"(?P<m>{marker_re.pattern})"] if marker_re else []) + [f"(?P<w>{word})", r"(?P<p>[^\w\s])"]
    return KeyContext(options.strict, homoglyphs, marker_re, re.compile("|".join(parts)))


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
    if ctx.marker_re is not None and not ctx.strict:
        raw = _MARKER_RUN.sub("\x00", ctx.marker_re.sub(" \x00 ", raw))
    if ctx.strict:
        return " ".join(raw.split())
    s = fold_text(raw, ctx)
    s = _LINE_HYPHEN.sub("", s)
    s = _INNER_HYPHEN.sub("", s)
    return " ".join(s.split())


def token_key(text: str, kind: str, ctx: KeyContext) -> str:
    if kind == "m":
        return text if ctx.strict else MARKER_KEY
    if ctx.strict:
        return text
    s = fold_text(text, ctx)
    return s.replace("-", "") if kind == "w" else s


def find_paragraphs(text: str, options: Options, ctx: KeyContext) -> tuple[tuple[Paragraph, ...], Layout]:
    """Split text into paragraphs (blank-line separated; page furniture lines are transparent)."""
    furniture_lines = _find_furniture(text, options)
    paragraphs: list[Paragraph] = []
    current: list[tuple[int, int]] = []
    hyphenations = wrapped = 0

    def flush() -> None:
        nonlocal hyphenations, wrapped
        if current:
            raw = "\n".join(text[s:e] for s, e in current)
            if len(current) > 1 and not ctx.strict:
                wrapped += len(current) - 1
                hyphenations += len(_LINE_HYPHEN.findall(raw))
            paragraphs.append(Paragraph(current[0][0], current[-1][1], tuple(current), make_key(raw, ctx)))
            current.clear()

    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if start in furniture_lines:
            continue
        if not line.strip():
            flush()
            continue
        if _ATX.match(line):              # a Markdown heading is a paragraph of its own
            flush()
            current.append((start, end))
            flush()
            continue
        current.append((start, end))
    flush()
    furniture = tuple(furniture_lines.values())
    folded = 0 if ctx.strict else len(_FOLDABLE.findall(text))
    return tuple(paragraphs), Layout(furniture, hyphenations, wrapped, folded)


def _find_furniture(text: str, options: Options) -> dict[int, Furniture]:
    """Map line start -> Furniture for every line that is a page header, footer or page number."""
    if options.strict or not options.detect_furniture:
        return {}
    extra = [re.compile(rx) for rx in options.furniture]
    found: dict[int, Furniture] = {}
    wide: dict[str, list[tuple[int, int, str]]] = {}
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        s = line.strip()
        if not s or len(s) > 100:
            continue
        lead = len(line) - len(line.lstrip())
        m = _FURNITURE_RE.fullmatch(s)
        if m and m.group(0):
            rule = _FURNITURE_RULES[int(m.lastgroup[1:])][0]
            found[start] = Furniture(start + lead, start + lead + len(s), s, rule)
        elif any(rx.fullmatch(s) for rx in extra):
            found[start] = Furniture(start + lead, start + lead + len(s), s, "configured")
        elif _WIDE_GAP.search(s):
            # running headers/footers laid out in columns ("RFC 5988    Web Linking    October 2010")
            wide.setdefault(_DIGITS.sub("#", " ".join(s.split())), []).append((start, start + lead, s))
    for shape, rows in wide.items():
        if len(rows) >= 2:
            for start, s0, s in rows:
                found[start] = Furniture(s0, s0 + len(s), s, "running-header")
    return dict(sorted(found.items()))


def tokenize(text: str, lines: tuple[tuple[int, int], ...], ctx: KeyContext, *, casefold: bool = False
             ) -> list[tuple[int, int, str, bool]]:
    """Tokens (start, end, key, is_marker) of the given line spans; joins end-of-line hyphenation."""
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
    return _merge_marker_runs(text, out) if not ctx.strict else out


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
