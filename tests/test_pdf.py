"""Redacted PDFs as released: boxes read as markers, failed redactions found, scans read by OCR.

Every PDF here is built by the test with reportlab, so the truth (where the boxes are, what text
is under them) is known exactly."""
import importlib.util
import json
import os
import shutil

import pytest
from click.testing import CliRunner
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from conftest import SAMPLES
from docdiff.cli.main import docdiff
from docdiff.diffing import compare_files
from docdiff.diffing.extract import read_document

FONT, SIZE = "Helvetica", 11
BOX = "\u2588"
# Tesseract is installed by .ci/run: in CI an OCR test never skips, it fails
NEEDS_TESSERACT = pytest.mark.skipif(shutil.which("tesseract") is None and not os.environ.get("CI"),
                                     reason="tesseract not installed here (apt-get install tesseract-ocr); "
                                            "CI installs it and runs these tests")


def pdf(path, lines, boxes=(), draw=None):
    """One A4 page: `lines` of text from the top, then boxes (x, y, w, h) drawn over them."""
    c = canvas.Canvas(str(path))
    c.setFont(FONT, SIZE)
    for k, line in enumerate(lines):
        c.drawString(72, 760 - 20 * k, line)
    if draw:
        draw(c)
    for x, y, w, h in boxes:
        c.rect(x, y, w, h, fill=1, stroke=0)
    c.showPage()
    c.save()
    return str(path)


def x_of(prefix: str) -> float:
    return 72 + stringWidth(prefix, FONT, SIZE)


def over(line_no: int, prefix: str, covered: str):
    """The box (x, y, w, h) that covers `covered` standing after `prefix` on a line."""
    return (x_of(prefix), 760 - 20 * line_no - 3, stringWidth(covered, FONT, SIZE), SIZE + 3)


BEFORE, SECRET, AFTER = "The agent named ", "John Smith of Brussels", " attended the meeting."


def test_text_removed_under_a_box_reads_as_one_marker_and_no_leak(tmp_path):
    # a correct redaction: the text layer has a gap where the box is
    def draw(c):
        c.drawString(x_of(BEFORE + SECRET), 760, AFTER.strip())
    path = pdf(tmp_path / "ok.pdf", [BEFORE], [over(0, BEFORE, SECRET)], draw)
    src = read_document(path)
    runs = [w for w in src.text.split() if BOX in w]
    assert len(runs) == 1 and set(runs[0]) == {BOX}
    assert src.text.startswith(f"The agent named {runs[0]} attended the meeting.")
    assert src.pdf.boxes == (1,) and src.pdf.hidden == ()
    assert src.warnings == ()


def test_text_left_under_a_box_is_a_failed_redaction_with_its_exact_text(tmp_path):
    path = pdf(tmp_path / "leak.pdf", [BEFORE + SECRET + AFTER], [over(0, BEFORE, SECRET)])
    src = read_document(path)
    assert SECRET not in src.text and "John" not in src.text       # what a reader sees: a box
    (hidden,) = src.pdf.hidden
    assert (hidden.page, hidden.text, hidden.how) == (1, SECRET, "under-box")
    assert set(src.text[hidden.start:hidden.end]) == {BOX}
    r = CliRunner().invoke(docdiff, ["extract", path])
    assert r.exit_code == 0 and SECRET not in r.stdout
    assert r.stderr == (f"docdiff: warning: {path}: page 1: failed redaction: text still in the text layer, "
                        "1 passage under a redaction box (1 redaction box on the page)\n")


def test_a_leak_is_marked_in_the_diff_and_fails_check(tmp_path, monkeypatch):
    old = pdf(tmp_path / "old.pdf", ["1. Attendance", "", BEFORE + SECRET + AFTER])
    new = pdf(tmp_path / "new.pdf", ["1. Attendance", "", BEFORE + SECRET + AFTER], [over(2, BEFORE, SECRET)])
    r = CliRunner().invoke(docdiff, [old, new, "--format", "json"])
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    changes = [c for s in data["sections"] for c in s["changes"]]
    assert [(c["kind"], c["old"]["text"], c.get("leaked")) for c in changes] == [("redacted", SECRET, True)]
    assert data["normalization"]["new"]["pdf"]["boxes"] == [1]
    assert [h["text"] for h in data["normalization"]["new"]["pdf"]["hidden"]] == [SECRET]
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".docdiff.yml").write_text("pairs:\n  - old: old.pdf\n    new: new.pdf\n", encoding="utf-8")
    r = CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", "1"])
    assert r.exit_code == 1, r.output
    assert (f"new.pdf:3: [error] page 1: failed redaction: \u201c{SECRET}\u201d is still in the text layer under "
            "a redaction box (failed-redaction)") in r.stdout


