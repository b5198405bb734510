"""`docdiff OLD NEW`: parse options, make one library call, render, compute the exit code."""
from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import traceback

import click

from .. import __version__
from ..diffing import ChangeKind, DocdiffError, Options, compare_documents, filter_diff, has_differences
from ..diffing.config import Config, find_config, load_config
from ..diffing.conventions import PROFILE_IDS
from ..diffing.errors import message_line
from ..diffing.model import Source
from ..diffing.parallel import available_cores
from ..diffing.serialize import diff_to_json
from ..diffing.vcs import read_input
from .output import guard_output, write_output

EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE, EXIT_INTERNAL = 0, 1, 2, 3
KINDS = [k.value for k in ChangeKind]


def exit_code(diff) -> int:
    """diff(1) convention: 0 no content differences (layout never counts), 1 differences."""
    return EXIT_DIFFERENT if has_differences(diff) else EXIT_SAME


def _parse_kinds(ctx, param, value: str | None):
    if not value:
        return None
    kinds = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise click.BadParameter(f"unknown kind {bad[0]!r} (choose from {', '.join(KINDS)})")
    return frozenset(ChangeKind(k) for k in kinds)


def _parse_encodings(ctx, param, value: str | None) -> tuple[str | None, str | None]:
    """--encoding NAME for both inputs, or OLD,NEW for one each (an empty side is detected)."""
    if value is None:
        return None, None
    names = [v.strip() or None for v in value.split(",")]
    if len(names) > 2:
        raise click.BadParameter(f"{value!r}: expected NAME, or OLD,NEW (one encoding for each input)")
    return (names[0], names[0]) if len(names) == 1 else (names[0], names[1])


def _report(fmt: str, diff, context: int) -> str:
    """An HTML or Markdown report (their renderers, and rich under them, load only when asked for)."""
    if fmt == "html":
        from .report_html import render_html
        return render_html(diff, context=context)
    from .report_markdown import render_markdown
    return render_markdown(diff, context=context)


class DocdiffGroup(click.Group):
    """`docdiff OLD NEW` runs the `diff` command; `docdiff check …` and the others are subcommands.

    It is also the one error boundary: expected errors exit 2 with one line on stderr, a crash
    exits 3 with a traceback, so that a failure never reads as "differences found" (1) in CI."""

    default_command = "diff"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Usage errors too get one line ("docdiff: ..."), not click's three-line usage block."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as e:
            complain(f"{e.format_message()} (see 'docdiff --help')")
            sys.exit(EXIT_TROUBLE)
        except click.exceptions.Abort:
            complain("interrupted")
            sys.exit(EXIT_TROUBLE)
        sys.exit(code if isinstance(code, int) else EXIT_SAME)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except DocdiffError as e:
            complain(str(e))
            ctx.exit(EXIT_TROUBLE)
        except BrokenPipeError:      # `docdiff old new | head`: stop quietly
            _silence_stdout()
            ctx.exit(EXIT_TROUBLE)
        except Exception:  # noqa: BLE001 - report, never pretend "differences found"
            traceback.print_exc()
            click.echo("docdiff: internal error (a bug: please report it with the traceback above)", err=True)
            ctx.exit(EXIT_INTERNAL)


def complain(message: str) -> None:
    """One line on stderr, "docdiff: message": whatever a file name in it holds (a newline, an
    escape sequence, `##[`), it stays one line that neither drives the terminal nor reads as a
    workflow command."""
    click.echo(f"docdiff: {message_line(message)}", err=True)


OCR_HELP = ("Read PDF pages without a text layer (scans) with Tesseract, black boxes on the page as "
            "redactions (needs tesseract-ocr and the docdiff[ocr] extra).")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=DocdiffGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="docdiff")
