"""Checks: policy rules over a DocumentDiff, for `docdiff check` in CI.

Each rule is a function registered with @rule; its docstring is its user documentation
(`docdiff check --list-rules` prints it). A rule reads the comparison of one document pair and
yields findings located in the new version (file, line, column).
"""
from __future__ import annotations

import inspect
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import DocdiffError
from .model import (
    Change,
    ChangeKind,
    CheckPair,
    Document,
    DocumentDiff,
    DocumentRef,
    Finding,
    Options,
    PairResult,
    RuleSettings,
    Section,
    SectionDiff,
    SectionStatus,
    Severity,
    Source,
)
from .normalize import text_without_furniture
from .tokens import fold_text, make_key_context
from .userregex import compile_any

if TYPE_CHECKING:
    from .cache import ResultCache
    from .engines import Engine

SNIPPET = 160
_WS = re.compile(r"\s+")
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    default_enabled: bool
    options: dict            # option name -> (kind, default); kinds are validated by config.py
    check: Callable
    doc: str = field(default="")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, *, enabled: bool = False, **options):
    """Register a rule; option names are given in snake_case and exposed in kebab-case."""
    def register(fn):
        opts = {name.replace("_", "-"): spec for name, spec in options.items()}
        RULES[rule_id] = Rule(rule_id, severity, enabled, opts, fn, inspect.cleandoc(fn.__doc__ or ""))
        return fn
    return register


@dataclass(frozen=True, slots=True)
class RuleInput:
    """What a rule sees: the comparison, the paths to report, and its own settings."""

    diff: DocumentDiff
    path: str
    old_path: str
    settings: RuleSettings

    def finding(self, offset: int, message: str, passage: str = "") -> Finding:
        """A finding at a code-point offset of the new version's text."""
        starts = self.diff.new.line_starts
        line = bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
        return Finding(self.path, line, column, self.settings.rule, self.settings.severity, message,
                       snippet(passage), self.old_path)


def run_rules(diff: DocumentDiff, path: str, old_path: str, rules: Iterable[RuleSettings]) -> list[Finding]:
    """All findings of the enabled rules for one compared pair, in document order."""
    findings: list[Finding] = []
    for settings in rules:
        if settings.enabled:
            findings += RULES[settings.rule].check(RuleInput(diff, path, old_path, settings))
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule))


def snippet(text: str, limit: int = SNIPPET) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _quote(text: str, limit: int = 80) -> str:
    return f"\u201c{snippet(text, limit)}\u201d"


def _change_offset(diff: DocumentDiff, sec_index: int, change: Change) -> int:
    """Where in the new version a change is: its new span, or where a removed section was."""
    if change.new is not None:
        return change.new.start
    return _removed_section_offset(diff, sec_index)


def _removed_section_offset(diff: DocumentDiff, sec_index: int) -> int:
    """Where a removed section was in the new version: the end of the last section before it."""
    for s in reversed(diff.sections[:sec_index]):
        if s.new is not None:
            return s.new.end if s.new.end < len(diff.new.text) else max(0, len(diff.new.text) - 1)
    return 0


def _changes(diff: DocumentDiff) -> Iterator[tuple[int, SectionDiff, Change]]:
    for k, s in enumerate(diff.sections):
        for c in s.changes:
            yield k, s, c


def _heading_text(doc: Document, sec: Section | None) -> str:
    """A section's heading line as written, without Markdown's # marks or a setext underline
    ("## Article 5 Data" -> "Article 5 Data"); "" for the text before the first heading."""
    if sec is None or sec.heading is None:
        return ""
    return doc.text[sec.heading.start:sec.heading.end].strip().split("\n", 1)[0].strip(" \t#")


def _title(diff: DocumentDiff, s: SectionDiff) -> str:
    """The section's heading as written (the new version's, else the old one's)."""
    for doc, sec in ((diff.new, s.new), (diff.old, s.old)):
        if text := _heading_text(doc, sec):
            return snippet(text)
    return "(text before the first heading)"


def _describe(c: Change) -> str:
    old = c.old.text if c.old else ""
    new = c.new.text if c.new else ""
    if c.kind is ChangeKind.ADDED:
        return f"added {_quote(new)}"
    if c.kind is ChangeKind.REMOVED:
        return f"removed {_quote(old)}"
    if c.kind is ChangeKind.REVEALED:
        marker = _quote(c.marker) if c.marker and c.marker.strip() else "a gap of spaces"
        return f"revealed {_quote(new)} (was {marker}{f', {c.stated}' if c.stated else ''})"
    return f"modified {_quote(old, 50)} -> {_quote(new, 50)}"


