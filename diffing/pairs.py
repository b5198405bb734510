"""Pairs: the document pairs a `docdiff check` run compares, from the config (explicit and pattern
pairs) and from git (documents changed between two revisions)."""
from __future__ import annotations

import re
from pathlib import Path

from .config import Config, GitSpec, PairSpec
from .errors import ConfigError
from .model import CheckPair, DocumentRef
from .vcs import changed_files, default_base, repo_root, tracked_files

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
            _inside(root, getattr(spec, side), f"{spec.where}.{side}")
            if not (root / getattr(spec, side)).is_file():
                raise ConfigError(f"{spec.where}.{side}", f"{getattr(spec, side)}: no such file")
        return [CheckPair(DocumentRef(spec.old, None, str(root)), DocumentRef(spec.new, None, str(root)),
                          spec.rules, spec.where)]
    side = globbed[0]
    other = "new" if side == "old" else "old"
    _inside(root, getattr(spec, side), f"{spec.where}.{side}")
    rx = glob_regex(getattr(spec, side))
    matches = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                     and rx.fullmatch(p.relative_to(root).as_posix()))
    if not matches:
        raise ConfigError(f"{spec.where}.{side}", f"{getattr(spec, side)} matches no file (a typo in the glob?)")
    out = []
    for path in matches:
        p = Path(path)
        partner = _partner(getattr(spec, other), p, f"{spec.where}.{other}")
        _inside(root, partner, f"{spec.where}.{other}")
        if not (root / partner).is_file():
            raise ConfigError(f"{spec.where}.{other}", f"{partner}: no such file (the partner of {path})")
        refs = {side: DocumentRef(path, None, str(root)), other: DocumentRef(partner, None, str(root))}
        out.append(CheckPair(refs["old"], refs["new"], spec.rules, spec.where))
    return out


_TEMPLATE_FIELDS = ("name", "stem", "suffix", "dir", "path")


def _partner(template: str, path: Path, where: str) -> str:
    """The partner path of a globbed file: the template with {name}, {stem}, {suffix}, {dir}, {path}."""
    try:
        return template.format(name=path.name, stem=path.stem, suffix=path.suffix, dir=path.parent.as_posix(),
                               path=path.as_posix())
    except (KeyError, IndexError, ValueError, AttributeError) as e:
        raise ConfigError(where, f"{template!r} is not a valid template ({type(e).__name__}: {e}); use "
                                 f"{', '.join('{' + f + '}' for f in _TEMPLATE_FIELDS)}, "
                                 "and {{ }} for a brace") from None


def _inside(root: Path, path: str, where: str) -> None:
    """Pair paths name documents of the repository: an absolute path or one leading out of it
    (`../../etc/passwd`, a symlink out) could print files of the CI machine in findings."""
    if Path(path).is_absolute() or Path(path).drive:
        raise ConfigError(where, f"{path}: an absolute path; name documents relative to the config's folder")
    base = root.resolve()
    try:
        target = (root / path).resolve() if not _MAGIC.search(path) else (root / _MAGIC.split(path)[0]).resolve()
    except (RuntimeError, OSError) as e:      # Python < 3.13 raises RuntimeError on a symlink loop
        raise ConfigError(where, f"{path}: cannot be resolved ({e.__class__.__name__}: a symlink loop?)") from None
    if target != base and base not in target.parents:
        raise ConfigError(where, f"{path}: outside the repository ({base})")


def _git_pairs(root: Path, specs: tuple[GitSpec, ...], base: str | None, head: str | None) -> list[CheckPair]:
    top = repo_root(root)
    if top is None:
        raise ConfigError("git", f"{root} is not inside a git repository")
    base = base or default_base(top)
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    changes = changed_files(top, base, head)
    tracked = tracked_files(top, head)
    out = []
    for spec in specs:
        regexes = [glob_regex(prefix + g) for g in spec.paths]
        if not any(rx.fullmatch(f) for f in tracked for rx in regexes):
            raise ConfigError(f"{spec.where}.paths", f"{', '.join(spec.paths)} matches no file git tracks "
                                                     "(a typo in the glob?)")
        for _, old, new in changes:
            path = new or old
            assert path is not None       # git names a path on one side at least
            if not any(rx.fullmatch(path) for rx in regexes):
                continue
            old_ref = DocumentRef(old or path, base, str(top), missing=old is None)
            new_ref = DocumentRef(new or path, head, str(top), missing=new is None)
            out.append(CheckPair(old_ref, new_ref, spec.rules, spec.where))
    return out
