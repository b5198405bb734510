"""PDF pages as a reader sees them: the text layer in reading order, redaction boxes as markers,
and text the page hides (under a box, white on white, under a picture) found as failed redactions.

pdfminer.six reads each page into layout objects in content-stream order (characters, filled
paths, images), which is the paint order: what comes later is drawn on top. Before pdfminer's
layout analysis groups characters into lines and paragraphs, every filled dark rectangle (or
solid dark image) the size of text is replaced by a run of pseudo-characters "█" at its place on
the line, and the characters it hides are taken out of the page and kept as HiddenText. The
layout analysis then puts each box in reading order as it would a word. Thresholds are in
conventions/tuning.py (BoxTuning).
"""
from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .conventions.tuning import BOXES, BoxTuning
from .model import HiddenText

BOX_CHAR = "\u2588"


@dataclass(slots=True)
class PageText:
    """One page as read: its text (ending with a form feed), its boxes and what it hides."""

    text: str
    boxes: int
    hidden: list[HiddenText] = field(default_factory=list)    # offsets relative to this page's text
    has_text: bool = True


def read_pdf_pages(data: bytes, *, check: Callable[[int], None], tuning: BoxTuning = BOXES) -> Iterator[PageText]:
    """Each page of a PDF as a reader sees it; `check(chars_so_far)` is called after each page
    (the caller's size budget). pdfminer's exceptions pass through."""
    import io

    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class PageReader(PDFPageAggregator):
        """pdfminer's layout aggregator that also notes each character's text render mode (3 and
        7 are invisible: an OCR layer) and reads the boxes of a page before its layout analysis."""

        render_mode = 0

        def render_string(self, textstate, seq, ncs, graphicstate):
            self.render_mode = textstate.render
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, *args, **kwargs):
            adv = super().render_char(*args, **kwargs)
            if self.render_mode in (3, 7):
                setattr(self.cur_item._objs[-1], "docdiff_invisible", True)  # noqa: B010 - a mark pdfminer knows nothing of
            return adv

        def end_page(self, page):
            self.page_boxes = _mark_page(self.cur_item, tuning)
            super().end_page(page)

    manager = PDFResourceManager(caching=True)
    device = PageReader(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    total = 0
    for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
        interpreter.process_page(page)
        result = _page_text(device.get_result(), device.page_boxes)
        total += len(result.text)
        check(total)
        yield result


# --- boxes -----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Box:
    index: int                       # position in the page's paint order
    bbox: tuple[float, float, float, float]
    hidden: list = field(default_factory=list)     # the characters it covers
    how: str = "under-box"

    @property
    def area(self) -> float:
        x0, y0, x1, y1 = self.bbox
        return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def luminance(color) -> float | None:
    """Luminance 0 (black) .. 1 (white) of a pdfminer colour: a grey level, RGB or CMYK; None when
    unknown (a pattern, a named colour space pdfminer leaves unresolved)."""
    if color is None:
        return 0.0       # no colour set: the PDF default, black
    if isinstance(color, (int, float)):
        return min(1.0, max(0.0, float(color)))
    if isinstance(color, (list, tuple)) and all(isinstance(v, (int, float)) for v in color):
        if len(color) == 1:
            return min(1.0, max(0.0, float(color[0])))
        if len(color) == 3:
            r, g, b = (float(v) for v in color)
            return min(1.0, max(0.0, 0.299 * r + 0.587 * g + 0.114 * b))
        if len(color) == 4:
            c, m, y, k = (float(v) for v in color)
            r, g, b = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
            return min(1.0, max(0.0, 0.299 * r + 0.587 * g + 0.114 * b))
    return None


def _char_luminance(ch) -> float:
    lum = luminance(getattr(ch.graphicstate, "ncolor", None))
    return 0.0 if lum is None else lum


def _inside(ch, bbox) -> bool:
    cx, cy = (ch.x0 + ch.x1) / 2, (ch.y0 + ch.y1) / 2
    return bool(bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3])


