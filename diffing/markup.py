"""Markup structure: which lines are headings, code, tables, lists, HTML or YAML front matter.
Markdown is read with markdown-it-py; reStructuredText's section titles with docutils, its literal
blocks, code directives and grid tables by their indentation rules (see read_rst). `#` inside a
code fence or front matter is not a heading, a list's numbering is not content, and no code or
table line is ever page furniture."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .conventions.headings import PART_LINES, part_title
from .conventions.tuning import MARKUP, MarkupTuning

# YAML (or TOML) front matter; kramdown-rfc closes it with a section line such as "--- abstract"
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n(?:.*\n)*?(?:---|\.\.\.|\+\+\+)(?:[ \t]+\w+)?[ \t]*(?:\n|\Z)")
_NEXT_LINE = re.compile(r"\s*([^\n]*)")     # the first line with text from an offset on
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_KINDS = {"fence": "code", "code_block": "code", "table_open": "table", "html_block": "html"}
# Lines that are markup only: how the text is drawn, never what it says. They are left out of the
# comparison and counted as markup (--strict keeps them): a table's alignment row (|:---|), an HTML
# comment block (<!-- markdownlint-disable -->, which no reader sees), a reST directive line over a
# code block and its options (.. code-block:: python / :class: good), a dialect's part divider
# (kramdown-rfc's --- middle: see PART_LINES).
MARKUP_LINES = frozenset({"table-rule", "comment", "directive", "divider"})
_HTML_COMMENT = re.compile(r"[ \t]*<!--.*?-->[ \t]*", re.S)


@dataclass(frozen=True, slots=True)
class MarkdownHeading:
    first: int          # first line (0-based) of the heading
    last: int           # its last line, inclusive (the underline of a setext heading)
    level: int
    setext: bool
    title: str = ""     # the title, when the line states it otherwise than Markdown does (PART_LINES)
    title_col: int = 0  # ... and the column where it starts


@dataclass(frozen=True, slots=True)
class MarkdownBlocks:
    headings: tuple[MarkdownHeading, ...]
    line_kinds: dict[int, str]           # 0-based line -> code, table, html, front-matter or a MARKUP_LINES
                                         # kind (text omitted)
    list_items: dict[int, int]           # 0-based line where a list item starts -> width of its marker
    block_starts: frozenset[int]         # lines where a new block begins although no blank line precedes

    @property
    def heading_lines(self) -> frozenset[int]:
        return frozenset(h.first for h in self.headings)


@lru_cache(maxsize=8)
def read_markdown(text: str) -> MarkdownBlocks:
    from markdown_it import MarkdownIt

    kinds: dict[int, str] = {}
    fm = _FRONT_MATTER.match(text)
    src = text
    dialect = False
    if fm:
        n = fm.group().count("\n") + (0 if fm.group().endswith("\n") else 1)
        closing = fm.group().rstrip("\n").rsplit("\n", 1)[-1]
        closed_by_part = any(part_title(p, closing) is not None for p in PART_LINES)
        # ... or closed by a bare "---" with a part line the first thing after it
        m = _NEXT_LINE.match(text, fm.end())
        after = m.group(1) if m else ""
        dialect = closed_by_part or any(part_title(p, after) is not None for p in PART_LINES)
        for k in range(n - 1 if closed_by_part else n):
            kinds[k] = "front-matter"
        src = "\n" * fm.group().count("\n") + text[fm.end():]     # same line numbers, nothing to parse
    lines = src.split("\n")
    if dialect and closed_by_part:
        lines[n - 1] = closing
    md = MarkdownIt("commonmark").enable("table")
    headings, items = [], {}
    starts: set[int] = set()
    open_blocks: list[tuple[str, int]] = []      # the containers around a token: (type, first line)
    for tok in md.parse(src):
        if tok.type in ("blockquote_open", "list_item_open"):
            open_blocks.append((tok.type, tok.map[0] if tok.map else -1))
        elif tok.type in ("blockquote_close", "list_item_close") and open_blocks:
            open_blocks.pop()
        if tok.map is None:
            continue
        first, end = tok.map
        if tok.type == "heading_open":
            # a heading inside a quote, or a setext one inside a list item ("- cell text" over a
            # lone "-"), is no section of the document; an ATX heading that opens a list item is
            # ("1. #### Introduction": a terms' numbered articles)
            if tok.level == 0 or (tok.markup.startswith("#") and open_blocks
                                  and all(t == "list_item_open" for t, _ in open_blocks)
                                  and open_blocks[-1][1] == first):
                headings.append(MarkdownHeading(first, end - 1, int(tok.tag[1]), tok.markup in ("=", "-")))
            starts.update((first, end))
        elif tok.type in _KINDS:
            if tok.type == "code_block" and _prose(tok.content):
                starts.update((first, end))      # indented prose, not code: compared as text
                continue
            for k in range(first, end):
                kinds.setdefault(k, _KINDS[tok.type])
            if tok.type == "table_open" and first + 1 < end:
                kinds[first + 1] = "table-rule"      # |---|:---|: alignment markup, not a row
            if tok.type == "html_block" and _HTML_COMMENT.fullmatch(tok.content.rstrip("\n")):
                for k in range(first, end):
                    kinds[k] = "comment"
            starts.update((first, end))
        elif tok.type == "list_item_open":
            m = _LIST_MARKER.match(lines[first]) if first < len(lines) else None
            if m:
                items[first] = m.end()
            starts.add(first)
    if dialect:
        for k, line in enumerate(lines):
            if line.startswith("---") and k not in kinds:
                _read_part_line(k, line, headings, kinds, starts)
        headings.sort(key=lambda h: h.first)
    return MarkdownBlocks(tuple(headings), kinds, items, frozenset(starts))


def _read_part_line(k: int, line: str, headings: list[MarkdownHeading], kinds: dict[int, str],
                    starts: set[int]) -> None:
    """A dialect's part line (PART_LINES): a level-1 heading, or a divider that is markup."""
    for part in PART_LINES:
        read = part_title(part, line)
        if read is None:
            continue
        title, col = read
        if title:
            headings.append(MarkdownHeading(k, k, 1, False, title, col))
        else:
            kinds[k] = "divider"
        starts.update((k, k + 1))
        return


