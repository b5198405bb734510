"""Every tuning threshold of the pipeline, named, with the reason for its value.

Values were set by measurement on ../shared/eval (generated cases), the real corpus and its
hand-made truth; the comments say what each one separates. Stages read them from here (tests may
pass their own records instead of patching modules).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadingTuning:
    """How short paragraphs become headings: the shape's prior plus evidence, against `accept`."""

    accept: float = 0.5                # a candidate is a heading at this belief or above
    max_lines: int = 3                 # a title wrapped over more lines is a paragraph
    max_chars_one_line: int = 160      # longer lines are sentences
    max_chars_wrapped: int = 120       # a wrapped title is shorter than a wrapped sentence
    max_title_words: int = 16          # numbered titles ("3. Protecting Users' Legal Rights From …")
    max_plain_words: int = 12          # unnumbered titles are shorter than sentences
    period_title_words: int = 12       # "0. Definitions." may end with a period (LGPL-3: "6. Revised Versions of
                                       # the GNU Lesser General Public License."); a longer line is a clause
    # evidence
    sequence_pred: float = 0.25        # its number continues an earlier one (1 -> 2, 2 -> 2.1)
    sequence_succ: float = 0.1         # a later number continues it
    sequence_orphan: float = -0.35     # a number nothing continues and nothing precedes: a stray "7." or year
    sequence_gap: int = 3              # "4." still continues "1." when two headings in between were missed
    shape_repeat: float = 0.15         # two or more other candidates share its shape
    shape_repeat_min: int = 2          # ... at least this many others
    body_follows: float = 0.12         # a longer body paragraph follows
    no_body: float = -0.2              # an unnumbered candidate followed by a candidate of its kind, or nothing
    after_heading: float = -0.2        # an unnumbered plain line right after a heading: a subtitle or fragment
    interrupts_sentence: float = -0.6  # the line sits inside a sentence (open before, lower case after)
    list_context: float = -0.2         # the previous paragraph introduces a list ("… as follows:")
    toc_run: float = -0.5              # three or more candidates in a row without bodies: a contents list
    toc_run_min: int = 3               # a run this long, of one kind
    repeated_line: float = -0.35       # the same line three or more times: a label or running header
    repeated_line_min: int = 3         # ... this many times
    cross_title: float = 0.25          # the other version has a heading with this title at the matching place
    cross_number: float = 0.1          # ... or with this number in the same numbering
    cross_place: float = 0.25          # "the matching place": this share of the document either way
    indented_like_body: float = -0.3   # headings at the margin, body indented: an indented line is body
    indented_numbered: float = -0.6    # ... and a numbered one is a list item or an algorithm's step, whatever
                                       # its number continues (RFC 8288 drafts' parsing steps, one per paragraph)
    lower_case_title: float = -0.15    # a numbered title starting in lower case ('3. "except" clause' is rarer)
    scrappy_share: float = 0.25        # share of short unpunctuated lines followed by no body: OCR scraps
    scrappy_min: int = 20              # a shorter document is judged by its lines alone
    scrappy: float = -0.25             # unnumbered candidates in such a document need more evidence
    # untitled numbered clauses (GPL-2): one run of numbers through most of the document
    clause_min: int = 3                # the run holds at least this many clauses
    clause_span: float = 0.25          # the run covers at least this share of the document
    run_in_title_words: int = 10       # "2. Grant of Copyright License. Subject …": a short Title Case first sentence
    iterations: int = 3                # neighbour evidence is settled by re-deciding this many times


