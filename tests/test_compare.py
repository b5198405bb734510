"""Passage diff and classification on small documents."""
import pytest

from docdiff.diffing import ChangeKind, compare_texts
from docdiff.diffing.compare import compare_documents, compare_files

BASE = ("1. Scope\n\nThe Council reviewed the situation at the external borders in detail. "
        "Member States reported an increase in irregular crossings during the spring.\n\n"
        "Further measures are being prepared by the Commission for adoption next year.\n")


def changes(old, new, **kw):
    d = compare_texts(old, new)
    return [(c.kind.value, c.old.text if c.old else None, c.new.text if c.new else None, c.marker)
            for c in d.changes]


def test_word_level_modification_covers_only_the_differing_words():
    new = BASE.replace("increase in irregular", "decrease in irregular")
    assert changes(BASE, new) == [("modified", "increase", "decrease", None)]


@pytest.mark.parametrize("marker", ["DELETED", "**DELETED**", "[DELETED]", "REDACTED", "[REDACTED]", "[Redacted]",
                                    "[...]", "[\u2026]", "\u2588\u2588\u2588\u2588", "\u25a0\u25a0", "(b)(6)",
                                    "(b)(7)(C)", "XXXX"])
def test_inline_markers_are_redactions(marker):
    sentence = "Member States reported an increase in irregular crossings during the spring."
    new = BASE.replace(sentence, marker)
    assert changes(BASE, new) == [("redacted", sentence, marker, marker)]


def test_paragraph_and_section_body_replaced_by_one_marker_is_one_redaction():
    old = BASE + "\nA third paragraph about cooperation with partners.\n\n2. Next\n\nText.\n"
    new = "1. Scope\n\nDELETED\n\n2. Next\n\nText.\n"
    got = changes(old, new)
    assert [(k, m) for k, _, _, m in got] == [("redacted", "DELETED")]
    assert got[0][1].startswith("The Council") and got[0][1].endswith("partners.")


def test_reveal_is_the_mirror_of_redaction():
    new = BASE.replace("Further measures are being prepared by the Commission for adoption next year.",
                       "[REDACTED]")
    assert [c[0] for c in changes(new, BASE)] == ["revealed"]
    assert changes(new, BASE)[0][3] == "[REDACTED]"


def test_added_and_removed_paragraphs():
    new = BASE + "\nA new closing paragraph was added here.\n"
    assert changes(BASE, new) == [("added", "", "A new closing paragraph was added here.", None)]
    assert changes(new, BASE) == [("removed", "A new closing paragraph was added here.", "", None)]


def test_rewritten_sentence_is_one_change_not_confetti():
    old = "1. Scope\n\nThe quick brown fox jumps over the lazy dog near the river bank today.\n"
    new = "1. Scope\n\nA slow grey wolf walks past the sleeping cat close to the old mill tonight.\n"
    got = changes(old, new)
    assert len(got) == 1 and got[0][0] == "modified"


def test_an_inserted_sentence_slides_to_the_sentence_boundary():
    """The word diff is free to put "You may combine the work with others. [You may]" either way
    round; the inserted sentence is shown whole, as a reader would cut it, also though only the
    paragraph's differing middle (with a few words of context) is tokenised."""
    lead = "The licence covers the software and its documentation in every form. "
    old = "1. Rights\n\n" + lead + "You may copy the work. You may share it with anyone.\n"
    new = ("1. Rights\n\n" + lead + "You may copy the work. You may combine the work with others. "
           "You may share it with anyone.\n")
    assert changes(old, new) == [("added", "", "You may combine the work with others.", None)]


def test_a_paragraph_added_beside_an_edit_is_an_addition():
    """Common Voice terms 2018 -> 2025: a new paragraph after the edited date line. The two or three
    equal tokens between the edit and the new paragraph are no coincidence inside a rewrite: they
    end a paragraph. The date is modified, the paragraph added (--only added finds it)."""
    old = ("# Legal Terms\n\nEffective November 30, 2018 (2018-11-30) \n\n"
           "Through the project you can donate your voice and sentences.\n")
    new = ("# Legal Terms\n\nEffective October 31, 2025 (2025-10-31) \n\n"
           "As of the date above, the datasets are available through the Data Collective instead.\n\n"
           "Through the project you can donate your voice and sentences.\n")
    got = changes(old, new)
    assert ("added", "", "As of the date above, the datasets are available through the Data Collective instead.",
            None) in got, got
    assert all(c[0] == "modified" for c in got if c[0] != "added"), got


def test_layout_only_differences_are_no_change():
    old = BASE
    new = ("1.  Scope\n\nThe Council reviewed the situation at the\nexternal borders in de-\ntail. Member "
           "States reported an increase in irregular crossings during the spring.\nPage 2 of 3\n\n"
           "Further measures are being prepared by the Commission\nfor adoption next year.\n- 2 -\n")
    d = compare_texts(old, new)
    assert d.changes == () and d.similarity == 1.0
    assert len(d.new.layout.furniture) == 2


