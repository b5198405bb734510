"""Engines: where `docdiff check` runs its comparisons, local worker processes or a Dask cluster.

An engine takes the pairs to compare (as PairTask records, pulled lazily so that an archive of
pairs is never all in memory) and yields `(index, PairResult)` as each comparison finishes, in
whatever order they finish; checks.check_pairs puts them back in the order of the pairs. Both
engines run the same function, checks.check_pair, so they report the same findings.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

from .checks import check_pair, lost_result
from .errors import DocdiffError, EngineError
from .model import CheckPair, Options, PairResult

CONNECT_TIMEOUT = 5.0      # seconds to reach the scheduler: an unreachable address fails fast, a busy one still answers
DASK_EXTRA = "pip install 'docdiff[dask]'"


@dataclass(frozen=True, slots=True)
class PairTask:
    """One comparison to run: the pair and, when the caller has read them, both versions' bytes
    (or the error reading one raised); None: the worker reads the files itself."""

    index: int
    pair: CheckPair
    old: bytes | DocdiffError | None = None
    new: bytes | DocdiffError | None = None


class Engine(Protocol):
    #: whether the engine needs the documents' bytes in the tasks (its workers may not see the files)
    ships_contents: bool

    def run(self, tasks: Iterable[PairTask], options: Options, *, total: int) -> Iterator[tuple[int, PairResult]]:
        """Compare every task's pair; yield (task.index, result) as each finishes. `total`: how
        many tasks there will be at most (some may be answered from a cache and never come)."""
        ...


def run_task(task: PairTask, options: Options) -> PairResult:
    """What a worker runs for one task (a module-level function, so workers import it by name)."""
    return check_pair(task.pair, options, task.old, task.new)


def run_tasks(tasks: list[PairTask], options: Options) -> list[tuple[int, PairResult]]:
    return [(t.index, run_task(t, options)) for t in tasks]


@dataclass(frozen=True, slots=True)
class LocalEngine:
    """Worker processes on this machine: one long-lived process per job (a fresh interpreter per
    pair would cost more than the comparison itself), pairs sent in chunks; jobs <= 1 (or too few
    pairs to be worth the start-up) compares in this process."""

    jobs: int = 1
    ships_contents = False

    def run(self, tasks: Iterable[PairTask], options: Options, *, total: int) -> Iterator[tuple[int, PairResult]]:
        if self.jobs <= 1 or total < 2 * self.jobs:
            for task in tasks:
                yield task.index, run_task(task, options)
            return
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        chunk = max(1, min(32, total // (self.jobs * 8)))
        pending: set = set()
        source = iter(tasks)
        with ProcessPoolExecutor(max_workers=self.jobs) as pool:
            def fill() -> None:
                while len(pending) < 4 * self.jobs and (batch := list(islice(source, chunk))):
                    pending.add(pool.submit(run_tasks, batch, options))
            fill()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending.discard(future)
                    yield from future.result()
                fill()


@dataclass(frozen=True, slots=True)
class DaskEngine:
    """A Dask cluster (dask.distributed) reached at a scheduler address: tasks of a few pairs each
    (up to BATCH_PAIRS, or BATCH_BYTES of text: a large pair is a task alone), submitted a window
    at a time and streamed back as they finish.

    Each task carries the pair's bytes, so the workers need docdiff (the same version) but neither
    the documents nor git. A task that raises is run again once (`retries=1`); a task whose worker
    dies is put back by the scheduler (up to its `distributed.scheduler.allowed-failures`), and when
    the scheduler gives up (KilledWorker) docdiff submits each of its pairs once more, as a task of its
    own; a pair lost on that try too is a worker-lost finding, and every other pair is still checked."""

    address: str
    connect_timeout: float = CONNECT_TIMEOUT
    ships_contents = True

    def run(self, tasks: Iterable[PairTask], options: Options, *, total: int) -> Iterator[tuple[int, PairResult]]:
        distributed = _import_distributed()
        client = self._connect(distributed)
        try:
            self._check_workers(client)
            yield from self._stream(client, distributed, iter(tasks), options)
        finally:
            client.close()

    def _connect(self, distributed: Any) -> Any:
        try:
            return distributed.Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise EngineError(f"--scheduler {self.address}", f"cannot reach the Dask scheduler ({_first_line(e)})"
                              ) from None

    def _check_workers(self, client: Any) -> None:
        """Workers already there must run this docdiff: another version reports other findings (and
        a result cache keyed by this version would store them). Workers that join later (an
        adaptive cluster) are not asked."""
        import importlib.metadata
        mine = importlib.metadata.version("docdiff")
        try:
            theirs = client.run(importlib.metadata.version, "docdiff")
        except importlib.metadata.PackageNotFoundError:
            raise EngineError(f"--scheduler {self.address}", f"docdiff is not installed on the Dask workers "
                                                             f"(install docdiff {mine} there)") from None
        other = sorted({v for v in theirs.values() if v != mine})
        if other:
            raise EngineError(f"--scheduler {self.address}", f"the Dask workers run docdiff {', '.join(other)}, "
                                                             f"this is {mine}: install the same version there")

    def _stream(self, client: Any, distributed: Any, source: Iterator[PairTask], options: Options
                ) -> Iterator[tuple[int, PairResult]]:
        from concurrent.futures import CancelledError

        from distributed.scheduler import KilledWorker
        run = uuid.uuid4().hex[:12]
        # with_results: each result is fetched on the client's event loop as soon as it is ready,
        # not one round trip at a time from this thread (which halved the pairs per second)
        done = distributed.as_completed(loop=client.loop, with_results=True, raise_errors=False)
        pending: dict[str, tuple[list[PairTask], int]] = {}
        batches = _batches(source)
        window = _window(client)
        since = 0

        def submit(batch: list[PairTask], attempt: int) -> None:
            # named for the dashboard and the tests: docdiff-pairs-FIRST-LAST-tryATTEMPT-RUN
            key = f"docdiff-pairs-{batch[0].index}-{batch[-1].index}-try{attempt}-{run}"
            future = client.submit(run_tasks, batch, options, key=key, retries=1, pure=False)
            pending[future.key] = (batch, attempt)
            done.add(future)

        def fill() -> None:
            while len(pending) < window and (batch := next(batches, None)) is not None:
                submit(batch, 0)

        fill()
        for future, outcome in done:
            batch, attempt = pending.pop(future.key)
            try:
                if future.status != "finished":     # erred or cancelled (the outcome is then not a result):
                    future.result()                 # raise it, with the worker's traceback
                results = outcome
            except KilledWorker as e:
                if attempt == 0:                    # once more, each pair on its own: one pair that kills
                    for task in batch:              # its worker takes no other pair down with it
                        submit([task], 1)
                    continue
                results = [(t.index, lost_result(t.pair, _lost(e))) for t in batch]
            except (CancelledError, OSError) as e:
                raise EngineError(f"--scheduler {self.address}", f"lost the Dask scheduler during the run "
                                                                 f"({_first_line(e) or type(e).__name__})") from None
            finally:
                future.release()
            yield from results
            since += 1
            if since >= window:        # workers come and go (an adaptive cluster): size the window again
                window, since = _window(client), 0
            fill()


BATCH_PAIRS = 16                 # pairs in one task at most...
BATCH_BYTES = 512 * 1024         # ...or this much of their text: ~0.1-0.5 s of work, as Dask likes its tasks


def _batches(source: Iterator[PairTask]) -> Iterator[list[PairTask]]:
    """Tasks grouped a few pairs at a time: one task a pair costs the scheduler (and, on a small
    machine, the CPU the pairs need) a few milliseconds each, as much as a 20 KB pair's comparison."""
    batch: list[PairTask] = []
    size = 0
    for task in source:
        batch.append(task)
        size += sum(len(side) for side in (task.old, task.new) if isinstance(side, bytes))
        if len(batch) >= BATCH_PAIRS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _window(client: Any) -> int:
    """Tasks in flight: enough to keep every worker thread busy with one more queued behind it, few
    enough that an archive's documents are not all held in memory at once."""
    threads: int = sum(client.nthreads().values())
    return max(8, 2 * threads)


