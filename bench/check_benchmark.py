"""`docdiff check` on a repository of document pairs, against a plain per-pair word diff.

    python bench/check_benchmark.py                 # 1,000 pairs of ~20 KB, all cores
    python bench/check_benchmark.py --pairs 200 --jobs 1

Builds a scratch git repository with limite/NNNN.txt and public/NNNN.txt (public = limite with
~5% of paragraphs redacted to DELETED and the access stamp added), a .docdiff.yml naming them as a
pattern pair with several rules, then times `docdiff check` and, as the reference measured in the
same run, a loop of `git diff --no-index --word-diff` over the same pairs (what a CI script without
docdiff would run). Prints wall times and the ratio.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import make_document  # the same generator as the diff benchmark

CONFIG = """\
pairs:
  - new: "public/*.txt"
    old: "limite/{name}"
rules:
  only-redactions: {}
  redaction-leak: {}
  max-redacted-share: {section: 0.5}
  required-marking: {require: ["DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC"], forbid: ["LIMITE"]}
"""


def build(root: Path, pairs: int, size: int) -> None:
    (root / "limite").mkdir(parents=True)
    (root / "public").mkdir()
    for k in range(pairs):
        rng = random.Random(k)
        doc = make_document(size, rng)
        full, public = [], ["DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025)"]
        for title, paras in doc:
            full.append(title)
            public.append(title)
            for p in paras:
                full.append("\n".join(textwrap.wrap(p, 76)))
                public.append("DELETED" if rng.random() < 0.05 else "\n".join(textwrap.wrap(p, 76)))
        (root / "limite" / f"{k:04d}.txt").write_text("\n\n".join(full) + "\n", encoding="utf-8")
        (root / "public" / f"{k:04d}.txt").write_text("\n\n".join(public) + "\n", encoding="utf-8")
    (root / ".docdiff.yml").write_text(CONFIG, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--size", type=int, default=20_000, help="bytes per document")
    ap.add_argument("--jobs", type=int, default=0, help="docdiff --jobs (0: all cores)")
    args = ap.parse_args()
    docdiff = shutil.which("docdiff") or sys.exit("docdiff is not on PATH (pip install .)")
    root = Path(tempfile.mkdtemp(prefix="docdiff-check-bench-"))
    try:
        build(root, args.pairs, args.size)
        t = time.perf_counter()
        r = subprocess.run([docdiff, "check", "--jobs", str(args.jobs)], cwd=root, capture_output=True, text=True)
        ours = time.perf_counter() - t
        if r.returncode not in (0, 1):
            sys.exit(r.stderr)
        t = time.perf_counter()
        for k in range(args.pairs):
            subprocess.run(["git", "diff", "--no-index", "--word-diff=porcelain", f"limite/{k:04d}.txt",
                            f"public/{k:04d}.txt"], cwd=root, stdout=subprocess.DEVNULL)
        ref = time.perf_counter() - t
        print(f"{args.pairs} pairs of ~{args.size // 1000} KB")
        print(f"docdiff check (jobs={args.jobs or 'all'}): {ours:.1f} s "
              f"({args.pairs / ours:.0f} pairs/s); last line: {r.stdout.strip().splitlines()[-1]}")
        print(f"git diff --word-diff loop (reference): {ref:.1f} s; ratio docdiff/git = {ours / ref:.2f}x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
