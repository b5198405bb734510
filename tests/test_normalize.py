"""Normalise stage: page furniture, paragraphs and layout-free keys."""
import pytest

from docdiff.diffing.model import Options
from docdiff.diffing.normalize import find_paragraphs, text_without_furniture
from docdiff.diffing.tokens import make_key, make_key_context, tokenize

OPTS = Options()


def paragraphs(text, options=OPTS):
    ctx = make_key_context(text, options)
    return find_paragraphs(text, options, ctx)


PROSE = ("The member states reported more crossings at the external borders during the spring, and the "
         "agency deployed additional teams to the most affected sections of the border.")


def pages(footer, n=4, lines=16):
    """A paginated text without form feeds: `lines` wrapped lines a page, `footer(k)` after page k,
    in the middle of a paragraph that runs on across the page break."""
    words = PROSE.split()
    out = []
    for k in range(1, n + 1):
        body = [" ".join(words[(i * 5 + k) % 20:(i * 5 + k) % 20 + 7]) + f" {k}-{i}" for i in range(lines)]
        out += body[:lines // 2] + [""] + body[lines // 2:] + [footer(k)]
    return "\n".join(out) + "\nend of the text.\n"


@pytest.mark.parametrize("footer, rule", [
    (lambda k: f"- {k} -", "page-number"),
    (lambda k: f"Page {k} of 9", "page-number"),
    (lambda k: f"{k + 1}", "page-number"),
    (lambda k: "8700/25", "council-footer"),
    (lambda k: "8700/25 ADD 1", "council-footer"),
    (lambda k: "JAI.1", "council-footer"),
    (lambda k: "JAI.1 EN", "council-footer"),
    (lambda k: "LIMITE", "council-footer"),
    (lambda k: f"8700/25          XX/yy          {k}", "council-footer"),
    (lambda k: "            JAI.1          LIMITE EN", "council-footer"),
    (lambda k: f"Nottingham                   Standards Track                    [Page {k}]", "page-footer"),
    (lambda k: f"HW 50955 DocId:32283208 Page {k}", "page-footer"),
], ids=["dashes", "page-of", "bare-number", "doc-number", "doc-add", "directorate", "directorate-lang", "limite",
        "council-line", "council-columns", "xml2rfc", "ocr-footer"])
def test_furniture_recurring_at_page_intervals_is_set_aside_and_transparent(footer, rule):
    text = pages(footer)
    paras, layout = paragraphs(text)
    assert {f.rule for f in layout.furniture} == {rule}
    assert len(layout.furniture) == 4
    assert all("8700" not in p.key and "JAI" not in p.key and "Page" not in p.key for p in paras)
    assert paras[-1].key.endswith("end of the text."), "a footer inside a paragraph does not cut it"


@pytest.mark.parametrize("line", ["12", "JAI.1", "LIMITE", "EN", "8700/25", "IT"])
def test_a_furniture_shape_seen_once_is_content(line):
    """A wrapped line holding only a number, a language code or LIMITE is text, unless it recurs."""
    text = f"The rate is raised to\n{line}\nper cent of the base amount.\n"
    paras, layout = paragraphs(text)
    assert layout.furniture == () and line in paras[0].key


@pytest.mark.parametrize("line", ["- 3 -", "Page 3 of 9", "%%page 15%%"])
def test_a_page_number_that_says_so_is_furniture_once(line):
    _, layout = paragraphs(f"First paragraph of text.\n{line}\nstill the first paragraph.\n")
    assert [f.text for f in layout.furniture] == [line]


def test_a_stacked_footer_block_is_furniture_on_the_one_page_break():
    text = "First paragraph of the\n8700/25\nJAI.1\nLIMITE\nEN\ntext goes on here.\n"
    paras, layout = paragraphs(text)
    assert [f.text for f in layout.furniture] == ["8700/25", "JAI.1", "LIMITE", "EN"]
    assert paras[0].key == "First paragraph of the text goes on here."


@pytest.mark.parametrize("line", [
    "The Council adopted the text.", "1. Introduction", "DELETED", "Article 12", "(b)(6)",
])
def test_content_lines_are_not_furniture(line):
    _, layout = paragraphs(f"Some text.\n\n{line}\n\nMore text.\n")
    assert layout.furniture == ()


def test_repeated_running_headers_are_furniture_but_a_single_one_is_not():
    header = "RFC 5988                       Web Linking                   October 2010"
    body = "\n".join([PROSE] * 14)
    text = f"{body}\n\n{header}\n\n{body}\n\n{header}\n\n{body}\n"
    _, layout = paragraphs(text)
    assert [f.rule for f in layout.furniture] == ["running-header", "running-header"]
    _, layout = paragraphs(f"{body}\n\n{header}\n\n{body}\n")
    assert layout.furniture == ()


def test_table_rows_are_never_running_headers():
    rows = "\n".join(f"Zone {k}          55 vom Hundert          {k * 10} Euro" for k in range(1, 6))
    _, layout = paragraphs(f"Some text.\n\n{rows}\n\nMore text.\n\n{rows}\n")
    assert layout.furniture == ()


def test_markdown_lists_tables_and_code_are_never_furniture():
    text = ("# Title\n\n" + "".join(f"- 3\n- JAI.1\n\n```\n- 4 -\n```\n\n| 5 |\n|---|\n| 6 |\n\nText {k}.\n\n"
                                     for k in range(4)))
    ctx = make_key_context(text, OPTS, "markdown")
    _, layout = find_paragraphs(text, OPTS, ctx, "markdown")
    assert layout.furniture == ()


@pytest.mark.parametrize("a, b", [
    ("the terror-\nism threat", "the terrorism threat"),
    ("terrorism-related data", "terrorism-\nrelated data"),
    ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
    ("2019\u20132020 \u2014 dash", "2019-2020 - dash"),
    ("\ufb01nal of\ufb01ce", "final office"),
    ("non\u00a0breaking   spaces\tand tabs", "non breaking spaces and tabs"),
    ("\u0422\u043e: Delegations", "To: Delegations"),
    ("wrapped\nacross\nlines", "wrapped across lines"),
    ("[REDACTED]", "\u2588\u2588\u2588"),
    ("\u2588 \u2588 \u2588", "[Redacted] [Redacted]"),
], ids=["hyphenation", "hyphen-lost", "quotes", "dashes", "ligature", "spaces", "homoglyph", "reflow",
        "marker-style", "marker-run"])
def test_layout_variants_have_equal_keys(a, b):
    ctx = make_key_context(a + "\n\n" + b, OPTS)
    assert make_key(a, ctx) == make_key(b, ctx)


@pytest.mark.parametrize("a, b", [
    ("You may re-sign the agreement.", "You may resign the agreement."),
    ("See https://support.example.org/kb/search-suggestions-firefox for more.",
     "See https://support.example.org/kb/searchsuggestions-firefox for more."),
    ("pages 10-20", "pages 1020"),
])
def test_a_hyphen_no_line_end_explains_is_content(a, b):
    """A hyphen folds only inside a word that one of the versions broke at a line end (it may have
    been the compound's own hyphen or the line's): elsewhere it is part of the word, and dropping
    it changes the word or breaks the link (Mozilla notices: a SUMO slug lost a hyphen; "re-sign")."""
    ctx = make_key_context(a + "\n" + b, OPTS)
    assert make_key(a, ctx) != make_key(b, ctx)
    from docdiff.diffing import compare_texts
    assert compare_texts(a + "\n", b + "\n").differs


def test_a_superscript_is_no_digit():
    """Compatibility folding made "10² GB" the "102 GB" it is not (Mozilla review): superscript and
    subscript digits are written out first; written alike in both versions they compare equal."""
    from docdiff.diffing import compare_texts
    assert compare_texts("Storage of 10\u00b2 GB.\n", "Storage of 102 GB.\n").differs
    assert compare_texts("Water is H\u2082O.\n", "Water is H2O.\n").differs
    assert not compare_texts("Storage of 10\u00b2 GB.\n", "Storage of 10\u00b2  GB.\n").differs


def test_a_word_broken_at_a_line_end_folds_its_hyphen_everywhere():
    """The same compound written whole in one version and broken at its hyphen in the other
    (hard-wrapped) is no change; the fold is counted."""
    from docdiff.diffing import compare_texts
    old = "The terrorism-related data of the agencies is shared\nwith the Council every year.\n"
    new = "The terrorism-\nrelated data of the agencies is shared with the Council every year.\n"
    diff = compare_texts(old, new)
    assert not diff.differs
    assert dict(diff.old.layout.folded).get("hyphens") == 1


def test_strict_keeps_typography():
    ctx = make_key_context("x", Options(strict=True))
    assert make_key("\u201cquoted\u201d", ctx) != make_key('"quoted"', ctx)


def test_homoglyphs_are_not_folded_in_a_cyrillic_document():
    text = "\u0422\u043e \u0431\u044b\u043b\u043e \u0445\u043e\u0440\u043e\u0448\u043e. " * 20
    ctx = make_key_context(text, OPTS)
    assert ctx.homoglyphs is False


def test_tokens_join_end_of_line_hyphenation_and_keep_offsets():
    text = "the terror-\nism threat"
    ctx = make_key_context(text, OPTS)
    toks = tokenize(text, ((0, 11), (12, 22)), ctx)
    assert [t[2] for t in toks] == ["the", "terrorism", "threat"]
    assert text[toks[1][0]:toks[1][1]] == "terror-\nism"


def test_text_without_furniture():
    text = "one\n- 2 -\ntwo\n"
    _, layout = paragraphs(text)
    assert text_without_furniture(text, layout.furniture, 0, len(text)) == "one\n\ntwo\n"


@pytest.mark.parametrize("text", [
    "Plain words, with punctuation; and non-source hyphens\nacross two lines.",
    "Curly \u201cquotes\u201d, the Users\u2019 rights \u2013 and \ufb01nal ligatures.",
    "\u0422\u043e: Delegations and Coun\u00adcil",
])
def test_bulk_tokenizer_matches_the_general_one(text):
    from docdiff.diffing.tokens import plain_tokens
    ctx = make_key_context(text, OPTS)
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    general = []
    for ls, le in lines:     # the per-token path, line by line
        for m in ctx.token_re.finditer(text, ls, le):
            from docdiff.diffing.tokens import token_key
            general.append((m.start(), m.end(), token_key(m.group(), m.lastgroup, ctx), False))
    assert plain_tokens(text, 0, ctx, False) == general
    assert tokenize(text, tuple(lines), ctx) == general


def test_paragraph_cut_by_a_page_break_with_blank_lines_is_joined():
    text = "The Council noted that the terror-\n\n- 2 -\n\nism threat persists. It agreed.\n\nNext one.\n"
    paras, _ = paragraphs(text)
    assert [p.key for p in paras] == ["The Council noted that the terrorism threat persists. It agreed.", "Next one."]


def test_repeated_page_edges_of_paginated_text_are_furniture():
    import random
    words = "the council noted that member states reported more crossings at the borders".split()

    def line(k, j):
        return " ".join(random.Random(k * 100 + j).sample(words, 8)).capitalize() + "."
    pages = ["Annual Report 2024\n\n" + "\n".join(line(k, j) for j in range(10)) + f"\n\nConfidential draft {k}\n"
             for k in range(1, 5)]
    text = "\f".join(pages)
    _, layout = paragraphs(text)
    assert sorted({f.text for f in layout.furniture}) == ["Annual Report 2024"] + [
        f"Confidential draft {k}" for k in range(1, 5)]
    assert {f.rule for f in layout.furniture} == {"page-edge"}


def test_word_hyphenated_across_a_page_break_after_a_short_line_is_joined():
    text = ("The member states agreed on the common\nrules for the security\nof secu-\n\n- 2 -\n\n"
            "rity data exchange.\n")
    paras, _ = paragraphs(text)
    assert [p.key for p in paras] == ["The member states agreed on the common rules for the security of security "
                                      "data exchange."]


def test_a_narrow_column_cut_by_a_page_break_is_joined():
    # the last line before the break is short only because the next word did not fit the column
    text = ("Member member member\nmember member member\nmember member\n\n8700/25\nJAI.1\n\n"
            "council member.\nMember member.\n\n" + "\n\n".join(["Some other text here.", "8700/25\nJAI.1"] * 2)
            + "\n")
    paras, _ = paragraphs(text)
    assert paras[0].key == "Member member member member member member member member council member. Member member."


def _registry(cuts, entries=12):
    """An IETF-style registry (one entry of three items per paragraph) paginated with a footer and a
    running header after the given line numbers: the page breaks fall inside entries."""
    lines = "\n".join(f"   o  Relation Name: rel{k}\n   o  Description: Refers to resource number {k} of a series\n"
                      f"      of resources.\n   o  Reference: [RFC{1000 + k}]\n" for k in range(entries)).split("\n")
    out, page = [], 1
    for i, line in enumerate(lines):
        out.append(line)
        if i in cuts:
            out += ["", f"Author              Expires May 2010               [Page {page}]", "\f",
                    "Draft                 Web Linking               May 2010", ""]
            page += 1
    return "\n".join(out) + "\n"


def test_a_list_line_that_stands_at_many_page_edges_is_still_content():
    """"o  Relation Name: rel#" stands at the top or bottom of most pages here, but it occurs inside
    the pages as often: it is content; only the footer and the running header are furniture."""
    _, layout = paragraphs(_registry({5, 16, 27, 40}))
    assert {f.rule for f in layout.furniture} == {"page-footer", "running-header"}
    assert len(layout.furniture) == 8


def test_entries_cut_at_page_breaks_in_other_places_compare_equal():
    """The same registry paginated differently: the old version's page breaks cut entries the new
    version holds whole, and the reverse. The other version is the evidence that no paragraph
    ends there; word for word nothing changed."""
    from docdiff.diffing import compare_texts
    diff = compare_texts(_registry({5, 16, 27, 40}), _registry({9, 22, 33, 45}))
    assert diff.changes == () or list(diff.changes) == []
    assert diff.moves == () or list(diff.moves) == []
    edited = _registry({9, 22, 33, 45}).replace("number 7 of", "number seven of")
    diff = compare_texts(_registry({5, 16, 27, 40}), edited)
    assert [(c.kind.value, c.old.text, c.new.text) for c in diff.changes] == [("modified", "7", "seven")]


def test_a_passage_shown_across_a_page_break_has_no_paragraph_break_there():
    """Display: the footer, the form feed and the running header of a page break are left out of
    a passage, and the blank lines around them make one line break (no ¶ in mid-sentence)."""
    from docdiff.diffing.normalize import text_across_pages
    text = _registry({1, 16, 27, 40})
    _, layout = paragraphs(text)
    shown = text_across_pages(text, layout.furniture, 0, len(text))
    assert "Expires" not in shown and "Web Linking" not in shown and "\f" not in shown
    assert "Name: rel0\n   o  Description" in shown and "of a series\n      of resources." in shown
    assert "\n\n" not in shown.split("Reference: [RFC1000]")[0]


def test_a_plain_text_list_is_compared_item_by_item():
    """EUPL 1.1 -> 1.2 appendix: "Common Public License v. 1.0" left the list of compatible
    licences. Each "- " item (with the lines that continue it) is a paragraph, and so is the
    line introducing the list, so the dropped item is one removal, not words interleaved
    across items."""
    text = ("Compatible Licences according to article 5 are:\n- GNU General Public License v. 2\n"
            "- Common Public License v. 1.0\n- Creative Commons Attribution-ShareAlike v. 3.0 for\n"
            "  works other than software\n- Cecill v. 2.0\n")
    paras, _ = paragraphs(text)
    assert [p.key for p in paras] == ["Compatible Licences according to article 5 are:",
                                      "- GNU General Public License v. 2", "- Common Public License v. 1.0",
                                      "- Creative Commons AttributionShareAlike v. 3.0 for works other than software",
                                      "- Cecill v. 2.0"]
    from docdiff.diffing import compare_texts
    diff = compare_texts(text, text.replace("- Common Public License v. 1.0\n", "- Eclipse Public License v. 1.0\n"
                                                                                  "- Mozilla Public Licence v. 2\n"))
    assert [(c.kind.value, c.old.text, c.new.text) for c in diff.changes] == [
        ("modified", "Common", "Eclipse"), ("added", "", "- Mozilla Public Licence v. 2")]


def test_lines_that_merely_start_with_a_dash_in_prose_stay_one_paragraph():
    text = "The committee met on Monday\n- a day earlier than planned -\nand agreed the text.\n"
    paras, _ = paragraphs(text)
    assert len(paras) == 1


def _marked(lines_per_page: int) -> str:
    """A contract with "CONFIDENTIAL" as its running header, page-numbered footers, and one body
    line "CONFIDENTIAL" (a marking it lists) wherever the pagination puts it."""
    body = []
    for k in range(1, 13):
        body += [f"   Paragraph {k} says the contractor shall deliver item {k} within {k + 3}",
                 "   days of the order, and the buyer shall pay the price set out in", f"   schedule {k}.", ""]
        if k == 7:
            body += ["   The permitted markings are:", "", "CONFIDENTIAL", ""]
    out, page = ["CONFIDENTIAL", ""], 1
    for k, line in enumerate(body, 1):
        out.append(line)
        if k % lines_per_page == 0:
            out += ["", f"Smith                        Expires June 2024                 [Page {page}]", "",
                    "CONFIDENTIAL", ""]
            page += 1
    return "\n".join(out) + "\n"


def test_a_body_line_of_the_running_headers_shape_just_under_the_header_is_content():
    """"CONFIDENTIAL" heads every page and is also a line of the body, here two lines under a
    header: the header stands once at a page's top, so the inner line is content. Deleting it is
    a change; paginating the text differently is none."""
    from docdiff.diffing import compare_texts
    text = _marked(14)
    assert "The permitted markings are:\n\nCONFIDENTIAL" in text and text.count("CONFIDENTIAL") >= 5
    deleted = text.replace("The permitted markings are:\n\nCONFIDENTIAL\n", "The permitted markings are:\n")
    assert [(c.kind.value, c.old.text) for c in compare_texts(text, deleted).changes] == [
        ("removed", "CONFIDENTIAL")]
    assert compare_texts(_marked(12), text).changes == ()


def test_a_repaginated_contents_list_is_no_change_but_its_entries_are_compared():
    """The page number ending a contents line ("1. Introduction . . . . 3") is pagination: it is
    folded (and counted), while a changed entry title is still a change."""
    from docdiff.diffing import compare_texts
    old = ("Table of Contents\n\n   1.  Introduction . . . . . . . . . . . . 3\n"
           "   2.  Links  . . . . . . . . . . . . . . . 4\n   3.  Security . . . . . . . . . . . . . 9\n")
    new = old.replace(". 3\n", ". 4\n").replace(". 4\n   3.", ". 5\n   3.").replace(". 9\n", ". 11\n")
    d = compare_texts(old, new)
    assert d.changes == ()
    assert dict(d.old.layout.folded)["contents-pages"] == 3
    d = compare_texts(old, new.replace("Links", "Typed Links"))
    assert [(c.kind.value, c.new.text) for c in d.changes] == [("added", "Typed")]


def test_emphasis_written_another_way_beside_an_edit_is_no_change(tmp_path):
    """GitHub ToS: "*… adjust to them.*" became "_… adjust to them._" in a paragraph also edited;
    the emphasis marks are markup also where a punctuation mark holds them (".*" / "._"), and also
    in the quick path that tokenises only an edited paragraph's middle."""
    from docdiff.diffing import compare_files
    head = "We want users to know of changes — we don't bother you for every typo. So we will notify users of any"
    (tmp_path / "a.md").write_text(f"**Short version:** *{head} changes that affect your rights and give you time to "
                                   "adjust to them.*\n")
    (tmp_path / "b.md").write_text(f"**Short version:** _{head} material changes and give you time to adjust to "
                                   "them._\n")
    d = compare_files(str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert [(c.old.text, c.new.text) for c in d.changes] == [("changes that affect your rights", "material changes")]


def test_a_line_the_other_version_proved_furniture_is_furniture_here_too():
    """OCR'd releases of one transcript: the reporter's letterhead stands at every page top of one
    release and a few lines lower in the other (the OCR read a margin number first). Proven
    furniture in the first, it is furniture in the second as well: else the second reports it
    removed once per page. Seen fewer than three times it stays content."""
    from docdiff.diffing import compare_texts
    head = "Phone (Area 202) 544-6000"
    body = [f"The witness answered question {k} about the events of that day in some detail." for k in range(8)]
    at_edge = "\f".join(f"{head}\n\nPage {k}\n\n{body[k]}\n\nMore testimony follows on page {k}.\n"
                        for k in range(8))
    lower = "\f".join(f"Page {k}\n\nMr. Smith, for the committee, asked about item {k}.\n\nThe answer was long.\n\n"
                      f"So was the next one, about day {k}.\n\n{head}\n\n{body[k]}\n\n"
                      f"Counsel objected to the form of question {k}.\n\nThe chair overruled it at once.\n\n"
                      f"The witness then read a statement into the record.\n\n"
                      f"More testimony follows on page {k}.\n" for k in range(8))
    d = compare_texts(at_edge, lower)
    assert not any(head in (c.old.text if c.old else "") + (c.new.text if c.new else "") for c in d.changes)
    twice = lower.replace(f"{head}\n\n", "", 6)
    d = compare_texts(at_edge, twice)
    assert sum(head in (c.new.text if c.new else "") for c in d.changes) == 2, "two stray lines are content"


def _md_changes(old: str, new: str):
    from docdiff.diffing.compare import compare_documents
    from docdiff.diffing.model import Source
    src = lambda name, text: Source(name, text, "utf-8", name * 64, format="markdown")  # noqa: E731
    d = compare_documents(src("a", old), src("b", new))
    return [(c.kind.value, c.old.text if c.old else "", c.new.text if c.new else "") for c in d.changes], d


@pytest.mark.parametrize("old, new", [
    ("# Sync\n\nWe sync your data.\n", '# Sync\n\n<a id="bookmark-sync"></a>We sync your data.\n'),
    ("Bird & Bird<br> Avenue Louise 235<br>\n", "Bird & Bird<br/> Avenue Louise 235<br/>\n"),
    ("We use your email.\n", 'We use <span class="hl">your email</span>.\n'),
    ('<table><tr><th><a id="x"></a>What we use</th><td>To provide</td></tr></table>\n',
     '<table><tr><th>What we use</th><td><a id="x"></a>To provide</td></tr></table>\n'),
    ("Effective May 4, 2026\n{: datetime=\"2026-05-04\" }\n\nWe sync.\n{: #sync-data }\n",
     "Effective May 4, 2026\n{: datetime=\"2026-05-05\" }\n\nWe sync.\n{: #other }\n"),
], ids=["anchor", "br", "span", "anchor-moved-in-table", "kramdown-block-attributes"])
def test_inline_html_tags_in_markdown_are_markup(old, new):
    """Mozilla's privacy notices: an invisible <a id> anchor added or moved, <br> -> <br/> and a
    <span> wrapper read as changes (a markup-only commit exited 1)."""
    changes, d = _md_changes(old, new)
    assert changes == []
    assert dict(d.new.layout.folded).get("markup", 0) > 0          # counted, not hidden


def test_a_heading_title_is_read_without_its_html_tags():
    """Firefox Privacy Notice 2017 -> 2026: "## <span class=…>Firefox</span> <span …>Privacy
    Notice</span>" and "# Firefox Privacy Notice" are one title, not a rename."""
    old = ('## <span class="privacy-header-firefox">Firefox</span> <span class="privacy-header-policy">Privacy '
           'Notice</span>\n\nWe care.\n')
    changes, d = _md_changes(old, "# Firefox Privacy Notice\n\nWe care.\n")
    (s,) = d.sections
    assert s.old.heading.title == "Firefox Privacy Notice" and not s.renamed and changes == []


def test_marks_inside_a_tag_are_the_tags_markup_once():
    from docdiff.diffing.tokens import without_markup
    assert without_markup('A <span class="*a*">word</span> here') == ("A word here", 25)


@pytest.mark.parametrize("old, new, expected", [
    ('See <a href="https://a.example/x">the terms</a>.\n', 'See <a href="https://a.example/y">the terms</a>.\n',
     ("x", "y")),
    ("Write `<br>` here.\n", "Write `<br/>` here.\n", ("", "/")),
    ("A Vec<String> field.\n", "A Vec<u8> field.\n", ("String", "u8")),
    ('<img src="a.png" alt="A map">\n', '<img src="a.png" alt="A chart">\n', ("map", "chart")),
    ("~~~\nGET / HTTP/1.1\n~~~\n{: title=\"Request containing JSON\" #ex}\n",
     "~~~\nGET / HTTP/1.1\n~~~\n{: title=\"Request with JSON\" #ex}\n", ("containing", "with")),
], ids=["link-target", "code-span", "not-an-element", "alt-text", "figure-caption"])
def test_what_html_tags_say_to_a_reader_is_content(old, new, expected):
    changes, _ = _md_changes(old, new)
    assert [(o, n) for _, o, n in changes] == [expected]
