"""OCR stage of extract: PDF pages without a text layer, rendered (pypdfium2) and read by Tesseract
(pytesseract), with black boxes on the page image read as redaction markers.

Boxes are found on the rendered page before Tesseract reads it and painted white on its copy
(Tesseract reads a black box as noise: "|", "l", "—"); each one then goes into the text as a run
of "█" in the line it sits on, or as a paragraph of its own. Thresholds are in
conventions/tuning.py (OcrTuning). Needs the `ocr` extra and Debian's `tesseract-ocr`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .conventions.tuning import OCR, OcrTuning
from .errors import InputError
from .pdf import BOX_CHAR, PageText

INSTALL_HINT = ("--ocr needs Tesseract and the OCR extra: apt-get install tesseract-ocr (or your system's "
                "package), then pip install 'docdiff[ocr]'")
MAX_PIXELS = 60_000_000        # a page larger than this is rendered at a lower resolution


@dataclass(frozen=True, slots=True)
class ImageBox:
    """A solid dark rectangle on a page image, in pixels of the full-resolution image."""

    left: int
    top: int
    right: int
    bottom: int


def _modules():
    try:
        import pypdfium2  # type: ignore[import-untyped]
        import pytesseract  # type: ignore[import-untyped]
    except ImportError:
        raise InputError("--ocr", INSTALL_HINT) from None
    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError):
        raise InputError("--ocr", INSTALL_HINT) from None
    return pypdfium2, pytesseract


def ocr_pdf_pages(data: bytes, path: str, pages: list[int], tuning: OcrTuning = OCR) -> Iterator[PageText]:
    """Each of these 0-based pages rendered and read by OCR, in order."""
    pdfium, tesseract = _modules()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise InputError(path, f"cannot render this PDF for OCR ({e})") from None
    try:
        for k in pages:
            page = pdf[k]
            width, height = page.get_size()
            scale = tuning.dpi / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (width * height)) ** 0.5
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            yield read_page_image(image, tesseract, tuning, dpi=scale * 72)
    finally:
        pdf.close()


def read_page_image(image, tesseract, tuning: OcrTuning = OCR, *, dpi: float = 300) -> PageText:
    """One page image as text: Tesseract's paragraphs (blank-line separated) and lines, boxes as
    markers; the page ends with a form feed as a PDF page does."""
    from PIL import ImageDraw
    boxes = find_image_boxes(image, tuning, dpi=dpi)
    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    for b in boxes:
        draw.rectangle((b.left - 3, b.top - 3, b.right + 3, b.bottom + 3), fill=255)
    data = tesseract.image_to_data(clean, config=f"--dpi {round(dpi)}", output_type=tesseract.Output.DICT)
    paragraphs: dict[tuple[int, int], dict[int, list[tuple[int, int, int, str]]]] = {}
    for i, word in enumerate(data["text"]):
        if not word.strip() or float(data["conf"][i]) < tuning.min_confidence:
            continue
        key = (data["block_num"][i], data["par_num"][i])
        top, h = data["top"][i], data["height"][i]
        paragraphs.setdefault(key, {}).setdefault(data["line_num"][i], []).append(
            (data["left"][i], top, top + h, word))
    lines = [words for par in paragraphs.values() for words in par.values()]
    para_of_line = [key for key, par in paragraphs.items() for _ in par.values()]
    alone: list[tuple[int, str]] = []      # (top, marker) of boxes on no line
    em = dpi / 72 * 10
    for b in boxes:
        marker = BOX_CHAR * max(1, min(40, round((b.right - b.left) / (0.5 * em))))
        mid = (b.top + b.bottom) / 2
        best = None
        for words in lines:
            top, bottom = min(w[1] for w in words), max(w[2] for w in words)
            if top <= mid <= bottom and (b.bottom - b.top) <= 2.5 * (bottom - top):
                best = words
                break
        if best is not None:
            best.append((b.left, b.top, b.bottom, marker))
        else:
            alone.append((b.top, marker))
    blocks: list[tuple[int, str]] = []
    by_par: dict[tuple[int, int], list[str]] = {}
    tops: dict[tuple[int, int], int] = {}
    for key, words in zip(para_of_line, lines):
        words.sort(key=lambda w: w[0])
        by_par.setdefault(key, []).append(" ".join(w[3] for w in words))
        tops[key] = min(tops.get(key, 1 << 30), min(w[1] for w in words))
    for key, text_lines in by_par.items():
        blocks.append((tops[key], "".join(line + "\n" for line in text_lines)))
    # a box on no line goes before the first paragraph below it, in Tesseract's reading order
    out: list[str] = []
    pending = sorted(alone)
    for top, text in blocks:
        while pending and pending[0][0] < top:
            out.append(pending.pop(0)[1] + "\n")
        out.append(text)
    out += [m + "\n" for _, m in pending]
    text = "".join(block + "\n" for block in out) + "\f"
    return PageText(text, len(boxes), [], any(ch.isalnum() for ch in text))



def find_image_boxes(image, tuning: OcrTuning = OCR, *, dpi: float = 300) -> list[ImageBox]:
    """Solid dark rectangles at least a line of text high: rows of the reduced image whose dark
    runs start and end in the same columns, stacked. Text strokes average to grey on the reduced
    image; table rules and underlines are thinner than a line."""
    scale = tuning.box_scale
    small = image.reduce(scale)
    w, h = small.size
    table = bytes(1 if v <= tuning.box_dark_level else 0 for v in range(256))
    px_per_pt = dpi / 72 / scale
    min_w = max(2, int(tuning.min_box_width_pt * px_per_pt))
    min_h = max(2, int(tuning.min_box_height_pt * px_per_pt))
    run_re = re.compile(rb"\x01{%d,}" % min_w)
    raw = small.tobytes().translate(table)
    tol = tuning.box_row_tolerance
    open_: list[list[int]] = []        # [x0, x1, y0, y_last]
    done: list[list[int]] = []
    for y in range(h):
        row = raw[y * w:(y + 1) * w]
        still: list[list[int]] = []
        for m in run_re.finditer(row):
            x0, x1 = m.start(), m.end()
            for r in open_:
                if r[3] == y - 1 and abs(r[0] - x0) <= tol and abs(r[1] - x1) <= tol:
                    r[3] = y
                    still.append(r)
                    open_.remove(r)
                    break
            else:
                still.append([x0, x1, y, y])
        done += open_
        open_ = still
    done += open_
    boxes = [ImageBox(r[0] * scale, r[2] * scale, r[1] * scale, (r[3] + 1) * scale)
             for r in done if r[3] - r[2] + 1 >= min_h]
    return sorted(boxes, key=lambda b: (b.top, b.left))