def test_spans_are_offsets_into_the_text_as_read():
    new = BASE.replace("spring", "summer")
    d = compare_texts(BASE, new)
    for c in d.changes:
        assert BASE[c.old.start:c.old.end] == c.old.text
        assert new[c.new.start:c.new.end] == c.new.text


def test_strict_mode_reports_typography():
    from docdiff.diffing import Options
    new = BASE.replace("Council", "Coun\u00adcil")
    assert compare_texts(BASE, new).changes == ()
    assert compare_texts(BASE, new, Options(strict=True)).changes != ()


def test_kinds_enum_values_are_the_json_values():
    assert [k.value for k in ChangeKind] == ["added", "removed", "modified", "redacted", "revealed", "repealed"]


def test_huge_blocks_use_the_linear_memory_alignment(monkeypatch):
    """Above MAX_CELLS the word diff switches to Levenshtein's linear-memory alignment; on a small
    example it finds the same edits, with exact spans."""
    from dataclasses import replace

    from docdiff.diffing.conventions import tuning
    old = "1. Scope\n\n" + "\n\n".join(f"Paragraph {k} says the council met on day {k} and agreed." for k in range(6))
    new = old.replace("day 2 and agreed", "day 2 and disagreed").replace("Paragraph 4 says", "Para four says")
    expected = changes(old, new)
    monkeypatch.setattr(tuning, "PASSAGES", replace(tuning.PASSAGES, max_cells=10))
    got = changes(old, new)
    assert {(k, o, n) for k, o, n, _ in got} == {(k, o, n) for k, o, n, _ in expected}
    for c in compare_texts(old, new).changes:
        assert old[c.old.start:c.old.end] == c.old.text and new[c.new.start:c.new.end] == c.new.text


def test_huge_unanchored_blocks_are_compared_paragraph_by_paragraph(monkeypatch):
    from dataclasses import replace

    from docdiff.diffing.conventions import tuning
    old = "1. Scope\n\nAlpha beta gamma delta.\n\nEpsilon zeta eta theta.\n\nIota kappa.\n"
    new = "1. Scope\n\nOne two three four.\n\nFive six seven eight.\n"
    monkeypatch.setattr(tuning, "PASSAGES", replace(tuning.PASSAGES, huge_cells=1))
    got = changes(old, new)
    assert [(k, o, n) for k, o, n, _ in got] == [
        ("modified", "Alpha beta gamma delta", "One two three four"),
        ("modified", "Epsilon zeta eta theta", "Five six seven eight"),
        ("removed", "Iota kappa.", "")]


# ---- nothing hidden ------------------------------------------------------------------------

def test_a_change_of_letter_case_is_reported_as_such():
    d = compare_texts(BASE, BASE.replace("The Council reviewed", "THE COUNCIL reviewed"))
    assert [(c.kind.value, c.case_only, c.old.text, c.new.text) for c in d.changes] == [
        ("modified", True, "The Council", "THE COUNCIL")]
    d = compare_texts(BASE, BASE.replace("1. Scope", "1. SCOPE"))
    sec = d.sections[0]
    assert sec.recased and not sec.renamed and d.differs


@pytest.mark.parametrize("old, new, changed", [
    ("[REDACTED: Harm to Ongoing Matter]", "[REDACTED: Personal Privacy]", True),
    ("(b)(6)", "(b)(7)(C)", True),
    ("**\\[ REDACTED: Grand Jury \\]**", "[Redacted: Grand Jury]", False),
    ("\u2588\u2588\u2588", "[Redacted]", False),
    ("[Redacted: (b) (6)]", "[Redacted: (b)(6)]", False),
], ids=["reason", "exemption-code", "same-reason-other-typography", "typography", "spacing"])
def test_a_changed_marker_reason_is_a_change_and_typography_is_not(old, new, changed):
    text = "1. Scope\n\nThe witness, {}, was interviewed twice by the office.\n"
    d = compare_texts(text.format(old), text.format(new))
    if changed:
        assert [(c.kind.value, c.reason) for c in d.changes] == [("modified", (old, new))]
    else:
        assert d.changes == ()


def test_folded_characters_are_counted_by_kind_including_look_alike_letters():
    old = BASE.replace("The Council", 'The "Council"')
    new = BASE.replace("The Council", "\u0422he \u201cCouncil\u201d")
    d = compare_texts(old, new)
    assert d.changes == ()
    assert dict(d.new.layout.folded) == {"homoglyphs": 1, "quotes": 2}


def test_a_paragraph_moved_to_another_section_is_a_move_with_its_inner_diff():
    p1 = "Operators shall keep a logbook and present it to inspectors on request without any delay."
    p2 = "Member states shall lay down effective, proportionate and dissuasive penalties for breaches."
    old = f"1. Scope\n\nThis applies to vessels in coastal waters.\n\n{p1}\n\n2. Penalties\n\n{p2}\n"
    new = f"1. Scope\n\nThis applies to vessels in coastal waters.\n\n2. Penalties\n\n{p2}\n\n" \
          f"{p1.replace('any delay', 'undue delay')}\n"
    d = compare_texts(old, new)
    assert len(d.moves) == 1 and d.moves[0].old.text == p1
    assert [(c.kind.value, c.old.text, c.new.text, c.move) for c in d.changes] == [("modified", "any", "undue", 0)]
    assert d.sections[0].moves_out == (0,) and d.sections[1].moves_in == (0,)
    assert not any(c.kind is ChangeKind.REVEALED for c in d.changes)


