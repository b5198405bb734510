"""Headings stage: structure recognised from the evidence of the whole document and of the other version."""
import pytest

from conftest import SAMPLES
from docdiff.diffing import compare_texts
from docdiff.diffing.compare import parse_document
from docdiff.diffing.model import Options, Source

BODY = "The provisions of this part apply to every operator established in a member state."


def sections(text, fmt="text"):
    doc, _ = parse_document(Source("t", text, "utf-8", "0" * 64, format=fmt), Options())
    return doc.sections


def headings(text, fmt="text"):
    return [(s.heading.number, s.heading.title) for s in sections(text, fmt) if s.heading]


def document(*heads, body=BODY):
    return "Opening words of the document.\n\n" + "".join(f"{h}\n\n{body}\n\n" for h in heads)


@pytest.mark.parametrize("heads, expected", [
    (["1. Introduction", "2. Scope", "3. Definitions"], [("1", "Introduction"), ("2", "Scope"), ("3", "Definitions")]),
    (["1.1 Scope of Application", "1.2 Definitions", "1.3 Exceptions"], [("1.1", "Scope of Application"),
                                                                       ("1.2", "Definitions"), ("1.3", "Exceptions")]),
    (["II. Grants", "III. Conditions", "IV. Termination"], [("II", "Grants"), ("III", "Conditions"),
                                                           ("IV", "Termination")]),
    (["B. User Accounts", "C. Acceptable Use", "D. Content"], [("B", "User Accounts"), ("C", "Acceptable Use"),
                                                              ("D", "Content")]),
    (["Article 5 \u2013 Fair use", "Article 6 \u2013 Notices"], [("Article 5", "Fair use"), ("Article 6", "Notices")]),
    (["Article 5", "Article 6", "Article 7"], [("Article 5", ""), ("Article 6", ""), ("Article 7", "")]),
    (["Annex I", "Annex II"], [("Annex I", ""), ("Annex II", "")]),
    (["Part A", "Part B"], [("Part A", ""), ("Part B", "")]),
    (["\u00a7 4 Notices", "\u00a7 5 Fristen", "\u00a7 5a Ausnahmen"], [("\u00a7 4", "Notices"), ("\u00a7 5", "Fristen"),
                                                                       ("\u00a7 5a", "Ausnahmen")]),
    (['1. Scope', '2. Rules', '3. "except" clause'], [("1", "Scope"), ("2", "Rules"), ("3", '"except" clause')]),
    (["Effective date", "Limitations on grant scope", "Subsequent licenses"],
     [("", "Effective date"), ("", "Limitations on grant scope"), ("", "Subsequent licenses")]),
    (["What information do we collect?", "How we use your information", "Who can see it?"],
     [("", "What information do we collect?"), ("", "How we use your information"), ("", "Who can see it?")]),
    (["TERMS AND CONDITIONS", "NO WARRANTY"], [("", "TERMS AND CONDITIONS"), ("", "NO WARRANTY")]),
    (["\u7b2c\u4e00\u7ae0 \u7dcf\u5247", "\u7b2c\u4e8c\u7ae0 \u8a2d\u7acb"], [("\u7b2c\u4e00\u7ae0", "\u7dcf\u5247"),
                                                                             ("\u7b2c\u4e8c\u7ae0", "\u8a2d\u7acb")]),
    (["\u7b2c1\u6761\uff08\u76ee\u7684\uff09", "\u7b2c2\u6761\uff08\u5b9a\u7fa9\uff09"],
     [("\u7b2c1\u6761", "\uff08\u76ee\u7684\uff09"), ("\u7b2c2\u6761", "\uff08\u5b9a\u7fa9\uff09")]),
], ids=["decimal", "decimal-2", "roman", "letter", "keyword", "keyword-only", "annex", "part", "paragraph-sign",
        "quoted-lower-case", "sentence-case", "questions", "caps", "cjk-chapters", "cjk-articles"])
def test_heading_styles_in_a_document(heads, expected):
    assert headings(document(*heads)) == expected


def test_numbers_past_999_continue_the_sequence():
    heads = [f"{k}. Provision {k}" for k in range(996, 1004)]
    assert [n for n, _ in headings(document(*heads))] == [str(k) for k in range(996, 1004)]


def test_a_stray_number_is_not_a_heading():
    text = document("1. Scope", "2. Terms") + "2024 Annual Report of the agency\n\nIt said more.\n"
    assert ("2024", "Annual Report of the agency") not in headings(text)


