"""The installed program, run from outside the source tree: every package the code imports must be
in the distribution (the tests themselves import the checkout, which would hide a missing one)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

SCRIPT = Path(sys.executable).parent / "docdiff"


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} not installed (pip install . into this interpreter's environment)")
def test_installed_docdiff_runs_on_the_samples_outside_the_checkout(tmp_path):
    r = subprocess.run([str(SCRIPT), str(SAMPLES / "8700-25-limite.txt"), str(SAMPLES / "8700-25-public.txt"),
                        "--format", "json"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    diff = json.loads(r.stdout)
    assert diff["schema_version"] == 1 and diff["summary"]["changes"]["redacted"] > 0
