"""Parallel: two jobs shared with a forked child give the results of the jobs run in order,
whatever happens to the child; a comparison with two workers is byte-for-byte the comparison with
one."""
import os

import pytest
from click.testing import CliRunner

import docdiff.diffing.compare as compare
from conftest import ROOT, shared_path
from docdiff.cli.main import docdiff
from docdiff.diffing import compare_files
from docdiff.diffing.conventions.tuning import ParallelTuning
from docdiff.diffing.parallel import can_fork, fork_pair
from docdiff.diffing.serialize import diff_to_json

needs_fork = pytest.mark.skipif(not can_fork(), reason="this platform cannot fork a child safely")
PARENT = os.getpid()


def in_child() -> bool:
    return os.getpid() != PARENT


def exchange_first(k):
    return f"state{k}", f"message{k}"


def exchange_then(k, state, message):
    return state, message, in_child()


@needs_fork
@pytest.mark.parametrize("child", [0, 1])
def test_fork_pair_exchanges_messages(child):
    r0, r1 = fork_pair(exchange_first, exchange_then, workers=2, child=child)
    assert r0 == ("state0", "message1", child == 0)    # each job with the other's message, one in the child
    assert r1 == ("state1", "message0", child == 1)
    assert fork_pair(exchange_first, exchange_then, workers=1) == (("state0", "message1", False),
                                                                  ("state1", "message0", False))


@needs_fork
@pytest.mark.parametrize("child", [0, 1])
def test_fork_pair_error_raised_in_parent_is_the_one_of_the_jobs_in_order(child):
    """Both jobs fail: the error raised is job 0's, as without a child, wherever job 0 ran."""
    def first(k):
        raise ValueError(f"bad {k}")
    with pytest.raises(ValueError, match="bad 0"):
        fork_pair(first, exchange_then, workers=2, child=child)


@needs_fork
def test_an_error_in_the_parents_own_step_while_the_child_waits_is_raised_not_hung():
    """The parent's job fails after the child sent its first message and waits for the parent's
    next one: the error comes out, and no child is left waiting (this hung before)."""
    def then(k, state, message):
        if not in_child():
            raise ValueError("the parent's own step failed")
        return state, message
    with pytest.raises(ValueError, match="parent's own step"):
        fork_pair(chain_first, then, chain_step(2), chain_last, workers=2, child=1)


@needs_fork
@pytest.mark.parametrize("step", ["first", "then"])
def test_fork_pair_child_failure_redone(step):
    def first(k):
        if step == "first" and in_child():
            os._exit(3)
        return exchange_first(k)

    def then(k, state, message):
        if step == "then" and in_child():
            raise MemoryError("out of memory in the child")
        return exchange_then(k, state, message)
    assert fork_pair(first, then, workers=2) == (("state0", "message1", False), ("state1", "message0", False))


def chain_first(k):
    return [f"first{k}"], f"m0-{k}"


def chain_step(n):
    def step(k, state, message):
        return state + [message], f"m{n}-{k}"
    return step


def chain_last(k, state, message):
    return state + [message], in_child()


CHAIN = (chain_first, chain_step(1), chain_step(2), chain_last)
IN_ORDER = ((["first0", "m0-1", "m1-1", "m2-1"], False), (["first1", "m0-0", "m1-0", "m2-0"], False))


@needs_fork
@pytest.mark.parametrize("child", [0, 1])
def test_fork_pair_runs_many_steps_in_lockstep(child):
    """Every step takes the other job's message of the step before, wherever the job runs."""
    r0, r1 = fork_pair(*CHAIN, workers=2, child=child)
    assert (r0[0], r1[0]) == (IN_ORDER[0][0], IN_ORDER[1][0]) and (r0[1], r1[1]) == (child == 0, child == 1)
    assert fork_pair(*CHAIN, workers=1) == IN_ORDER


@needs_fork
@pytest.mark.parametrize("fails_at", [0, 1, 2, 3])
def test_fork_pair_child_failing_at_any_step_is_redone_in_lockstep(fails_at):
    """The parent's job goes on from where it stopped; the child's is done again from the start."""
    def failing(n, step):
        def run(k, *args):
            if n == fails_at and in_child():
                if n % 2:
                    os._exit(3)                  # killed
                raise MemoryError("out of memory in the child")
            return step(k, *args)
        return run
    steps = [failing(n, step) for n, step in enumerate(CHAIN)]
    assert fork_pair(*steps, workers=2) == IN_ORDER


PAIRS = {
    "8700-25": lambda: (ROOT / "samples/8700-25-limite.txt", ROOT / "samples/8700-25-public.txt"),
    "gpl-2-3": lambda: (shared_path("corpus/licence-version-pairs/gpl/v1.txt"),
                        shared_path("corpus/licence-version-pairs/gpl/v2.txt")),
    "tos-md": lambda: (shared_path("corpus/github-terms-of-service-series/v00.md"),
                       shared_path("corpus/github-terms-of-service-series/v07.md")),
    "weblinking": lambda: (shared_path("corpus/ietf-web-linking-txt-series/v11.txt"),
                           shared_path("corpus/ietf-web-linking-txt-series/v21.txt")),
}


@needs_fork
@pytest.mark.parametrize("name", PAIRS)
def test_two_workers_same_diff(name, monkeypatch):
    old, new = PAIRS[name]()
    one = diff_to_json(compare_files(str(old), str(new)))
    monkeypatch.setattr(compare, "PARALLEL", ParallelTuning(read_min_chars=0))
    assert diff_to_json(compare_files(str(old), str(new), workers=2)) == one
    assert diff_to_json(compare_files(str(new), str(old), workers=2)) == diff_to_json(compare_files(str(new), str(old)))


def test_cli_jobs_option():
    args = ["samples/8700-25-limite.txt", "samples/8700-25-public.txt", "--format", "json"]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        one, two, bad = (CliRunner().invoke(docdiff, args + extra) for extra in (["--jobs", "1"], ["--jobs", "2"],
                                                                                  ["--jobs", "3"]))
    finally:
        os.chdir(cwd)
    assert one.exit_code == two.exit_code == 1 and one.output == two.output
    assert bad.exit_code == 2 and "--jobs" in bad.output
