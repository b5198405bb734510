"""Extract stage: PDF, DOCX, HTML and Markdown inputs, recognised by content."""
import io
import zipfile

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from docdiff.cli.main import docdiff
from docdiff.diffing import compare_texts
from docdiff.diffing.compare import compare_documents
from docdiff.diffing.errors import InputError
from docdiff.diffing.extract import document_from_bytes, extract_html, read_document, sniff_format

FORMATS = SAMPLES / "formats"


@pytest.mark.parametrize("data, name, fmt", [
    (b"%PDF-1.7\n...", "x.bin", "pdf"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "x.txt", "html"),
    (b"\xef\xbb\xbf  <html lang=en><p>x", "page", "html"),
    (b"# Title\n\ntext", "notes.md", "markdown"),
    (b"# Title\n\ntext", "notes.txt", "text"),
    (b"<p>not a page</p> just text", "x.txt", "text"),
], ids=["pdf-by-content", "html-doctype", "html-bom", "markdown-by-name", "hash-in-text", "tag-in-text"])
def test_sniffing(data, name, fmt):
    assert sniff_format(data, name) == fmt


def test_pdf_text_layer_in_reading_order_with_pages():
    src = read_document(str(FORMATS / "8700-25-public.pdf"))
    assert src.format == "pdf" and src.text.count("\f") >= 3
    assert "1. Terrorist Tactics and Historical Precedents" in src.text
    assert "**DELETED**" in src.text and "\u0422\u043e:" in src.text


def test_pdf_page_footers_are_found_page_by_page():
    diff = compare_documents(read_document(str(FORMATS / "8700-25-limite.pdf")),
                             read_document(str(FORMATS / "8700-25-limite.pdf")))
    footers = [f.text for f in diff.old.layout.furniture]
    pages = diff.old.text.count("\f")
    assert sum(1 for f in footers if f.startswith("8700/25")) >= pages
    assert diff.changes == ()


def test_pdf_without_text_layer_is_refused(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)       # a "scanned" page: an image-like shape, no text
    c.save()
    with pytest.raises(InputError, match=r"no text layer .* read it with --ocr"):
        read_document(str(path))


def test_damaged_pdf_is_refused_with_one_line(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage without objects")
    with pytest.raises(InputError) as e:
        read_document(str(path))
    assert str(e.value).startswith(f"{path}: ") and "\n" not in str(e.value)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str, footnotes: str | bytes | None = None) -> bytes:
    """A minimal Word package written by hand, for what python-docx cannot author (tracked changes,
    footnotes; bytes are the footnotes part exactly)."""
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships">' + ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/'
                                     '2006/relationships/footnotes" Target="footnotes.xml"/>' if footnotes else '')
                + '</Relationships>')
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/>'
             + ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.footnotes+xml"/>' if footnotes else '') + '</Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
        if isinstance(footnotes, bytes):
            z.writestr("word/footnotes.xml", footnotes)
        elif footnotes:
            z.writestr("word/footnotes.xml", f'<?xml version="1.0"?><w:footnotes {W}>{footnotes}</w:footnotes>')
    return buf.getvalue()


def p(text, style=None, extra=""):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{extra}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def test_docx_tracked_changes_read_as_accepted_and_footnotes_at_the_end():
    body = ("<w:p><w:r><w:t>The Council </w:t></w:r><w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>firmly </w:t></w:r>"
            "</w:ins><w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>briefly </w:delText></w:r></w:del>"
            "<w:r><w:t>agreed.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>")
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>See document 8700/25.</w:t></w:r></w:p></w:footnote>')
    src = document_from_bytes(_docx(body, notes), "t.docx")
    assert src.format == "docx"
    assert src.text == "The Council firmly agreed.[1]\n\nFootnotes\n\n[1] See document 8700/25.\n"