def test_headings_added_over_unchanged_text_move_nothing(tmp_path):
    """A text given headings (a plain rendition against its Markdown edition): the paragraphs now
    stand in new sections but in the same order; only the headings are new."""
    paras = [f"Paragraph {i} explains the rules for item {i} in detail, with enough words to be unique."
             for i in range(1, 9)]
    old = "\n\n".join(paras) + "\n"
    new = "# Guide\n\n## Part one\n\n" + "\n\n".join(paras[:4]) + "\n\n## Part two\n\n" + "\n\n".join(paras[4:]) + "\n"
    (tmp_path / "old.txt").write_text(old)
    (tmp_path / "new.md").write_text(new)
    d = compare_files(str(tmp_path / "old.txt"), str(tmp_path / "new.md"))
    assert d.moves == () and not any(s.moves_in or s.moves_out for s in d.sections)
    # "Part one" is a number now (a number word after a keyword); the heading given to text that
    # had none is new text with its number
    assert sorted(c.new.text for c in d.changes) == ["# Guide", "## Part one", "## Part two"]
    assert {c.kind for c in d.changes} == {ChangeKind.ADDED}


def test_footnotes_moved_to_the_end_are_moves_not_revelations():
    notes = [f"[{k}] See the report of the committee on border management, volume {k}, pages {k * 10} to {k * 10 + 9}."
             for k in range(1, 4)]
    old = ("1. Scope\n\nThe text cites three sources.\n\n" + "\n\n".join(notes)
           + "\n\n2. Rules\n\nMore rules here [REDACTED].\n")
    new = "1. Scope\n\nThe text cites three sources.\n\n2. Rules\n\nMore rules here [REDACTED].\n\nNotes\n\n" + \
        "\n\n".join(notes) + "\n"
    d = compare_texts(old, new)
    assert len(d.moves) == 3 and [(c.kind.value, c.new.text) for c in d.changes] == [("added", "Notes")]


MOVED = "Inspectors may board any vessel at any time to verify the logbook and the catch on board."


def _sentence_moved(edit_receiver: bool):
    a = "Operators shall keep a logbook of every trip."
    b = "Member states shall lay down effective penalties for breaches."
    old = f"1. Scope\n\nThis applies to vessels in coastal waters.\n\n{a} {MOVED}\n\n2. Penalties\n\n{b}\n"
    b_new = b.replace("breaches.", "offences.") if edit_receiver else b
    new = f"1. Scope\n\nThis applies to vessels in coastal waters.\n\n{a}\n\n2. Penalties\n\n{b_new} {MOVED}\n"
    return compare_texts(old, new)


def test_a_sentence_moved_into_another_paragraph_is_moved_text_not_removed_and_added():
    d = _sentence_moved(edit_receiver=False)
    assert [m.old.text for m in d.moves] == [MOVED] and [m.new.text for m in d.moves] == [MOVED]
    assert all(MOVED not in (c.old.text if c.old else "") + (c.new.text if c.new else "") for c in d.changes)


def test_an_edit_beside_arriving_moved_text_keeps_both_of_its_sides():
    # the edit and the arrival are one change ("breaches." -> "offences. Inspectors …"): its short
    # old side must survive the carving-out of the move
    d = _sentence_moved(edit_receiver=True)
    assert len(d.moves) == 1 and len(d.moves[0].old.text) > 0.9 * len(MOVED) and MOVED.startswith(d.moves[0].old.text)
    assert [(c.old.text, c.new.text.rstrip(".")) for c in d.changes if c.move is None] == [("breaches", "offences")]


APPS = ("If you create an application for other users, you must follow the rules for applications, "
        "and the marketplace has terms of its own that apply to every listing.")


def test_a_sentence_joined_into_the_paragraph_before_it_under_a_new_sub_heading_moved_nowhere():
    """GitHub ToS 2018 -> 2019: "I. Pages" got sub-sections, and its last sentence, a paragraph of
    its own, was joined into the paragraph before it, now under "1. Pages". In document order the
    sentence stands where it stood: no move, and it is neither removed nor added."""
    intro = "Each account comes with the static hosting service for its users, within some bandwidth limits."
    old = (f"## I. Additional Terms for Pages\n\nThe hosting service is subject to certain rules.\n\n{intro}\n\n"
           f"{MOVED}\n\n## J. Applications\n\n{APPS}\n")
    new = (f"## I. Additional Terms for Pages and Lab\n\nThe hosting service and the lab are subject to certain "
           f"rules.\n\n#### 1. Pages\n\n{intro} {MOVED}\n\n#### 2. Lab\n\nThe lab has terms of its own.\n\n"
           f"## J. Applications\n\n{APPS}\n")
    d = compare_texts(old, new)
    assert d.moves == ()
    assert all("Inspectors" not in (c.old.text if c.old else "") + (c.new.text if c.new else "") for c in d.changes)
    # ... while a sentence that crossed kept text did move
    crossed = new.replace(f"{intro} {MOVED}", intro).replace(APPS, f"{APPS} {MOVED}")
    assert [m.new.text for m in compare_texts(old, crossed).moves] == [MOVED]


