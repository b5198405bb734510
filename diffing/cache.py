"""Result cache: `docdiff check --cache DIR` compares again only the pairs that changed.

A pair's result is stored under a key made of everything it depends on: both versions' bytes
(SHA-256), their paths and labels (findings name them; a Markdown suffix changes how a file is
read), the comparison options, the pair's enabled rules with their severities and options, and
docdiff itself (its version and a fingerprint of the library's source, so an edited checkout never
serves what the code before it found). Entries are written atomically (a temporary file renamed
over the entry), so a reader sees a whole entry or none; an entry that does not read back as one
(truncated, edited, from another layout) is ignored and computed again. A pair that could not be
read or checked is never stored: the next run tries again.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import EngineError
from .model import CheckPair, Finding, Options, PairResult, Severity

LAYOUT = 1                  # the entry format; another layout's entries are simply not found
@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """docdiff's version and a hash of the library's own source files (computed once per process)."""
    import importlib.metadata
    h = hashlib.sha256(importlib.metadata.version("docdiff").encode())
    here = Path(__file__).resolve().parent
    for path in sorted(p for p in here.rglob("*") if p.suffix in (".py", ".json") and p.is_file()):
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


@dataclass(slots=True)
class ResultCache:
    """A folder of stored pair results; counts its hits and misses for the run's summary."""

    folder: Path
    hits: int = 0
    misses: int = 0
    _made: set[Path] = field(default_factory=set)

    @classmethod
    def open(cls, folder: str | Path) -> ResultCache:
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise EngineError(f"--cache {folder}", f"cannot use it as the result cache ({e.strerror or e})") from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise EngineError(f"--cache {folder}", "cannot write there")
        return cls(path)

    def key(self, pair: CheckPair, old: bytes, new: bytes, options: Options) -> str:
        """The key of a pair's result given both versions' bytes."""
        rules = [[r.rule, r.severity.value, _jsonable(r.options)] for r in pair.rules if r.enabled]
        sides = [[ref.path, ref.label, ref.missing, hashlib.sha256(data).hexdigest()]
                 for ref, data in ((pair.old, old), (pair.new, new))]
        opts = {f.name: _jsonable(getattr(options, f.name)) for f in fields(options)}
        material = json.dumps([LAYOUT, code_fingerprint(), sides, opts, rules], sort_keys=True,
                              ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(material.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, pair: CheckPair) -> PairResult | None:
        """The stored result for this key (given as this pair's), or None: not stored, or unreadable."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            result = _result(entry, key, pair)
        except (OSError, ValueError, TypeError, KeyError, IndexError):   # absent or corrupt: compute it again
            result = None
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def put(self, key: str, result: PairResult) -> None:
        """Store a result (not one that could not be read or checked), atomically."""
        if result.error is not None:
            return
        entry = {"layout": LAYOUT, "key": key, "similarity": result.similarity, "changes": result.changes,
                 "warnings": list(result.warnings),
                 "findings": [[f.path, f.line, f.column, f.rule, f.severity.value, f.message, f.passage, f.old_path]
                              for f in result.findings]}
        target = self._path(key)
        try:
            if target.parent not in self._made:
                target.parent.mkdir(exist_ok=True)
                self._made.add(target.parent)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(entry, f, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as e:
            raise EngineError(f"--cache {self.folder}", f"cannot write a result ({e.strerror or e})") from None


def _result(entry: Any, key: str, pair: CheckPair) -> PairResult | None:
    """An entry read back, or None when it is not a whole entry for this key."""
    from .checks import RULES
    if not isinstance(entry, dict) or entry.get("layout") != LAYOUT or entry.get("key") != key:
        return None
    similarity, changes, warnings = entry["similarity"], entry["changes"], entry["warnings"]
    if not isinstance(similarity, (int, float)) or isinstance(similarity, bool) or not 0 <= similarity <= 1:
        return None
    if not isinstance(changes, int) or isinstance(changes, bool) or changes < 0:
        return None
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    findings = []
    for row in entry["findings"]:
        path, line, column, rule, severity, message, passage, old_path = row
        if not (isinstance(path, str) and isinstance(line, int) and isinstance(column, int) and rule in RULES
                and isinstance(message, str) and isinstance(passage, str)
                and (old_path is None or isinstance(old_path, str))):
            return None
        findings.append(Finding(path, line, column, rule, Severity(severity), message, passage, old_path))
    return replace(PairResult(pair, tuple(findings), float(similarity), changes), warnings=tuple(warnings))
