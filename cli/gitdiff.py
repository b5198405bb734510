"""git integration: an external diff driver (`docdiff git-diff`) and a textconv filter."""
from __future__ import annotations

import sys
import traceback

import click

from ..diffing import DocdiffError, compare_documents
from ..diffing.compare import explain_structure, layout_free_text
from .labels import visible
from .main import (
    CONTEXT,
    OCR_HELP,
    _console,
    _silence_stdout,
    complain,
    discovered_config,
    docdiff,
    make_options,
    read_warned,
)


@docdiff.command("git-diff", context_settings=CONTEXT)
@click.argument("args", nargs=-1)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def git_diff_command(args, color):
    """git external diff driver: GIT_EXTERNAL_DIFF or diff.<driver>.command.

    git calls it with 7 arguments (path old-file old-hex old-mode new-file new-hex new-mode) or 9
    (a rename adds new-path and its similarity). It always exits 0, so that git goes on with the
    next file, also when the reader stops early (git log -p --ext-diff | head); a problem is reported
    on stderr. git diff uses it by default; git log -p and git show only with --ext-diff.

    \b
      git config diff.docdiff.command 'docdiff git-diff'
      echo '*.txt diff=docdiff' >> .gitattributes
    """
    if len(args) not in (7, 9):
        click.echo(f"docdiff git-diff: expected the 7 or 9 arguments git passes, got {len(args)}", err=True)
        return
    path, old_file, _, _, new_file = args[:5]
    new_path = args[7] if len(args) == 9 else path
    console = _console(color)
    try:
        options = make_options(discovered_config())
        old = read_warned(old_file)
        new = read_warned(new_file)
        from dataclasses import replace
        diff = compare_documents(replace(old, path=f"a/{path}"), replace(new, path=f"b/{new_path}"), options)
        from .render import render  # rich loads only when a diff is shown
        render(console, diff)
        sys.stdout.flush()
    except BrokenPipeError:     # `git log -p --ext-diff | head`: the reader has gone; git goes on or stops itself
        _silence_stdout()
    except DocdiffError as e:
        complain(f"{path}: {e}")
    except Exception:  # noqa: BLE001 - git must go on with the other files
        traceback.print_exc()
        complain(f"internal error on {path} (a bug: please report it)")


@docdiff.command("extract", context_settings=CONTEXT)
@click.option("--structure", is_flag=True, help="Show the heading decisions with their evidence, and the furniture.")
@click.option("--against", metavar="OTHER", help="With --structure: decide as when comparing with OTHER.")
@click.argument("file")
@click.option("--encoding", metavar="NAME", help="Decode a text input with this encoding instead of detecting it.")
@click.option("--ocr", is_flag=True, help=OCR_HELP)
def extract_command(file, encoding, structure, against, ocr):
    """Print the text docdiff compares for FILE (a PDF's text layer, a Word document's paragraphs,
    an HTML page's visible text): JSON offsets and lines refer to exactly this text.

    With --structure, print instead how docdiff reads its structure: each line that could be a
    heading, whether it is one, and the evidence (with --against OTHER, as when comparing with
    OTHER), then the page-furniture lines set aside and why.

    A PDF's redaction boxes show as runs of █; text still under a box (a failed redaction) is left
    out, as a reader sees the page, and named on stderr with its page."""
    source = read_warned(file, encoding=encoding, ocr=ocr)
    if not structure:
        write_document_text(source.text)
        return
    other = read_warned(against, encoding=encoding, ocr=ocr) if against else None
    decisions, layout = explain_structure(source, make_options(discovered_config()), other)
    for d in decisions:
        evidence = "; ".join(f"{name} {weight:+.2f}" for name, weight in d.evidence)
        click.echo(f"{'heading' if d.heading else 'body   '} {d.line:>6} {d.belief:5.2f} {d.style:<10} "
                   f"{visible(d.text[:70])}  [{evidence}]")
    for f in layout.furniture:
        click.echo(f"furniture {source.text.count(chr(10), 0, f.start) + 1:>4} {f.rule:<15} {visible(f.text)}")


@docdiff.command("textconv", context_settings=CONTEXT)
@click.argument("file")
def textconv_command(file):
    """Print FILE as layout-free text (page furniture dropped, one paragraph per line, hyphenation
    joined) for git's textconv: `git config diff.docdiff.textconv 'docdiff textconv'`."""
    options = make_options(discovered_config())
    write_document_text(layout_free_text(read_warned(file), options))


def write_document_text(text: str) -> None:
    """Document text to stdout: into a pipe or file, exactly the text (UTF-8), so that the JSON
    offsets count it (click.echo would strip ANSI sequences there); on a terminal, with control and
    bidi characters shown as escapes, never sent raw."""
    out = sys.stdout
    if out.isatty():
        out.write(visible(text))
        out.flush()
        return
    out.flush()
    out.buffer.write(text.encode("utf-8"))
    out.buffer.flush()
