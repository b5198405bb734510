"""Config: read and validate `.docdiff.yml`; loading means validating."""
from __future__ import annotations

import difflib
import reprlib
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import RuleSettings, Severity
from .userregex import user_pattern

CONFIG_NAME = ".docdiff.yml"


@dataclass(frozen=True, slots=True)
class PairSpec:
    """A `pairs:` entry: explicit paths, or a glob on one side and a {name} template on the other."""

    old: str
    new: str
    rules: tuple[RuleSettings, ...]
    where: str               # "pairs[0]", for messages


@dataclass(frozen=True, slots=True)
class GitSpec:
    """A `git:` entry: documents matching these globs, compared between two revisions."""

    paths: tuple[str, ...]
    rules: tuple[RuleSettings, ...]
    where: str


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from the file; None means "not set here" so that the command line can override."""

    path: str | None = None
    markers: tuple[str, ...] = ()
    default_markers: bool | None = None
    furniture: tuple[str, ...] = ()
    detect_furniture: bool | None = None
    profiles: tuple[str, ...] = ()
    detect_profiles: bool | None = None
    strict: bool | None = None
    pairs: tuple[PairSpec, ...] = ()
    git: tuple[GitSpec, ...] = ()
    rules: tuple[RuleSettings, ...] = ()

    @property
    def root(self) -> Path:
        """The folder that paths in the config are relative to: the config file's own."""
        return Path(self.path).resolve().parent if self.path else Path(".").resolve()


# key -> (expected type description, validator returning the parsed value)
def _regex_list(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, "expected a list of regular expressions")
    for v in value:
        user_pattern(v, where)           # compiles (with the engine that will run it), or says why not
    return tuple(value)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 60, 60


def _shown(value: Any) -> str:
    """A rejected value as the message shows it: bounded, since YAML aliases can make a 424-byte
    file a billion-element value (repr would expand every alias)."""
    return _REPR.repr(value)


