"""`docdiff check --engine dask` against a real Dask cluster on this machine.

The cluster is what a user starts: a `dask scheduler` process and a `dask worker` process (a
nanny and its worker process) on 127.0.0.1, on free ports, run from this Python. docdiff runs as
a separate process too (`python -m docdiff check`), as in CI. A worker crash is a real one: the
test kills the worker process (SIGKILL) while it compares a pair, the nanny starts a new one, and
docdiff must still report exactly what the local engine reports.

The scheduler runs with `allowed-failures: 0` (a task on a worker that dies is failed at once with
KilledWorker, instead of the default 3 silent reschedules), so that docdiff's own one retry is
what is tested, and `worker-saturation: 1.0`, so that a worker holds only the task it runs and a
kill hits that pair alone.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NOTE, ROOT, SAMPLES, SMUGGLING

try:
    import distributed
except ImportError:          # CI installs the dask extra (.ci/run): there these tests never skip
    if os.environ.get("CI"):
        raise
    pytest.skip("dask.distributed is not installed (pip install '.[dask]'); CI installs it and runs these tests",
                allow_module_level=True)

sys.path.insert(0, str(ROOT / "bench"))
from benchmark import make_document  # the benchmarks' document generator

START_TIMEOUT = 90           # seconds for the scheduler and a worker to come up on a busy 2-core machine

FULL = NOTE.replace("remains essential.\n", "remains essential. LIMITE\n")

CONFIG = """\
pairs:
{extra}  - old: releases/2015.txt
    new: releases/2016.txt
    rules:
      inconsistent-redaction: {{same-policy: true}}
  - old: releases/ocr.txt
    new: releases/transcript.md
  - new: "public/*.txt"
    old: "limite/{{name}}"
chains:
  - versions: [releases/jfk-2017.txt, releases/jfk-2022.txt, releases/jfk-2023.txt]
rules:
  required-marking: {{forbid: ["LIMITE"]}}
  max-redacted-share: {{document: 0.3}}
  forbidden-terms: {{terms: ["eastern route"]}}
