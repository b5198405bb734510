"""`docdiff OLD NEW` through click's CliRunner: exit codes, stdout, stderr, files."""
import json
import os
import re

import pytest
from click.testing import CliRunner

from docdiff.cli.main import docdiff

OLD = "1. Scope\n\nThe Council reviewed the borders. Member States reported more crossings.\n"
NEW = "1. Scope\n\nThe Council reviewed the borders. DELETED\n"


@pytest.fixture
def files(tmp_path):
    o, n = tmp_path / "old.txt", tmp_path / "new.txt"
    o.write_text(OLD, encoding="utf-8")
    n.write_text(NEW, encoding="utf-8")
    return tmp_path, str(o), str(n)


def run(*args, env=None):
    return CliRunner().invoke(docdiff, list(args), env=env or {})


def test_differences_exit_1_and_render_marks_without_colour(files):
    _, o, n = files
    r = run(o, n, "--color", "never")
    assert r.exit_code == 1
    assert "[-Member States reported more crossings.-]{+DELETED+}" in r.output
    assert "redacted" in r.output and "\x1b[" not in r.output


def test_same_document_exits_0(files):
    _, o, _ = files
    r = run(o, o, "--color", "never")
    assert r.exit_code == 0
    assert "no content changes" in r.output


def test_layout_only_difference_exits_0(files):
    d, o, _ = files
    wrapped = d / "wrapped.txt"
    wrapped.write_text("1.  Scope\n\nThe Council reviewed the\nborders. Member States\nreported more crossings.\n"
                       "- 1 -\n", encoding="utf-8")
    assert run(o, str(wrapped)).exit_code == 0