@dataclass(frozen=True, slots=True, kw_only=True)
class FurnitureTuning:
    """When a proposed page-furniture line is proven furniture by recurrence."""

    max_chars: int = 100              # furniture is short
    max_chars_evident: int = 160      # ... but a self-evident stamp may carry a record number and scanning junk
    edge_depth: int = 3               # lines from a page's top or bottom that may be furniture
    edge_max_chars: int = 70          # page-edge lines are shorter than body lines
    edge_share: float = 0.5           # the shape must be on at least this share of pages
    edge_body_share: float = 0.2      # ... and occur inside pages at most this often per page-edge occurrence (once is
                                      # fine: a title that is also the running header):
                                      # a list entry's line ("o Relation Name: …") recurs everywhere, a header
                                      # only at page tops (shapes of numbers alone, "- # -", are exempt: their
                                      # page sequence is the proof, and tables hold numbers)
    min_occurrences: int = 2          # a known shape seen once proves nothing
    generic_min_occurrences: int = 3  # a shape found only by recurrence needs more
    min_page_lines: int = 12          # occurrences closer than this (in lines) are not on separate pages
    page_regularity: float = 0.12     # generic lines: spread of the intervals (coefficient of variation);
                                      # pages of one document hold about as many lines, repeated prose does not
    page_step_max: int = 3            # a page number may skip this many pages between occurrences
    recurring_cover: float = 0.5      # a line found only by recurrence spans at least this share of the text


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignTuning:
    """Pairing sections from where their content went, with titles and numbers as evidence."""

    pair_threshold: float = 0.40      # unrelated sections of one licence share vocabulary up to ~0.37
    move_threshold: float = 0.50      # a pair out of order (a move) must be more certain
    title_weight: float = 0.35        # share of a renamed pair's score that is title similarity
    withheld_title_weight: float = 0.8  # a pair whose body one version withheld stands on its title
    same_title_base: float = 0.55     # an identical title is worth this much before the bodies speak
    number_bonus: float = 0.05        # the same number value
    containment_factor: float = 0.85  # a body kept inside a larger one (redacted, extended)
    containment_min_chars: float = 60.0   # containment of shorter bodies is damped (a sentence fits anywhere)
    containment_min_chars_unlike: float = 150.0  # ... under unlike titles, of bodies under two sentences: a
    #   privacy statement's one-sentence "Information GitHub automatically collects" is mostly inside
    #   the long "How we share the information we collect" it has nothing to do with
    contradiction: float = 0.5        # a title pair whose bodies clearly went elsewhere keeps this share
    title_cutoff: int = 50            # rapidfuzz score below which titles are not compared further
    title_candidates: int = 8         # the most similar titles scored per section
    dominance_margin: float = 0.25    # a pair both of whose sections have a partner this much better is dropped
    displacement_weight: float = 0.5  # among equally many in-order pairs, prefer the least displaced
    size_weight: float = 0.25         # ... then the larger section stays, the smaller one moved (the fewest
                                      # moved characters explain the change: two swapped sections)
    certainty_weight: float = 0.05    # ... and only then the more certain pair
    gap_fill_background: float = 2.0  # ... and twice what unrelated sections of the pair share (median)
    gap_fill_lone: float = 0.35       # a lone positional pair where the background is unknown (unrelated
                                      # sections of one licence share up to ~0.3)
    gap_fill_min: float = 0.15        # a positional pair between paired neighbours needs this much body or title


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchTuning:
    """Global content matching: paragraphs and sentences that appear in both versions."""

    min_sentence_chars: int = 24      # shorter sentences ("See above.") recur by chance
    min_paragraph_chars: int = 12     # shorter paragraphs match by chance ("DELETED", "1.")
    fuzzy_min_similarity: float = 0.6 # an edited paragraph keeps at least this share of its characters
    fuzzy_containment: float = 0.8    # ... or the shorter one is this much inside the longer
    fuzzy_candidates: int = 6         # paragraphs compared per unmatched paragraph
    rare_word_max_df: int = 8         # words in more paragraphs than this do not propose candidates
    move_min_chars: int = 40          # a moved passage is at least a sentence long
    move_min_similarity: float = 0.7  # ... and mostly the same text where it went (else: removed + added)
    in_place_similarity: float = 0.8  # paragraphs in the same place between anchors, this similar,
                                      # are one paragraph edited there (no search elsewhere)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageTuning:
    """Word-level diffs inside a section pair."""

    max_cells: int = 40_000_000       # Indel's bit matrix (len(a)*len(b)/8 bytes); above: Hirschberg
    huge_cells: int = 2_000_000_000   # even linear memory is quadratic time: compare in order instead
    anchor_dice: float = 0.5          # two paragraphs sharing this much are the same paragraph edited
    anchor_length_ratio: float = 0.6  # an anchor that cuts a block is about as long as its partner
    anchor_containment: float = 0.8   # ... or one is mostly inside the other (split at a page break)
    anchor_min_chars: int = 40        # containment only for paragraphs of a sentence or more
    diagonal_accept: float = 0.8      # equal counts all edited in place
    band: int = 12                    # anchor search band in long blocks
    confetti_tokens: int = 3          # an equal run this short between changes is a coincidence ...
    confetti_min_chars: int = 8       # ... when both changes around it are at least this long
    confetti_budget: float = 0.03     # ... absorbing at most this share of either side's words (a flat word
                                      # diff is the bar: "a few points" more reported changed at most)
    confetti_floor: int = 2           # ... but a rewritten sentence may always absorb two ("the", "of the")
    trim_context_words: int = 8       # an edit is widened to whole sentences, at most this far: enough for
    #   a change to slide over the repeated words around it; every difference is inside the middle
    #   anyway (30 tokenised a third more words of each edited paragraph: 0.6 s per 10 MB edit-dense pair)
    lopsided_min_chars: int = 200     # a change this long on one side ...
    lopsided_ratio: float = 0.1       # ... against under this share of it on the other is an addition (or
    #   removal) beside a small removal (addition), not a modification: a newly released page is not
    #   a "modified" 6-character OCR crumb, and --only added must find it


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkupTuning:
    """Reading Markdown's structure."""

    prose_letters: float = 0.85       # an indented (unfenced) block this much letters ...
    prose_words_per_line: float = 5.0  # ... with this many words a line and no code marks is prose that
    #   the indentation made a code block (a law's table cells under "*    *"): re-wrapping it is no change


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyTuning:
    """Folding a passage's words into its comparison key."""

    hyphen_part_min: int = 3          # a hyphen between two words at least this long is typesetting
    #   ("terrorism-related" = "terrorismrelated": a PDF's text layer drops the hyphen of a compound
    #   broken at a line end, as the public 8700/25 does); after a shorter part it spells the word
    #   ("re-sign" is not "resign", "co-op" not "coop", "e-mail" not "email"). Never in a word that
    #   stands as a link's path segment or anchor anywhere ("/kb/search-suggestions": its spelling)


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegexTuning:
    """Bounds on the regular expressions a user configures (markers, furniture, check patterns)."""

    timeout_base: float = 1.0         # seconds any one search may take: far above a sane pattern's
    timeout_per_char: float = 1e-6    # ... plus this per character searched (a 10 MB text: 11 s)
    max_chars: int = 10_000           # a longer pattern is a word list in disguise (5 MB took 25 s)


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryTuning:
    """How `docdiff history` decides that passages of two versions are one passage."""

    window: int = 50                  # units of a version searched ahead for a passage's partner
    noise_ratio: float = 85.0         # two marker-free sentences this alike (rapidfuzz ratio) are one, OCR noise
    withheld_kept: float = 0.8        # a withheld form keeps this share of its words in order in the full form
    min_kept_words: int = 2           # ... and at least this many (one shared word proves nothing)


