"""Serialize: the JSON contract (schema_version 1). Explicit mapping, deterministic order."""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from .model import Change, ChangeKind, Document, DocumentDiff, Move, Section, SectionDiff, SectionStatus, Span

SCHEMA_VERSION = 1


def diff_to_dict(diff: DocumentDiff) -> dict[str, Any]:
    """The JSON contract of one comparison, as plain data (see docdiff.schema.json)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "old": _source(diff.old),
        "new": _source(diff.new),
        "summary": _summary(diff),
        "normalization": {"old": _layout(diff.old, sum(s.margin_codes[0] for s in diff.sections)),
                          "new": _layout(diff.new, sum(s.margin_codes[1] for s in diff.sections)),
                          "strict": diff.options.strict},
        "profiles": [{"id": name, "how": how} for name, how in diff.profiles],
        "sections": [_section(diff, s) for s in diff.sections],
        "moves": [_move(m) for m in diff.moves],
    }


def diff_to_json(diff: DocumentDiff, *, indent: int | None = None) -> str:
    """Indented for reading unless the diff is large: json's indenting encoder is pure Python and
    several times slower than the compact one (an explicit `indent` always wins)."""
    if indent is None:      # sections count too: 10,000 short sections made a 5-second indented dump
        indent = 2 if len(diff.changes) + len(diff.sections) <= 2000 else None
    return encode_json(diff_to_dict(diff), indent=indent) + "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_json(data: Any, *, indent: int | None = None) -> str:
    """JSON text as docdiff writes it (UTF-8, not ASCII-escaped). A lone surrogate (a file name
    holding bytes that are not UTF-8, as the file system hands it to Python) is written as its
    \\u escape: the text stays encodable as UTF-8 and reads back as the exact name."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _source(doc: Document) -> dict[str, Any]:
    s = doc.source
    return {"path": s.path, "sha256": s.sha256, "format": s.format, "encoding": s.encoding, "chars": len(s.text),
            "lines": len(doc.line_starts), "sections": len(doc.sections)}


def _summary(diff: DocumentDiff) -> dict[str, Any]:
    statuses = Counter(s.status for s in diff.sections)
    kinds = diff.kind_counts
    return {
        "sections": {st.value: statuses.get(st, 0) for st in SectionStatus},
        "moved": sum(1 for s in diff.sections if s.moved),
        "renamed": sum(1 for s in diff.sections if s.renamed),
        "renumbered": sum(1 for s in diff.sections if s.renumbered),
        "recased": sum(1 for s in diff.sections if s.recased),
        "moved_passages": len(diff.moves),
        "changes": {k.value: kinds.get(k, 0) for k in ChangeKind},
        "similarity": diff.similarity,
        "withheld_chars": diff.withheld_chars,
        "identical": not diff.differs,
    }


def _layout(doc: Document, margin_codes: int = 0) -> dict[str, Any]:
    lay = doc.layout
    folded = dict(lay.folded)
    if margin_codes:
        folded["margin-codes"] = margin_codes       # codes that came or went alone (see compare)
    rules = Counter(f.rule for f in lay.furniture)
    return {
        "furniture_lines": len(lay.furniture),
        "furniture_rules": dict(sorted(rules.items())),
        "furniture": [{"line": doc.line_of(f.start), "text": f.text, "rule": f.rule} for f in lay.furniture],
        "hyphenations_joined": lay.hyphenations,
        "wrapped_lines_joined": lay.wrapped_lines,
        "folded_chars": lay.folded_chars,
        "folded": folded,
        **({"pdf": _pdf(doc)} if doc.source.pdf is not None else {}),
    }


def _pdf(doc: Document) -> dict[str, Any]:
    pdf = doc.source.pdf
    assert pdf is not None
    return {
        "boxes": list(pdf.boxes),
        "hidden": [{"page": h.page, "line": doc.line_of(h.start), "start": h.start, "end": h.end, "text": h.text,
                    "how": h.how} for h in pdf.hidden],
        "ocr_pages": list(pdf.ocr_pages),
        "no_text_pages": list(pdf.no_text_pages),
        "ocr_words_set_aside": doc.layout.ocr_words,
    }


def _section(diff: DocumentDiff, s: SectionDiff) -> dict[str, Any]:
    return {
        "status": s.status.value,
        "moved": s.moved,
        "renamed": s.renamed,
        "renumbered": s.renumbered,
        "recased": s.recased,
        "similarity": s.similarity,
        "withheld_chars": s.withheld_chars,
        "old": _section_side(diff.old, s.old),
        "new": _section_side(diff.new, s.new),
        "changes": [_change(c) for c in s.changes],
        "moves_in": list(s.moves_in),
        "moves_out": list(s.moves_out),
    }


def _section_side(doc: Document, sec: Section | None) -> dict[str, Any] | None:
    if sec is None:
        return None
    h = sec.heading
    return {
        "index": sec.index,
        "heading": doc.text[h.start:h.end].strip() if h else None,
        "number": h.number if h else None,
        "title": h.title if h else None,
        "level": h.level if h else 0,
        "style": h.style if h else None,
        "line": doc.line_of(sec.first),
        "start": sec.start,
        "end": sec.end,
    }


def _change(c: Change) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind.value, "old": _span(c.old), "new": _span(c.new)}
    if c.kind in (ChangeKind.REDACTED, ChangeKind.REVEALED, ChangeKind.REPEALED) or c.reason is not None:
        out["marker"] = c.marker
    if c.kind in (ChangeKind.REDACTED, ChangeKind.REVEALED, ChangeKind.REPEALED):
        out["stated_reason"] = c.stated
    if c.reason is not None:
        out["reason"] = {"old": c.reason[0], "new": c.reason[1]}
    if c.case_only:
        out["case_only"] = True
    if c.move is not None:
        out["move"] = c.move
    if c.leaked:
        out["leaked"] = True
    return out


def _move(m: Move) -> dict[str, Any]:
    return {"old": _span(m.old), "new": _span(m.new), "old_section": m.old_section, "new_section": m.new_section,
            "similarity": m.similarity}


def _span(sp: Span | None) -> dict[str, Any] | None:
    if sp is None:
        return None
    return {"start": sp.start, "end": sp.end, "line": sp.line, "text": sp.text}


def history_to_dict(history) -> dict[str, Any]:
    """The JSON of `docdiff history` (see docdiff-history.schema.json)."""
    from .history import STATES
    n = len(history.sources)
    return {
        "schema_version": SCHEMA_VERSION,
        "versions": [{"path": s.path, "sha256": s.sha256, "format": s.format} for s in history.sources],
        "profiles": [{"id": name, "how": how} for name, how in history.profiles],
        "summary": {
            "passages": len(history.passages),
            "states": [{st: sum(1 for p in history.passages if p.states[k] == st) for st in STATES} for k in range(n)],
            "released": [0] + [len(history.released_in(k)) for k in range(1, n)],
        },
        "passages": [{"text": p.text, "states": list(p.states),
                      "spans": [None if sp is None else {"start": sp.start, "end": sp.end, "line": sp.line}
                                for sp in p.spans]} for p in history.passages],
    }
