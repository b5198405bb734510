"""Document conventions as data: heading styles, marker shapes, page-furniture shapes, languages and
tuning thresholds, each a frozen record with examples. Stages hold algorithms only and read the
active, compiled set from `conventions_for(options)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from ..userregex import compile_any, user_pattern
from . import tuning
from .furniture import DISCOVERED, FURNITURE, FurnitureShape
from .headings import CLAUSE, STYLES, HeadingStyle
from .languages import LANGUAGES, Language
from .markers import MARKERS, MarkerShape
from .profiles import PROFILE_IDS, PROFILES, Profile, profile

__all__ = ["CLAUSE", "DISCOVERED", "FURNITURE", "LANGUAGES", "MARKERS", "PROFILES", "PROFILE_IDS", "STYLES",
           "Conventions", "FurnitureShape", "HeadingStyle", "Language", "MarkerShape", "Profile", "conventions_for",
           "detect_profiles", "profile", "profile_evidence", "profiles_shown", "tuning"]

_REASON_GROUP = re.compile(r"\(\?P<reason\d*>")


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
    profiles: tuple[str, ...] = ()             # the release profiles whose shapes are included
    repeal_shapes: tuple[re.Pattern[str], ...] = ()   # marker shapes that mean "repealed", not "withheld"
    annotation_shapes: tuple[re.Pattern[str], ...] = ()   # margin codes: apart from the words they withhold

    def marker_reason(self, marker: str) -> str:
        """The reason or exemption code a marker states ("Personal Privacy", "(b)(6)"), "" if none."""
        for _, rx in self.marker_shapes:
            m = rx.fullmatch(marker)
            if m is not None and rx in self.repeal_shapes:
                return "repealed"           # its own state: never equal to a withheld passage
            if m is not None:
                return next((v for k, v in m.groupdict().items() if k.startswith("reason") and v), "").strip()
        return ""

    def is_repeal(self, marker: str) -> bool:
        """A marker saying the provision was repealed ("(weggefallen)"), not that text was withheld."""
        return any(rx.fullmatch(marker) for rx in self.repeal_shapes)

    def is_annotation(self, marker: str) -> bool:
        """A marker standing apart from the words it withholds (a margin code such as B6)."""
        return any(rx.fullmatch(marker) for rx in self.annotation_shapes)


@lru_cache(maxsize=32)
def conventions_for(markers: tuple[str, ...] = (), default_markers: bool = True,
                    furniture: tuple[str, ...] = (), profiles: tuple[str, ...] = ()) -> Conventions:
    """The active conventions: the built-in records, the chosen release profiles' shapes, plus the
    user's extra markers and furniture."""
    chosen = [profile(name) for name in profiles]
    # the user's patterns run with a time bound (userregex): so does any alternation holding one
    user = [user_pattern(rx, "marker") for rx in markers]
    shapes = [(f"user-{k}", compile_any(rx, True, "marker", markers[k])) for k, rx in enumerate(user)]
    records = [s for p in chosen for s in p.markers] + (list(MARKERS) if default_markers else [])
    shapes += [(s.id, re.compile(s.pattern)) for s in records]
    # one alternation for finding markers: the reason groups are only read by marker_reason
    plain = [_REASON_GROUP.sub("(?:", rx.pattern) for _, rx in shapes]
    marker_re = compile_any("|".join(f"(?:{p})" for p in plain), bool(markers), "marker",
                            " | ".join(markers)) if plain else None
    needles = None if markers else tuple(sorted({n for s in records for n in s.needles}))
    # a text holding a needle is searched with the shapes that needle belongs to, not with the whole
    # alternation (which the regex engine tries at every position: ~100x slower on a paragraph
    # holding "(b)" as a list label)
    gates = () if markers else tuple((s.needles, rx) for s, (_, rx) in zip(records, shapes))
    repeal = tuple(rx for s, (_, rx) in zip(records, shapes[len(user):]) if s.kind == "repeal")
    annotation = tuple(rx for s, (_, rx) in zip(records, shapes[len(user):]) if s.annotation)
    fur = tuple((s, re.compile(s.pattern)) for s in [st for p in chosen for st in p.stamps] + list(FURNITURE))
    extra = tuple(compile_any(rf"^[ \t\f\v]*(?:{user_pattern(rx, 'furniture')})[ \t\f\v]*$", True, "furniture",
                              rx, re.M) for rx in furniture)
    styles = tuple((s, re.compile(s.pattern)) for s in STYLES)
    small = frozenset().union(*(lang.small_words for lang in LANGUAGES))
    openers = frozenset().union(*(lang.clause_openers for lang in LANGUAGES))
    return Conventions(marker_re, tuple(shapes), needles, gates, fur, extra, styles, re.compile(CLAUSE.pattern),
                       small, openers, tuple(profiles), repeal, annotation)