def docdiff():
    """Compare versions of a document section by section, and check repositories of documents.

    \b
      docdiff OLD NEW [OPTIONS]     compare two versions (the `diff` command; OLD/NEW may be REV:path)
      docdiff check [OPTIONS]       run the policy checks of .docdiff.yml (for CI)
      docdiff history V1 V2 ...     follow every passage through releases: present, withheld, absent
      docdiff extract FILE          the text docdiff compares (--structure: why a line is a heading)
      docdiff git-diff ...          git external diff driver (always exits 0)
      docdiff textconv FILE         layout-free text, for git's textconv
    """


@docdiff.command("diff", context_settings=CONTEXT)
@click.argument("old", type=click.Path(dir_okay=True, path_type=str))
@click.argument("new", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["terminal", "json", "html", "markdown"]), default="terminal",
              show_default=True,
              help="terminal: coloured, section by section; json: the documented contract (schema_version 1); "
                   "html: a self-contained report to share; markdown: for a pull-request comment or job summary.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to FILE (atomically: a complete file or none) instead of standard output.")
@click.option("--only", callback=_parse_kinds, metavar="KIND,...",
              help=f"Show only these kinds of change: {', '.join(KINDS)}.")
@click.option("--section", metavar="TEXT", help="Show only sections whose heading, as written or its title as read, "
              "contains TEXT (either version).")
@click.option("--allow-empty", is_flag=True,
              help="Exit 0 when --section matches no section or --only leaves none of the differences "
                   "(by default that is exit 2: a mistyped filter must not pass CI).")
@click.option("--summary", is_flag=True, help="Print the header and section table only.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing on standard output, only set the exit status (as diff -q, cmp -s); errors "
                   "still go to stderr, and -o FILE is still written.")
@click.option("--strict/--no-strict", default=None,
              help="Compare the exact characters: no page-furniture removal, de-hyphenation or typographic "
                   "folding (line wrapping still does not count).")
@click.option("--marker", "markers", multiple=True, metavar="REGEX",
              help="An extra redaction-marker pattern (repeatable); adds to the built-in ones.")
@click.option("--no-default-markers", is_flag=True, help="Use only the markers from --marker and the config.")
@click.option("--profile", "profiles", multiple=True, type=click.Choice(PROFILE_IDS), metavar="NAME",
              help="Apply a release profile's markers and stamps (repeatable): " + ", ".join(PROFILE_IDS)
                   + ". Profiles a version clearly follows apply anyway; --no-detect-profiles turns that off.")
@click.option("--no-detect-profiles", is_flag=True, help="Apply only the profiles chosen (--profile, config).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="Config file (default: the nearest .docdiff.yml up to the repository root).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the terminal output; auto honours NO_COLOR, FORCE_COLOR, CLICOLOR=0 and CLICOLOR_FORCE "
                   "(the flag beats them; NO_COLOR beats the other three).")
@click.option("--context", type=click.IntRange(0, 2000), default=60, show_default=True,
              help="Characters of unchanged text shown around each change (terminal, html, markdown).")
@click.option("--encoding", metavar="NAME|OLD,NEW", callback=_parse_encodings,
              help="Decode both inputs with NAME instead of detecting it; OLD,NEW names one for each input, "
                   "and an empty side is detected (--encoding cp1252, reads only OLD as cp1252).")
@click.option("--side-by-side", is_flag=True, help="Old and new in two columns (terminal 100+ columns wide).")
@click.option("--pager/--no-pager", default=None,
              help="Page long terminal output like git ($PAGER, else less; LESS=FRX unless set). "
                   "Default: when stdout is a terminal.")
@click.option("--ocr", is_flag=True, help=OCR_HELP)
@click.option("--jobs", type=click.IntRange(1, 2), default=None, metavar="1|2",
              help="Processes for long documents (a megabyte or more together): 2 reads the two versions at "
                   "the same time, on two cores, with the same result. Default: 2 on a machine with two cores "
                   "or more.")
