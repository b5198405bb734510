"""Document conventions as data: heading styles, marker shapes, page-furniture shapes, languages and
tuning thresholds, each a frozen record with examples. Stages hold algorithms only and read the
active, compiled set from `conventions_for(options)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..userregex import compile_any, user_pattern
from . import tuning
from .furniture import DISCOVERED, FURNITURE, FurnitureShape
from .headings import CLAUSE, STYLES, HeadingStyle
from .languages import LANGUAGES, Language
from .markers import MARKERS, MarkerShape

__all__ = ["CLAUSE", "DISCOVERED", "FURNITURE", "LANGUAGES", "MARKERS", "STYLES", "Conventions", "FurnitureShape",
           "HeadingStyle", "Language", "MarkerShape", "conventions_for", "tuning"]


@dataclass(frozen=True, slots=True)
class Conventions:
    """The compiled conventions one comparison uses."""

    marker_re: re.Pattern[str] | None          # every marker shape, one alternation, longest first
    marker_shapes: tuple[tuple[str, re.Pattern[str]], ...]   # id and pattern, for the stated reason
    needles: tuple[str, ...] | None            # literal pre-check; None: always search (user shapes)
    gates: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]   # each built-in shape behind its needles
    furniture: tuple[tuple[FurnitureShape, re.Pattern[str]], ...]   # record and whole-line pattern
    extra_furniture: tuple[re.Pattern[str], ...]
    styles: tuple[tuple[HeadingStyle, re.Pattern[str]], ...]
    clause: re.Pattern[str]
    small_words: frozenset[str]
    clause_openers: frozenset[str]

    def marker_reason(self, marker: str) -> str:
        """The reason or exemption code a marker states ("Personal Privacy", "(b)(6)"), "" if none."""
        for _, rx in self.marker_shapes:
            m = rx.fullmatch(marker)
            if m is not None:
                return (m.groupdict().get("reason") or "").strip()
        return ""


@lru_cache(maxsize=32)
def conventions_for(markers: tuple[str, ...] = (), default_markers: bool = True,
                    furniture: tuple[str, ...] = ()) -> Conventions:
    """The active conventions: the built-in records plus the user's extra markers and furniture."""
    # the user's patterns run with a time bound (userregex): so does any alternation holding one
    user = [user_pattern(rx, "marker") for rx in markers]
    shapes = [(f"user-{k}", compile_any(rx, True, "marker", markers[k])) for k, rx in enumerate(user)]
    if default_markers:
        shapes += [(s.id, re.compile(s.pattern)) for s in MARKERS]
    # one alternation for finding markers: the reason groups are only read by marker_reason
    plain = [re.sub(r"\(\?P<reason>", "(?:", rx.pattern) for _, rx in shapes]
    marker_re = compile_any("|".join(f"(?:{p})" for p in plain), bool(markers), "marker",
                            " | ".join(markers)) if plain else None
    needles = None if markers else tuple(sorted({n for s in MARKERS for n in s.needles}))
    # a text holding a needle is searched with the shapes that needle belongs to, not with the whole
    # alternation (which the regex engine tries at every position: ~100x slower on a paragraph
    # holding "(b)" as a list label)
    gates = () if markers else tuple((s.needles, rx) for s, (_, rx) in zip(MARKERS, shapes))
    fur = tuple((s, re.compile(s.pattern)) for s in FURNITURE)
    extra = tuple(compile_any(rf"^[ \t\f\v]*(?:{user_pattern(rx, 'furniture')})[ \t\f\v]*$", True, "furniture",
                              rx, re.M) for rx in furniture)
    styles = tuple((s, re.compile(s.pattern)) for s in STYLES)
    small = frozenset().union(*(lang.small_words for lang in LANGUAGES))
    openers = frozenset().union(*(lang.clause_openers for lang in LANGUAGES))
    return Conventions(marker_re, tuple(shapes), needles, gates, fur, extra, styles, re.compile(CLAUSE.pattern),
                       small, openers)
