"""The README's CI recipes, run as the runners would run them.

The GitHub Actions block's `run:` steps and the GitLab block's `script:` lines are read from the
README itself (so the documentation cannot drift from what was tested) and run with `bash -e -o
pipefail`, the runners' shell, in a clone of a scratch repository whose pull-request branch
changes a protected section. Only the `uses:` actions and the network install cannot run here.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import docdiff
from conftest import ROOT

POLICY = """# Staff policy

## Article 4 Leave

Staff may take leave after approval by their manager.

## Article 5 Data protection

Personal data is kept for two years and then deleted.
"""
CONFIG = """git:
  - paths: ["*.md"]
    rules:
      protected-sections: {titles: ["^Article 5\\\\b"]}
"""


def _recipe(title: str) -> dict:
    """The YAML block under a README heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(f"### {title}\n"):]
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))


def _install_line(lines: list[str]) -> str:
    (line,) = [s for s in lines if s.startswith("pip install")]
    return line


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A clone (with origin/main) on a branch that edits the protected Article 5."""
    src = tmp_path / "src"
    src.mkdir()
    git(src, "init", "-q", "-b", "main")
    git(src, "config", "user.email", "t@example.org")
    git(src, "config", "user.name", "Test")
    (src / "policy.md").write_text(POLICY, encoding="utf-8")
    (src / ".docdiff.yml").write_text(CONFIG, encoding="utf-8")
    git(src, "add", ".")
    git(src, "commit", "-qm", "policy")
    git(src, "checkout", "-qb", "feature")
    (src / "policy.md").write_text(POLICY.replace("two years", "ten years"), encoding="utf-8")
    git(src, "commit", "-qam", "keep data longer")
    git(tmp_path, "clone", "-q", "--no-local", "--branch", "feature", str(src), "work")
    return tmp_path / "work"


def _bash(step: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PATH": path, **env})


def _github_steps() -> dict[str, str]:
    steps = _recipe("GitHub Actions")["jobs"]["docdiff"]["steps"]
    runs = [s for s in steps if "run" in s]
    install = _install_line([s["run"] for s in runs])
    return {"install": install, **{s.get("name", s["run"]): s["run"].replace("${{ github.base_ref }}", "main")
                                   for s in runs if s["run"] != install}}


def test_the_install_lines_name_this_release():
    lines = [_github_steps()["install"], _install_line(_recipe("GitLab CI")["docdiff"]["script"])]
    for line in lines:
        assert f"git+https://github.com/docdiff/docdiff@v{docdiff.__version__}" in line
    pre_commit = _recipe("pre-commit")["repos"][0]
    assert pre_commit["rev"] == f"v{docdiff.__version__}"


def test_the_github_actions_recipe(pull_request, tmp_path):
    workflow = _recipe("GitHub Actions")
    assert workflow["permissions"]["security-events"] == "write"
    checkout = workflow["jobs"]["docdiff"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout") and checkout["with"]["fetch-depth"] == 0
    steps = _github_steps()
    summary = tmp_path / "summary.md"
    summary.touch()
    check = _bash(steps["docdiff check"], pull_request, GITHUB_STEP_SUMMARY=str(summary))
    assert check.returncode == 1, check.stderr                       # findings fail the job
    assert "::error file=policy.md" in check.stdout and "protected-sections" in check.stdout
    assert "| policy.md |" in summary.read_text(encoding="utf-8")
    sarif = _bash(steps["SARIF for code scanning"], pull_request)
    assert sarif.returncode == 0, sarif.stderr                        # the report step stays green
    assert '"ruleId": "protected-sections"' in (pull_request / "docdiff.sarif").read_text(encoding="utf-8")


def test_the_report_step_still_fails_on_trouble(pull_request):
    (pull_request / ".docdiff.yml").write_text("rules: {no-such-rule: {}}\n", encoding="utf-8")
    sarif = _bash(_github_steps()["SARIF for code scanning"], pull_request)
    assert sarif.returncode != 0 and "no-such-rule" in sarif.stderr      # `|| [ $? -eq 1 ]` lets only 1 pass


def test_a_shallow_checkout_says_what_to_fetch(pull_request, tmp_path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{tmp_path / 'src'}", str(shallow))
    check = _bash(_github_steps()["docdiff check"], shallow)
    assert check.returncode == 2 and "fetch-depth: 0" in check.stderr


def test_the_gitlab_recipe(pull_request):
    job = _recipe("GitLab CI")["docdiff"]
    assert job["variables"]["GIT_DEPTH"] == 0 and job["artifacts"]["when"] == "always"
    script = [s for s in job["script"] if s != _install_line(job["script"])]
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    results = [_bash(line, pull_request, **env) for line in script]
    assert [r.returncode for r in results] == [0, 0, 1], [r.stderr for r in results]
    report = pull_request / job["artifacts"]["reports"]["junit"]
    assert "<failure" in report.read_text(encoding="utf-8")
    assert "protected-sections" in results[-1].stdout
