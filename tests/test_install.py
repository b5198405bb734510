"""The installed program, run from outside the source tree: every package the code imports must be
in the distribution (the tests themselves import the checkout, which would hide a missing one)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

SCRIPT = Path(sys.executable).parent / "docdiff"


@pytest.mark.skipif(not SCRIPT.exists(),
                    reason=f"{SCRIPT} not installed (pip install . into this interpreter's environment)")
def test_installed_docdiff_runs_on_the_samples_outside_the_checkout(tmp_path):
    r = subprocess.run([str(SCRIPT), str(SAMPLES / "8700-25-limite.txt"), str(SAMPLES / "8700-25-public.txt"),
                        "--format", "json"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    diff = json.loads(r.stdout)
    assert diff["schema_version"] == 1 and diff["summary"]["changes"]["redacted"] > 0


def _top_level_names() -> set[str]:
    """Top-level names of the installed distribution's RECORD (read from site-packages, not from an
    egg-info a build may leave in the checkout)."""
    import sysconfig
    from importlib.metadata import distributions
    found = [d for d in distributions(path=[sysconfig.get_paths()["purelib"]]) if d.metadata["Name"] == "docdiff"]
    if not found:
        pytest.skip("docdiff is not installed in this interpreter's site-packages")
    files = found[0].files or []
    names = set()
    for f in files:
        top = f.parts[0]
        if top.endswith((".dist-info", ".egg-info")) or top in ("..", "__pycache__") or top.startswith("__editable__"):
            continue
        names.add(top.removesuffix(".py").removesuffix(".pth"))
    return names


def test_only_the_docdiff_package_installs_at_the_top_level():
    names = _top_level_names()
    # an editable install records only a path hook; a real install records the package's files
    assert names <= {"docdiff"}, names


def test_python_m_docdiff_and_the_public_api(tmp_path):
    r = subprocess.run([sys.executable, "-m", "docdiff", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("docdiff, version "), r.stderr
    import docdiff
    diff = docdiff.compare_texts("1. Scope\n\nThe council met.\n", "1. Scope\n\nThe council DELETED.\n")
    data = docdiff.to_dict(diff)
    assert [c["kind"] for s in data["sections"] for c in s["changes"]] == ["redacted"]
    with pytest.raises(docdiff.ConfigError, match="unknown option 'strikt'"):
        docdiff.compare_texts("a", "b", strikt=True)
    with pytest.raises(docdiff.InputError):
        docdiff.compare_files(tmp_path / "missing.txt", tmp_path / "missing.txt")
    assert docdiff.compare_texts("Same text.\n", "Same text.\n", strict=True, markers=["SECRET"]).changes == ()


def test_the_version_in_the_code_is_the_installed_one():
    # pyproject.toml reads the version from docdiff.__version__: an install must carry the same
    from importlib.metadata import version

    import docdiff
    assert docdiff.__version__ == version("docdiff")
    r = subprocess.run([sys.executable, "-m", "docdiff", "--version"], capture_output=True, text=True)
    assert docdiff.__version__ in r.stdout