@rule("only-redactions", Severity.ERROR,
      allow_added=("regex-list", [r"DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC \(\d{2}\.\d{2}\.\d{4}\)"]))
def check_only_redactions(inp: RuleInput) -> Iterator[Finding]:
    """The newer (public) version may differ from the older one only by redactions.

    Every added, removed, modified or revealed passage is a finding; layout never is. Additions
    whose whole text matches a regex in `allow-added` are allowed (by default the EU Council access
    stamp "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (dd.mm.yyyy)").
    Options: allow-added (list of regexes)."""
    allowed = [compile_any(rx, True, "rules.only-redactions.allow-added")
               for rx in inp.settings.option("allow-added", [])]
    for k, _, c in _changes(inp.diff):
        if c.kind is ChangeKind.REDACTED:
            continue
        if c.kind is ChangeKind.ADDED and any(rx.fullmatch(snippet(c.new_span.text, 10**9)) for rx in allowed):
            continue
        yield inp.finding(_change_offset(inp.diff, k, c),
                          f"{_describe(c)}: the new version may differ only by redactions",
                          (c.new.text if c.new and c.new.text else c.old_span.text))


@rule("unmarked-removal", Severity.ERROR, enabled=True, include_modified=("bool", False))
def check_unmarked_removal(inp: RuleInput) -> Iterator[Finding]:
    """Text was removed without a redaction marker in its place.

    A withheld passage should read DELETED, [REDACTED], █ … so that readers know something is
    missing. Every removed passage (and removed section) is a finding; with `include-modified:
    true` so is text replaced by other text. Options: include-modified (bool, default false)."""
    kinds = {ChangeKind.REMOVED} | ({ChangeKind.MODIFIED} if inp.settings.option("include-modified") else set())
    for k, _, c in _changes(inp.diff):
        if c.kind in kinds and any(ch.isalnum() for ch in c.old_span.text):   # a lone "." is not text
            yield inp.finding(_change_offset(inp.diff, k, c),
                              f"text removed without a redaction marker: {_quote(c.old_span.text)}", c.old_span.text)


@rule("redaction-leak", Severity.ERROR, enabled=True, min_words=("int", 8), min_sentence_words=("int", 5))
def check_redaction_leak(inp: RuleInput) -> Iterator[Finding]:
    """Text withheld by a redaction still appears elsewhere in the new version.

    For every redacted passage, each whole sentence of at least `min-sentence-words` words and
    every run of `min-words` consecutive words is looked for in the rest of the new version
    (another section, a heading, a footnote), ignoring case, typography and line breaks.
    The finding is placed where the text leaks. Options: min-words (default 8),
    min-sentence-words (default 5)."""
    redactions = [c for _, _, c in _changes(inp.diff) if c.kind is ChangeKind.REDACTED and c.old_span.text]
    if not redactions:
        return
    n = max(2, int(inp.settings.option("min-words", 8)))
    min_sentence = max(2, int(inp.settings.option("min-sentence-words", 5)))
    index = _WordIndex(inp.diff.new.text, n)
    for c in redactions:
        hit = index.find_leak(c.old_span.text, n, min_sentence)
        if hit is not None:
            start, end = hit
            where = inp.diff.new.text[start:end]
            marker_line = c.new.line if c.new else 0
            yield inp.finding(start, f"text withheld at line {marker_line} still appears here: {_quote(where)}",
                              where)


class _WordIndex:
    """Case- and typography-folded words of a text with their offsets, for leak searches."""

    def __init__(self, text: str, n: int):
        ctx = make_key_context(text, Options())
        self._fold = lambda s: fold_text(s, ctx).casefold()
        self.spans = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
        self.words = [self._fold(text[s:e]) for s, e in self.spans]
        self.joined = " " + " ".join(self.words) + " "
        self.word_at: list[int] = []
        pos = 1
        for w in self.words:
            self.word_at.append(pos)
            pos += len(w) + 1
        self.n = n
        self.grams: dict[tuple[str, ...], int] = {}
        for i in range(len(self.words) - n + 1):
            self.grams.setdefault(tuple(self.words[i:i + n]), i)

    def find_leak(self, withheld: str, n: int, min_sentence: int) -> tuple[int, int] | None:
        words = _WORDS.findall(self._fold(withheld))
        for sentence in re.split(r"(?<=[.!?;:])\s+", withheld):
            sw = _WORDS.findall(self._fold(sentence))
            if len(sw) >= min_sentence:
                pos = self.joined.find(" " + " ".join(sw) + " ")
                if pos >= 0:
                    i = bisect_right(self.word_at, pos + 1) - 1
                    return self.spans[i][0], self.spans[i + len(sw) - 1][1]
        for i in range(len(words) - n + 1):
            j = self.grams.get(tuple(words[i:i + n]))
            if j is not None:
                return self.spans[j][0], self.spans[j + n - 1][1]
        return None


