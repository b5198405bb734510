"""Sections stage: recognise headings among the paragraphs and cut the document into sections."""
from __future__ import annotations

import re

from .model import Heading, Paragraph, Section
from .normalize import KeyContext, fold_text

_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ATX = re.compile(r"\s{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|\s{0,3}(#{1,6})[ \t]*$")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*$")
_KEYWORD = re.compile(
    r"(?P<kw>Article|ARTICLE|Art\.|Section|SECTION|Sec\.|Chapter|CHAPTER|Part|PART|Annex|ANNEX|"
    r"Appendix|APPENDIX|Exhibit|EXHIBIT|Title|TITLE|Schedule|SCHEDULE|\u00a7{1,2})\s*"
    r"(?P<num>(?:\d+[a-z]?|[IVXLCDM]+|[A-Z])(?:\.\d+[a-z]?)*)\.?"
    r"(?:\s*[-\u2013\u2014:.]\s*|\s+|$)(?P<title>.*)$")
# Unnumbered back-matter headings: "ADDENDUM: How to use this License", "Annex - Statistics"
_BACK_MATTER = re.compile(r"(?:ADDENDUM|Addendum|APPENDIX|Appendix|ANNEX|Annex|GLOSSARY|Glossary)\s*[:.\-\u2013\u2014]\s*(\S.*)")
_NUMBERED = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{1,3})*\.?|[IVXLCDM]{1,7}\.|[A-Z]\.(?:\d{1,3}\.?)*|[A-Z]\d{1,3}(?:\.\d{1,3})*\.?)"
    r"[ \t]+(?P<title>\S.*)$")