# Pairs whose LF and CRLF copies were once compared in opposite orientations (the orientation came
# from the bytes' SHA-256), so the engines' tie-breaks gave different changes for the same texts.
@pytest.mark.parametrize("old,new", [("member the state", "the member state"),
                                     ("to member c council", "member to council"),
                                     ("a council member council c", "council a member c")])
def test_line_ends_bom_and_wrapping_do_not_change_the_diff(old, new):
    from docdiff.diffing.load import decode_source

    def changes(old_bytes):
        d = compare_documents(decode_source(old_bytes, "old"), decode_source(f"{new}\n".encode(), "new"))
        return [(c.kind, c.old.text if c.old else None, c.new.text if c.new else None) for c in d.changes]
    expected = changes(f"{old}\n".encode())
    assert expected
    assert changes(f"{old}\r\n".encode()) == expected
    assert changes(f"{old}\r".encode()) == expected
    assert changes(b"\xef\xbb\xbf" + f"{old}\n".encode()) == expected
    assert changes(old.replace(" ", "\n", 1).encode() + b"\n") == expected      # re-wrapped


DEFINITIONS = {
    "agreement": "The “Agreement” refers, collectively, to all the terms, conditions and notices contained or "
                 "referenced in this document and all other operating rules and policies.",
    "service": "The “Service” refers to the applications, software, products, and services provided by the company.",
    "website": "The “Website” refers to the company website located at example.com, and all content, services, and "
               "products provided by the company at or through the Website. It also refers to subdomains of "
               "example.com, such as docs.example.com and pages.example.com. These Terms also govern the conference "
               "websites, such as conf.example.com. Occasionally, websites owned by the company may provide "
               "different or additional terms of service.",
    "user": "“The User,” “You,” and “Your” refer to the individual person, company, or organization that has visited "
            "or is using the Website or Service; that accesses or uses any part of the account.",
    "company": "“The Company,” “We,” and “Us” refer to Example, Inc., as well as our affiliates, directors, "
               "subsidiaries, contractors, licensors, officers, agents, and employees.",
    "content": "“Content” refers to content featured or displayed through the Website, including without limitation "
               "text, data, articles, images, photographs, graphics, software, applications, designs, features, and "
               "other materials.",
}


def test_an_alphabetised_and_edited_list_moves_whole_items(tmp_path):
    """GitHub ToS 2017 -> 2020: the definitions were put in alphabetical order, edited and two
    added. The fewest items moved explain the new order: each is reported as one moved item with
    its inner diff, never as fragments of an item moved and the rest removed and added."""
    old_order = ["agreement", "service", "website", "user", "company", "content"]
    new = dict(DEFINITIONS, user=DEFINITIONS["user"].replace("account", "Account"),
               website=DEFINITIONS["website"].replace("conf.example.com", "summit.example.com, and product "
                                                                          "websites, such as tools.example.org"),
               account="An “Account” represents your legal relationship with the company and serves as a User’s "
                       "identity on the Service.")
    tail = "\n\n## B. Account Terms\n\nYou must be 13 or over.\n"
    (tmp_path / "old.md").write_text("## A. Definitions\n\n" + "\n".join(
        f"{k}. {DEFINITIONS[n]}" for k, n in enumerate(old_order, 1)) + tail)
    (tmp_path / "new.md").write_text("## A. Definitions\n\n" + "\n".join(f"1. {new[n]}" for n in sorted(new)) + tail)
    diff = compare_files(str(tmp_path / "old.md"), str(tmp_path / "new.md"))
    # six items of which at most three keep their order: three whole items moved, the fewest
    assert len(diff.moves) == 3
    by_old = {DEFINITIONS[n]: new[n] for n in DEFINITIONS}
    assert all(m.old.text in by_old and m.new.text == by_old[m.old.text] for m in diff.moves)
    assert ("added", new["account"]) in [(c.kind.value, c.new.text) for c in diff.changes if c.move is None]
    assert {(c.old.text, c.new.text) for c in diff.changes if c.kind.value != "added" or c.old.text} == {
        ("account", "Account"), ("conf", "summit")}



