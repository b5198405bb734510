"""Languages: the words that mark headings and titles, one record per language.

Heading keywords introduce a numbered heading (`Article 5`, `Artikel 5`, `Chapitre II`); back-matter
words an unnumbered one (`ADDENDUM: …`); small words stay lower case inside Title Case titles;
clause openers start a sentence, never a title. Documents mix languages (an English note quoting
a French title), so the active set is the union of the records. A new language is one record.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """The heading vocabulary of one language."""

    code: str
    doc: str
    heading_keywords: tuple[str, ...]     # as written in headings; case variants are derived
    back_matter: tuple[str, ...]          # unnumbered back-matter headings: "Addendum: …"
    small_words: frozenset[str]           # lower case inside Title Case titles
    clause_openers: frozenset[str]        # a line opening with one of these is a sentence
    examples: tuple[str, ...] = ()        # heading lines of this language (run as tests)


LANGUAGES: tuple[Language, ...] = (
    Language(
        code="en",
        doc="English: legal and policy documents, licences, standards.",
        heading_keywords=("Article", "Art.", "Section", "Sec.", "Chapter", "Part", "Annex", "Appendix", "Exhibit",
                          "Title", "Schedule", "Rule", "Clause", "Regulation"),
        back_matter=("Addendum", "Appendix", "Annex", "Glossary", "Attachment"),
        small_words=frozenset("a an and as at but by for from in into nor of on onto or per so than the to under "
                              "upon via vs with within without".split()),
        clause_openers=frozenset("if when where whereas unless although because provided notwithstanding while "
                                 "whether and or but so".split()),
        examples=("Article 5 \u2013 Fair Use", "Section 3. Conditions", "Annex II", "Part A",
                  "ADDENDUM: How to use this License for your documents"),
    ),
    Language(
        code="fr",
        doc="French: EU and national legal texts.",
        heading_keywords=("Article", "Chapitre", "Titre", "Section", "Annexe", "Partie", "Livre"),
        back_matter=("Annexe", "Glossaire"),
        small_words=frozenset("au aux d de des du en et la le les l ou par pour sur un une".split()),
        clause_openers=frozenset("si lorsque quand sauf bien dont et ou mais".split()),
        examples=("Article premier", "Chapitre II \u2013 Dispositions g\u00e9n\u00e9rales", "Titre III"),
    ),
    Language(
        code="de",
        doc="German: federal laws (\u00a7 and Art.), contracts, policies.",
        heading_keywords=("\u00a7\u00a7", "\u00a7", "Art", "Artikel", "Abschnitt", "Kapitel", "Teil", "Anhang",
                          "Anlage", "Buch", "Titel", "Unterabschnitt"),
        back_matter=("Anhang", "Anlage"),
        small_words=frozenset("der die das des dem den und oder von vom zu zum zur im in an am auf f\u00fcr mit bei "
                              "nach \u00fcber unter aus ein eine".split()),
        clause_openers=frozenset("wenn falls soweit sofern und oder aber dass".split()),
        examples=("\u00a7 5 Anwendungsbereich", "\u00a7 5a", "Art 49 (weggefallen)",
                  "Abschnitt 2 Allgemeine Vorschriften"),
    ),
    Language(
        code="es",
        doc="Spanish: legal texts.",
        heading_keywords=("Art\u00edculo", "Cap\u00edtulo", "T\u00edtulo", "Secci\u00f3n", "Anexo"),
        back_matter=("Anexo",),
        small_words=frozenset("a al de del el en la las los o para por y un una".split()),
        clause_openers=frozenset("si cuando aunque y o pero".split()),
        examples=("Art\u00edculo 3. Definiciones",),
    ),
)

# CJK numbering: 第一章 (chapter one), 第3条 (article 3), 第二節, and Chinese 一、 lists of headings
CJK_UNITS = "\u7ae0\u7bc0\u8282\u6761\u6b3e\u7de8\u7f16\u90e8\u53f7"     # 章 節 节 条 款 編 编 部 号
CJK_DIGITS = "\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343"  # 〇零一…十百千
