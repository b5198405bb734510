"""git integration driven by real git commands: REV:path inputs, the external diff driver, textconv."""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from docdiff.cli.main import docdiff

V1 = textwrap.dedent("""\
    1. Scope

    The Council reviewed the situation at the external borders and the
    Member States reported an increase in crossings during the spring.

    2. Assessment

    Smuggling networks moved to the eastern route in March.
    """)
V2 = V1.replace("Smuggling networks moved to the eastern route in March.", "DELETED")
REFLOWED = V1.replace("external borders and the\nMember States", "external\nborders and the Member States")


def git(repo, *args, env=None):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "Test")
    (tmp_path / "note.txt").write_text(V1, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "v1")
    (tmp_path / "note.txt").write_text(V2, encoding="utf-8")
    git(tmp_path, "commit", "-qam", "v2")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def exe():
    beside = Path(sys.executable).parent / "docdiff"
    found = str(beside) if beside.exists() else shutil.which("docdiff")
    if not found:
        pytest.skip("the docdiff console script is not installed in this environment")
    return found


def test_rev_path_inputs(repo):
    r = CliRunner().invoke(docdiff, ["HEAD~1:note.txt", "note.txt", "--color", "never"])
    assert r.exit_code == 1
    assert "docdiff HEAD~1:note.txt -> note.txt" in r.stdout
    assert "[-Smuggling networks moved to the eastern route in March.-]{+DELETED+}" in r.stdout
    r = CliRunner().invoke(docdiff, ["HEAD~1:note.txt", "HEAD:note.txt", "--format", "json"])
    assert r.exit_code == 1 and '"kind": "redacted"' in r.stdout
    r = CliRunner().invoke(docdiff, ["HEAD~1:missing.txt", "note.txt"])
    assert r.exit_code == 2 and r.stderr == "docdiff: HEAD~1:missing.txt: no such file at revision HEAD~1\n"


