"""Classify stage: name each changed passage added, removed, modified, redacted or revealed."""
from __future__ import annotations

from .model import ChangeKind, RawChange, Token


def classify_change(change: RawChange) -> ChangeKind:
    """A marker on the new side means withheld text (redacted); a marker on the old side that gives
    way to text means released text (revealed). The rules are mirror images, so swapping old and new
    swaps redacted/revealed and added/removed. Two markers stating different reasons are modified."""
    if change.reason_changed:
        return ChangeKind.MODIFIED
    old_marker, new_marker = _has_marker(change.old), _has_marker(change.new)
    if not change.old or not change.new:
        side = change.new or change.old
        if _has_marker(side) and not _has_words(side):      # a marker alone came or went
            return ChangeKind.REDACTED if change.new else ChangeKind.REVEALED
        return ChangeKind.ADDED if change.new else ChangeKind.REMOVED
    if new_marker and not old_marker:
        return ChangeKind.REDACTED
    if old_marker and not new_marker:
        return ChangeKind.REVEALED
    if old_marker and new_marker:
        old_words, new_words = _has_words(change.old), _has_words(change.new)
        if old_words and not new_words:
            return ChangeKind.REDACTED
        if new_words and not old_words:
            return ChangeKind.REVEALED
    return ChangeKind.MODIFIED


def _has_marker(tokens: tuple[Token, ...]) -> bool:
    return any(t.marker for t in tokens)


def marker_tokens(tokens: tuple[Token, ...]) -> list[Token]:
    return [t for t in tokens if t.marker]


def _has_words(tokens: tuple[Token, ...]) -> bool:
    return any(not t.marker and any(ch.isalnum() for ch in t.key) for t in tokens)
