"""Accuracy bars on ../shared/eval/cases and cases-general, through the shared scorer and the real CLI.

This runs the scorer the way CI users would (`docdiff {old} {new} --format json`); it is a quality
gate, not a timing test. Each folder is scored in three interleaved shares (every profile in each),
so that the test workers score them side by side, and every share must meet the bars on its own.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path

SHARES = 3


def _bar(value, minimum):
    """A bar on a figure the share has cases for (the scorer gives None for a kind no case holds)."""
    return value is None or value >= minimum


@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("folder", ["cases", "cases-general"])
def test_accuracy_bars_on_the_eval_cases(folder, share, tmp_path):
    cases = shared_path("eval", folder)
    # the console script of the environment running the tests (a virtualenv need not be activated)
    beside = Path(sys.executable).parent / "docdiff"
    exe = str(beside) if beside.exists() else shutil.which("docdiff")
    if exe is None:
        pytest.skip("the docdiff console script is not installed in this environment")
    picked = sorted(p for p in cases.iterdir() if p.is_dir())[share::SHARES]
    assert picked
    for case in picked:                       # the scorer reads a folder of case folders
        (tmp_path / case.name).symlink_to(case)
    out = subprocess.run([sys.executable, str(cases.parent / "score.py"), str(tmp_path), "--json",
                          "--cmd", f"{exe} {{old}} {{new}} --format json"],
                         capture_output=True, text=True, check=True, timeout=600)
    o = json.loads(out.stdout)
    r = o["overall"]
    assert o["failures"] == []
    assert r["offset_errors"] == 0
    assert _bar(r["redaction"]["f1"], 0.95) and _bar(r["redaction_events"]["recall"], 0.95)
    assert _bar(r["deletion"]["f1"], 0.85) and _bar(r["insertion"]["f1"], 0.85)
    assert _bar(r["reveal"]["f1"], 0.90)
    assert r["sections"]["recall"] >= 0.95 and r["sections"]["precision"] >= 0.95
    assert _bar(r["moves"]["recall"], 0.80)
    assert r["false_change_rate"] <= 0.002
