"""Shared test helpers: where the repository and the shared corpus live."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a visible skip when that folder is absent (a plain clone)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present: the shared corpus/eval folder sits beside the checkout only on "
                    "the project's machines")
    return p
