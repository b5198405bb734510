"""Sections stage: heading styles real documents use; number and title kept apart."""
import pytest

from diffing.compare import parse_document
from diffing.model import Options, Source


def sections(text):
    doc, _ = parse_document(Source("t", text, "utf-8", "0" * 64), Options())
    return doc.sections


def only_heading(line):
    secs = sections(f"Intro text of the note.\n\n{line}\n\nBody of the section.\n")
    heads = [s.heading for s in secs if s.heading]
    return heads[0] if heads else None


@pytest.mark.parametrize("line, number, title, style, level", [
    ("1. Introduction", "1", "Introduction", "decimal", 1),
    ("1.2 Scope of Application", "1.2", "Scope of Application", "decimal", 2),
    ("1.2.3. Definitions", "1.2.3", "Definitions", "decimal", 3),
    ("II. Grants", "II", "Grants", "roman", 1),
    ("B. User Accounts", "B", "User Accounts", "letter", 1),
    ("B.1 Account Controls", "B.1", "Account Controls", "letter", 2),
    ("Article 5 \u2013 Fair Use", "Article 5", "Fair Use", "keyword", 1),
    ("Section 3. Conditions", "Section 3", "Conditions", "keyword", 1),
    ("\u00a7 4 Notices", "\u00a7 4", "Notices", "keyword", 1),
    ("Article 12", "Article 12", "", "keyword", 1),
    ("## 2. Applicability And Definitions", "2", "Applicability And Definitions", "markdown", 2),
    ("# Preamble", "", "Preamble", "markdown", 1),
    ("TERMS AND CONDITIONS", "", "TERMS AND CONDITIONS", "caps", 1),
    ("Introduction", "", "Introduction", "plain", 1),
    ("Discussion Questions:", "", "Discussion Questions:", "plain", 1),
    ("Policy Recommendations and Next Steps", "", "Policy Recommendations and Next Steps", "plain", 1),
    ("  3. Protecting Users' Legal Rights From Anti-Circumvention Law.", "3",
     "Protecting Users' Legal Rights From Anti-Circumvention Law.", "decimal", 1),
], ids=lambda v: v if isinstance(v, str) and len(v) > 2 else None)
def test_heading_styles(line, number, title, style, level):
    h = only_heading(line)
    assert h is not None, line
    assert (h.number, h.title, h.style, h.level) == (number, title, style, level)


@pytest.mark.parametrize("line", [
    "DELETED",
    "1.1.  REDACTED",
    "1.5.  XXXX",
    "The EU faces significant security challenges",
    "1.3. \"Contribution\" means Covered Software of a particular Contributor.",
    "(a) for any code that a Contributor has removed from Covered Software; or",
    "This is an ordinary sentence that ends with a period.",
    "\u2022",
], ids=["marker", "numbered-marker", "numbered-xxxx", "fragment", "definition", "list-item", "sentence",
        "bullet"])
def test_not_headings(line):
    assert only_heading(line) is None


def test_setext_heading():
    secs = sections("Intro.\n\nScope\n=====\n\nText.\n")
    assert secs[1].heading.title == "Scope" and secs[1].heading.style == "markdown"


def test_text_before_first_heading_is_a_section_and_every_heading_starts_one():
    secs = sections("Preface words here.\n\n1. One\n\nA.\n\n1.1 Sub\n\nB.\n\n2. Two\n\nC.\n")
    assert [s.heading.title if s.heading else None for s in secs] == [None, "One", "Sub", "Two"]
    assert [s.heading.level for s in secs[1:]] == [1, 2, 1]


def test_roman_value_of_numbers_and_lettered_i():
    secs = sections("I. Alpha\n\nx.\n\nII. Beta\n\ny.\n")
    assert [s.heading.number_key for s in secs] == [(1,), (2,)]
    secs = sections("H. Eighth Part\n\nx.\n\nI. Ninth Part\n\ny.\n")
    assert [s.heading.number_key for s in secs] == [(8,), (9,)]


def test_lettered_list_item_with_period_is_not_a_heading():
    assert only_heading("O. Preserve any Warranty Disclaimers.") is None


def test_keyword_heading_with_quoted_title():
    h = only_heading('Exhibit B - "Incompatible With Secondary Licenses" Notice')
    assert (h.number, h.title, h.style) == ("Exhibit B", '"Incompatible With Secondary Licenses" Notice', "keyword")


def test_numbered_setext_heading():
    secs = sections("Intro.\n\n1. Definitions\n--------------\n\nText.\n")
    assert (secs[1].heading.number, secs[1].heading.title, secs[1].heading.level) == ("1", "Definitions", 2)
