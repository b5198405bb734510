"""Furniture stage: find the page headers, footers and page numbers of paginated text.

A line is set aside only where pages exist and only when its recurrence proves it furniture: a
known shape (conventions.furniture) on several pages, page numbers that grow from page to page, a
stacked footer block, or any short line at the top or bottom of most pages (pages from form feeds,
or from a run of page-numbered footers) or at regular page-like intervals. A line that occurs once,
a table row, a list item or a code line stays content: a change there is a change, never "layout".
"""
from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from .conventions import Conventions, FurnitureShape
from .conventions.tuning import FURNITURE, FurnitureTuning
from .lines import line_starts as all_line_starts
from .model import Furniture

_DIGITS = re.compile(r"\d+")
_WIDE_GAP = re.compile(r"\S[ \t]{3,}\S")


@dataclass(frozen=True, slots=True)
class _Row:
    line: int               # 0-based line number
    start: int              # offset of the line
    raw: str                # the line as written
    rule: str
    page: int | None        # the page number it states, if any


@dataclass(frozen=True, slots=True)
class Scan:
    """The lines of a text that match a known furniture shape, before any proof."""

    text: str
    line_starts: tuple[int, ...]
    pages: tuple[int, ...]                  # lines where a page begins after a form feed
    rows: tuple[_Row, ...]                  # lines of known shapes that recurrence must prove
    evident: tuple[_Row, ...]               # lines that name themselves a page ("- 3 -")
    groups: tuple[tuple[str, tuple[_Row, ...]], ...]   # rows of one shape (digits aside), in order


@lru_cache(maxsize=4)
def _anchors(conv: Conventions) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
    """One scan per shape: each anchor alone is a fast search, their alternation is not. An anchor
    at a line start ("^…") is searched as "\n…", which the regex engine finds by a literal scan
    (four to six times faster on 200,000 lines); the first line is tried on its own."""
    out: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = []
    for anchor in dict.fromkeys(a for shape, _ in conv.furniture for a in shape.anchors):
        rx = re.compile(anchor, re.M)
        if anchor.startswith("^"):
            out.append((re.compile("\n" + anchor[1:].replace("$", r"(?=\n|\Z)")), rx))
        else:
            out.append((rx, None))
    return tuple(out)


def _anchor_positions(text: str, conv: Conventions) -> list[int]:
    found: set[int] = set()
    for fast, first_line in _anchors(conv):
        shift = 1 if first_line is not None else 0
        found.update(m.start() + shift for m in fast.finditer(text))
        if first_line is not None and first_line.match(text):
            found.add(0)
    return sorted(found)


def scan_furniture(text: str, conv: Conventions, exempt: frozenset[int] = frozenset(),
                   tuning: FurnitureTuning = FURNITURE) -> Scan:
    """Lines of a known shape. Anchors find the few lines worth trying (a 10 MB text has 200,000
    lines); each is then read by the first shape whose whole-line pattern accepts it."""
    line_starts = all_line_starts(text)
    pages = _page_breaks(text, line_starts)
    rows, evident = [], []
    groups: dict[tuple[str, str], list[_Row]] = {}
    seen: set[int] = set()
    for pos in _anchor_positions(text, conv):
        start = text.rfind("\n", 0, pos) + 1
        if start in seen or start in exempt:
            continue
        seen.add(start)
        end = text.find("\n", pos)
        raw = text[start:len(text) if end < 0 else end]
        s = raw.strip(" \t\f\v")
        if not s or len(s) > tuning.max_chars_evident:
            continue
        shape, page = _read(s, conv)
        if shape is None or (shape.id == "running-header" and _in_table(text, start)):
            continue
        if len(s) > tuning.max_chars and not shape.self_evident:
            continue
        row = _Row(bisect_right(line_starts, start) - 1, start, raw, shape.id, page)
        if shape.self_evident:
            evident.append(row)
            continue
        rows.append(row)
        groups.setdefault((shape.id, "" if shape.any_text else _shape(s)), []).append(row)
    rows.sort(key=lambda r: r.line)
    return Scan(text, tuple(line_starts), tuple(pages), tuple(rows), tuple(evident),
                tuple((rule, tuple(sorted(g, key=lambda r: r.line))) for (rule, _), g in groups.items()))


def _read(s: str, conv: Conventions) -> tuple[FurnitureShape | None, int | None]:
    for shape, rx in conv.furniture:
        m = rx.fullmatch(s)
        if m is not None:
            page = next((int(v) for v in m.groupdict().values() if v), None)
            return shape, page
    return None, None