def test_a_correctly_redacted_pair_passes_check(tmp_path, monkeypatch):
    old = pdf(tmp_path / "old.pdf", ["1. Attendance", "", BEFORE + SECRET + AFTER])

    def draw(c):
        c.drawString(x_of(BEFORE + SECRET), 720, AFTER.strip())
    pdf(tmp_path / "new.pdf", ["1. Attendance", "", BEFORE], [over(2, BEFORE, SECRET)], draw)
    diff = compare_files(old, str(tmp_path / "new.pdf"))
    assert [(c.kind.value, c.leaked) for c in diff.changes] == [("redacted", False)]
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".docdiff.yml").write_text("pairs:\n  - old: old.pdf\n    new: new.pdf\n", encoding="utf-8")
    r = CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", "1"])
    assert r.exit_code == 0, r.output


def test_table_rules_underlines_and_a_dark_header_are_not_boxes(tmp_path):
    def draw(c):
        c.setLineWidth(0.8)
        c.line(72, 758, 72 + stringWidth("Arrivals by country", FONT, SIZE), 758)       # underline
        for y in (735, 715, 695, 675):                                                  # table rules
            c.rect(72, y, 300, 1.2, fill=1, stroke=0)
        for x in (72, 172, 272, 372):
            c.rect(x, 675, 1.2, 60, fill=1, stroke=0)
        c.setFillGray(0.15)                                                             # dark header row
        c.rect(72, 716, 300, 18, fill=1, stroke=0)
        c.setFillGray(1)
        c.drawString(76, 721, "Country")
        c.drawString(176, 721, "Arrivals")
        c.setFillGray(0)
        c.drawString(76, 701, "Alpha")
        c.drawString(176, 701, "1,200")
        c.circle(500, 780, 20, fill=1)                                                  # a round logo
    src = read_document(pdf(tmp_path / "table.pdf", ["Arrivals by country"], draw=draw))
    assert BOX not in src.text and src.pdf.boxes == (0,) and src.pdf.hidden == ()
    assert "Country" in src.text and "Arrivals" in src.text and "1,200" in src.text


def test_white_text_is_hidden_text(tmp_path):
    def draw(c):
        c.setFillGray(1)
        c.drawString(72, 740, "Operation Nightfall starts in May.")
        c.setFillGray(0)
    src = read_document(pdf(tmp_path / "white.pdf", ["Visible line."], draw=draw))
    assert "Nightfall" not in src.text and "Visible line." in src.text
    assert [(h.text, h.how) for h in src.pdf.hidden] == [("Operation Nightfall starts in May.", "white-text")]


