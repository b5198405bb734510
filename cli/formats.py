"""Output formats for `docdiff check` findings: text, github, junit, sarif, json."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any
from urllib.parse import quote_from_bytes

from .. import __version__
from ..diffing.checks import RULES
from ..diffing.errors import message_line, printable
from ..diffing.model import Finding, PairResult, Severity
from ..diffing.serialize import encode_json
from .labels import flatten
from .report_markdown import md

FORMATS = ("text", "github", "junit", "sarif", "json", "jsonl")
INFO_URI = "https://github.com/docdiff/docdiff"


def one_line(s: str) -> str:
    """One line of plain text: whitespace folded, control characters made visible."""
    return flatten(s).strip()


def _findings(results: list[PairResult]) -> list[Finding]:
    return [f for r in results for f in r.findings]


def summary_counts(results: list[PairResult]) -> Counter:
    return Counter(f.severity for f in _findings(results))


def summary_line(results: list[PairResult]) -> str:
    counts = summary_counts(results)
    flagged = sum(1 for r in results if r.findings)
    e, w = counts.get(Severity.ERROR, 0), counts.get(Severity.WARNING, 0)
    if not e and not w:
        return f"docdiff check: no findings in {len(results)} document pair{'s' * (len(results) != 1)}"
    return (f"docdiff check: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} in {flagged} of "
            f"{len(results)} document pair{'s' * (len(results) != 1)}")


def shown_path(path: str) -> str:
    """A file name as it starts a line of the text format: one line (a newline shows as \\n, so it
    cannot forge a finding), and never `::` first, which GitHub Actions would run as a workflow
    command: `./::warning::x.txt` names the same file."""
    shown = printable(path)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def format_text(results: list[PairResult]) -> str:
    return "\n".join(format_text_lines(_findings(results)) + [summary_line(results)]) + "\n"


def format_text_lines(findings: list[Finding]) -> list[str]:
    """`path:line: [severity] message (rule)`, one inert line per finding."""
    return [message_line(f"{shown_path(f.path)}:{f.line}: [{f.severity.value}] {one_line(f.message)} ({f.rule})")
            for f in findings]


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


# GitHub shows at most this many error and this many warning annotations per step (and drops the
# rest silently): more findings than that are printed as plain lines after a notice.
GITHUB_ANNOTATIONS_PER_LEVEL = 10


def format_github(results: list[PairResult]) -> str:
    """Workflow commands, one per finding, errors first; past GitHub's per-step limit of each level a
    notice says how many more there are and they follow as plain text lines. Document text is
    folded to one line and %-escaped, so no part of it can start a line of its own (and so never
    act as a workflow command). In file= a CR or LF is %-escaped as GitHub decodes it (the
    annotation still finds the file); other control characters are shown as escapes, never sent
    raw to the log."""
    shown: list[Finding] = []
    rest: list[Finding] = []
    per_level: Counter[Severity] = Counter()
    for f in sorted(_findings(results), key=lambda f: f.severity is not Severity.ERROR):     # stable sort
        per_level[f.severity] += 1
        (shown if per_level[f.severity] <= GITHUB_ANNOTATIONS_PER_LEVEL else rest).append(f)
    out = [_annotation(f) for f in shown]
    if rest:
        out.append(f"::notice title=docdiff check::{len(rest)} more finding{'s' * (len(rest) != 1)} than GitHub "
                   f"annotates per step: listed below and in the job summary")
        out += format_text_lines(rest)
    return "\n".join(out + [summary_line(results)]) + "\n"


def _annotation(f: Finding) -> str:
    level = "error" if f.severity is Severity.ERROR else "warning"
    props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in
                     (("file", printable(f.path, keep="\r\n")), ("line", f.line), ("col", f.column),
                      ("title", f.rule)))
    return f"::{level} {props}::{_escape_data(one_line(f.message))}"


def github_summary(results: list[PairResult]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the counts and a table of findings (text escaped)."""
    out = ["## docdiff check", "", md(summary_line(results)), ""]
    findings = _findings(results)
    if findings:
        out += ["| file | line | severity | rule | message |", "|---|---:|---|---|---|"]
        out += [f"| {md(printable(f.path))} | {f.line} | {f.severity.value} | {f.rule} | {md(f.message)} |"
                for f in findings]
        out.append("")
    return "\n".join(out) + "\n"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(s: str) -> str:
    """s exactly, but for what XML 1.0 cannot hold (C0 controls other than tab and newlines, lone
    surrogates, U+FFFE, U+FFFF): those become visible escapes (ElementTree escapes <&>)."""
    return _XML_BAD.sub(lambda m: printable(m.group()), s)