def _lost(e: Exception) -> str:
    """What a worker-lost finding says: how many workers died running the pair, the last one's address."""
    tries = 2 * (getattr(e, "allowed_failures", 0) + 1)        # the scheduler's tries, and then docdiff's
    last = getattr(getattr(e, "last_worker", None), "address", None)
    return (f"not checked: the Dask worker running it died, {tries} times" + (f" (the last: {last})" if last else "")
            + "; too little memory on the workers?")


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError("--engine dask", f"dask.distributed is not installed ({DASK_EXTRA})") from None
    return distributed


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


ENGINES = ("local", "dask")


def make_engine(name: str, *, jobs: int = 1, scheduler: str | None = None) -> Engine:
    """The engine called `name` (--engine): local with `jobs` processes, or dask at `scheduler`."""
    if name == "local":
        return LocalEngine(jobs)
    if name == "dask":
        if not scheduler:
            raise EngineError("--engine dask", "name the scheduler with --scheduler ADDRESS (or set "
                                               "DASK_SCHEDULER_ADDRESS), e.g. tcp://10.0.0.5:8786")
        _import_distributed()           # say so before any pair is read
        return DaskEngine(scheduler)
    raise EngineError("--engine", f"unknown engine {name!r} (engines: {', '.join(ENGINES)})")