def _bool(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(where, f"expected true or false, got {_shown(value)}")
    return value


def _string_list(where: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(where, "expected a list of non-empty strings")
    return value


def _profiles(where: str, value: Any) -> tuple[str, ...]:
    from .conventions import PROFILE_IDS
    names = _string_list(where, value)
    for name in names:
        if name not in PROFILE_IDS:
            raise ConfigError(where, f"unknown profile {_shown(name)} (known: {', '.join(PROFILE_IDS)})")
    return tuple(names)


def _share(where: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(where, f"expected a fraction from 0 to 1 (or null), got {_shown(value)}")
    return float(value)


def _int(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(where, f"expected a whole number of at least 1, got {_shown(value)}")
    return value


# The keys of each level, in one place: the loaders below and the shipped JSON Schema
# (docdiff-config.schema.json, which a test holds to these) both follow them.
RULE_KEYS = ("enable", "severity")           # beside each rule's own options
PAIR_KEYS = ("old", "new", "rules")
CHAIN_KEYS = ("versions", "rules")
GIT_KEYS = ("paths", "rules")

_OPTION_KINDS = {"regex-list": lambda w, v: list(_regex_list(w, v)), "string-list": _string_list,
                 "bool": _bool, "share": _share, "int": _int}


def _mapping(where: str, value: Any) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(where, "expected a mapping")
    return value


def _unknown(where: str, key: Any, valid) -> ConfigError:
    near = difflib.get_close_matches(str(key), list(valid), n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else f" (valid: {', '.join(valid)})"
    return ConfigError(f"{where}.{key}" if where else str(key), f"unknown key{hint}")


def parse_rules(where: str, value: Any, base: tuple[RuleSettings, ...] = ()) -> tuple[RuleSettings, ...]:
    """`rules:` mapping -> settings for every known rule (defaults where not configured).

    A rule named in the mapping runs unless `enable: false`; options merge over `base`."""
    from .checks import RULES
    current = {r.rule: r for r in base} if base else {
        rid: RuleSettings(rid, r.default_enabled, r.severity,
                          tuple((k, d) for k, (_, d) in r.options.items())) for rid, r in RULES.items()}
    for rid, body in _mapping(where, {} if value is None else value).items():
        if rid not in RULES:
            raise _unknown(where, rid, RULES)
        spec = RULES[rid]
        here = f"{where}.{rid}"
        if isinstance(body, bool) or body is None:
            body = {"enable": body is not False}
        body = _mapping(here, body)
        settings = current[rid]
        enabled, severity, options = True, settings.severity, dict(settings.options)
        for key, v in body.items():
            if key == "enable":
                enabled = _bool(f"{here}.enable", v)
            elif key == "severity":
                if v not in ("error", "warning"):
                    raise ConfigError(f"{here}.severity", f"expected error or warning, got {_shown(v)}")
                severity = Severity(v)
            elif key in spec.options:
                options[key] = _OPTION_KINDS[spec.options[key][0]](f"{here}.{key}", v)
            else:
                raise _unknown(here, key, [*RULE_KEYS, *spec.options])
        current[rid] = RuleSettings(rid, enabled, severity, tuple(options.items()))
    return tuple(current[rid] for rid in RULES)


def _pairs(where: str, value: Any, rules: tuple[RuleSettings, ...]) -> tuple[PairSpec, ...]:
    if not isinstance(value, list):
        raise ConfigError(where, "expected a list of {old: ..., new: ...} entries")
    out = []
    for k, item in enumerate(value):
        here = f"{where}[{k}]"
        item = _mapping(here, item)
        for key in item:
            if key not in PAIR_KEYS:
                raise _unknown(here, key, PAIR_KEYS)
        for side in ("old", "new"):
            if not isinstance(item.get(side), str) or not item[side]:
                raise ConfigError(f"{here}.{side}", "expected a path or a glob")
        out.append(PairSpec(item["old"], item["new"], parse_rules(f"{here}.rules", item.get("rules"), rules), here))
    return tuple(out)


def _chains(where: str, value: Any, rules: tuple[RuleSettings, ...]) -> tuple[PairSpec, ...]:
    """`chains:` entries (releases of one document, oldest first) as the pairs of consecutive
    releases, with inconsistent-redaction on unless their rules turn it off."""
    if not isinstance(value, list):
        raise ConfigError(where, "expected a list of {versions: [oldest, ..., newest]} entries")
    out = []
    for k, item in enumerate(value):
        here = f"{where}[{k}]"
        item = _mapping(here, item)
        for key in item:
            if key not in CHAIN_KEYS:
                raise _unknown(here, key, CHAIN_KEYS)
        versions = _string_list(f"{here}.versions", item.get("versions"))
        if len(versions) < 2:
            raise ConfigError(f"{here}.versions", "expected two or more paths, oldest first")
        chain_rules = parse_rules(f"{here}.rules", {"inconsistent-redaction": True, **(item.get("rules") or {})}
                                  if isinstance(item.get("rules") or {}, dict) else item.get("rules"), rules)
        out += [PairSpec(a, b, chain_rules, f"{here}.versions[{j}]") for j, (a, b) in
                enumerate(pairwise(versions))]
    return tuple(out)


def _git(where: str, value: Any, rules: tuple[RuleSettings, ...]) -> tuple[GitSpec, ...]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(where, "expected a list of globs or {paths: [...], rules: ...} entries")
    out = []
    for k, item in enumerate(value):
        here = f"{where}[{k}]"
        if isinstance(item, str):
            item = {"paths": [item]}
        item = _mapping(here, item)
        for key in item:
            if key not in GIT_KEYS:
                raise _unknown(here, key, GIT_KEYS)
        paths = _string_list(f"{here}.paths", item.get("paths"))
        out.append(GitSpec(tuple(paths), parse_rules(f"{here}.rules", item.get("rules"), rules), here))
    return tuple(out)


_KEYS = {
    "markers": ("markers", _regex_list),
    "default-markers": ("default_markers", _bool),
    "furniture": ("furniture", _regex_list),
    "detect-furniture": ("detect_furniture", _bool),
    "profiles": ("profiles", _profiles),
    "detect-profiles": ("detect_profiles", _bool),
    "strict": ("strict", _bool),
    "rules": ("rules", None),
    "pairs": ("pairs", None),
    "chains": ("pairs", None),
    "git": ("git", None),
}


@cache
def _yaml_loader():
    """yaml.safe_load semantics, but a key given twice is an error instead of silently the last.
    PyYAML loads when a config is first read (40 ms at start-up otherwise)."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        pass
    UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return yaml, UniqueKeyLoader


def _construct_mapping(loader, node, deep: bool = False):
    loader.flatten_mapping(node)           # merge keys (<<: *base) as yaml.safe_load reads them
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise ConfigError(f"line {key_node.start_mark.line + 1}", "a key must be a plain name, not a list "
                                                                      "or a mapping")
        if key in seen:
            raise ConfigError(f"line {key_node.start_mark.line + 1}", f"duplicate key {_shown(key)}")
        seen.add(key)
    return loader.construct_mapping(node, deep)


MAX_CONFIG_BYTES = 1 << 20       # a config is a few hundred bytes; this bounds what YAML parsing may cost


def load_config(path: str | Path) -> Config:
    """Read one config file; every problem is a ConfigError naming the file and the dotted key."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(str(p), f"larger than {MAX_CONFIG_BYTES // 1024} KB: not a config file?")
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(p), "config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(p), f"cannot read config ({e})") from None
    yaml, loader = _yaml_loader()
    try:
        data = yaml.load(raw, Loader=loader)  # SafeLoader subclass: no arbitrary objects
    except ConfigError as e:
        raise ConfigError(f"{p}: {e.where}", str(e).split(": ", 1)[1]) from None
    except RecursionError:
        raise ConfigError(str(p), "nested too deeply to be a config") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark else str(p)
        raise ConfigError(where, f"not valid YAML ({getattr(e, 'problem', None) or e})") from None
    if data is None:
        return Config(path=str(p))
    if not isinstance(data, dict):
        raise ConfigError(str(p), "expected a mapping of settings at the top level")
    values: dict[str, Any] = {"path": str(p)}
    for key, value in data.items():
        if key not in _KEYS:
            near = difflib.get_close_matches(str(key), list(_KEYS), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f" (valid keys: {', '.join(_KEYS)})"
            raise ConfigError(f"{p}: {key}", f"unknown key{hint}")
        field, check = _KEYS[key]
        if check is not None:
            values[field] = check(f"{p}: {key}", value)
    rules = parse_rules(f"{p}: rules", data.get("rules"))
    values["rules"] = rules
    if "pairs" in data:
        values["pairs"] = _pairs(f"{p}: pairs", data["pairs"], rules)
    if "chains" in data:
        values["pairs"] = values.get("pairs", ()) + _chains(f"{p}: chains", data["chains"], rules)
    if "git" in data:
        values["git"] = _git(f"{p}: git", data["git"], rules)
    return Config(**values)


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest `.docdiff.yml` in `start` or its parents, stopping at a repository root."""
    here = Path(start).resolve()
    for d in (here, *here.parents):
        candidate = d / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (d / ".git").exists():
            return None
    return None
