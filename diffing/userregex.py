"""Regular expressions a user supplies (markers, furniture, check patterns), run with a time bound.

Python's `re` backtracks: `(a+)+$` takes minutes on a line of thirty a's, and a `.docdiff.yml`
changed in a pull request could stall CI that way. So every pattern that holds user text is
compiled with the `regex` module (the same syntax, a superset of `re`) and each call gets a time
budget; running out of it is a ConfigError naming the pattern (exit 2), never a hang. Measured
(this machine): `(a|aa)+$` on 41 characters is stopped after its budget, where `re` runs for
minutes; a tokenising pattern over 3 MB takes 0.25 s with `regex` against 0.21 s with `re`.
google-re2 (linear time by construction) was the other candidate: it rejects backreferences and
lookaround that `re` users write, and docdiff's own patterns (`[^\\W\\d_]`) would need rewriting to
share an alternation with it. Built-in conventions keep `re`: they are ours, and tested.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from .conventions.tuning import UserRegexTuning

_NAMED_GROUP = re.compile(r"\(\?P<(?!reason>)\w+>")


@cache
def _regex():
    """The `regex` module, loaded when a user's pattern is first compiled (40 ms at start-up otherwise)."""
    import regex
    return regex


def _bounds() -> UserRegexTuning:
    from .conventions.tuning import USER_REGEX  # not at import time: conventions imports this module
    return USER_REGEX


class BoundedPattern:
    """The part of re.Pattern's interface docdiff uses, each call bounded in time."""

    __slots__ = ("_rx", "groupindex", "pattern", "shown", "what")

    def __init__(self, pattern: str, what: str, shown: str, flags: int = 0):
        self.pattern, self.what, self.shown = pattern, what, shown
        regex = _regex()
        try:
            self._rx = regex.compile(pattern, flags | regex.V0)
        except (regex.error, OverflowError, RecursionError, ValueError, TypeError) as e:
            raise ConfigError(f"{what} {shown!r}", f"not a valid regular expression ({e})") from None
        self.groupindex = self._rx.groupindex

    def _budget(self, text: str) -> float:
        bounds = _bounds()
        return bounds.timeout_base + len(text) * bounds.timeout_per_char

    def _too_slow(self, text: str) -> ConfigError:
        return ConfigError(f"{self.what} {self.shown!r}",
                           f"took over {self._budget(text):.1f} s on {len(text):,} characters; it backtracks "
                           "catastrophically (nested or overlapping repetition, like (a|aa)+): simplify it")

    def _call(self, f: Callable, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        try:
            return f(text, pos, len(text) if endpos is None else endpos, timeout=self._budget(text))
        except TimeoutError:
            raise self._too_slow(text) from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._call(self._rx.search, text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._call(self._rx.match, text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._call(self._rx.fullmatch, text, pos, endpos)

    def sub(self, repl, text: str, count: int = 0) -> str:
        try:
            out: str = self._rx.sub(repl, text, count, timeout=self._budget(text))
            return out
        except TimeoutError:
            raise self._too_slow(text) from None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator:
        it = self._call(self._rx.finditer, text, pos, endpos)
        while True:
            try:
                m = next(it)
            except StopIteration:
                return
            except TimeoutError:
                raise self._too_slow(text) from None
            yield m


def user_pattern(rx: str, what: str) -> str:
    """A user's pattern made fit to sit in an alternation: its own named groups (other than
    `reason`, which states a marker's reason) become plain groups. Raises ConfigError for a
    pattern that does not compile."""
    if not isinstance(rx, str) or not rx:
        raise ConfigError(what, "expected a non-empty regular expression")
    if len(rx) > _bounds().max_chars:
        raise ConfigError(f"{what} {rx[:40]!r}…", f"longer than {_bounds().max_chars:,} characters")
    BoundedPattern(rx, what, rx)                       # compiles, or says why not
    return _NAMED_GROUP.sub("(?:", rx)


def compile_any(pattern: str, user: bool, what: str = "pattern", shown: str | None = None, flags: int = 0):
    """re for our own patterns, a BoundedPattern when the pattern holds a user's."""
    return BoundedPattern(pattern, what, shown or pattern, flags) if user else re.compile(pattern, flags)
