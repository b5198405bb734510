"""Markdown structure, read with a real parser (markdown-it-py): which lines are headings, code,
tables, lists, HTML or YAML front matter. `#` inside a code fence or front matter is not a heading,
a list's numbering is not content, and no code or table line is ever page furniture."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# YAML (or TOML) front matter; kramdown-rfc closes it with a section line such as "--- abstract"
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n(?:.*\n)*?(?:---|\.\.\.|\+\+\+)(?:[ \t]+\w+)?[ \t]*(?:\n|\Z)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_KINDS = {"fence": "code", "code_block": "code", "table_open": "table", "html_block": "html"}


@dataclass(frozen=True, slots=True)
class MarkdownHeading:
    first: int          # first line (0-based) of the heading
    last: int           # its last line, inclusive (the underline of a setext heading)
    level: int
    setext: bool


@dataclass(frozen=True, slots=True)
class MarkdownBlocks:
    headings: tuple[MarkdownHeading, ...]
    line_kinds: dict[int, str]           # 0-based line -> code, table, html, front-matter (text omitted)
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
    if fm:
        n = fm.group().count("\n") + (0 if fm.group().endswith("\n") else 1)
        for k in range(n):
            kinds[k] = "front-matter"
        src = "\n" * fm.group().count("\n") + text[fm.end():]     # same line numbers, nothing to parse
    lines = src.split("\n")
    md = MarkdownIt("commonmark").enable("table")
    headings, items = [], {}
    starts: set[int] = set()
    for tok in md.parse(src):
        if tok.map is None:
            continue
        first, end = tok.map
        if tok.type == "heading_open":
            headings.append(MarkdownHeading(first, end - 1, int(tok.tag[1]), tok.markup in ("=", "-")))
            starts.update((first, end))
        elif tok.type in _KINDS:
            for k in range(first, end):
                kinds.setdefault(k, _KINDS[tok.type])
            starts.update((first, end))
        elif tok.type == "list_item_open":
            m = _LIST_MARKER.match(lines[first]) if first < len(lines) else None
            if m:
                items[first] = m.end()
            starts.add(first)
    return MarkdownBlocks(tuple(headings), kinds, items, frozenset(starts))
