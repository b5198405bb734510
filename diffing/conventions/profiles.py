"""Release profiles: the marker and release-stamp conventions of one kind of real release, one
record per kind.

The built-in marker shapes (markers.py) are always on. A profile adds the shapes that would be
wrong outside its kind of release: a run of spaces is a withheld word only in a State Department
e-mail, a bare "Grand Jury" is a label only in an OCR'd DOJ report, "(weggefallen)" is a repeal in
a German law. A profile applies when chosen (`--profile`, `profiles:` in .docdiff.yml) or when a
document clearly follows it: `evidence` (multi-line regexes) matches at least `min_evidence` times
in the compared versions together. Its release stamps and case footers are release metadata, not
content: set aside wherever they stand (one is proof enough: they name themselves), and counted like page furniture.

The test suite checks every profile's examples (detected, markers read with their reason,
stamps set aside) and counter-examples (not detected), so a new profile is one record here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .furniture import FurnitureShape
from .markers import MarkerShape, capitals_marker

# One US exemption code as the State Department prints it in the margin: B1 … B9, B7(C), 1.4(D).
_MARGIN_CODE = r"(?:B[1-9](?:\([A-Fa-f]\))?|1\.4\([A-Ha-h]\))"
_MARGIN_CODES = rf"{_MARGIN_CODE}(?:[ \t]*[,;]?[ \t]*{_MARGIN_CODE})*"
# A UK FOI Act exemption: section 40(2), s.40(2), s 43(2)(a)
_UK_SECTION = r"(?:[Ss]ection|[Ss]\.?)[ \t]?\d{2}(?:\(\d\))?(?:\([a-z]\))?"
_OCR_DOJ = (r"Ha[rn]{1,2}m[ \t]+t[o0][ \t]+Ong[o0][il1][nm]g[ \t]+Ma[tf]{2}e[rl]|HOM|Grand[ \t]+Jury"
            r"|Investigative[ \t]+Techn?iq[un]e|Personal[ \t]+P[rn]i?vacy")


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """The conventions of one kind of release."""

    id: str
    doc: str
    markers: tuple[MarkerShape, ...] = ()
    stamps: tuple[FurnitureShape, ...] = ()       # release stamps and case footers (self-evident)
    evidence: tuple[str, ...] = ()                # multi-line regexes: signs that a text follows it
    min_evidence: int = 1
    decisive: tuple[str, ...] = ()                # evidence one match of which is enough (a stamp that
                                                  # names the release), also matched around the needles
    needles: tuple[str, ...] = ()                 # regexes starting with a literal (found by a fast scan),
                                                  # one in every evidence match: only the lines around
                                                  # them are searched (empty: the whole text)
    examples: tuple[str, ...] = ()                # texts on which it is detected
    counter_examples: tuple[str, ...] = ()        # texts on which it is not


PROFILES: tuple[Profile, ...] = (
    Profile(
        id="eu-council",
        doc="EU Council documents: DELETED for withheld text and the council-footer (built in); the "
            "classification line (LIMITE, PUBLIC, RESTREINT UE/EU RESTRICTED) as release metadata. The "
            "public-access stamp stays content: extraction often glues it to a heading, and the "
            "only-redactions rule allows it (allow-added).",
        stamps=(
            FurnitureShape(
                id="release-stamp",
                doc="The classification line of a Council document, alone on its line.",
                anchors=(r"^[ \t]*(?:LIMITE|PUBLIC|RESTREINT)",),
                pattern=r"LIMITE|PUBLIC|RESTREINT[ \t]+UE/EU[ \t]+RESTRICTED",
                self_evident=True,
                examples=("LIMITE", "PUBLIC", "RESTREINT UE/EU RESTRICTED"),
                counter_examples=("Limite", "PUBLIC HEALTH"),
            ),
        ),
        evidence=(r"^[ \t]*LIMITE[ \t]*$", r"(?i)accessible to the public\s*\(\d",
                  capitals_marker("DELETED")),
        min_evidence=2,
        needles=("LIMITE", "DELETED", "ACCESSIBLE", "accessible", "Accessible"),
        examples=("8700/25\nLIMITE\n\nThe Presidency DELETED.\n", "PARTIALLY ACCESSIBLE TO THE PUBLIC (23.06.2025)\n"
                  "\nThe Presidency DELETED and DELETED.\n"),
        counter_examples=("The file was DELETED by the user.\n",
                          "THE RISK THAT YOUR CONTENT IS DELETED OR CORRUPTED.\nIT MAY BE DELETED AT ANY TIME.\n"),
    ),
    Profile(
        id="us-foia",
        doc="US FOIA releases (State Department and others): exemption codes alone in the margin "
            "(B6, B5, B1,1.4(D)), withheld words left as a run of spaces inside a line, RELEASE IN "
            "PART/FULL stamps and the Department's case footer. (b)(6)-style codes are built in.",
        markers=(
            MarkerShape(
                id="margin-code",
                doc="Exemption codes standing alone on a line, as the margin of a release prints them: "
                    "B6, B5, B1,1.4(D), 1.4(D), B6 B7(C).",
                pattern=rf"(?<![^\n])[ \t]*(?P<reason>{_MARGIN_CODES})[ \t]*(?![^\n])",
                needles=("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "1.4("),
                examples=(("B6", "B6"), ("B5", "B5"), ("B1,1.4(D)", "B1,1.4(D)"), ("1.4(D)", "1.4(D)"),
                          ("B6 B7(C)", "B6 B7(C)")),
                counter_examples=("B6 was the code", "B52", "Section B6 applies"),
                annotation=True,
            ),
            MarkerShape(
                id="space-gap",
                doc="A run of six or more spaces inside a line, where withheld words were cut out "
                    "(What happened w                  yesterday?); not after a label's colon.",
                pattern=r"(?<=[^\s:])[ ]{6,}(?=\S)",
                needles=("      ",),
                examples=(("What happened w          yesterday?", ""),),
                counter_examples=("  ", "a b"),
            ),
        ),
        stamps=(
            FurnitureShape(
                id="release-stamp",
                doc="A release stamp, with the codes printed beside it: RELEASE IN PART B6, RELEASED IN FULL, "
                    "the JFK Records Act release line.",
                anchors=(r"(?i)\breleased?[ \t]+(?:in[ \t]+(?:part|full)|under[ \t]+the[ \t]+president)",),
                # the JFK line with the record number or scanning junk printed beside it (no words:
                # a sentence naming the Act is content)
                pattern=rf"(?i:released?[ \t]+in[ \t]+(?:part|full))(?:[ \t]+{_MARGIN_CODES})?"
                        r"|[^A-Za-z\n]{0,40}?(?:\d{4}[ \t]+)?(?i:release[ \t]+under[ \t]+the[ \t]+president[ \t]+"
                        r"john[ \t]+f\.?[ \t]+kennedy[ \t]+assassination[ \t]+records[ \t]+act[ \t]+of[ \t]+1992)"
                        r"[^A-Za-z\n]{0,20}",
                self_evident=True,
                examples=("RELEASE IN PART B6", "RELEASE IN FULL", "RELEASED IN PART B1,1.4(D),B6",
                          "2023 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992",
                          "104-10105-10271 [ 2022 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS "
                          "ACT OF 1992 }"),
                counter_examples=("We will release in part the records you asked for.",
                                  "It was cleared for release under the President John F. Kennedy Assassination "
                                  "Records Act of 1992."),
            ),
            FurnitureShape(
                id="case-footer",
                doc="The State Department's footer naming the case and document: UNCLASSIFIED U.S. "
                    "Department of State Case No. F-2014-20439 Doc No. C05760534 Date: 06/30/2015.",
                anchors=(r"(?i)case[ \t]+no\.?[ \t]+[A-Z]-\d{4}-\d+",),
                pattern=r".{0,60}?(?i:case[ \t]+no\.?)[ \t]+[A-Z]-\d{4}-\d+(?:[ \t]+(?i:doc[ \t]+no\.?)[ \t]+\S+)?"
                        r"(?:[ \t]+(?i:date):?[ \t]+\d{1,2}/\d{1,2}/\d{2,4})?.{0,40}",
                self_evident=True,
                examples=("UNCLASSIFIED U.S. Department of State Case No. F-2014-20439 Doc No. C05760534 "
                          "Date: 06/30/2015",),
                counter_examples=("The case was closed.",),
            ),
        ),
        evidence=(rf"^[ \t]*{_MARGIN_CODES}[ \t]*$", r"(?i)^[ \t]*released?[ \t]+in[ \t]+(?:part|full)",
                  r"(?i)department of state case no\.", r"(?i)assassination records act"),
        min_evidence=2,
        decisive=(r"(?i)release[ \t]+under[ \t]+the[ \t]+president[ \t]+john[ \t]+f\.?[ \t]+kennedy[ \t]+"
                  r"assassination[ \t]+records[ \t]+act",),
        needles=("B[1-9]", r"1\.4\(", "elease", "ELEASE", "ase No", "ase no", "ASE NO", "ssassination",
                 "SSASSINATION"),
        examples=("RELEASE IN PART\nB6\n\nWhat happened w           yesterday?\n",
                  "B6\nCall me.\n\nB5\nWe should          soon.\n",
                  "SECRET\n\n2025 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992\n"),
        counter_examples=("Vitamin B6 and B5 are listed.\n", "Column A      Column B\n"),
    ),
    Profile(
        id="us-doj",
        doc="DOJ releases read by OCR: the redaction labels printed in the boxes stand bare in the prose "
            "(Harm to Ongoing Matter, HOM, Grand Jury, Investigative Technique, Personal Privacy), "
            "OCR misreadings included; bracketed labels are built in.",
        markers=(
            MarkerShape(
                id="doj-label",
                doc="A redaction label standing bare in OCR'd text, read as a marker stating that reason.",
                pattern=rf"\b(?P<reason>{_OCR_DOJ})\b",
                needles=("Ha", "HOM", "Grand", "Investigative", "Personal"),
                examples=(("Harm to Ongoing Matter", "Harm to Ongoing Matter"), ("HOM", "HOM"),
                          ("Grand Jury", "Grand Jury"), ("Investigative Technique", "Investigative Technique"),
                          ("Personal Privacy", "Personal Privacy"),
                          ("Harm to Ongoing Mattel", "Harm to Ongoing Mattel")),
                counter_examples=("grand jury", "HOME", "harm"),
            ),
        ),
        evidence=(rf"\b(?:{_OCR_DOJ})\b",),
        min_evidence=3,
        needles=("Ong", "HOM", "Grand", "Investigative", "Personal"),
        examples=("The IRA Harm to Ongoing Matter met Grand Jury on the HOM day.\n",),
        counter_examples=("The grand jury met on Monday.\n",),
    ),
    Profile(
        id="uk-foi",
        doc="UK Freedom of Information releases: exemptions cited in brackets ([Redacted under section "
            "40(2)], [s.40(2)]) or alone on a line (Section 40(2)).",
        markers=(
            MarkerShape(
                id="uk-section",
                doc="A bracketed or line-alone FOI Act exemption: [Redacted under section 40(2)], [s.43(2)], "
                    "Section 40(2).",
                pattern=rf"\[[ \t]*(?:(?:[Rr]edacted|[Ww]ithheld|[Ee]xempt(?:ed)?|REDACTED)[ \t]*"
                        rf"(?:under|-|:|\u2013)?[ \t]*)?"
                        rf"(?P<reason>{_UK_SECTION}(?:[ \t]*(?:,|and)[ \t]*{_UK_SECTION})*)[ \t]*\]"
                        rf"|(?<![^\n])[ \t]*(?P<reason2>{_UK_SECTION})[ \t]*(?![^\n])",
                needles=("[", "ection", "s."),
                examples=(("[Redacted under section 40(2)]", "section 40(2)"), ("[s.40(2)]", "s.40(2)"),
                          ("[Section 43(2) and section 40(2)]", "Section 43(2) and section 40(2)"),
                          ("Section 40(2)", "Section 40(2)")),
                counter_examples=("see section 40(2) of the Act", "[1]"),
            ),
        ),
        evidence=(rf"\[[^\]\n]{{0,30}}{_UK_SECTION}[ \t]*\]", rf"^[ \t]*{_UK_SECTION}[ \t]*$"),
        min_evidence=1,
        # "S 40(2)" alone is read once chosen, not sought
        needles=(r"ection[ \t]?\d\d", r"s\.[ \t]?\d\d", r"S\.[ \t]?\d\d"),
        examples=("The officer [Redacted under section 40(2)] replied.\n",),
        counter_examples=("Under section 40(2) of the Act personal data is exempt.\n",),
    ),
    Profile(
        id="masking",
        doc="Masked identifiers: an e-mail address or number written as x's (xxxxxxxx@xxxx.xxx, "
            "xxx-xxx-xxxx).",
        markers=(
            MarkerShape(
                id="masked-identifier",
                doc="An address or number whose characters were replaced by x: xxxxxxxx@xxxx.xxx, xxx-xxx-xxxx.",
                pattern=r"(?<![\w@.-])[xX]{2,}(?:[@.\-][xX]{2,})+(?![\w@-])",
                needles=("xx", "XX"),
                examples=(("xxxxxxxx@xxxx.xxx", ""), ("xxx-xxx-xxxx", ""), ("XXX.XXX.XXXX", "")),
                counter_examples=("xx", "box-x", "xx@example.com"),
            ),
        ),
        evidence=(r"(?<![\w@.-])[xX]{2,}(?:[@.\-][xX]{2,})+(?![\w@-])",),
        min_evidence=1,
        needles=("x[@.-]", "X[@.-]"),
        examples=("Write to xxxxxxxx@xxxx.xxx today.\n",),
        counter_examples=("Write to jane@example.com today.\n",),
    ),
    Profile(
        id="de-law",
        doc="German statutes: a repealed provision keeps its number and reads (weggefallen) or "
            "(aufgehoben): a repeal, reported as its own kind `repealed`, not a redaction.",
        markers=(
            MarkerShape(
                id="repeal",
                doc="The text of a repealed provision: (weggefallen), (aufgehoben), (Aufgehoben).",
                pattern=r"\((?:weggefallen|[Aa]ufgehoben)\)",
                needles=("(weggefallen)", "ufgehoben)"),
                examples=(("(weggefallen)", ""), ("(aufgehoben)", "")),
                counter_examples=("weggefallen", "(entfallen ist)"),
                kind="repeal",
            ),
        ),
        evidence=(r"\((?:weggefallen|[Aa]ufgehoben)\)",),
        min_evidence=1,
        needles=("weggefallen", "ufgehoben"),
        examples=("§ 3\n\n(weggefallen)\n",),
        counter_examples=("§ 3\n\nDie Frist ist weggefallen.\n",),
    ),
)

PROFILE_IDS: tuple[str, ...] = tuple(p.id for p in PROFILES)


def profile(name: str) -> Profile:
    for p in PROFILES:
        if p.id == name:
            return p
    raise KeyError(name)
