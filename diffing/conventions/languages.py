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
    # words that write a heading's number, in order from one: "Elfter Abschnitt", "Part Two";
    # ordinal stems take the language's inflection endings ("Erst" + er/es/e/en/em); "a/b" are
    # two spellings of one number ("siebt/siebent")
    ordinals: tuple[str, ...] = ()
    cardinals: tuple[str, ...] = ()
    ordinal_endings: str = ""            # a regex alternation of endings, "" for none
    # words after a suspended hyphen ("Beschäftigungs- und Aufenthaltsrecht", "pre- and post-war"):
    # a hyphen at a line end before one of them is no word broken in two
    suspended_hyphen_words: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()        # heading lines of this language (run as tests)


def _german_ordinals() -> tuple[str, ...]:
    """Ordinal stems one to thirty-nine: erst, zweit, … neunzehnt, zwanzigst, einundzwanzigst, …"""
    low = ("erst zweit dritt viert f\u00fcnft sechst siebt/siebent acht neunt zehnt elft zw\u00f6lft dreizehnt "
           "vierzehnt f\u00fcnfzehnt sechzehnt siebzehnt achtzehnt neunzehnt").split()
    units = "ein zwei drei vier f\u00fcnf sechs sieben acht neun".split()
    return tuple(low + [f"{u}und{tens}" if u else tens for tens in ("zwanzigst", "drei\u00dfigst")
                        for u in [""] + units])


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
        ordinals=tuple("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                       "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()),
        cardinals=tuple("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                        "sixteen seventeen eighteen nineteen twenty".split()),
        suspended_hyphen_words=("and", "or", "to"),
        examples=("Article 5 \u2013 Fair Use", "Section 3. Conditions", "Annex II", "Part A", "Part Two",
                  "First Part", "ADDENDUM: How to use this License for your documents"),
    ),
    Language(
        code="fr",
        doc="French: EU and national legal texts.",
        heading_keywords=("Article", "Chapitre", "Titre", "Section", "Annexe", "Partie", "Livre"),
        back_matter=("Annexe", "Glossaire"),
        small_words=frozenset("au aux d de des du en et la le les l ou par pour sur un une".split()),
        clause_openers=frozenset("si lorsque quand sauf bien dont et ou mais".split()),
        suspended_hyphen_words=("et", "ou"),
        ordinals=("premier/premi\u00e8re", "deuxi\u00e8me/second/seconde", "troisi\u00e8me", "quatri\u00e8me",
                  "cinqui\u00e8me", "sixi\u00e8me", "septi\u00e8me", "huiti\u00e8me", "neuvi\u00e8me", "dixi\u00e8me"),
        examples=("Article premier", "Chapitre II \u2013 Dispositions g\u00e9n\u00e9rales", "Titre III",
                  "Titre deuxi\u00e8me"),
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
        ordinals=_german_ordinals(),
        ordinal_endings="er|es|en|em|e",
        suspended_hyphen_words=("und", "oder", "bzw", "sowie", "bis"),
        examples=("\u00a7 5 Anwendungsbereich", "\u00a7 5a", "Art 49 (weggefallen)",
                  "Abschnitt 2 Allgemeine Vorschriften", "Elfter Abschnitt - Fraktionen", "Zweites Kapitel",
                  "Siebenter Abschnitt - Anrechnung",
                  "Erstes Buch Allgemeiner Teil"),
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


def _number_words() -> dict[str, int]:
    out: dict[str, int] = {}
    for lang in LANGUAGES:
        endings = [""] + (lang.ordinal_endings.split("|") if lang.ordinal_endings else [])
        for value, spellings in enumerate(lang.ordinals, 1):
            for stem in spellings.split("/"):
                for e in endings:
                    out.setdefault((stem + e).casefold(), value)
        for value, word in enumerate(lang.cardinals, 1):
            out.setdefault(word.casefold(), value)
    return out


NUMBER_WORDS = _number_words()      # "elfter" -> 11, "two" -> 2, "deuxième" -> 2


def number_word_value(word: str) -> int | None:
    """The value of a word that writes a heading's number ("Elfter", "Two"), or None."""
    return NUMBER_WORDS.get(word.casefold())