_CODE_MARKS = re.compile(r"[=;{}<>$\\`|#]|\(\)|\w\.\w+\(|^\s*(?:def|class|import|return|if|for)\b", re.M)


def _prose(block: str, tuning: MarkupTuning = MARKUP) -> bool:
    """An indented block that reads as prose, not code: mostly letters, long lines of words, no
    code marks (see MarkupTuning)."""
    rows = [r for r in block.split("\n") if r.strip()]
    if not rows or _CODE_MARKS.search(block):
        return False
    chars = "".join(block.split())
    letters = sum(ch.isalpha() for ch in chars)
    return (letters >= tuning.prose_letters * len(chars)
            and sum(len(r.split()) for r in rows) >= tuning.prose_words_per_line * len(rows))


MARKUP_FORMATS = ("markdown", "rst")      # formats whose markup states their headings and code


def read_markup(text: str, fmt: str) -> MarkdownBlocks | None:
    """The structure a markup format states; None for text without markup."""
    if fmt == "markdown":
        return read_markdown(text)
    if fmt == "rst":
        return read_rst(text)
    return None


# reStructuredText (read_rst)
_RST_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1+[ \t]*")           # a title's under- or overline
_RST_CODE_DIRECTIVE = re.compile(r"([ \t]*)\.\.[ \t]+(?:code|code-block|sourcecode|doctest|productionlist|"
                                 r"literalinclude|math|highlight|testcode|testoutput)::.*")
_RST_GRID_BORDER = re.compile(r"[ \t]*\+(?:[-=]+\+)+[ \t]*")
_RST_SIMPLE_BORDER = re.compile(r"[ \t]*=+(?:[ \t]+=+)+[ \t]*")


@lru_cache(maxsize=8)
def read_rst(text: str) -> MarkdownBlocks:
    """reStructuredText structure. Section titles are what docutils' parser reads as titles (its
    rules: an adornment at least as long as the title, levels by adornment style in order of
    appearance, no title inside an indented block). Code is found by the spec's indentation rules
    instead, because docutils gives no line for a directive's block: a paragraph ending in "::" is
    followed by an indented literal block; a code directive's body is the lines indented under
    it; a paragraph opening with ">>> " is a doctest block. Grid and simple tables are tables."""
    lines = text.split("\n")
    kinds: dict[int, str] = {}
    starts: set[int] = set()
    for first, end in _rst_code_blocks(lines):
        for k in range(first, end):
            kinds[k] = "code"
        starts.update((first, end))
    for k in _rst_directive_lines(lines, kinds):
        kinds[k] = "directive"
        starts.update((k, k + 1))
    for first, end in _rst_tables(lines, kinds):
        for k in range(first, end):
            kinds.setdefault(k, "table")
        starts.update((first, end))
    headings = [h for h in _rst_titles(text, lines) if h.first not in kinds]
    for h in headings:
        starts.update((h.first, h.last + 1))
    return MarkdownBlocks(tuple(headings), kinds, {}, frozenset(starts))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _indented_block(lines: list[str], k: int, base: int) -> int:
    """The end (exclusive) of the lines from k on that are blank or indented deeper than base,
    trailing blank lines left out."""
    end = last = k
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        if lines[end].strip():
            last = end + 1
        end += 1
    return last