def test_a_heading_that_lost_its_number_is_renumbered(tmp_path):
    """GitHub ToS 2017 -> 2018: "#### 2. No Abuse or Overuse of the API" lost its number when its
    sibling sections went: a change of numbering, shown as one (it read as unchanged)."""
    body = "You may not use the API in a way that exceeds the rate limits or harms the Service for others."
    (tmp_path / "old.md").write_text(f"### H. API Terms\n\n#### 1. Rate limits\n\nKeep to them.\n\n"
                                     f"#### 2. No Abuse or Overuse of the API\n\n{body}\n")
    (tmp_path / "new.md").write_text(f"### H. API Terms\n\n#### No Abuse or Overuse of the API\n\n{body}\n")
    diff = compare_files(str(tmp_path / "old.md"), str(tmp_path / "new.md"))
    pair = next(s for s in diff.sections if s.old and s.new and "Abuse" in (s.new.heading.title_key or "").title())
    assert pair.renumbered and not pair.renamed


def test_a_moved_sentence_edited_at_its_end_moves_whole_with_its_edit():
    """GitHub ToS 2017 -> 2018: "… the rights granted in this Section." moved to another section as
    "… granted in Sections D.4 — D.7.". The whole sentence is the moved passage and the edit is its
    inner diff, not an equal part moved and "this Section." left behind as a removal."""
    a = "Operators shall keep a logbook of every trip."
    b = "Member states shall lay down effective penalties for breaches."
    edited = MOVED.replace("the catch on board.", "the catch held in Sections 4 to 7.")
    old = f"1. Scope\n\nThis applies to vessels in coastal waters.\n\n{a} {MOVED}\n\n2. Penalties\n\n{b}\n"
    new = f"1. Scope\n\nThis applies to vessels in coastal waters.\n\n{a}\n\n2. Penalties\n\n{b} {edited}\n"
    d = compare_texts(old, new)
    assert [(m.old.text, m.new.text) for m in d.moves] == [(MOVED, edited)]
    assert [(c.old.text, c.new.text) for c in d.changes if c.move is None] == []
    assert {(c.old.text, c.new.text) for c in d.changes if c.move == 0} == {("on board", "held in Sections 4 to 7")}


def test_one_paragraph_taken_past_three_edited_ones_is_the_move():
    """The fewest characters moved explain the change: "For example, …" moved past Bravo, Charlie
    and Delta, each edited in place. It is the one move; the three are edits where they stand (a
    user review saw the three reported moved and the example not at all)."""
    example = ("For example, a customer who orders a licence on the first of May is bound from that date until "
               "the end of the term.")
    paras = ["Alpha paragraph about the scope of the agreement and who is bound by it.",
             "Bravo paragraph explaining the delivery obligations that apply to the contractor.",
             "Charlie paragraph explaining the payment obligations that apply to the buyer.",
             "Delta paragraph on the warranty given by the contractor for twelve months.",
             "Echo paragraph on termination for breach after thirty days notice."]
    old = "# Terms\n\n" + "\n\n".join(paras[:1] + [example] + paras[1:]) + "\n"
    edited = [paras[0], paras[1].replace("contractor", "supplier"), paras[2].replace("obligations", "duties"),
              paras[3].replace("contractor", "supplier"), paras[4]]
    new = "# Terms\n\n" + "\n\n".join(edited[:4] + [example] + edited[4:]) + "\n"
    d = compare_texts(old, new)
    assert [m.old.text for m in d.moves] == [example]
    assert sorted((c.old.text, c.new.text) for c in d.changes) == [
        ("contractor", "supplier"), ("contractor", "supplier"), ("obligations", "duties")]
    assert all(c.move is None for c in d.changes)


def test_two_edited_paragraphs_that_swapped_places_show_a_move():
    """Two edited definitions that changed places (GitHub ToS: "User" and "Website" alphabetised):
    one of them moved, with its inner diff; neither is shown as edited in place as if the order
    had stayed."""
    user = ("“The User,” “You,” and “Your” refer to the individual person, company, or organization that has "
            "visited or is using the Website or Service; that accesses or uses any part of the account.")
    site = ("The “Website” refers to the company website located at example.com, and all content, services, and "
            "products provided by the company at or through the Website, and its subdomains.")
    old = f"## A. Definitions\n\nIntro line of the definitions.\n\n{site}\n\n{user}\n\n## B. Terms\n\nMore.\n"
    new = (f"## A. Definitions\n\nIntro line of the definitions.\n\n{user.replace('account', 'Account')}\n\n"
           f"{site.replace('subdomains', 'sub-domains and mirrors')}\n\n## B. Terms\n\nMore.\n")
    d = compare_texts(old, new)
    assert len(d.moves) == 1 and d.moves[0].old.text in (user, site)
    moved_text = d.moves[0].old.text
    assert all(c.move == 0 for c in d.changes if c.old and c.old.start >= old.index(moved_text)
               and c.old.end <= old.index(moved_text) + len(moved_text))


def _md_changes(tmp_path, old, new, **options):
    from docdiff.diffing.model import Options
    (tmp_path / "a.md").write_text(old)
    (tmp_path / "b.md").write_text(new)
    d = compare_files(str(tmp_path / "a.md"), str(tmp_path / "b.md"), Options(**options))
    return [(c.old.text if c.old else "", c.new.text if c.new else "") for c in d.changes]