def test_docx_with_a_malformed_footnotes_part_exits_2_naming_the_part(tmp_path):
    path = tmp_path / "fn.docx"
    path.write_bytes(_docx(p("Hello."), b"<w:footnotes"))
    r = CliRunner().invoke(docdiff, ["extract", str(path)])
    assert r.exit_code == 2, r.output
    assert r.stderr == (f"docdiff: {path}: cannot read this Word document (word/footnotes.xml: Namespace prefix w "
                        "on footnotes is not defined, line 1, column 13)\n")


def test_docx_footnotes_never_expand_entities(tmp_path):
    """No external entity is read (the secret stays out of the text) and no entity bomb expands:
    either the part reads without its entities or it is refused, never an internal error."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    note = '<w:footnote w:id="1"><w:p><w:r><w:t>Note &x;</w:t></w:r></w:p></w:footnote>'
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           f'<w:footnotes {W}>{note}</w:footnotes>')
    lol = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
           + f']><w:footnotes {W}>{note.replace("&x;", "&i;")}</w:footnotes>')
    for name, part in (("xxe", xxe), ("lol", lol)):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(_docx(p("Hello."), part.encode()))
        r = CliRunner().invoke(docdiff, ["extract", str(path)])
        assert r.exit_code in (0, 2) and "internal error" not in r.output, r.output
        assert "SECRET" not in r.output and "a" * 100 not in r.output
        assert r.exit_code == 0 or r.stderr.startswith(f"docdiff: {path}: cannot read this Word document "
                                                       "(word/footnotes.xml: ")


def test_docx_headings_lists_and_tables(tmp_path):
    import docx
    d = docx.Document()
    d.add_heading("Scope of the Note", level=1)
    d.add_paragraph("Body text of the note.")
    d.add_paragraph("First point", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("Country", "Arrivals"), ("Alpha", "1,200")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_heading("Annex", level=2)
    path = tmp_path / "n.docx"
    d.save(path)
    src = read_document(str(path))
    assert src.text == ("# Scope of the Note\n\nBody text of the note.\n\n\u2022 First point\n\n"
                        "Country | Arrivals\nAlpha | 1,200\n\n## Annex\n")
    diff = compare_texts(src.text, src.text)
    assert diff.old.sections == diff.new.sections


def test_html_visible_text_with_headings_and_no_scripts():
    page = ("<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head><body>"
            "<h1>Report &amp; Annex</h1><p>First <b>bold</b> paragraph<br>continued.</p>"
            "<script>document.write('evil')</script><ul><li>one</li><li>two</li></ul>"
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
            "<h2>Next</h2><p>Text.</p></body></html>")
    assert extract_html(page) == ("# Report & Annex\n\nFirst bold paragraph continued.\n\n\u2022 one\n\n\u2022 two\n\n"
                                  "A | B\n\n1 | 2\n\n## Next\n\nText.\n")


def test_an_html_file_starting_with_its_first_heading_is_html(tmp_path):
    """Mozilla publishes its notices as HTML fragments that start with <h1>, no <html> or <body>;
    a converter re-run (&amp; kept or not, <br> or <br/>) changed nothing a reader sees."""
    old = ("<h1 id=\"n\">Privacy Notice</h1>\n<p>Bird &amp; Bird DPO<br>Avenue Louise 235</p>\n"
           "<h2>Data</h2><p>We keep it.</p>\n")
    new = old.replace("<br>", "<br/>")
    (tmp_path / "a.html").write_text(old)
    (tmp_path / "b.html").write_text(new)
    assert sniff_format(old.encode(), str(tmp_path / "a.html")) == "html"
    assert sniff_format(old.encode(), str(tmp_path / "a.txt")) == "text"
    r = CliRunner().invoke(docdiff, [str(tmp_path / "a.html"), str(tmp_path / "b.html"), "--format", "json"])
    assert r.exit_code == 0, r.stdout


def test_markdown_inline_markup_is_layout_unless_strict(tmp_path):
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_text("# Scope\n\nThe **Council** adopted the _final_ text on `Monday`.\n", encoding="utf-8")
    new.write_text("# Scope\n\nThe Council adopted the final text on Monday.\n", encoding="utf-8")
    r = CliRunner().invoke(docdiff, [str(old), str(new), "--format", "json"])
    assert r.exit_code == 0, r.stdout
    r = CliRunner().invoke(docdiff, [str(old), str(new), "--format", "json", "--strict"])
    assert r.exit_code == 1


def test_markdown_headings_come_from_the_markdown_structure(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("# Title\n\nIntroduction\n\nPlain line that is not a heading in Markdown.\n\n## Part\n\nx\n",
                    encoding="utf-8")
    diff = compare_documents(read_document(str(path)), read_document(str(path)))
    assert [s.heading.title for s in diff.old.sections] == ["Title", "Part"]


def test_standard_input_and_extract_command(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("1. Scope\n\nText one.\n", encoding="utf-8")
    r = CliRunner().invoke(docdiff, ["-", str(path), "--format", "json"], input="1. Scope\n\nText two.\n")
    assert r.exit_code == 1 and '"path": "-"' in r.stdout
    r = CliRunner().invoke(docdiff, ["extract", str(FORMATS / "8700-25-public.docx")])
    assert r.exit_code == 0 and r.stdout.startswith("Brussels, 9 May 2025 (OR. en)\n\n8700/25\n\n")
    assert "\n# NOTE\n" in r.stdout, "Word heading styles come out as Markdown headings"


ANSI = "Title\n\nabc \x1b[31mred\x1b[0m def \x9b31m \u202ebidi\u202c \x07bell\n"


@pytest.mark.parametrize("command", ["extract", "textconv"])
def test_extract_and_textconv_write_the_exact_text_into_a_pipe(tmp_path, command):
    """Piped, the output is the text the JSON offsets count: no ANSI sequence stripped."""
    import subprocess
    import sys
    path = tmp_path / "ansi.txt"
    path.write_text(ANSI, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "docdiff", command, str(path)], capture_output=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == ANSI


@pytest.mark.parametrize("command", ["extract", "textconv"])
def test_extract_and_textconv_show_control_characters_on_a_terminal(tmp_path, command):
    import os
    import pty
    import subprocess
    import sys
    path = tmp_path / "ansi.txt"
    path.write_text(ANSI, encoding="utf-8")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "docdiff", command, str(path)], stdout=follower, cwd=tmp_path)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:          # EIO: the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert shown == "Title\n\nabc \\x1b[31mred\\x1b[0m def \\x9b31m \\u202ebidi\\u202c \\x07bell\n"


def _flate_bomb(mb: int, *, truncated: bool = False) -> bytes:
    """A line of text, then mb MB of spaces, deflated (about 1 KB per MB); truncated: the
    stream's end cut off."""
    import zlib
    comp = zlib.compressobj(9)
    data = comp.compress(b"BT /F1 12 Tf 72 720 Td (Bomb page text) Tj ET\n")
    data += b"".join(comp.compress(b" " * (1 << 20)) for _ in range(mb)) + comp.flush()
    return data[:-64] if truncated else data


