"""Comparison keys and tokens: what "the same text" means once layout is set aside.

Keys change, offsets never do: every token keeps (start, end) offsets into the text as read, and
only its key is folded (reflow, hyphenation, quotes, dashes, ligatures, odd spaces, look-alike
letters, Markdown emphasis). What folding changed is counted (`count_folded`), never hidden.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, repeat

from .conventions import Conventions, conventions_for
from .conventions.languages import LANGUAGES
from .conventions.markup import CONTENT_ATTRIBUTES, HTML_ELEMENTS
from .conventions.tuning import KEYS
from .model import Options, Token
from .userregex import compile_any

MARKER_KEY = "\x00"

# Typography that is layout, by kind: the kinds name what the normalisation report counts.
_FOLD_KINDS = {
    "quotes": ({c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"}
               | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"}),
    "dashes": {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    "invisible": {c: "" for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"},
    "spaces": {c: " " for c in "\u00a0\u2007\u202f\t\f\v"},
}
_FOLD_TABLE = {c: r for table in _FOLD_KINDS.values() for c, r in table.items()}
# Latin look-alikes from Cyrillic and Greek, folded only in mostly-Latin documents.
_HOMOGLYPHS = dict(zip(
    "АВЕКМНОРСТХУаеорсухіјѕЅІЈԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧο",
    "ABEKMHOPCTXYaeopcyxijsSIJdqwABEZHIKMNOPTYXo"))
_LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
_FOLD = str.maketrans(_FOLD_TABLE)
_FOLD_HOMOGLYPHS = str.maketrans({**_FOLD_TABLE, **_HOMOGLYPHS})
_KIND_OF = {c: kind for kind, table in _FOLD_KINDS.items() for c in table} | {c: "homoglyphs" for c in _HOMOGLYPHS} \
    | {c: "ligatures" for c in _LIGATURES}
_FOLDABLE = re.compile("[" + re.escape("".join(_KIND_OF)) + "]")
# A hyphen at a line end between letters is layout: the word was broken there ("terror-" / "ism").
# Whether it was the hyphen of a compound ("re-" / "sign") the text cannot tell, so a hyphen inside
# any word of the same letters as a word broken so (in either version) folds too. A hyphen between
# two whole words is typesetting as well (KeyTuning.hyphen_part_min: "terrorism-related" =
# "terrorismrelated", a text layer's lost line-end hyphen). Every other hyphen is content ("re-sign"
# is not "resign"), and so is every hyphen of a word that is a link's path segment or anchor anywhere,
# and between digits ("10-20").
_LETTER = r"[^\W\d_]"
# (Each pattern starts with the literal "-" and looks behind from there: a pattern that starts with
# a look-behind is tried at every position of the text, ~60× slower on a 10 MB document.)
# A suspended hyphen is kept ("Beschäftigungs-" / "und Aufenthaltsrecht": Language.suspended_hyphen_words).
_SUSPENDED = "|".join(sorted({w for lang in LANGUAGES for w in lang.suspended_hyphen_words}))
_NOT_SUSPENDED = rf"(?!(?:{_SUSPENDED})\b)"
_LINE_HYPHEN = re.compile(rf"-(?<={_LETTER}-)[ \t]*\n[ \t]*{_NOT_SUSPENDED}(?={_LETTER})")
_INNER_HYPHEN = re.compile(rf"-(?<={_LETTER}-)(?={_LETTER})")
_PART = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)*")    # a word's letters and inner hyphens, matched from a
#   hyphen outwards (leftwards on the reversed text): a pattern starting with a letter class is tried at
#   every position, and backtracks through every word, 300x slower on a 10 MB text
SUSPENDED_HYPHEN_WORDS = frozenset(_SUSPENDED.split("|"))
# Markup marks: the delimiters of code spans (`code`, ``code``) and of emphasis that opens and closes
# (**word**, *word*, ~~struck~~, and in Markdown _word_, __word__); never what a code span holds
# (``_MISSING`` is not ``MISSING``), never a lone mark (*args, ~200, _private, snake_case).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*\*|\*\*|\*)(?=[^\s*])(?:.+?)(?<=[^\s*])\1(?![\w*])"
                       r"|(~~)(?=\S)(?:.+?)(?<=\S)~~", re.S)
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])(___|__|_)(?=[^\s_])(?:.+?)(?<=[^\s_])\1(?![\w_])", re.S)
_RST_REFERENCE = re.compile(r"(?<=[`\]])__?(?!\w)")      # reST `text`_, `text`__ and a footnote's [1]_
# reST's literal-block marker ending a paragraph: "Example::" reads "Example:", "them ::" reads "them"
_PARAGRAPH_END = r"(?=[ \t]*(?:\n[ \t]*\n|\s*\Z))"       # (a passage may hold several paragraphs)
_RST_LITERAL = re.compile(rf"(?<=[^\s:]:):{_PARAGRAPH_END}|(?:(?<=\s)|\A)::{_PARAGRAPH_END}")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")           # a backslash escaping punctuation: "48\." reads "48."
# Inline HTML tags and kramdown attribute lists are markup, but for the values a reader meets
# (conventions.markup: HTML_ELEMENTS, CONTENT_ATTRIBUTES).
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|"
                       r"[^\s\"'=<>`]+))?)*)\s*/?>")
_HTML_ATTRIBUTE = re.compile(r"([A-Za-z_:][\w.:-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
# A kramdown block attribute list on a line of its own ("{: #sync-data }", "{: datetime="…" }" under
# a paragraph) sets the attributes of a block: markup, as it is at the end of a heading, but for the
# values a reader meets (kramdown-rfc's {: title="Request containing malformed JSON"} is a figure's
# caption).
_BLOCK_IAL = re.compile(r"^[ \t]*\{:[^{}\n]*\}[ \t]*$", re.M)
_IAL_ATTRIBUTE = re.compile(r"([A-Za-z_][\w-]*)=(?:\"([^\"]*)\"|'([^']*)'|(\S+?)(?=[\s}]))")
MARKUP_CHARS = frozenset("*_~`\\<")


def markup_spans(s: str, rst: bool = False) -> list[tuple[int, int]]:
    """The (start, end) spans of s that are markup marks (see _CODE_SPAN, _EMPHASIS), in order."""
    if not any(c in s for c in MARKUP_CHARS) and not (rst and "::" in s) and "{:" not in s:
        return []
    spans: list[tuple[int, int]] = []
    codes = [m for m in _CODE_SPAN.finditer(s)]
    for m in codes:
        ticks = len(m.group(1))
        spans += [(m.start(), m.start() + ticks), (m.end() - ticks, m.end())]
    text = _masked(s, [m.span() for m in codes])         # nothing inside a code span is markup
    escapes = [m.span() for m in _ESCAPE.finditer(text)]
    spans += escapes                                     # an escaped mark is text, its backslash markup
    text = _masked(text, [(a, b + 1) for a, b in escapes])
    patterns = [_EMPHASIS] if rst else [_EMPHASIS, _EMPHASIS_UNDERSCORE]
    for _ in range(3):                       # nested emphasis (***both***, **_both_**) in rounds
        found = []
        for rx in patterns:
            for m in rx.finditer(text):
                d = len(m.group(1) or m.group(2) or "")
                found += [(m.start(), m.start() + d), (m.end() - d, m.end())]
        if not found:
            break
        spans += found
        text = _masked(text, found)
    if rst:
        spans += [m.span() for m in _RST_REFERENCE.finditer(s)]
        spans += [m.span() for m in _RST_LITERAL.finditer(s)]
    else:
        if "<" in text:
            spans += _html_tag_spans(text)
        if "{:" in text:
            spans += [sp for m in _BLOCK_IAL.finditer(text) for sp in _kept_values(m, _IAL_ATTRIBUTE)]
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones made one (an emphasis mark inside a tag's attribute is
    inside the tag's span)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _html_tag_spans(text: str) -> list[tuple[int, int]]:
    """The markup of the HTML tags in text (see HTML_ELEMENTS): each tag, less the values of its
    CONTENT_ATTRIBUTES."""
    return [sp for m in _HTML_TAG.finditer(text) if m.group(2).lower() in HTML_ELEMENTS
            for sp in _kept_values(m, _HTML_ATTRIBUTE, m.start(3), m.end(3))]


def _kept_values(m: re.Match, attribute: re.Pattern[str], start: int | None = None, end: int | None = None
                 ) -> list[tuple[int, int]]:
    """The spans of a tag or attribute list `m` that are markup: all of it but the values of its
    CONTENT_ATTRIBUTES (a link's target, a figure's title)."""
    out, pos = [], m.start()
    for a in attribute.finditer(m.string, m.start() if start is None else start, m.end() if end is None else end):
        group = next((g for g in (2, 3, 4) if a.group(g) is not None), None)
        if a.group(1).lower() in CONTENT_ATTRIBUTES and group is not None and a.group(group):
            out.append((pos, a.start(group)))
            pos = a.end(group)
    out.append((pos, m.end()))
    return out


def _masked(s: str, spans: list[tuple[int, int]]) -> str:
    """s with the given spans blanked out (same length, so offsets hold), matching nothing."""
    if not spans:
        return s
    chars = list(s)
    for a, b in spans:
        chars[a:b] = "\x07" * (b - a)
    return "".join(chars)


def without_markup(s: str, rst: bool = False) -> tuple[str, int]:
    """s with its markup marks removed, and how many characters they were."""
    spans = markup_spans(s, rst)
    if not spans:
        return s, 0
    out, pos = [], 0
    for a, b in spans:
        out.append(s[pos:a])
        pos = b
    out.append(s[pos:])
    return "".join(out), sum(b - a for a, b in spans)
_MARKER_RUN = re.compile(r"\x00[^\x00\s]*(?:\s*\x00[^\x00\s]*)+")
_CYRILLIC_OR_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_NON_LETTERS = bytes(b for b in range(256) if not chr(b).isalpha())
# A word may hold inner hyphens and apostrophes ("non-source", "Users'"); other punctuation is a token.
# Scripts written without spaces between words (Chinese, Japanese kana and kanji, Korean syllables)
# are compared character by character: each such character is a token of its own.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_LETTERS = f"[^\\W{CJK}]"
_WORD = rf"{_LETTERS}+(?:[-\u2010\u2011\u00ad'\u2019]{_LETTERS}+)*|[{CJK}]"
_TOKEN_SPLIT = re.compile(f"({_WORD}|[^\\w\\s])")
# The same split for ASCII text, with the letter class spelled out: a third faster than the
# negated Unicode class, and most passages are ASCII (tests/test_tokens.py checks they agree).
_TOKEN_SPLIT_ASCII = re.compile(r"([A-Za-z0-9_]+(?:['-][A-Za-z0-9_]+)*|[^\w\s])")
_CJK_GAP = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
_REASON_FOLD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class KeyContext:
    """How keys are folded for one document (derived once from the options and the text)."""

    strict: bool
    homoglyphs: bool
    conventions: Conventions
    token_re: re.Pattern[str]
    markdown: bool = False            # Markdown or reST source: emphasis and code marks are layout
    rst: bool = False                 # ... reST: `_` is no emphasis mark there
    broken: frozenset[str] = frozenset()   # words broken at a line-end hyphen, casefolded, hyphens out
    slugs: frozenset[str] = frozenset()    # hyphenated words that are a link's path segment or anchor

    @property
    def marker_re(self) -> re.Pattern[str] | None:
        return self.conventions.marker_re


def make_key_context(text: str, options: Options, fmt: str = "text", marks: str | None = None,
                     broken: frozenset[str] | None = None, slugs: frozenset[str] | None = None) -> KeyContext:
    """How one version's keys are folded. `marks`: the markup whose emphasis and code marks to fold,
    when it is not the version's own format (a plain-text PEP against its reStructuredText successor
    folds the same marks, or ``__all__`` reads as changed on one side only). `broken` and `slugs`:
    the words broken at a line-end hyphen and the hyphenated link slugs of the versions compared
    (default: of this text; see broken_words, slug_words), so that both fold a word alike."""
    marks = marks or fmt
    conv = conventions_for(tuple(options.markers), options.default_markers, tuple(options.furniture),
                           tuple(options.profiles))
    homoglyphs = not options.strict and _mostly_latin(text)
    word = _WORD if not options.strict else rf"{_LETTERS}+|[{CJK}]"
    marker_re = conv.marker_re
    parts = ([f"(?P<m>{marker_re.pattern})"] if marker_re else []) + [f"(?P<w>{word})", r"(?P<p>[^\w\s])"]
    return KeyContext(options.strict, homoglyphs, conv, compile_any("|".join(parts), bool(options.markers), "marker",
                                                                   " | ".join(options.markers)),
                      markdown=marks in ("markdown", "rst") and not options.strict, rst=marks == "rst",
                      broken=broken_words(text) if broken is None else broken,
                      slugs=slug_words(text) if slugs is None else slugs)


def broken_words(text: str) -> frozenset[str]:
    """The words a hyphen at a line end breaks, joined, casefolded and without their hyphens
    ("terror-" / "ism" -> "terrorism"; "well-known-" / "brand" -> "wellknownbrand")."""
    if "-" not in text:
        return frozenset()
    out = set()
    for m in _LINE_HYPHEN.finditer(text):
        left, right = _left_part(text, m.start()), _PART.match(text, m.end())
        if left and right:
            out.add((left + right.group()).replace("-", "").casefold())
    return frozenset(out)


def _left_part(s: str, end: int) -> str:
    """The letters and inner hyphens of the word ending at s[end] (exclusive), up to 80 characters."""
    m = _PART.match(s[end - 1:max(end - 81, 0) - 1 if end > 81 else None:-1]) if end > 0 else None
    return m.group()[::-1] if m else ""


def slug_words(text: str) -> frozenset[str]:
    """The hyphenated words that stand as a link's path segment or anchor ("/kb/search-suggestions",
    "#what-is-not-allowed"), casefolded: their hyphens are their spelling, wherever they stand."""
    if "-" not in text:
        return frozenset()
    return frozenset(text[a:b].casefold() for a, b in _hyphenated_words(text) if a > 0 and text[a - 1] in "/#")


def _hyphenated_words(s: str):
    """(start, end) of each word of s with a hyphen between letters, once per word: found from its
    hyphens (a literal), then extended over its letters and other hyphens either way (see _PART)."""
    pos = 0
    for m in _INNER_HYPHEN.finditer(s):
        if m.start() < pos:
            continue                      # a later hyphen of a word already found
        left, right = _left_part(s, m.start()), _PART.match(s, m.end())
        if left and right is not None:
            pos = right.end()
            yield m.start() - len(left), pos


def fold_hyphens(s: str, ctx: KeyContext) -> str:
    """s with the hyphens inside words folded that are layout (see _unhyphenated)."""
    return _fold_hyphens_in(s, ctx.broken, ctx.slugs)


def _fold_hyphens_in(s: str, broken: frozenset[str], slugs: frozenset[str]) -> str:
    if "-" not in s:
        return s
    out, pos = [], 0
    for start, end in _hyphenated_words(s):
        out += [s[pos:start], _unhyphenated(s[start:end], broken, slugs)]
        pos = end
    if not out:
        return s
    out.append(s[pos:])
    return "".join(out)


def _unhyphenated(word: str, broken: frozenset[str], slugs: frozenset[str]) -> str:
    joined = word.replace("-", "")
    if joined.casefold() in broken:
        return joined
    if min(map(len, word.split("-"))) >= KEYS.hyphen_part_min and word.casefold() not in slugs:
        return joined
    return word


@lru_cache(maxsize=16)
def code_context(ctx: KeyContext) -> KeyContext:
    """How code is tokenised: no Markdown marks (`*`, `_` are code) and no redaction markers
    (`x[...]`, `Callable[[...], Any]` hold an index and an ellipsis, not withheld text)."""
    word = _WORD if not ctx.strict else rf"{_LETTERS}+|[{CJK}]"
    return replace(ctx, markdown=False, conventions=replace(ctx.conventions, marker_re=None),
                   token_re=re.compile(rf"(?P<w>{word})|(?P<p>[^\w\s])"))


def may_have_marker(raw: str, ctx: KeyContext) -> bool:
    conv = ctx.conventions
    if conv.marker_re is None:
        return False
    if conv.needles is None:
        return conv.marker_re.search(raw) is not None
    for needles, rx in conv.gates:          # plain loops: this runs for every paragraph
        for n in needles:
            if n in raw:
                if rx.search(raw) is not None:
                    return True
                break
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


# Superscript and subscript digits and signs are written out before compatibility folding, which
# would make "10² GB" the "102 GB" it is not: "10^2", "H_2O" (the same on both sides where both
# versions write them so).
_SCRIPTS = str.maketrans({**{c: "^" + d for c, d in zip("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
                                                      "\u207a\u207b\u207c\u207d\u207e", "0123456789+-=()")},
                          **{c: "_" + d for c, d in zip("\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"
                                                      "\u208a\u208b\u208c\u208d\u208e", "0123456789+-=()")}})


def fold_text(s: str, ctx: KeyContext) -> str:
    """Fold typography (quotes, dashes, ligatures, odd spaces, look-alike letters) for comparison."""
    if ctx.strict or s.isascii():
        return s
    s = unicodedata.normalize("NFKC", s.translate(_SCRIPTS))
    return s.translate(_FOLD_HOMOGLYPHS if ctx.homoglyphs else _FOLD)


# The page number ending a contents line ("1. Introduction . . . . 3"): after leader dots, at the
# line's end. Pagination, not content: counted here, compared equal by passages (PAGE_REF).
_CONTENTS_PAGE = re.compile(r"\.[ \t]*\.[ \t]*(\d{1,4})[ \t]*$", re.M)
_LEADER_BEFORE = re.compile(r"\.[ \t]*\.[ \t]*\Z")      # searched in the few characters before the number
_LINE_END_AFTER = re.compile(r"[ \t]*(?:\n|\Z)")


def is_contents_page(text: str, start: int, end: int) -> bool:
    """text[start:end], a number, is the page number ending a contents line."""
    return bool(_LEADER_BEFORE.search(text, max(0, start - 8), start)) and bool(_LINE_END_AFTER.match(text, end))


def count_folded(text: str, ctx: KeyContext) -> tuple[tuple[str, int], ...]:
    """How many characters of each kind folding changes (quotes, dashes, homoglyphs, hyphens inside
    words, …)."""
    if ctx.strict:
        return ()
    counts: Counter = Counter()
    if "-" in text:
        hyphens = len(text) - len(_fold_hyphens_in(text, ctx.broken, ctx.slugs))
        if hyphens:
            counts["hyphens"] = hyphens
    if ". ." in text or ".." in text:        # a contents line's page number (see is_contents_page)
        pages = sum(len(m.group(1)) for m in _CONTENTS_PAGE.finditer(text))
        if pages:
            counts["contents-pages"] = pages
    if text.isascii():
        return tuple(sorted(counts.items()))
    for m in _FOLDABLE.finditer(text):
        kind = _KIND_OF[m.group()]
        if kind == "homoglyphs" and not ctx.homoglyphs:
            continue
        counts[kind] += 1
    return tuple(sorted(counts.items()))


def reason_key(reason: str) -> str:
    """A stated reason compared without case, spacing and punctuation: "(b) (7)(A)" = "(b)(7)(a)"."""
    return _REASON_FOLD.sub("", reason).casefold()


def _marker_key(m: re.Match, ctx: KeyContext) -> str:
    reason = ctx.conventions.marker_reason(m.group())
    return f" {MARKER_KEY}{reason_key(reason)} "


def make_key(raw: str, ctx: KeyContext) -> str:
    """Layout-free key of a passage: markers unified (their stated reason kept), typography folded,
    hyphenation and wrapping undone."""
    if ctx.strict:
        return " ".join(raw.split())
    if ctx.markdown:
        raw = without_markup(raw, ctx.rst)[0]
    if ctx.marker_re is not None and may_have_marker(raw, ctx):
        raw = ctx.marker_re.sub(lambda m: _marker_key(m, ctx), raw)
        raw = _MARKER_RUN.sub(_join_marker_run, raw)
    s = fold_text(raw, ctx)
    if "-" in s:
        s = fold_hyphens(_LINE_HYPHEN.sub("", s), ctx)
    if not s.isascii():
        s = _CJK_GAP.sub("", s)          # "总 则" = "总则": spaces between CJK characters are layout
    elif "\n" in s:
        # a wrapped passage with single spaces only: joining its lines is its key (no word list)
        joined = s.replace("\n", " ")
        if joined.isprintable() and "  " not in joined and joined[:1] != " " and joined[-1:] != " ":
            return joined
    return " ".join(s.split())


def _join_marker_run(m: re.Match) -> str:
    """Markers separated only by white space are one withheld passage; its reasons are kept."""
    reasons = [p[1:] for p in m.group().split() if p[1:]]
    return MARKER_KEY + "+".join(dict.fromkeys(reasons))


def token_key(text: str, kind: str, ctx: KeyContext) -> str:
    if kind == "m":
        return text if ctx.strict else MARKER_KEY
    if ctx.strict:
        return text
    s = fold_text(text, ctx)
    return fold_hyphens(s, ctx) if kind == "w" else s


def tokenize(text: str, lines: tuple[tuple[int, int], ...], ctx: KeyContext, *, casefold: bool = False
             ) -> list[Token]:
    """Tokens of the given line spans; joins end-of-line hyphenation."""
    if not ctx.strict and lines:
        start, end = lines[0][0], lines[-1][1]
        raw = text[start:end]
        if is_plain(raw, len(lines), ctx):
            return drop_markup(plain_tokens(raw, start, ctx, casefold), ctx, raw, start)
    out: list[Token] = []
    broken = _broken_markers(text, lines, ctx)
    for ls, le in lines:
        first = len(out)
        for m in ctx.token_re.finditer(text, ls, le):
            if broken and any(s <= m.start() < e for s, e in broken.items()):
                if m.start() in broken:
                    out.append(Token(m.start(), broken[m.start()], MARKER_KEY if not ctx.strict else
                                     text[m.start():broken[m.start()]], True))
                continue
            kind = m.lastgroup
            assert kind is not None          # each alternative of token_re is a named group
            key = token_key(m.group(), kind, ctx)
            if casefold and kind != "m":
                key = key.casefold()
            out.append(Token(m.start(), m.end(), key, kind == "m"))
        # "terror-" at the end of the previous line + "ism" at the start of this one -> "terrorism"
        if (not ctx.strict and first >= 2 and len(out) > first and out[first - 1].key == "-"
                and out[first - 1].end == _line_end(text, out[first - 1].end)
                and out[first - 2].end == out[first - 1].start and text[out[first].start].isalnum()
                and text[out[first - 2].end - 1].isalnum() and out[first].key not in SUSPENDED_HYPHEN_WORDS):
            a, b = out[first - 2], out[first]
            out[first - 2: first + 1] = [Token(a.start, b.end, a.key + b.key, False)]
    if ctx.strict:
        return out
    first = lines[0][0] if lines else 0
    return drop_markup(_merge_marker_runs(text, out), ctx, text[first:lines[-1][1]] if lines else "", first)


def with_spacing(text: str, tokens: list[Token], *, exact: bool) -> list[Token]:
    """The tokens with how each is spaced from the one before it in its key. In code (exact) the
    white space inside a line is content ("x = 1" vs "x   = 1"), and so is a line break between two
    tokens; with --strict, whether two tokens touch is ("x*2" vs "x * 2"). Elsewhere spacing inside a
    line is layout (justified text, PDF and OCR spacing) and keys leave it out. Markers keep their
    key (the classification reads it)."""
    out: list[Token] = []
    prev = None
    for t in tokens:
        if prev is not None and not t.marker:
            gap = text[prev.end:t.start]
            exact_mark = "\n" if "\n" in gap else gap.expandtabs(4)
            mark = exact_mark if exact else ("" if gap else GLUED)
            if mark:
                t = Token(t.start, t.end, mark + t.key, False)
        out.append(t)
        prev = t
    return out


GLUED = "\x05"        # key prefix (--strict) of a token written against the one before it


def _broken_markers(text: str, lines: tuple[tuple[int, int], ...], ctx: KeyContext) -> dict[int, int]:
    """Markers the wrapping broke across lines ("[Redacted: (b)" / "(7)(A)]"), as start -> end: one
    marker token each, as on one line. Only across consecutive lines of the passage (nothing but
    white space between them), so a marker never swallows page furniture."""
    if len(lines) < 2 or ctx.marker_re is None or not may_have_marker(text[lines[0][0]:lines[-1][1]], ctx):
        return {}
    out = {}
    for m in ctx.marker_re.finditer(text, lines[0][0], lines[-1][1]):
        s, e = m.span()
        if "\n" not in m.group():
            continue
        inside = [k for k, (ls, le) in enumerate(lines) if ls < e and s < le]
        if inside and all(not text[lines[k][1]:lines[k + 1][0]].strip() for k in inside[:-1]) \
                and lines[inside[0]][0] <= s and e <= lines[inside[-1]][1]:
            out[s] = e
    return out


_NOT_WORD_OR_SPACE = re.compile(rf"[^\w\s]|[{CJK}]")


def max_tokens(raw: str) -> int:
    """An upper bound on the tokens of raw, without tokenising: a white-space separated chunk is one
    word, and each punctuation mark or CJK character in it adds at most two (itself, and the word
    it cuts in two)."""
    chunks = len(raw.split())
    return chunks if raw.isascii() and raw.isalnum() else chunks + 2 * len(_NOT_WORD_OR_SPACE.findall(raw))


def drop_markup(tokens: list[Token], ctx: KeyContext, raw: str, base: int) -> list[Token]:
    """In Markdown and reST, emphasis and code marks are layout (see markup_spans): the tokens of
    raw (which starts at offset base) without them."""
    if not ctx.markdown or not tokens:
        return tokens
    spans = [(a + base, b + base) for a, b in markup_spans(raw, ctx.rst)]
    if not spans:
        return tokens
    marks = {k for a, b in spans for k in range(a, b)}
    out = []
    for t in tokens:
        if t.marker:
            out.append(t)
            continue
        lead = next((k for k in range(t.start, t.end) if k not in marks), t.end) - t.start
        if lead == t.end - t.start:
            continue                          # a token of marks only
        trail = t.end - 1 - next(k for k in range(t.end - 1, t.start - 1, -1) if k not in marks)
        # marks stand at a token's edges ("_word_", "them.*"): the key loses as many characters
        out.append(t if not (lead or trail) else Token(t.start, t.end, t.key[lead:len(t.key) - trail], False))
    return out


def plain_tokens(raw: str, base: int, ctx: KeyContext, casefold: bool) -> list[Token]:
    """Tokenise a plain passage (see is_plain) in bulk (C-level split, join and
    translate instead of one Python call per token): the same tokens and keys as the general path."""
    if raw.isascii():
        chunks = raw.split()
        if len(raw) == sum(map(len, chunks)) + len(chunks) - 1:    # one space or newline between words
            return _ascii_tokens(chunks, base, casefold, ctx.broken, ctx.slugs)
    parts = _TOKEN_SPLIT.split(raw)
    if len(parts) < 2:
        return []
    offsets = list(accumulate(map(len, parts), initial=base))
    words = parts[1::2]
    joined = fold_text("\x01".join(words), ctx)
    if "-" in joined:
        joined = fold_hyphens(joined, ctx)
    if casefold:
        joined = joined.casefold()
    keys = joined.split("\x01")
    # tuple.__new__ builds the records at C level (half the cost of calling Token per token)
    return list(map(tuple.__new__, repeat(Token), zip(offsets[1::2], offsets[2::2], keys, repeat(False))))


_TRAILING_MARKS = frozenset(".,;:")


def _ascii_tokens(chunks: list[str], base: int, casefold: bool, broken: frozenset[str] = frozenset(),
                  slugs: frozenset[str] = frozenset()) -> list[Token]:
    """plain_tokens for ASCII words one separator apart (most wrapped prose), from the white-space
    split: a word of letters and digits is one token, a word with a trailing full stop or comma
    two, anything else goes through the token pattern. Twice as fast on the short middles of
    paragraphs edited in place (tests/test_properties.py checks it against the general path)."""
    out: list[Token] = []
    add, new = out.append, tuple.__new__
    pos = base
    for c in chunks:
        n = len(c)
        if c.isalnum():
            add(new(Token, (pos, pos + n, c.casefold() if casefold else c, False)))
        elif c[-1] in _TRAILING_MARKS and c[:-1].isalnum():
            add(new(Token, (pos, pos + n - 1, c[:-1].casefold() if casefold else c[:-1], False)))
            add(new(Token, (pos + n - 1, pos + n, c[-1], False)))
        else:
            p = pos
            for k, part in enumerate(_TOKEN_SPLIT_ASCII.split(c)):
                if k % 2:
                    key = _fold_hyphens_in(part, broken, slugs)
                    add(new(Token, (p, p + len(part), key.casefold() if casefold else key, False)))
                p += len(part)
        pos += n + 1
    return out


def _merge_marker_runs(text: str, tokens: list[Token]) -> list[Token]:
    """Markers separated only by white space are one withheld passage ("█ █" = "[Redacted] [Redacted]")."""
    out: list[Token] = []
    for t in tokens:
        if t.marker and out and out[-1].marker and not text[out[-1].end:t.start].strip():
            out[-1] = Token(out[-1].start, t.end, t.key, True)
        else:
            out.append(t)
    return out


def marker_reason_key(text: str, token: Token, ctx: KeyContext) -> str:
    """The folded reasons a (possibly merged) marker token states, "" when it states none."""
    conv = ctx.conventions
    if conv.marker_re is None:
        return ""
    reasons = [reason_key(conv.marker_reason(m.group())) for m in conv.marker_re.finditer(text, token.start, token.end)]
    return "+".join(dict.fromkeys(r for r in reasons if r))


def _line_end(text: str, pos: int) -> int:
    """Offset of the end of the line containing pos, trailing spaces ignored."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return len(text[pos:end].rstrip()) + pos