def test_code_operators_are_not_emphasis_marks(tmp_path):
    # `*` and `_` are Markdown emphasis in prose, but code in a fence: x * y -> x / y is one change
    old = "# Code\n\nSee:\n\n```\nz = x * y\nw = a ** b\n```\n"
    new = old.replace("x * y", "x / y").replace("a ** b", "a + b")
    assert _md_changes(tmp_path, old, new) == [("*", "/"), ("**", "+")]


def test_spacing_inside_a_code_line_is_content(tmp_path):
    # PEP 8's spacing examples swapped: the rule reversed, and only spacing says so
    old = "# Spacing\n\nYes:\n\n```\nx = x*2 - 1\nc = (a+b) * (a-b)\n```\n"
    new = old.replace("x*2", "x * 2").replace("(a+b)", "(a + b)")
    assert [(o.replace(" ", "_"), n.replace(" ", "_")) for o, n in _md_changes(tmp_path, old, new)] == [
        ("x*2", "x_*_2"), ("a+b", "a_+_b")]
    aligned = old.replace("x = x*2", "x   = x*2")
    assert _md_changes(tmp_path, old, aligned), "alignment spaces in code are content"
    # a code line wrapped differently is a change too; re-indenting the whole block is one per line
    assert _md_changes(tmp_path, old, old.replace("c = (a+b) * (a-b)", "c = (a+b) *\n(a-b)"))


def test_prose_spacing_is_layout_but_strict_counts_it():
    from docdiff.diffing import Options
    old = "The rule is x = x*2 - 1 here, and it holds.\n"
    new = "The rule is  x = x * 2 - 1 here , and it holds.\n"
    assert compare_texts(old, new).changes == ()
    strict = compare_texts(old, new, Options(strict=True))
    assert [(c.old.text, c.new.text) for c in strict.changes] == [("x*2", "x * 2"), ("here,", "here ,")]


def test_first_word_of_a_wrapped_numbered_item_is_compared(tmp_path):
    # the item's key once kept its "1." marker while its text did not: the marker's ". " read as a
    # sentence end and the quick path skipped one real word (a law's "55 vom Hundert" -> "85")
    old = ("## § 1 Test\n\nDie Zulage betraegt\n\n1.  55 vom Hundert des Grundbetrags fuer den Antragsteller und die\n"
           "    Angehoerigen,\n\n2.  sonst 10 vom Hundert.\n")
    assert _md_changes(tmp_path, old, old.replace("55 vom", "85 vom")) == [("55", "85")]
    assert _md_changes(tmp_path, old, old.replace("1.  55", "3.  55")) == [], "list numbering is layout"


def test_a_removed_section_keeps_its_text_one_sided_when_a_sentence_moved_out():
    """A section removed but for a sentence that moved into another: what is left of it is removed
    text of the old version only (its line, no made-up position at the new text's start)."""
    moved = "Inspectors may board any vessel at any time to verify the logbook and the crew list."
    old = ("1. Scope\n\nThis regulation applies to vessels flying the flag of a member state in coastal waters.\n\n"
           "2. Inspections\n\nThe competent authorities shall organise regular inspections of fishing vessels. "
           + moved + " Records of each inspection shall be kept for five years by the authority.\n\n"
           "3. Penalties\n\nMember states shall lay down effective proportionate and dissuasive penalties.\n")
    new = ("1. Scope\n\nThis regulation applies to vessels flying the flag of a member state in coastal waters.\n\n"
           "3. Penalties\n\nMember states shall lay down effective proportionate and dissuasive penalties. "
           + moved + "\n")
    d = compare_texts(old, new)
    gone = next(s for s in d.sections if s.new is None)
    assert gone.moves_out and gone.changes
    assert all(c.new is None and c.old is not None and c.kind is ChangeKind.REMOVED for c in gone.changes)
    assert all(c.old.line > 1 for c in gone.changes)


def test_a_long_text_in_place_of_a_crumb_is_added_beside_a_removal():
    """An OCR crumb ("Rus to") where the next release has a page of new text: the page is added
    (--only added finds it) and the crumb removed, not one "modified" change; a redaction is
    still one change however long the text it withholds."""
    page = " ".join(f"The report of the field office describes meeting number {k} with the source." for k in range(6))
    old = "1. Cable\n\nThe station reported as follows. Rus to the end of the cable.\n"
    new = f"1. Cable\n\nThe station reported as follows. {page} The end of the cable.\n"
    kinds = sorted((c.kind.value, (c.new.text if c.kind is ChangeKind.ADDED else c.old.text)[:12])
                   for c in compare_texts(old, new).changes)
    assert kinds == [("added", "The report o"), ("removed", "Rus to the")]
    withheld = f"1. Cable\n\nThe station reported as follows. {page} The end of the cable.\n"
    d = compare_texts(withheld, withheld.replace(page, "[REDACTED]"))
    assert [c.kind for c in d.changes] == [ChangeKind.REDACTED]