def prove_furniture(scan: Scan, conv: Conventions, *, exempt: frozenset[int] = frozenset(),
                    tuning: FurnitureTuning = FURNITURE) -> list[Furniture]:
    """Every line the text's own recurrence proves page furniture, in text order."""
    text, line_starts = scan.text, scan.line_starts
    pages = list(scan.pages)
    found: dict[int, Furniture] = {r.start: _furniture(r.start, r.raw, r.rule) for r in scan.evident}
    numbered_pages: list[int] = []
    for rule, rows in scan.groups:
        proven = _proven(rows, pages, len(line_starts), tuning, numbered=rule != "running-header")
        if rule == "running-header" and not _numbers_like_pages([r.raw for r in proven], tuning):
            proven = []            # a recurring table row whose amounts vary is content
        for r in proven:
            found[r.start] = _furniture(r.start, r.raw, r.rule)
        if len(proven) >= tuning.generic_min_occurrences and proven[0].page is not None:
            numbered_pages = max(numbered_pages, [r.line + 1 for r in proven], key=len)
    # a self-evident line (a release stamp, "- 3 -") still stacks with the block it stands in
    for r in _blocks(tuple(sorted(scan.rows + scan.evident, key=lambda r: r.line))):
        found.setdefault(r.start, _furniture(r.start, r.raw, r.rule))
    for rx in conv.extra_furniture:            # the user's own shapes: their word is proof enough
        for m in rx.finditer(text):
            if m.group().strip() and m.start() not in found and m.start() not in exempt:
                found[m.start()] = _furniture(m.start(), m.group(), "configured")
    # without form feeds, a run of page-numbered footers says where the pages end
    pages = pages or numbered_pages
    if pages:
        _page_edges(text, pages, line_starts, found, exempt, conv, tuning)
    else:
        _recurring_lines(text, line_starts, found, exempt, conv, tuning)
    return [found[k] for k in sorted(found)]


def recurring_texts(furniture: list[Furniture], tuning: FurnitureTuning = FURNITURE) -> frozenset[str]:
    """The lines a version set aside as often as recurrence needs, the same text each time (a
    letterhead; not the page footers whose numbers vary)."""
    counts = Counter(" ".join(f.text.split()) for f in furniture)
    return frozenset(t for t, n in counts.items() if n >= tuning.generic_min_occurrences)


def with_known(proven: list[Furniture], scan: Scan, known: frozenset[str], exempt: frozenset[int] = frozenset(),
               tuning: FurnitureTuning = FURNITURE, recurring: frozenset[str] = frozenset()) -> list[Furniture]:
    """Add to a proof the lines the other version proved furniture: of a known shape without a
    page number ("JAI.1" once here, on every page there), and a line the other version set aside
    as often as recurrence needs (`recurring`) standing whole here as often ("Phone (Area 202)
    544-6000" at 19 page tops of both OCR'd releases, at the page edge of one of them only: else
    the other reports it removed 16 times)."""
    if not known and not recurring:
        return proven
    found = {f.line_start: f for f in proven}
    for r in scan.rows:
        if r.start not in found and r.page is None and " ".join(r.raw.split()) in known:
            found[r.start] = _furniture(r.start, r.raw, r.rule)
    have = {" ".join(f.text.split()) for f in found.values()}
    for line in sorted(recurring - have):
        if scan.text.count(line.split()[0]) < tuning.generic_min_occurrences:
            continue                          # a literal pre-check: most lines are not there at all
        rx = re.compile(r"^[ \t]*" + r"[ \t]+".join(map(re.escape, line.split())) + r"[ \t]*$", re.M)
        hits = [m for m in rx.finditer(scan.text) if m.start() not in found and m.start() not in exempt]
        if len(hits) >= tuning.generic_min_occurrences:
            for m in hits:
                found[m.start()] = _furniture(m.start(), m.group(), "other-version")
    return [found[k] for k in sorted(found)]


def find_furniture(text: str, conv: Conventions, *, exempt: frozenset[int] = frozenset(),
                   known: frozenset[str] = frozenset(), tuning: FurnitureTuning = FURNITURE) -> list[Furniture]:
    """scan_furniture, prove_furniture, then with_known."""
    scan = scan_furniture(text, conv, exempt, tuning)
    return with_known(prove_furniture(scan, conv, exempt=exempt, tuning=tuning), scan, known, exempt, tuning)


def _blocks(rows: tuple[_Row, ...]):
    """Lines of known shapes stacked on consecutive lines form a footer or header block
    ("8700/25" over "2", "8700/25 / JAI.1 / LIMITE / EN"): the block is the proof, even on the one
    page break of a two-page document. Page numbers stacked alone (a column of numbers) are not."""
    run: list[_Row] = []
    for r in list(rows) + [None]:
        if r is not None and r.rule != "running-header" and run and r.line == run[-1].line + 1:
            run.append(r)
            continue
        if len(run) >= 2 and any(x.rule != "page-number" for x in run):
            yield from run
        run = [r] if r is not None and r.rule != "running-header" else []


