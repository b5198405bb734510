"""Never worse than a flat word diff: docdiff's changed share against GNU wdiff's, pair by pair.

    python bench/flatdiff.py                   # the corpus pairs (needs wdiff: apt-get install wdiff)
    python bench/flatdiff.py OLD NEW ...       # any pairs

For each pair, the share of each version's words that docdiff reports inside a change (removed,
modified or redacted on the old side; added, modified or revealed on the new side; moved passages
count as kept) is set beside the share GNU wdiff reports as deleted or changed (old) and inserted
or changed (new), both counted on wdiff's own words (white-space separated), with the same page
furniture left out. A structure-aware diff should never report more as changed than a flat one
by more than a few points; pairs that do are marked.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from docdiff.diffing import compare_files  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SLACK = 0.05            # "a few points"
PAIRS = [
    ("licence-version-pairs/gpl/v1.txt", "licence-version-pairs/gpl/v2.txt"),
    ("licence-version-pairs/lgpl/v1.txt", "licence-version-pairs/lgpl/v2.txt"),
    ("licence-version-pairs/eupl/v1.txt", "licence-version-pairs/eupl/v2.txt"),
    ("licence-version-pairs/epl/v1.txt", "licence-version-pairs/epl/v2.txt"),
    ("github-terms-of-service-series/v00.md", "github-terms-of-service-series/v07.md"),
    ("github-terms-of-service-series/v03.md", "github-terms-of-service-series/v04.md"),
    ("ietf-web-linking-txt-series/v05.txt", "ietf-web-linking-txt-series/v06.txt"),
    ("ietf-web-linking-txt-series/v10.txt", "ietf-web-linking-txt-series/v11.txt"),
    ("ietf-web-linking-txt-series/v11.txt", "ietf-web-linking-txt-series/v21.txt"),
    ("us-senate-cia-torture-report-markers/v0.md", "us-senate-cia-torture-report-markers/v1.md"),
]
_STATS = re.compile(r"(\d+) words\s+(\d+) (\d+)% common\s+(\d+) (\d+)% (?:deleted|inserted)\s+(\d+) (\d+)% changed")
OLD_KINDS = {"removed", "modified", "redacted"}
NEW_KINDS = {"added", "modified", "revealed"}


def wdiff_shares(old_text: str, new_text: str) -> tuple[float, float]:
    """wdiff -s: (deleted+changed share of old words, inserted+changed share of new words)."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "old"), Path(tmp, "new")
        a.write_text(old_text, encoding="utf-8")
        b.write_text(new_text, encoding="utf-8")
        out = subprocess.run(["wdiff", "-s", "-1", "-2", "-3", str(a), str(b)], capture_output=True, text=True).stdout
    stats = _STATS.findall(out)
    (o_words, _, _, o_del, _, o_chg, _), (n_words, _, _, n_ins, _, n_chg, _) = stats[-2:]
    return (int(o_del) + int(o_chg)) / max(1, int(o_words)), (int(n_ins) + int(n_chg)) / max(1, int(n_words))


def without_furniture(doc) -> str:
    """The text with the page furniture docdiff set aside left out (wdiff gets the same words)."""
    text, parts, pos = doc.text, [], 0
    for f in doc.layout.furniture:
        parts.append(text[pos:f.start])
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def docdiff_shares(diff) -> tuple[float, float]:
    """Words inside changes over all words, per side, furniture left out."""
    def share(doc, kinds, side):
        marks = bytearray(len(doc.text))
        for c in diff.changes:
            sp = getattr(c, side)
            if sp is not None and c.kind.value in kinds:
                marks[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
        for f in doc.layout.furniture:
            marks[f.start:f.end] = b"\x02" * (f.end - f.start)
        words = changed = 0
        for m in re.finditer(r"\S+", doc.text):
            if marks[m.start()] == 2:
                continue
            words += 1
            changed += 1 in marks[m.start():m.end()]
        return changed / max(1, words)
    return share(diff.old, OLD_KINDS, "old"), share(diff.new, NEW_KINDS, "new")


def compare_pair(old: Path, new: Path) -> tuple[float, float, float, float]:
    diff = compare_files(str(old), str(new))
    d_old, d_new = docdiff_shares(diff)
    w_old, w_new = wdiff_shares(without_furniture(diff.old), without_furniture(diff.new))
    return d_old, w_old, d_new, w_new


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", help="OLD NEW pairs (default: corpus pairs)")
    args = ap.parse_args()
    if shutil.which("wdiff") is None:
        print("wdiff is not installed (apt-get install wdiff)")
        return 2
    pairs = [(Path(a), Path(b)) for a, b in zip(args.paths[::2], args.paths[1::2])] or \
        [(CORPUS / a, CORPUS / b) for a, b in PAIRS]
    worst = 0.0
    print(f"{'pair':60} {'docdiff old':>11} {'wdiff old':>9} {'docdiff new':>11} {'wdiff new':>9}")
    for old, new in pairs:
        if not (old.exists() and new.exists()):
            print(f"skip {old} {new} (absent)")
            continue
        d_old, w_old, d_new, w_new = compare_pair(old, new)
        excess = max(d_old - w_old, d_new - w_new)
        worst = max(worst, excess)
        flag = "  <- more than wdiff + 5 points" if excess > SLACK else ""
        name = f"{old.parent.name}/{old.name} -> {new.name}"
        print(f"{name:60} {d_old:11.1%} {w_old:9.1%} {d_new:11.1%} {w_new:9.1%}{flag}")
    print(f"largest excess over wdiff: {worst * 100:+.1f} points")
    return 0 if worst <= SLACK else 1


if __name__ == "__main__":
    sys.exit(main())