_SMALL_WORDS = frozenset(
    "a an and as at by de des du en et for from in into la le les of on or per than the to under upon via "
    "with within without vs".split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_MAX_TITLE_WORDS = 16
_CLAUSE_OPENERS = frozenset("if when where whereas unless although because provided notwithstanding while "
                            "whether and or but so".split())
_NOT_TITLE = re.compile(r"[=<>{}|\\@]|://")
MAX_HEADING_LINES = 3


def split_sections(text: str, paragraphs: tuple[Paragraph, ...], ctx: KeyContext, *,
                   structural: bool = False) -> tuple[Section, ...]:
    """Every heading, at any level, starts a section; text before the first heading is a section too.
    With `structural`, only Markdown headings (# or underlined) count, as in Markdown and HTML."""
    roman_doc = _uses_roman(text, paragraphs)
    sections: list[Section] = []
    body: list[Paragraph] = []
    heading: Heading | None = None
    start = 0

    def close(end: int) -> None:
        if heading is not None or body:
            sections.append(Section(len(sections), start, end, heading, tuple(body)))

    for para in paragraphs:
        h = parse_heading(text, para, ctx, roman_doc=roman_doc, marker_re=ctx.marker_re, structural=structural)
        if h is None:
            body.append(para)
            continue
        close(para.start)
        heading, body, start = h, [], para.start
    close(len(text))
    if sections and sections[0].heading is None:
        sections[0] = Section(0, 0, sections[0].end, None, sections[0].paragraphs)
    return tuple(sections)


def parse_heading(text: str, para: Paragraph, ctx: KeyContext, *, roman_doc: bool = True,
                  marker_re: re.Pattern[str] | None = None, structural: bool = False) -> Heading | None:
    """Return the heading a paragraph is, or None. A heading is a short paragraph (one line, or a
    title wrapped over up to three; two with a setext underline) that reads as a title: short, no
    sentence ending, not a redaction marker."""
    lines = para.lines
    if len(lines) == 2 and _SETEXT.fullmatch(text[lines[1][0]:lines[1][1]]):
        underline = text[lines[1][0]:lines[1][1]].strip()
        ls, le = lines[0]
        line = text[ls:le]
        title_off = ls + len(line) - len(line.lstrip())
        level = 1 if underline[0] == "=" else 2
        sub = _numbered(line.strip(), title_off, marker_re, roman_doc, loose=True)
        if sub is not None:          # "1. Definitions" over a row of dashes
            return _make(ls, lines[1][1], sub[2], sub[0], sub[1], level, "markdown", ctx, roman_doc)
        if _is_title(line.strip(), marker_re, loose=True):
            return _make(ls, lines[1][1], title_off, "", line.strip(), level, "markdown", ctx, roman_doc)
        return None
    if len(lines) > MAX_HEADING_LINES:
        return None
    ls, le = lines[0]
    line = text[ls:le]
    m = _ATX.fullmatch(line)
    if m and len(lines) == 1:
        hashes = m.group(1) or m.group(3)
        inner = m.group(2) or ""
        inner_off = ls + (m.start(2) if m.group(2) is not None else len(line))
        sub = _numbered(inner, inner_off, marker_re, roman_doc, loose=True)
        if sub is not None:
            number, title, title_off, _, _ = sub
            return _make(ls, le, title_off, number, title, len(hashes), "markdown", ctx, roman_doc)
        return _make(ls, le, inner_off, "", inner.strip(), len(hashes), "markdown", ctx, roman_doc)
    if structural or m:
        return None
    indent = len(line) - len(line.lstrip())
    # A long title may wrap (PDF extraction, narrow layouts): up to three lines read as one.
    stripped = " ".join([line.strip()] + [" ".join(text[s:e].split()) for s, e in lines[1:]])
    end = lines[-1][1]
    if len(stripped) > (160 if len(lines) == 1 else 120):
        return None
    sub = _numbered(stripped, ls + indent, marker_re, roman_doc, loose=False)
    if sub is not None:
        number, title, title_off, style, level = sub
        return _make(ls, end, title_off, number, title, level, style, ctx, roman_doc)
    back = _BACK_MATTER.fullmatch(stripped)
    if back and _is_title(back.group(1), marker_re, loose=True):
        return _make(ls, end, ls + indent, "", stripped, 1, "keyword", ctx, roman_doc)
    if len(lines) > 1 and (stripped.count(",") > 1 or stripped.startswith("[")):
        return None          # a wrapped reference or list entry, not a wrapped title
    if not _is_title(stripped, marker_re, loose=False):
        return None
    letters = [c for c in stripped if c.isalpha()]
    style = "caps" if letters and all(c.isupper() for c in letters) else "plain"
    return _make(ls, end, ls + indent, "", stripped, 1, style, ctx, roman_doc)


def _numbered(s: str, offset: int, marker_re, roman_doc: bool, *, loose: bool):
    """Split "1.2 Title", "II. Title", "B.1 Title", "Article 5 - Title", "§ 4 Title"."""
    m = _KEYWORD.match(s)
    if m:
        title = m.group("title").strip()
        if title and not _is_title(title, marker_re, loose=True):
            return None
        number = s[: m.start("title")].strip().rstrip("-\u2013\u2014:.").strip() if title else s.strip()
        return number, title, offset + (m.start("title") if title else len(s)), "keyword", 1
    m = _NUMBERED.match(s)
    if not m:
        return None
    num, title = m.group("num"), m.group("title").strip()
    bare = num.rstrip(".")
    if _ROMAN.fullmatch(bare) and (len(bare) > 1 or roman_doc):
        style, level = "roman", 1
    elif bare[:1].isalpha():
        style, level = "letter", 1 + bare.count(".") + (1 if len(bare) > 1 and bare[1].isdigit() else 0)
    else:
        style, level = "decimal", 1 + bare.count(".")
    # only decimal clause headings end with a period ("0. Definitions."); "O. Preserve any
    # Warranty Disclaimers." is a list item
    if not _is_title(title, marker_re, loose=loose, numbered=True, period_ok=style == "decimal"):
        return None
    return bare, title, offset + m.start("title"), style, level


def _is_title(s: str, marker_re, *, loose: bool, numbered: bool = False, period_ok: bool = False) -> bool:
    """Short, starts with a capital (or digit/quote when numbered), no sentence-final punctuation."""
    if not s or len(s) > 140:
        return False
    if marker_re is not None and marker_re.fullmatch(s.strip(" *_:.")):
        return False
    if marker_re is not None and not marker_re.sub("", s).strip(" *_:.,;"):
        return False
    words = _WORD.findall(s)
    if not words or len(s.split()) > _MAX_TITLE_WORDS:
        return False
    if _NOT_TITLE.search(s):
        return False         # grammar rules, code, addresses: "Profile = "Profile" ":" #(...)"
    if s[-1] in ".,;!?" and not s.endswith("..."):
        # "3. Protecting Users' Legal Rights." - a numbered Title Case heading may end with a period
        if not (period_ok and s[-1] == "." and len(s.split()) <= 8 and _title_case(words)):
            return False
    if s.endswith(":") and len(s.split()) > 5:
        return False
    # a quoted start ("Incompatible With …" Notice) is a title only after a keyword or Markdown
    # marker; after a bare number it is a definition clause (1.5. "Larger Work" means …)
    first = s.lstrip("([*_" + ("\"'\u201c\u2018" if loose and not numbered else ""))[:1]
    if not (first.isupper() or (numbered and first.isdigit())):
        return False
    if loose or numbered:
        return True
    # Unnumbered plain lines: Title Case or ALL CAPS, at most 10 words, and not a sentence cut
    # short by a redaction ("If You distribute DELETED") or opening like a clause ("If You …").
    if marker_re is not None and marker_re.search(s):
        return False
    if words[0].casefold() in _CLAUSE_OPENERS:
        return False
    return len(s.split()) <= 10 and _title_case(words)


def _title_case(words: list[str]) -> bool:
    """At least three quarters of the significant words are capitalised (or the line is in capitals)."""
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised >= max(1, round(0.75 * len(significant)))


def _make(start, end, title_start, number, title, level, style, ctx, roman_doc) -> Heading:
    title_key = " ".join(re.findall(r"\w+", fold_text(title, ctx).casefold())) if not ctx.strict else title
    return Heading(start, end, title_start, number, title, level, style, number_key(number, roman_doc), title_key)


def number_key(number: str, roman_doc: bool = True) -> tuple[int, ...]:
    """Numeric value of a heading number: "1.2" -> (1, 2), "IV" -> (4,), "B.1" -> (2, 1), "Article 5" -> (5,)."""
    m = _KEYWORD.match(number)
    if m:
        number = m.group("num")
    parts = [p for p in re.split(r"[.\s]+", number.strip().rstrip(".")) if p]
    if len(parts) == 1 and re.fullmatch(r"[A-Z]\d+", parts[0]):
        parts = [parts[0][0], parts[0][1:]]
    out: list[int] = []
    for p in parts:
        digits = re.match(r"\d+", p)
        if digits:
            out.append(int(digits.group()))
        elif _ROMAN.fullmatch(p) and (len(p) > 1 or roman_doc):
            out.append(_roman_value(p))
        elif len(p) == 1 and p.isalpha():
            out.append(ord(p.upper()) - 64)
        else:
            return ()
    return tuple(out)


def _roman_value(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def _uses_roman(text: str, paragraphs: tuple[Paragraph, ...]) -> bool:
    """Single letters I, V, X, C… are roman numerals only in a document that also numbers with II, III…"""
    for p in paragraphs:
        if len(p.lines) == 1 and re.match(r"\s*(?:#{1,6}\s+)?(?:II|III|IV|VI|VII|VIII|IX|XI|XII)\.\s", text[p.start:p.end]):
            return True
    return False
