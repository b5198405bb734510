"""Sections stage: cut the document into sections at the headings the headings stage decided."""
from __future__ import annotations

from bisect import bisect_right

from .headings import Candidate, to_heading
from .model import Heading, Paragraph, Section
from .tokens import KeyContext, make_key


def split_sections(text: str, paragraphs: tuple[Paragraph, ...], headings: list[Candidate],
                   ctx: KeyContext) -> tuple[Section, ...]:
    """Every heading, at any level, starts a section; text before the first heading is a section
    too. A numbered clause's heading is its number (and run-in title): the rest of its paragraph
    is the section's first body paragraph."""
    by_para = {c.para: c for c in headings}
    sections: list[Section] = []
    body: list[Paragraph] = []
    heading: Heading | None = None
    start = 0

    def close(end: int) -> None:
        if heading is not None or body:
            sections.append(Section(len(sections), start, end, heading, tuple(body)))

    k = 0
    while k < len(paragraphs):
        c = by_para.get(k)
        if c is None:
            body.append(paragraphs[k])
            k += 1
            continue
        close(c.start)
        heading, body, start = to_heading(c, ctx), [], c.start
        if c.body_start is not None:
            rest = _tail(text, paragraphs[k], c.body_start, ctx)
            if rest is not None:
                body.append(rest)
        k += c.paras
    close(len(text))
    if sections and sections[0].heading is None:
        sections[0] = Section(0, 0, sections[0].end, None, sections[0].paragraphs)
    return tuple(sections)


def _tail(text: str, para: Paragraph, at: int, ctx: KeyContext) -> Paragraph | None:
    """The part of a paragraph from offset `at` on, as a paragraph of its own."""
    starts = [s for s, _ in para.lines]
    k = max(0, bisect_right(starts, at) - 1)
    lines = list(para.lines[k:])
    if not lines:
        return None
    s, e = lines[0]
    lines[0] = (min(max(s, at), e), e)
    if lines[0][0] >= lines[0][1]:
        lines = lines[1:]
    if not lines:
        return None
    key = make_key("\n".join(text[a:b] for a, b in lines), ctx)
    return Paragraph(lines[0][0], lines[-1][1], tuple(lines), key, para.kind, para.indent) if key else None