def test_untitled_numbered_clauses_are_sections_when_they_structure_the_document():
    clauses = [f"  {k}. {'You may copy and distribute' if k else 'This License applies to any'} program or "
               f"work\nwhich contains a notice placed by the holder saying it may be\ndistributed under the terms of "
               f"this License.\n\n  More words about clause {k} of the\nlicence text.\n" for k in range(6)]
    text = "Preamble\n\nThe licenses for most software are designed to take away your freedom.\n\n" + "\n".join(clauses)
    assert [n for n, _ in headings(text) if n] == ["0", "1", "2", "3", "4", "5"]
    # the body of a clause is its own paragraph text, not part of the heading
    first = next(s for s in sections(text) if s.heading and s.heading.number == "0")
    assert first.paragraphs[0].key.startswith("This License applies")


def test_numbered_list_items_inside_sections_are_not_clauses():
    text = document("Scope", "Rules", body="We collect:\n\n1. Your name and address\n\n2. Your e-mail address\n\n"
                                            "3. Your payment details")
    assert [t for _, t in headings(text)] == ["Scope", "Rules"]


def test_run_in_title_of_a_numbered_clause():
    clauses = "\n".join(f"{k}. Grant of Licence {k}. Subject to the terms of this License, each Contributor "
                        f"hereby grants\nto You a perpetual, worldwide licence.\n" for k in range(1, 5))
    hs = headings("Terms of the licence follow below.\n\n" + clauses)
    assert hs == [(str(k), f"Grant of Licence {k}") for k in range(1, 5)]


def test_underlined_headings_take_their_level_from_the_order_of_underlines():
    text = ("Title\n=====\n\nIntro.\n\nFirst part\n----------\n\nBody one.\n\nA detail\n~~~~~~~~\n\nBody two.\n\n"
            "Second part\n-----------\n\nBody three.\n")
    secs = [s.heading for s in sections(text) if s.heading]
    assert [(h.title, h.level) for h in secs] == [("Title", 1), ("First part", 2), ("A detail", 3),
                                                   ("Second part", 2)]


def test_overlined_title_is_read_at_its_title_line():
    text = "Intro text.\n\n=======\nAbstract\n=======\n\nBody.\n"
    s = next(s for s in sections(text) if s.heading)
    assert s.heading.title == "Abstract" and text[s.heading.start:].startswith("Abstract")


def test_keyword_alone_then_its_title_is_one_heading():
    text = "Preamble text.\n\nArticle 1\n\nSubject matter\n\nThis Regulation lays down rules.\n\nArticle 2\n\n" \
           "Definitions\n\nFor the purposes of this Regulation the following apply.\n"
    assert headings(text) == [("Article 1", "Subject matter"), ("Article 2", "Definitions")]


def test_seed_headings_in_sentence_case_and_a_sentence_cut_by_a_redaction():
    text = (SAMPLES / "8700-25-public.txt").read_text(encoding="utf-8")
    titles = [t for _, t in headings(text)]
    assert "Migration in Poland from the security and organized crime perspective" in titles
    assert "Conclusion" in titles and "Discussion Questions:" in titles
    assert "The EU faces significant security challenges" not in titles


@pytest.mark.parametrize("lines", [
    ["DELETED"],
    ["1.1.  REDACTED"],
    ["The EU faces significant security challenges"],
    ['1.3. "Contribution" means Covered Software of a particular Contributor.'],
    ["(a) for any code that a Contributor has removed from Covered Software; or"],
    ["This is an ordinary sentence that ends with a period."],
    ["\u2022"],
    ['Profile = "Profile" ":" #("<" URI-Reference ">")'],
    ["See <https://example.org/Terms>"],
    ["LIMITE"],
    ["Brussels, 9 May 2025 (OR. en)"],
    ["1.  Introduction . . . . . . . . . . . 3", "2.  Scope  . . . . . . . . . . . . . 5"],
], ids=["marker", "numbered-marker", "fragment", "definition", "list-item", "sentence", "bullet", "abnf", "url",
        "marking", "dateline", "contents"])
def test_not_headings(lines):
    text = "Intro text of the note.\n\n" + "\n\n".join(lines) + "\n\nBody of the section, a longer paragraph.\n"
    assert headings(text) == []


def test_a_line_inside_a_sentence_is_not_a_heading():
    """OCR puts a redaction label or a scrap on its own line in the middle of a sentence."""
    text = ("The investigation found that the\n\nHarm to Ongoing Matter\n\n"
            "was contacted several times by the office.\n")
    assert headings(text) == []


