"""Headings stage: which short paragraphs are headings, decided from the evidence of the document.

Heading styles (conventions.headings) only propose: each short paragraph that reads as a numbered
or plain title becomes a candidate with a prior. The decision weighs what the whole document shows
(conventions.tuning.HeadingTuning names every weight): a number that continues a sequence, a
shape shared with other headings, a body that follows, a line that does not interrupt a sentence,
and the other version having a heading with the same title or number. Markdown states its
structure: its headings are read with a parser and need no evidence. A document without reliable
structure (OCR scraps, a rendition without headings) keeps few or no sections.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .conventions import Conventions, HeadingStyle
from .conventions.headings import CLAUSE, CLAUSE_NUMBER, NOT_TITLES
from .conventions.languages import number_word_value
from .conventions.tuning import HEADINGS, HeadingTuning
from .lines import line_index, line_starts
from .markup import MARKUP_FORMATS, read_markup
from .model import Heading, Paragraph
from .tokens import _CJK_GAP, MARKER_KEY, KeyContext, fold_text, without_markup

_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_UNDERLINE = re.compile(r"[ \t]*([=\-~^*+#\"'`:._])\1{2,}[ \t]*")
_ATTRIBUTES = re.compile(r"[ \t]*\{[:#.][^{}]*\}[ \t]*$")       # kramdown "# Introduction {#intro}"
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_NOT_TITLE = re.compile(r"[=<>{}|\\@]|://|\.{4,}|(?:\. ){3,}")
_DEFINITION = re.compile(r"^[\"'\u201c\u2018][^\"'\u201d\u2019]+[\"'\u201d\u2019]\s+(?:means|shall mean|includes|"
                         r"refers to|has the meaning)\b")
_TOC_ENTRY = re.compile(r"(?:\.{2,}|(?:\. ){2,}\.?|[ \t]{2,})[ \t]*\d{1,4}$")
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_SENTENCE_END = ".:;!?\"')]\u201d\u2019"
_FIRST_VALUES = {0, 1}
_MARKINGS = re.compile(NOT_TITLES[0].pattern)
_NOT_TITLES = tuple(re.compile(s.pattern) for s in NOT_TITLES)
_CJK_VALUE = {c: v for v, c in enumerate("\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d")}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A paragraph that may be a heading, with what its shape says."""

    para: int                     # index of its (first) paragraph
    style: str                    # the JSON style value
    family: str                   # numbering family ("decimal", "kw:article", …) or shape class
    number: str
    number_key: tuple[int, ...]
    title: str
    start: int
    end: int
    title_start: int
    level: int
    prior: float
    certain: bool = False         # stated by the markup (Markdown, an underline)
    body_start: int | None = None  # a clause: its body starts inside the paragraph, here
    paras: int = 1                # paragraphs it covers ("Article 5" + a title paragraph: 2)

    @property
    def numbered(self) -> bool:
        return bool(self.number_key) and self.family not in ("", "clause")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the other version's headings show: their titles and numbers, and where they are
    (as a share of the document), for cross-version evidence at the matching place."""

    titles: dict[str, list[float]] = field(default_factory=dict)
    numbers: dict[tuple[str, tuple[int, ...]], list[float]] = field(default_factory=dict)

    def has_title(self, title: str, place: float, tolerance: float) -> bool:
        return any(abs(p - place) <= tolerance for p in self.titles.get(_title_key(title), ()))

    def has_number(self, key: tuple[str, tuple[int, ...]], place: float, tolerance: float) -> bool:
        return any(abs(p - place) <= tolerance for p in self.numbers.get(key, ()))


@dataclass(slots=True)
class _Doc:
    text: str
    paras: tuple[Paragraph, ...]
    cands: list[Candidate]
    by_para: dict[int, int] = field(default_factory=dict)


def propose_headings(text: str, paragraphs: tuple[Paragraph, ...], ctx: KeyContext, fmt: str = "text",
                     tuning: HeadingTuning = HEADINGS) -> list[Candidate]:
    """Every paragraph whose shape reads as a heading, in document order."""
    conv = ctx.conventions
    roman_doc = _uses_roman(text, paragraphs)
    if fmt in MARKUP_FORMATS:
        return _markup_candidates(text, paragraphs, ctx, roman_doc, fmt)
    structural = fmt in ("html", "docx")
    underline_levels: dict[str, int] = {}
    out: list[Candidate] = []
    for k, para in enumerate(paragraphs):
        if para.kind != "text":
            continue
        c = _candidate(text, para, k, ctx, conv, roman_doc, structural, underline_levels, tuning)
        if c is not None:
            out.append(c)
    return out


def _markup_candidates(text, paragraphs, ctx, roman_doc, fmt) -> list[Candidate]:
    md = read_markup(text, fmt)
    assert md is not None
    firsts = {h.first: h for h in md.headings}
    line_of = _line_index(text)
    out = []
    for k, para in enumerate(paragraphs):
        h = firsts.get(line_of(para.start))
        if h is None:
            continue
        # a reStructuredText title between an over- and an underline (not a two-line setext title)
        overline = (fmt == "rst" and h.last - h.first == 2 and len(para.lines) == 3
                    and _UNDERLINE.fullmatch(text[para.lines[0][0]:para.lines[0][1]]) is not None)
        ls, le = para.lines[1 if overline else 0]
        line = text[ls:le]
        if h.setext:
            # every line above the underline is the title: a paragraph standing over "-----" is one
            # heading to CommonMark, and a word changed in its third line is a change of the title
            above = para.lines[1 if overline else 0:-1] or para.lines[:1]
            inner = " ".join(" ".join(text[s:e].split()) for s, e in above)
            inner_off = ls + len(line) - len(line.lstrip())
            end = para.lines[-1][1]
        elif h.title:                # a dialect's part line ("--- note_Note_to_Readers": "Note to Readers")
            inner, inner_off, end = h.title, ls + h.title_col, le
        else:
            m = _ATX.fullmatch(line)
            inner = (m.group(2) or "") if m else line.lstrip("# ")
            inner_off = ls + (m.start(2) if m and m.group(2) is not None else len(line))
            end = le
        style = "markdown" if fmt == "markdown" else "underlined"
        c = _structural(text, para, k, inner, inner_off, end, h.level, style, ctx, roman_doc)
        out.append(replace(c, start=ls) if overline else c)      # an overlined title is read at its title line
    return out


def _structural(text, para, k, inner, inner_off, end, level, style, ctx, roman_doc) -> Candidate:
    """A heading the markup states: its number and title split, no evidence needed. Attributes
    ("{#intro}") are markup, not title (normalize counts them)."""
    inner = _ATTRIBUTES.sub("", inner)
    sub = _numbered(inner.strip(), inner_off + len(inner) - len(inner.lstrip()), ctx.conventions, roman_doc,
                    loose=True)
    if sub is not None:
        number, title, title_off, _, family, nkey, _, _ = sub
        return Candidate(k, style, family, number, nkey, _as_read(title, ctx), para.start, end, title_off, level,
                         1.0, True)
    title = inner.strip()
    return Candidate(k, style, "", "", (), _as_read(title, ctx), para.start, end,
                     inner_off + len(inner) - len(inner.lstrip()), level, 1.0, True)


def _as_read(title: str, ctx: KeyContext) -> str:
    """A title the markup states, as a reader sees it: without its emphasis, code and HTML marks
    ("## <span class="privacy-header-firefox">Firefox</span> Privacy Notice" is "Firefox Privacy
    Notice", the same title as "# Firefox Privacy Notice")."""
    if not ctx.markdown:
        return title
    return " ".join(without_markup(title, ctx.rst)[0].split())


def _candidate(text, para, k, ctx, conv, roman_doc, structural, underline_levels,
               tuning: HeadingTuning) -> Candidate | None:
    lines = para.lines
    first = text[lines[0][0]:lines[0][1]]
    # a title over an underline (reStructuredText, setext), possibly with an overline too
    if 2 <= len(lines) <= 3 and _UNDERLINE.fullmatch(text[lines[-1][0]:lines[-1][1]]):
        over = len(lines) == 3 and _UNDERLINE.fullmatch(first)
        if len(lines) == 2 or over:
            ls, le = lines[-2]
            line = text[ls:le]
            char = text[lines[-1][0]:lines[-1][1]].strip()[0]
            mark = ("over" if over else "") + char
            level = underline_levels.setdefault(mark, len(underline_levels) + 1)
            if line.strip() and not _UNDERLINE.fullmatch(line) and len(line.strip()) <= tuning.max_chars_one_line:
                c = _structural(text, para, k, line, ls, lines[-1][1], level,
                                "markdown" if mark in ("=", "-") else "underlined", ctx, roman_doc)
                return replace(c, start=ls)       # an overlined title is read at its title line
    m = _ATX.fullmatch(first)
    if m and len(lines) == 1 and first.lstrip().startswith("#"):
        inner = m.group(2) or ""
        inner_off = lines[0][0] + (m.start(2) if m.group(2) is not None else len(first))
        return _structural(text, para, k, inner, inner_off, lines[0][1], len(m.group(1)), "markdown", ctx, roman_doc)
    if structural:
        return None
    if len(lines) > tuning.max_lines:
        return _clause(text, para, k, conv, tuning)
    ls = lines[0][0]
    indent = len(first) - len(first.lstrip())
    stripped = " ".join([first.strip()] + [" ".join(text[s:e].split()) for s, e in lines[1:]])
    if len(stripped) > (tuning.max_chars_one_line if len(lines) == 1 else tuning.max_chars_wrapped):
        return _clause(text, para, k, conv, tuning)
    if len(lines) > 1 and (stripped.count(",") > 1 or stripped.startswith("[") or _wrapped_sentence(text, lines)):
        return _clause(text, para, k, conv, tuning)
    if _TOC_ENTRY.search(stripped) and not _NUMBER_ONLY.fullmatch(stripped):
        return None                      # "1.  Introduction . . . . . . 3": a contents entry
    sub = _numbered(stripped, ls + indent, conv, roman_doc, loose=False, tuning=tuning)
    if sub is not None:
        number, title, title_off, style, family, nkey, level, prior = sub
        if title and title[0].islower():
            prior += tuning.lower_case_title
        return Candidate(k, style, family, number, nkey, title, ls, lines[-1][1], title_off, level, prior)
    if _starts_numbered(stripped):
        return _clause(text, para, k, conv, tuning)
    for style, rx in conv.styles:
        if style.numbering != "none":
            continue
        m = rx.fullmatch(stripped)
        if m is None:
            continue
        title = m.group("title").strip()
        if style.id == "keyword":        # back matter: the whole line is the title
            if _title_ok(title, style, conv, tuning, loose=True):
                return Candidate(k, "keyword", "back-matter", "", (), stripped, ls, lines[-1][1], ls + indent, 1,
                                 style.prior)
            continue
        if style.id == "caps" and not _caps_ok(title):
            continue
        if not _plain_ok(title, style, conv, tuning):
            continue
        family = f"{style.id}:{int(indent > 0)}"         # headings of one document share style and indent
        prior = style.prior + (0.12 if style.id == "plain" and _case_class(title) == "title" else 0.0)
        return Candidate(k, style.id, family, "", (), title, ls, lines[-1][1], ls + indent, 1, prior)
    return None


_NUMBER_ONLY = re.compile(r"\d+")
_STARTS_NUMBERED = re.compile(r"\d{1,4}\.[ \t]")


def _starts_numbered(s: str) -> bool:
    return bool(_STARTS_NUMBERED.match(s))


def _wrapped_sentence(text: str, lines) -> bool:
    """Lines of a wrapped sentence: an earlier line ends in a way a title line does not."""
    for s, e in lines[:-1]:
        line = text[s:e].rstrip()
        if line.endswith((".", ";", ",")):
            return True
    return False


def _clause(text, para, k, conv: Conventions, tuning: HeadingTuning) -> Candidate | None:
    """A long paragraph opening with a bare number: a clause, if the document's numbering says so."""
    ls, le = para.lines[0]
    first = text[ls:le]
    indent = len(first) - len(first.lstrip())
    m = conv.clause.match(first.strip()) or _withheld_clause(first.strip(), conv)
    if m is None:
        return None
    num = m.group("num")
    num_end = ls + indent + m.end("num") + 1
    rest = text[num_end:para.end]
    title, body_at = "", num_end + len(rest) - len(rest.lstrip())
    run_in = re.match(r"[ \t]*([^.\n]{2,80}?)\.[ \t]+(?=\S)", rest)
    if run_in:
        words = _WORD.findall(run_in.group(1))
        if words and len(run_in.group(1).split()) <= tuning.run_in_title_words and _title_case(words, conv) \
                and not _DEFINITION.match(run_in.group(1)):
            title = run_in.group(1).strip()
            body_at = num_end + run_in.end()
    title_start = num_end + len(rest) - len(rest.lstrip()) if title else num_end
    return Candidate(k, "clause", "clause", num, (int(num),), title, para.start, num_end if not title else
                     title_start + len(title) + 1, title_start, 1, CLAUSE.prior, body_start=body_at)


_CLAUSE_NUMBER = re.compile(CLAUSE_NUMBER)


def _withheld_clause(s: str, conv: Conventions) -> re.Match[str] | None:
    """A clause whose words a marker stands for ("3. ███…", "3. [REDACTED]"): still a clause of
    the run, so that the words given back in a later release pair with it."""
    m = _CLAUSE_NUMBER.match(s)
    if m is None or conv.marker_re is None:
        return None
    return m if conv.marker_re.match(s, m.end()) else None


def _numbered(s: str, offset: int, conv: Conventions, roman_doc: bool, *, loose: bool,
              tuning: HeadingTuning = HEADINGS):
    """Split "1.2 Title", "II. Title", "B.1 Title", "Article 5 - Title", "§ 4 Title", "第一章 総則".
    Returns (number, title, title offset, style id, family, number key, level, prior) or None."""
    for style, rx in conv.styles:
        if style.numbering == "none":
            continue
        m = rx.fullmatch(s)
        if m is None:
            continue
        num = m.group("num")
        title = (m.group("title") or "").strip() if "title" in rx.groupindex else ""
        if style.numbering == "keyword":
            number = s[:m.end("num")].strip()
            kw = m.group("kw").rstrip(".").casefold()
            family = "kw:" + ("\u00a7" if kw.startswith("\u00a7") else kw[:4])
        else:
            number = num.rstrip(".").rstrip("\u3001")
            family = style.numbering if style.numbering != "cjk" else "cjk:" + number[-1:]
        if style.numbering == "roman" and len(number) == 1 and not roman_doc:
            if not number.isalpha():
                continue
            style_id, family, numbering = "letter", "letter", "letter"       # "I. Ninth Part" in a lettered list
        else:
            style_id, numbering = style.id, style.numbering
        if not title and style.title == "required":
            continue
        # a heading the markup states keeps its number whatever its title ("§ 56 (weggefallen)", a
        # title of twenty words); a plain line must read as a title to be a heading at all
        if title and not loose and not _title_ok(title, style, conv, tuning, loose=False, numbered=True):
            return None
        nkey = number_key(number, roman_doc, numbering)
        if style.numbering in ("decimal", "letter") and not nkey:
            return None
        level = 1 + number.count(".") if numbering in ("decimal", "letter") else 1
        if numbering == "letter" and len(number) > 1 and number[1].isdigit():
            level += 1
        title_off = offset + (m.start("title") if title else len(s))
        return number, title, title_off, style_id, family, nkey, level, style.prior
    return None


def _title_ok(s: str, style: HeadingStyle, conv: Conventions, tuning: HeadingTuning, *, loose: bool,
              numbered: bool = False) -> bool:
    """A title reads as a title: short, not a sentence, not a redaction marker, not code."""
    if not s or len(s) > 140:
        return False
    marker_re = conv.marker_re
    if marker_re is not None and not marker_re.sub("", s).strip(" *_:.,;"):
        return False
    words = _WORD.findall(s)
    n_words = len(s.split())
    if not words or n_words > tuning.max_title_words:
        return False
    if _NOT_TITLE.search(s) or _DEFINITION.match(s):
        return False
    if s[-1] in ".,;" and not s.endswith("..."):
        if not (style.period_ok and s[-1] == "." and n_words <= tuning.period_title_words
                and (_title_case(words, conv) or loose)):
            return False
    if s.endswith(":") and n_words > 5:
        return False
    first = s.lstrip("([*_\"'\u201c\u2018\uff08\u3010\u300c\u300e")[:1]
    if not first:
        return False
    if not (first.isalpha() or first.isdigit() or loose):
        return False
    if first.islower() and not numbered and not loose:
        return False
    if not loose and words[0].casefold() in conv.clause_openers:
        return False                      # "2. While input has content:": a step, not a title
    return True


def _plain_ok(title: str, style: HeadingStyle, conv: Conventions, tuning: HeadingTuning) -> bool:
    """Unnumbered lines: short, capitalised, not a sentence cut short or opening like a clause."""
    if not _title_ok(title, style, conv, tuning, loose=False):
        return False
    words = _WORD.findall(title)
    if len(title.split()) > tuning.max_plain_words:
        return False
    if conv.marker_re is not None and conv.marker_re.search(title):
        return False
    if words[0].casefold() in conv.clause_openers or not words[0][0].isupper():
        return False
    if title.count(",") > 1 or title.endswith(","):
        return False
    if title.endswith(":") and _case_class(title) == "sentence" and len(words) > 1:
        return False                      # "This link:", "Target attribute definitions SHOULD specify:"
    if _MARKINGS.fullmatch(title) or any(rx.match(title) for rx in _NOT_TITLES):
        return False
    if sum(1 for c in title if c.isalpha()) < 3 or _codes(title):
        return False                      # "HW", "HW 50955 DocId:32283208": scraps and codes
    return True


def _codes(title: str) -> bool:
    """More than a quarter of the words hold digits: a list of codes, not a title."""
    words = title.split()
    return 4 * sum(1 for w in words if any(ch.isdigit() for ch in w)) > len(words)


def _caps_ok(title: str) -> bool:
    """A line in capitals reads as a title, not as a list of codes ("CT 49 ENFOPOL 140 COTER 67")."""
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 3 and not _codes(title) and not _MARKINGS.fullmatch(title.strip())


def _case_class(title: str) -> str:
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return "caps"
    words = [w for w in _WORD.findall(title)]
    if len(words) == 1:
        return "title"                     # "Conclusion": one capitalised word reads as a title
    caps = sum(1 for w in words[1:] if w[0].isupper())
    return "title" if caps >= max(1, round(0.6 * (len(words) - 1))) else "sentence"


def _title_case(words: list[str], conv: Conventions) -> bool:
    """At least three quarters of the significant words are capitalised (or the line is in capitals)."""
    significant = [w for w in words if w.lower() not in conv.small_words]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised >= max(1, round(0.75 * len(significant)))


# ---------------------------------------------------------------------------------------------
# The decision: prior plus evidence


@dataclass(slots=True)
class Prepared:
    """The evidence a document gives about its own candidates (computed once, decided twice)."""

    doc: _Doc
    static: list[list[tuple[str, float]]]
    clauses: set[int]


def prepare_headings(text: str, paragraphs: tuple[Paragraph, ...], cands: list[Candidate],
                     tuning: HeadingTuning = HEADINGS) -> Prepared:
    """Each candidate's evidence from its own document: shape, numbering, recurrence, place."""
    doc = _Doc(text, paragraphs, cands, {c.para: k for k, c in enumerate(cands)})
    scrappy = _scrappy(text, paragraphs, tuning)
    para_counts = Counter(p.key.casefold() for p in paragraphs)
    seq = _sequences(cands, tuning)
    clauses = _clause_run(doc, tuning)
    shapes = Counter(c.family for c in cands if not c.numbered and not c.certain and c.style != "clause")
    static: list[list[tuple[str, float]]] = []
    for k, c in enumerate(cands):
        ev: list[tuple[str, float]] = []
        static.append(ev)
        if c.certain:
            ev.append(("stated by the markup", 1.0))
            continue
        if c.style == "clause":
            ev.append(("one run of clause numbers through the document" if k in clauses
                       else "a numbered paragraph, not the document's structure", 0.0))
            continue
        ev.append(("shape", c.prior))
        if c.numbered:
            pred, succ = seq[k]
            if pred:
                ev.append(("continues an earlier number", tuning.sequence_pred))
            if succ:
                ev.append(("a later number continues it", tuning.sequence_succ))
            if not pred and not succ and c.number_key[-1] not in _FIRST_VALUES:
                ev.append(("a number nothing continues", tuning.sequence_orphan))
        else:
            if shapes[c.family] - 1 >= tuning.shape_repeat_min:
                ev.append(("its shape recurs", tuning.shape_repeat))
            if scrappy:
                ev.append(("a document of short scraps", tuning.scrappy))
        if para_counts[paragraphs[c.para].key.casefold()] >= tuning.repeated_line_min:
            ev.append(("the same line recurs", tuning.repeated_line))
        if _interrupts_sentence(text, paragraphs, c):
            ev.append(("it sits inside a sentence", tuning.interrupts_sentence))
        if _in_toc_run(doc, k, tuning):
            ev.append(("one of a run of its kind without bodies", tuning.toc_run))
    body_indent = _body_indent(text, paragraphs, cands, seq)
    if body_indent:
        for k, c in enumerate(cands):
            if c.certain or c.style == "clause":
                continue
            indent = _indent(text, c.start)
            if c.numbered and indent >= body_indent - 1:
                # the steps of an algorithm, a numbered list: "   3.  For each field_value in …:"
                static[k].append(("a numbered line inside the body, the numbered headings at the margin",
                                  tuning.indented_numbered))
            elif abs(indent - body_indent) <= 1:
                static[k].append(("indented like the body, not like the headings", tuning.indented_like_body))
    return Prepared(doc, static, clauses)


def decide_headings(text: str, paragraphs: tuple[Paragraph, ...], cands: list[Candidate], *,
                    other: Evidence | None = None, tuning: HeadingTuning = HEADINGS,
                    explain: list | None = None, prepared: Prepared | None = None) -> list[Candidate]:
    """The candidates that are headings, by the evidence of this document and of the other version.
    With `explain` (a list), each candidate's belief and the evidence behind it are appended."""
    other = other or Evidence()
    size = max(1, len(text))
    prepared = prepared or prepare_headings(text, paragraphs, cands, tuning)
    doc, clauses = prepared.doc, prepared.clauses
    static = [list(ev) for ev in prepared.static]
    for k, c in enumerate(cands):
        if c.certain or c.style == "clause":
            continue
        if c.numbered and other.has_number((c.family, c.number_key), c.start / size, tuning.cross_place):
            static[k].append(("the other version has this number here", tuning.cross_number))
        if c.title and len(c.title) >= 3 and other.has_title(c.title, c.start / size, tuning.cross_place):
            static[k].append(("the other version has a heading with this title here", tuning.cross_title))
    # clauses the other version takes for its structure, at the same place: the same run, which a
    # withheld clause ("3. ███") or one dropped may have broken here
    crossed = {k for k, c in enumerate(cands) if c.style == "clause"
               and other.has_number((c.family, c.number_key), c.start / size, tuning.cross_place)}
    if len(crossed) >= tuning.clause_min:
        clauses = clauses | crossed
        for k in crossed:
            static[k] = [("the other version's run of clauses has this one here", 0.0)]
    base = [sum(w for _, w in ev) for ev in static]
    accepted = [c.certain or (c.style == "clause" and k in clauses) or base[k] >= tuning.accept
                for k, c in enumerate(cands)]
    for _ in range(tuning.iterations):
        new = list(accepted)
        for k, c in enumerate(cands):
            if c.certain or c.style == "clause":
                continue
            new[k] = base[k] + sum(w for _, w in _neighbours(doc, k, accepted, tuning)) >= tuning.accept
        if new == accepted:
            break
        previous, accepted = accepted, new
    else:
        # neighbours that keep undoing each other: keep only what every round accepted
        accepted = [a and b for a, b in zip(accepted, previous)]
    if explain is not None:
        for k, c in enumerate(cands):
            ev = static[k] + ([] if c.certain or c.style == "clause" else _neighbours(doc, k, accepted, tuning))
            explain.append((c, round(sum(w for _, w in ev), 3), accepted[k], tuple(ev)))
    out = [c for k, c in enumerate(cands) if accepted[k]]
    return _merge_keyword_titles(doc, out, cands)


def _neighbours(doc: _Doc, k: int, accepted: list[bool], tuning: HeadingTuning) -> list[tuple[str, float]]:
    """Evidence from the paragraphs around a candidate, given the current decisions."""
    c = doc.cands[k]
    paras = doc.paras
    last = c.para + c.paras - 1
    nxt = paras[last + 1] if last + 1 < len(paras) else None
    nk = doc.by_para.get(last + 1)
    pk = doc.by_para.get(c.para - 1)
    next_is_heading = nk is not None and accepted[nk]
    prev_is_heading = pk is not None and accepted[pk]
    ev = []
    if nxt is not None and not next_is_heading and (len(nxt.key) >= 1.5 * len(c.title or c.number)
                                                    or len(nxt.lines) >= 2 or _withheld(nxt)):
        ev.append(("a body follows", tuning.body_follows))
    if not c.numbered:
        if nxt is None or (nk is not None and next_is_heading and doc.cands[nk].family == c.family):
            ev.append(("no body follows", tuning.no_body))
        if c.style == "plain" and prev_is_heading and _case_class(c.title) == "sentence":
            ev.append(("a sentence right after a heading", tuning.after_heading))
    prev = paras[c.para - 1] if c.para > 0 else None
    if prev is not None and pk is None and doc.text[prev.start:prev.end].rstrip().endswith(":"):
        ev.append(("the paragraph before introduces a list", tuning.list_context))
    return ev


def _withheld(para: Paragraph) -> bool:
    """A paragraph that is only a redaction marker: a body, withheld."""
    return bool(para.key) and not para.key.replace(MARKER_KEY, "").strip(" .*_")


def _in_toc_run(doc: _Doc, k: int, tuning: HeadingTuning) -> bool:
    """Part of a run of candidates of one kind in consecutive paragraphs, with no body between them
    and none nested in the one before: a contents list or a list of short items, not a chain of
    sections. Judged on the candidates themselves, so that no decision can undo it."""
    def cand_at(para: int):
        j = doc.by_para.get(para)
        return doc.cands[j] if j is not None else None

    c = doc.cands[k]
    if c.body_start is not None:
        return False                      # a clause carries its body in its own paragraph
    run = [c]
    p = c.para - 1
    while (h := cand_at(p)) is not None and not _deeper(run[0], h) and h.body_start is None:
        run.insert(0, h)
        p -= 1
    p = c.para + c.paras
    while (h := cand_at(p)) is not None and not _deeper(h, run[-1]):
        run.append(h)
        p += h.paras
        if h.body_start is not None:
            break
    same = [h for h in run if h.family == c.family]
    return len(same) >= tuning.toc_run_min


def _deeper(child: Candidate, parent: Candidate) -> bool:
    return child.level > parent.level or (child.numbered and parent.numbered and
                                          child.number_key[:len(parent.number_key)] == parent.number_key
                                          and len(child.number_key) > len(parent.number_key))


def _interrupts_sentence(text: str, paragraphs, c: Candidate) -> bool:
    """The line sits inside a sentence: the paragraph before is open and the next starts in lower case."""
    if c.para == 0 or c.para + c.paras >= len(paragraphs):
        return False
    prev = paragraphs[c.para - 1]
    nxt = paragraphs[c.para + c.paras]
    before = text[prev.start:prev.end].rstrip()
    after = text[nxt.start:nxt.end].lstrip()
    return bool(before) and before[-1] not in _SENTENCE_END and after[:1].islower()


def _sequences(cands: list[Candidate], tuning: HeadingTuning) -> list[tuple[bool, bool]]:
    """For each numbered candidate: does an earlier one precede it in its numbering, a later one follow?"""
    seen: dict[str, dict[tuple[int, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for k, c in enumerate(cands):
        if c.numbered:
            seen[c.family][c.number_key].append(k)
    out = []
    for k, c in enumerate(cands):
        if not c.numbered:
            out.append((False, False))
            continue
        nums = seen[c.family]
        n = c.number_key
        pred = any(j < k for p in _predecessors(n, tuning) for j in nums.get(p, ()))
        if not pred and n[-1] in _FIRST_VALUES and len(n) == 1:
            pred = any(j > k for s in _successors(n, tuning) for j in nums.get(s, ()))   # a first that is continued
        succ = any(j > k for s in _successors(n, tuning) for j in nums.get(s, ()))
        out.append((pred, succ))
    return out


def _predecessors(n: tuple[int, ...], tuning: HeadingTuning):
    for g in range(1, tuning.sequence_gap + 1):
        if n[-1] - g >= 0:
            yield n[:-1] + (n[-1] - g,)
    if len(n) > 1 and n[-1] <= tuning.sequence_gap:
        yield n[:-1]                      # the first child follows its parent


def _successors(n: tuple[int, ...], tuning: HeadingTuning):
    for g in range(1, tuning.sequence_gap + 1):
        yield n[:-1] + (n[-1] + g,)
    for first in _FIRST_VALUES:
        yield n + (first,)


def _clause_run(doc: _Doc, tuning: HeadingTuning) -> set[int]:
    """Untitled clauses are sections when one run of numbers (0, 1, 2, … or 1, 2, 3, …) goes through
    the document with no titled numbered heading of the top level beside it (GPL-2's 0-12)."""
    clauses = [(k, c) for k, c in enumerate(doc.cands) if c.style == "clause"]
    if len(clauses) < tuning.clause_min:
        return set()
    titled_top = sum(1 for c in doc.cands if c.numbered and c.family == "decimal" and len(c.number_key) == 1)
    if titled_top >= tuning.clause_min:
        return set()
    best: list[tuple[int, Candidate]] = []
    for start in range(len(clauses)):
        if clauses[start][1].number_key[0] not in _FIRST_VALUES:
            continue
        run = [clauses[start]]
        for k, c in clauses[start + 1:]:
            step = c.number_key[0] - run[-1][1].number_key[0]
            if step == 1:
                run.append((k, c))
            elif step > tuning.sequence_gap:
                break
        if len(run) > len(best):
            best = run
    if len(best) < tuning.clause_min:
        return set()
    span = doc.paras[best[-1][1].para].end - best[0][1].start
    if span < tuning.clause_span * max(1, len(doc.text)):
        return set()
    return {k for k, _ in best}


def _indent(text: str, start: int) -> int:
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    return len(line) - len(line.lstrip(" \t"))


def _body_indent(text: str, paragraphs, cands: list[Candidate], seq) -> int:
    """The body's indent when the numbered headings stand at the margin and the body is indented
    (xml2rfc, many plain-text standards): a short line so indented is body text, not a heading
    (a centred title is indented further). 0 when the document is not laid out so."""
    strong = [c for k, c in enumerate(cands) if c.numbered and (seq[k][0] or seq[k][1])]
    if len(strong) < 3 or sum(1 for c in strong if _indent(text, c.start) == 0) < 0.8 * len(strong):
        return 0
    taken = {c.para for c in cands}
    indents = Counter(_indent(text, p.start) for k, p in enumerate(paragraphs) if k not in taken)
    if not indents:
        return 0
    indent, n = indents.most_common(1)[0]
    return indent if indent > 0 and n >= 0.6 * sum(indents.values()) else 0


def _scrappy(text: str, paragraphs, tuning: HeadingTuning) -> bool:
    """OCR text and the like: many short one-line paragraphs that end no sentence (redaction
    markers, bullets and numbers alone are not scraps)."""
    if len(paragraphs) < tuning.scrappy_min:
        return False

    def short(p: Paragraph) -> bool:
        return len(p.lines) == 1 and len(p.key) < 40 and not _withheld(p)

    scraps = sum(1 for k, p in enumerate(paragraphs)
                 if short(p) and len(p.key) > 3 and not text[p.start:p.end].rstrip().endswith(tuple(".:;!?"))
                 and (k + 1 == len(paragraphs) or short(paragraphs[k + 1])))   # headings have bodies, scraps do not
    return scraps >= tuning.scrappy_share * len(paragraphs)


def _merge_keyword_titles(doc: _Doc, accepted: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """"Article 5" alone, then its title as a paragraph of its own, then the body: one heading."""
    by_para = {c.para: c for c in cands}
    taken = {c.para for c in accepted}
    out: list[Candidate] = []
    skip = set()
    for c in accepted:
        if c.para in skip:
            continue
        t = by_para.get(c.para + 1)
        if (c.style == "keyword" and c.numbered and not c.title and t is not None and not t.numbered
                and t.style in ("plain", "caps") and c.para + 2 < len(doc.paras)):
            out.append(replace(c, title=t.title, end=t.end, title_start=t.title_start, paras=2))
            skip.add(t.para)
            continue
        if c.para - 1 in taken and c.para in skip:
            continue
        out.append(c)
    return out


# ---------------------------------------------------------------------------------------------
# Candidates to headings


def evidence_of(headings: list[Candidate], text: str) -> Evidence:
    """What one version's headings (decided on its own evidence) tell the other version's decision."""
    size = max(1, len(text))
    titles: dict[str, list[float]] = defaultdict(list)
    numbers: dict[tuple[str, tuple[int, ...]], list[float]] = defaultdict(list)
    for c in headings:
        if c.title and len(c.title) >= 3:
            titles[_title_key(c.title)].append(c.start / size)
        if c.numbered or c.style == "clause":
            numbers[(c.family, c.number_key)].append(c.start / size)
    return Evidence(dict(titles), dict(numbers))


def to_heading(c: Candidate, ctx: KeyContext) -> Heading:
    folded = _CJK_GAP.sub("", fold_text(c.title, ctx))
    title_key = " ".join(re.findall(r"\w+", folded.casefold())) if not ctx.strict else c.title
    case_key = " ".join(re.findall(r"\w+", folded)) if not ctx.strict else c.title
    return Heading(c.start, c.end, c.title_start, c.number, c.title, c.level, c.style, c.number_key, title_key,
                   case_key)


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", _CJK_GAP.sub("", title).casefold()))


def number_key(number: str, roman_doc: bool = True, numbering: str = "") -> tuple[int, ...]:
    """Numeric value of a heading number: "1.2" -> (1, 2), "IV" -> (4,), "B.1" -> (2, 1), "Article 5" -> (5,),
    "§ 5a" -> (5, 1), "第十二条" -> (12,)."""
    if numbering == "keyword":           # "Elfter Abschnitt", "Part Two": a number word
        for word in number.split():
            value = number_word_value(word.rstrip("."))
            if value:
                return (value,)
    m = re.match(r"(?:\S+[ \t]+)?(?P<num>(?:\d+[a-z]?|[IVXLCDM]+|[A-Z]|premier|1er)(?:\.\d+[a-z]?)*)$",
                 number.strip()) if numbering == "keyword" else None
    if m:
        number = m.group("num")
    if numbering == "cjk" or number.startswith("\u7b2c"):
        return _cjk_value(number)
    if number in ("premier", "1er"):
        return (1,)
    parts = [p for p in re.split(r"[.\s]+", number.strip().rstrip(".")) if p]
    if len(parts) == 1 and re.fullmatch(r"[A-Z]\d+", parts[0]):
        parts = [parts[0][0], parts[0][1:]]
    out: list[int] = []
    for p in parts:
        digits = re.fullmatch(r"(\d+)([a-z]?)", p)
        if digits:
            out.append(int(digits.group(1)))
            if digits.group(2):
                out.append(ord(digits.group(2)) - 96)
        elif _ROMAN.fullmatch(p) and (len(p) > 1 or roman_doc) and numbering != "letter":
            out.append(_roman_value(p))
        elif len(p) == 1 and p.isalpha():
            out.append(ord(p.upper()) - 64)
        else:
            return ()
    return tuple(out)


def _cjk_value(number: str) -> tuple[int, ...]:
    digits = number.strip("\u7b2c\u3001")[:-1] if number.startswith("\u7b2c") else number.strip("\u3001")
    digits = digits.translate(str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",
                                            "0123456789"))
    if digits.isdigit():
        return (int(digits),)
    total, current = 0, 0
    for ch in digits:
        if ch in _CJK_VALUE:
            current = _CJK_VALUE[ch]
        elif ch == "\u96f6":
            current = 0
        elif ch in "\u5341\u767e\u5343":
            unit = {"\u5341": 10, "\u767e": 100, "\u5343": 1000}[ch]
            total += (current or 1) * unit
            current = 0
        else:
            return ()
    total += current
    return (total,) if total or digits else ()


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
        if len(p.lines) <= 3 and re.match(r"\s*(?:#{1,6}\s+)?(?:II|III|IV|VI|VII|VIII|IX|XI|XII)\.\s",
                                          text[p.start:p.end]):
            return True
    return False


def _line_index(text: str):
    starts = line_starts(text)
    return lambda offset: line_index(starts, offset)