@pytest.fixture
def subfolder(tmp_path, monkeypatch):
    """A repository whose document lives in sub/, with the current folder sub/ (as a user in it)."""
    (tmp_path / "sub").mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "Test")
    (tmp_path / "sub" / "note.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "top.txt").write_text(V1, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "v1")
    (tmp_path / "sub" / "note.txt").write_text(V2, encoding="utf-8")
    git(tmp_path, "commit", "-qam", "v2")
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path / "sub"


@pytest.mark.parametrize("old, new", [
    ("HEAD~1:sub/note.txt", "note.txt"),                 # from the repository root, as git reads it
    ("HEAD~1:./note.txt", "note.txt"),                   # ./ : from the current folder
    ("HEAD~1:../sub/note.txt", "HEAD:./note.txt"),
    ("HEAD~1:../top.txt", "HEAD:sub/note.txt"),
], ids=["root-relative", "dot-slash", "dot-dot", "both-revisions"])
def test_rev_path_from_a_subfolder_reads_paths_as_git_does(subfolder, old, new):
    r = CliRunner().invoke(docdiff, [old, new, "--color", "never"])
    assert r.exit_code == 1, r.output
    assert f"docdiff {old} -> {new}" in r.stdout
    assert "[-Smuggling networks moved to the eastern route in March.-]{+DELETED+}" in r.stdout


@pytest.mark.parametrize("spec", ["HEAD~1:sub/note.txt", "HEAD~1:./note.txt", "HEAD:../sub/note.txt", "HEAD:top.txt"])
def test_rev_path_reads_the_same_file_as_git_show(subfolder, spec):
    shown = git(subfolder, "show", spec).stdout
    r = CliRunner().invoke(docdiff, ["extract", spec])
    assert (r.exit_code, r.stdout) == (0, shown)


def test_a_cwd_relative_rev_path_without_dot_slash_says_how_to_name_it(subfolder):
    assert subprocess.run(["git", "show", "HEAD~1:note.txt"], cwd=subfolder, capture_output=True).returncode != 0
    r = CliRunner().invoke(docdiff, ["HEAD~1:note.txt", "note.txt"])
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == ("docdiff: HEAD~1:note.txt: no such file at revision HEAD~1 (the path in REV:path is from "
                        "the repository root, as in git; did you mean HEAD~1:./note.txt?)\n")
    r = CliRunner().invoke(docdiff, ["HEAD~1:./missing.txt", "note.txt"])
    assert r.exit_code == 2 and r.stderr == "docdiff: HEAD~1:./missing.txt: no such file at revision HEAD~1\n"


def test_external_diff_driver_through_git_diff(repo, exe):
    out = git(repo, "diff", "HEAD~1", "HEAD", env={"GIT_EXTERNAL_DIFF": f"{exe} git-diff --color never"})
    assert "docdiff a/note.txt -> b/note.txt" in out.stdout
    assert "[-Smuggling networks moved to the eastern route in March.-]{+DELETED+}" in out.stdout
    assert "redacted" in out.stdout


def test_diff_driver_by_gitattributes_and_reflow_is_no_change(repo, exe):
    git(repo, "config", "diff.docdiff.command", f"{exe} git-diff --color never")
    (repo / ".gitattributes").write_text("*.txt diff=docdiff\n", encoding="utf-8")
    (repo / "note.txt").write_text(REFLOWED, encoding="utf-8")
    out = git(repo, "diff", "HEAD~1")     # v1 against the reflowed working tree: layout only
    assert "changes: no content changes" in out.stdout
    assert "similarity 100.0%" in out.stdout


def test_driver_exits_0_on_unreadable_input_so_git_goes_on(repo, exe):
    (repo / "blob.txt").write_bytes(b"\x00\x01" * 50)
    git(repo, "add", "blob.txt")
    out = subprocess.run(["git", "diff", "--cached"], cwd=repo, capture_output=True, text=True,
                         env={**os.environ, "GIT_EXTERNAL_DIFF": f"{exe} git-diff"})
    assert out.returncode == 0
    assert "binary" in out.stderr


def test_driver_with_wrong_argument_count_says_so_and_exits_0():
    r = CliRunner().invoke(docdiff, ["git-diff", "a", "b"])
    assert r.exit_code == 0 and "expected the 7 or 9 arguments" in r.stderr


def test_textconv_hides_layout_from_git(repo, exe):
    git(repo, "config", "diff.docdiff.textconv", f"{exe} textconv")
    (repo / ".gitattributes").write_text("*.txt diff=docdiff\n", encoding="utf-8")
    (repo / "note.txt").write_text(REFLOWED, encoding="utf-8")
    assert git(repo, "diff", "HEAD~1", "--", "note.txt").stdout == ""
    r = CliRunner().invoke(docdiff, ["textconv", "note.txt"])
    assert r.stdout.splitlines()[2] == ("The Council reviewed the situation at the external borders and the Member "
                                        "States reported an increase in crossings during the spring.")


def test_pre_commit_hook_definition_runs_docdiff_check():
    import yaml
    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "docdiff-check" and hooks[0]["entry"] == "docdiff check"
    assert hooks[0]["pass_filenames"] is False


def test_external_diff_driver_takes_the_nine_argument_rename_call(repo, exe):
    git(repo, "mv", "note.txt", "renamed.txt")
    (repo / "renamed.txt").write_text(V2.replace("spring", "summer"), encoding="utf-8")
    git(repo, "add", "-A")
    out = git(repo, "diff", "-M50%", "--cached", env={"GIT_EXTERNAL_DIFF": f"{exe} git-diff --color never"})
    assert "docdiff a/note.txt -> b/renamed.txt" in out.stdout
    assert "[-spring-]{+summer+}" in out.stdout


def _long_pair(d: Path) -> tuple[Path, Path]:
    """Two versions whose report is far longer than a pipe's buffer (64 KB), so that a reader that
    stops early really closes the pipe under the writer."""
    paras = [f"{k}. Part {k}\n\nThe text of part {k} says something long enough to matter to its reader."
             for k in range(1, 800)]
    old, new = d / "long-old.txt", d / "long-new.txt"
    old.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    new.write_text("\n\n".join(p.replace("says", "states") for p in paras) + "\n", encoding="utf-8")
    return old, new


def _read_a_little_then_close(cmd, cwd, env=None) -> tuple[int, str]:
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    first = proc.stdout.read(200)
    proc.stdout.close()                  # as `| head` does
    err = proc.stderr.read().decode("utf-8", "replace")
    assert first.startswith(b"docdiff ")
    return proc.wait(timeout=120), err


def test_driver_exits_0_quietly_when_the_reader_stops_early(tmp_path, exe):
    old, new = _long_pair(tmp_path)
    code, err = _read_a_little_then_close(
        [exe, "git-diff", "--color", "never", "long.txt", str(old), "0" * 40, "100644", str(new), "1" * 40, "100644"],
        tmp_path)
    assert (code, err) == (0, "")


def test_git_goes_on_when_the_reader_of_the_driver_stops_early(repo, exe):
    old, new = _long_pair(repo)
    (repo / "long.txt").write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "long.txt")
    git(repo, "commit", "-qm", "long v1")
    (repo / "long.txt").write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    _, err = _read_a_little_then_close(["git", "diff", "--", "long.txt"], repo,
                                          {"GIT_EXTERNAL_DIFF": f"{exe} git-diff --color never"})
    assert "external diff died" not in err and "Traceback" not in err and "BrokenPipe" not in err, err


def test_terminal_output_to_a_reader_that_stops_early_is_trouble_without_a_traceback(tmp_path, exe):
    old, new = _long_pair(tmp_path)
    code, err = _read_a_little_then_close([exe, str(old), str(new), "--color", "never"], tmp_path)
    assert (code, err) == (2, "")


def test_git_log_uses_the_driver_only_with_ext_diff(repo, exe):
    """The README's `git log -p --ext-diff`: without the flag git log prints its own line diff."""
    git(repo, "config", "diff.docdiff.command", f"{exe} git-diff --color never")
    (repo / ".gitattributes").write_text("*.txt diff=docdiff\n", encoding="utf-8")
    plain = git(repo, "log", "-p", "-1", "--format=%s").stdout
    assert "docdiff a/note.txt -> b/note.txt" not in plain and "-Smuggling networks" in plain
    ext = git(repo, "log", "-p", "-1", "--ext-diff", "--format=%s").stdout
    assert "docdiff a/note.txt -> b/note.txt" in ext
    assert "[-Smuggling networks moved to the eastern route in March.-]{+DELETED+}" in ext
