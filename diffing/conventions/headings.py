"""Heading styles: the ways documents number and mark their headings, one record per style.

A style only proposes: it reads a short paragraph as (number, title) with a prior, what the shape
alone says. Whether the line *is* a heading is decided from the evidence of the whole document and
of the other version (the headings stage: a numbering that continues, a shape that recurs, a body
that follows, the same title in the other version). Order is precedence: the first style whose
pattern matches proposes. `id` is the JSON `style` value. The tests run every example and
counter-example through the style alone; a new style is one record here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import CJK_DIGITS, CJK_UNITS, LANGUAGES, NUMBER_WORDS


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadingStyle:
    """One way of numbering or marking a heading line."""

    id: str
    doc: str
    pattern: str               # on the heading text (one line, stripped); groups `num` and `title`
    numbering: str             # decimal, roman, letter, keyword, cjk, clause or none
    prior: float               # belief from the shape alone (0..1); evidence adds or removes
    title: str = "required"    # required, optional (keyword-only lines), none (untitled clauses)
    period_ok: bool = False    # the title may end with a period ("0. Definitions.")
    examples: tuple[tuple[str, str, str], ...] = ()   # (line, number as read, title)
    counter_examples: tuple[str, ...] = ()            # lines the style must not propose


def _alternation(words) -> str:
    variants = set()
    for w in words:
        variants |= {w, w.upper()}
    return "|".join(re.escape(w) for w in sorted(variants, key=lambda s: (-len(s), s)))


KEYWORDS = _alternation(kw for lang in LANGUAGES for kw in lang.heading_keywords)
BACK_MATTER = _alternation(w for lang in LANGUAGES for w in lang.back_matter)
_SEP = r"(?:[ \t]*[-\u2013\u2014:.][ \t]*|[ \t]+)"
# number words ("Elfter", "Two", "deuxième"), any letter case; the longest first
WORDS = "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=lambda s: (-len(s), s)))

STYLES: tuple[HeadingStyle, ...] = (
    HeadingStyle(
        id="keyword",
        doc="An ordinal word before a heading keyword, with or without a title: Elfter Abschnitt - Fraktionen, "
            "Zweites Kapitel, First Part.",
        pattern=rf"(?P<num>(?i:{WORDS})[ \t]+(?P<kw>{KEYWORDS}))\.?(?:{_SEP}(?P<title>\S.*))?",
        numbering="keyword", prior=0.7, title="optional", period_ok=True,
        examples=(("Elfter Abschnitt - Fraktionen", "Elfter Abschnitt", "Fraktionen"),
                  ("Zweites Kapitel", "Zweites Kapitel", ""), ("First Part", "First Part", ""),
                  ("Erstes Buch Allgemeiner Teil", "Erstes Buch", "Allgemeiner Teil")),
        counter_examples=("Elfte Abschnitte folgen", "Erstens: der Text"),
    ),
    HeadingStyle(
        id="keyword",
        doc="A heading keyword and a number, with or without a title: Article 5 \u2013 Fair use, \u00a7 4 Notices, "
            "Annex II, Part A, Article premier.",
        pattern=rf"(?P<kw>{KEYWORDS})[ \t]*(?P<num>(?:\d+[a-z]?|(?i:{WORDS})(?![\w])|[IVXLCDM]+|[A-Z]|premier|1er)"
                rf"(?:\.\d+[a-z]?)*)\.?(?:{_SEP}(?P<title>\S.*))?",
        numbering="keyword", prior=0.75, title="optional", period_ok=True,
        examples=(("Article 5 \u2013 Fair Use", "Article 5", "Fair Use"),
                  ("Section 3. Conditions", "Section 3", "Conditions"), ("\u00a7 4 Notices", "\u00a7 4", "Notices"),
                  ("Article 12", "Article 12", ""), ("Annex II", "Annex II", ""),
                  ("Part A", "Part A", ""), ("\u00a7 5a Anwendungsbereich", "\u00a7 5a", "Anwendungsbereich"),
                  ("ARTICLE 3 - DEFINITIONS", "ARTICLE 3", "DEFINITIONS"), ("Article premier", "Article premier", ""),
                  ("Art 49 (weggefallen)", "Art 49", "(weggefallen)"),
                  ('Exhibit B - "Incompatible With Secondary Licenses" Notice', "Exhibit B",
                   '"Incompatible With Secondary Licenses" Notice')),
        counter_examples=("Articles of association are filed.", "Section headings are for convenience only.",
                          "Part of the work is covered.", "Partial Access"),
    ),
    HeadingStyle(
        id="keyword",
        doc="An unnumbered back-matter heading: ADDENDUM: How to use this License, Annex \u2013 Statistics.",
        pattern=rf"(?P<num>)(?:{BACK_MATTER})[ \t]*[:.\-\u2013\u2014][ \t]*(?P<title>\S.*)",
        numbering="none", prior=0.6,
        examples=(("ADDENDUM: How to use this License for your documents", "",
                   "ADDENDUM: How to use this License for your documents"),),
        counter_examples=("Appendix", "Annex items are listed below"),
    ),
    HeadingStyle(
        id="cjk",
        doc="CJK numbering: \u7b2c\u4e00\u7ae0 \u7dcf\u5247 (chapter one), \u7b2c3\u6761 (article 3), "
            "\u4e00\u3001\u603b\u5219.",
        pattern=rf"(?P<num>\u7b2c[{CJK_DIGITS}0-9\uff10-\uff19]+[{CJK_UNITS}](?:\u306e[{CJK_DIGITS}0-9]+)?|[{CJK_DIGITS}]+\u3001)"
                rf"[ \t\u3000]*(?P<title>.*)",
        numbering="cjk", prior=0.8, title="optional",
        examples=(("\u7b2c\u4e00\u7ae0 \u7dcf\u5247", "\u7b2c\u4e00\u7ae0", "\u7dcf\u5247"),
                  ("\u7b2c3\u6761\uff08\u76ee\u7684\uff09", "\u7b2c3\u6761", "\uff08\u76ee\u7684\uff09"),
                  ("\u4e00\u3001\u603b\u5219", "\u4e00", "\u603b\u5219"),
                  ("\u7b2c\u5341\u4e8c\u6761", "\u7b2c\u5341\u4e8c\u6761", "")),
        counter_examples=("\u7b2c\u4e00\u6b21", "\u4e00\u4e2a"),
    ),
    HeadingStyle(
        id="decimal",
        doc="Decimal numbers, any depth, up to five digits: 1. Introduction, 1.2 Scope, 1.2.3. Definitions, "
            "3209. Title.",
        # the title may stand against the number's period ("4.Services Usage Limits", GitHub AUP 2019)
        pattern=r"(?P<num>\d{1,5}(?:\.\d{1,4})*\.?)(?:[ \t]+|(?<=\.)(?=[A-Z][a-z]))(?P<title>\S.*)",
        numbering="decimal", prior=0.55, period_ok=True,
        examples=(("1. Introduction", "1", "Introduction"), ("1.2 Scope of Application", "1.2", "Scope of Application"),
                  ("1.2.3. Definitions", "1.2.3", "Definitions"),
                  ("3209. Effect of New Versions", "3209", "Effect of New Versions"),
                  ('3. "except" clause', "3", '"except" clause'), ("0. Definitions.", "0", "Definitions."),
                  ("4.Services Usage Limits", "4", "Services Usage Limits")),
        counter_examples=("1.5 million people crossed the border.", "2024 was a record year, the report says.",
                          "12 % of the text"),
    ),
    HeadingStyle(
        id="letter",
        doc="Letters with decimal subdivisions: B.1 Account Controls, A.1. Scope, A1 Title.",
        pattern=r"(?P<num>[A-Z]\.\d{1,3}(?:\.\d{1,3})*\.?|[A-Z]\d{1,3}(?:\.\d{1,3})*\.?)[ \t]+(?P<title>\S.*)",
        numbering="letter", prior=0.55, period_ok=True,
        examples=(("B.1 Account Controls", "B.1", "Account Controls"), ("A.2. Link Serialisation in Atom", "A.2",
                                                                         "Link Serialisation in Atom")),
        counter_examples=("A4 paper is used.",),
    ),
    HeadingStyle(
        id="roman",
        doc="Roman numerals with a period: II. Grants, XIV. Final Provisions.",
        pattern=r"(?P<num>(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
                r"\.[ \t]+(?P<title>\S.*)",
        numbering="roman", prior=0.5, period_ok=True,
        examples=(("II. Grants", "II", "Grants"), ("XIV. Final Provisions", "XIV", "Final Provisions")),
        counter_examples=("I. am not a heading, said the sentence.",),
    ),
    HeadingStyle(
        id="letter",
        doc="A capital letter with a period: B. User Accounts, E. Private Repositories.",
        pattern=r"(?P<num>[A-Z])\.[ \t]+(?P<title>\S.*)",
        numbering="letter", prior=0.45, period_ok=False,
        examples=(("B. User Accounts", "B", "User Accounts"),),
        counter_examples=("O. Preserve any Warranty Disclaimers.", "J. Smith wrote the report."),
    ),
    HeadingStyle(
        id="caps",
        doc="A short line in capitals: TERMS AND CONDITIONS, NO WARRANTY.",
        pattern=r"(?P<num>)(?P<title>(?=[^a-z]*[A-Z][^a-z]*[A-Z])[^a-z]+)",
        numbering="none", prior=0.5,
        examples=(("TERMS AND CONDITIONS", "", "TERMS AND CONDITIONS"), ("NO WARRANTY", "", "NO WARRANTY")),
        counter_examples=("DELETED", "LIMITE", "OK"),
    ),
    HeadingStyle(
        id="plain",
        doc="A short unnumbered title in Title Case, sentence case or as a question: Introduction, Effective date, "
            "What information do we collect?",
        pattern=r"(?P<num>)(?P<title>[^\W\d_\"'\u201c\u2018(\[].*)",
        numbering="none", prior=0.3,
        examples=(("Introduction", "", "Introduction"), ("Effective date", "", "Effective date"),
                  ("Migration in Poland from the security and organized crime perspective", "",
                   "Migration in Poland from the security and organized crime perspective"),
                  ("What information do we collect?", "", "What information do we collect?"),
                  ("Discussion Questions:", "", "Discussion Questions:")),
        counter_examples=("This is an ordinary sentence that ends with a period.", "If You distribute DELETED",
                          "and the rest of the sentence", "See <https://example.org/Terms>", "Dear Sir,"),
    ),
)

# A multi-line paragraph opening with a bare number ("0. This License applies to any program…",
# GPL-2's clauses) is a section start only when the document's own numbering says so (one run of
# numbers through the document); its title, when it has one, runs in ("2. Grant of Licence. Subject
# to …").
CLAUSE_NUMBER = r"(?P<num>\d{1,4})\.[ \t]+"     # what opens a clause, titled, untitled or withheld ("3. ███")
CLAUSE = HeadingStyle(
    id="clause",
    doc="An untitled numbered clause (0. This License applies \u2026) or one with a run-in title "
        "(2. Grant of Copyright License. Subject to \u2026).",
    pattern=CLAUSE_NUMBER + r"(?P<title>[\"'\u201c(]?[A-Z].*)",
    numbering="decimal", prior=0.0, title="none",
    examples=(("0. This License applies to any program or other work which contains", "0", ""),
              ("2. Grant of Copyright License. Subject to the terms and conditions of this License", "2",
               "Grant of Copyright License")),
    counter_examples=("1.1. \"Contributor\" means each individual", "a) The work must carry prominent notices"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PartLine:
    """A line of a Markdown dialect that opens a part of the document instead of writing a heading
    in Markdown's syntax. With a `title` group it is a section heading (level 1, the title with
    `spaces` read as spaces and its first letter capitalised, as the dialect renders it); without,
    a divider that is markup only (left out of the comparison, counted as markup). A record applies
    only to a document that opens with front matter closed by such a line, the dialect's signature."""

    id: str
    doc: str
    pattern: str                 # on the whole line
    spaces: str = "_"
    examples: tuple[tuple[str, str], ...] = ()   # (line, the title read; "" for a divider)
    counter_examples: tuple[str, ...] = ()