def test_ocr_scraps_are_not_headings():
    scraps = "\n\n".join(["ee", "HOM", "Harm to Ongoing Matter", "chsh: joss", "Personal Privacy", "NO wANYD",
                          "Investigative Technique", "e1s=", "Grand Jury"] * 2)
    text = f"The report said this much.\n\n{scraps}\n\nAnd the report went on at length about it.\n"
    assert headings(text) == []


def test_page_headers_are_not_headings():
    pages = [f"Annual Report 2024\n\n{BODY} {k}\n\nMore text of page {k} follows here.\n" for k in range(1, 6)]
    assert headings("\f".join(pages)) == []


def test_indented_lines_are_body_where_numbered_headings_stand_at_the_margin():
    text = "".join(f"{k}.  Section {k}\n\n   {BODY}\n\n   Target attributes\n\n   {BODY}\n\n" for k in range(1, 5))
    assert [t for _, t in headings(text)] == [f"Section {k}" for k in range(1, 5)]


def test_stacked_heading_lines_without_a_blank_line_between():
    text = ("Summary text of the memo.\n\nDISCUSSION\nA. Recruitment of Trainees\n\n" + BODY + "\n\nB. Travel\n\n"
            + BODY + "\n\n27 March 1963\nARGENTINA\n\n" + BODY + "\n\n27 March 1963\nBOLIVIA\n\n" + BODY + "\n")
    assert [t for _, t in headings(text)] == ["DISCUSSION", "Recruitment of Trainees", "Travel", "ARGENTINA",
                                              "BOLIVIA"]


# ---- Markdown, read with a parser ------------------------------------------------------------

def test_markdown_hash_in_code_and_front_matter_is_not_a_heading():
    text = ("---\ntitle: A draft\nauthor:\n -\n  name: M. N.\n---\n\n# Introduction {#intro}\n\nText.\n\n"
            "```\n# not a heading\n```\n\n## Terms\n\nMore.\n")
    assert headings(text, "markdown") == [("", "Introduction"), ("", "Terms")]


KRAMDOWN_RFC = ("---\ntitle: A Draft\nabbrev: Draft\n\nnormative:\n  RFC2119:\n\n--- abstract\n\n"
                "This document describes a protocol.\n\n--- note_Note_to_Readers\n\nDiscuss it on the list.\n\n"
                "--- middle\n\n# Introduction\n\nText.\n\n```\n--- abstract\n```\n\n--- back\n\n"
                "# Acknowledgments\n\nThanks.\n")


def test_kramdown_rfc_parts_are_sections_and_dividers_are_markup():
    """QUIC drafts: the Abstract and the notes are the draft's first sections (an abstract edit was
    reported under "text before the first heading", and --section Abstract matched nothing); a
    part line in a code fence is code, and --- middle / --- back are no heading nor text."""
    assert headings(KRAMDOWN_RFC, "markdown") == [("", "Abstract"), ("", "Note to Readers"), ("", "Introduction"),
                                                  ("", "Acknowledgments")]
    from docdiff.diffing.compare import compare_documents
    src = lambda name, text: Source(name, text, "utf-8", name * 64, format="markdown")  # noqa: E731
    new = KRAMDOWN_RFC.replace("describes a protocol", "describes a transport").replace("--- back\n\n", "")
    d = compare_documents(src("a", KRAMDOWN_RFC), src("b", new))
    changed = [(s.old.heading.title, [(c.old.text, c.new.text) for c in s.changes]) for s in d.sections if s.changes]
    assert changed == [("Abstract", [("protocol", "transport")])]      # the divider gone is markup only
    assert d.sections[0].old.heading is None and "title: A Draft" in d.old.text[:d.sections[0].old.end]
    from docdiff.diffing.compare import filter_diff
    noted = filter_diff(d, section="note to readers").sections           # the title as read, not as written
    assert [s.old.heading.title for s in noted] == ["Note to Readers"]


def test_kramdown_rfc_front_matter_closed_by_a_bare_rule_then_the_abstract():
    """A draft may close its YAML with "---" and open the abstract on the next line: the same
    dialect (a reviewer compared it with the usual form: Abstract and note read as added)."""
    bare = KRAMDOWN_RFC.replace("--- abstract\n\n", "---\n--- abstract\n\n", 1)
    assert headings(bare, "markdown") == headings(KRAMDOWN_RFC, "markdown")