def diff_command(old, new, fmt, output, only, section, allow_empty, summary, quiet, strict, markers, no_default_markers,
                 profiles, no_detect_profiles, config_path, color, context, encoding, side_by_side, pager, ocr, jobs):
    """Compare two versions of a document, section by section: what was added, removed, modified,
    redacted (text replaced by a marker such as DELETED or [REDACTED]) and revealed.

    OLD and NEW are files, - for standard input, or REV:path for a file at a git revision
    (HEAD~1:notes/a.txt). As in git, that path is from the repository root; REV:./a.txt is from
    the current folder.

    \b
    Exit status:
      0  no content differences (layout-only differences count as none)
      1  differences
      2  trouble: bad usage, unreadable or binary input, bad config
      3  internal error
    """
    config = load_config(config_path) if config_path else discovered_config()
    options = make_options(config, strict=strict, markers=markers, no_default_markers=no_default_markers,
                           profiles=profiles, no_detect_profiles=no_detect_profiles)
    if old == new == "-":
        raise click.BadParameter("only one of OLD and NEW can be standard input (-)")
    guard_output(output, [old, new, config.path or ""], reads_stdin="-" in (old, new))
    old_encoding, new_encoding = encoding
    diff = compare_documents(read_warned(old, encoding=old_encoding, ocr=ocr),
                             read_warned(new, encoding=new_encoding, ocr=ocr), options,
                             workers=jobs or available_cores(2))
    if only is not None or section:
        diff = _filtered(diff, only, section, allow_empty)
    if quiet and not output:
        click.get_current_context().exit(exit_code(diff))
    payload = {"json": lambda: diff_to_json(diff), "html": lambda: _report("html", diff, context),
               "markdown": lambda: _report("markdown", diff, context)}.get(fmt, lambda: None)()
    if output:
        if payload is None:
            from rich.console import Console

            from .render import render
            buf = io.StringIO()
            render(Console(file=buf, color_system=None, width=100, markup=False, emoji=False, highlight=False),
                   diff, summary_only=summary, context=context, side_by_side=side_by_side)
            payload = buf.getvalue()
        write_output(output, payload)
    elif payload is not None:
        click.echo(payload, nl=False)
    else:
        from .render import render  # rich loads only for terminal output: a JSON run, or git
        show_terminal(lambda console: render(console, diff, summary_only=summary, context=context,
                                             side_by_side=side_by_side), color, pager)
    click.get_current_context().exit(exit_code(diff))


def _filtered(diff, only, section, allow_empty):
    """Apply --section and --only, failing closed: a filter that matches nothing is refused (exit
    2) unless --allow-empty, so that a typo cannot turn a CI step green."""
    if section:
        narrowed = filter_diff(diff, section=section)
        if not narrowed.sections and not allow_empty:
            raise click.UsageError(f"--section {section!r} matches no section heading in either version "
                                   "(matching ignores case; --allow-empty to accept)")
        diff = narrowed
    if only is not None:
        kept = filter_diff(diff, kinds=only)
        if has_differences(diff) and not has_differences(kept) and not allow_empty:
            counts = ", ".join(f"{n} {k.value}"
                               for k, n in sorted(diff.kind_counts.items(), key=lambda kv: kv[0].value))
            raise click.UsageError(f"--only {','.join(sorted(k.value for k in only))} leaves none of the "
                                   f"differences ({counts or 'moves and renumbering only'}); "
                                   "--allow-empty to exit 0")
        diff = kept
    return diff


def read_warned(arg: str, *, encoding: str | None = None, ocr: bool = False) -> Source:
    """read_input, telling on stderr what the reader should know about how the text was read
    (invalid UTF-8 read with replacement characters, a PDF's failed redactions)."""
    source = read_input(arg, encoding=encoding, ocr=ocr)
    for warning in source.warnings:
        complain(f"warning: {source.path}: {warning}")
    return source


def discovered_config() -> Config:
    path = find_config(".")
    return load_config(path) if path else Config()


