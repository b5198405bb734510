"""Never worse than a flat word diff (issue 7): on each corpus pair of bench/flatdiff.py the share
of words docdiff reports as changed stays within "a few points" (flatdiff.SLACK) of GNU wdiff's on
the same pair, on both sides. One pair is a known limitation, named in the README with its
reason: LGPL-2.1 -> LGPL-3's new side, held at the excess measured when it was written down so
that it can only shrink."""
import importlib.util
import os
import shutil

import pytest

from conftest import ROOT, shared_path

_spec = importlib.util.spec_from_file_location("flatdiff", ROOT / "bench" / "flatdiff.py")
flatdiff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(flatdiff)

NEEDS_WDIFF = pytest.mark.skipif(shutil.which("wdiff") is None and not os.environ.get("CI"),
                                 reason="GNU wdiff not installed here (apt-get install wdiff); .ci/run installs it")
# README, Known limitations, "Rewritten texts": (side, excess over wdiff measured, December 2026)
KNOWN = {("licence-version-pairs/lgpl/v1.txt", "new"): 0.062}


@NEEDS_WDIFF
@pytest.mark.parametrize("old, new", flatdiff.PAIRS, ids=[f"{a}->{b.rsplit('/', 1)[-1]}" for a, b in flatdiff.PAIRS])
def test_docdiff_reports_no_more_as_changed_than_a_flat_word_diff(old, new):
    d_old, w_old, d_new, w_new = flatdiff.compare_pair(shared_path("corpus", old), shared_path("corpus", new))
    for side, ours, theirs in (("old", d_old, w_old), ("new", d_new, w_new)):
        allowed = KNOWN.get((old, side), flatdiff.SLACK) + 0.001    # the figures are rounded to 0.1 point
        assert ours - theirs <= allowed, f"{side} side: docdiff {ours:.1%} against wdiff {theirs:.1%}"
