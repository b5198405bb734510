"""The shipped JSON Schema of `.docdiff.yml` says what config.py accepts: the same keys at every
level, and every example config of the README, the samples, the benchmarks and the tests is valid."""
from __future__ import annotations

import ast
import importlib.resources
import json
import re
import textwrap

import jsonschema
import pytest
import yaml

from conftest import ROOT
from docdiff.diffing import config as cfg
from docdiff.diffing.checks import RULES
from docdiff.diffing.errors import ConfigError

SCHEMA = json.loads((importlib.resources.files("docdiff.diffing") / "docdiff-config.schema.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
KIND_REF = {"regex-list": "#/$defs/regexList", "string-list": "#/$defs/stringList", "bool": "#/$defs/flag",
            "share": "#/$defs/share", "int": "#/$defs/count"}


def _object(node: dict) -> dict:
    """The object alternative of a schema node (a rule body is also true/false/null)."""
    return next(a for a in node["anyOf"] if a.get("type") == "object") if "anyOf" in node else node


def test_config_schema_is_a_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["additionalProperties"] is False


def test_config_schema_keys_are_exactly_the_keys_config_accepts():
    defs = SCHEMA["$defs"]
    assert list(SCHEMA["properties"]) == list(cfg._KEYS)
    assert list(defs["pair"]["properties"]) == list(cfg.PAIR_KEYS)
    assert list(_object(defs["gitEntry"])["properties"]) == list(cfg.GIT_KEYS)
    assert list(defs["rules"]["properties"]) == list(RULES)
    for rid, rule in RULES.items():
        props = _object(defs["rules"]["properties"][rid])["properties"]
        assert list(props) == [*cfg.RULE_KEYS, *rule.options], rid
        assert props["severity"]["default"] == rule.severity.value
        for key, (kind, default) in rule.options.items():
            assert (props[key]["$ref"], props[key]["default"]) == (KIND_REF[kind], default), f"{rid}.{key}"
    # the options' kinds are the ones config.py validates, and each has a definition
    assert set(KIND_REF) == set(cfg._OPTION_KINDS)
    assert all(ref.split("/")[-1] in defs for ref in KIND_REF.values())


def _strings(path) -> list[tuple[int, str]]:
    """String values a module spells out: literals, and + of literals and module-level names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return names.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = value(node.left), value(node.right)
            return left + right if left is not None and right is not None else None
        return None

    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            v = value(stmt.value)
            if v is not None:
                names[stmt.targets[0].id] = v
    return [(n.lineno, v) for n in ast.walk(tree) if isinstance(n, (ast.Constant, ast.BinOp, ast.Name))
            if (v := value(n)) is not None]


def _as_config(text: str) -> str | None:
    """text if it is a config, `rules:` + text if it is a block of rules (the tests add those to a
    config prefix at run time), else None."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not data:
        return None
    if set(data) <= set(cfg._KEYS):
        return text
    if set(data) <= set(RULES):
        return "rules:\n" + (text if text.startswith(" ") else textwrap.indent(text, "  "))
    return None


def _examples() -> list[tuple[str, str]]:
    out = {}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for k, block in enumerate(re.findall(r"```yaml\n(.*?)```", readme, re.S)):
        if "jobs:" not in block and "repos:" not in block:          # a workflow, a pre-commit file
            out.setdefault(block, f"README.md yaml block {k + 1}")
    for path in sorted(ROOT.glob("samples/**/.docdiff.yml")) + sorted(ROOT.glob("samples/**/*.docdiff.yml")):
        out.setdefault(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    for path in sorted([*ROOT.glob("tests/*.py"), *ROOT.glob("bench/*.py")]):
        if path.name == "test_config_schema.py":          # its refusals below are not examples
            continue
        for line, text in _strings(path):
            config = _as_config(text)
            if config is not None:
                out.setdefault(config, f"{path.relative_to(ROOT)}:{line}")
    return [(where, text) for text, where in out.items()]


def _accepted(text: str) -> bool:
    """Whether docdiff loads this config (the tests' deliberately invalid ones are not examples)."""
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".docdiff.yml"
        path.write_text(text, encoding="utf-8")
        try:
            cfg.load_config(path)
        except ConfigError:
            return False
    return True


EXAMPLES = [(where, text) for where, text in _examples() if _accepted(text)]


def test_examples_are_found():
    """The collection above finds the examples (so an empty list cannot pass the test below)."""
    wheres = [w for w, _ in EXAMPLES]
    assert sum(w.startswith("README.md") for w in wheres) >= 2
    assert sum(w.startswith("tests/test_check.py") for w in wheres) >= 10
    assert any(w.startswith("bench/") for w in wheres)


@pytest.mark.parametrize("text", [t for _, t in EXAMPLES], ids=[w for w, _ in EXAMPLES])
def test_every_example_config_docdiff_accepts_is_valid_against_the_schema(text):
    VALIDATOR.validate(yaml.safe_load(text))


@pytest.mark.parametrize("text", [
    "markerz: [x]\n",
    "strict: 'yes'\n",
    "markers: 3\n",
    "rules:\n  only-redaction: {}\n",
    "rules:\n  redaction-leak: {min_words: 8}\n",
    "rules:\n  redaction-leak: {min-words: 0}\n",
    "rules:\n  max-change: {document: 2}\n",
    "rules:\n  unmarked-removal: {severity: fatal}\n",
    "rules:\n  forbidden-terms: {terms: ['']}\n",
    "rules: []\n",
    "pairs: [{old: a.txt}]\n",
    "pairs: [{old: a.txt, new: b.txt, name: x}]\n",
    "pairs: null\n",
    "git: [{path: ['*.txt']}]\n",
    "git: [{rules: {}}]\n",
    "- a\n- b\n",
], ids=["unknown-key", "bool", "regex-list", "unknown-rule", "unknown-option", "count", "share", "severity",
        "empty-term", "rules-list", "pair-without-new", "pair-unknown-key", "pairs-null", "git-unknown-key",
        "git-without-paths", "not-a-mapping"])
def test_configs_docdiff_refuses_are_invalid_against_the_schema(tmp_path, text):
    path = tmp_path / ".docdiff.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        cfg.load_config(path)
    assert not VALIDATOR.is_valid(yaml.safe_load(text))