def _solid_image(img, tuning: BoxTuning) -> bool:
    """An image whose samples are (almost) all dark: a box drawn as a picture. Only uncompressed
    or Flate- or ASCII-coded grey, RGB and CMYK images of 1 or 8 bits are sampled (what redaction
    tools write); a JPEG or a large picture is never a box."""
    from pdfminer.pdftypes import resolve1
    w, h = (resolve1(v) for v in img.srcsize)
    if not isinstance(w, int) or not isinstance(h, int) or w <= 0 or h <= 0 or w * h > tuning.max_image_samples:
        return False
    filters = [f for f, _ in img.stream.get_filters()]
    if any(getattr(f, "name", f) not in ("FlateDecode", "Fl", "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx")
           for f in filters):
        return False
    if img.imagemask:
        return False      # painted in the fill colour, which the image does not hold
    space = resolve1(img.colorspace[0]) if img.colorspace else None
    name = getattr(space, "name", None)
    channels = {"DeviceGray": 1, "G": 1, "DeviceRGB": 3, "RGB": 3, "DeviceCMYK": 4, "CMYK": 4}.get(name or "")
    bits = resolve1(img.bits)
    if channels is None or bits not in (1, 8):
        return False
    try:
        raw = img.stream.get_data()
    except Exception:  # noqa: BLE001 - a damaged image is no box; the page still reads
        return False
    if bits == 1:
        if channels != 1:
            return False
        row = (w + 7) // 8
        dark = sum(8 - bin(b).count("1") for b in raw[: row * h])     # 0 bits are black
        return dark >= tuning.image_dark_share * row * 8 * h
    samples = raw[: w * h * channels]
    if len(samples) < w * h * channels:
        return False
    level = int(tuning.max_luminance * 255)
    if channels == 1:
        dark = sum(1 for v in samples if v <= level)
    elif channels == 3:
        dark = sum(1 for i in range(0, len(samples), 3)
                   if 0.299 * samples[i] + 0.587 * samples[i + 1] + 0.114 * samples[i + 2] <= level)
    else:       # CMYK: dark when much ink (K, or C+M+Y together)
        dark = sum(1 for i in range(0, len(samples), 4)
                   if 255 - min(255, samples[i + 3] + max(samples[i:i + 3])) <= level)
    return dark >= tuning.image_dark_share * w * h


def _is_filled_dark(obj, tuning: BoxTuning) -> bool:
    from pdfminer.layout import LTRect
    if not isinstance(obj, LTRect) or not obj.fill:
        return False
    lum = luminance(obj.non_stroking_color)
    return lum is not None and lum <= tuning.max_luminance


def _candidates(objs: list, size: float, tuning: BoxTuning) -> list[_Box]:
    from pdfminer.layout import LTFigure, LTImage
    out: list[_Box] = []
    for i, obj in enumerate(objs):
        if _is_filled_dark(obj, tuning):
            out.append(_Box(i, obj.bbox))
        elif isinstance(obj, LTFigure):
            for img in obj:
                if isinstance(img, LTImage) and _sized(img.bbox, size, tuning) and _solid_image(img, tuning):
                    out.append(_Box(i, img.bbox))
    return [b for b in out if _sized(b.bbox, size, tuning)]


def _sized(bbox, size: float, tuning: BoxTuning) -> bool:
    """As tall and wide as covered text: not an underline, a table rule, a border or a bullet."""
    w, h = float(bbox[2] - bbox[0]), float(bbox[3] - bbox[1])
    return h >= tuning.min_height_em * size and w >= tuning.min_width_em * size


def _merge(boxes: list[_Box], tuning: BoxTuning) -> list[_Box]:
    """A box drawn twice (an appearance and a burned-in fill, a border and its fill) is one box."""
    kept: list[_Box] = []
    for b in sorted(boxes, key=lambda b: -b.area):
        for k in kept:
            x0, y0 = max(b.bbox[0], k.bbox[0]), max(b.bbox[1], k.bbox[1])
            x1, y1 = min(b.bbox[2], k.bbox[2]), min(b.bbox[3], k.bbox[3])
            overlap = max(0.0, x1 - x0) * max(0.0, y1 - y0)
            if b.area and overlap >= tuning.merge_overlap * b.area:
                k.index = max(k.index, b.index)       # drawn on top of what either covers
                break
        else:
            kept.append(b)
    return sorted(kept, key=lambda b: b.index)


def _underlaid(ch, objs: list, index: int, tuning: BoxTuning) -> bool:
    """Something filled (not white) or a picture was painted under this character before it."""
    from pdfminer.layout import LTCurve, LTFigure
    for obj in objs[:index]:
        if isinstance(obj, LTFigure) and _inside(ch, obj.bbox):
            return True
        if isinstance(obj, LTCurve) and obj.fill and _inside(ch, obj.bbox):
            lum = luminance(obj.non_stroking_color)
            if lum is None or lum < tuning.white_luminance:
                return True
    return False


class _Glyph:
    """Mixin of the pseudo-characters that stand for a box (text "█") or for hidden text ("")."""

    box: _Box


