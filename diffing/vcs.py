"""Git access: versions of documents at revisions, and the documents changed between two."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

from .errors import InputError
from .extract import document_from_bytes, read_document
from .load import decode_source, read_bytes
from .model import DocumentRef, Source

_REV_PATH = re.compile(r"(?P<rev>[^:]+):(?P<path>.+)")


def _git(args: list[str], cwd: str | Path) -> bytes:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git", "git is not installed") from None
    if out.returncode != 0:        # the last line that is not advice ("hint: ..." follows the "fatal: ...")
        msg = [m for m in out.stderr.decode("utf-8", "replace").strip().splitlines() if not m.startswith("hint:")]
        raise InputError(f"git {' '.join(args[:2])}", msg[-1] if msg else f"exit status {out.returncode}")
    return out.stdout


def _revision(rev: str, what: str) -> str:
    """A revision as git should read it: never an option (`--output=…` would make git write a file)."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise InputError(what, f"{rev!r} is not a revision")
    return rev


def _shallow_hint(e: InputError, rev: str) -> InputError:
    """A revision missing from a shallow clone (CI checkouts fetch one commit by default)."""
    if "bad revision" in str(e) or "unknown revision" in str(e) or "bad object" in str(e):
        return InputError(f"--base {rev}", "not in this clone; fetch it (git fetch origin, or "
                                           "actions/checkout with fetch-depth: 0) or name another base")
    return e


def repo_root(cwd: str | Path = ".") -> Path | None:
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    except InputError:
        return None


def read_input(arg: str, *, encoding: str | None = None, ocr: bool = False) -> Source:
    """A diff input: a file of any format, "-" for standard input, or `REV:path` (a file at a git
    revision, e.g. HEAD~1:notes/a.txt); `ocr` reads PDF pages without a text layer by OCR.

    The path of REV:path means what it means to git: from the repository root, wherever the
    command runs; REV:./path and REV:../path are from the current folder. git itself resolves it
    (`git show` runs in the current folder), so the two can never disagree."""
    m = _REV_PATH.fullmatch(arg)
    if arg == "-" or os.path.exists(arg) or m is None:
        return read_document(arg, encoding=encoding, ocr=ocr)
    if repo_root(".") is None:
        return read_document(arg, encoding=encoding, ocr=ocr)     # "no such file", as for any missing input
    data = read_blob(".", m["rev"], m["path"])
    if data is None:
        raise InputError(arg, f"no such file at revision {m['rev']}{_cwd_hint(m['rev'], m['path'])}")
    return document_from_bytes(data, arg, encoding=encoding, ocr=ocr)


def _cwd_hint(rev: str, path: str) -> str:
    """When a root-relative path is missing but exists from the current folder: say how to name it."""
    if path.startswith(("./", "../", "/")) or read_blob(".", rev, f"./{path}") is None:
        return ""
    return (f" (the path in REV:path is from the repository root, as in git; did you mean "
            f"{rev}:./{path}?)")


def read_blob(root: str | Path, rev: str, path: str) -> bytes | None:
    """The bytes of path at rev, or None when the file does not exist there."""
    _revision(rev, f"{rev}:{path}")
    try:
        return _git(["show", "--end-of-options", f"{rev}:{path}"], root)
    except InputError as e:
        if any(m in str(e) for m in ("does not exist", "exists on disk, but not in", "exists, but not")):
            return None
        raise InputError(f"{rev}:{path}", str(e).split(": ", 1)[-1]) from None


def read_ref_bytes(ref: DocumentRef) -> bytes:
    """The bytes of one version of a document, as read_ref reads them (b"" for a missing one): what
    a result cache hashes and what a remote worker is sent, so it needs neither the files nor git."""
    if ref.missing:
        return b""
    if ref.rev is None:
        return read_bytes(Path(ref.root) / ref.path)
    data = read_blob(ref.root, ref.rev, ref.path)
    if data is None:
        raise InputError(ref.label, "no such file at that revision")
    return data


def source_from_bytes(ref: DocumentRef, data: bytes, *, encoding: str | None = None, ocr: bool = False) -> Source:
    """The Source of one version from its bytes (read_ref_bytes); names only, no file is opened."""
    if ref.missing:
        return decode_source(b"", ref.label)
    if ref.rev is None:
        return replace(document_from_bytes(data, str(Path(ref.root) / ref.path), encoding=encoding, ocr=ocr),
                       path=ref.path)
    return document_from_bytes(data, ref.label, encoding=encoding, ocr=ocr)


def read_ref(ref: DocumentRef, *, encoding: str | None = None, ocr: bool = False) -> Source:
    """The Source of one version of a document (a missing one reads as empty text)."""
    return source_from_bytes(ref, read_ref_bytes(ref), encoding=encoding, ocr=ocr)


def default_base(root: str | Path) -> str:
    """The merge base with the default branch, or HEAD~1 on that branch itself."""
    head = _git(["rev-parse", "HEAD"], root).decode().strip()
    for branch in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
        try:
            base = _git(["merge-base", "HEAD", branch], root).decode().strip()
        except InputError:
            continue
        if base != head:
            return base
        break
    try:
        return _git(["rev-parse", "HEAD~1"], root).decode().strip()
    except InputError:
        raise InputError("--base", "the repository has a single commit; name a base revision with --base") from None


def tracked_files(root: str | Path, rev: str | None) -> list[str]:
    """Paths of the files git tracks at rev (None: the index), relative to the repository root."""
    args = ["ls-tree", "-r", "-z", "--name-only", "--end-of-options", _revision(rev, "--head")] if rev else \
        ["ls-files", "-z"]
    return [f for f in _git(args, root).decode("utf-8", "surrogateescape").split("\0") if f]


def changed_files(root: str | Path, base: str, head: str | None) -> list[tuple[str, str | None, str | None]]:
    """(status, old path, new path) of files changed from base to head (None: the working tree);
    renames are followed, so a renamed document is compared with its former self."""
    revs = [_revision(base, "--base")] + ([_revision(head, "--head")] if head else [])
    args = ["diff", "--name-status", "-z", "-M", "--end-of-options", *revs, "--"]
    try:
        fields = _git(args, root).decode("utf-8", "surrogateescape").split("\0")
    except InputError as e:
        raise _shallow_hint(e, base) from None
    out: list[tuple[str, str | None, str | None]] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[0] in "RC":
            out.append((status[0], fields[i + 1], fields[i + 2]))
            i += 3
        else:
            path = fields[i + 1]
            out.append((status[0], None if status[0] == "A" else path, None if status[0] == "D" else path))
            i += 2
    return out
