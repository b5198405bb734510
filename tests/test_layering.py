"""The library stays pure: importing `docdiff.diffing` (or the `docdiff` API) pulls in neither click nor rich."""
import subprocess
import sys

from conftest import ROOT, SAMPLES


def test_diffing_imports_neither_click_nor_rich():
    code = "import sys, docdiff.diffing; print(sorted(m for m in ('click', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schema_ships_inside_the_package():
    import importlib.resources
    assert importlib.resources.files("docdiff.diffing").joinpath("docdiff.schema.json").is_file()


def test_a_json_comparison_loads_no_renderer_yaml_or_regex(tmp_path):
    """Start-up is paid on every run (a pre-commit hook runs docdiff per file): rich (terminal
    output), PyYAML (a config file) and regex (a user's pattern) load only when they are used."""
    code = ("import sys\nfrom docdiff.cli.main import docdiff\n"
            "try:\n    docdiff.main(sys.argv[1:], prog_name='docdiff')\nexcept SystemExit as e:\n    code = e.code\n"
            "print(code, sorted(m for m in ('rich', 'yaml', 'regex') if m in sys.modules))")
    args = [str(SAMPLES / "8700-25-limite.txt"), str(SAMPLES / "8700-25-public.txt"),
            "--format", "json", "--output", str(tmp_path / "d.json")]
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1 []"
    assert (tmp_path / "d.json").stat().st_size > 1000
