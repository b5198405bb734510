"""Classify stage: the kind of a changed passage from its token runs (start, end, key, is_marker)."""
import pytest

from docdiff.diffing.classify import classify_change
from docdiff.diffing.model import RawChange, Token

W = Token(0, 1, "word", False)
P = Token(0, 1, ".", False)
M = Token(0, 1, "\x00", True)


@pytest.mark.parametrize("old, new, kind", [
    ((W,), (W,), "modified"),
    ((), (W,), "added"),
    ((W,), (), "removed"),
    ((W, W), (M,), "redacted"),
    ((W, P), (M, P), "redacted"),
    ((), (M,), "redacted"),           # a marker alone came: withheld, even if nothing matched
    ((M,), (W, W), "revealed"),
    ((M,), (), "revealed"),           # mirror of the line above
    ((W, M), (), "removed"),           # a passage holding a marker, removed whole
    ((), (W, M), "added"),
    ((W, M), (M,), "redacted"),        # more withheld than before
    ((M,), (W, M), "revealed"),        # less withheld than before
    ((W, M), (W, M), "modified"),
], ids=["word", "add", "remove", "redact", "redact-punct", "marker-in", "reveal", "marker-out",
        "remove-with-marker", "add-with-marker", "more-withheld", "less-withheld", "both"])
def test_kinds(old, new, kind):
    assert classify_change(RawChange(old, new, 0, 0)).value == kind