def test_a_markdown_tables_alignment_row_is_markup(tmp_path):
    """`|---|---|` -> `|:---|:---|` (and the cells padded to match) changes how a table is drawn,
    not what it says: no change, the row counted as markup; a cell edit is still one change."""
    old = ("# Title\n\n## Data\n\n| Category | Source |\n|----------|--------|\n| Identifiers | Provided directly |\n"
           "| Geolocation | Automatically |\n\nSome text after.\n")
    new = ("# Title\n\n## Data\n\n| Category    | Source            |\n|:------------|:------------------|\n"
           "| Identifiers | Provided directly |\n| Geolocation | Automatically     |\n\nSome text after.\n")
    assert _md_changes(tmp_path, old, new) == []
    assert _md_changes(tmp_path, old, new.replace("Automatically ", "Manually      ")) == [
        ("Automatically", "Manually")]


def test_markup_only_lines_are_no_change_unless_strict(tmp_path):
    """An HTML comment block no reader sees (<!-- markdownlint-disable -->) and a reST code
    directive's line and options (.. code-block:: / :class: good) are markup: counted, not
    compared; --strict compares them."""
    old = "# Policy\n\nThe text of the policy.\n\nMore text.\n"
    new = "# Policy\n\n<!-- markdownlint-disable search-replace -->\n\nThe text of the policy.\n\nMore text.\n"
    assert _md_changes(tmp_path, old, new) == []
    assert _md_changes(tmp_path, old, new, strict=True) != []
    old_rst = "Title\n=====\n\nAn example::\n\n    x = 1\n"
    new_rst = "Title\n=====\n\nAn example:\n\n.. code-block:: python\n   :class: good\n\n   x = 1\n"
    (tmp_path / "a.rst").write_text(old_rst)
    (tmp_path / "b.rst").write_text(new_rst)
    d = compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst"))
    assert d.changes == (), "'example::' reads 'example:' (the literal-block marker is markup)"


def test_prose_that_indentation_made_a_code_block_rewraps_freely(tmp_path):
    """A law's table cell exported under "*    *" is an indented code block to CommonMark; it is
    prose (long lines of words, no code marks), so re-wrapping it is no change. Real code keeps
    its lines."""
    old = ("## Teil 1\n\n*    *\n    *   Dies gilt auch, wenn ein Verfahren ueber die Prozesskostenhilfe\n"
           "        anhaengig ist, soweit nicht lediglich Prozesskostenhilfe fuer ein\n"
           "        selbstaendiges Beweisverfahren beantragt wird.\n")
    new = ("## Teil 1\n\n*    *\n    *   Dies gilt auch, wenn ein Verfahren ueber die Prozesskostenhilfe "
           "anhaengig ist,\n"
           "        soweit nicht lediglich Prozesskostenhilfe fuer ein selbstaendiges\n"
           "        Beweisverfahren beantragt wird.\n")
    assert _md_changes(tmp_path, old, new) == []
    code = "# Setup\n\nRun:\n\n    pip install docdiff\n    docdiff old.txt new.txt --format json > diff.json\n"
    assert _md_changes(tmp_path, code, code.replace("docdiff old.txt new.txt", "docdiff old.txt\n    new.txt"))


def test_markup_marks_are_the_delimiters_of_spans_never_what_a_code_span_holds(tmp_path):
    """PEP 557 renamed ``_MISSING`` to ``MISSING``: underscores inside a code span are code, and a
    lone mark (*args, ~200) is text; only the delimiters of code spans and of emphasis that opens
    and closes are markup. In reST `_` is no emphasis mark at all (``__init__`` in prose)."""
    old = "# T\n\nUse ``_MISSING`` and `__init__` here, with *args and ~200 items.\n"
    new = "# T\n\nUse ``MISSING`` and `init` here, with args and 200 items.\n"
    changed = " ".join(o + "|" + n for o, n in _md_changes(tmp_path, old, new))
    for word in ("_MISSING", "__init__", "*", "~"):
        assert word in changed
    emphasis = "# T\n\nThis is **bold** and _it_ and `code` and ~~gone~~ and ***both*** text.\n"
    assert _md_changes(tmp_path, emphasis, emphasis.replace("**bold**", "bold").replace("_it_", "*it*")
                       .replace("`code`", "code").replace("~~gone~~", "gone").replace("***both***", "both")) == []
    (tmp_path / "a.rst").write_text("Title\n=====\n\nCall __init__ and *emphasis* here.\n")
    (tmp_path / "b.rst").write_text("Title\n=====\n\nCall init and emphasis here.\n")
    d = compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst"))
    assert [(c.old.text, c.new.text) for c in d.changes] == [("__init__", "init")]


def test_every_line_of_a_setext_heading_is_compared(tmp_path):
    """A paragraph standing over "-----" or "====" is one heading to CommonMark, all its lines: a
    law's sentence over a rule (NAV § 6: "§ 3 Nr. 26" -> "§ 3 Nummer 64", an amount in ZPO § 850f)
    was compared by its first line only, and read as unchanged."""
    old = ("# Gesetz\n\nIntro.\n\n(3) Wird die Zwangsvollstreckung betrieben, so kann das Gericht\n"
           "bei mehr als monatlich 2 815 Euro die Pfändbarkeit festsetzen.\n-----\n\nText.\n")
    assert _md_changes(tmp_path, old, old.replace("2 815", "3 117")) == [("2 815", "3 117")]
    two = "# Terms\n\nIntro.\n\nPayment terms for all\ncustomers in Europe\n==================\n\nText.\n"
    assert _md_changes(tmp_path, two, two.replace("Payment", "Refund")) == [("Payment", "Refund")]


