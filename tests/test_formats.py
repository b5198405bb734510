"""The same document as TXT, Markdown, DOCX and PDF gives the same sections and the same changes."""
import re

import pytest

from conftest import SAMPLES
from docdiff.diffing import compare_files
from docdiff.diffing.normalize import text_without_furniture

FORMATS = {
    "txt": (SAMPLES / "8700-25-limite.txt", SAMPLES / "8700-25-public.txt"),
    "md": (SAMPLES / "formats" / "8700-25-limite.md", SAMPLES / "formats" / "8700-25-public.md"),
    "docx": (SAMPLES / "formats" / "8700-25-limite.docx", SAMPLES / "formats" / "8700-25-public.docx"),
    "pdf": (SAMPLES / "formats" / "8700-25-limite.pdf", SAMPLES / "formats" / "8700-25-public.pdf"),
}


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.replace("-\n", "")))


def shape(fmt):
    old, new = FORMATS[fmt]
    diff = compare_files(str(old), str(new))
    sections = [(s.status.value, s.new.heading.number if s.new and s.new.heading else None,
                 s.new.heading.title_key if s.new and s.new.heading else None) for s in diff.sections]
    # the passages as read: page furniture inside a span (footers of the text version) left out
    def passage(doc, span):
        return words(text_without_furniture(doc.text, doc.layout.furniture, span.start, span.end)) if span else ""
    changes = [(c.kind.value, passage(diff.old, c.old), passage(diff.new, c.new)) for c in diff.changes]
    return sections, changes


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_same_sections_and_changes_as_the_text_version(fmt):
    assert shape(fmt) == shape("txt")


def test_the_text_version_reads_as_expected():
    sections, changes = shape("txt")
    # 16 headings (the sentence-case "Migration in Poland from the security and organized crime
    # perspective" among them) and the header block before the first one
    assert len(sections) == 17 and [k for k, _, _ in changes].count("redacted") == 23
    assert ("changed", "", "migration in poland from the security and organized crime perspective") in sections