_HOW = {"under-box": "under a redaction box", "white-text": "in white on white", "under-image": "under a picture"}


@rule("failed-redaction", Severity.ERROR, enabled=True)
def check_failed_redaction(inp: RuleInput) -> Iterator[Finding]:
    """A PDF of the new version still holds text its reader does not see.

    A redaction box drawn over text that is still in the text layer hides nothing: copy and
    paste, search or any text extractor reveals it. Every such passage of the new version is a
    finding with its page and the leaked text, and so is text printed white on a white page or
    covered by a picture painted over it (the comparison itself reads each as a reader sees the
    page: a box is a redaction, marked `leaked`). PDF inputs only; no options."""
    pdf = inp.diff.new.source.pdf
    for h in pdf.hidden if pdf is not None else ():
        yield inp.finding(min(h.start, max(0, len(inp.diff.new.text) - 1)),
                          f"page {h.page}: failed redaction: {_quote(h.text)} is still in the text layer "
                          f"{_HOW[h.how]}", h.text)


@rule("forbidden-terms", Severity.ERROR, terms=("string-list", []), patterns=("regex-list", []))
def check_forbidden_terms(inp: RuleInput) -> Iterator[Finding]:
    """Listed words or regular expressions must not appear in the new version.

    `terms` are matched as whole words or phrases, ignoring case and line breaks; `patterns` are
    regular expressions (Python syntax). Every occurrence is a finding.
    Options: terms (list of strings), patterns (list of regexes)."""
    text = inp.diff.new.text
    regexes = [(t, _phrase_regex(t, ignore_case=True)) for t in inp.settings.option("terms", [])]
    regexes += [(p, compile_any(p, True, "rules.forbidden-terms.patterns"))
                for p in inp.settings.option("patterns", [])]
    for label, rx in regexes:
        for m in rx.finditer(text):
            if m.end() > m.start():
                yield inp.finding(m.start(), f"forbidden term {_quote(label)} appears: {_quote(m.group())}",
                                  m.group())


def _phrase_regex(phrase: str, *, ignore_case: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE if ignore_case else 0)


@rule("protected-sections", Severity.ERROR, titles=("regex-list", []))
def check_protected_sections(inp: RuleInput) -> Iterator[Finding]:
    """Sections whose title matches must not be removed or changed.

    `titles` are regular expressions searched (ignoring case) in the section heading of either
    version as written, less Markdown's # marks, e.g. "Conclusion" or "^Article 5\\b". A removed,
    changed, moved or renumbered protected section is a finding. Options: titles (list of regexes)."""
    patterns = [compile_any(t, True, "rules.protected-sections.titles", flags=re.IGNORECASE)
                for t in inp.settings.option("titles", [])]
    for k, s in enumerate(inp.diff.sections):
        headings = [_heading_text(inp.diff.old, s.old), _heading_text(inp.diff.new, s.new)]
        if not any(p.search(h) for p in patterns for h in headings if h):
            continue
        if s.status is SectionStatus.UNCHANGED and not (s.moved or s.renumbered):
            continue
        what = {SectionStatus.REMOVED: "was removed", SectionStatus.ADDED: "was added",
                SectionStatus.CHANGED: f"was changed ({len(s.changes)} change{'s' * (len(s.changes) != 1)})",
                }.get(s.status, "was moved")
        if s.status is SectionStatus.UNCHANGED:
            what = "was moved" if s.moved else "was renumbered"
        if s.changes:
            offset = _change_offset(inp.diff, k, s.changes[0])
        elif s.new is not None:
            offset = s.new.start
        else:           # removed, and all its text moved into other sections: no change is left
            offset = _removed_section_offset(inp.diff, k)
        yield inp.finding(offset, f"protected section {_quote(_title(inp.diff, s))} {what}",
                          s.changes[0].old.text if s.changes and s.changes[0].old else _title(inp.diff, s))


