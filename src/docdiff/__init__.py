"""docdiff: compare successive versions of a document, section by section.

The public API (everything else is internal and may change between releases)::

    import docdiff

    diff = docdiff.compare_files("limite.txt", "public.txt")           # any supported format
    diff = docdiff.compare_texts(old_text, new_text, strict=True)       # texts already in memory
    for change in diff.changes:
        print(change.kind.value, change.old.text, "->", change.new.text)
    data = docdiff.to_dict(diff)                                        # the JSON contract as a dict

Options are keyword arguments (see `Options`): `strict`, `markers` (extra redaction-marker
regular expressions), `default_markers`, `furniture` (extra page-furniture regular expressions),
`detect_furniture`. Every expected failure raises a `DocdiffError` (`InputError` for an input,
`ConfigError` for an option) whose message is one line.

The library itself is `docdiff.diffing` (pure: no printing, no click or rich); the command line
is `docdiff.cli`.
"""
from __future__ import annotations

from typing import Any

from .diffing import errors as _errors
from .diffing.compare import compare_files as _compare_files
from .diffing.compare import compare_texts as _compare_texts
from .diffing.errors import ConfigError, DocdiffError, InputError
from .diffing.model import Change, ChangeKind, DocumentDiff, Move, Options, Section, SectionDiff, SectionStatus, Span
from .diffing.serialize import SCHEMA_VERSION, diff_to_dict

# The one place the version is written (pyproject.toml reads it from here): importlib.metadata
# would cost 70 ms at every start, and git runs docdiff once per changed file.
__version__ = "0.2.0"

__all__ = [
    "SCHEMA_VERSION", "Change", "ChangeKind", "ConfigError", "DocdiffError", "DocumentDiff", "InputError", "Move",
    "Options", "Section", "SectionDiff", "SectionStatus", "Span", "__version__", "compare_files", "compare_texts",
    "to_dict",
]


def _options(options: dict[str, Any]) -> Options:
    fields = Options.__dataclass_fields__
    unknown = sorted(set(options) - set(fields))
    if unknown:
        raise _errors.ConfigError("options", f"unknown option {unknown[0]!r} (known: {', '.join(fields)})")
    defaults = Options()
    values: dict[str, Any] = {k: tuple(v) if isinstance(getattr(defaults, k), tuple) else v for k, v in options.items()}
    return Options(**values)


def compare_files(old: str, new: str, *, encoding: str | None = None, workers: int = 1, **options: Any
                  ) -> DocumentDiff:
    """Compare two files (text, Markdown, HTML, PDF or DOCX; the format is read from the content
    and the name). `encoding` overrides the detected text encoding of both. `workers=2` reads two
    long versions (a megabyte or more together) at the same time, one in a forked child, where the
    platform forks and the calling process runs one thread; the result is the same. Raises
    InputError for a missing, unreadable or binary input, ConfigError for a bad option or regular
    expression."""
    return _compare_files(str(old), str(new), _options(options), encoding=encoding, workers=workers)


def compare_texts(old: str, new: str, **options: Any) -> DocumentDiff:
    """Compare two texts already in memory (read as plain text; newlines may be \\n, \\r\\n or \\r)."""
    return _compare_texts(old, new, _options(options))


def to_dict(diff: DocumentDiff) -> dict[str, Any]:
    """The JSON contract of a comparison (`schema_version` 1, see the README and
    `docdiff/diffing/docdiff.schema.json`) as plain dicts and lists, ready for json.dumps."""
    return diff_to_dict(diff)
