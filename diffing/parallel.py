"""Parallel: the two versions of a long comparison read at the same time, one by a forked child.

Reading a version (the release profiles it shows, its page furniture, paragraphs and keys,
heading candidates and headings) is most of the time a comparison of two long documents takes
before any section is paired, and the two versions are read alike, in steps that exchange only a
little evidence between them (the profile evidence, the furniture each one proved on its own, its
headings decided alone). On a machine with a second core a forked child (which shares the
parent's memory, so no input is copied) reads one version while the parent reads the other, step
for step, and sends back only its result. The result is the same as read in order: a job's result
does not depend on where it ran, and a child that fails for any reason (killed, out of memory, an
error) is not trusted: its job is then done again in the parent, where an error is raised as it
would be without a child.

Only the reading is shared. Two ways of sharing the word diffs were built, measured and left out.
A child forked after reading that diffed section pairs saved about 0.3 s of 4.5 s on big10c, but
doubled the peak memory: a forked CPython child copies every page whose objects it so much as
reads (reference counts are writes). A worker forked before anything was read, sent only the
blocks of differing paragraphs as plain tuples and sending its changes back so, saved 0.1-0.15 s
on big10c and 0.4 s on an edit-dense 10 MB pair, but its own 20 MB (the jobs, their tokens, and
the pages of the interpreter its code touched) came on top of the parent's largest size: the
peak of a 10 MB pair went from 175 to 189 MB, 9.6 times the input against a bar of 10.

Forking is only safe in a process with one thread, where fork is the platform's start method, and
only worth it for long documents (ParallelTuning); anywhere else the jobs run in order.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any


def available_cores(most: int) -> int:
    """The cores this process may run on, at most `most`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:            # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(most, cores))


def can_fork() -> bool:
    """A child can be forked safely: the platform forks, and no other thread could hold a lock."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def fork_pair(first: Callable[[int], tuple[Any, Any]], *steps: Callable[[int, Any, Any], Any], workers: int = 2,
              child: int = 0) -> tuple[Any, Any]:
    """Two jobs in lockstep, each step of each job taking the message the other job's step before
    sent (reading two versions, each one's page furniture proven with the other's as evidence):
    first(k) -> (state, message); every step but the last (k, state, other's message) ->
    (state, message); the last (k, state, other's message) -> job k's result. Returns the two
    results. With 2 `workers` job `child` runs in a forked child; only the messages and that job's
    result cross between the processes. (Give the child the lighter job: its result is then
    ready, waiting, when the parent has done its own.)"""
    if not steps:
        raise TypeError("fork_pair needs a step after the first")
    if workers < 2 or not can_fork():
        return _in_lockstep(first, steps, None)
    mine = 1 - child
    ctx = multiprocessing.get_context("fork")
    here, there = ctx.Pipe(duplex=True)
    process = ctx.Process(target=_pair_child, args=(first, steps, child, there, here), daemon=True)
    try:
        process.start()
    except (OSError, AssertionError):     # no process left, or a daemonic process (no children allowed)
        return _in_lockstep(first, steps, None)
    there.close()
    job = _Job(mine)
    results: dict[int, Any] = {}
    failed = False
    try:
        job.start(first)
        for n, step in enumerate(steps):
            got = _received(here)         # (message,), or None: the child failed before it could send it
            if got is None:
                break
            with contextlib.suppress(Exception):      # a child that died since: its job is redone below
                here.send(job.sent[n])
            job.advance(step, got[0], last=n == len(steps) - 1)
        if job.done:
            back = _received(here)
            if back is not None:
                results[child] = back[0]
    except Exception:                 # noqa: BLE001 -- raised again below, as in order
        failed = True
        process.terminate()           # it may wait for a message that will not come now
    except BaseException:
        process.terminate()
        raise
    finally:
        here.close()
        process.join()
    if failed:
        # this job failed: the jobs are run again in order, so that the error raised is the one
        # the comparison without a child raises (the old version's, when both would fail)
        return _in_lockstep(first, steps, None)
    if child in results and process.exitcode == 0:
        results[mine] = job.result
        return results[0], results[1]
    return _in_lockstep(first, steps, job)    # the child failed: its job is done here


class _Job:
    """How far one job of fork_pair has gone: its state, the messages it sent, its result."""

    def __init__(self, k: int) -> None:
        self.k, self.state, self.steps_done = k, None, 0
        self.sent: list[Any] = []
        self.result: Any = None
        self.done = False

    def start(self, first: Callable[[int], tuple[Any, Any]]) -> None:
        self.state, message = first(self.k)
        self.sent.append(message)

    def advance(self, step: Callable[[int, Any, Any], Any], received: Any, *, last: bool) -> None:
        if last:
            self.result, self.done = step(self.k, self.state, received), True
        else:
            self.state, message = step(self.k, self.state, received)
            self.sent.append(message)
        self.steps_done += 1


def _in_lockstep(first, steps, begun: _Job | None) -> tuple[Any, Any]:
    """Both jobs in this process, step by step; `begun`, a job that already went some steps."""
    jobs: dict[int, _Job] = {}
    for k in (0, 1):
        if begun is not None and begun.k == k:
            jobs[k] = begun
            continue
        jobs[k] = _Job(k)
        jobs[k].start(first)
    for n, step in enumerate(steps):
        for k in (0, 1):
            if jobs[k].steps_done == n:       # its step n takes the other's n-th message, sent by now
                jobs[k].advance(step, jobs[1 - k].sent[n], last=n == len(steps) - 1)
    return jobs[0].result, jobs[1].result


def _pair_child(first, steps, k: int, conn, parent_end) -> None:
    parent_end.close()                # or the pipe would never read as closed here
    job = _Job(k)
    try:
        job.start(first)
        for n, step in enumerate(steps):
            conn.send((job.sent[n],))
            job.advance(step, conn.recv(), last=n == len(steps) - 1)
        result = (job.result,)
    except BaseException:             # noqa: BLE001 -- the parent redoes this job and raises there
        result = None
    with contextlib.suppress(BaseException):
        conn.send(result)
    conn.close()
    os._exit(0)


def _received(receiver):
    try:
        return receiver.recv()
    except Exception:                 # noqa: BLE001 -- the child died before or while it sent
        return None
