"""Parallel: the two versions of a long comparison read at the same time, one by a forked child.

Reading a version (its page furniture, paragraphs and keys, heading candidates) is most of the
time a comparison of two long documents takes before any section is paired, and the two versions
are read alike, exchanging only a little evidence halfway (the furniture each one proved on its
own). On a machine with a second core a forked child (which shares the parent's memory, so no
input is copied) reads the old version while the parent reads the new one, and sends back only
its result. The result is the same as read in order: a job's result does not depend on where it
ran, and a child that fails for any reason (killed, out of memory, an error) is not trusted: its
job is then done again in the parent, where an error is raised as it would be without a child.

Only the reading is shared. Diffing the section pairs in a child was measured too (big10c: about
0.3 s of 4.5 s saved) and left out: a forked CPython child copies every page whose objects it so
much as reads (reference counts are writes), which doubled the peak memory of the comparison.

Forking is only safe in a process with one thread, where fork is the platform's start method, and
only worth it for long documents (ParallelTuning); anywhere else the jobs run in order.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import TypeVar, cast

R = TypeVar("R")
S = TypeVar("S")
M = TypeVar("M")


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


def fork_pair(first: Callable[[int], tuple[S, M]], then: Callable[[int, S, M], R], *, workers: int = 2,
              child: int = 0) -> tuple[R, R]:
    """(then(0, s0, m1), then(1, s1, m0)) where (s_k, m_k) = first(k): two jobs in two steps, each
    job's second step taking the message the other's first step sent (reading two versions, each
    one's page furniture proven with the other's as evidence). With 2 `workers` job `child` runs in
    a forked child; only the messages and that job's result cross between the processes. (Give the
    child the lighter job: its result is then ready, waiting, when the parent has done its own.)"""
    if workers < 2 or not can_fork():
        return _pair_in_order(first, then)
    mine = 1 - child
    ctx = multiprocessing.get_context("fork")
    here, there = ctx.Pipe(duplex=True)
    process = ctx.Process(target=_pair_child, args=(first, then, child, there), daemon=True)
    try:
        process.start()
    except (OSError, AssertionError):     # no process left, or a daemonic process (no children allowed)
        return _pair_in_order(first, then)
    there.close()
    results: dict[int, R] = {}
    try:
        s_mine, m_mine = first(mine)
        sent = _received(here)            # (message,), or None: the child failed before it could send it
        if sent is not None:
            with contextlib.suppress(Exception):      # a child that died since: its job is redone below
                here.send(m_mine)
            results[mine] = then(mine, s_mine, sent[0])
            back = _received(here)
            if back is not None:
                results[child] = cast(R, back[0])
    finally:
        here.close()
        process.join()
    if child not in results or process.exitcode != 0:
        s_child, m_child = first(child)              # the child failed: its job is done here
        results[child] = then(child, s_child, m_mine)
        if mine not in results:
            results[mine] = then(mine, s_mine, m_child)
    return results[0], results[1]


def _pair_in_order(first: Callable[[int], tuple[S, M]], then: Callable[[int, S, M], R]) -> tuple[R, R]:
    (s0, m0), (s1, m1) = first(0), first(1)
    return then(0, s0, m1), then(1, s1, m0)


def _pair_child(first, then, k: int, conn) -> None:
    try:
        state, message = first(k)
        conn.send((message,))
        result = (then(k, state, conn.recv()),)
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
