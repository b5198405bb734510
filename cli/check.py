"""`docdiff check`: run the policy rules of .docdiff.yml on the document pairs it names."""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from ..diffing.cache import ResultCache
from ..diffing.checks import INPUT_ERROR, RULES, check_pairs
from ..diffing.config import Config, find_config, load_config, parse_rules
from ..diffing.engines import ENGINES, make_engine
from ..diffing.errors import ConfigError
from ..diffing.model import RuleSettings, Severity
from ..diffing.pairs import resolve_pairs
from . import formats
from .main import CONTEXT, EXIT_DIFFERENT, EXIT_SAME, EXIT_TROUBLE, OCR_HELP, complain, docdiff, make_options
from .output import guard_output, write_output


@docdiff.command("check", context_settings=CONTEXT)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="Config file (default: the nearest .docdiff.yml up to the repository root).")
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="text", show_default=True,
              help="text: path:line: [error] message (rule); github: workflow annotations and a job "
                   "summary; junit: JUnit XML; sarif: SARIF 2.1.0; json; jsonl: one JSON object a line, "
                   "each pair's findings as it finishes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--base", metavar="REV", help="Git documents: compare from REV (default: the merge base with the "
                                            "default branch, or HEAD~1).")
@click.option("--head", metavar="REV", help="Git documents: compare to REV (default: the working tree).")
@click.option("--no-git", is_flag=True, help="Check only the `pairs:` of the config, not git versions.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@click.option("--enable", "enable", multiple=True, metavar="RULE", help="Run this rule too (repeatable).")
@click.option("--disable", "disable", multiple=True, metavar="RULE", help="Do not run this rule (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(0, 256), default=0,
              help="Worker processes of the local engine (default: all cores).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the comparisons run: worker processes here, or a Dask cluster (--scheduler; "
                   "needs the docdiff[dask] extra, and docdiff on the workers).")
@click.option("--scheduler", metavar="ADDRESS", envvar="DASK_SCHEDULER_ADDRESS", show_envvar=True,
              help="The Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786.")
@click.option("--cache", "cache_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Keep each pair's result in DIR, keyed by both inputs' contents, the options, the rules "
                   "and docdiff's version: a run again compares only the pairs that changed.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing on standard output and no progress bar, only set the exit status; errors "
                   "still go to stderr, and -o FILE (and the GitHub job summary) is still written.")
@click.option("--ocr", is_flag=True, help=OCR_HELP)
@click.option("--list-rules", is_flag=True, help="Print every rule with its documentation and exit.")
def check_command(config_path, fmt, output, base, head, no_git, strict, enable, disable, jobs, engine, scheduler,
                  cache_dir, quiet, ocr, list_rules):
    """Check document pairs against the rules of .docdiff.yml: explicit pairs (old/new files),
    pattern pairs (public/*.txt against limite/{name}) and documents changed in git.

    \b
    Exit status:
      0  no error findings
      1  error findings (warnings too with --strict)
      2  trouble: bad config, missing partner file, a Dask scheduler that cannot be reached, or a
         pair that cannot be read or whose Dask worker died on every try (every other pair is
         still checked and its findings reported)
      3  internal error
    """
    if list_rules:
        click.echo(rules_help(), nl=False)
        return
    config = _load(config_path)
    pairs = resolve_pairs(config, git=not no_git, base=base, head=head)
    guard_output(output, [config.path or ""] + [str(Path(ref.root) / ref.path) for p in pairs
                                                for ref in (p.old, p.new) if ref.rev is None])
    overrides = _overrides(enable, disable)
    if overrides:
        pairs = [_with(p, overrides) for p in pairs]
    runner = _engine(engine, scheduler, jobs)
    cache = ResultCache.open(cache_dir) if cache_dir else None
    streamed: list[str] = []          # jsonl: each pair's lines as it finishes (kept for -o FILE)
    sink = (streamed.append if output else _echo) if fmt == "jsonl" and (output or not quiet) else None
    results = _run(pairs, replace(make_options(config), ocr=ocr), runner, cache, progress=not quiet,
                   each=(lambda r: sink(formats.jsonl_lines(r))) if sink else None)
    for warning in (w for r in results for w in r.warnings):
        complain(f"warning: {warning}")
    if cache and not quiet:
        click.echo(f"docdiff check: cache {cache_dir}: {cache.hits} hit{'s' * (cache.hits != 1)}, "
                   f"{cache.misses} miss{'es' * (cache.misses != 1)} (pairs compared)", err=True)
    payload = _report(fmt, results, strict, (cache.hits, cache.misses) if cache else None)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        summary = os.environ["GITHUB_STEP_SUMMARY"]
        try:
            with open(summary, "a", encoding="utf-8") as f:
                f.write(formats.github_summary(results))
        except OSError as e:
            raise ConfigError("GITHUB_STEP_SUMMARY", f"{summary}: cannot append the job summary "
                                                     f"({e.strerror or e})") from None
    if output:
        write_output(output, "".join(streamed) + payload)
    elif not quiet:
        click.echo(payload, nl=False)
    unreadable = [r for r in results if r.error]
    if unreadable:         # every other pair's findings are above; the run itself is trouble
        how = "read" if all(f.rule == INPUT_ERROR for r in unreadable for f in r.findings) else "checked"
        click.echo(f"docdiff check: {len(unreadable)} document pair{'s' * (len(unreadable) != 1)} could not be "
                   f"{how}: {formats.one_line(unreadable[0].error or '')}"
                   + (" (and more above)" if len(unreadable) > 1 else ""), err=True)
        click.get_current_context().exit(EXIT_TROUBLE)
    counts = formats.summary_counts(results)
    failing = counts.get(Severity.ERROR, 0) + (counts.get(Severity.WARNING, 0) if strict else 0)
    click.get_current_context().exit(EXIT_DIFFERENT if failing else EXIT_SAME)


def _load(config_path: str | None) -> Config:
    path = config_path or find_config(".")
    if path is None:
        raise ConfigError(".docdiff.yml", "no config file here or in a parent folder up to the repository "
                                          "root (or name one with --config)")
    config = load_config(path)
    if not config.pairs and not config.git:
        raise ConfigError(str(path), "names no documents: add `pairs:` or `git:`")
    return config


def _overrides(enable, disable) -> dict[str, bool]:
    out = {}
    for rid, on in [(r, True) for r in enable] + [(r, False) for r in disable]:
        if rid not in RULES:
            raise ConfigError(f"--{'enable' if on else 'disable'} {rid}", f"unknown rule (rules: {', '.join(RULES)})")
        out[rid] = on
    return out


def _with(pair, overrides):
    rules = tuple(replace(r, enabled=overrides.get(r.rule, r.enabled)) for r in pair.rules)
    return replace(pair, rules=rules)


def _engine(name: str, scheduler: str | None, jobs: int):
    if scheduler and name != "dask" and click.get_current_context().get_parameter_source("scheduler") \
            is click.core.ParameterSource.COMMANDLINE:      # (DASK_SCHEDULER_ADDRESS may be set for other tools)
        raise click.UsageError("--scheduler is for --engine dask")
    engine = make_engine(name, jobs=jobs or os.cpu_count() or 1, scheduler=scheduler)
    if name == "dask":       # what goes wrong is said in one line or a finding, not in dask's log tracebacks
        logging.disable(logging.CRITICAL)
    return engine


def _echo(text: str) -> None:
    click.echo(text, nl=False)
    sys.stdout.flush()          # a JSON Lines reader sees each pair as it finishes


def _report(fmt: str, results, strict: bool, cache: tuple[int, int] | None) -> str:
    if fmt == "json":
        return formats.format_json(results, cache=cache)
    if fmt == "jsonl":
        return formats.jsonl_summary(results, cache=cache)
    if fmt == "junit":
        return formats.format_junit(results, strict=strict)
    return {"text": formats.format_text, "github": formats.format_github, "sarif": formats.format_sarif}[fmt](results)


def _run(pairs, options, engine, cache, *, progress: bool = True, each=None):
    if not progress or not sys.stderr.isatty() or not pairs:
        return check_pairs(pairs, options, engine=engine, cache=cache, progress=each)
    from rich.console import Console
    from rich.progress import Progress
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("checking", total=len(pairs))

        def advance(result) -> None:
            bar.advance(task)
            if each:
                each(result)
        return check_pairs(pairs, options, engine=engine, cache=cache, progress=advance)


def rules_help() -> str:
    defaults = {r.rule: r for r in parse_rules("rules", None)}
    out = []
    for rid, rule in RULES.items():
        d: RuleSettings = defaults[rid]
        state = "on by default" if d.enabled else "off unless configured"
        out.append(f"{rid}  [{rule.severity.value}, {state}]")
        out += ["    " + line if line else "" for line in rule.doc.splitlines()]
        opts = ", ".join(f"{k}={v!r}" for k, (_, v) in rule.options.items())
        if opts:
            out.append(f"    defaults: {opts}")
        out.append("")
    return "\n".join(out)