def _shape(s: str) -> str:
    return _DIGITS.sub("#", " ".join(s.split()))


def _page_breaks(text: str, line_starts: tuple[int, ...]) -> list[int]:
    """Line numbers where a new page begins (after a form feed); empty when the text has none."""
    if "\f" not in text:
        return []
    out, pos = [], text.find("\f")
    while pos >= 0:
        out.append(bisect_right(line_starts, pos) - 1)
        pos = text.find("\f", pos + 1)
    return out


def _in_table(text: str, start: int) -> bool:
    """A column-laid-out line next to another one is a table row, not a running header."""
    prev_end = start - 1
    prev_start = text.rfind("\n", 0, max(0, prev_end)) + 1
    if prev_end > 0 and _WIDE_GAP.search(text[prev_start:prev_end].strip() or "x"):
        return True
    end = text.find("\n", start)
    if end < 0:
        return False
    nxt_end = text.find("\n", end + 1)
    nxt = text[end + 1:nxt_end if nxt_end >= 0 else len(text)]
    return bool(_WIDE_GAP.search(nxt.strip() or "x"))


def _proven(rows: tuple[_Row, ...], pages: list[int], n_lines: int, tuning: FurnitureTuning, *,
            numbered: bool) -> list[_Row]:
    """The occurrences of one shape that recurrence proves furniture: on separate pages (at page
    edges where the text has form feeds), with page numbers growing from one to the next."""
    if pages:
        rows = tuple(r for r in rows if _at_page_edge(r.line, pages, n_lines, tuning))
    if len(rows) < tuning.min_occurrences:
        return []
    chain = [rows[0]]
    for row in rows[1:]:
        last = chain[-1]
        if row.line - last.line < (1 if pages else tuning.min_page_lines):
            continue
        if numbered and row.page is not None and last.page is not None:
            if not 0 < row.page - last.page <= tuning.page_step_max:
                if len(chain) == 1:
                    chain = [row]        # a stray number before the real sequence
                continue
        chain.append(row)
    return chain if len(chain) >= tuning.min_occurrences else []


def _at_page_edge(line: int, pages: list[int], n_lines: int, tuning: FurnitureTuning) -> bool:
    k = bisect_right(pages, line)
    top = pages[k - 1] if k else 0
    bottom = pages[k] if k < len(pages) else n_lines
    return line - top <= tuning.edge_depth + 2 or bottom - line <= tuning.edge_depth + 2


def _page_edges(text, pages, line_starts, found, exempt, conv, tuning: FurnitureTuning) -> None:
    """Paginated text: short lines among the first and last lines of pages whose shape (digits
    aside) recurs on at least half of the pages are running headers and footers."""
    edges: dict[str, list[tuple[int, str]]] = {}
    bounds = [0] + [line_starts[p] for p in pages if p < len(line_starts)] + [len(text)]
    for a, b in pairwise(bounds):
        top, bottom = _edge_lines(text, a, b, tuning.edge_depth)
        # a running header stands once at a page's top, a footer once at its bottom: a line of that
        # shape further in ("CONFIDENTIAL" in the body, two lines under the header) is content
        for edge in (top, bottom[::-1]):       # the top from the top down, the bottom from the bottom up
            seen: set[str] = set()             # (the two edges never share a line: see _edge_lines)
            for start, line in edge:
                shape = _shape(line)
                if len(shape) <= tuning.edge_max_chars and start not in exempt and shape not in seen:
                    seen.add(shape)
                    edges.setdefault(shape, []).append((start, line))
    need = max(2, math.ceil((len(bounds) - 1) * tuning.edge_share))   # pages counted, not breaks
    for shape, rows in edges.items():
        if (len({start for start, _ in rows}) >= need and not _is_marker(shape, conv)
                and not _NUMBERED_LINE.match(shape) and _numbers_like_pages([line for _, line in rows], tuning)
                and not _inside_pages(text, shape, len(rows), tuning)):
            for start, line in rows:
                if start not in found:
                    found[start] = _furniture(start, line, "page-edge")