PART_LINES: tuple[PartLine, ...] = (
    PartLine(id="kramdown-rfc-section", doc="kramdown-rfc (IETF drafts in Markdown): the Abstract and each note of "
             "the front part, rendered as headings.",
             pattern=r"---[ \t]+(?:note_(?P<note>\S+)|(?P<title>abstract))[ \t]*",
             examples=(("--- abstract", "Abstract"), ("--- note_Note_to_Readers", "Note to Readers"),
                       ("--- note_Discussion_Venues", "Discussion Venues")),
             counter_examples=("---", "--- abstract text", "---abstract", "--- middle")),
    PartLine(id="kramdown-rfc-divider", doc="kramdown-rfc: the start of the body and of the back matter (no "
             "heading is rendered for them).",
             pattern=r"---[ \t]+(?:middle|back)[ \t]*",
             examples=(("--- middle", ""), ("--- back", "")),
             counter_examples=("--- abstract", "--- backwards")),
)


def part_title(part: PartLine, line: str) -> tuple[str, int] | None:
    """The title a part line states ("" for a divider) and the column where it starts; None when
    the line is not that part line."""
    m = re.fullmatch(part.pattern, line.rstrip())
    if m is None:
        return None
    group = next((g for g in range(1, (m.re.groups or 0) + 1) if m.group(g)), None)
    if group is None:
        return "", len(line)
    raw = m.group(group).replace(part.spaces, " ") if part.spaces else m.group(group)
    return raw[:1].upper() + raw[1:], m.start(group)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotTitle:
    """Lines that stand alone like titles but never are one."""

    id: str
    doc: str
    pattern: str                 # matched at the start of the line (the first record: the whole line)
    examples: tuple[str, ...] = ()


