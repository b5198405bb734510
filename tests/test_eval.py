"""Accuracy bars of issue 2 on ../shared/eval/cases, through the shared scorer and the real CLI.

This runs the scorer the way CI users would (`docdiff {old} {new} --format json`); it is a quality
gate, not a timing test.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path


def test_accuracy_bars_on_the_eval_cases():
    cases = shared_path("eval", "cases")
    # the console script of the environment running the tests (a virtualenv need not be activated)
    beside = Path(sys.executable).parent / "docdiff"
    exe = str(beside) if beside.exists() else shutil.which("docdiff")
    if exe is None:
        pytest.skip("the docdiff console script is not installed in this environment")
    out = subprocess.run([sys.executable, str(cases.parent / "score.py"), str(cases), "--json",
                          "--cmd", f"{exe} {{old}} {{new}} --format json"],
                         capture_output=True, text=True, check=True, timeout=600)
    o = json.loads(out.stdout)
    r = o["overall"]
    assert o["failures"] == []
    assert r["offset_errors"] == 0
    assert r["redaction"]["f1"] >= 0.95 and r["redaction_events"]["recall"] >= 0.95
    assert r["deletion"]["f1"] >= 0.85 and r["insertion"]["f1"] >= 0.85
    assert r["reveal"]["f1"] >= 0.90
    assert r["sections"]["recall"] >= 0.95 and r["sections"]["precision"] >= 0.95
    assert r["moves"]["recall"] >= 0.80
    assert r["false_change_rate"] <= 0.002