def _inside_pages(text: str, shape: str, at_edges: int, tuning: FurnitureTuning) -> bool:
    """The shape's lines occur inside pages too, as often as a body line would: content that
    happens to stand at many page edges (the entries of a long list), not a running header."""
    if not any(c.isalpha() for c in shape):
        return False
    parts = (r"\d+" if p == "#" else re.escape(p) for p in re.split(r"(#)", shape))
    rx = re.compile(r"^[ \t]*" + "".join(parts).replace(r"\ ", r"[ \t]+") + r"[ \t]*$", re.M)
    allowed = max(1.0, tuning.edge_body_share * at_edges)       # a title that is also the header: once is fine
    inside = -at_edges
    for _ in rx.finditer(text):
        inside += 1
        if inside > allowed:
            return True
    return False


def _edge_lines(text: str, a: int, b: int, depth: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The first and last `depth` non-blank lines (start, line) of text[a:b], a page; a short page
    gives fewer (k of each, k <= (non-blank lines - 1) // 2: its very first and last lines). Reads
    only the page's edges, not its body."""
    def lines(pos: int, step: int, want: int) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        while len(out) < want and a <= pos < b:
            if step > 0:
                end = text.find("\n", pos, b)
                end = b if end < 0 else end
                start, pos = pos, end + 1
            else:
                start = text.rfind("\n", a, pos) + 1 if pos > a else a
                start = max(start, a)
                end, pos = pos, start - 1
            line = text[start:end]
            if line.strip(" \t\f\v"):
                out.append((start, line))
        return out
    first = lines(a, 1, 2 * depth + 1)
    if len(first) < 2 * depth + 1:          # the whole page is in hand
        k = (len(first) - 1) // 2
        return (first[:k], first[-k:]) if k > 0 else ([], [])
    last = lines(b - 1 if b > a and text[b - 1] == "\n" else b, -1, depth)
    return first[:depth], last[::-1]


def _recurring_lines(text, line_starts, found, exempt, conv, tuning: FurnitureTuning) -> None:
    """Text without pages: a short line (digits aside) recurring at regular page-like intervals,
    three times or more, is a running header or footer ("recurring-line")."""
    if len(line_starts) < 3 * tuning.min_page_lines:
        return
    by_shape: dict[str, list[int]] = {}
    for k, line in enumerate(text.split("\n")):
        s = line.strip(" \t\f\v")
        # a running header starts like a title and ends no sentence; a wrapped line of prose may not
        if 2 < len(s) <= tuning.edge_max_chars and (s[0].isupper() or s[0].isdigit()) and s[-1] not in ".,;:":
            by_shape.setdefault(_DIGITS.sub("#", s), []).append(k)
    n_lines = len(line_starts)
    for shape, lines in by_shape.items():
        if len(lines) < tuning.generic_min_occurrences or _is_marker(shape, conv) or _NUMBERED_LINE.match(shape):
            continue
        if lines[-1] - lines[0] < tuning.recurring_cover * n_lines:
            continue           # a running header runs through the document, not through one part of it
        gaps = [b - a for a, b in pairwise(lines)]
        if min(gaps) < tuning.min_page_lines:
            continue
        texts = [text[line_starts[k]:text.find("\n", line_starts[k]) if text.find("\n", line_starts[k]) >= 0
                      else len(text)] for k in lines]
        if not _numbers_like_pages(texts, tuning):
            continue
        mean = statistics.fmean(gaps)
        if statistics.pstdev(gaps) > tuning.page_regularity * mean:
            continue           # pages hold about as many lines as each other; repeated prose does not
        for k in lines:
            start = line_starts[k]
            if start in exempt or start in found:
                continue
            end = text.find("\n", start)
            found[start] = _furniture(start, text[start:len(text) if end < 0 else end], "recurring-line")


_NUMBERED_LINE = re.compile(r"[ \t]*#\.?[ \t]+\S")     # "#. Title": a numbered heading, not a running header


def _numbers_like_pages(lines: list[str], tuning: FurnitureTuning) -> bool:
    """The numbers of a recurring line stay the same (a date, a document number) or grow like
    page numbers from one occurrence to the next; amounts that vary are content."""
    numbers = [[int(d) for d in _DIGITS.findall(line)] for line in lines]
    if len({len(ns) for ns in numbers}) != 1:
        return True            # OCR or a varying layout: the shape itself was the evidence
    for column in zip(*numbers):
        steps = [b - a for a, b in pairwise(column)]
        if all(d == 0 for d in steps):
            continue
        if not all(0 <= d <= tuning.page_step_max for d in steps):
            return False
    return True


def _is_marker(shape: str, conv: Conventions) -> bool:
    """A redaction marker is never furniture, however often it recurs."""
    rx = conv.marker_re
    return rx is not None and rx.search(shape) is not None


def _furniture(line_start: int, line: str, rule: str) -> Furniture:
    lead = len(line) - len(line.lstrip())
    s = line.strip()
    return Furniture(line_start + lead, line_start + lead + len(s), s, rule, line_start)
