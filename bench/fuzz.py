"""Deep fuzzing: the property tests of tests/ run for hours, with many random seeds and many more
examples than CI runs, shrinking on. For a maintainer's machine, not for CI (CI runs the same
properties derandomized, see tests/conftest.py).

    python bench/fuzz.py --hours 4                 # every property test, until the time is up
    python bench/fuzz.py --minutes 10 --scale 20 -k rewrap

Each round is one pytest run under the "deep" hypothesis profile with a fresh seed and
DOCDIFF_FUZZ_SCALE examples per test times the CI count. A failing round's seed and pytest output
(with hypothesis's shrunk example and its @reproduce_failure blob) are written to the log folder;
rerun one with `--seed N`. Exit code 1 when any round failed, 0 otherwise.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERTY_TESTS = ["tests/test_properties.py", "tests/test_sequence.py"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    span = ap.add_mutually_exclusive_group()
    span.add_argument("--hours", type=float)
    span.add_argument("--minutes", type=float)
    ap.add_argument("--scale", type=int, default=50, help="examples per test, times the CI count (default 50)")
    ap.add_argument("--seed", type=int, help="run this one seed only (to reproduce a logged failure)")
    ap.add_argument("-k", dest="select", help="pytest -k expression: only these property tests")
    ap.add_argument("--log", type=Path, default=ROOT / "fuzz-log", help="folder for failing rounds")
    args = ap.parse_args()
    budget = 3600 * (args.hours or 0) + 60 * (args.minutes or 0) or 3600.0
    env = dict(os.environ, DOCDIFF_HYPOTHESIS_PROFILE="deep", DOCDIFF_FUZZ_SCALE=str(args.scale))
    rng = random.Random()
    deadline = time.monotonic() + budget
    rounds = failed = 0
    while rounds == 0 or (args.seed is None and time.monotonic() < deadline):
        seed = args.seed if args.seed is not None else rng.randrange(2**32)
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}",
               *PROPERTY_TESTS] + (["-k", args.select] if args.select else [])
        started = time.monotonic()
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        rounds += 1
        verdict = "ok" if r.returncode == 0 else "FAILED"
        print(f"round {rounds}: seed {seed}: {verdict} in {time.monotonic() - started:.0f} s", flush=True)
        if r.returncode != 0:
            failed += 1
            args.log.mkdir(parents=True, exist_ok=True)
            (args.log / f"seed-{seed}.txt").write_text(f"$ {' '.join(cmd)}\n\n{r.stdout}\n{r.stderr}", encoding="utf-8")
            print(f"  log: {args.log / f'seed-{seed}.txt'}", flush=True)
    print(f"{rounds} rounds, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
