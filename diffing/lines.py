"""Line offsets of a text: where each line starts (offsets are code points of the text as read)."""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache


@lru_cache(maxsize=8)
def line_starts(text: str) -> tuple[int, ...]:
    """Offset of the start of every line (C-level finds: a 10 MB text has 200,000 lines). Several
    stages ask for the same text's lines: the answer is kept for the last few texts."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return tuple(starts)


def line_index(starts, offset: int) -> int:
    """0-based line holding an offset."""
    return bisect_right(starts, offset) - 1


def code_indent(rows) -> int:
    """The indentation every non-blank row of a code block shares (rows with tabs expanded)."""
    return min((len(r) - len(r.lstrip(" ")) for r in rows if r.strip()), default=0)