def _bomb_pdf(stream: bytes) -> bytes:
    """One page whose content stream is the given Flate data, after a line of text."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _peak_traced(f):
    """f()'s outcome and the peak of memory Python allocated meanwhile."""
    import tracemalloc
    tracemalloc.start()
    try:
        try:
            outcome = f()
        except InputError as e:
            outcome = e
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("truncated", [False, True], ids=["complete", "truncated"])
def test_a_pdf_decompression_bomb_is_refused_before_it_fills_memory(monkeypatch, truncated):
    monkeypatch.setenv("DOCDIFF_MAX_INPUT_MB", "2")
    document_from_bytes(_bomb_pdf(_flate_bomb(1, truncated=truncated)), "small.pdf")   # imports out of the count
    data = _bomb_pdf(_flate_bomb(48, truncated=truncated))
    assert len(data) < 200_000
    outcome, peak = _peak_traced(lambda: document_from_bytes(data, "bomb.pdf"))
    assert isinstance(outcome, InputError), outcome
    assert str(outcome) == "bomb.pdf: unpacks to more than 2 MB (set DOCDIFF_MAX_INPUT_MB to raise the limit)"
    assert peak < 12 * 1024 * 1024          # a quarter of the bomb: it was never inflated whole


@pytest.mark.parametrize("truncated", [False, True], ids=["complete", "truncated"])
def test_a_pdf_that_inflates_within_the_limit_still_reads(monkeypatch, truncated):
    monkeypatch.setenv("DOCDIFF_MAX_INPUT_MB", "8")
    assert document_from_bytes(_bomb_pdf(_flate_bomb(4, truncated=truncated)), "x.pdf").text.startswith(
        "Bomb page text")