def test_json_to_stdout(files):
    _, o, n = files
    r = run(o, n, "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["schema_version"] == 1
    assert data["summary"]["changes"]["redacted"] == 1
    change = data["sections"][0]["changes"][0]
    assert change["kind"] == "redacted" and change["marker"] == "DELETED"
    assert OLD[change["old"]["start"]:change["old"]["end"]] == change["old"]["text"]


@pytest.mark.parametrize("args, message", [
    (["missing.txt", "{n}"], "docdiff: missing.txt: no such file\n"),
    (["{o}", "{n}", "--only", "bogus"], "docdiff: Invalid value for '--only': unknown kind 'bogus' (choose from "
                                        "added, removed, modified, redacted, revealed, repealed) "
                                        "(see 'docdiff --help')\n"),
    (["{o}"], "docdiff: Missing argument 'NEW'. (see 'docdiff --help')\n"),
], ids=["missing-file", "bad-kind", "missing-arg"])
def test_trouble_exits_2_with_one_line(files, args, message):
    d, o, n = files
    os.chdir(d)
    r = run(*[a.format(o=o, n=n) for a in args])
    assert r.exit_code == 2
    assert r.stderr == message
    assert r.stdout == ""


def test_binary_input_exits_2(files):
    d, o, _ = files
    b = d / "x.bin"
    b.write_bytes(b"\x00\x01\x02" * 100)
    r = run(o, str(b))
    assert r.exit_code == 2 and "binary" in r.stderr and "Traceback" not in r.stderr


def test_bad_config_names_the_key(files):
    d, o, n = files
    cfg = d / "conf.yml"
    cfg.write_text("markerz: ['FOO']\n", encoding="utf-8")
    r = run(o, n, "--config", str(cfg))
    assert r.exit_code == 2
    assert r.stderr == f"docdiff: {cfg}: markerz: unknown key (did you mean 'markers'?)\n"


def test_config_file_adds_markers_and_is_found_in_cwd(files):
    d, o, _ = files
    n2 = d / "new2.txt"
    n2.write_text(OLD.replace("Member States reported more crossings.", "<<WITHHELD>>"), encoding="utf-8")
    (d / ".docdiff.yml").write_text("markers:\n  - '<<WITHHELD>>'\n", encoding="utf-8")
    os.chdir(d)
    data = json.loads(run(o, str(n2), "--format", "json").stdout)
    assert [c["kind"] for s in data["sections"] for c in s["changes"]] == ["redacted"]


def test_duplicate_config_key_is_an_error(files):
    d, o, n = files
    cfg = d / "c.yml"
    cfg.write_text("strict: true\nstrict: false\n", encoding="utf-8")
    r = run(o, n, "--config", str(cfg))
    assert r.exit_code == 2 and "duplicate key 'strict'" in r.stderr


def test_output_file_is_written_atomically_and_inputs_are_protected(files):
    d, o, n = files
    out = d / "diff.json"
    r = run(o, n, "--format", "json", "-o", str(out))
    assert r.exit_code == 1 and r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 1
    assert [p.name for p in d.iterdir() if p.name.startswith(".diff.json")] == []
    r = run(o, n, "-o", o)
    assert r.exit_code == 2 and "refusing to overwrite an input" in r.stderr
    with open(o, encoding="utf-8") as f:
        assert f.read() == OLD


def test_filters(files):
    d, o, _ = files
    n2 = d / "n2.txt"
    n2.write_text("1. Scope\n\nThe Council examined the borders. DELETED\n", encoding="utf-8")
    data = json.loads(run(o, str(n2), "--format", "json", "--only", "modified").stdout)
    assert [c["kind"] for s in data["sections"] for c in s["changes"]] == ["modified"]
    r = run(o, str(n2), "--section", "nothing-like-this", "--color", "never")
    assert r.exit_code == 2 and "--section 'nothing-like-this' matches no section heading" in r.output
    assert run(o, str(n2), "--section", "nothing-like-this", "--allow-empty").exit_code == 0
    assert run(o, str(n2), "--section", "SCOPE", "--color", "never").exit_code == 1      # case ignored
    r = run(o, str(n2), "--summary", "--color", "never")
    assert "== [changed]" not in r.output and "Scope" in r.output


def test_document_text_is_literal_and_control_characters_visible(files):
    d, o, _ = files
    evil = d / "evil.txt"
    evil.write_text("1. Scope\n\nThe Council [bold]reviewed[/bold] :warning: the borders \x1b[31mred\x1b[0m. "
                    "Member States reported more crossings.\n", encoding="utf-8")
    plain = run(o, str(evil), "--color", "never")
    assert "{+[bold]+}" in plain.output and "[/bold] :warning:" in plain.output
    assert "\\x1b[31mred\\x1b[0m" in plain.output and "\x1b" not in plain.output
    coloured = run(o, str(evil), "--color", "always")
    assert "\\x1b[31mred" in coloured.output and "\x1b[31mred" not in coloured.output


def sgr_codes(out: str) -> set[int]:
    """The SGR parameters used in out: 1 bold, 9 strike-through, 30-48 and 90-107 colours."""
    return {int(p) for params in re.findall(r"\x1b\[([0-9;]*)m", out) for p in params.split(";") if p}


def has_colour(out: str) -> bool:
    return any(30 <= c <= 48 or 90 <= c <= 107 for c in sgr_codes(out))


@pytest.mark.parametrize("args, env, coloured", [
    (["--color", "always"], {}, True),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    (["--color", "always"], {"NO_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"CLICOLOR_FORCE": "1"}, True),
    ([], {"CLICOLOR_FORCE": "0"}, False),
    ([], {"CLICOLOR_FORCE": "1", "CLICOLOR": "0"}, True),
    ([], {"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, False),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--color", "never"], {"CLICOLOR_FORCE": "1"}, False),
    ([], {}, False),
], ids=["always", "never-beats-force-color", "always-beats-no-color", "force-color", "clicolor-force",
        "clicolor-force-0", "clicolor-force-beats-clicolor-0", "no-color-beats-clicolor-force",
        "no-color-beats-force-color", "never-beats-clicolor-force", "piped"])
def test_colour_switches(files, args, env, coloured):
    _, o, n = files
    r = run(o, n, *args, env={"NO_COLOR": None, "FORCE_COLOR": None, "CLICOLOR": None, "CLICOLOR_FORCE": None,
                              **env})
    assert r.exit_code == 1
    assert has_colour(r.output) is coloured
    assert "[-Member States reported more crossings.-]" in re.sub(r"\x1b\[[0-9;]*m", "", r.output)


@pytest.mark.parametrize("env, coloured", [
    ({}, True),
    ({"CLICOLOR": "1"}, True),
    ({"CLICOLOR": "0"}, False),
    ({"NO_COLOR": "1"}, False),
], ids=["terminal", "clicolor-1", "clicolor-0", "no-color"])
def test_colour_on_a_real_terminal(files, env, coloured):
    """On a terminal (a pty), CLICOLOR=0 and NO_COLOR drop the colours but keep bold and strike-through."""
    import pty
    import subprocess
    import sys
    _, o, n = files
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE")}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "docdiff", o, n, "--no-pager"], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.PIPE,
                            env={**base, "TERM": "xterm-256color", "COLUMNS": "120", **env})
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:          # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 1, proc.stderr.read()
    out = b"".join(chunks).decode("utf-8")
    assert has_colour(out) is coloured
    assert {1, 9} <= sgr_codes(out)        # bold and strike-through stay either way


def test_top_level_help_lists_the_commands():
    r = run("--help")
    assert r.exit_code == 0
    assert "docdiff OLD NEW" in r.output and "docdiff check" in r.output


def test_help_documents_exit_codes():
    r = run("diff", "--help")
    assert r.exit_code == 0
    assert "0  no content differences" in r.output and "3  internal error" in r.output


def test_extract_structure_explains_each_heading_decision():
    from click.testing import CliRunner

    from conftest import SAMPLES
    from docdiff.cli.main import docdiff
    r = CliRunner().invoke(docdiff, ["extract", str(SAMPLES / "8700-25-public.txt"), "--structure",
                                     "--against", str(SAMPLES / "8700-25-limite.txt")])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    poland = next(ln for ln in lines if "Migration in Poland" in ln)
    assert poland.startswith("heading") and "a body follows" in poland
    fragment = next(ln for ln in lines if "The EU faces significant" in ln)
    assert fragment.startswith("body") and "a sentence right after a heading" in fragment
    assert any(ln.startswith("furniture") and "JAI.1" in ln for ln in lines)


def test_an_only_filter_that_hides_every_difference_fails_closed(files):
    _, o, n = files                        # the pair differs by one redaction
    r = run(o, n, "--only", "removed")
    assert r.exit_code == 2 and "leaves none of the differences (1 redacted)" in r.output
    assert run(o, n, "--only", "removed", "--allow-empty").exit_code == 0
    assert run(o, n, "--only", "redacted,removed", "--color", "never").exit_code == 1
    assert run(o, o, "--only", "removed").exit_code == 0          # nothing to hide: no differences at all


def test_output_replaces_only_regular_files_that_are_not_read(files):
    d, o, n = files
    fifo = d / "fifo"
    os.mkfifo(fifo)
    (d / "dir").mkdir()
    os.symlink(fifo, d / "link-to-fifo")
    for target in (fifo, d / "link-to-fifo"):
        r = run(o, n, "--format", "json", "-o", str(target))
        assert r.exit_code == 2 and "is a FIFO; -o replaces only regular files" in r.output, (target, r.output)
    r = run(o, n, "--format", "json", "-o", str(d / "dir"))
    assert r.exit_code == 2 and "is a directory" in r.output
    assert fifo.is_fifo() and (d / "link-to-fifo").is_symlink()
    ro = d / "ro.json"
    ro.write_text("keep", encoding="utf-8")
    ro.chmod(0o444)
    if not os.access(ro, os.W_OK):                  # root may write anyway: the check is os.access
        r = run(o, n, "--format", "json", "-o", str(ro))
        assert r.exit_code == 2 and "read-only" in r.output and ro.read_text() == "keep"
    real = d / "real.json"
    real.write_text("old", encoding="utf-8")
    os.symlink(real, d / "link.json")
    assert run(o, n, "--format", "json", "-o", str(d / "link.json")).exit_code == 1
    assert (d / "link.json").is_symlink() and json.loads(real.read_text())["schema_version"] == 1
    assert not [p.name for p in d.iterdir() if p.name.endswith(".tmp")]


def test_output_dash_is_standard_output(files):
    _, o, n = files
    r = run(o, n, "--format", "json", "-o", "-")
    assert r.exit_code == 1 and json.loads(r.stdout)["schema_version"] == 1


def test_output_never_replaces_the_file_read_as_standard_input(files):
    import subprocess
    import sys
    _d, o, n = files
    with open(o, "rb") as stdin:
        r = subprocess.run([sys.executable, "-m", "docdiff", "-", n, "-o", o], stdin=stdin, capture_output=True,
                           text=True)
    assert r.returncode == 2 and "standard input" in r.stderr
    with open(o, encoding="utf-8") as f:
        assert f.read() == OLD


_LOL = "[" + ", ".join(["lol"] * 10) + "]"
_BOMB = "[&a " + _LOL + ", &b [" + ", ".join(["*a"] * 10) + "]" + "".join(
    f", &{n} [" + ", ".join([f"*{p}"] * 10) + "]" for p, n in zip("bcdefgh", "cdefghi")) + "]"


@pytest.mark.parametrize("config, message", [
    ("strict: " + _BOMB + "\n", "strict: expected true or false, got [["),
    ("? [a]\n: 1\n", "a key must be a plain name"),
    ("markers: " + "[" * 2000 + "]" * 2000 + "\n", "nested too deeply"),
    ("markers: ['a{4294967296}']\n", "not a valid regular expression"),
    ("markers: ['(a|aa)+$']\n", "backtracks catastrophically"),
    ("furniture: ['(a|aa)+$']\n", "backtracks catastrophically"),
    ("markers: ['" + "x" * 20_000 + "']\n", "longer than 10,000 characters"),
])
def test_config_mistakes_exit_2_with_one_line_naming_the_key(files, config, message):
    d, o, n = files
    (d / "old.txt").write_text(OLD + "\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n", encoding="utf-8")
    (d / "c.yml").write_text(config, encoding="utf-8")
    r = run(o, n, "--config", str(d / "c.yml"))
    assert r.exit_code == 2, r.output
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and len(r.stderr) < 500


@pytest.mark.parametrize("config", [
    "markers: ['(?i)withheld']\n",                            # global flags, as users write them
    "markers: ['(?P<m>SECRET)', '(?P<x>A)', '(?P<x>B)']\n",  # group names of their own
    "rules:\n  only-redactions: &r {enable: true}\n  forbidden-terms:\n    <<: *r\n    terms: [secret]\n",  # merge key
])
def test_configs_users_write_are_read(files, config):
    d, o, n = files
    (d / "c.yml").write_text(config, encoding="utf-8")
    r = run(o, n, "--config", str(d / "c.yml"), "--color", "never")
    assert r.exit_code == 1, r.output


def test_a_user_marker_with_inline_flags_marks_text(files):
    d, o, _ = files
    n2 = d / "n2.txt"
    n2.write_text(NEW.replace("DELETED", "withheld"), encoding="utf-8")
    data = json.loads(run(o, str(n2), "--format", "json", "--marker", "(?i)WITHHELD").stdout)
    assert [c["kind"] for s in data["sections"] for c in s["changes"]] == ["redacted"]


def test_endless_and_oversized_inputs_stop_with_exit_2(files, monkeypatch):
    d, o, n = files
    os.mkfifo(d / "fifo")
    r = run(str(d / "fifo"), n)                      # would block forever waiting for a writer
    assert r.exit_code == 2 and "is a FIFO" in r.stderr
    r = run("/dev/zero", n)                          # would never end
    assert r.exit_code == 2 and "is a device" in r.stderr
    r = run(o, n, env={"DOCDIFF_MAX_INPUT_MB": "0.00001"})
    assert r.exit_code == 2 and "set DOCDIFF_MAX_INPUT_MB to raise the limit" in r.stderr


@pytest.mark.parametrize("args, code", [
    (["-q", "{o}", "{o}"], 0),
    (["-q", "{o}", "{n}"], 1),
    (["{o}", "{n}", "--quiet", "--format", "json"], 1),
    (["diff", "{o}", "{n}", "--quiet", "--format", "html", "--pager"], 1),
], ids=["same", "different", "json", "html-and-pager"])
def test_quiet_prints_nothing_and_keeps_the_exit_status(files, args, code):
    _, o, n = files
    r = run(*[a.format(o=o, n=n) for a in args])
    assert (r.exit_code, r.stdout, r.stderr) == (code, "", "")


def test_quiet_still_reports_trouble_on_stderr_and_writes_the_output_file(files):
    d, o, n = files
    r = run("-q", str(d / "missing.txt"), n)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"docdiff: {d / 'missing.txt'}: no such file\n")
    r = run("-q", o, n, "--section", "nosuchsection")
    assert r.exit_code == 2 and r.stdout == "" and "matches no section heading" in r.stderr
    out = d / "diff.json"
    r = run("-q", o, n, "--format", "json", "-o", str(out))
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "")
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["changes"]["redacted"] == 1