def _make_formats():
    spec = importlib.util.spec_from_file_location("make_formats", SAMPLES / "make_formats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_pair_with_boxes_reads_like_the_text_pair(tmp_path):
    """The public sample drawn with a black box for each DELETED, built here as samples/ builds it."""
    mf = _make_formats()
    items = mf.blocks(SAMPLES / "8700-25-public.txt", SAMPLES / "8700-25-limite.txt")
    mf.write_pdf(items, tmp_path / "public-boxes.pdf", mf.FOOTERS["public"], boxes=True)
    with_boxes = compare_files(str(SAMPLES / "formats" / "8700-25-limite.pdf"), str(tmp_path / "public-boxes.pdf"))
    as_text = compare_files(str(SAMPLES / "8700-25-limite.txt"), str(SAMPLES / "8700-25-public.txt"))
    assert sum(with_boxes.new.source.pdf.boxes) == 23 and with_boxes.new.source.pdf.hidden == ()
    assert sorted(c.kind.value for c in with_boxes.changes) == sorted(c.kind.value for c in as_text.changes)
    assert [c.kind.value for c in with_boxes.changes].count("redacted") == 23
    assert all(set(c.marker) <= {BOX, " ", "\n"} for c in with_boxes.changes if c.marker)
    shipped = SAMPLES / "formats" / "8700-25-public-boxes.pdf"       # the sample is what the builder makes
    assert (tmp_path / "public-boxes.pdf").read_bytes() == shipped.read_bytes()


def test_sample_pair_with_text_left_under_the_boxes_fails_every_box(tmp_path):
    mf = _make_formats()
    items = mf.blocks(SAMPLES / "8700-25-public.txt", SAMPLES / "8700-25-limite.txt")
    mf.write_pdf(items, tmp_path / "leaky.pdf", mf.FOOTERS["public"], boxes=True, leak="secret passage")
    diff = compare_files(str(SAMPLES / "formats" / "8700-25-limite.pdf"), str(tmp_path / "leaky.pdf"))
    hidden = diff.new.source.pdf.hidden
    assert len(hidden) == 23 and {h.text for h in hidden} == {"secret passage"}
    redacted = [c for c in diff.changes if c.kind.value == "redacted"]
    assert len(redacted) == 23 and all(c.leaked for c in redacted)


def _scan(path, lines, boxes=(), dpi=300, draw=None, worn=0.0):
    """A scanned page: the text drawn, rendered to an image at `dpi`, and the image alone in a PDF.
    `worn` (0-1) wears the image as a poor copy would: resolution lost, a slight skew, specks."""
    import random

    import pypdfium2
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    source = pdf(path.with_suffix(".src.pdf"), lines, boxes, draw)
    image = pypdfium2.PdfDocument(source)[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    if worn:
        w, h = image.size
        image = image.resize((int(w * (1 - worn)), int(h * (1 - worn))), Image.BILINEAR).resize((w, h), Image.BILINEAR)
        image = image.rotate(0.7, fillcolor=255)
        px, rnd = image.load(), random.Random(1)
        for _ in range(60_000):
            px[rnd.randrange(w), rnd.randrange(h)] = rnd.choice((0, 255))
        image = image.point(lambda v: 0 if v < 150 else 255)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 0, 0, width=595.27, height=841.89)
    c.showPage()
    c.save()
    return str(path)


SCAN_LINES = ["1. Introduction", "", "The Council discussed the migration situation in the Member States.",
              "Ministers agreed on a common approach to border management and returns.", "",
              BEFORE + SECRET + AFTER]


def test_a_scan_is_refused_without_ocr_naming_the_option(tmp_path):
    path = _scan(tmp_path / "scan.pdf", SCAN_LINES)
    r = CliRunner().invoke(docdiff, ["extract", path])
    assert r.exit_code == 2
    assert r.stderr == (f"docdiff: {path}: this PDF has no text layer (a scanned document?); read it with --ocr "
                        "(Tesseract)\n")


def test_ocr_without_tesseract_exits_2_with_the_install_hint(tmp_path, monkeypatch):
    import pytesseract
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    r = CliRunner().invoke(docdiff, ["extract", "--ocr", _scan(tmp_path / "scan.pdf", SCAN_LINES)])
    assert r.exit_code == 2
    assert r.stderr == ("docdiff: --ocr: --ocr needs Tesseract and the OCR extra: apt-get install tesseract-ocr "
                        "(or your system's package), then pip install 'docdiff[ocr]'\n")


@NEEDS_TESSERACT
def test_ocr_reads_a_scan_and_its_black_boxes(tmp_path):
    def draw(c):
        c.drawString(x_of(BEFORE) + 100, 760 - 20 * 5, AFTER.strip())
    path = _scan(tmp_path / "scan.pdf", [*SCAN_LINES[:-1], BEFORE], [(x_of(BEFORE), 760 - 20 * 5 - 3, 90, SIZE + 3)],
                 draw=draw)
    src = read_document(path, ocr=True)
    assert src.pdf.ocr_pages == (1,) and src.pdf.boxes == (1,)
    assert "The Council discussed the migration situation in the Member States." in src.text
    line = next(x for x in src.text.splitlines() if x.startswith("The agent"))
    assert line.split()[:3] == ["The", "agent", "named"] and set(line.split()[3]) == {BOX}
    assert line.split()[4:] == ["attended", "the", "meeting."]


@NEEDS_TESSERACT
def test_ocr_noise_does_not_drown_a_real_redaction(tmp_path):
    """A clean scan against a worn copy of it with one name boxed: the worn copy reads with OCR
    slips ("Counal", "relutns"), which are set aside as layout; the redaction is still reported."""
    def draw(c):
        c.drawString(x_of(BEFORE) + 140, 760 - 20 * 5, AFTER.strip())
    old = _scan(tmp_path / "a.pdf", SCAN_LINES * 3)
    new = _scan(tmp_path / "b.pdf", [*SCAN_LINES[:-1], BEFORE, *SCAN_LINES * 2],
                [(x_of(BEFORE), 760 - 20 * 5 - 3, 130, SIZE + 3)], draw=draw, worn=0.7)
    r = CliRunner().invoke(docdiff, [old, new, "--ocr", "--format", "json"])
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    changes = [c for s in data["sections"] for c in s["changes"]]
    assert [c["kind"] for c in changes].count("redacted") == 1, changes
    redacted = next(c for c in changes if c["kind"] == "redacted")
    assert redacted["old"]["text"] == SECRET
    assert data["normalization"]["new"]["pdf"]["ocr_words_set_aside"] > 0
    assert len(changes) <= 3, changes       # what OCR noise is left (words split or merged) stays small


@NEEDS_TESSERACT
def test_history_reads_scanned_releases_with_ocr(tmp_path):
    """Two scanned releases of one page, the name boxed in the first: history --ocr sees it released."""
    def draw(c):
        c.drawString(x_of(BEFORE) + 140, 760 - 20 * 5, AFTER.strip())
    box = (x_of(BEFORE), 760 - 20 * 5 - 3, 130, SIZE + 3)
    withheld = _scan(tmp_path / "2017.pdf", [*SCAN_LINES[:-1], BEFORE], [box], draw=draw)
    released = _scan(tmp_path / "2023.pdf", SCAN_LINES)
    r = CliRunner().invoke(docdiff, ["history", withheld, released, "--ocr", "--format", "json"])
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    (p,) = [p for p in data["passages"] if p["states"] != ["present", "present"]]
    assert p["states"] == ["withheld", "present"] and SECRET.strip() in p["text"]
    refused = CliRunner().invoke(docdiff, ["history", withheld, released])
    assert refused.exit_code == 2 and "--ocr" in refused.stderr


@NEEDS_TESSERACT
def test_check_reads_scanned_pairs_with_ocr(tmp_path):
    """A later scanned release that boxes a name the earlier one showed: without --ocr the pair is
    an input-error naming --ocr; with it, inconsistent-redaction finds the name."""
    def draw(c):
        c.drawString(x_of(BEFORE) + 140, 760 - 20 * 5, AFTER.strip())
    _scan(tmp_path / "2017.pdf", SCAN_LINES)
    _scan(tmp_path / "2023.pdf", [*SCAN_LINES[:-1], BEFORE], [(x_of(BEFORE), 760 - 20 * 5 - 3, 130, SIZE + 3)],
          draw=draw)
    cfg = tmp_path / ".docdiff.yml"
    cfg.write_text("chains:\n  - versions: [2017.pdf, 2023.pdf]\n")
    plain = CliRunner().invoke(docdiff, ["check", "--config", str(cfg), "--no-git"])
    assert plain.exit_code == 2 and "input-error" in plain.stdout and "--ocr" in plain.stdout
    read = CliRunner().invoke(docdiff, ["check", "--config", str(cfg), "--no-git", "--ocr"])
    assert read.exit_code == 1, read.output
    assert "inconsistent-redaction" in read.stdout and SECRET.strip()[:12] in read.stdout


def test_a_solid_image_is_a_box_and_text_under_a_picture_is_hidden(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    solid = Image.new("L", (8, 2), 0)                                     # a box drawn as a picture
    picture = Image.linear_gradient("L").resize((64, 16))                 # a photo-like picture

    def draw(c):
        c.drawImage(ImageReader(solid), x_of(BEFORE), 757, width=stringWidth(SECRET, FONT, SIZE), height=SIZE + 3)
        c.drawString(72, 740, "Budget line 7 is classified.")
        c.drawImage(ImageReader(picture), 70, 736, width=200, height=SIZE + 4)
    src = read_document(pdf(tmp_path / "images.pdf", [BEFORE + SECRET + AFTER], draw=draw))
    assert src.pdf.boxes == (1,)
    assert [(h.text, h.how) for h in src.pdf.hidden] == [(SECRET, "under-box"),
                                                         ("Budget line 7 is classified.", "under-image")]
    assert "Budget" not in src.text and SECRET not in src.text
