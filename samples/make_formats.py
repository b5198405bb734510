"""Build the Markdown, Word and PDF versions of the 8700/25 sample pair (deterministic).

    pip install '.[samples]' && python samples/make_formats.py

Each version is made from the text sample through docdiff's own reading of it (its paragraphs,
page furniture left out, and its headings), so the four formats carry the same document:
Markdown with "#" headings; Word with "Heading N" styles and the Council footer in the page
footer; PDF (reportlab, DejaVu Sans when installed) with the footer drawn on every page; and
the public version as a redacted PDF, a black box in place of every DELETED.
"""
from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

from docdiff.diffing import Options, read_source  # noqa: E402
from docdiff.diffing.compare import compare_documents  # noqa: E402
from docdiff.diffing.normalize import join_paragraph  # noqa: E402
from docdiff.diffing.tokens import make_key_context  # noqa: E402

FOOTERS = {"limite": ("8700/25          XX/yy          {page}", "JAI.1          LIMITE EN"),
           "public": ("8700/25          XX/yy          {page}", "JAI.1          EN")}


def blocks(path: Path, other: Path) -> list[tuple[int, str]]:
    """(heading level or 0, text) for each paragraph, as docdiff reads the text sample when it
    compares it with the other version (whose headings and furniture are evidence too). Release
    profiles stay off: they set the classification line aside as release metadata, and the samples
    must carry it as the document does."""
    src = read_source(path)
    options = Options(detect_profiles=False)
    diff = compare_documents(src, read_source(other), options)
    doc = diff.old
    ctx = make_key_context(src.text, options)
    out = []
    for sec in doc.sections:
        if sec.heading:
            out.append((sec.heading.level, " ".join(src.text[sec.heading.start:sec.heading.end].split())))
        for p in sec.paragraphs:
            out.append((0, join_paragraph(src.text, p, ctx) if "\t" not in src.text[p.start:p.end]
                        else "\n".join(" ".join(line.split()) for line in src.text[p.start:p.end].split("\n"))))
    return out


def write_markdown(items, target: Path) -> None:
    lines = []
    for level, text in items:
        lines.append(("#" * level + " " + text) if level else text.replace("\n", "  \n"))
    target.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def write_docx(items, target: Path, footer: tuple[str, str]) -> None:
    import docx
    document = docx.Document()
    for level, text in items:
        if level:
            document.add_heading(text, level=min(level, 9))
        else:
            document.add_paragraph(text)
    foot = document.sections[0].footer
    foot.paragraphs[0].text = footer[0].format(page="")
    foot.add_paragraph(footer[1])
    document.core_properties.author = "docdiff samples"
    document.save(target)


# The public version as released with black boxes: each DELETED passage is a box drawn over blank
# space (a correct redaction: no text under it), or with `leak`, over the word still in the text
# layer, black on black (a failed one).
_MARKER = re.compile(r"\*\*DELETED\*\*|\bDELETED\b")
BOX = '<span backColor="black">' + "\u00a0" * 14 + "</span>"
LEAKED_BOX = '<span backColor="black" color="black">{text}</span>'


def write_pdf(items, target: Path, footer: tuple[str, str], *, boxes: bool = False, leak: str = "") -> None:
    """The PDF version; with `boxes`, each marker drawn as a black box (with `leak`, the box holds
    that text in the text layer)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    font = "Helvetica"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", candidate))
            font = "DejaVu"
    styles = getSampleStyleSheet()
    body, head = styles["BodyText"], styles["Heading2"]
    body.fontName = head.fontName = font
    def markup(text: str) -> str:
        html = escape(text).replace("\n", "<br/>")
        if boxes:
            html = _MARKER.sub(lambda m: LEAKED_BOX.format(text=escape(leak)) if leak else BOX, html)
        return html
    story = [Paragraph(markup(text), head if level else body) for level, text in items]

    def draw_footer(canvas, doc):
        canvas.setFont(font, 8)
        canvas.drawString(72, 40, footer[0].format(page=doc.page))
        canvas.drawString(140, 30, footer[1])
    SimpleDocTemplate(str(target), pagesize=A4, invariant=1, title="8700/25 sample",
                      author="docdiff samples").build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)


if __name__ == "__main__":
    out = HERE / "formats"
    out.mkdir(exist_ok=True)
    for version, other in (("limite", "public"), ("public", "limite")):
        items = blocks(HERE / f"8700-25-{version}.txt", HERE / f"8700-25-{other}.txt")
        write_markdown(items, out / f"8700-25-{version}.md")
        write_docx(items, out / f"8700-25-{version}.docx", FOOTERS[version])
        write_pdf(items, out / f"8700-25-{version}.pdf", FOOTERS[version])
    items = blocks(HERE / "8700-25-public.txt", HERE / "8700-25-limite.txt")
    write_pdf(items, out / "8700-25-public-boxes.pdf", FOOTERS["public"], boxes=True)