@pytest.mark.parametrize("shell, start", [
    ("bash", "_docdiff_completion() {"),
    ("zsh", "#compdef docdiff"),
    ("fish", "function _docdiff_completion"),
])
def test_shell_completion_script_is_generated(shell, start):
    """The README's `eval "$(_DOCDIFF_COMPLETE=bash_source docdiff)"` lines, run as a shell would."""
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "docdiff"], capture_output=True, text=True,
                       env={**os.environ, "_DOCDIFF_COMPLETE": f"{shell}_source"})
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.lstrip().startswith(start) and "_DOCDIFF_COMPLETE=" in r.stdout


@pytest.mark.parametrize("words, cword, offered", [
    ("docdiff old.txt new.txt --format ", 4, ["terminal", "json", "html", "markdown"]),
    ("docdiff check --format ", 3, ["text", "github", "junit", "sarif", "json", "jsonl"]),
    ("docdiff old.txt new.txt --col", 3, ["--color"]),
], ids=["diff-format", "check-format", "option-name"])
def test_shell_completion_completes_options_and_choices(words, cword, offered):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "docdiff"], capture_output=True, text=True,
                       env={**os.environ, "_DOCDIFF_COMPLETE": "bash_complete", "COMP_WORDS": words,
                            "COMP_CWORD": str(cword)})
    assert r.returncode == 0
    assert r.stdout.split() == [f"plain,{o}" for o in offered]


