"""Writing outputs (`-o FILE`) without ever losing what the user owns.

An output only ever replaces a regular file that is not read-only and is not one of the inputs or
the config: a device node, a FIFO, a directory or a symlink to one of those is refused (a rename
over `/dev/null` would replace it for the whole machine), and so is a file being read as standard
input. The new content goes to a temporary file beside the target, which is renamed over it, so a
reader sees the old file or the new one, never a part; a temporary file is removed on any error and
on SIGTERM (the signal CI cancellation and `timeout` send; SIGKILL cannot be caught).
"""
from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..diffing.errors import ConfigError
from ..diffing.load import file_kind

STDOUT = "-"


def guard_output(output: str | None, protected: Iterable[str], *, reads_stdin: bool = False) -> None:
    """Refuse an output path that would replace something other than a regular file of ours."""
    if not output or output == STDOUT:
        return
    target = Path(output)
    try:
        st = os.stat(target)             # follows a symlink: what would be replaced is its target
    except FileNotFoundError:
        if target.is_symlink():
            raise ConfigError(output, "is a dangling symlink; name a regular file") from None
        return
    except OSError as e:
        raise ConfigError(output, f"cannot write output ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise ConfigError(output, f"is {file_kind(st.st_mode)}; -o replaces only regular files (use shell "
                                  "redirection, > PATH)")
    if not os.access(target, os.W_OK):
        raise ConfigError(output, "is read-only; refusing to replace it")
    same = [p for p in protected if p and p != STDOUT and _same_file(st, p)]
    if same:
        raise ConfigError(output, "refusing to overwrite an input of this run (or its config)")
    if reads_stdin:
        try:
            si = os.fstat(sys.stdin.fileno())
        except (OSError, ValueError, AttributeError):
            return
        if (si.st_dev, si.st_ino) == (st.st_dev, st.st_ino):
            raise ConfigError(output, "refusing to overwrite the file being read as standard input")


def _same_file(st: os.stat_result, path: str) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)


def write_output(path: str, data: str) -> None:
    """Write data to path atomically (see the module doc); `-` is standard output."""
    if path == STDOUT:
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))          # replace a symlink's target, keep the link
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise ConfigError(path, f"cannot write output ({e.strerror or e})") from None
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
