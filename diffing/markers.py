"""Redaction markers: the built-in shapes and the compiled pattern that finds them in text."""
from __future__ import annotations

import re
from functools import lru_cache

from .errors import ConfigError

# Each entry is one marker shape seen in real releases (see README "Redaction markers").
DEFAULT_MARKERS: tuple[str, ...] = (
    # **DELETED**, **[REDACTED]**, Markdown-escaped **\[ REDACTED: Harm to Ongoing Matter \]**
    r"\*\*\s*\\?\[?\s*(?:DELETED|REDACTED)\b[^\]*\n]{0,120}?\\?\]?\s*\*\*",
    # [DELETED], [REDACTED], [Redacted], [Redacted: (b) (7)(A)], [WITHHELD]
    r"\\?\[\s*(?:DELETED|REDACTED|WITHHELD|[Dd]eleted|[Rr]edacted|[Ww]ithheld)\b[^\]\n]{0,120}?\\?\]",
    # [...] and […]: omission
    r"\[\s*(?:\.\s*){3}\]|\[\s*\u2026\s*\]",
    # bare DELETED / REDACTED in capitals (EU Council partial-access releases)
    r"\b(?:DELETED|REDACTED)\b",
    # runs of black boxes, possibly spaced: █, ■ ■ ■
    r"[\u2588\u25a0](?:[ \t]*[\u2588\u25a0])*",
    # FOIA exemption codes (b)(6), (b)(7)(C), "(b)(6), (b)(7)(C)"
    r"\(b\)\s?\(\d\)(?:\s?\([A-Za-z]\))*(?:\s*(?:,|and|&)\s*\(b\)\s?\(\d\)(?:\s?\([A-Za-z]\))*)*",
    # XXXX: four or more X (masked names, numbers, addresses)
    r"\b(?:X{4,}|x{4,})\b",
)


@lru_cache(maxsize=32)
def compile_markers(extra: tuple[str, ...] = (), use_defaults: bool = True) -> re.Pattern[str] | None:
    """One alternation of all marker regexes, longest shapes first; None when there are none."""
    for rx in extra:
        try:
            re.compile(rx)
        except re.error as e:
            raise ConfigError(f"marker {rx!r}", f"not a valid regular expression ({e})") from None
    parts = list(extra) + (list(DEFAULT_MARKERS) if use_defaults else [])
    if not parts:
        return None
    return re.compile("|".join(f"(?:{p})" for p in parts))
