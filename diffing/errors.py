"""Exception types: every expected failure is a DocdiffError whose str() is one actionable line."""
from __future__ import annotations

import unicodedata

# control, format (bidi overrides, zero-width), line/paragraph separator, private, unassigned,
# surrogate: the characters that can drive a terminal, hide or reorder text, or end a line
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"))
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(s: str, *, keep: str = "") -> str:
    """s with every control or format character (ESC, C1, BEL, CR, LF, bidi overrides, U+2028,
    lone surrogates…) shown as an escape (\\n, \\x1b, \\u202e), except the characters in `keep`.

    This is how a file name or a message is shown on one line, and (keeping newlines and tabs)
    how document text reaches a terminal. Backslashes are not doubled, so applying it twice
    changes nothing; the escapes are for reading, the exact name stays in the data."""
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch in keep or ch == " " or ch.isprintable() or unicodedata.category(ch) not in _HIDDEN:
            out.append(ch)
        elif ch in _SHORT:
            out.append(_SHORT[ch])
        else:
            n = ord(ch)
            out.append(f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")
    return "".join(out)


def message_line(s: str) -> str:
    """A message (and any file name in it) as one inert line of a log: printable(), and the
    `##[` of GitHub Actions' legacy workflow commands (recognised anywhere in a line of a job's
    output, stdout or stderr) broken as `#\\x23[`."""
    return printable(s).replace("##[", "#\\x23[")


class DocdiffError(Exception):
    """Base class; the CLI maps it to exit code 2. str() is one line whatever the names in it hold."""

    def __str__(self) -> str:
        return message_line(super().__str__())


class InputError(DocdiffError):
    """An input file is missing, unreadable, binary or in an unknown encoding."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message

    def __reduce__(self):        # picklable, so a worker process can send it back
        return (type(self), (self.path, self.message))


class ConfigError(DocdiffError):
    """The configuration file or an option value is invalid."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message

    def __reduce__(self):
        return (type(self), (self.where, self.message))


class EngineError(DocdiffError):
    """The engine that runs the comparisons cannot be used: a Dask scheduler that cannot be reached,
    dask not installed, workers without docdiff, a result cache that cannot be written."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message

    def __reduce__(self):
        return (type(self), (self.where, self.message))