def _rst_code_blocks(lines: list[str]):
    k, n = 0, len(lines)
    while k < n:
        line = lines[k]
        stripped = line.strip()
        m = _RST_CODE_DIRECTIVE.fullmatch(line)
        if m is not None or (stripped.endswith("::") and not stripped.startswith("..")):
            base = len(m.group(1)) if m else _paragraph_indent(lines, k)
            body = _options_end(lines, k, base) if m else k + 1     # a directive's options are no code
            end = _indented_block(lines, body, base)
            if end > body:
                first = next(j for j in range(body, end) if lines[j].strip())
                yield first, end
                k = end
                continue
        elif stripped.startswith(">>> ") and (k == 0 or not lines[k - 1].strip()):
            end = k
            while end < n and lines[end].strip():
                end += 1
            yield k, end
            k = end
            continue
        k += 1


def _rst_directive_lines(lines: list[str], kinds: dict[int, str]):
    """A code directive's own line and the option lines right under it (`:class: good`)."""
    for k, line in enumerate(lines):
        m = _RST_CODE_DIRECTIVE.fullmatch(line)
        if m is None or k in kinds:
            continue
        yield from range(k, _options_end(lines, k, len(m.group(1))))


_RST_OPTION = re.compile(r"[ \t]+:[\w-]+:(?:[ \t].*)?")


def _options_end(lines: list[str], k: int, base: int) -> int:
    """The line after the options (`:class: good`) under the directive at line k."""
    j = k + 1
    while j < len(lines) and _RST_OPTION.fullmatch(lines[j]) and _indent(lines[j]) > base:
        j += 1
    return j


_RST_ITEM = re.compile(r"[ \t]*(?:[-*+\u2022]|#\.|\d{1,3}[.)]|\(?[a-zA-Z#]\))[ \t]+")


def _paragraph_indent(lines: list[str], k: int) -> int:
    """Indentation of the paragraph holding line k: of its first line's text, after a list item's
    marker ("- item ending in::" has its text, and its literal block, further in than the dash)."""
    while k > 0 and lines[k - 1].strip():
        k -= 1
    m = _RST_ITEM.match(lines[k])
    return len(m.group()) if m else _indent(lines[k])


def _rst_tables(lines: list[str], kinds: dict[int, str]):
    k, n = 0, len(lines)
    while k < n:
        if k not in kinds and (k == 0 or not lines[k - 1].strip()) and (
                _RST_GRID_BORDER.fullmatch(lines[k]) or _RST_SIMPLE_BORDER.fullmatch(lines[k])):
            end = k
            while end < n and lines[end].strip():
                end += 1
            if end - k >= 3:
                yield k, end
                k = end
                continue
        k += 1


def _rst_titles(text: str, lines: list[str]) -> list[MarkdownHeading]:
    """Section titles as docutils reads them (a parse without transforms, silent, no file or URL
    inclusion), at the lines the text shows: the title line over its underline, from an overline
    when there is one. A text docutils cannot parse has none."""
    try:
        from docutils import nodes
        from docutils.frontend import get_default_settings
        from docutils.parsers.rst import Parser
        from docutils.utils import new_document
        settings = get_default_settings(Parser)
        for key, value in {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False,
                           "raw_enabled": False, "warning_stream": False}.items():
            setattr(settings, key, value)
        doc = new_document("<rst>", settings)
        Parser().parse(text, doc)
    except Exception:  # noqa: BLE001 - a third-party parser on any input: failing, it leaves the text untitled
        return []       # (every word is still compared; only the sections are lost)
    out = []
    for node in doc.findall(nodes.title):
        if not isinstance(node.parent, (nodes.section, nodes.document)) or not node.line:
            continue
        under = node.line - 1                                 # docutils reports the underline's line
        if not (0 < under < len(lines) and _RST_ADORNMENT.fullmatch(lines[under]) and lines[under - 1].strip()):
            continue
        title = under - 1
        first = title - 1 if title > 0 and _RST_ADORNMENT.fullmatch(lines[title - 1]) else title
        level = sum(1 for a in _ancestors(node) if isinstance(a, nodes.section))
        out.append(MarkdownHeading(first, under, max(1, level), True))
    return out


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node