@lru_cache(maxsize=8)
def _evidence(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rx, re.M) for rx in profile(name).evidence)


@lru_cache(maxsize=8)
def _decisive(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rx, re.M) for rx in profile(name).decisive)


@lru_cache(maxsize=8)
def _needles(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rx) for rx in profile(name).needles)


def detect_profiles(*texts: str) -> tuple[str, ...]:
    """The release profiles texts clearly follow: the evidence of one of them matches at least its
    min_evidence times in the texts together (a pair's old side may show only LIMITE and its new
    side only the public-access stamp: each is half the evidence), or a decisive piece once (the
    JFK Records Act release line names the release)."""
    return profiles_shown(*(profile_evidence(text) for text in texts))


def profile_evidence(text: str) -> tuple[tuple[int, bool], ...]:
    """What one text shows of each profile (in PROFILES order): how often its evidence matches,
    counted up to min_evidence, and whether a decisive piece does. Only the lines around a
    profile's needles are searched: the evidence regexes scan a 10 MB text in 0.1-0.3 s each, a
    needle in a few ms. (Each version of a pair can be searched on its own, at the same time.)"""
    out = []
    for p in PROFILES:
        seen: set[tuple[int, int]] = set()
        decided = False
        for a, b in _windows(text, _needles(p.id)):
            for r, rx in enumerate(_evidence(p.id)):
                seen.update((r, m.start()) for m in rx.finditer(text, a, b))
            decided = decided or any(rx.search(text, a, b) for rx in _decisive(p.id))
            if decided or len(seen) >= p.min_evidence:
                break
        out.append((min(len(seen), p.min_evidence), decided))
    return tuple(out)


def profiles_shown(*evidence: tuple[tuple[int, bool], ...]) -> tuple[str, ...]:
    """The profiles the texts whose profile_evidence this is clearly follow, together."""
    return tuple(p.id for k, p in enumerate(PROFILES)
                 if any(e[k][1] for e in evidence) or sum(e[k][0] for e in evidence) >= p.min_evidence)


_WINDOW_LINES = 1            # lines searched on each side of a needle's line (a stamp wraps once)
_MAX_WINDOWS = 20_000        # past this many needles a whole-text scan is cheaper


def _windows(text: str, needles: tuple[re.Pattern[str], ...]):
    """(start, end) of the runs of lines around the needles' occurrences, in order, merged; the
    whole text when there are no needles or too many occurrences."""
    if not needles:
        yield 0, len(text)
        return
    hits: list[int] = []
    for rx in needles:
        hits += (m.start() for m in islice(rx.finditer(text), _MAX_WINDOWS + 1 - len(hits)))
        if len(hits) > _MAX_WINDOWS:
            yield 0, len(text)
            return
    hits.sort()
    cur: tuple[int, int] | None = None
    for i in hits:
        a = i
        for _ in range(_WINDOW_LINES + 1):
            a = text.rfind("\n", 0, a) if a > 0 else -1
            if a < 0:
                break
        a = a + 1 if a >= 0 else 0
        b = i
        for _ in range(_WINDOW_LINES + 1):
            b = text.find("\n", b + 1)
            if b < 0:
                break
        b = len(text) if b < 0 else b
        if cur is not None and a <= cur[1]:
            cur = (cur[0], max(cur[1], b))
            continue
        if cur is not None:
            yield cur
        cur = (a, b)
    if cur is not None:
        yield cur