def test_a_plain_text_version_against_its_markup_successor_folds_the_same_marks(tmp_path):
    """PEP 8 converted from plain text to reStructuredText: ``__all__``, [1]_ and a code block the
    .txt holds as indented text compare as the same text (157 of 296 changes had the same words
    on both sides)."""
    old = ("PEP: 8\n\nIntroduction\n\n    This document gives conventions [1].  Modules\n    that use __all__ "
           "should say so.\n\n    Yes:\n\n        foo = long_function_name(var_one, var_two)\n")
    new = ("PEP: 8\n\nIntroduction\n============\n\nThis document gives conventions [1]_.  Modules\nthat use "
           "``__all__`` should say so.\n\nYes::\n\n    foo = long_function_name(var_one, var_two)\n")
    (tmp_path / "pep.txt").write_text(old)
    (tmp_path / "pep.rst").write_text(new)
    d = compare_files(str(tmp_path / "pep.txt"), str(tmp_path / "pep.rst"))
    assert [c for c in d.changes if (c.old and c.new and c.old.text == c.new.text)] == []
    # what is left is structure: the text version reads its "Yes:" as a heading of its own
    assert all("Yes" in (c.old.text if c.old else "") + (c.new.text if c.new else "") for c in d.changes)


def test_a_suspended_hyphen_at_a_line_end_is_no_broken_word():
    """"Beschäftigungs-" / "und Aufenthaltsrecht" wrapped differently: a hyphen before "und" (or
    "and", "oder", "or" … Language.suspended_hyphen_words) is kept; "terror-" / "ism" still joins."""
    a = "Das Gesetz regelt das Beschäftigungs-\nund Aufenthaltsrecht der Ausländer.\n"
    b = "Das Gesetz regelt das Beschäftigungs- und\nAufenthaltsrecht der Ausländer.\n"
    assert compare_texts(a, b).changes == ()
    assert compare_texts("The pre-\nand post-war rules apply.\n", "The pre- and post-war rules apply.\n").changes == ()
    assert compare_texts("The terror-\nism act applies.\n", "The terrorism act applies.\n").changes == ()


def test_code_holds_no_redaction_markers_and_escapes_are_markup(tmp_path):
    """In code `x[...]` and `Callable[[...], Any]` are an index and an ellipsis, not withheld text
    (PEP 484 read "1 revealed"); in prose a backslash escaping punctuation is markup (`48\\.`)."""
    old = "# Code\n\nSee:\n\n```\nv = x[0]\nf: Callable[[...], Any]\n```\n"
    d_changes = _md_changes(tmp_path, old, old.replace("x[0]", "x[...]").replace("[[...], Any]", "[..., Any]"))
    assert d_changes
    from docdiff.diffing.compare import compare_files as cf
    (tmp_path / "a.md").write_text(old)
    (tmp_path / "b.md").write_text(old.replace("x[0]", "x[...]"))
    assert {c.kind for c in cf(str(tmp_path / "a.md"), str(tmp_path / "b.md")).changes} <= {
        ChangeKind.MODIFIED, ChangeKind.ADDED, ChangeKind.REMOVED}
    prose = "# T\n\nDie Frist von 48\\. Stunden gilt.\n"
    assert _md_changes(tmp_path, prose, prose.replace("48\\.", "48.")) == []


def test_text_that_stayed_in_place_under_a_new_sub_heading_is_no_change(tmp_path):
    """PEP 646: a sub-heading inserted above a paragraph and its short code block; both stay where
    they were in the document. The prose was silent, the code block read as removed and added:
    identical text removed and added in document order is no change, of any length."""
    old = ("Title\n=====\n\nIntro text here, long enough to be a real paragraph of prose.\n\n"
           "Para one explains something about arrays and shapes:\n\n::\n\n    x = f(1)\n    y = g(x)\n\n"
           "Para two explains more about the same example in prose.\n\nNext\n====\n\nOther text.\n")
    new = old.replace("Para one", "Sub\n---\n\nPara one")
    (tmp_path / "a.rst").write_text(old)
    (tmp_path / "b.rst").write_text(new)
    d = compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst"))
    assert [c.new.text.split()[0] for c in d.changes] == ["Sub"]
    # moved for real (past kept text), a short text still shows where it went
    intro = "Intro text here, long enough to be a real paragraph of prose.\n"
    swapped = old.replace(intro + "\n", "").replace("Other text.\n", "Other text.\n\n" + intro)
    (tmp_path / "b.rst").write_text(swapped)
    moved = compare_files(str(tmp_path / "a.rst"), str(tmp_path / "b.rst"))
    assert moved.changes or moved.moves
