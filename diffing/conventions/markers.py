"""Redaction-marker shapes: how releases mark withheld text, one record per shape.

A marker is found anywhere in a paragraph, and may be broken across lines by the wrapping
("[Redacted: (b)" at a line end, "(7)(A)]" on the next) the way a word may. `needles` are
literal substrings one of which every match contains: the tokeniser looks for them before
running the (slower) combined regex, so a shape
without needles is always searched. The test suite checks every example against its own shape,
against the combined pattern and against the needles, so a new shape is one record here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkerShape:
    """One way a release marks withheld text."""

    id: str
    doc: str
    pattern: str                          # may hold a group (?P<reason>…): the stated reason or code
    needles: tuple[str, ...]              # literal pre-check: every match contains one of them
    examples: tuple[tuple[str, str], ...] = ()    # (marker text, reason as stated, "" for none)
    counter_examples: tuple[str, ...] = ()        # text this shape must not match (as a whole)
    kind: str = "redaction"               # "repeal": the text was repealed, not withheld (de-law)
    annotation: bool = False              # stands apart from the words it withholds (a margin code):
                                          # its coming or going alone changes nothing withheld


def capitals_marker(words: str) -> str:
    """A marker word in capitals (an alternation: "DELETED|REDACTED") that is no word of a passage
    written in capitals: no capital word right before or after it on its line, unless that word
    is a marker too (DELETED DELETED)."""
    # the word first and its left context looked at from its end (a pattern that starts with a
    # look-behind is tried at every position: every token of every paragraph)
    def one(w: str) -> str:
        return (rf"{w}(?:(?<=DELETED[ \t]{w})|(?<=REDACTED[ \t]{w})|(?<![A-Z]{{2}}[ \t]{w}))")
    return (r"\b(?:" + "|".join(one(w) for w in words.split("|")) + r")\b"
            r"(?:(?=[ \t]+(?:DELETED|REDACTED)\b)|(?![ \t]+[A-Z]{2}))")


MARKERS: tuple[MarkerShape, ...] = (
    MarkerShape(
        id="bold-bracket",
        doc="Bold transcriber markers, with an optional reason: **DELETED**, "
            "**\\[ REDACTED: Harm to Ongoing Matter \\]**.",
        pattern=r"\*\*\s*\\?\[?\s*(?:DELETED|REDACTED)\b(?:\s*:\s*(?P<reason>[^\]*]{1,120}?))?\s*\\?\]?\s*\*\*",
        needles=("**",),
        examples=(("**DELETED**", ""), ("**[REDACTED]**", ""),
                  ("**\\[ REDACTED: Harm to Ongoing Matter \\]**", "Harm to Ongoing Matter")),
        counter_examples=("**Deleted scenes**", "**bold text**"),
    ),
    MarkerShape(
        id="bracket",
        doc="A bracketed label, with an optional reason or exemption code: [REDACTED], [Redacted: (b) (7)(A)], "
            "[WITHHELD].",
        pattern=r"\\?\[\s*(?:DELETED|REDACTED|WITHHELD|[Dd]eleted|[Rr]edacted|[Ww]ithheld)\b"
                r"(?:\s*[:\-\u2013]\s*(?P<reason>[^\]]{1,120}?))?\s*\\?\]",
        needles=("[",),
        examples=(("[DELETED]", ""), ("[REDACTED]", ""), ("[Redacted]", ""), ("[WITHHELD]", ""),
                  ("[Redacted: (b) (7)(A), (b) (7)(E)]", "(b) (7)(A), (b) (7)(E)"),
                  ("[Redacted: (b)\n(7)(A)]", "(b)\n(7)(A)"),
                  ("[REDACTED - Personal Privacy]", "Personal Privacy")),
        counter_examples=("[1]", "[Deletedness]", "[see above]"),
    ),
    MarkerShape(
        id="omission",
        doc="An omission mark in quotations: [...] or […].",
        pattern=r"\[\s*(?:\.\s*){3}\]|\[\s*\u2026\s*\]",
        needles=("[",),
        examples=(("[...]", ""), ("[\u2026]", ""), ("[. . .]", "")),
        counter_examples=("[..]", "..."),
    ),
    MarkerShape(
        id="capitals",
        doc="The bare word DELETED or REDACTED in capitals, as EU Council partial-access releases write it; "
            "not a word of a passage written in capitals (a disclaimer's \"YOUR CONTENT IS DELETED OR "
            "CORRUPTED\"), though markers may follow one another.",
        pattern=capitals_marker("DELETED|REDACTED"),
        needles=("DELETED", "REDACTED"),
        examples=(("DELETED", ""), ("REDACTED", "")),
        counter_examples=("Deleted", "UNDELETED", "redacted", "THE RISK THAT YOUR CONTENT IS DELETED OR CORRUPTED"),
    ),
    MarkerShape(
        id="box",
        doc="Runs of black boxes, possibly spaced, one per covered word or line: \u2588, \u2588\u2588\u2588, "
            "\u25a0 \u25a0.",
        pattern=r"[\u2588\u25a0](?:[ \t]*[\u2588\u25a0])*",
        needles=("\u2588", "\u25a0"),
        examples=(("\u2588", ""), ("\u2588\u2588\u2588\u2588", ""), ("\u2588 \u2588 \u2588", ""),
                  ("\u25a0 \u25a0", "")),
        counter_examples=("\u2591", "#"),
    ),
    MarkerShape(
        id="foia-code",
        doc="US FOIA exemption codes standing for withheld text: (b)(6), (b)(7)(C); not a statute's subsection "
            "written against its section number (2302(b)(8)).",
        pattern=r"(?<![\w)\]])(?P<reason>\(b\)\s?\(\d\)(?:\s?\([A-Za-z]\))*(?:\s*(?:,|and|&)\s*\(b\)\s?\(\d\)(?:\s?\([A-Za-z]\))*)*)",
        needles=("(b)",),
        examples=(("(b)(6)", "(b)(6)"), ("(b)(7)(C)", "(b)(7)(C)"), ("(b)(6), (b)(7)(C)", "(b)(6), (b)(7)(C)"),
                  ("(b) (3)", "(b) (3)")),
        # a statute's subsection is no exemption code: "5 U.S.C. 2302(b)(8)", "§ 552(b)(6)"
        counter_examples=("(b)", "(6)", "(a)(1)", "section 2302(b)(8) of title 5", "552(b)(6)"),
    ),
    MarkerShape(
        id="masked",
        doc="Four or more X standing for a masked name, number or address: XXXX, xxxxxxxx.",
        pattern=r"\b(?:X{4,}|x{4,})\b",
        needles=("XXXX", "xxxx"),
        examples=(("XXXX", ""), ("xxxxxxxxx", "")),
        counter_examples=("XXX", "XXL", "Xxxx"),
    ),
)
