"""Config: read and validate `.docdiff.yml`; loading means validating."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

CONFIG_NAME = ".docdiff.yml"


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from the file; None means "not set here" so that the command line can override."""

    path: str | None = None
    markers: tuple[str, ...] = ()
    default_markers: bool | None = None
    furniture: tuple[str, ...] = ()
    detect_furniture: bool | None = None
    strict: bool | None = None


# key -> (expected type description, validator returning the parsed value)
def _regex_list(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, "expected a list of regular expressions")
    for v in value:
        try:
            re.compile(v)
        except re.error as e:
            raise ConfigError(where, f"{v!r} is not a valid regular expression ({e})") from None
    return tuple(value)


def _bool(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(where, f"expected true or false, got {value!r}")
    return value


_KEYS = {
    "markers": ("markers", _regex_list),
    "default-markers": ("default_markers", _bool),
    "furniture": ("furniture", _regex_list),
    "detect-furniture": ("detect_furniture", _bool),
    "strict": ("strict", _bool),
}


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.safe_load semantics, but a key given twice is an error instead of silently the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ConfigError(f"line {key_node.start_mark.line + 1}", f"duplicate key {key!r}")
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_config(path: str | Path) -> Config:
    """Read one config file; every problem is a ConfigError naming the file and the dotted key."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(p), "config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(p), f"cannot read config ({e})") from None
    try:
        data = yaml.load(raw, Loader=_UniqueKeyLoader)  # SafeLoader subclass: no arbitrary objects
    except ConfigError as e:
        raise ConfigError(f"{p}: {e.where}", str(e).split(": ", 1)[1]) from None
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
        values[field] = check(f"{p}: {key}", value)
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