@rule("max-change", Severity.WARNING, document=("share", 0.5), section=("share", None))
def check_max_change(inp: RuleInput) -> Iterator[Finding]:
    """The share of changed text is above a bound, for the document or for a section.

    The changed share is 1 - similarity (comparison-key characters left equal). Bounds are
    fractions from 0 to 1; leave one out (or null) not to check it.
    Options: document (default 0.5), section (default none)."""
    doc_max, sec_max = inp.settings.option("document", 0.5), inp.settings.option("section")
    diff = inp.diff
    if doc_max is not None and 1 - diff.similarity > doc_max:
        yield inp.finding(0, f"{(1 - diff.similarity) * 100:.0f}% of the document changed "
                             f"(at most {doc_max * 100:.0f}% allowed)")
    if sec_max is not None:
        for s in diff.sections:
            if s.old is not None and s.new is not None and 1 - s.similarity > sec_max:
                yield inp.finding(s.new.start, f"{(1 - s.similarity) * 100:.0f}% of section "
                                               f"{_quote(_title(inp.diff, s))} changed "
                                               f"(at most {sec_max * 100:.0f}% allowed)")


@rule("max-redacted-share", Severity.WARNING, document=("share", 0.3), section=("share", 0.3))
def check_max_redacted_share(inp: RuleInput) -> Iterator[Finding]:
    """The share of text withheld by redactions is above a bound, for the document or a section.

    The share is withheld characters over the old version's characters (page furniture left
    out). Options: document (default 0.3), section (default 0.3); null disables one."""
    doc_max, sec_max = inp.settings.option("document", 0.3), inp.settings.option("section", 0.3)
    diff = inp.diff
    old = diff.old
    total = len(text_without_furniture(old.text, old.layout.furniture, 0, len(old.text)).strip())
    withheld = diff.withheld_chars
    if doc_max is not None and total and withheld / total > doc_max:
        yield inp.finding(0, f"{withheld / total * 100:.0f}% of the document withheld "
                             f"(at most {doc_max * 100:.0f}% allowed)")
    if sec_max is not None:
        for s in diff.sections:
            if not s.withheld_chars or s.old is None:
                continue
            size = len(text_without_furniture(old.text, old.layout.furniture, s.old.start, s.old.end).strip())
            if size and s.withheld_chars / size > sec_max:
                offset = s.new.start if s.new else 0
                yield inp.finding(offset, f"{s.withheld_chars / size * 100:.0f}% of section "
                                          f"{_quote(_title(inp.diff, s))} withheld "
                                          f"(at most {sec_max * 100:.0f}% allowed)")


@rule("inconsistent-redaction", Severity.ERROR, same_policy=("bool", False))
def check_inconsistent_redaction(inp: RuleInput) -> Iterator[Finding]:
    """A passage the earlier release showed is withheld in the later one.

    For two releases of one record (FOIA releases of one e-mail, the 2017 and 2023 JFK releases),
    where a later release should only release more. With same-policy: true (releases said to
    follow one policy), a passage released in one and withheld in the other is a finding either
    way. On by default for the consecutive releases of each `chains:` entry; marker typography,
    margin codes and moved text are never redactions, so they never count.
    """
    same = bool(inp.settings.option("same-policy"))
    for sec_index, _, c in _changes(inp.diff):
        if c.kind is ChangeKind.REDACTED and c.old_span.text:
            yield inp.finding(_change_offset(inp.diff, sec_index, c),
                              f"withheld here although the earlier release showed it: {_quote(c.old_span.text)}",
                              c.old_span.text)
        elif same and c.kind is ChangeKind.REVEALED and c.new_span.text:
            yield inp.finding(_change_offset(inp.diff, sec_index, c),
                              f"released here although the other release withheld it under the same policy: "
                              f"{_quote(c.new_span.text)}", c.new_span.text)


@rule("required-marking", Severity.ERROR, require=("string-list", []), forbid=("string-list", []))
def check_required_marking(inp: RuleInput) -> Iterator[Finding]:
    """The new version must carry a given stamp or marking, and must not carry another.

    Markings are matched exactly (case included), line breaks and runs of spaces aside, e.g.
    require "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC" and forbid "LIMITE".
    Options: require (list of strings), forbid (list of strings)."""
    text = inp.diff.new.text
    for marking in inp.settings.option("require", []):
        if not _phrase_regex(marking, ignore_case=False).search(text):
            yield inp.finding(0, f"required marking {_quote(marking)} is missing")
    for marking in inp.settings.option("forbid", []):
        for m in _phrase_regex(marking, ignore_case=False).finditer(text):
            yield inp.finding(m.start(), f"marking {_quote(marking)} must not appear", m.group())


