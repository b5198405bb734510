"""docdiff's library: compare successive versions of a document, section by section.

Pure functions over frozen records; no printing, no exiting, no click or rich.
"""
from .compare import compare_documents, compare_files, compare_texts, filter_diff, has_differences, parse_document
from .errors import ConfigError, DocdiffError, InputError
from .load import decode_source, read_source
from .model import Change, ChangeKind, Document, DocumentDiff, Options, Section, SectionDiff, SectionStatus, Span

__all__ = [
    "Change", "ChangeKind", "ConfigError", "DocdiffError", "Document", "DocumentDiff", "InputError",
    "Options", "Section", "SectionDiff", "SectionStatus", "Span", "compare_documents", "compare_files",
    "compare_texts", "decode_source", "filter_diff", "has_differences", "parse_document", "read_source",
]
