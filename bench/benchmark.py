"""Speed and memory of docdiff against GNU wdiff and `git diff --word-diff`, measured in one run.

    python bench/benchmark.py                  # the ../shared/bench 10 MB pairs and a 1 MB pair, 3 rounds
    python bench/benchmark.py --sizes 1 --rounds 1 --no-shared
    python bench/benchmark.py --baseline /tmp/old-venv/bin/docdiff   # against an earlier version
    python bench/benchmark.py --no-shared --sizes 1 5 10 25 50 --rounds 1 --plot bench/scaling.svg

Reads the two 10 MB pairs of ../shared/bench (chapter-numbered and flat-numbered headings, the
pairs the issues measure on; decompressed to a temporary folder) and generates a deterministic
pair per --sizes entry (a sectioned, hard-wrapped document and a later version with ~1% of words
edited, ~3% of paragraphs redacted, some paragraphs added and removed, re-wrapped lines). Every
tool runs on the same files in interleaved rounds; it prints wall time (median), peak memory and
the ratios docdiff / wdiff (`wdiff -3`) and docdiff / git. Machines here are noisy: compare the
ratios, which are taken within the same round, not the absolute times.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

WORDS = ("the of and to in a is that for on as with by be this are from or an at shall may member state "
         "council regulation article paragraph provided information authority measures including "
         "security border data cooperation within where such other which any their under".split())
RARE = [f"{a}{b}" for a in ("pro", "con", "inter", "trans", "sub", "re", "de", "pre") for b in
        ("vision", "cession", "mission", "lation", "fection", "tention", "jection", "duction", "scription")]


def make_document(size: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    sections, total, n = [], 0, 0
    while total < size:
        n += 1
        paras = []
        for _ in range(rng.randint(3, 9)):
            sentences = []
            for _ in range(rng.randint(2, 6)):
                words = [rng.choice(WORDS) if rng.random() < 0.8 else rng.choice(RARE)
                         for _ in range(rng.randint(8, 30))]
                sentences.append(" ".join(words).capitalize() + ".")
            para = " ".join(sentences)
            paras.append(para)
            total += len(para) + 2
        sections.append((f"{n}. Section {n} on {rng.choice(RARE).capitalize()}", paras))
    return sections


def edit(sections, rng: random.Random):
    out = []
    for title, paras in sections:
        new = []
        for p in paras:
            r = rng.random()
            if r < 0.03:
                new.append("DELETED")
            elif r < 0.04:
                continue
            elif r < 0.05:
                new.append(p)
                new.append("An added paragraph about " + " ".join(rng.choice(RARE) for _ in range(20)) + ".")
            else:
                words = p.split(" ")
                for _ in range(max(0, int(len(words) * 0.01 + rng.random()))):
                    words[rng.randrange(len(words))] = rng.choice(RARE)
                new.append(" ".join(words))
        out.append((title, new))
    return out


def render(sections, width: int) -> str:
    parts = []
    for title, paras in sections:
        parts.append(title)
        parts += ["\n".join(textwrap.wrap(p, width)) for p in paras]
    return "\n\n".join(parts) + "\n"


def make_pair(folder: Path, mb: int) -> tuple[Path, Path]:
    rng = random.Random(mb)
    doc = make_document(mb * 1_000_000, rng)
    old, new = folder / f"old-{mb}mb.txt", folder / f"new-{mb}mb.txt"
    old.write_text(render(doc, 72), encoding="utf-8")
    new.write_text(render(edit(doc, rng), 78), encoding="utf-8")
    return old, new


SHARED_BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def shared_pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """The ../shared/bench pairs, decompressed into folder (skipped with a note when absent)."""
    import lzma
    out = []
    for name in ("big10c", "big10m"):
        old, new = SHARED_BENCH / f"{name}-old.txt.xz", SHARED_BENCH / f"{name}-new.txt.xz"
        if not (old.exists() and new.exists()):
            print(f"{SHARED_BENCH} has no {name} pair: skipped", file=sys.stderr)
            continue
        paths = []
        for src in (old, new):
            target = folder / src.name[:-3]
            target.write_bytes(lzma.decompress(src.read_bytes()))
            paths.append(target)
        out.append((name, paths[0], paths[1]))
    return out


def measure(cmd: list[str], tree: bool = False) -> tuple[float, int, int]:
    """Wall seconds, peak memory in MB and exit code of one run, output discarded. The peak is the
    process's own peak RSS; with `tree`, at least the proportional set size (PSS) of its whole
    process tree, sampled every 20 ms: a tool that works in two processes at once (wdiff runs
    diff; docdiff reads long versions in a forked child) is charged for both, and the pages a
    forked child shares with its parent are counted once. Sampling costs CPU, so the timed rounds
    run without it and the memory figure comes from a run of its own."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            tree_peak[0] = max(tree_peak[0], tree_pss_kb(proc.pid))
    sampler = threading.Thread(target=sample, daemon=True) if tree else None
    if sampler is not None:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if sampler is not None:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    # exit 1 means "the files differ" for all three tools, but Python also exits 1 on a crash
    if proc.returncode not in (0, 1) or "Traceback (most recent call last)" in err:
        raise SystemExit(f"{cmd[0]} failed with {proc.returncode}: {err[-500:]}")
    return wall, max(usage.ru_maxrss, tree_peak[0]) // 1024, proc.returncode