NOT_TITLES: tuple[NotTitle, ...] = (
    NotTitle(id="marking", doc="Classification and handling markings.",
             pattern=r"(?:LIMITE|RESTREINT UE|EU RESTRICTED|UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|"
                     r"FOR OFFICIAL USE ONLY|OFFICIAL|SENSITIVE|EN|FR|DE)"
                     r"(?:[ \t/]+(?:LIMITE|EN|FR|DE|UE|NOFORN|ORCON|REL[ A-Z,]*))*$",
             examples=("LIMITE", "RESTREINT UE", "SECRET//NOFORN", "EN")),
    NotTitle(id="dateline", doc="A place and a date heading a letter or note.",
             pattern=r"[A-Z][\w .'\-]+,[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]+|[A-Z][a-z]+[ \t]+\d{1,2},?)"
                     r"[ \t]+\d{4}\b",
             examples=("Brussels, 9 May 2025 (OR. en)", "Washington, March 4, 2019")),
    NotTitle(id="version", doc="The version line under a title.",
             pattern=r"(?:Version|Revision|Release|Draft)[ \t]+[\d.]+\b.*\b\d{4}\b",
             examples=("Version 2, June 1991", "Version 3, 29 June 2007")),
    NotTitle(id="copyright", doc="A copyright or licence notice line.",
             pattern=r".*(?:\u00a9|\([Cc]\)[ \t]*\d{4}|\bCopyright[ \t]+(?:\([Cc]\)|\d{4}))",
             examples=("EUPL \u00a9 the European Community 2007", "Copyright (C) 2007 Free Software Foundation")),
    NotTitle(id="form-field", doc="A form field: a label in capitals, a colon and a short value.",
             pattern=r"[A-Z][A-Z ]{1,30}[ \t]?:[ \t]*\S.{0,25}$",
             examples=("AGENCY: LBJ", "RECORD NUMBER: \u2014 177-10001-10305", "COMMENTS : DOC, #2")),
    NotTitle(id="salutation", doc="The greeting or closing of a letter.",
             pattern=r"(?:Dear|Yours|Sincerely|Best regards|Kind regards|Regards|Respectfully)\b",
             examples=("Dear Sir or Madam", "Yours faithfully", "Kind regards")),
)
