"""The library stays pure: importing `docdiff.diffing` (or the `docdiff` API) pulls in neither click nor rich."""
import subprocess
import sys

from conftest import ROOT


def test_diffing_imports_neither_click_nor_rich():
    code = "import sys, docdiff.diffing; print(sorted(m for m in ('click', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schema_ships_inside_the_package():
    import importlib.resources
    assert importlib.resources.files("docdiff.diffing").joinpath("docdiff.schema.json").is_file()