def _make_glyph(cls, bbox, text: str, box: _Box):
    g = cls.__new__(cls)
    from pdfminer.layout import LTComponent
    from pdfminer.pdfinterp import PDFGraphicState
    LTComponent.__init__(g, bbox)
    g._text, g.matrix, g.fontname, g.ncs = text, (1, 0, 0, 1, bbox[0], bbox[1]), "docdiff-box", None
    g.graphicstate, g.adv, g.upright = PDFGraphicState(), bbox[2] - bbox[0], True
    g.size = bbox[3] - bbox[1]
    g.box = box
    return g


def _mark_page(page, tuning: BoxTuning) -> list[_Box]:
    """Replace the page's boxes by marker pseudo-characters and take out the text it hides;
    returns the boxes and hidden runs found (in paint order)."""
    from pdfminer.layout import LTChar

    class BoxGlyph(LTChar, _Glyph):
        pass

    objs: list = page._objs      # pdfminer's page, before its layout analysis (no public setter)
    chars = [(i, o) for i, o in enumerate(objs) if isinstance(o, LTChar)]
    sizes = [o.size for _, o in chars if o.get_text().strip()]
    size = statistics.median(sizes) if sizes else tuning.default_size
    boxes = []
    for box in _merge(_candidates(objs, size, tuning), tuning):
        inside = [(i, c) for i, c in chars if _inside(c, box.bbox)]
        box_lum = 0.0
        obj = objs[box.index]
        if hasattr(obj, "non_stroking_color"):
            box_lum = luminance(obj.non_stroking_color) or 0.0
        on_top = [c for i, c in inside if i > box.index and not getattr(c, "docdiff_invisible", False)
                  and abs(_char_luminance(c) - box_lum) >= tuning.text_contrast and c.get_text().strip()]
        if on_top:
            continue          # legible text on it: a dark background (a table header), not a box
        box.hidden = inside
        boxes.append(box)
    taken = {i for b in boxes for i, _ in b.hidden}
    # white text on nothing darker, and visible text under a picture painted later
    hidden_runs: list[_Box] = []
    run: _Box | None = None
    pictures = _pictures(objs)
    for i, c in chars:
        if i in taken:
            continue
        how = None
        if not getattr(c, "docdiff_invisible", False):
            if _char_luminance(c) >= tuning.white_luminance and not _underlaid(c, objs, i, tuning):
                how = "white-text"
            elif pictures and _covered_by_picture(c, pictures, i):
                how = "under-image"
        blank = not c.get_text().strip()
        if how is None or (blank and (run is None or run.how != how)):
            if run is not None and not blank:
                run = None
            continue
        if run is None or run.how != how:
            run = _Box(i, c.bbox, how=how)
            hidden_runs.append(run)
        run.hidden.append((i, c))
        run.bbox = (min(run.bbox[0], c.x0), min(run.bbox[1], c.y0), max(run.bbox[2], c.x1), max(run.bbox[3], c.y1))
    for r in hidden_runs:
        taken |= {i for i, _ in r.hidden}
    anchors: dict[int, list] = {}
    tail: list = []
    for box in boxes:
        glyphs = _box_glyphs(BoxGlyph, box, size, tuning)
        where = _anchor(box, glyphs[0], chars, taken, size, tuning)
        (anchors.setdefault(where, []) if where is not None else tail).append((box.bbox[0], glyphs))
    for r in hidden_runs:
        first = r.hidden[0][1]
        anchors.setdefault(r.hidden[0][0], []).append((r.bbox[0], [_make_glyph(BoxGlyph, first.bbox, "", r)]))
    out = []
    for i, obj in enumerate(objs):
        for _, glyphs in sorted(anchors.get(i, ()), key=lambda g: g[0]):
            out += glyphs
        if i not in taken:
            out.append(obj)
    for _, glyphs in sorted(tail, key=lambda g: g[0]):
        out += glyphs
    objs[:] = out
    return boxes + hidden_runs


def _pictures(objs: list) -> list[tuple[int, Any]]:
    """The figures holding an image, with their place in paint order."""
    from pdfminer.layout import LTFigure, LTImage
    return [(i, o) for i, o in enumerate(objs) if isinstance(o, LTFigure) and any(isinstance(x, LTImage) for x in o)]


def _covered_by_picture(ch, pictures: list[tuple[int, Any]], index: int) -> bool:
    """A picture (not a solid box: those are boxes) painted over this character after it."""
    return any(i > index and _inside(ch, fig.bbox) for i, fig in pictures)


