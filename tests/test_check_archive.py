"""`docdiff check` at archive scale: JSON Lines output and the result cache (--cache DIR)."""
from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import NOTE as FULL
from conftest import SMUGGLING
from docdiff.cli.main import docdiff
from docdiff.diffing import compare

PUBLIC = {
    "a": FULL.replace(SMUGGLING, "DELETED"),
    "b": FULL.replace(SMUGGLING + "\n", ""),                                   # unmarked removal
    "c": FULL.replace(SMUGGLING, "DELETED") + "\nAnnex: Smuggling networks moved to the eastern route after the "
                                              "new controls entered into force in March.\n",   # leak
    "d": FULL.replace("spring", "summer"),
}
CONFIG = """\
pairs:
  - new: "public/first/*.txt"
    old: "limite/{name}"
  - new: "public/second/*.txt"
    old: "limite/{name}"
    rules:
      forbidden-terms: {terms: ["%s"]}
rules:
  only-redactions: {}
"""


def _public(name: str) -> str:
    return f"public/{'first' if name in 'ab' else 'second'}/{name}.txt"


@pytest.fixture
def archive(tmp_path, monkeypatch):
    for folder in ("limite", "public/first", "public/second"):
        (tmp_path / folder).mkdir(parents=True)
    for name, public in PUBLIC.items():
        (tmp_path / "limite" / f"{name}.txt").write_text(FULL, encoding="utf-8")
        (tmp_path / _public(name)).write_text(public, encoding="utf-8")
    (tmp_path / ".docdiff.yml").write_text(CONFIG % "eastern route", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def compared(monkeypatch) -> list[str]:
    """The new version of every pair actually compared (check_pair calls compare_documents once a
    pair): an independent count of what the cache saved, not the cache's own counters."""
    seen: list[str] = []
    real = compare.compare_documents

    def counting(old, new, *args, **kwargs):
        seen.append(new.path)
        return real(old, new, *args, **kwargs)
    monkeypatch.setattr(compare, "compare_documents", counting)
    return seen


def check(*args):
    return CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", "1", *args])


def _schema(name: str):
    import jsonschema
    schema = json.loads((importlib.resources.files("docdiff.diffing") / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_jsonl_is_a_finding_line_per_finding_then_the_pair_then_a_summary(archive):
    r = check("--format", "jsonl")
    assert r.exit_code == 1
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    validator = _schema("docdiff-check-line.schema.json")
    for line in lines:
        validator.validate(line)
    assert [x["type"] for x in lines].count("pair") == 4 and lines[-1]["type"] == "summary"
    report = json.loads(check("--format", "json").stdout)
    findings = [{k: v for k, v in x.items() if k not in ("type", "old", "new")}
                for x in lines if x["type"] == "finding"]
    assert findings == report["findings"]                    # --jobs 1: the pairs in order
    assert [{k: v for k, v in x.items() if k != "type"} for x in lines if x["type"] == "pair"] == report["pairs"]
    assert lines[-1] == {"type": "summary", "schema_version": 1, **report["summary"]}
    for x in lines:
        if x["type"] == "finding":          # each finding names its pair
            assert x["new"] == x["path"] and x["old"] == x["old_path"]


def test_jsonl_lines_stay_lines_whatever_the_names_hold(archive):
    odd = "e\u2028\u2029\x85.txt"               # LS, PS and NEL: str.splitlines() breaks at each
    (archive / "limite" / odd).write_text(FULL, encoding="utf-8")
    (archive / "public" / "second" / odd).write_text(PUBLIC["b"], encoding="utf-8")
    r = check("--format", "jsonl")
    lines = r.stdout.splitlines()
    assert len(lines) == len(r.stdout.split("\n")) - 1
    assert any(json.loads(line).get("path") == f"public/second/{odd}" for line in lines)
    assert "\\u2028\\u2029\\u0085" in r.stdout


def test_jsonl_with_output_writes_the_whole_stream_to_the_file(archive):
    r = check("--format", "jsonl", "-o", "out.jsonl", "-q")
    assert r.exit_code == 1 and r.stdout == ""
    lines = (archive / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(check("--format", "jsonl").stdout.splitlines())


def _cache_line(stderr: str) -> str:
    (line,) = [x for x in stderr.splitlines() if x.startswith("docdiff check: cache ")]
    return line


def test_a_second_run_answers_every_pair_from_the_cache(archive, compared):
    first = check("--cache", "cache")
    assert first.exit_code == 1
    assert _cache_line(first.stderr) == "docdiff check: cache cache: 0 hits, 4 misses (pairs compared)"
    assert sorted(compared) == ["public/first/a.txt", "public/first/b.txt", "public/second/c.txt",
                                "public/second/d.txt"]
    compared.clear()
    second = check("--cache", "cache")
    assert compared == []                                      # nothing compared again
    assert _cache_line(second.stderr) == "docdiff check: cache cache: 4 hits, 0 misses (pairs compared)"
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)     # the same report
    report = json.loads(check("--format", "json", "--cache", "cache").stdout)
    _schema("docdiff-check.schema.json").validate(report)
    assert report["summary"].pop("cache") == {"hits": 4, "misses": 0}
    assert report == json.loads(check("--format", "json").stdout)
    assert not list((archive / "cache").rglob(".tmp-*"))       # written through temporary files, all renamed


def test_changing_one_input_compares_only_that_pair_again(archive, compared):
    check("--cache", "cache")
    (archive / _public("a")).write_text(PUBLIC["a"].replace("spring", "autumn"), encoding="utf-8")
    compared.clear()
    r = check("--cache", "cache")
    assert compared == ["public/first/a.txt"]
    assert _cache_line(r.stderr) == "docdiff check: cache cache: 3 hits, 1 miss (pairs compared)"
    assert "public/first/a.txt:4: [error] modified" in r.stdout          # the new finding, not the stored result


def test_changing_one_rule_option_compares_only_the_pairs_it_applies_to(archive, compared):
    check("--cache", "cache")
    (archive / ".docdiff.yml").write_text(CONFIG % "partner countries", encoding="utf-8")
    compared.clear()
    r = check("--cache", "cache")
    assert sorted(compared) == ["public/second/c.txt", "public/second/d.txt"]         # the pairs[1] pairs only
    assert _cache_line(r.stderr) == "docdiff check: cache cache: 2 hits, 2 misses (pairs compared)"
    assert "forbidden term \u201cpartner countries\u201d" in r.stdout
    compared.clear()
    check("--cache", "cache", "--disable", "only-redactions")     # rules on the command line count too
    assert len(compared) == 4


def test_a_corrupt_entry_is_ignored_and_computed_again(archive, compared):
    first = check("--cache", "cache")
    entries = sorted((archive / "cache").rglob("*.json"))
    assert len(entries) == 4
    entries[0].write_text(entries[0].read_text(encoding="utf-8")[:40], encoding="utf-8")      # cut short
    entries[1].write_text(json.dumps({"layout": 1, "key": "another"}), encoding="utf-8")       # not its entry
    compared.clear()
    r = check("--cache", "cache")
    assert len(compared) == 2 and r.stdout == first.stdout
    assert _cache_line(r.stderr).endswith("2 hits, 2 misses (pairs compared)")
    compared.clear()
    assert _cache_line(check("--cache", "cache").stderr).endswith("4 hits, 0 misses (pairs compared)")


def test_a_pair_that_cannot_be_read_is_never_stored(archive, compared):
    (archive / _public("b")).write_bytes(b"\x00\x01binary\x00" * 50)
    for _ in range(2):
        r = check("--cache", "cache")
        assert r.exit_code == 2
        assert _cache_line(r.stderr).endswith("3 hits, 1 miss (pairs compared)") or \
            _cache_line(r.stderr).endswith("0 hits, 4 misses (pairs compared)")
    assert len(list((archive / "cache").rglob("*.json"))) == 3


def test_a_cache_folder_that_cannot_be_made_is_one_line_and_exit_2(archive):
    Path("file").write_text("x", encoding="utf-8")
    r = check("--cache", "file/cache")
    assert r.exit_code == 2
    assert r.stderr.startswith("docdiff: --cache file/cache: cannot use it as the result cache (")


def test_the_line_schema_names_every_rule():
    from docdiff.diffing.checks import INPUT_ERROR, RULES, WORKER_LOST
    finding = _schema("docdiff-check-line.schema.json").schema["oneOf"][0]
    assert finding["properties"]["rule"]["enum"] == [*RULES, INPUT_ERROR, WORKER_LOST]
