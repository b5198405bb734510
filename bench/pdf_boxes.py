"""Redacted-PDF benchmark: box recall/precision, failed-redaction recall, OCR word accuracy, time per page.

    pip install '.[test,ocr]' pdfplumber && python bench/pdf_boxes.py [--pages 12] [--seed 1]

Generates pages (reportlab) of numbered paragraphs whose every word is unique (w0001 …), with
boxes of varied widths and heights inline (over 1-6 words) and alone (block boxes two or three
lines high), about half of them failed redactions (the words left under the box); and on every
page distractors that must not be boxes: table rules, a dark header row with white text, an
underline, small square bullets, a round logo. A box is found when its marker stands between the
word before it and the word after it; precision counts every marker run of the text. Then a
clean page rendered at 300 dpi is read by OCR and its words compared with the truth. Library
timings read the same file: pdfminer.six (docdiff's reader), pdfplumber (pdfminer plus its own
objects), pypdfium2 (PDFium; no layout analysis).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT, SIZE, LEAD = "Helvetica", 10, 14
BOX = "\u2588"


def make_pdf(path: Path, pages: int, rnd: random.Random):
    """The PDF and its truth: [(page, word before, word after, secret or "")]."""
    c = canvas.Canvas(str(path))
    truth, n = [], 0

    def word():
        nonlocal n
        n += 1
        return f"w{n:04d}"
    for page in range(1, pages + 1):
        c.setFont(FONT, SIZE)
        y = 780
        # distractors: a round logo, an underlined title, a table with rules and a dark header
        c.circle(520, 800, 14, fill=1)
        title = f"{word()} {word()}"
        c.drawString(72, y, title)
        c.setLineWidth(0.7)
        c.line(72, y - 2, 72 + stringWidth(title, FONT, SIZE), y - 2)
        y -= 2 * LEAD
        c.setFillGray(0.1)
        c.rect(72, y - 4, 360, LEAD, fill=1, stroke=0)
        c.setFillGray(1)
        c.drawString(76, y, f"{word()}   {word()}   {word()}")
        c.setFillGray(0)
        for _row in range(3):
            y -= LEAD
            c.drawString(76, y, f"{word()}   {word()}   {word()}")
            c.rect(72, y - 4, 360, 0.8, fill=1, stroke=0)
        for x in (72, 192, 312, 432):
            c.rect(x, y - 4, 0.8, 4 * LEAD, fill=1, stroke=0)
        y -= 2 * LEAD
        last_word = word()
        c.drawString(72, y, f"{word()} {last_word}.")
        y -= 2 * LEAD
        while y > 90:
            kind = rnd.random()
            if kind < 0.2:                                    # a block box alone, 2-3 lines high
                before = last_word
                height = rnd.choice((2, 3)) * LEAD
                y -= 0.5 * LEAD
                secret = " ".join(word() for _ in range(6)) if rnd.random() < 0.5 else ""
                if secret:
                    c.drawString(72, y - LEAD + 3, secret)
                c.rect(72, y - height + 3, rnd.uniform(200, 450), height, fill=1, stroke=0)
                y -= height + 0.5 * LEAD
                line = [word() for _ in range(3)]
                c.drawString(72, y, " ".join(line) + ".")
                truth.append((page, before, line[0], secret))
                last_word = line[-1]
                y -= 2 * LEAD
                continue
            words = [word() for _ in range(rnd.randint(8, 11))]
            if kind < 0.75 and len(words) > 6:                 # an inline box over 1-6 words
                k = rnd.randint(1, len(words) - 6)
                m = rnd.randint(1, min(6, len(words) - k - 1))
                covered = words[k:k + m]
                failed = rnd.random() < 0.5
                x = 72 + stringWidth(" ".join(words[:k]) + " ", FONT, SIZE)
                w = stringWidth(" ".join(covered), FONT, SIZE)
                if failed:
                    c.drawString(72, y, " ".join(words))
                else:
                    c.drawString(72, y, " ".join(words[:k]))
                    c.drawString(x + w + stringWidth(" ", FONT, SIZE), y, " ".join(words[k + m:]))
                h = rnd.uniform(0.9, 1.5) * SIZE
                c.rect(x, y - 0.25 * h, w, h, fill=1, stroke=0)
                truth.append((page, words[k - 1], words[k + m], " ".join(covered) if failed else ""))
            else:                                             # a bullet point: a small dark square
                c.rect(64, y + 2, 3.5, 3.5, fill=1, stroke=0)
                c.drawString(72, y, " ".join(words))
            last_word = words[-1]
            y -= LEAD + (LEAD if rnd.random() < 0.3 else 0)
        c.showPage()
    c.save()
    return truth


def score_boxes(path: Path, truth):
    from docdiff.diffing.extract import read_document
    t0 = time.perf_counter()
    src = read_document(str(path))
    elapsed = time.perf_counter() - t0
    text = src.text
    found = sum(1 for _, a, b, _ in truth if re.search(rf"\b{a}\b\W*\s+{BOX}+\s+{b}\b", text))
    runs = len(re.findall(f"{BOX}+", text))
    leaks = {(h.page, h.text) for h in src.pdf.hidden}
    failed = [(p, s) for p, _, _, s in truth if s]
    leak_found = sum(1 for f in failed if f in leaks)
    false_leaks = len(leaks - set(failed))
    return dict(boxes=len(truth), found=found, runs=runs, recall=found / len(truth),
                precision=found / runs if runs else 0,
                failed=len(failed), leak_found=leak_found, false_leaks=false_leaks, seconds=elapsed,
                pages=len(src.pdf.boxes), detected=sum(src.pdf.boxes))


def time_libraries(path: Path, pages: int) -> dict[str, float]:
    out = {}
    from pdfminer.high_level import extract_pages
    t0 = time.perf_counter()
    for page in extract_pages(str(path)):
        list(page)
    out["pdfminer.six layout (chars, rects, images; paint order)"] = (time.perf_counter() - t0) / pages
    try:
        import pdfplumber
        t0 = time.perf_counter()
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.chars, page.rects, page.images, page.extract_text()
        out["pdfplumber (chars, rects, images, text)"] = (time.perf_counter() - t0) / pages
    except ImportError:
        pass
    import pypdfium2
    t0 = time.perf_counter()
    pdf = pypdfium2.PdfDocument(str(path))
    for page in pdf:
        list(page.get_objects())
        page.get_textpage().get_text_range()
    out["pypdfium2 (objects, text; no layout)"] = (time.perf_counter() - t0) / pages
    t0 = time.perf_counter()
    for page in pdf:
        page.render(scale=300 / 72, grayscale=True).to_pil()
    out["pypdfium2 render at 300 dpi"] = (time.perf_counter() - t0) / pages
    return out


def ocr_accuracy(tmp: Path, rnd: random.Random):
    """A clean page of prose rendered at 300 dpi, alone in a PDF, read with --ocr."""
    import pypdfium2
    from rapidfuzz.distance import Levenshtein
    from reportlab.lib.utils import ImageReader

    from docdiff.diffing.extract import read_document
    vocab = ("council member states migration border security agency report returns ministers agreed common "
             "approach management external crossings spring networks eastern route controls entered force "
             "march cooperation partner countries remains essential situation assessment terrorism fighters "
             "families detention facilities camps citizens organised crime smuggling hybrid threats").split()
    lines = [" ".join(rnd.choice(vocab) for _ in range(9)).capitalize() + "." for _ in range(40)]
    src = tmp / "prose.pdf"
    c = canvas.Canvas(str(src))
    c.setFont("Times-Roman", 11)
    for k, line in enumerate(lines):
        c.drawString(72, 780 - 17 * k, line)
    c.showPage()
    c.save()
    image = pypdfium2.PdfDocument(str(src))[0].render(scale=300 / 72, grayscale=True).to_pil()
    scan = tmp / "scan.pdf"
    c = canvas.Canvas(str(scan))
    c.drawImage(ImageReader(image), 0, 0, width=595.27, height=841.89)
    c.showPage()
    c.save()
    t0 = time.perf_counter()
    text = read_document(str(scan), ocr=True).text
    elapsed = time.perf_counter() - t0
    want = " ".join(lines).split()
    got = text.split()
    return 1 - Levenshtein.distance(want, got) / len(want), len(want), elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "boxes.pdf"
        truth = make_pdf(path, args.pages, rnd)
        s = score_boxes(path, truth)
        print(f"boxes: {s['boxes']} on {s['pages']} pages; found as one marker in place: {s['found']} "
              f"(recall {s['recall']:.3f}); marker runs in the text: {s['runs']} (precision {s['precision']:.3f})")
        print(f"failed redactions: {s['failed']}; found with their exact text: {s['leak_found']} "
              f"(recall {s['leak_found'] / max(1, s['failed']):.3f}); reported where none: {s['false_leaks']}")
        print(f"docdiff read: {s['seconds'] / s['pages'] * 1000:.0f} ms per page")
        for name, sec in time_libraries(path, args.pages).items():
            print(f"  {name}: {sec * 1000:.0f} ms per page")
        try:
            acc, n, sec = ocr_accuracy(tmp, rnd)
            print(f"OCR of a clean 300-dpi scan: {acc * 100:.1f} % of {n} words right, {sec:.1f} s per page")
        except Exception as e:  # noqa: BLE001 - report and go on: the box figures stand on their own
            print(f"OCR not measured: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