def _box_glyphs(cls, box: _Box, size: float, tuning: BoxTuning) -> list:
    """The box as a run of "█" pseudo-characters about one letter wide each, on its line (a box
    taller than a line: one line through its middle, so that it reads as a paragraph of its own)."""
    x0, y0, x1, y1 = box.bbox
    # a line of body text high, through the box's middle: a box drawn taller than the text it
    # covers (the line's leading) would otherwise reach the lines above and below, and the layout
    # analysis would join a box standing alone to the paragraph before it
    mid, half = (y0 + y1) / 2, min(y1 - y0, size) / 2
    y0, y1 = mid - half, mid + half
    n = max(1, min(tuning.max_run, round((x1 - x0) / (tuning.glyph_em * size))))
    w = (x1 - x0) / n
    return [_make_glyph(cls, (x0 + k * w, y0, x0 + (k + 1) * w, y1), BOX_CHAR, box) for k in range(n)]


def _anchor(box: _Box, glyph, chars: list[tuple[int, Any]], taken: set[int], size: float,
            tuning: BoxTuning) -> int | None:
    """Where in paint order the box's marker goes, so that the layout analysis reads it in its
    line: at the first character it hides, else just before the nearest word right of it on its
    line (after the nearest on the left when it ends the line); None: a line of its own."""
    if box.hidden:
        return int(box.hidden[0][0])
    x0, x1 = box.bbox[0], box.bbox[2]
    reach = tuning.neighbour_em * size
    left: tuple[int, Any] | None = None
    right: tuple[int, Any] | None = None
    for i, c in chars:
        if i in taken or not c.get_text().strip():
            continue
        overlap = min(c.y1, glyph.y1) - max(c.y0, glyph.y0)
        if overlap < 0.5 * min(c.height, glyph.height):
            continue
        if x1 - 0.25 * size <= c.x0 <= x1 + reach and (right is None or c.x0 < right[1].x0):
            right = (i, c)
        elif x0 - reach <= c.x1 <= x0 + 0.25 * size and (left is None or c.x1 > left[1].x1):
            left = (i, c)
    if right is not None:
        return right[0]
    if left is not None:
        return left[0] + 1
    return None


# --- text ------------------------------------------------------------------------------------

def _page_text(page, found: list[_Box]) -> PageText:
    """The page's text as pdfminer's TextConverter writes it (each text box then a newline, a form
    feed at the end), with the offsets of each box's marker and of each hidden run."""
    from pdfminer.layout import LTContainer, LTText, LTTextBox
    parts: list[str] = []
    pos = 0
    spans: dict[int, list[int]] = {}

    def write(s: str) -> None:
        nonlocal pos
        s = s.replace("\r\n", "\n").replace("\r", "\n")
        parts.append(s)
        pos += len(s)

    last = ""       # the last character written: a box touching a word is a word of its own

    def render(item) -> None:
        nonlocal last
        if isinstance(item, LTContainer):
            for child in item:
                render(child)
        elif isinstance(item, LTText):
            text = item.get_text()
            is_box = isinstance(item, _Glyph) and text == BOX_CHAR
            if text and last and not last.isspace() and not text[0].isspace() and (last == BOX_CHAR) != is_box:
                write(" ")
            if isinstance(item, _Glyph):
                span = spans.setdefault(id(item.box), [pos, pos])
                write(text)
                span[1] = pos
            else:
                write(text)
            if text:
                last = text[-1]
        if isinstance(item, LTTextBox):
            write("\n")
            last = "\n"

    render(page)
    write("\f")
    text = "".join(parts)
    hidden = []
    boxes = 0
    for b in found:
        boxes += b.how == "under-box"
        words = _hidden_words(b.hidden)
        if words:
            start, end = spans.get(id(b), (len(text) - 1, len(text) - 1))
            hidden.append(HiddenText(page.pageid, start, end, words, b.how))
    return PageText(text, boxes, hidden, any(ch.isalnum() for ch in text))


def _hidden_words(chars: list) -> str:
    """The hidden characters as text: in paint order, a space where a gap or a new line falls."""
    out: list[str] = []
    prev = None
    for _, c in chars:
        if prev is not None:
            new_line = abs((c.y0 + c.y1) / 2 - (prev.y0 + prev.y1) / 2) > 0.5 * max(c.height, prev.height)
            if new_line or c.x0 - prev.x1 > 0.15 * max(c.size, prev.size):
                out.append(" ")
        out.append(c.get_text())
        prev = c
    return " ".join("".join(out).split())
