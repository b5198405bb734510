"""Mutation check: change one word or one digit of a content line; docdiff must report it.

    python bench/mutation.py                    # every eligible line of the corpus documents
    python bench/mutation.py --every 7          # one line in seven (what the test suite runs)

For each document of ../shared/corpus (read in place) and each content line, a copy with one word
of that line replaced (or, on lines with digits, one digit changed) is compared with the original;
the mutation counts as found when a reported change (or moved passage) covers its offset. Content
lines are all non-blank lines except the page headers and footers of paginated text (the lines
next to a form feed), which are layout by design, and so is the page number ending a contents
line, and so is a Markdown HTML comment line (no reader sees it: docdiff counts it as markup).
Prints the share found per document and lists the lines whose change was missed.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from docdiff.diffing import compare_documents  # noqa: E402
from docdiff.diffing.extract import read_document  # noqa: E402
from docdiff.diffing.model import Source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DOCUMENTS = (
    "us-senate-cia-torture-report-markers/v0.md",
    "github-terms-of-service-series/v00.md",
    "github-terms-of-service-series/v07.md",
    "ietf-web-linking-txt-series/v11.txt",
    "ietf-web-linking-txt-series/v21.txt",
    "licence-version-pairs/gpl/v1.txt",
    "licence-version-pairs/gpl/v2.txt",
    "licence-version-pairs/lgpl/v1.txt",
    "licence-version-pairs/eupl/v2.txt",
    "licence-version-pairs/epl/v2.txt",
)
_WORD = re.compile(r"[A-Za-z]{3,}")
# page numbers and footers that say so ("- 3 -", "%%page 15%%", "… Page 7", "8700/25  XX/yy  3")
# are layout by design, and so are kramdown attributes ("{#intro}")
_SAYS_PAGE = re.compile(r"[-\u2013\u2014][ \t]*\d{1,4}[ \t]*[-\u2013\u2014]|(?i:page)[ \t]+\d{1,4}.{0,12}"
                        r"|%%[ \t]*page[ \t]*\d+[ \t]*%%"
                        r"|.{0,60}\b(?i:page)['\u2019]?[ \t]*\d{1,4}|\d{1,5}/\d{2}[ \t]+\S+/\S+[ \t]+\d{1,4}")
_ATTRIBUTE = re.compile(r"\{[:#.][^{}]*\}")
_COMMENT = re.compile(r"[ \t]*<!--.*-->[ \t]*")
# the number of a Markdown list item is not content: "1." and "2." render alike
_MD_ITEM = re.compile(r"[ \t]*\d{1,9}[.)][ \t]")
_DIGIT = re.compile(r"\d")
# ... and so is the page number ending a contents line ("1. Introduction . . . . 3"): pagination
_CONTENTS_PAGE = re.compile(r"\.[ \t]*\.[ \t]*\d{1,4}[ \t]*$")


def content_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that is content: not blank, not next to a form feed."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    out = []
    for k, (s, e) in enumerate(lines):
        if not text[s:e].strip(" \t\f") or _SAYS_PAGE.fullmatch(text[s:e].strip()) or _COMMENT.fullmatch(text[s:e]):
            continue
        near = [text[a:b] for a, b in lines[max(0, k - 3):k + 4]]
        if any("\f" in n for n in near) and _page_edge(lines, k, text):
            continue
        out.append((s, e))
    return out


def _page_edge(lines, k, text) -> bool:
    """The nearest non-blank line above or below (within blank lines only) holds a form feed."""
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(lines):
            s, e = lines[j]
            if "\f" in text[s:e]:
                return True
            if text[s:e].strip():
                break
            j += step
    return False


def mutate(text: str, start: int, end: int, k: int, markdown: bool = False) -> tuple[str, int] | None:
    """The text with one word (or, every other time on lines with digits, one digit) of the line
    changed, and the offset of the change."""
    line = text[start:end]
    skip = _MD_ITEM.match(line).end() if markdown and _MD_ITEM.match(line) else 0
    page = _CONTENTS_PAGE.search(line)
    digits = [d for d in _DIGIT.finditer(line) if d.start() >= skip and not (page and d.start() >= page.start())]
    if digits and k % 2:
        m = digits[len(digits) // 2]
        new = "8" if m.group() != "8" else "3"
        return text[:start + m.start()] + new + text[start + m.end():], start + m.start()
    words = [w for w in _WORD.finditer(line) if not any(a.start() <= w.start() < a.end()
                                                           for a in _ATTRIBUTE.finditer(line))]
    if not words:
        if not digits:
            return None
        m = digits[0]
        return text[:start + m.start()] + ("8" if m.group() != "8" else "3") + text[start + m.end():], start + m.start()
    m = words[len(words) // 2]
    return text[:start + m.start()] + "Zqxv" + text[start + m.end():], start + m.start()


def found(diff, offset: int) -> bool:
    """A change or moved passage covers the offset, or the heading number there was flagged renumbered."""
    for c in diff.changes:
        if c.new is not None and c.new.start <= offset < max(c.new.end, c.new.start + 1):
            return True
    for s in diff.sections:
        h = s.new.heading if s.new else None
        if s.renumbered and h is not None and h.start <= offset < h.title_start:
            return True
    return any(m.new.start <= offset < m.new.end for m in diff.moves)


def check(path: Path, every: int = 1) -> tuple[int, int, list[str]]:
    src = read_document(str(path))
    text = src.text
    lines = content_lines(text)[::every]
    misses, tried = [], 0
    for k, (s, e) in enumerate(lines):
        m = mutate(text, s, e, k, src.format == "markdown")
        if m is None:
            continue
        tried += 1
        new_text, offset = m
        new = Source(src.path + "~", new_text, src.encoding, "f" * 64, format=src.format)
        diff = compare_documents(src, new)
        if not found(diff, offset):
            misses.append(f"{path.name}:{text.count(chr(10), 0, s) + 1}: {text[s:e].strip()[:90]!r}")
    return tried, tried - len(misses), misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--every", type=int, default=1, help="test one content line in N")
    ap.add_argument("paths", nargs="*", help="documents (default: the corpus documents listed in the script)")
    args = ap.parse_args()
    paths = [Path(p) for p in args.paths] or [CORPUS / d for d in DOCUMENTS]
    total = ok = 0
    for p in paths:
        if not p.exists():
            print(f"skip {p} (absent)")
            continue
        tried, good, misses = check(p, args.every)
        total += tried
        ok += good
        print(f"{p.parent.name}/{p.name}: {good}/{tried} mutations reported ({100 * good / max(1, tried):.1f}%)")
        for m in misses[:20]:
            print("   missed", m)
    print(f"overall: {ok}/{total} ({100 * ok / max(1, total):.2f}%)")
    return 0 if ok == total else 1


if __name__ == "__main__":
    sys.exit(main())