@dataclass(frozen=True, slots=True, kw_only=True)
class BoxTuning:
    """Which filled shapes of a PDF page are redaction boxes, and how a box reads in the text.

    Sizes are in ems of the page's body text (the median character size), so that a box is judged
    against the text it covers: 10 pt text or 7 pt footnotes alike."""

    max_luminance: float = 0.55       # black, and the mid-grey some tools fill (0.5); table shading is light
                                      # (0.75 and above), so a shaded header row is never a box
    min_height_em: float = 0.55       # a box covers a line of text; underlines, table rules and thin borders
                                      # are a fraction of an em (0.05-0.2), bullets about 0.4
    min_width_em: float = 0.5         # one redacted digit or initial is half an em wide
    line_height_em: float = 2.2       # up to this tall a box sits on one line of text; taller is a block
    text_contrast: float = 0.4        # text drawn on a box that differs this much in luminance is read
                                      # (white on a dark table header): the shape is a background, not a box
    white_luminance: float = 0.95     # text this light on nothing darker is invisible on a white page
    glyph_em: float = 0.5             # one marker character per half em of box width (about one letter) ...
    max_run: int = 40                 # ... at most this many: a box the width of the page is one long run
    neighbour_em: float = 3.0         # a box this close to a word on its line is read in that line
    image_dark_share: float = 0.98    # an image is a solid block when this share of its samples is dark
    max_image_samples: int = 4_000_000   # larger images are pictures or scans, not sampled
    default_size: float = 10.0        # the em of a page without text (points)
    merge_overlap: float = 0.8        # boxes overlapping this much of the smaller one are one box drawn twice


@dataclass(frozen=True, slots=True, kw_only=True)
class OcrTuning:
    """Reading pages without a text layer: rendering, Tesseract, and boxes on the page image."""

    dpi: int = 300                    # Tesseract's documented optimum for body text
    dark_level: int = 90              # a pixel at or below this grey level (0-255) is ink
    box_scale: int = 4                # boxes are looked for on the image reduced this much (a solid box stays
                                      # dark, text strokes average to grey)
    box_dark_level: int = 60          # ... where a reduced pixel this dark is inside a box
    min_box_height_pt: float = 5.0    # a box covers a line of 10 pt text (7 pt high); rules are under 3 pt
    min_box_width_pt: float = 6.0     # ... and one redacted digit or initial wide
    box_row_tolerance: int = 2        # rows of one box start and end within this many reduced pixels
    min_confidence: float = 0.0       # Tesseract words below this confidence (0-100) are noise ("-1": layout)
    near_match: float = 0.8           # two OCR'd words this alike (normalised Indel similarity) are one word
                                      # read differently: "Counci1"/"Council", "tbe"/"the"
    near_match_min_chars: int = 3     # shorter words differ by one letter when they really differ ("a"/"I")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelTuning:
    """When reading the two versions is worth sharing with a forked child (parallel.fork_pair): a
    fork and sending a version's paragraphs back cost some 10-30 ms per megabyte of text read in
    ~0.1 s, so only long documents gain."""

    read_min_chars: int = 1_000_000   # both versions together


HEADINGS = HeadingTuning()
FURNITURE = FurnitureTuning()
ALIGN = AlignTuning()
MATCH = MatchTuning()
PASSAGES = PassageTuning()
MARKUP = MarkupTuning()
KEYS = KeyTuning()
USER_REGEX = UserRegexTuning()
HISTORY = HistoryTuning()
BOXES = BoxTuning()
OCR = OcrTuning()
PARALLEL = ParallelTuning()