def tree_pss_kb(pid: int) -> int:
    """Proportional set size in kB of a process and all its descendants now (0 where /proc does not
    say: off Linux the figure is the process's own peak RSS)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += map(int, f.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def main() -> None:
    # A child's peak RSS includes the memory of the process it was forked from (Linux keeps the
    # high-water mark across exec), and this script holds the generated documents. So every tool
    # is started by a launcher forked now, while this process is still small; its own size is
    # printed as the floor under every peak figure.
    launcher = multiprocessing.get_context("fork").Pool(1)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1], help="generated pair sizes in MB")
    ap.add_argument("--no-shared", action="store_true", help="leave out the ../shared/bench pairs")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the generated pairs in this folder")
    ap.add_argument("--plot", type=Path, metavar="SVG",
                    help="draw time and peak memory against size for the generated pairs (--sizes) into SVG")
    ap.add_argument("--baseline", metavar="EXE",
                    help="another docdiff executable (an earlier version installed in its own venv), "
                         "timed in the same rounds: the ratio says whether a change made docdiff slower")
    args = ap.parse_args()
    docdiff = shutil.which("docdiff") or sys.exit("docdiff is not on PATH (pip install .)")
    tools = {"docdiff": lambda o, n: [docdiff, str(o), str(n), "--format", "json"]}
    if args.baseline:
        baseline = shutil.which(args.baseline) or sys.exit(f"{args.baseline}: not found")
        tools["baseline"] = lambda o, n: [baseline, str(o), str(n), "--format", "json"]
    if shutil.which("wdiff"):
        tools["wdiff"] = lambda o, n: ["wdiff", "-3", str(o), str(n)]
    else:
        print("wdiff not found (apt-get install wdiff): its column is left out", file=sys.stderr)
    if shutil.which("git"):
        tools["git"] = lambda o, n: ["git", "diff", "--no-index", "--word-diff=porcelain", str(o), str(n)]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="docdiff-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    floor = launcher.apply(measure, (["true"],))[1]
    print(f"peak memory includes a floor of {floor} MB (the launcher's own size)")
    print(f"{'pair':>8} {'tool':>8} {'wall s':>8} {'peak MB':>8}   ratios (docdiff / tool, same rounds)")
    results = {}
    pairs = [(f"{mb}MB", *make_pair(folder, mb)) for mb in args.sizes]
    if not args.no_shared:
        pairs += shared_pairs(folder)
    for label, old, new in pairs:
        times = {t: [] for t in tools}
        rss = {t: 0 for t in tools}
        ratios = {t: [] for t in tools if t != "docdiff"}
        base_ratio: list[float] = []
        for _ in range(args.rounds):
            round_times = {}
            for name, cmd in tools.items():
                wall, peak, _ = launcher.apply(measure, (cmd(old, new),))
                round_times[name] = wall
                times[name].append(wall)
                rss[name] = max(rss[name], peak)
            for name in ratios:
                ratios[name].append(round_times["docdiff"] / round_times[name])
            if "baseline" in tools and "wdiff" in tools:
                base_ratio.append(round_times["baseline"] / round_times["wdiff"])
        for name, cmd in tools.items():          # memory of the whole process tree, in an untimed run
            rss[name] = max(rss[name], launcher.apply(measure, (cmd(old, new), True))[1])
        for name in tools:
            extra = ""
            if name != "docdiff":
                extra = f"   docdiff/{name} = {statistics.median(ratios[name]):.2f}x"
            if name == "baseline" and base_ratio:
                extra += f"   (baseline/wdiff = {statistics.median(base_ratio):.2f}x)"
            print(f"{label:>8} {name:>8} {statistics.median(times[name]):8.2f} {rss[name]:8d}{extra}")
        results[label] = {name: (statistics.median(times[name]), rss[name]) for name in tools}
    sized = [(mb, results[f"{mb}MB"]) for mb in sorted(set(args.sizes))]
    if len(sized) > 1:
        print("seconds per MB (docdiff, wdiff): " + ", ".join(
            f"{mb} MB {r['docdiff'][0] / mb:.2f}" + (f"/{r['wdiff'][0] / mb:.2f}" if "wdiff" in r else "")
            for mb, r in sized))
    if args.plot:
        write_plot(args.plot, sized, floor)
        print(f"plot written to {args.plot}")
    launcher.close()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


COLOURS = {"docdiff": "#c0392b", "baseline": "#8e44ad", "wdiff": "#2471a3", "git": "#7f8c8d"}


def write_plot(path: Path, sized: list[tuple[int, dict[str, tuple[float, int]]]], floor: int) -> None:
    """Two panels, wall seconds and peak MB against the generated pair's size, one line per tool
    (a plain SVG: no plotting library to install)."""
    width, height, pad = 360, 260, 48
    names = [n for n in COLOURS if all(n in r for _, r in sized)]
    max_mb = max(mb for mb, _ in sized)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">', f'<rect width="{2 * width}" height="{height}" fill="white"/>']
    for panel, (what, unit, idx) in enumerate((("wall time", "s", 0), ("peak memory", "MB", 1))):
        x0 = panel * width + pad
        top = max(r[n][idx] for _, r in sized for n in names) * 1.1 or 1
        def px(mb, v, x0=x0, top=top):
            return x0 + (mb / max_mb) * (width - 1.5 * pad), height - pad - (v / top) * (height - 1.7 * pad)
        right = x0 + width - 1.5 * pad
        out.append(f'<text x="{x0}" y="16" font-weight="bold">{what} ({unit}) against size (MB)</text>')
        out.append(f'<line x1="{x0}" y1="{height - pad}" x2="{right}" y2="{height - pad}" stroke="black"/>')
        out.append(f'<line x1="{x0}" y1="{height - pad}" x2="{x0}" y2="{pad * 0.7}" stroke="black"/>')
        for mb, _ in sized:
            x, _y = px(mb, 0)
            out.append(f'<text x="{x:.1f}" y="{height - pad + 14}" text-anchor="middle">{mb}</text>')
        for k in range(5):
            v = top * k / 4
            _x, y = px(0, v)
            out.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">{v:.3g}</text>')
        for row, n in enumerate(names):
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (px(mb, r[n][idx]) for mb, r in sized))
            out.append(f'<polyline points="{pts}" fill="none" stroke="{COLOURS[n]}" stroke-width="2"/>')
            for mb, r in sized:
                x, y = px(mb, r[n][idx])
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[n]}"/>')
            out.append(f'<text x="{x0 + 10}" y="{pad * 0.7 + 14 * (row + 1)}" fill="{COLOURS[n]}">{n}</text>')
    out.append(f'<text x="{pad}" y="{height - 8}">peak memory includes the launcher\'s {floor} MB floor</text>')
    out.append("</svg>")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("\n".join(out) + "\n", encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    main()
