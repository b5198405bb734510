"""Golden samples: real pairs with reviewed expected output (JSON and plain terminal).

Regenerate after an intended change with `DOCDIFF_REGEN=1 pytest tests/test_golden.py`, then review
the diff of samples/expected/ like code.
"""
import json
import os

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from docdiff.cli.main import docdiff

CASES = {
    "8700-25": ("samples/8700-25-limite.txt", "samples/8700-25-public.txt"),
    "gfdl": ("samples/gfdl/gfdl-1.2.txt", "samples/gfdl/gfdl-1.3.txt"),
    "8700-25-pdf": ("samples/formats/8700-25-limite.pdf", "samples/formats/8700-25-public.pdf"),
    # the public version as released with a black box in place of every DELETED
    "8700-25-pdf-boxes": ("samples/formats/8700-25-limite.pdf", "samples/formats/8700-25-public-boxes.pdf"),
    "8700-25-docx": ("samples/formats/8700-25-limite.docx", "samples/formats/8700-25-public.docx"),
}
REGEN = os.environ.get("DOCDIFF_REGEN") == "1"
SCHEMA = json.loads((ROOT / "diffing" / "docdiff.schema.json").read_text(encoding="utf-8"))


def run(args):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(docdiff, args, env={"COLUMNS": "100", "NO_COLOR": None, "FORCE_COLOR": None})
    finally:
        os.chdir(cwd)


def check(name: str, actual: str):
    path = SAMPLES / "expected" / name
    if REGEN:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; DOCDIFF_REGEN=1 rewrites it"


@pytest.mark.parametrize("case", CASES)
def test_golden_json(case):
    r = run([*CASES[case], "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    check(f"{case}.json", r.stdout)


@pytest.mark.parametrize("case", CASES)
def test_golden_terminal(case):
    r = run([*CASES[case], "--color", "never"])
    assert r.exit_code == 1
    check(f"{case}.txt", r.stdout)


def test_every_span_is_the_slice_of_its_text():
    from docdiff.diffing.extract import read_document
    for old, new in CASES.values():
        data = json.loads(run([old, new, "--format", "json"]).stdout)
        texts = {"old": read_document(str(ROOT / old)).text, "new": read_document(str(ROOT / new)).text}
        for sec in data["sections"]:
            for ch in sec["changes"]:
                for side in ("old", "new"):
                    sp = ch[side]
                    if sp:
                        assert texts[side][sp["start"]:sp["end"]] == sp["text"]


def test_limite_pair_reads_as_redactions_plus_the_access_stamp():
    data = json.loads(run([*CASES["8700-25"], "--format", "json"]).stdout)
    kinds = [c["kind"] for s in data["sections"] for c in s["changes"]]
    public = (SAMPLES / "8700-25-public.txt").read_text(encoding="utf-8")
    assert kinds.count("redacted") == public.count("DELETED")
    assert [c["new"]["text"] for s in data["sections"] for c in s["changes"] if c["kind"] == "added"] == [
        "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025)"]
    assert data["summary"]["sections"]["added"] == data["summary"]["sections"]["removed"] == 0


def test_limite_stand_in_is_rebuilt_exactly_by_its_script():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_limite", SAMPLES / "make_limite.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    public = (SAMPLES / "8700-25-public.txt").read_text(encoding="utf-8")
    assert mod.build(public) == (SAMPLES / "8700-25-limite.txt").read_text(encoding="utf-8")
