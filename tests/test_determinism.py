"""The same pair gives the same diff on every run: no result may depend on Python's per-process
string hashing (set and dict order of words), which a script comparing two runs would see as a
change in the document."""
from __future__ import annotations

import lzma
import os
import subprocess
import sys

from conftest import ROOT, SAMPLES, shared_path

PREFIX = 2_000_000       # the first 2 MB of a 10 MB bench pair: enough repeated wording for ties


def _runs(old, new, seeds=("1", "2", "3")) -> set[str]:
    outs = set()
    for seed in seeds:
        r = subprocess.run([sys.executable, "-m", "docdiff", str(old), str(new), "--format", "json"],
                           capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
        assert r.returncode in (0, 1), r.stderr
        outs.add(r.stdout)
    return outs


def test_samples_identical_under_any_hash_seed():
    assert len(_runs(SAMPLES / "8700-25-limite.txt", SAMPLES / "8700-25-public.txt")) == 1


def test_repetitive_long_pair_identical_under_any_hash_seed(tmp_path):
    # Many paragraphs share their rare words here, so candidate ties are common: before the ties
    # were broken by position, hash seeds 1 and 2 reported different moved passages on this pair.
    bench = shared_path("bench")
    files = []
    for side in ("old", "new"):
        with lzma.open(bench / f"big10c-{side}.txt.xz", "rt", encoding="utf-8") as f:
            text = f.read(PREFIX)
        p = tmp_path / f"{side}.txt"
        p.write_text(text, encoding="utf-8")
        files.append(p)
    assert len(_runs(*files)) == 1