def _docx_bomb(mb: int, *, declared: int | None = None) -> bytes:
    """A Word package whose document.xml carries mb MB of spaces (deflated); with `declared`, its
    headers claim that many bytes, with the checksum of what those bytes would be."""
    import struct
    import zlib
    package = zipfile.ZipFile(io.BytesIO(_docx(p("Hello."))))
    xml = package.read("word/document.xml").replace(b"<w:body>", b"<w:body>" + b" " * (mb << 20))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in package.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else package.read(info))
    data = bytearray(buf.getvalue())
    if declared is not None:
        z = zipfile.ZipFile(io.BytesIO(bytes(data)))
        entry, crc = z.getinfo("word/document.xml"), zlib.crc32(xml[:declared])
        central = data.index(b"PK\x01\x02", z.start_dir)
        while data[central + 46:central + 46 + 17] != b"word/document.xml":
            central = data.index(b"PK\x01\x02", central + 4)
        for at in (entry.header_offset + 14, central + 16):          # CRC-32, then the sizes after it
            struct.pack_into("<I", data, at, crc)
            struct.pack_into("<I", data, at + 8, declared)
    return bytes(data)


@pytest.mark.parametrize("declared, message", [
    (None, "bomb.docx: unpacks to more than 2 MB (set DOCDIFF_MAX_INPUT_MB to raise the limit)"),
    (2000, "bomb.docx: cannot read this Word document (word/document.xml unpacks to more than it declares)"),
], ids=["declared", "lying-header"])
def test_a_docx_decompression_bomb_is_refused_before_it_fills_memory(monkeypatch, declared, message):
    """Refused by its declared size, or, where the headers lie (with a checksum that matches the
    declared bytes, so zipfile would read it), by what it really inflates to."""
    monkeypatch.setenv("DOCDIFF_MAX_INPUT_MB", "2")
    document_from_bytes(_docx_bomb(1), "small.docx")          # imports out of the count
    data = _docx_bomb(48, declared=declared)
    assert len(data) < 200_000
    outcome, peak = _peak_traced(lambda: document_from_bytes(data, "bomb.docx"))
    assert str(outcome) == message
    assert peak < 12 * 1024 * 1024          # a quarter of the bomb: it was never inflated whole


def test_a_docx_within_the_limit_still_reads(monkeypatch):
    monkeypatch.setenv("DOCDIFF_MAX_INPUT_MB", "8")
    assert document_from_bytes(_docx_bomb(4), "x.docx").text == "Hello.\n"


def test_a_docx_with_damaged_deflate_data_is_refused_with_one_line():
    data = bytearray(_docx_bomb(1))
    entry = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = entry.header_offset + 30 + len(entry.filename)
    data[start + 10:start + 60] = b"\xff" * 50
    with pytest.raises(InputError, match=r"^c.docx: cannot read this Word document \(word/document.xml: Error -3 "):
        document_from_bytes(bytes(data), "c.docx")
