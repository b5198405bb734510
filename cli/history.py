"""`docdiff history`: the passage timeline of several versions (releases of one document)."""
from __future__ import annotations

import html
import os
import sys

import click

from ..diffing.errors import printable
from ..diffing.history import ABSENT, PRESENT, WITHHELD, version_history
from ..diffing.serialize import encode_json, history_to_dict
from .main import CONTEXT, OCR_HELP, complain, console_colour, discovered_config, docdiff, make_options, read_warned
from .output import guard_output, write_output
from .report_markdown import md

SYMBOLS = {PRESENT: "\u25cf", WITHHELD: "\u2588", ABSENT: "\u00b7"}
STYLES = {PRESENT: "green", WITHHELD: "magenta", ABSENT: "dim"}


@docdiff.command("history", context_settings=CONTEXT)
@click.argument("versions", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["terminal", "json", "html", "markdown"]), default="terminal",
              show_default=True, help="terminal: one row per passage; json: see docdiff-history.schema.json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to FILE (atomically) instead of standard output.")
@click.option("--all", "show_all", is_flag=True, help="Terminal, HTML, Markdown: show the passages whose state "
                                                      "never changed too.")
@click.option("--profile", "profiles", multiple=True, metavar="NAME",
              help="Apply a release profile (repeatable); see `docdiff diff --help`.")
@click.option("--ocr", is_flag=True, help=OCR_HELP)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the terminal table; as for `docdiff diff` (NO_COLOR, FORCE_COLOR, CLICOLOR).")
def history_command(versions, fmt, output, show_all, profiles, ocr, color):
    """Follow every passage through VERSIONS (two or more, oldest first): present, withheld
    (a marker stands for its words) or absent in each, so that a reader sees what each release
    released and what is still withheld.

    \b
    Exit status: 0 no passage changed state, 1 some did, 2 trouble.
    """
    if len(versions) < 2:
        raise click.UsageError("history needs two or more versions, oldest first")
    config = discovered_config()
    guard_output(output, list(versions) + [config.path or ""], reads_stdin="-" in versions)
    options = make_options(config, profiles=profiles)
    history = version_history([read_warned(v, ocr=ocr) for v in versions], options)
    text = {"json": lambda: encode_json(history_to_dict(history), indent=2) + "\n",
            "html": lambda: _html(history, show_all), "markdown": lambda: _markdown(history, show_all),
            "terminal": lambda: None}[fmt]()
    if text is None:
        from rich.console import Console
        console = Console(highlight=False, markup=False, emoji=False, soft_wrap=False, file=sys.stdout,
                          **(console_colour(color, os.environ) if not output else {"color_system": None}))
        if output:
            with console.capture() as cap:
                _terminal(console, history, show_all)
            text = cap.get()
        else:
            _terminal(console, history, show_all)
    if text is not None:
        if output:
            write_output(output, text)
        else:
            click.echo(text, nl=False)
    changed = any(len(set(p.states)) > 1 for p in history.passages)
    if not history.passages:
        complain("warning: no passages in any version")
    click.get_current_context().exit(1 if changed else 0)


def _shown(history, show_all: bool):
    return [p for p in history.passages if show_all or len(set(p.states)) > 1]


def _terminal(console, history, show_all: bool) -> None:
    from rich.table import Table
    from rich.text import Text
    n = len(history.sources)
    head = Text()
    for k, s in enumerate(history.sources):
        head.append(f"v{k + 1} = {printable(s.path)}\n", style="bold")
    if history.profiles:
        head.append("profiles: " + ", ".join(f"{a} ({b})" for a, b in history.profiles) + "\n", style="dim")
    counts = [" ".join(f"{sum(1 for p in history.passages if p.states[k] == st)} {st}" for st in (PRESENT, WITHHELD))
              for k in range(n)]
    for k in range(n):
        released = len(history.released_in(k)) if k else 0
        head.append(f"v{k + 1}: {counts[k]}" + (f", {released} released" if k else "") + "\n")
    console.print(head)
    table = Table(show_edge=False, pad_edge=False, box=None)
    for k in range(n):
        table.add_column(f"v{k + 1}", justify="center", no_wrap=True)
    table.add_column("passage", overflow="fold")
    for p in _shown(history, show_all):
        cells = [Text(SYMBOLS[s], style=STYLES[s]) for s in p.states]
        table.add_row(*cells, Text(printable(p.text)))
    console.print(table)
    console.print(Text(f"{SYMBOLS[PRESENT]} present  {SYMBOLS[WITHHELD]} withheld  {SYMBOLS[ABSENT]} absent",
                       style="dim"))


def _markdown(history, show_all: bool) -> str:
    n = len(history.sources)
    lines = ["# Passage history", ""]
    lines += [f"- v{k + 1}: `{md(s.path)}`" for k, s in enumerate(history.sources)]
    lines += ["", "| " + " | ".join(f"v{k + 1}" for k in range(n)) + " | passage |",
              "|" + "---|" * (n + 1)]
    for p in _shown(history, show_all):
        lines.append("| " + " | ".join(p.states) + f" | {md(p.text)} |")
    return "\n".join(lines) + "\n"


def _html(history, show_all: bool) -> str:
    e = html.escape
    n = len(history.sources)
    rows = "".join("<tr>" + "".join(f'<td class="{s}">{s}</td>' for s in p.states) + f"<td>{e(p.text)}</td></tr>\n"
                   for p in _shown(history, show_all))
    versions = "".join(f"<li>v{k + 1}: {e(s.path)}</li>" for k, s in enumerate(history.sources))
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>docdiff history</title>"
            "<style>body{font:15px/1.4 system-ui,sans-serif;margin:2em}td{padding:2px 8px;vertical-align:top}"
            ".present{color:#176317}.withheld{background:#222;color:#fff}.absent{color:#999}</style></head><body>"
            f"<h1>Passage history</h1><ul>{versions}</ul><table><thead><tr>"
            + "".join(f"<th>v{k + 1}</th>" for k in range(n)) + "<th>passage</th></tr></thead><tbody>\n"
            + rows + "</tbody></table></body></html>\n")
