"""`docdiff check` on an archive of pairs: the local engine, a 2-worker Dask cluster, the result cache.

    python bench/pairs_benchmark.py                 # 10,000 pairs of ~20 KB (the README's figures)
    python bench/pairs_benchmark.py --pairs 500     # a quick run
    python bench/pairs_benchmark.py --no-dask --no-wdiff

Generates, in a temporary folder, N pairs of ~20 KB documents: each newer version is the older one
with a few paragraphs redacted to DELETED, a few words edited and the access stamp added; most of
the text is unchanged, as between successive releases. Then it times, on the same pairs:

* `docdiff check` with the local engine (`--jobs` processes, default all cores);
* `docdiff check --engine dask` on a real local cluster: a `dask scheduler` process and `dask worker
  --nworkers 2 --nthreads 1` (a nanny and two worker processes) on 127.0.0.1, started here and
  stopped at the end (the cluster's start-up is not timed);
* `docdiff check --cache DIR` twice: the first run fills the cache, the second answers every pair
  from it;
* as a reference, a loop of GNU `wdiff -s` over the same pairs (where wdiff is installed).

Prints pairs per second for each, and checks that both engines reported the same findings.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import RARE, make_document  # the same generator as the diff benchmark
from check_benchmark import CONFIG  # the same rules as the 1,000-pair benchmark

STAMP = "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025)"


def build(root: Path, pairs: int, size: int) -> None:
    (root / "limite").mkdir(parents=True)
    (root / "public").mkdir()
    for k in range(pairs):
        rng = random.Random(k)
        full, public = [], [STAMP]
        for title, paras in make_document(size, rng):
            full.append(title)
            public.append(title)
            for p in paras:
                full.append("\n".join(textwrap.wrap(p, 76)))
                r = rng.random()
                if r < 0.03:
                    p = "DELETED"
                elif r < 0.05:
                    words = p.split(" ")
                    words[rng.randrange(len(words))] = rng.choice(RARE)
                    p = " ".join(words)
                public.append("\n".join(textwrap.wrap(p, 76)))
        (root / "limite" / f"{k:05d}.txt").write_text("\n\n".join(full) + "\n", encoding="utf-8")
        (root / "public" / f"{k:05d}.txt").write_text("\n\n".join(public) + "\n", encoding="utf-8")
    (root / ".docdiff.yml").write_text(CONFIG, encoding="utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return elapsed, r


class Cluster:
    """A scheduler and a worker process (--nworkers N) on 127.0.0.1, each in its own process group."""

    def __init__(self, folder: Path, workers: int):
        self.procs: list[subprocess.Popen] = []
        info = folder / "scheduler.json"
        self._start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                     str(info)], folder / "scheduler.log")
        deadline = time.monotonic() + 120
        while True:
            try:
                self.address = json.loads(info.read_text())["address"]
                break
            except (OSError, ValueError, KeyError):
                if time.monotonic() > deadline or self.procs[0].poll() is not None:
                    self.stop()
                    sys.exit(f"the scheduler did not start: {(folder / 'scheduler.log').read_text()}")
                time.sleep(0.2)
        self._start(["worker", self.address, "--host", "127.0.0.1", "--nworkers", str(workers), "--nthreads", "1",
                     "--no-dashboard"], folder / "worker.log")
        from distributed import Client
        with Client(self.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)

    def _start(self, args: list[str], log: Path) -> None:
        self.procs.append(subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log.open("wb"),
                                           stderr=subprocess.STDOUT, start_new_session=True))

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--size", type=int, default=20_000, help="bytes per document (default ~20 KB)")
    ap.add_argument("--jobs", type=int, default=0, help="local engine processes (0: all cores)")
    ap.add_argument("--dask-workers", type=int, default=2)
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask cluster run")
    ap.add_argument("--no-wdiff", action="store_true", help="skip the wdiff reference loop")
    ap.add_argument("--keep", action="store_true", help="keep the generated folder (printed)")
    args = ap.parse_args()
    docdiff = [sys.executable, "-m", "docdiff", "check", "--no-git", "--format", "json", "-q"]
    root = Path(tempfile.mkdtemp(prefix="docdiff-pairs-bench-"))
    cluster = None
    try:
        t = time.perf_counter()
        build(root, args.pairs, args.size)
        kb = sum(p.stat().st_size for p in (root / "public").iterdir()) / args.pairs / 1000
        print(f"{args.pairs} pairs of ~{kb:.0f} KB generated in {time.perf_counter() - t:.0f} s ({root})")
        rows = []
        local_time, _ = timed([*docdiff, "--jobs", str(args.jobs), "-o", "local.json"], root)
        rows.append((f"docdiff check, local engine (jobs={args.jobs or os.cpu_count()})", local_time))
        if not args.no_dask:
            cluster = Cluster(root, args.dask_workers)
            dask_time, _ = timed([*docdiff, "--engine", "dask", "--scheduler", cluster.address, "-o", "dask.json"],
                                 root)
            cluster.stop()
            cluster = None
            rows.append((f"docdiff check, Dask engine ({args.dask_workers} workers, 1 thread each)", dask_time))
            local, dask = (json.loads((root / f).read_text(encoding="utf-8")) for f in ("local.json", "dask.json"))
            assert local == dask, "the engines disagree"
        fill, _ = timed([*docdiff, "--jobs", str(args.jobs), "--cache", "cache", "-o", "cached.json"], root)
        rows.append(("docdiff check --cache, first run (fills the cache)", fill))
        rerun, _ = timed([*docdiff, "--jobs", str(args.jobs), "--cache", "cache", "-o", "cached.json"], root)
        summary = json.loads((root / "cached.json").read_text(encoding="utf-8"))["summary"]
        assert summary["cache"] == {"hits": args.pairs, "misses": 0}, summary
        rows.append(("docdiff check --cache, run again (every pair a hit)", rerun))
        if not args.no_wdiff and shutil.which("wdiff"):
            t = time.perf_counter()
            for k in range(args.pairs):
                subprocess.run(["wdiff", "-s", f"limite/{k:05d}.txt", f"public/{k:05d}.txt"], cwd=root,
                               stdout=subprocess.DEVNULL)
            rows.append(("wdiff -s loop, one process per pair (reference)", time.perf_counter() - t))
        report = json.loads((root / "local.json").read_text(encoding="utf-8"))["summary"]
        print(f"findings: {report['errors']} errors, {report['warnings']} warnings (the same on every run)")
        width = max(len(name) for name, _ in rows)
        for name, seconds in rows:
            print(f"{name:<{width}}  {seconds:8.1f} s  {args.pairs / seconds:8.0f} pairs/s")
    finally:
        if cluster is not None:
            cluster.stop()
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