def test_a_part_line_without_the_dialects_front_matter_is_text():
    assert headings("# Title\n\n--- abstract\n\nBody text here.\n", "markdown") == [("", "Title")]


def test_markdown_list_numbering_is_not_a_change():
    old = "# Steps\n\n1. Open the box\n2. Read the note\n3. Close the box\n"
    new = "# Steps\n\n1. Open the box\n1. Read the note\n1. Close the box\n"
    from docdiff.diffing.compare import compare_documents
    src = lambda name, text: Source(name, text, "utf-8", name * 64, format="markdown")  # noqa: E731
    d = compare_documents(src("a", old), src("b", new))
    assert d.changes == ()


def test_two_empty_markdown_headings_against_themselves():
    from docdiff.diffing.compare import compare_documents, has_differences
    text = "#\n\n#\n"
    s = Source("a", text, "utf-8", "a" * 64, format="markdown")
    assert not has_differences(compare_documents(s, s))


# ---- evidence from the other version ---------------------------------------------------------

def test_the_other_versions_heading_supports_a_weak_one():
    """"Effective date" alone is a weak heading; the other version numbers it at the same place."""
    old = f"Intro.\n\n2.1. Grants\n\n{BODY}\n\n2.2. Effective date\n\n{BODY}\n\n2.3. Limits\n\n{BODY}\n"
    new = f"Intro.\n\nGrants\n\n{BODY}\n\nEffective date\n\n{BODY} Changed.\n\nLimits\n\n{BODY}\n"
    d = compare_texts(old, new)
    titles = [(s.old.heading.title, s.new.heading.title) for s in d.sections if s.old and s.new and s.new.heading]
    assert ("Effective date", "Effective date") in titles


def test_indentation_inside_markdown_code_is_a_change():
    from docdiff.diffing.compare import compare_documents
    src = lambda name, text: Source(name, text, "utf-8", name * 64, format="markdown")  # noqa: E731
    old = "# Code\n\nSome prose before it.\n\n```\ndef f():\n    return 1\n```\n"
    d = compare_documents(src("a", old), src("b", old.replace("    return", "  return")))
    assert [(c.kind.value, c.old.text, c.new.text) for c in d.changes] == [("modified", "    ", "  ")]
    d = compare_documents(src("a", old), src("b", old.replace("Some prose", "Some  prose")))
    assert d.changes == (), "outside code, spacing is layout"


def test_lines_inserted_at_the_top_of_a_code_paragraph_leave_the_rest_unchanged():
    """QUIC recovery draft 19 -> 20: lines inserted right after a fenced block's first line push
    its next paragraph (between blank lines) to start with an indented line. That paragraph's
    indentation is still measured from the block's, so only the insertion is reported, not every
    line below it as "modified" from four spaces into four spaces."""
    from docdiff.diffing.compare import compare_documents
    src = lambda name, text: Source(name, text, "utf-8", name * 64, format="markdown")  # noqa: E731
    old = ("# Pseudocode\n\n~~~\nSetTimer():\n  // Don't arm the timer if nothing\n  if (nothing in flight):\n"
           "    timer.cancel()\n    return\n\n  loss_time = GetEarliest()\n  if (loss_time != 0):\n"
           "    timer.update(loss_time)\n~~~\n")
    new = old.replace("SetTimer():\n", "SetTimer():\n  // new comment\n  x = 1\n\n")
    d = compare_documents(src("a", old), src("b", new))
    got = [(c.kind.value, c.old and c.old.text, c.new and c.new.text) for c in d.changes]
    assert len(got) == 1 and got[0][0] == "added" and "new comment" in got[0][2] and "x = 1" in got[0][2], got


def test_a_run_of_clauses_in_one_version_is_evidence_for_the_other():
    """The old version lacks clause 3 (added later), so its own run (1, 2, then 4) is too short to be
    the structure; the new version's run at the same places says they are the same clauses."""
    body = " ".join(["The station shall keep the file under review and report any change."] * 3)
    clause = {n: f"{n}. {body}\n\n" for n in range(1, 5)}
    old = clause[1] + clause[2] + clause[4]
    new = clause[1] + clause[2] + "3. The source was met twice and asked for a visa. " + body + "\n\n" + clause[4]
    diff = compare_texts(old, new)
    assert [s.number for s in (x.heading for x in diff.old.sections) if s] == ["1", "2", "4"]
    assert [s.status.value for s in diff.sections] == ["unchanged", "unchanged", "added", "unchanged"]


