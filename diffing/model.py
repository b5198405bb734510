"""Frozen records that flow between the pipeline stages; no logic beyond trivial properties."""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class ChangeKind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    REDACTED = "redacted"
    REVEALED = "revealed"
    REPEALED = "repealed"       # a provision's text gave way to a repeal note such as (weggefallen)


class SectionStatus(str, Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that changes what `compare_documents` reports; built once by the CLI or a caller."""

    strict: bool = False
    markers: tuple[str, ...] = ()           # extra redaction-marker regexes
    default_markers: bool = True           # use the built-in marker set
    furniture: tuple[str, ...] = ()        # extra page-furniture regexes (whole line)
    detect_furniture: bool = True
    profiles: tuple[str, ...] = ()         # release profiles to apply (conventions/profiles.py)
    detect_profiles: bool = True           # also apply those a version clearly follows
    ocr: bool = False                      # how `docdiff check` reads its own inputs: PDF pages without a
                                           # text layer by OCR (a caller reading its own sources decides)


@dataclass(frozen=True, slots=True)
class HiddenText:
    """Text still in a PDF's text layer that a reader of the page does not see: a failed redaction."""

    page: int                # 1-based
    start: int               # offsets in the extracted text of what a reader sees in its place: the box's
    end: int                 # marker, or an empty span where white text or text under a picture was
    text: str                # the hidden text, as the text layer holds it
    how: str                 # under-box, white-text, under-image


@dataclass(frozen=True, slots=True)
class PdfReading:
    """What reading a PDF found beyond its text: redaction boxes, hidden text, pages read by OCR."""

    boxes: tuple[int, ...]               # redaction boxes on each page (read as markers in the text)
    hidden: tuple[HiddenText, ...] = ()
    ocr_pages: tuple[int, ...] = ()      # 1-based pages that had no text layer and were read by OCR
    no_text_pages: tuple[int, ...] = ()  # 1-based pages with no text layer that were not read by OCR


@dataclass(frozen=True, slots=True)
class Source:
    """One input as read: the decoded text (newlines as \\n) and where it came from."""

    path: str
    text: str
    encoding: str
    sha256: str
    newline: str = "\n"      # the dominant line end in the raw bytes: "\n", "\r\n" or "\r"
    bom: bool = False
    format: str = "text"     # text, markdown, html, pdf, docx: how the text was obtained
    warnings: tuple[str, ...] = ()      # what a reader should know about how it was read (one line each, no path)
    pdf: PdfReading | None = None       # for a PDF: its boxes, hidden text and OCR'd pages


class Token(NamedTuple):
    """One word, punctuation mark or redaction marker: offsets into the text as read, and its key."""

    start: int
    end: int
    key: str
    marker: bool


@dataclass(frozen=True, slots=True)
class RawChange:
    """Token runs that differ: old tokens replaced by new ones, plus positions for empty sides."""

    old: tuple[Token, ...]
    new: tuple[Token, ...]
    old_pos: int
    new_pos: int
    reason_changed: bool = False     # two markers stating different reasons ("(b)(6)" -> "(b)(7)(C)")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of content lines between blank lines; `lines` are (start, end) offsets of its
    content lines, page-furniture lines inside it excluded; `key` is the layout-free comparison key.
    `kind` says what Markdown made of it: text, code, table, list, html or front-matter. `indent`:
    for code, the indentation its whole block shares (the markup's: a fence in a list item, a reST
    literal block), which the block's paragraphs between blank lines leave out alike."""

    start: int
    end: int
    lines: tuple[tuple[int, int], ...]
    key: str
    kind: str = "text"
    indent: int = 0

    def __reduce__(self):
        # a long document has 100,000 paragraphs: pickled by their fields, they load in half the time
        # of the frozen dataclass's state (a forked child sends a version's back: parallel.fork_pair)
        return Paragraph, (self.start, self.end, self.lines, self.key, self.kind, self.indent)


@dataclass(frozen=True, slots=True)
class Heading:
    start: int               # offset of the heading line (markup included)
    end: int
    title_start: int         # offset where the title text begins (after number and markup)
    number: str              # as written, e.g. "1.2", "II", "Article 5"; "" when unnumbered
    title: str
    level: int
    style: str               # decimal, roman, letter, keyword, cjk, clause, markdown, underlined, caps, plain
    number_key: tuple[int, ...]   # numeric value of the number, for renumbering checks
    title_key: str           # case- and layout-folded title for matching
    case_key: str = ""       # layout-folded title with its letter case kept (a case-only change shows)


@dataclass(frozen=True, slots=True)
class Section:
    index: int
    start: int
    end: int
    heading: Heading | None
    paragraphs: tuple[Paragraph, ...]   # body paragraphs, heading excluded

    @property
    def first(self) -> int:
        """Offset of the heading, or of the first line of a section without one."""
        if self.heading is not None:
            return self.heading.start
        return self.paragraphs[0].start if self.paragraphs else self.start


@dataclass(frozen=True, slots=True)
class Furniture:
    start: int               # offset of the furniture text (leading spaces excluded)
    end: int
    text: str
    rule: str
    line_start: int          # offset where its line begins


@dataclass(frozen=True, slots=True)
class Layout:
    """What normalisation set aside or folded, so that nothing is hidden silently."""

    furniture: tuple[Furniture, ...] = ()
    hyphenations: int = 0          # end-of-line hyphenations joined
    wrapped_lines: int = 0         # hard line breaks inside paragraphs treated as spaces
    folded: tuple[tuple[str, int], ...] = ()   # characters folded in keys, per kind (quotes, homoglyphs, …)
    ocr_words: int = 0             # words OCR read differently in the two versions ("Counci1"/"Council"), set aside

    @property
    def folded_chars(self) -> int:
        return sum(n for _, n in self.folded)


@dataclass(frozen=True, slots=True)
class Document:
    source: Source
    sections: tuple[Section, ...]
    layout: Layout
    line_starts: tuple[int, ...]

    @property
    def text(self) -> str:
        return self.source.text

    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset."""
        return bisect_right(self.line_starts, offset)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    old: Span | None
    new: Span | None
    marker: str | None = None
    case_only: bool = False          # the texts differ in letter case only
    reason: tuple[str, str] | None = None   # a marker's stated reason changed: (old, new)
    move: int | None = None          # inside the moved passage with this index (DocumentDiff.moves)
    stated: str | None = None        # the reason or code the marker states (B6, Personal Privacy)
    leaked: bool = False             # covers text a PDF hides from its reader but still holds (HiddenText)

    # Only the text of an added section has no old side, only that of a removed one no new side;
    # every other change (an edit inside a section pair or a moved passage) has both.
    @property
    def old_span(self) -> Span:
        assert self.old is not None, self
        return self.old

    @property
    def new_span(self) -> Span:
        assert self.new is not None, self
        return self.new


@dataclass(frozen=True, slots=True)
class Move:
    """A passage that moved: where it was, where it went, and what changed inside it."""

    old: Span
    new: Span
    old_section: int                 # index of the old section it left
    new_section: int                 # index of the new section it went to
    similarity: float
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionPair:
    """Output of alignment: indexes into old/new sections (None when absent)."""

    old: int | None
    new: int | None
    moved: bool = False


@dataclass(frozen=True, slots=True)
class SectionDiff:
    status: SectionStatus
    old: Section | None
    new: Section | None
    moved: bool
    renamed: bool
    renumbered: bool
    similarity: float
    changes: tuple[Change, ...]
    withheld_chars: int = 0
    recased: bool = False            # the titles differ in letter case only
    moves_in: tuple[int, ...] = ()   # indexes of moves whose passage arrived in this section
    moves_out: tuple[int, ...] = ()  # ... and of those whose passage left it
    margin_codes: tuple[int, int] = (0, 0)   # margin codes (old, new) that came or went alone: set aside

    @property
    def kind_counts(self) -> Counter:
        return Counter(c.kind for c in self.changes)

    @property
    def withheld_share(self) -> float:
        """Withheld characters over the old section's characters (0 without an old side)."""
        size = (self.old.end - self.old.start) if self.old else 0
        return self.withheld_chars / size if size else 0.0


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    old: Document
    new: Document
    sections: tuple[SectionDiff, ...]
    similarity: float
    options: Options = field(default_factory=Options)
    moves: tuple[Move, ...] = ()
    profiles: tuple[tuple[str, str], ...] = ()     # (profile id, "chosen" or "detected"), as applied

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for s in self.sections for c in s.changes)

    @property
    def kind_counts(self) -> Counter:
        return Counter(c.kind for c in self.changes)

    @property
    def withheld_chars(self) -> int:
        return sum(s.withheld_chars for s in self.sections)

    @property
    def differs(self) -> bool:
        """Content differences: any change, a moved passage, or a section moved, renumbered or
        recased. Layout never counts."""
        return bool(self.moves) or any(s.changes or s.moved or s.renumbered or s.recased or s.moves_in or s.moves_out
                                       for s in self.sections)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """One rule as configured: whether it runs, how severe its findings are, and its options."""

    rule: str
    enabled: bool
    severity: Severity
    options: tuple[tuple[str, object], ...] = ()

    def option(self, name: str, default=None):
        for key, value in self.options:
            if key == name:
                return value
        return default


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Where one version of a document comes from: a file, or a file at a git revision."""

    path: str                  # repository-relative (or as given) path, used in findings
    rev: str | None = None     # None: the file on disk; else a git revision
    root: str = "."            # the repository root (git) or the folder paths are relative to
    missing: bool = False      # absent at that revision (added or deleted document): empty text

    @property
    def label(self) -> str:
        return f"{self.rev}:{self.path}" if self.rev else self.path


@dataclass(frozen=True, slots=True)
class CheckPair:
    old: DocumentRef
    new: DocumentRef
    rules: tuple[RuleSettings, ...]
    source: str                # where the pair came from, e.g. "pairs[0]" or "git[1]"


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    passage: str = ""
    old_path: str | None = None


@dataclass(frozen=True, slots=True)
class PairResult:
    pair: CheckPair
    findings: tuple[Finding, ...]
    similarity: float
    changes: int
    error: str | None = None     # the pair could not be read or compared (one line); findings say so too
    warnings: tuple[str, ...] = ()     # how its versions were read: "path: warning" lines