def test_a_short_windows_1252_file_against_its_utf8_copy_is_no_change(tmp_path):
    """The review's cp1252 note: read as cp775 it came out as a spurious modification."""
    text = "1. Note\n\nThe caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u201cquoted\u201d text.\n"
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    r = run(str(tmp_path / "cp1252.txt"), str(tmp_path / "utf8.txt"), "--format", "json")
    assert r.exit_code == 0, r.stdout
    data = json.loads(r.stdout)
    assert (data["old"]["encoding"], data["new"]["encoding"]) == ("cp1252", "utf-8")


TURKISH = "1. Not\n\nG\u00fcnayd\u0131n, nas\u0131ls\u0131n\u0131z? \u0130yiyim.\n"    # cp1254: too short to detect


@pytest.mark.parametrize("encoding, code", [
    (None, 1),                       # detected as Windows-1252: "Günaydýn", a spurious modification
    ("cp1254,utf-8", 0),
    ("cp1254,", 0),                  # an empty side is detected
    ("cp1254", 1),                   # one name still means both inputs: the UTF-8 copy is misread
], ids=["detected", "one-each", "new-detected", "one-for-both"])
def test_encoding_per_input(tmp_path, encoding, code):
    (tmp_path / "old.txt").write_bytes(TURKISH.encode("cp1254"))
    (tmp_path / "new.txt").write_text(TURKISH, encoding="utf-8")
    r = run(str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "json",
            *(["--encoding", encoding] if encoding else []))
    assert r.exit_code == code, r.output
    data = json.loads(r.stdout)
    assert data["old"]["encoding"] == (encoding.split(",")[0] if encoding else "cp1252")


def test_one_encoding_still_reads_both_inputs(tmp_path):
    for name in ("old.txt", "new.txt"):
        (tmp_path / name).write_bytes(TURKISH.encode("cp1254"))
    r = run(str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "json", "--encoding", "cp1254")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert (data["old"]["encoding"], data["new"]["encoding"]) == ("cp1254", "cp1254")


@pytest.mark.parametrize("value, message", [
    ("cp1254,utf-8,latin-1", "docdiff: Invalid value for '--encoding': 'cp1254,utf-8,latin-1': expected NAME, or "
                             "OLD,NEW (one encoding for each input) (see 'docdiff --help')\n"),
    ("nosuch,", "docdiff: {o}: unknown encoding 'nosuch'\n"),
], ids=["three", "unknown"])
def test_bad_encoding_values_exit_2_with_one_line(files, value, message):
    _, o, n = files
    r = run(o, n, "--encoding", value)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", message.format(o=o))
