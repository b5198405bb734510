"""HTML and Markdown reports, side-by-side terminal view and the pager."""
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from docdiff.cli.main import docdiff
from docdiff.cli.report_markdown import render_markdown
from docdiff.diffing import compare_files, compare_texts

ARTIFACTS = ROOT / "tests" / "artifacts"
EVIL_OLD = ("1. Scope\n\nThe Council <script>document.body.setAttribute('data-pwned','1')</script> noted "
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> the borders.\n\n"
            "2. Assessment\n\nSmuggling networks moved east in March. The agency expects shifts.\n")
EVIL_NEW = EVIL_OLD.replace("noted", "firmly noted").replace("Smuggling networks moved east in March.",
                                                              "[REDACTED]")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def evil_report(tmp_path):
    (tmp_path / "old.txt").write_text(EVIL_OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(EVIL_NEW, encoding="utf-8")
    out = tmp_path / "report.html"
    r = CliRunner().invoke(docdiff, [str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "html",
                                     "--context", "300", "-o", str(out)])
    assert r.exit_code == 1
    return out


def test_html_report_is_self_contained_and_escapes_document_text(evil_report):
    page = evil_report.read_text(encoding="utf-8")
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert "&lt;/script&gt;" in page and "onerror=&quot;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)     # no external asset
    assert 'class="marker"' in page and "[REDACTED]" in page and "redacted (marker: [REDACTED])" in page
    assert 'id="view-side"' in page and 'class="sbs"' in page                  # side-by-side view, no JS


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (CI installs Debian's chromium in .ci/run)")
def test_html_report_in_a_real_browser(evil_report, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    url = evil_report.as_uri()
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([CHROMIUM, *BROWSER_FLAGS, *profile, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120).stdout
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]      # no script from the document ran
    assert "Scope" in dom and "&lt;/script&gt;" in dom
    shot = ARTIFACTS / "report-evil.png"
    subprocess.run([CHROMIUM, *BROWSER_FLAGS, *profile, f"--screenshot={shot}", "--window-size=1280,1000", url],
                   capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    sample = tmp_path / "sample.html"
    CliRunner().invoke(docdiff, [str(SAMPLES / "8700-25-limite.txt"), str(SAMPLES / "8700-25-public.txt"),
                                 "--format", "html", "-o", str(sample)])
    shot = ARTIFACTS / "report-8700-25.png"
    subprocess.run([CHROMIUM, *BROWSER_FLAGS, *profile, f"--screenshot={shot}", "--window-size=1280,1400",
                    sample.as_uri()], capture_output=True, timeout=120)
    assert shot.stat().st_size > 50_000


def _css_block(css: str, at_rule: str) -> str:
    """The body of an at-rule such as `@media print` (braces inside CSS strings do not count)."""
    masked = re.sub(r'"[^"]*"', lambda m: '"' + "x" * (len(m.group()) - 2) + '"', css)
    start = masked.index("{", masked.index(at_rule))
    depth = 0
    for k in range(start, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[k], 0)
        if depth == 0:
            return css[start + 1:k]
    raise AssertionError(f"{at_rule} is not closed")


def test_html_report_prints_without_background_colours_and_fits_a_phone(evil_report):
    page = evil_report.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    # the marks the print rules keep are on the page: a redaction, its marker, an addition
    assert '<del class="withheld">Smuggling networks moved east in March.</del>' in page
    assert '<ins class="marker" title="redaction marker">[REDACTED]</ins>' in page and "<ins>firmly</ins>" in page
    printed = _css_block(css, "@media print")
    for rule in ("nav,.views{display:none}",
                 "del,ins,.badge,span.moved{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
                 'del::before,span.marker::before{content:"[-"}', 'ins::before{content:"{+"}',
                 'ins::after{content:"+}"}', "ins.marker,span.marker{background:#fff;color:#000;border:1px solid #000",
                 ".hunk,.sections tr,table.side tr{break-inside:avoid}"):
        assert rule in printed, rule
    assert "del{background:#ffebe9;color:#82071e;text-decoration:line-through}" in css      # marks without colour
    assert "ins{background:#dafbe1;color:#055d20;text-decoration:underline}" in css
    phone = _css_block(css, "@media (max-width:720px)")
    assert ".wrap{display:block}" in phone and "nav{position:static;" in phone
    assert "overflow-wrap:break-word" in css.split("}", 1)[0]                  # body: long words wrap
    assert ".hunk{" in css and "overflow-wrap:anywhere" in css.split(".hunk{", 1)[1].split("}", 1)[0]


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (CI installs Debian's chromium in .ci/run)")
def test_printed_html_report_keeps_its_marks_without_backgrounds(evil_report, tmp_path):
    """Headless Chromium prints without background graphics, as a print dialog does by default."""
    from pdfminer.high_level import extract_text
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, *BROWSER_FLAGS, *profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    evil_report.as_uri()], capture_output=True, timeout=120)
    import unicodedata  # the PDF's text spacing is the layout's, and its "fi" a ligature
    text = "".join(unicodedata.normalize("NFKC", extract_text(str(pdf))).split())
    assert "[-Smugglingnetworksmovedeastin March.-]{+[REDACTED]+}".replace(" ", "") in text
    assert "{+firmly+}noted" in text
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-evil-phone.png"         # 420 px wide: one column, for a person to look at
    subprocess.run([CHROMIUM, *BROWSER_FLAGS, *profile, f"--screenshot={shot}", "--window-size=420,900",
                    evil_report.as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markdown_report_table_changes_and_escaping():
    diff = compare_texts(EVIL_OLD, EVIL_NEW)
    text = render_markdown(diff)
    assert "| # | status | section | changes | withheld |" in text
    assert "&lt;script&gt;" not in text or "<script" not in text
    assert ("- **redacted** (line 7): ~~Smuggling networks moved east in March.~~ → `[REDACTED]` The agency "
            "expects shifts.") in text.splitlines()
    assert ("- **added** (line 3): …cript&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt; **firmly** "
            "noted &lt;img src=x…") in text.splitlines()


CONTEXT_OLD = ("1. Terms\n\nThe licensee may copy the work for any purpose except as expressly provided for under "
               "this License. Any other attempt to copy, modify, sublicense or distribute the work is void.\n")
CONTEXT_NEW = CONTEXT_OLD.replace("provided for under", "provided under").replace("sublicense or", "sublicense, or")


@pytest.mark.parametrize("context, bullet", [
    ("60", "- **removed, added** (line 3): …copy the work for any purpose except as expressly provided ~~for~~ "
           "under this License. Any other attempt to copy, modify, sublicense **,** or distribute the work is void."),
    ("10", "- **removed** (line 3): …provided ~~for~~ under…"),
    ("0", "- **removed** (line 3): …~~for~~…"),
], ids=["default", "10", "0"])
def test_markdown_report_shows_changes_in_context(tmp_path, context, bullet):
    """Like the terminal: --context characters of unchanged text each way, nearby changes on one line."""
    (tmp_path / "old.txt").write_text(CONTEXT_OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(CONTEXT_NEW, encoding="utf-8")
    r = CliRunner().invoke(docdiff, [str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "markdown",
                                     "--context", context])
    assert r.exit_code == 1
    bullets = [line for line in r.stdout.splitlines() if line.startswith("- ")]
    assert bullets[0] == bullet


@pytest.mark.parametrize("pair", [("gfdl/gfdl-1.2.txt", "gfdl/gfdl-1.3.txt"),
                                  ("8700-25-limite.txt", "8700-25-public.txt")], ids=["gfdl", "8700-25"])
def test_markdown_report_marks_render_as_markup(pair):
    """Every ~~ and ** around a change is read as markup by a CommonMark renderer with GitHub's
    strikethrough, also where a change starts or ends with punctuation inside a word ("2002, 2007")."""
    from markdown_it import MarkdownIt
    r = CliRunner().invoke(docdiff, [str(SAMPLES / pair[0]), str(SAMPLES / pair[1]), "--format", "markdown"])
    marks = re.sub(r"`[^`]*`", "", r.stdout)                       # a marker such as **DELETED** is code
    page = re.sub(r"<code>.*?</code>", "", MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(r.stdout))
    assert "~~" not in page and "**" not in page
    assert page.count("<s>") == marks.count("~~") // 2 and page.count("<strong>") == marks.count("**") // 2


def test_markdown_report_stays_under_the_comment_limit():
    old = "\n\n".join(f"{k}. Part {k}\n\nThe text of part {k} says something long enough to matter." for k in
                      range(1, 400))
    new = old.replace("says", "states")
    text = render_markdown(compare_texts(old, new), limit=5000)
    assert len(text) < 5400 and "truncated:" in text and "more changes not shown" in text


REWRITTEN_OLD = ("Intro.\n\n1. Terms\n\nThis agreement covers any program that carries a notice of the holder, "
                 "and each licensee is called you in what follows here.\n\n2. End\n\nThe end.\n")
REWRITTEN_NEW = ("Intro.\n\n1. Terms\n\nAs used here the word License means version three of the terms, and the "
                 "Library is any covered work that you receive.\n\n2. End\n\nThe end.\n")


def test_a_rewritten_passage_is_shown_replaced_whole_not_as_confetti(tmp_path):
    """A paragraph rewritten around a few common words ("the", "of", "you") reads as its old
    text struck whole, then its new one, in every report; the JSON keeps each word change."""
    import json

    from docdiff.cli.labels import group_hunks, readable, whole_and_inner
    from docdiff.cli.report_html import render_html
    diff = compare_texts(REWRITTEN_OLD, REWRITTEN_NEW)
    inner = whole_and_inner(next(s for s in diff.sections if s.changes))[1]
    assert len(inner) >= 3                      # the changes themselves stay word by word
    (hunk,) = group_hunks(inner, 60)
    (whole,) = readable(hunk, diff)
    assert whole.old.text.startswith("This agreement") and whole.old.text.rstrip(".").endswith("follows here")
    assert whole.new.text.startswith("As used here") and whole.new.text.rstrip(".").endswith("you receive")
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(REWRITTEN_OLD, encoding="utf-8")
    new.write_text(REWRITTEN_NEW, encoding="utf-8")
    shown = CliRunner().invoke(docdiff, [str(old), str(new), "--color", "never"], env={"COLUMNS": "400"}).stdout
    assert "[-This agreement covers any program that carries a notice of the holder" in shown
    assert "{+As used here the word License means" in shown
    as_json = json.loads(CliRunner().invoke(docdiff, [str(old), str(new), "--format", "json"]).stdout)
    assert sum(len(s["changes"]) for s in as_json["sections"]) == len(inner)
    md = render_markdown(diff)
    assert "~~This agreement covers any program that carries a notice of the holder, and each licensee" in md
    assert "**As used here the word License" in md
    assert "<del>This agreement covers any program" in render_html(diff)


def test_a_short_sentence_against_a_page_of_new_text_is_not_folded():
    """GitHub ToS v04 -> v05: a 65-character list item against 1,480 characters of new payment
    terms (four changes, nearly all changed) is an addition beside an edit, not a rewrite."""
    from conftest import shared_path
    from docdiff.cli.labels import group_hunks, readable, whole_and_inner
    old, new = (str(shared_path(f"corpus/github-terms-of-service-series/v0{v}.md")) for v in (4, 5))
    diff = compare_files(old, new)
    hunks = [h for s in diff.sections for h in group_hunks(whole_and_inner(s)[1], 60)
             if any("treat everyone equally" in c.new.text + c.old.text for c in h)]
    assert hunks and all(readable(h, diff) is h for h in hunks)


def test_a_rewritten_clause_is_shown_whole_in_every_report_never_cut():
    """LGPL-2.1's clause 0 against LGPL-3's "Additional Definitions" (1,800 and 1,400 characters):
    folded, each side is shown in full, where a long passage is otherwise cut in the middle; a
    review found the cut hid changes the word view had shown."""
    from conftest import shared_path
    from docdiff.cli.report_html import render_html
    old, new = (str(shared_path(f"corpus/licence-version-pairs/lgpl/v{v}.txt")) for v in (1, 2))
    shown = CliRunner().invoke(docdiff, [old, new, "--color", "never", "--section", "Additional Definitions"],
                               env={"COLUMNS": "200"}).stdout
    line = next(ln for ln in shown.splitlines() if "[-This License Agreement applies" in ln)
    assert "more characters" not in line
    assert "what the program that uses the Library does-]" in line          # the end of the old clause
    assert "{+Additional Definitions." in line and "System Libraries of the Combined Work+}" in line
    diff = compare_files(old, new)
    md = render_markdown(diff)
    assert "what the program that uses the Library does~~" in md and "System Libraries of the Combined Work**" in md
    assert "what the program that uses the Library does</del>" in render_html(diff)


@pytest.mark.parametrize("old, new", [
    # three edits with most of the passage unchanged between them: each in its place
    (REWRITTEN_OLD, REWRITTEN_OLD.replace("any program", "every program").replace("holder", "owner")
     .replace("called", "named")),
    # a redaction among rewritten words keeps every change where it is
    (REWRITTEN_OLD, REWRITTEN_NEW.replace("version three of the terms", "[REDACTED]")),
    # a number swapped inside a rewrite stays marked ("within 30 days" -> "within 14 days")
    (REWRITTEN_OLD.replace("follows here", "follows within 30 days"),
     REWRITTEN_NEW.replace("you receive", "you receive within 14 days")),
], ids=["edits", "redaction", "number"])
def test_edits_redactions_and_numbers_are_never_folded_into_a_rewrite(old, new):
    from docdiff.cli.labels import group_hunks, readable, whole_and_inner
    diff = compare_texts(old, new)
    inner = whole_and_inner(next(s for s in diff.sections if s.changes))[1]
    hunks = group_hunks(inner, 60)
    assert hunks and all(readable(h, diff) is h for h in hunks)


def test_side_by_side_on_wide_terminals_and_inline_on_narrow_ones():
    old, new = (str(SAMPLES / "gfdl" / f"gfdl-1.{v}.txt") for v in (2, 3))
    wide = CliRunner().invoke(docdiff, [old, new, "--side-by-side", "--color", "never"], env={"COLUMNS": "160"})
    assert re.search(r"old\s+.*new", wide.stdout) and "│" not in wide.stdout.split("== [changed] 9.")[0][-5:]
    assert "provided [-for-] under" in wide.stdout
    narrow = CliRunner().invoke(docdiff, [old, new, "--side-by-side", "--color", "never"], env={"COLUMNS": "80"})
    inline = CliRunner().invoke(docdiff, [old, new, "--color", "never"], env={"COLUMNS": "80"})
    assert narrow.stdout == inline.stdout


def test_pager_receives_the_output(tmp_path):
    out = tmp_path / "paged.txt"
    pager = (f"{sys.executable} -c \"import os,sys; "
             f"open({str(out)!r},'w').write(os.environ.get('LESS','')+'|'+sys.stdin.read())\"")
    old, new = (str(SAMPLES / "gfdl" / f"gfdl-1.{v}.txt") for v in (2, 3))
    r = CliRunner().invoke(docdiff, [old, new, "--pager", "--color", "never"], env={"PAGER": pager, "LESS": None})
    assert r.exit_code == 1
    less, text = out.read_text(encoding="utf-8").split("|", 1)
    assert less == "FRX" and "== [changed] 9. TERMINATION" in text
    r = CliRunner().invoke(docdiff, [old, new, "--no-pager", "--color", "never"], env={"PAGER": pager})
    assert "== [changed] 9. TERMINATION" in r.stdout


@pytest.mark.parametrize("pager, why", [("less '", "No closing quotation"),
                                        ("no-such-pager-here", "No such file or directory")],
                         ids=["unclosed-quote", "missing"])
def test_a_pager_that_cannot_run_is_named_and_the_output_still_shown(tmp_path, pager, why):
    old, new = (str(SAMPLES / "gfdl" / f"gfdl-1.{v}.txt") for v in (2, 3))
    r = CliRunner().invoke(docdiff, [old, new, "--pager", "--color", "never"], env={"PAGER": pager})
    assert r.exit_code == 1, r.output
    assert "== [changed] 9. TERMINATION" in r.stdout
    assert r.stderr == f"docdiff: PAGER={pager!r}: cannot run it ({why}); showing the output without a pager\n"


def test_moved_section_links_to_where_it_came_from():
    from docdiff.cli.report_html import render_html
    parts = {t: f"{t}\n\nThe body of the section called {t.lower()} has its own distinct sentences here."
             for t in ("Scope", "Definitions", "Obligations", "Penalties")}
    old = "\n\n".join(parts[t] for t in ("Scope", "Definitions", "Obligations", "Penalties"))
    new = "\n\n".join(parts[t] for t in ("Scope", "Obligations", "Penalties", "Definitions"))
    page = render_html(compare_texts(old, new))
    assert re.search(r'moved here from after <a href="#s\d+">Scope</a> in the old version', page)


PAYLOAD = r"@everyone @octo/team #1 https://e.org/x www.e.org a@e.org ~~s~~ a\|b"      # short: quoted whole
# the shapes GitHub links on the rendered text: mentions, issue references, bare URLs and e-mail
LIVE = re.compile(r"(?<!\w)[@#]\w|\w@\w|://|\bwww\.", re.IGNORECASE)


def _rendered_text(markdown: str) -> str:
    """The text a reader sees: Markdown (with GFM tables and strike-through) rendered, tags dropped."""
    import html

    from markdown_it import MarkdownIt
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert "<s>" not in rendered and "<del>" not in rendered and "<a " not in rendered
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u200d", "")


def test_markdown_report_keeps_mentions_references_and_urls_literal():
    old = "1. Scope\n\nThe Council met.\n"
    text = render_markdown(compare_texts(old, old + "\n" + PAYLOAD + "\n"))
    assert not LIVE.search(text), LIVE.search(text)
    assert PAYLOAD in _rendered_text(text)


def test_job_summary_keeps_mentions_references_urls_and_escapes_literal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.txt").write_text("1. Scope\n\nThe Council met.\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(f"1. Scope\n\nThe Council met.\n\n{PAYLOAD}\n", encoding="utf-8")
    (tmp_path / ".docdiff.yml").write_text(
        "rules:\n  only-redactions: {}\npairs:\n  - old: old.txt\n    new: new.txt\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    r = CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", "1", "--format", "github"],
                           env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.exit_code == 1, r.output
    text = summary.read_text(encoding="utf-8")
    assert not LIVE.search(text), LIVE.search(text)
    row = [line for line in text.splitlines() if "only-redactions" in line]
    assert len(row) == 1 and PAYLOAD in _rendered_text(text)
    assert len(re.split(r"(?<!\\)\|", row[0])) == 7          # still five cells: no pipe swallowed


@pytest.mark.parametrize("raw, shown", [
    ("the Internet-\n   Drafts are", "the Internet-Drafts are"),      # RFC text: a compound wrapped at its hyphen
    ("secu-\nrity", "secu-rity"),                                     # the hyphen stays, as the text has it
    ("a -\nb", "a - b"),                                              # a dash is no hyphen
    ("x-\n\ny", "x- \u00b6 y"),                                       # nor is the end of a paragraph
    ("2-\n3", "2- 3"),                                                # nor a range of numbers
])
def test_a_word_hyphenated_at_a_line_end_is_shown_in_one_piece(raw, shown):
    from docdiff.cli.labels import flatten
    assert flatten(raw) == shown
