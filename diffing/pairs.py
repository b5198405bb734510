"""Pairs: the document pairs a `docdiff check` run compares, from the config (explicit and pattern
pairs) and from git (documents changed between two revisions)."""
from __future__ import annotations

import re
from pathlib import Path

from .config import Config, GitSpec, PairSpec
from .errors import ConfigError
from .model import CheckPair, DocumentRef
from .vcs import changed_files, default_base, repo_root

_MAGIC = re.compile(r"[*?\[]")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob: `*` and `?` stay within a folder, `**/` spans any number of folders."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(r".*")
            i += 2
        elif pattern[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append(r"[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def resolve_pairs(config: Config, *, git: bool, base: str | None, head: str | None) -> list[CheckPair]:
    """Every pair the config names; git pairs only when `git` (or when the config has git entries)."""
    root = config.root
    pairs: list[CheckPair] = []
    for spec in config.pairs:
        pairs += _file_pairs(root, spec)
    if config.git and git:
        pairs += _git_pairs(root, config.git, base, head)
    return pairs


def _file_pairs(root: Path, spec: PairSpec) -> list[CheckPair]:
    globbed = [side for side in ("old", "new") if _MAGIC.search(getattr(spec, side))]
    if len(globbed) == 2:
        raise ConfigError(f"{spec.where}", "a glob on both sides cannot be paired; put the glob on one "
                                           "side and a {name} template on the other")
    if not globbed:
        for side in ("old", "new"):
            if not (root / getattr(spec, side)).is_file():
                raise ConfigError(f"{spec.where}.{side}", f"{getattr(spec, side)}: no such file")
        return [CheckPair(DocumentRef(spec.old, None, str(root)), DocumentRef(spec.new, None, str(root)),
                          spec.rules, spec.where)]
    side = globbed[0]
    other = "new" if side == "old" else "old"
    rx = glob_regex(getattr(spec, side))
    matches = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                     and rx.fullmatch(p.relative_to(root).as_posix()))
    out = []
    for path in matches:
        p = Path(path)
        partner = getattr(spec, other).format(name=p.name, stem=p.stem, suffix=p.suffix, dir=p.parent.as_posix(),
                                              path=path)
        if not (root / partner).is_file():
            raise ConfigError(f"{spec.where}.{other}", f"{partner}: no such file (the partner of {path})")
        refs = {side: DocumentRef(path, None, str(root)), other: DocumentRef(partner, None, str(root))}
        out.append(CheckPair(refs["old"], refs["new"], spec.rules, spec.where))
    return out


def _git_pairs(root: Path, specs: tuple[GitSpec, ...], base: str | None, head: str | None) -> list[CheckPair]:
    top = repo_root(root)
    if top is None:
        raise ConfigError("git", f"{root} is not inside a git repository")
    base = base or default_base(top)
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    changes = changed_files(top, base, head)
    out = []
    for spec in specs:
        regexes = [glob_regex(prefix + g) for g in spec.paths]
        for _, old, new in changes:
            path = new or old
            if not any(rx.fullmatch(path) for rx in regexes):
                continue
            old_ref = DocumentRef(old or path, base, str(top), missing=old is None)
            new_ref = DocumentRef(new or path, head, str(top), missing=new is None)
            out.append(CheckPair(old_ref, new_ref, spec.rules, spec.where))
    return out