RST = """\
=========
 Example
=========

Abstract
========

A short proposal. Use it like this::

    # Correct:
    build_wheel(wheel_directory, config_settings=None)
        ...
    This module does stuff.
    \"\"\"

Example::

    x = 1

.. code-block:: python
   :class: good

   # Wrong:
   ##########
   foo = 1

+------+------+
| a    | b    |
+======+======+
| 1    | 2    |
+------+------+

Details
-------

Text of the details.
"""


def test_rst_headings_are_the_titles_docutils_reads_and_never_code(tmp_path):
    """reStructuredText: the titles (over- and underlined) are the headings; a `# comment`, a line
    over `...` or over a closing docstring, a `##########` rule, `Example::` and table borders
    inside literal blocks, code directives and tables are not (PEP 517 read as text had 29
    "headings", 21 of them real)."""
    from docdiff.diffing.compare import parse_document
    from docdiff.diffing.extract import read_document
    path = tmp_path / "pep.rst"
    path.write_text(RST)
    doc, _ = parse_document(read_document(str(path)))
    heads = [(s.heading.title, s.heading.level, s.heading.style) for s in doc.sections if s.heading]
    assert heads == [("Example", 1, "underlined"), ("Abstract", 2, "underlined"), ("Details", 3, "underlined")]
    kinds = {p.kind for s in doc.sections for p in s.paragraphs if "x = 1" in RST[p.start:p.end]
             or "foo = 1" in RST[p.start:p.end]}
    assert kinds == {"code"}


def test_rst_code_reindented_is_no_change_and_spacing_in_it_is(tmp_path):
    from docdiff.diffing.compare import compare_files
    old = RST
    new = RST.replace("\n    x = 1\n", "\n   x = 1\n")           # the block's own indentation is markup
    (tmp_path / "a.rst").write_text(old)
    (tmp_path / "b.rst").write_text(new)
    assert compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst")).changes == ()
    (tmp_path / "b.rst").write_text(RST.replace("x = 1", "x=1"))
    d = compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst"))
    assert [(c.old.text, c.new.text) for c in d.changes] == [("x = 1", "x=1")]


def test_a_heading_inside_a_list_item_is_no_section(tmp_path):
    """BtMG Anlage III: a list item's text over a lone "-" is a setext heading to CommonMark, inside
    the item; nine such "sections" split the Anlage (and --section missed their changes)."""
    from docdiff.diffing.compare import parse_document
    from docdiff.diffing.extract import read_document
    path = tmp_path / "law.md"
    path.write_text("# Anlage III\n\n## Teil A\n\n-   Stoff eins\n\n-   ausgenommen in Zubereitungen, die ohne einen "
                    "weiteren Stoff\n    -\n\n-   Stoff zwei\n\n> ## Quoted\n\n## Teil B\n\nText.\n")
    doc, _ = parse_document(read_document(str(path)))
    assert [(s.heading.number + " " + s.heading.title).strip() for s in doc.sections if s.heading] == [
        "Anlage III", "Teil A", "Teil B"]


def test_a_literal_block_in_a_rst_list_item_ends_where_the_item_text_resumes(tmp_path):
    from docdiff.diffing.compare import compare_files
    old = ("Title\n=====\n\n- Use this form::\n\n      x = 1\n\n  The prose ``continues`` here and\n"
           "  wraps onto a second line.\n\n- Next item.\n")
    new = old.replace("here and\n  wraps onto", "here and wraps\n  onto")
    (tmp_path / "a.rst").write_text(old)
    (tmp_path / "b.rst").write_text(new)
    assert compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst")).changes == ()


def test_an_atx_heading_that_opens_a_list_item_is_a_section(tmp_path):
    """Mozilla's Cloud Services terms number their articles as list items, "1. #### Introduction":
    each is a section (all twelve read as one before, 40 changes in it). A setext heading inside a
    list item and any heading inside a quote stay text (see the test above)."""
    from docdiff.diffing.compare import parse_document
    from docdiff.diffing.extract import read_document
    path = tmp_path / "terms.md"
    path.write_text("# Terms\n\n1. #### Introduction\n\n   These terms apply.\n\n2. #### Eligibility\n\n"
                    "   You must be 13.\n\n- a list item\n  with text\n\n> #### Quoted\n")
    doc, _ = parse_document(read_document(str(path)))
    titles = [s.heading.title for s in doc.sections if s.heading]
    assert titles[0] == "Terms" and len(titles) == 3 and "Introduction" in titles[1] and "Eligibility" in titles[2]