INPUT_ERROR = "input-error"      # the rule name of a pair that could not be read (not a configurable rule)
WORKER_LOST = "worker-lost"      # the rule name of a pair whose worker died on every try (Dask engine)


def check_pair(pair: CheckPair, options: Options, old: bytes | DocdiffError | None = None,
               new: bytes | DocdiffError | None = None) -> PairResult:
    """Read both versions of one pair, compare them and run the pair's rules. A pair that cannot
    be read is a result of its own (an error finding), so every other pair is still checked.

    `old`/`new`: the version's bytes (vcs.read_ref_bytes) or the error reading them raised, when
    the caller has read them already (a result cache, a remote worker); None: read them here."""
    from .compare import compare_documents
    try:
        diff = compare_documents(_source(pair.old, old, options.ocr), _source(pair.new, new, options.ocr), options)
    except DocdiffError as e:
        finding = Finding(pair.new.label, 1, 1, INPUT_ERROR, Severity.ERROR, str(e), old_path=pair.old.label)
        return PairResult(pair, (finding,), 0.0, 0, error=str(e))
    findings = run_rules(diff, pair.new.path, pair.old.path, pair.rules)
    return PairResult(pair, tuple(findings), diff.similarity, len(diff.changes),
                      warnings=tuple(f"{s.path}: {w}" for s in (diff.old.source, diff.new.source) for w in s.warnings))


def _source(ref: DocumentRef, got: bytes | DocdiffError | None, ocr: bool = False) -> Source:
    from .vcs import read_ref, source_from_bytes
    if got is None:
        return read_ref(ref, ocr=ocr)
    if isinstance(got, DocdiffError):
        raise got
    return source_from_bytes(ref, got, ocr=ocr)


def lost_result(pair: CheckPair, message: str) -> PairResult:
    """The result of a pair that could not be checked because its worker died (a worker-lost finding)."""
    finding = Finding(pair.new.label, 1, 1, WORKER_LOST, Severity.ERROR, message, old_path=pair.old.label)
    return PairResult(pair, (finding,), 0.0, 0, error=message)


def check_pairs(pairs: list[CheckPair], options: Options, *, jobs: int = 1,
                progress: Callable[[PairResult], None] | None = None, engine: Engine | None = None,
                cache: ResultCache | None = None) -> list[PairResult]:
    """Check every pair, on `engine` (default: local worker processes, `jobs` of them), and return
    the results in the order of `pairs` whatever order they finish in; `progress` is called with
    each result as it arrives (a cached one at once). With a `cache`, a pair whose inputs, options,
    rules and docdiff are those of a stored result is not compared again, and every result that
    could be computed is stored."""
    from .engines import LocalEngine, PairTask
    engine = engine or LocalEngine(jobs)
    results: list[PairResult | None] = [None] * len(pairs)
    keys: dict[int, str] = {}

    def finished(index: int, result: PairResult) -> None:
        results[index] = result
        if progress:
            progress(result)

    def tasks() -> Iterator[PairTask]:
        for index, pair in enumerate(pairs):
            old: bytes | DocdiffError | None = None
            new: bytes | DocdiffError | None = None
            if cache is not None or engine.ships_contents:
                old, new = (_read_or_error(ref) for ref in (pair.old, pair.new))
            if cache is not None and isinstance(old, bytes) and isinstance(new, bytes):
                keys[index] = key = cache.key(pair, old, new, options)
                hit = cache.get(key, pair)
                if hit is not None:
                    finished(index, hit)
                    continue
            elif cache is not None:
                cache.misses += 1          # unreadable: compared (and reported) as without a cache
            yield PairTask(index, pair, old, new)

    for index, result in engine.run(tasks(), options, total=len(pairs)):
        if cache is not None and index in keys:
            cache.put(keys[index], result)
        finished(index, result)
    assert all(r is not None for r in results), "an engine lost a pair"
    return [r for r in results if r is not None]


def _read_or_error(ref: DocumentRef) -> bytes | DocdiffError:
    from .vcs import read_ref_bytes
    try:
        return read_ref_bytes(ref)
    except DocdiffError as e:      # reported by check_pair, in order, as when it reads the file itself
        return e
