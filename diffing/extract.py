"""Extract stage: the text of PDF, DOCX, HTML and Markdown inputs, recognised by content.

Each format goes through a maintained library (see README, "Input formats"): pdfminer.six for PDF
(layout analysis gives paragraphs and reading order; pages end with a form feed), python-docx for
Word files, the standard library's html.parser for HTML. Offsets in the diff refer to the text
returned here, which `docdiff extract FILE` prints.
"""
from __future__ import annotations

import hashlib
import io
import re
import struct
import sys
import threading
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError
from .load import decode_source, max_input_bytes, over_limit, read_bytes, read_limited
from .model import PdfReading, Source

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
RST_SUFFIXES = {".rst", ".rest"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def read_document(path: str, *, encoding: str | None = None, ocr: bool = False) -> Source:
    """Read one input of any supported format ("-" is standard input); never modifies it. `ocr`:
    read PDF pages without a text layer with Tesseract."""
    if path == "-":
        if sys.stdin is None:
            raise InputError("-", "standard input is closed")
        data = read_limited(sys.stdin.buffer, "standard input")
    else:
        data = read_bytes(path)
    return document_from_bytes(data, path, encoding=encoding, ocr=ocr)


def sniff_format(data: bytes, path: str) -> str:
    """pdf, docx, html, markdown, rst or text: by content first, then by file name (.html, .md, .rst)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise InputError(path, "a ZIP archive that is not a Word (.docx) document")
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or Path(path).suffix.lower() in HTML_SUFFIXES:
        return "html"       # (a published fragment may start with its <h1>, no <html> or <body>)
    if Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    if Path(path).suffix.lower() in RST_SUFFIXES:
        return "rst"
    return "text"


def document_from_bytes(data: bytes, path: str, *, encoding: str | None = None, ocr: bool = False) -> Source:
    fmt = sniff_format(data, path)
    if fmt == "pdf":
        text, reading = extract_pdf(data, path, ocr=ocr)
        return replace(_source(path, text, data, "pdf"), pdf=reading, warnings=pdf_warnings(reading))
    if fmt == "docx":
        return _source(path, extract_docx(data, path), data, "docx")
    src = decode_source(data, path, encoding=encoding)
    if fmt == "html":
        return replace(src, text=extract_html(src.text), format="html")
    return replace(src, format=fmt)


def pdf_warnings(reading: PdfReading) -> tuple[str, ...]:
    """What a reader of the extracted text must know: text the PDF hides from its reader (a failed
    redaction), and pages left unread for want of a text layer."""
    out = []
    by_page: dict[int, list[str]] = {}
    for h in reading.hidden:
        by_page.setdefault(h.page, []).append(h.how)
    names = {"under-box": "under a redaction box", "white-text": "in white on white",
             "under-image": "under a picture"}
    for page, hows in sorted(by_page.items()):
        what = ", ".join(f"{hows.count(h)} {'passage' if hows.count(h) == 1 else 'passages'} {names[h]}"
                         for h in names if h in hows)
        boxes = reading.boxes[page - 1] if page <= len(reading.boxes) else 0
        out.append(f"page {page}: failed redaction: text still in the text layer, {what} "
                   f"({boxes} redaction box{'es' * (boxes != 1)} on the page)")
    if reading.no_text_pages:
        pages = ", ".join(map(str, reading.no_text_pages))
        out.append(f"page{'s' * (len(reading.no_text_pages) > 1)} {pages}: no text layer (scanned?), left out; "
                   "--ocr reads them")
    return tuple(out)


def _source(path: str, text: str, data: bytes, fmt: str) -> Source:
    return Source(path, text, fmt, hashlib.sha256(data).hexdigest(), "\n", False, fmt)


# --- PDF -------------------------------------------------------------------------------------

def extract_pdf(data: bytes, path: str, *, ocr: bool = False) -> tuple[str, PdfReading]:
    """Text layer in reading order, as a reader sees the page: each redaction box is a run of
    "█" at its place, text hidden under a box (or white, or under a picture) is left out and
    reported in the PdfReading. Each page ends with a form feed so that page headers and footers
    can be found page by page. Pages without a text layer are read by OCR with `ocr`; a PDF
    with no text layer at all is refused without it.

    What pdfminer inflates (streams) and the text it gives are each bounded by the input size
    limit, so a decompression bomb is refused before it fills memory."""
    from .pdf import read_pdf_pages
    limit = max_input_bytes()

    def check(chars: int) -> None:
        if chars > limit:
            raise _OverBudget

    try:
        _bound_pdfminer()
        with _inflate_budget(limit):
            pages = list(read_pdf_pages(data, check=check))
    except _OverBudget:
        raise over_limit(path, "unpacks to more") from None
    except Exception as e:  # noqa: BLE001 - pdfminer raises many types for damaged or encrypted files
        reason = "it is encrypted" if "password" in str(e).lower() or "encrypt" in type(e).__name__.lower() \
            else f"{type(e).__name__}: {str(e)[:80]}" if str(e) else type(e).__name__
        raise InputError(path, f"cannot read this PDF ({reason})") from None
    blank = [k for k, p in enumerate(pages) if not p.has_text]
    if blank and (ocr or len(blank) == len(pages)):
        if not ocr:
            raise InputError(path, "this PDF has no text layer (a scanned document?); read it with --ocr "
                                   "(Tesseract)")
        from .ocr import ocr_pdf_pages
        for k, page in zip(blank, ocr_pdf_pages(data, path, blank)):
            pages[k] = page
    texts, hidden, offset = [], [], 0
    for page in pages:
        texts.append(page.text)
        hidden += [replace(h, start=h.start + offset, end=h.end + offset) for h in page.hidden]
        offset += len(page.text)
    ocr_pages = tuple(k + 1 for k in blank) if ocr else ()
    reading = PdfReading(tuple(p.boxes for p in pages), tuple(hidden), ocr_pages,
                         () if ocr else tuple(k + 1 for k in blank))
    return "".join(texts), reading


class _OverBudget(Exception):
    """A PDF inflates to more than the input size limit."""


class _Budget(threading.local):
    left: int | None = None      # bytes pdfminer may still inflate in this thread; None: no bound


_BUDGET = _Budget()


@contextmanager
def _inflate_budget(limit: int):
    _BUDGET.left = limit
    try:
        yield
    finally:
        _BUDGET.left = None


def _spend(n: int) -> None:
    if _BUDGET.left is not None:
        _BUDGET.left -= n
        if _BUDGET.left < 0:
            raise _OverBudget


class _BoundedInflater:
    """A zlib decompressor that counts its output against the thread's budget."""

    def __init__(self, *args):
        self._d = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        if _BUDGET.left is not None and (max_length <= 0 or max_length > _BUDGET.left + 1):
            max_length = _BUDGET.left + 1        # never more than one byte past the budget
        out = self._d.decompress(data, max_length)
        _spend(len(out))
        return out

    def __getattr__(self, name):
        return getattr(self._d, name)


class _BoundedZlib:
    """pdfminer inflates every Flate stream with zlib.decompress(data), unbounded (pdftypes has
    no option for it): this stands in for the zlib module inside pdfminer.pdftypes. With no
    budget set in the thread it is zlib itself; with one, output stops one byte past it."""

    error = zlib.error

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def decompressobj(*args):
        return _BoundedInflater(*args)

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        if _BUDGET.left is not None:
            # measured first: a bomb is refused having used 1 MB, not the budget (inflating twice
            # costs little next to pdfminer's layout analysis)
            size, complete = measure_inflated(data, wbits, _BUDGET.left)
            if complete or size > _BUDGET.left:      # else zlib fails and the lenient inflate counts it
                _spend(size)
        return zlib.decompress(data, wbits, bufsize)


def measure_inflated(data, wbits: int, bound: int) -> tuple[int, bool]:
    """How much zlib data inflates to, 1 MB at a time and thrown away, stopping once past bound;
    and whether the stream came to its end."""
    inflater, size, chunk = zlib.decompressobj(wbits), 0, data
    while size <= bound and not inflater.eof:
        out = inflater.decompress(chunk, 1 << 20)
        size += len(out)
        chunk = inflater.unconsumed_tail
        if not chunk and len(out) < 1 << 20:      # input used up, nothing pending
            break
    return size, inflater.eof


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's lenient inflate (a stream with a damaged end), bounded and in linear time (its
    own joins bytes one input byte at a time, quadratic in the output)."""
    d, out = _BoundedInflater(), []
    for i in range(len(data)):
        try:
            out.append(d.decompress(data[i:i + 1]))
        except zlib.error:
            if i < len(data) - 3:         # as pdfminer: only the checksum at the end may be bad
                raise
            break
    return b"".join(out)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder
    out = []
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        _spend(len(chunk))
        out.append(chunk)
    return b"".join(out)


def _bound_pdfminer() -> None:
    """Route pdfminer's inflating (Flate, its lenient Flate, LZW) through the bounded versions;
    once per process, harmless to other users of pdfminer (no budget: unbounded as before)."""
    from pdfminer import pdftypes
    if not isinstance(pdftypes.zlib, _BoundedZlib):
        pdftypes.zlib = _BoundedZlib()      # type: ignore[assignment]  # a stand-in for the module, on purpose
        pdftypes.decompress_corrupted = _decompress_corrupted
        pdftypes.lzwdecode = _lzwdecode


# --- DOCX ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {_W + "del", _W + "moveFrom", _W + "delText", _W + "instrText", _W + "rPr", _W + "pPr"}
_HEADING = re.compile(r"(?:heading|titre|überschrift)\s*(\d)$|^title$", re.IGNORECASE)


def extract_docx(data: bytes, path: str) -> str:
    """Body paragraphs in order; Word heading styles become Markdown-style "#" headings (so they
    are sections even without numbers), list items start with "• ", table rows read as
    "cell | cell", tracked changes as accepted (insertions kept, deletions dropped), footnotes
    at the end under "Footnotes"."""
    _check_unpacked_size(data, path)
    try:
        import docx
        from docx.table import Table
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - python-docx raises several types for broken packages
        raise InputError(path, f"cannot read this Word document ({type(e).__name__})") from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [" | ".join(_cell_text(c) for c in row.cells) for row in item.rows]
            blocks.append("\n".join(r for r in rows if r.strip(" |")))
            continue
        text = _run_text(item._p)
        if not text.strip():
            continue
        style = item.style.name if item.style is not None else ""
        m = _HEADING.search(style or "")
        if m:
            blocks.append("#" * int(m.group(1) or 1) + " " + " ".join(text.split()))
        elif (item._p.pPr is not None and item._p.pPr.numPr is not None) or style.startswith("List"):
            blocks.append("\u2022 " + text.strip())
        else:
            blocks.append(text.strip())
    notes = _footnotes(document, path)
    if notes:
        blocks.append("Footnotes")
        blocks += notes
    return "\n\n".join(b for b in blocks if b) + "\n"


def _check_unpacked_size(data: bytes, path: str) -> None:
    """python-docx reads every part of the package whole, and zipfile inflates an entry in one
    call however much it yields (it cuts the result to the declared size afterwards): so each
    entry is inflated here first, 1 MB at a time and thrown away, and refused where it yields
    more than it declares or the package more than the input size limit."""
    limit, total = max_input_bytes(), 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            total += info.file_size
            if total > limit:
                raise over_limit(path, "unpacks to more")
            if info.compress_type == zipfile.ZIP_STORED:
                continue
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1:
                raise InputError(path, f"cannot read this Word document ({info.filename} is encrypted or "
                                       "compressed in a way Word does not write)")
            try:
                name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)  # local header
            except struct.error:
                raise InputError(path, f"cannot read this Word document ({info.filename}: truncated)") from None
            start = info.header_offset + 30 + name_len + extra_len
            body = memoryview(data)[start:start + info.compress_size]
            try:
                size = measure_inflated(body, -zlib.MAX_WBITS, info.file_size)[0]
            except zlib.error as e:
                raise InputError(path, f"cannot read this Word document ({info.filename}: {e})") from None
            if size > info.file_size:
                raise InputError(path, f"cannot read this Word document ({info.filename} unpacks to more "
                                       "than it declares)")


def _run_text(element) -> str:
    """Text of a paragraph element as accepted: skips deleted runs and field instructions."""
    out: list[str] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _W + "t":
                out.append(child.text or "")
            elif tag == _W + "tab":
                out.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "footnoteReference":
                out.append(f"[{child.get(_W + 'id')}]")
            else:
                walk(child)
    walk(element)
    return "".join(out)


def _cell_text(cell) -> str:
    return " ".join(" ".join(_run_text(p._p).split()) for p in cell.paragraphs).strip()


def _footnotes(document, path: str) -> list[str]:
    from lxml import etree
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            part = rel.target_part
            try:
                # Word never writes a DTD; a part that has one gets no entity expanded (no external
                # file or URL read, no "billion laughs"), as python-docx parses the body.
                parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
                root = etree.fromstring(part.blob, parser)
            except etree.LxmlError as e:
                raise InputError(path, f"cannot read this Word document ({str(part.partname).lstrip('/')}: "
                                       f"{getattr(e, 'msg', None) or e})") from None
            notes = []
            for note in root.iter(_W + "footnote"):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(_run_text(p).strip() for p in note.iter(_W + "p")).strip()
                if text:
                    notes.append(f"[{note.get(_W + 'id')}] {' '.join(text.split())}")
            return notes
    return []


# --- HTML ------------------------------------------------------------------------------------

_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote",
          "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "figure", "figcaption",
          "hr", "address", "details", "summary", "form", "fieldset", "body", "html"}
_DROP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.drop = 0
        self.pre = 0

    def flush(self):
        text = "".join(self.current)
        text = text if self.pre else " ".join(text.split())
        if text.strip():
            self.blocks.append(text.strip("\n"))
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _DROP:
            self.drop += 1
        elif self.drop:
            return
        elif tag in _BLOCK or tag == "li" or tag == "tr":
            self.flush()
            if tag == "li":
                self.current.append("\u2022 ")
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.current.append("#" * int(tag[1]) + " ")
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif tag == "br":
            self.current.append("\n" if self.pre else " ")
        elif tag in ("td", "th") and self.current and "".join(self.current).strip():
            self.current.append(" | ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.current.append(f" {alt} ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _DROP:
            self.drop -= 1

    def handle_endtag(self, tag):
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
        elif self.drop:
            return
        elif tag in _BLOCK or tag in ("li", "tr") or re.fullmatch(r"h[1-6]", tag):
            self.flush()
        elif tag == "pre":
            self.flush()
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if not self.drop:
            self.current.append(data)


def extract_html(html: str) -> str:
    """Visible text: headings h1-h6 as "#" lines, block elements as paragraphs, list items with
    "• ", table cells joined by " | "; scripts, styles and the <head> dropped."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.blocks) + "\n"
