"""Classify stage: name each changed passage added, removed, modified, redacted or revealed."""
from __future__ import annotations

from .model import ChangeKind
from .passages import RawChange, Token


def classify_change(change: RawChange) -> ChangeKind:
    """A marker on the new side means withheld text (redacted); a marker on the old side that gives
    way to text means released text (revealed). Punctuation alone around a marker does not matter."""
    new_marker = any(t[3] for t in change.new)
    old_marker = any(t[3] for t in change.old)
    old_words = _has_words(change.old)
    new_words = _has_words(change.new)
    if new_marker and not old_marker:
        return ChangeKind.REDACTED
    if old_marker and not new_marker:
        return ChangeKind.REVEALED if new_words else ChangeKind.REMOVED
    if old_marker and new_marker:
        # markers on both sides: more withheld than before, or less
        return ChangeKind.REDACTED if old_words and not new_words else (
            ChangeKind.REVEALED if new_words and not old_words else ChangeKind.MODIFIED)
    if not change.old:
        return ChangeKind.ADDED
    if not change.new:
        return ChangeKind.REMOVED
    return ChangeKind.MODIFIED


def marker_tokens(tokens: tuple[Token, ...]) -> list[Token]:
    return [t for t in tokens if t[3]]


def _has_words(tokens: tuple[Token, ...]) -> bool:
    return any(not t[3] and any(ch.isalnum() for ch in t[2]) for t in tokens)
