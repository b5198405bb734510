"""Hostile file names: every output shows them on one line, inert, in that format's own escaping."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from docdiff.cli.main import docdiff

NAMES = ["::warning::x.txt", "two\nlines.txt", "a%0Ab,c:d.txt", "\x1b[31mred\x1b[0m.txt", "with space.txt",
         "\u00fcn\u00efc\u00f8d\u00e9-\u202eevil.txt", "##[add-mask]x.txt"]
RAW = ("\x1b", "\u202e", "\r")          # never sent raw to a log or a terminal


@pytest.fixture
def named(tmp_path, monkeypatch):
    """The review's reproduction: pairs whose new version has a hostile name, each one finding."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.txt").write_text("1. A\n\nx\n", encoding="utf-8")
    for name in NAMES:
        (tmp_path / name).write_text("1. A\n\ny\n", encoding="utf-8")
    pairs = "".join(f"  - old: old.txt\n    new: {json.dumps(name)}\n" for name in NAMES)
    (tmp_path / ".docdiff.yml").write_text("rules:\n  only-redactions: {}\npairs:\n" + pairs, encoding="utf-8")
    return tmp_path


def check(*args, env=None):
    return CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", "1", *args], env=env or {})


def test_text_format_gives_one_line_per_finding_and_no_workflow_command(named):
    r = check()
    assert r.exit_code == 1, r.output
    lines = r.stdout.splitlines()
    assert len(lines) == len(NAMES) + 1 and lines[-1].startswith("docdiff check: 7 errors")
    assert [line.split(":3: [error]")[0] for line in lines[:-1]] == [
        "./::warning::x.txt", "two\\nlines.txt", "a%0Ab,c:d.txt", "\\x1b[31mred\\x1b[0m.txt", "with space.txt",
        "\u00fcn\u00efc\u00f8d\u00e9-\\u202eevil.txt", "#\\x23[add-mask]x.txt"]
    assert not any(line.lstrip().startswith("::") or "##[" in line for line in lines)
    assert not any(c in r.stdout for c in RAW)


def test_github_format_escapes_file_properties(named):
    summary = named / "summary.md"
    r = check("--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = r.stdout.splitlines()
    assert len(lines) == len(NAMES) + 1 and all(line.startswith("::error file=") for line in lines[:-1])
    assert [line.split(",line=")[0].removeprefix("::error file=") for line in lines[:-1]] == [
        "%3A%3Awarning%3A%3Ax.txt", "two%0Alines.txt", "a%250Ab%2Cc%3Ad.txt", "\\x1b[31mred\\x1b[0m.txt",
        "with space.txt", "\u00fcn\u00efc\u00f8d\u00e9-\\u202eevil.txt", "##[add-mask]x.txt"]
    assert not any(c in r.stdout for c in RAW)
    table = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| ")][1:]
    assert len(table) == len(NAMES) and not any(c in "".join(table) for c in RAW)
    assert table[1].startswith("| two\\\\nlines.txt | 3 | error |")      # renders as two\nlines.txt


def test_sarif_uris_are_percent_encoded_relative_references(named):
    sarif = json.loads(check("--format", "sarif").stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]]
    assert uris[:5] == ["%3A%3Awarning%3A%3Ax.txt", "two%0Alines.txt", "a%250Ab%2Cc%3Ad.txt",
                        "%1B%5B31mred%1B%5B0m.txt", "with%20space.txt"]
    assert [unquote(u) for u in uris] == NAMES
    assert all(set(u) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/%") for u in uris)


def test_junit_and_json_keep_the_exact_names(named):
    root = ET.fromstring(check("--format", "junit").stdout.encode("utf-8"))
    files = [s.find("testcase").get("file") for s in root.findall("testsuite")]
    # XML 1.0 cannot hold ESC: only that character is shown as an escape
    assert files == [n.replace("\x1b", "\\x1b") for n in NAMES]
    found = json.loads(check("--format", "json").stdout)["findings"]
    assert [f["path"] for f in found] == NAMES


def test_html_report_shows_control_characters_in_names(named):
    r = CliRunner().invoke(docdiff, ["old.txt", NAMES[3], "--format", "html"])
    assert r.exit_code == 1 and "\x1b" not in r.stdout
    assert "<h1>old.txt \u2192 \\x1b[31mred\\x1b[0m.txt</h1>" in r.stdout


@pytest.mark.parametrize("name, shown", [
    ("x\nSECOND LINE.txt", "x\\nSECOND LINE.txt"),
    ("t\x1b]0;title\x07.txt", "t\\x1b]0;title\\x07.txt"),
    ("r\rdocdiff: fine.txt", "r\\rdocdiff: fine.txt"),
    ("##[add-mask]x.txt", "#\\x23[add-mask]x.txt"),
], ids=["newline", "osc", "carriage-return", "legacy-command"])
def test_error_messages_stay_one_inert_line(tmp_path, name, shown):
    os.chdir(tmp_path)
    (tmp_path / "old.txt").write_text("x\n", encoding="utf-8")
    r = CliRunner().invoke(docdiff, [name, "old.txt"])
    assert r.exit_code == 2
    assert r.stderr == f"docdiff: {shown}: no such file\n"


def test_a_name_that_is_not_utf8_is_valid_utf8_json(tmp_path):
    """A name the file system holds as bytes that are not UTF-8 reaches JSON as its \\u escape:
    the output is UTF-8 and reads back as the name Python has for the file."""
    (tmp_path / "old.txt").write_text("1. A\n\nx\n", encoding="utf-8")
    bad = os.path.join(os.fsencode(tmp_path), b"new\xff.txt")
    with open(bad, "wb") as f:
        f.write(b"1. A\n\ny\n")
    r = subprocess.run([sys.executable, "-m", "docdiff", os.fsencode(tmp_path / "old.txt"), bad, "--format", "json"],
                       capture_output=True)
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout.decode("utf-8"))["new"]["path"] == os.fsdecode(bad)
