"""Nothing hidden: a one-word or one-digit change to any content line is reported.

The corpus documents are read in place (skipped where ../shared is absent); `bench/mutation.py`
runs the same check over every line and prints the figures.
"""
import sys

import pytest

from conftest import ROOT, shared_path
from docdiff.diffing import compare_texts

sys.path.insert(0, str(ROOT / "bench"))
import mutation


@pytest.mark.parametrize("document", mutation.DOCUMENTS)
def test_every_sampled_content_line_change_is_reported(document):
    path = shared_path("corpus", *document.split("/"))
    tried, _good, misses = mutation.check(path, every=11)
    assert tried > 0 and misses == []


LAW = """## \u00a7 3 Zuschlag

(1) Der Zuschlag betr\u00e4gt bis zu
55
vom Hundert des Grundbetrags.

(2) Er wird monatlich gezahlt.
"""


@pytest.mark.parametrize("old, new", [
    (LAW, LAW.replace("\n55\n", "\n85\n")),
    ("Rates\n\nZone 1          55 vom Hundert          10 Euro\nZone 2          55 vom Hundert          20 Euro\n"
     "Zone 3          55 vom Hundert          30 Euro\n",
     "Rates\n\nZone 1          55 vom Hundert          10 Euro\nZone 2          85 vom Hundert          20 Euro\n"
     "Zone 3          55 vom Hundert          30 Euro\n"),
    ("Committee\n\nThe members are:\n\nIT\n\nEN\n\nLIMITE\n", "Committee\n\nThe members are:\n\nIT\n\nFR\n\nLIMITE\n"),
], ids=["wrapped-number", "table-row", "codes"])
def test_number_and_code_lines_are_content(old, new):
    d = compare_texts(old, new)
    assert d.differs and [c.kind.value for c in d.changes] == ["modified"]