def format_junit(results: list[PairResult], *, strict: bool = False) -> str:
    """One <testsuite> per document pair, one <testcase> per enabled rule; error findings (and
    warnings with --strict) are <failure>s, other warnings go to <system-out>."""
    suites = ET.Element("testsuites", name="docdiff check")
    total = failed = 0
    for r in results:
        rules = [s for s in r.pair.rules if s.enabled]
        suite = ET.SubElement(suites, "testsuite", name=_xml(f"{r.pair.old.label} -> {r.pair.new.label}"),
                              tests=str(len(rules)))
        suite_failures = 0
        for settings in rules:
            case = ET.SubElement(suite, "testcase", name=settings.rule, classname=_xml(r.pair.new.path),
                                 file=_xml(r.pair.new.path))
            found = [f for f in r.findings if f.rule == settings.rule]
            failing = [f for f in found if f.severity is Severity.ERROR or strict]
            if failing:
                suite_failures += 1
                failure = ET.SubElement(case, "failure", type=settings.rule, message=_xml(
                    f"{failing[0].path}:{failing[0].line}: {one_line(failing[0].message)}"))
                failure.text = _xml("\n".join(f"{f.path}:{f.line}:{f.column}: [{f.severity.value}] "
                                              f"{one_line(f.message)}" for f in failing))
            rest = [f for f in found if f not in failing]
            if rest:
                out = ET.SubElement(case, "system-out")
                out.text = _xml("\n".join(f"{f.path}:{f.line}:{f.column}: [{f.severity.value}] {one_line(f.message)}"
                                          for f in rest))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += len(rules)
        failed += suite_failures
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def path_uri(path: str) -> str:
    """A path as an RFC 3986 relative reference (SARIF's artifactLocation.uri): every byte but
    unreserved characters and "/" percent-encoded, so `a%0Ab` stays that name, a colon in the
    first segment is no scheme and a space or newline is no break. A name the file system gave
    us with undecodable bytes (surrogate escapes) is encoded as those bytes."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:          # a lone surrogate that no file system produced
        raw = path.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="/")


def format_sarif(results: list[PairResult]) -> str:
    """SARIF 2.1.0: one run, the rules with their documentation, one result per finding."""
    ids = list(RULES)
    rules = [{
        "id": rid,
        "name": "".join(part.capitalize() for part in rid.split("-")),
        "shortDescription": {"text": RULES[rid].summary},
        "fullDescription": {"text": RULES[rid].doc},
        "help": {"text": RULES[rid].doc},
        "defaultConfiguration": {"level": RULES[rid].severity.value},
    } for rid in ids]
    out = []
    for f in _findings(results):
        region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
        if f.passage:
            region["snippet"] = {"text": f.passage}
        out.append({
            "ruleId": f.rule,
            "ruleIndex": ids.index(f.rule),
            "level": f.severity.value,
            "message": {"text": one_line(f.message)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": path_uri(f.path)}, "region": region}}],
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "docdiff", "version": __version__, "informationUri": INFO_URI,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    }
    return encode_json(doc, indent=2) + "\n"


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {"path": f.path, "line": f.line, "column": f.column, "rule": f.rule, "severity": f.severity.value,
            "message": f.message, "passage": f.passage, "old_path": f.old_path}


def _pair_dict(r: PairResult) -> dict[str, Any]:
    return {"old": r.pair.old.label, "new": r.pair.new.label, "from": r.pair.source, "similarity": r.similarity,
            "changes": r.changes, "findings": len(r.findings)}


def _summary(results: list[PairResult], cache: tuple[int, int] | None) -> dict[str, Any]:
    counts = summary_counts(results)
    out: dict[str, Any] = {"pairs": len(results), "errors": counts.get(Severity.ERROR, 0),
                           "warnings": counts.get(Severity.WARNING, 0)}
    if cache is not None:
        out["cache"] = {"hits": cache[0], "misses": cache[1]}
    return out


def format_json(results: list[PairResult], *, cache: tuple[int, int] | None = None) -> str:
    """The JSON report (docdiff-check.schema.json); `cache`: (hits, misses) of a --cache run."""
    doc = {
        "schema_version": 1,
        "summary": _summary(results, cache),
        "pairs": [_pair_dict(r) for r in results],
        "findings": [_finding_dict(f) for f in _findings(results)],
    }
    return encode_json(doc, indent=2) + "\n"


def jsonl_lines(result: PairResult) -> str:
    """The JSON Lines of one pair (docdiff-check-line.schema.json): a `finding` line per finding,
    then its `pair` line; written as each pair finishes."""
    pair = {"old": result.pair.old.label, "new": result.pair.new.label}
    lines = [{"type": "finding", **pair, **_finding_dict(f)} for f in result.findings]
    lines.append({"type": "pair", **_pair_dict(result)})
    return "".join(_one_line_json(line) for line in lines)


def jsonl_summary(results: list[PairResult], *, cache: tuple[int, int] | None = None) -> str:
    """The last line of a JSON Lines report: the counts (a stream cut short has none)."""
    return _one_line_json({"type": "summary", "schema_version": 1, **_summary(results, cache)})


_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")


def _one_line_json(data: dict[str, Any]) -> str:
    """One JSON value on one line, whatever splits it: json escapes \\n and \\r, and the other
    characters str.splitlines() breaks at (NEL, U+2028, U+2029) are escaped here."""
    return _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", encode_json(data)) + "\n"
