"""Page-furniture shapes: the page headers, footers and page numbers that paginated documents carry.

A shape only proposes lines. The furniture stage sets a line aside only where pages exist (form
feeds, or the shape recurring at page-like intervals) and only when the recurrence proves it: the
same shape on several pages, a page number that grows from page to page. A line of a shape that
occurs once, or in a list, table or code block, stays content. `page` is the group holding the
page number, if the shape has one. A new shape is one record here, with its examples.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class FurnitureShape:
    """One shape of page header, footer or page number (matched against a whole stripped line)."""

    id: str                                # the rule name reported in the JSON `normalization` block
    doc: str
    pattern: str
    anchors: tuple[str, ...]               # find the lines worth trying (multi-line mode): every line
                                           # the pattern accepts holds a match of one of them (each is
                                           # searched alone; one that starts with a literal is fastest)
    self_evident: bool = False             # the line names itself a page ("- 3 -", "Page 3 of 9"):
                                           # once is enough; a bare "3" or "JAI.1" must recur
    any_text: bool = False                 # occurrences prove each other by their page numbers alone,
                                           # whatever the text around them (OCR varies it)
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


FURNITURE: tuple[FurnitureShape, ...] = (
    FurnitureShape(
        id="council-footer",
        doc="EU Council document footers: the document number, the drafter's initials, the directorate, "
            "LIMITE and the language code, in any combination.",
        anchors=(r"^[ \t]*(?:\d{1,5}/\d{2}\b|[A-Z]{2,6}\.[A-Z0-9]|DG[ \t]|LIMITE\b"
                 r"|(?:EN|FR|DE|ES|IT|NL|PT|PL)[ \t]*$)",),
        pattern=r"(?:\d{1,5}/\d{2}(?:[ \t]+(?:REV|ADD|COR|AMD)[ \t]*\d{0,2})*(?:[ \t]+[A-Za-z]{2,4}/[A-Za-z]{2,4})?"
                r"(?:[ \t]+(?P<page>\d{1,4}))?)?"
                r"(?:[ \t]*(?:[A-Z]{2,6}(?:\.[A-Z0-9]{1,3})+|DG[ \t]+[A-Z](?:[ \t]*\d[A-Z]?)?))?"
                r"(?:[ \t]*\bLIMITE\b)?(?:[ \t]*\b(?:EN|FR|DE|ES|IT|NL|PT|PL)\b)?",
        examples=("8700/25", "8700/25 ADD 1", "8700/25   GS/lm   3", "JAI.1", "JAI.1 EN", "LIMITE", "EN",
                  "JAI.1   LIMITE   EN", "DG H 3A", "9334/08 AP/tas DG H 3A LIMITE EN"),
        counter_examples=("The Council adopted the text.", "Article 12", "8700", "jai.1"),
    ),
    FurnitureShape(
        id="page-number",
        doc="A page number that says so: - 3 -, Page 3, Page 3 of 9, %%page 15%%.",
        anchors=(r"^[ \t]*(?:[-\u2013\u2014]|[Pp][Aa][Gg][Ee][ \t]|%%)",),
        pattern=r"[-\u2013\u2014][ \t]*(?P<page>\d{1,4})[ \t]*[-\u2013\u2014]"
                r"|(?i:page)[ \t]+(?P<page2>\d{1,4})(?:[ \t]*(?:(?i:of)|/)[ \t]*\d{1,4})?"
                r"|%%[ \t]*page[ \t]*(?P<page4>\d+)[ \t]*%%",
        self_evident=True,
        examples=("- 3 -", "\u2013 12 \u2013", "Page 3", "Page 3 of 9", "page 3 / 9", "%%page 15%%"),
        counter_examples=("3.", "Page three", "(3)", "3 years", "3"),
    ),
    FurnitureShape(
        id="page-number",
        doc="A bare page number: 3, 3/9 (content as often as not, so it must recur as pages do).",
        anchors=(r"^[ \t]*\d{1,4}[ \t]*(?:/[ \t]*\d{1,4}[ \t]*)?$",),
        pattern=r"(?P<page>\d{1,4})|(?P<page3>\d{1,4})[ \t]*/[ \t]*\d{1,4}",
        examples=("3", "12", "3/9"),
        counter_examples=("3.", "(3)", "3 years"),
    ),
    FurnitureShape(
        id="page-footer",
        doc="xml2rfc page footers: author, status and [Page N] laid out in columns.",
        anchors=(r"\[Page \d+\][ \t]*$",),
        pattern=r"\S.*\S[ \t]{3,}.*\[Page (?P<page>\d+)\]",
        examples=("Nottingham                   Standards Track                    [Page 1]",),
        counter_examples=("See [Page 3] of the report.",),
    ),
    FurnitureShape(
        id="page-footer",
        doc="A footer that ends with its page number: HW 50955 DocId:32283208 Page 7 (OCR may garble the rest).",
        anchors=(r"age['\u2019`]?[ \t]*\d{1,4}[ \t]*$", r"AGE['\u2019`]?[ \t]*\d{1,4}[ \t]*$"),
        pattern=r"\S.{0,80}?[ \t](?:[Pp]age|PAGE)['\u2019`]?[ \t]*(?P<page>\d{1,4})",
        any_text=True,
        examples=("HW 50955 DocId:32283208 Page 7", "Docld:32283208 Page\u2019 10", "Case No. F-2014-20439 Page 3",
                  "C06541489 PAGE 12"),
        counter_examples=("Please turn the page",),
    ),
    FurnitureShape(
        id="running-header",
        doc="A running header or footer laid out in columns (three or more spaces apart): "
            "RFC 5988      Web Linking      October 2010.",
        anchors=(r"   ",),                   # a literal: the fastest search (tab-laid columns are rare)
        pattern=r"\S(?:.*\S)?[ \t]{3,}\S.*",
        examples=("RFC 5988                       Web Linking                   October 2010",
                  "Internet-Draft        Link Relations        January 2017"),
        counter_examples=("A sentence with single spaces only.",),
    ),
)

# Shapes found by recurrence rather than by a record: the same short line (digits aside) at the
# top or bottom of most pages ("page-edge"), or at page-like intervals in text without form feeds
# ("recurring-line").
DISCOVERED = ("page-edge", "recurring-line")