def make_options(config: Config, *, strict=None, markers=(), no_default_markers=False, profiles=(),
                 no_detect_profiles=False) -> Options:
    """Command-line flags over config-file settings over defaults."""
    return Options(
        strict=bool(strict if strict is not None else config.strict),
        markers=tuple(markers) + config.markers,
        default_markers=not no_default_markers and config.default_markers is not False,
        furniture=config.furniture,
        detect_furniture=config.detect_furniture is not False,
        profiles=tuple(dict.fromkeys(tuple(profiles) + config.profiles)),
        detect_profiles=not no_detect_profiles and config.detect_profiles is not False,
    )


def show_terminal(draw, color: str, pager: bool | None) -> None:
    """Draw to the terminal; through a pager (as git does) when asked, or by default when stdout is
    a terminal and the output is longer than the screen."""
    console = _console(color)
    if pager is False or (pager is None and not sys.stdout.isatty()):     # not rich's is_terminal: FORCE_COLOR sets it
        draw(console)
        return
    with console.capture() as captured:
        draw(console)
    text = captured.get()
    if pager is None and text.count("\n") < console.size.height:
        sys.stdout.write(text)
        return
    page(text)


def page(text: str) -> None:
    """Send text through $PAGER (default `less`, with LESS=FRX as git sets it: raw colours, quit
    if one screen, no screen clearing)."""
    import shlex
    import subprocess
    command = os.environ.get("PAGER") or "less"
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError) as e:     # ValueError: shlex cannot split it (an unclosed quote)
        if "PAGER" in os.environ:            # the user's choice failed: say so (no less: just print)
            why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            complain(f"PAGER={command!r}: cannot run it ({why}); showing the output without a pager")
        sys.stdout.write(text)
        return
    with contextlib.suppress(BrokenPipeError):
        proc.communicate(text.encode("utf-8", "replace"))


def console_colour(color: str, environ) -> dict:
    """rich Console arguments for `--color` and the environment; the first that applies wins:

    1. `--color always` / `never` (a command-line flag beats the environment, as no-color.org asks);
    2. NO_COLOR (set, not empty): no colour; bold and strike-through stay on a terminal;
    3. FORCE_COLOR (not empty) or CLICOLOR_FORCE (set, not 0): colour even when piped;
    4. CLICOLOR=0: no colour, as NO_COLOR;
    5. colour when stdout is a terminal (not TERM=dumb).

    NO_COLOR beats CLICOLOR_FORCE and FORCE_COLOR: the user's standing "no colour" over a
    "force colour" (the output is then treated as a terminal, so bold and strike-through remain)."""
    forced = bool(environ.get("FORCE_COLOR", "")) or environ.get("CLICOLOR_FORCE", "0") not in ("", "0")
    if color == "never":
        return {"color_system": None}
    if color == "always":
        return {"force_terminal": True, "color_system": "standard", "no_color": False}
    if environ.get("NO_COLOR", ""):
        return {"force_terminal": True if forced else None, "no_color": True}
    if forced:
        return {"force_terminal": True, "no_color": False}
    return {"no_color": environ.get("CLICOLOR") == "0"}


def _console(color: str):
    """The console terminal output is drawn on, coloured as console_colour decides."""
    from rich.console import Console

    class PipeConsole(Console):
        """A reader that stops early (`docdiff old new | head`, git's pager quit) closes stdout:
        raise BrokenPipeError to the command, which knows its exit status, instead of rich's own
        SystemExit(1), which reads as "differences found" (and makes git stop: "external diff died")."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeConsole(markup=False, emoji=False, highlight=False, soft_wrap=False,
                       **console_colour(color, os.environ))


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def run() -> None:
    """Console-script entry point.

    One run of docdiff builds millions of small objects (paragraphs, tokens, spans) that form no
    reference cycles (a few hundred objects from start-up do) and live until the output is
    written: the cyclic garbage collector would walk them again and again for nothing (0.45 s of
    a 5 s comparison of two 10 MB texts; peak memory the same without it). The process ends when
    the command does, so it runs without the collector."""
    gc.disable()
    docdiff.main(prog_name="docdiff")


# the subcommands register themselves on the group
from . import check, gitdiff, history  # noqa: E402,F401

if __name__ == "__main__":
    run()