"""
BIG = "  - old: big/old.txt\n    new: big/new.txt\n"      # pairs[0]: the pair a worker dies on


def _repo(root: Path, *, big: bool) -> Path:
    """Sample, release and small made-up pairs with findings of several rules (and, with `big`, a
    ~1 MB pair first, long enough to compare that a worker can be killed in the middle of it)."""
    for d in ("limite", "public", "releases", "big"):
        (root / d).mkdir(parents=True)
    shutil.copy(SAMPLES / "8700-25-limite.txt", root / "limite" / "8700-25.txt")
    shutil.copy(SAMPLES / "8700-25-public.txt", root / "public" / "8700-25.txt")
    for name in ("state-email/2015.txt", "state-email/2016.txt", "doj-renditions/ocr.txt",
                 "doj-renditions/transcript.md"):
        shutil.copy(ROOT / "tests" / "releases" / name, root / "releases" / Path(name).name)
    for year in ("2017", "2022", "2023"):        # a chain: releases of one record, each consecutive pair checked
        shutil.copy(ROOT / "tests" / "releases" / "jfk-series" / f"{year}.txt", root / "releases" / f"jfk-{year}.txt")
    variants = {
        "clean": FULL.replace(SMUGGLING, "DELETED"),
        "leak": FULL.replace(SMUGGLING, "DELETED") + "\nAnnex: smuggling networks moved to the eastern route after "
                                                     "the new controls entered into force.\n",
        "unmarked": FULL.replace(SMUGGLING + "\n", ""),
        "term": FULL,
        "edited": FULL.replace("spring", "summer").replace("essential", "vital"),
    }
    for name, public in variants.items():
        (root / "limite" / f"{name}.txt").write_text(FULL, encoding="utf-8")
        (root / "public" / f"{name}.txt").write_text(public, encoding="utf-8")
    if big:
        rng = random.Random(7)
        old, new = [], []
        for title, paras in make_document(1_000_000, rng):
            old += [title, *paras]
            new += [title, *("DELETED" if rng.random() < 0.05 else p for p in paras)]
        (root / "big" / "old.txt").write_text("\n\n".join(old) + "\n", encoding="utf-8")
        (root / "big" / "new.txt").write_text("\n\n".join(new) + "\n", encoding="utf-8")
    (root / ".docdiff.yml").write_text(CONFIG.format(extra=BIG if big else ""), encoding="utf-8")
    return root


def _check(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docdiff", "check", "--no-git", *args], cwd=repo,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)


def _start(args: list[str], log: Path, env: dict) -> subprocess.Popen:
    # its own process group, so that teardown ends the nanny and its worker process together
    return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def _cluster(folder: Path):
    """(address, client, scheduler process): a scheduler and one single-threaded worker (with its
    nanny) on 127.0.0.1, and a client of the test's own to watch them."""
    info = folder / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0",
           "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0"}
    scheduler = _start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--scheduler-file", str(info)], folder / "scheduler.log", env)
    worker = None
    client = None
    try:
        deadline = time.monotonic() + START_TIMEOUT
        address = None
        while address is None:
            assert scheduler.poll() is None, (folder / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start"
            try:
                address = json.loads(info.read_text())["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        worker = _start(["worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                         "--no-dashboard", "--memory-limit", "0"], folder / "worker.log", env)
        client = distributed.Client(address, timeout=START_TIMEOUT, set_as_default=False)
        client.wait_for_workers(1, timeout=START_TIMEOUT)
        yield address, client, scheduler
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                _stop(proc)
        if client is not None:
            client.close(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with _cluster(tmp_path_factory.mktemp("dask-cluster")) as (address, client, _):
        yield address, client


def _worker_pid(client) -> int | None:
    """The process id of the one worker process (after a kill: its successor's, once it has joined)."""
    pids = [v for v in client.run(os.getpid, on_error="return").values() if isinstance(v, int)]
    return pids[0] if pids else None


def _run_killing(repo: Path, address: str, client, attempts: tuple[int, ...]) -> tuple[subprocess.CompletedProcess,
                                                                                       list[str], list[int]]:
    """Run the check on the cluster and kill the worker process while it runs pairs[0] (the big pair,
    a task of its own: it is larger than a batch) on each of these attempts (0: the first try, 1:
    docdiff's retry). Returns the run, the task keys seen running and the killed process ids."""
    proc = subprocess.Popen([sys.executable, "-m", "docdiff", "check", "--no-git", "--engine", "dask",
                             "--scheduler", address], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    seen: list[str] = []
    killed: list[int] = []
    todo = list(attempts)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        for worker, keys in client.processing().items():
            seen += [k for k in keys if k not in seen]
            if todo and any(k.startswith(f"docdiff-pairs-0-0-try{todo[0]}-") for k in keys):
                (pid,) = client.run(os.getpid, workers=[worker]).values()
                os.kill(pid, signal.SIGKILL)          # the worker process, under the nanny the fixture started
                killed.append(pid)
                todo.pop(0)
        time.sleep(0.02)
    out, err = proc.communicate(timeout=60)
    assert not todo, f"pairs[0] was never seen running on attempts {todo} (seen: {seen})"
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), seen, killed


def test_the_dask_engine_reports_what_the_local_engine_reports(tmp_path, cluster):
    address, _ = cluster
    repo = _repo(tmp_path, big=False)
    for fmt in ("text", "json"):
        local = _check(repo, "--format", fmt, "--jobs", "2")
        dask = _check(repo, "--format", fmt, "--engine", "dask", "--scheduler", address)
        assert local.returncode == 1, local.stderr           # error findings, every pair read
        assert (dask.returncode, dask.stdout, dask.stderr) == (local.returncode, local.stdout, local.stderr)
    report = json.loads(local.stdout)
    assert report["summary"]["pairs"] == 10         # 8 pairs and a chain of three releases
    assert {f["rule"] for f in report["findings"]} >= {"redaction-leak", "unmarked-removal", "forbidden-terms",
                                                       "required-marking", "inconsistent-redaction"}
    # jsonl streams each pair as it finishes (any order); the same lines, the summary last
    local = _check(repo, "--format", "jsonl", "--jobs", "2")
    dask = _check(repo, "--format", "jsonl", "--engine", "dask", "--scheduler", address)
    assert dask.returncode == local.returncode == 1
    *dask_lines, dask_summary = dask.stdout.splitlines()
    *local_lines, local_summary = local.stdout.splitlines()
    assert sorted(dask_lines) == sorted(local_lines) and dask_summary == local_summary
    # the cache is kept where docdiff runs: a second run on the cluster sends it nothing
    first = _check(repo, "--format", "json", "--engine", "dask", "--scheduler", address, "--cache", "cache")
    again = _check(repo, "--format", "json", "--engine", "dask", "--scheduler", address, "--cache", "cache")
    assert [json.loads(r.stdout)["summary"]["cache"] for r in (first, again)] == [{"hits": 0, "misses": 10},
                                                                               {"hits": 10, "misses": 0}]
    assert json.loads(again.stdout)["findings"] == report["findings"]


def test_a_scheduler_that_cannot_be_reached_is_one_line_and_exit_2(tmp_path):
    repo = _repo(tmp_path, big=False)
    with socket.socket() as s:           # a free port with nothing listening on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    r = _check(repo, "--engine", "dask", env={"DASK_SCHEDULER_ADDRESS": f"tcp://127.0.0.1:{port}"})
    assert time.monotonic() - start < 60                   # a short connect timeout, not dask's default
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == (f"docdiff: --scheduler tcp://127.0.0.1:{port}: cannot reach the Dask scheduler (Timed out "
                        f"trying to connect to tcp://127.0.0.1:{port} after 5 s)\n")


def test_a_worker_killed_during_a_pair_is_retried_and_the_findings_are_the_same(tmp_path, cluster):
    address, client = cluster
    repo = _repo(tmp_path, big=True)
    local = _check(repo, "--jobs", "2")
    r, seen, killed = _run_killing(repo, address, client, attempts=(0,))
    assert any(k.startswith("docdiff-pairs-0-0-try1-") for k in seen), seen     # docdiff ran it again...
    assert _worker_pid(client) not in killed                                  # ...on the nanny's new worker
    assert (r.returncode, r.stdout, r.stderr) == (local.returncode, local.stdout, local.stderr)
    assert local.returncode == 1 and "big/new.txt" in local.stdout


def test_a_pair_whose_worker_dies_on_every_try_is_a_finding_and_the_rest_complete(tmp_path, cluster):
    address, client = cluster
    repo = _repo(tmp_path, big=True)
    local = _check(repo, "--jobs", "2")
    r, _, killed = _run_killing(repo, address, client, attempts=(0, 1))
    assert len(killed) == 2
    assert r.returncode == 2                                # trouble: one pair was not checked
    lost, *rest = r.stdout.splitlines()[:-1]
    assert lost.startswith("big/new.txt:1: [error] not checked: the Dask worker running it died, 2 times (the "
                           "last: tcp://127.0.0.1:")      # allowed-failures 0: once for the scheduler, once for docdiff
    assert lost.endswith("); too little memory on the workers? (worker-lost)")
    assert rest == [line for line in local.stdout.splitlines()[:-1] if not line.startswith("big/new.txt:")]
    assert r.stderr.splitlines()[-1].startswith("docdiff check: 1 document pair could not be checked: not checked: "
                                                "the Dask worker running it died, 2 times")
    assert "Traceback" not in r.stderr


def test_a_scheduler_lost_during_the_run_is_one_line_and_exit_2(tmp_path):
    repo = _repo(tmp_path / "repo", big=True)
    (tmp_path / "cluster").mkdir()
    with _cluster(tmp_path / "cluster") as (address, client, scheduler):
        proc = subprocess.Popen([sys.executable, "-m", "docdiff", "check", "--no-git", "--engine", "dask",
                                 "--scheduler", address], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        deadline = time.monotonic() + 120
        while not any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(scheduler.pid, signal.SIGKILL)        # the scheduler the fixture started, mid-run
        out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out) == (2, "")
    assert err.startswith(f"docdiff: --scheduler {address}: lost the Dask scheduler during the run (")
    assert len(err.splitlines()) == 1, err               # not dask's log of its reconnection attempts
