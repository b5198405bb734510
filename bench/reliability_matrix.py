"""Rebuild the bad-input and config-attack matrices of the reliability review and check every row.

    PATH=.venv/bin:$PATH python bench/reliability_matrix.py [--docdiff EXE] [--only=TEXT] [--quick] [-v]

Each row runs one docdiff command in a scratch folder (30 s limit, 4 GB address space) and passes
when: the exit code is in the row's expected set (0 same, 1 differences, 2 trouble; never 3, a
timeout or a signal), stderr holds no traceback, an exit 2 says one line (under 2,000 characters),
peak memory stays under the row's bound (1 GB; 256 MB for bombs above the input limit), and every path of
the scratch folder is as before (byte-identical inputs, devices, FIFOs and symlinks kept, no stray
output or temporary file) except the row's own outputs, which must have been written. Inputs are
made as the review describes (docs/reviews/reliability.md of the shared folder, sections 1 and 2,
plus the other exit-3 paths of its defect 18); the expected sets are today's documented behaviour
(README "Usage" and "docdiff check"). Prints a table and exits 1 if any row fails.

Needs Linux, /usr/bin/time (peak memory: a small launcher, so the figure is docdiff's and its
workers', not this script's) and python-docx (a docdiff dependency: run it with the venv's python).
As root, the "unprivileged" rows run without capabilities (setpriv), so file modes apply; the real
/dev/null and /dev/stdout are never -o targets (a private device node and symlink stand in).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import resource
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT, MEM_CAP, MB = 30.0, 4 << 30, 1 << 20
DROP_CAPS = ["setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--"]
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SECRET = "XXE-SECRET-9f3c"          # the file a DOCX external entity names: must never be printed
FAILS = ("Traceback", "internal error")
S = ["docs/limite.txt", "docs/public.txt"]      # the sample pair, in the config rows' folder
J = ["--format", "json"]


@dataclass
class Row:
    case: str
    args: list[str]                 # after `docdiff`
    expect: set[int]
    setup: object = None            # fn(root) making this row's inputs (run once per function)
    cwd: str = "."
    stdin: str | None = None        # a file fed as standard input; "closed": no fd 0 at all
    unprivileged: bool = False      # refused by file modes like any user (root runs it without capabilities)
    env: dict = field(default_factory=dict)
    writes: tuple = ()              # paths (from the scratch root) the command may create or replace
    stdout: bool = False            # the output must reach standard output
    max_mb: int = 1024              # "bounded": peak resident memory
    slow: bool = False              # skipped by --quick


# ---- inputs ---------------------------------------------------------------------------------------

def write(data):
    """A maker writing bytes (or what a function of the path's folder returns) to the path."""
    def make(p: Path):
        p.write_bytes(data(p.parent) if callable(data) else data)
    return make


def pdf(*objs: bytes) -> bytes:
    """A PDF from object bodies 1..n (1 is the catalog), with a correct xref table."""
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
    return bytes(out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


CATALOG, PAGES = b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT_PDF = pdf(CATALOG, PAGES, PAGE, stream(b"BT /F1 12 Tf 72 720 Td (1. Scope: a text layer.) Tj ET"), FONT)


def flate_bomb(mb: int):
    def make(_):
        co, chunk = zlib.compressobj(9), b" " * MB
        data = b"".join(co.compress(chunk) for _ in range(mb)) + co.flush()
        return pdf(CATALOG, PAGES, PAGE, stream(data, b"/Filter /FlateDecode "), FONT)
    return make


def docx_bytes(extra: dict | None = None, bomb_mb: int = 0) -> bytes:
    """A python-docx document, optionally with a footnotes part (defect 13) or a huge document.xml."""
    import docx
    d = docx.Document()
    d.add_paragraph("1. Scope")
    d.add_paragraph("Hello from a Word document.")
    raw = io.BytesIO()
    d.save(raw)
    src, buf = zipfile.ZipFile(io.BytesIO(raw.getvalue())), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml" and bomb_mb:
                with out.open(info.filename, "w", force_zip64=True) as f:
                    for _ in range(bomb_mb):
                        f.write(bytes(MB))
                continue
            if info.filename == "word/_rels/document.xml.rels" and extra:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rF" Type="http://schemas.openxmlformats.'
                                    b'org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                    b"</Relationships>")
            out.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return buf.getvalue()


def footnotes(dtd: str, body: str) -> dict:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return {"word/footnotes.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE w:footnotes [{dtd}]>\n<w:footnotes xmlns:w="{w}">'
                                   f'<w:footnote w:id="1"><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:footnote>'
                                   f"</w:footnotes>").encode()}


XXE = lambda folder: docx_bytes(footnotes(f'<!ENTITY xxe SYSTEM "file://{folder.parent}/secret.txt">', "&xxe;"))
LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))


def zip_of(**files) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


def pair_maker(old, new):
    """Makers of an input and of its edited copy (the size rows compare X with an edited X)."""
    def make(p: Path):
        text = old()
        p.write_text(text)
        p.with_name(p.stem + "-edited.txt").write_text(new(text))
    return make


WORDS = "the council met on tuesday and agreed a text on migration security and borders".split()
LINE20 = lambda rng=random.Random(1): " ".join(rng.choices(WORDS, k=3_600_000))   # 20 MB, no line break
PARAS = lambda: "".join(f"p{i} x.\n\n" for i in range(100_000))
HEADS = lambda: "".join(f"{i}. Heading {i}\n\nText of section {i}.\n\n" for i in range(1, 10_001))


def unreadable(p: Path):
    shutil.copy(SAMPLES / "8700-25-limite.txt", p)
    p.chmod(0)


ACCENTS = "1. Résumé\n\nCafé déjà vu, naïve façade, Zürich.\n\n2. Fin\n\nÉtat des lieux.\n"
T = "1. Scope\n\nThe council met and agreed.\n"
TEXT = {"diff": {1}, "json": {1}, "extract": {0}, "check": {0, 1}}   # a readable input against another text
BAD = dict.fromkeys(TEXT, {2})                                         # refused: one line, exit 2
EITHER = {"diff": {1, 2}, "json": {1, 2}, "extract": {0, 2}, "check": {0, 1, 2}}   # read or refused
DEVICE = {**BAD, **{k: v for k, v in TEXT.items() if k != "check"}}   # /dev/null: empty; check: outside the folder

# case, path (under in/, or absolute), maker, expected codes per command, options
INPUTS = [
    ("missing file", "nosuch.txt", None, BAD, {}),
    ("directory", "adir", Path.mkdir, BAD, {}),
    ("unreadable (chmod 000, unprivileged)", "unreadable.txt", unreadable, BAD, {"unprivileged": True}),
    ("unreadable (chmod 000, as root)", "unreadable.txt", unreadable, TEXT, {}),
    ("PNG", "png.png", write(b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(4096)), BAD, {}),
    ("ELF binary", "elf.bin", write(lambda _: Path("/bin/ls").read_bytes()), BAD, {}),
    ("random bytes", "random.bin", write(random.Random(3).randbytes(100_000)), BAD, {}),
    ("NUL byte inside text", "nul_inside.txt", write(b"1. A\n\nabc\x00def\n"), BAD, {}),
    ("NUL byte after 64 KiB", "nul_late.txt", write(b"1. A\n\n" + b"word " * 20_000 + b"\x00tail\n"), BAD, {}),
    ("invalid UTF-8", "bad_utf8.txt", write(b"1. Title\n\nabc \xff\xfe\xfd def \xc3\x28 ghi\n"), EITHER, {}),
    ("UTF-16 with BOM", "utf16.txt", write(ACCENTS.encode("utf-16")), TEXT, {}),
    ("UTF-16LE no BOM", "utf16le_nobom.txt", write(ACCENTS.encode("utf-16-le")), BAD, {}),
    ("UTF-16BE no BOM", "utf16be_nobom.txt", write(ACCENTS.encode("utf-16-be")), BAD, {}),
    ("UTF-32 with BOM", "utf32.txt", write(ACCENTS.encode("utf-32")), TEXT, {}),
    ("UTF-32LE no BOM", "utf32le_nobom.txt", write(ACCENTS.encode("utf-32-le")), BAD, {}),
    ("cp1252", "cp1252.txt", write((ACCENTS + "“Quoted” – dash.\n").encode("cp1252")), TEXT, {}),
    ("latin-1", "latin1.txt", write(ACCENTS.encode("latin-1")), TEXT, {}),
    ("Shift_JIS", "sjis.txt",
     write("1. 概要\n\n日本語の文書です。テストの段落。\n\n2. 詳細\n\n本文。\n".encode("shift_jis")), TEXT, {}),
    ("mixed line endings", "mixed_eol.txt", write(b"1. A\r\n\r\nline one\rline two\nline three\r\n"), TEXT, {}),
    ("empty file", "empty.txt", write(b""), TEXT, {}),
    ("whitespace only", "blank.txt", write(b" \n\t\n   \n\n"), TEXT, {}),
    ("nested numbering 1.1.1...(59 deep)", "deep_numbers.txt",
     write("".join(f"{'.'.join(['1'] * d)} Title {d}\n\nBody {d}.\n\n" for d in range(1, 60)).encode()), TEXT, {}),
    ("corrupt PDF (random body)", "corrupt.pdf", write(b"%PDF-1.4\n" + random.Random(4).randbytes(20_000)), BAD, {}),
    ("corrupt DOCX (PK + random)", "corrupt.docx", write(b"PK\x03\x04" + random.Random(5).randbytes(20_000)), BAD, {}),
    ("truncated PDF", "truncated.pdf", write(TEXT_PDF[: len(TEXT_PDF) // 2]), BAD, {}),
    ("PDF header only", "header_only.pdf", write(b"%PDF-1.4\n"), BAD, {}),
    ("PDF, cyclic page tree", "cyclic.pdf", write(pdf(CATALOG, PAGES, b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] "
                                                      b"/Count 1 >>")), BAD, {}),
    ("PDF, no text layer", "notext.pdf", write(pdf(CATALOG, PAGES, PAGE, stream(b"0 0 m 100 100 l S"), FONT)), BAD, {}),
    # bombs: below the 512 MB input limit a bomb is an input of that size; above it, refused before it fills memory
    ("PDF flate bomb (300 MB stream)", "flatebomb.pdf", write(flate_bomb(300)), EITHER, {"slow": True}),
    ("PDF flate bomb (700 MB, above the input limit)", "flatebomb700.pdf", write(flate_bomb(700)), BAD,
     {"slow": True, "max_mb": 256}),
    ("ZIP, not DOCX", "notdocx.zip", write(zip_of(hello__txt="hello")), BAD, {}),
    ("ZIP named .docx, not DOCX", "notdocx.docx", write(zip_of(hello__txt="hello")), BAD, {}),
    ("DOCX with only document.xml", "broken.docx", write(lambda _: zip_of(word__document__xml=zipfile.ZipFile(
        io.BytesIO(docx_bytes())).read("word/document.xml"))), BAD, {}),
    ("DOCX zip bomb (400 MB inflated)", "zipbomb.docx", write(lambda _: docx_bytes(bomb_mb=400)), EITHER,
     {"slow": True}),
    ("DOCX zip bomb (700 MB, above the input limit)", "zipbomb700.docx", write(lambda _: docx_bytes(bomb_mb=700)), BAD,
     {"slow": True, "max_mb": 256}),
    ("DOCX footnotes XXE", "xxe.docx", write(XXE), EITHER, {}),
    ("DOCX footnotes billion laughs", "laughs.docx", write(lambda _: docx_bytes(footnotes(LAUGHS, "&l9;"))),
     EITHER, {}),
    ("HTML 200k nested <div>", "divs.html", write(b"<html><body>" + b"<div>" * 200_000 + b"deep text"
                                                   + b"</div>" * 200_000 + b"</body></html>"), TEXT, {}),
    ("HTML 500k nested <span>", "spans.html", write(b"<html><body><p>" + b"<span>" * 500_000 + b"deep text"
                                                     + b"</span>" * 500_000 + b"</p></body></html>"), TEXT, {}),
    ("HTML-ish unclosed comments", "comments.txt", write(b"1. A\n\n<!-- open\n\ntext <!-- again\n\nmore\n"), TEXT, {}),
    ("FIFO (no writer)", "fifo", os.mkfifo, BAD, {}),
    ("/dev/zero", "/dev/zero", None, BAD, {}),
    ("/dev/urandom", "/dev/urandom", None, BAD, {}),
    ("/dev/null", "/dev/null", None, DEVICE, {}),
    ("symlink to a file", "link_file.txt", lambda p: p.symlink_to("limite.txt"), TEXT, {}),
    ("dangling symlink", "link_dangling.txt", lambda p: p.symlink_to("nowhere.txt"), BAD, {}),
    ("symlink loop", "loop1.txt", lambda p: (p.symlink_to("loop2.txt"), p.with_name("loop2.txt").symlink_to(p.name)),
     BAD, {}),
    ("1-line 20 MB (vs an edited copy)", "line20mb.txt",
     pair_maker(LINE20, lambda t: t[:10_000_000] + " edited words here " + t[10_000_000:]), TEXT,
     {"slow": True, "new": "line20mb-edited.txt"}),
    ("100k tiny paragraphs (vs an edited copy)", "paras100k.txt",
     pair_maker(PARAS, lambda t: "".join(f"p{i} x.\n\n" for i in range(100_000) if i % 997)), TEXT,
     {"slow": True, "new": "paras100k-edited.txt"}),
    ("10k headings (vs an edited copy)", "heads10k.txt",
     pair_maker(HEADS, lambda t: t.replace("Text of section 5000.", "Text of section five thousand.")), TEXT,
     {"new": "heads10k-edited.txt"}),
]


def input_rows():
    rows = []
    for case, name, make, codes, opts in INPUTS:
        x = name if name.startswith("/") else f"in/{name}"
        opts = dict(opts)
        new = f"in/{opts.pop('new', 'public.txt')}"
        cfg = f"cfg-{re.sub(r'[^a-z0-9]+', '-', case.lower()).strip('-')}.yml"

        def setup(root, make=make, x=x, new=new, cfg=cfg):
            if make and not os.path.lexists(root / x):
                make(root / x)
            (root / cfg).write_text(f"pairs:\n  - old: {json.dumps(x)}\n    new: {json.dumps(new)}\n")
        commands = {"diff": [x, new, "--no-pager"], "json": [new, x, "--format", "json"], "extract": ["extract", x],
                    "check": ["check", "--no-git", "--config", cfg]}
        rows += [Row(case, args, codes[kind], setup, **opts) for kind, args in commands.items()]
    return rows


# ---- stdin, same path, -o -----------------------------------------------------------------------

def io_setup(root: Path):
    d = root / "io"
    d.mkdir()
    (d / "a.txt").write_text("1. A\n\nx\n")
    (d / "b.txt").write_text("1. A\n\ny\n")
    (d / "png.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    os.link(d / "a.txt", d / "hardlink.txt")
    (d / "symlink.txt").symlink_to("a.txt")
    (d / "existing.json").write_text('{"old": true}\n')
    (d / "readonly.json").write_text('{"old": true}\n')
    (d / "readonly.json").chmod(0o444)
    (d / "ro").mkdir(mode=0o555)
    try:                                # a private node with /dev/null's numbers: never -o the real one as root
        os.mknod(d / "fakenull", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:             # not root: the real one, which a user cannot replace
        (d / "fakenull").symlink_to(os.devnull)
    os.mkfifo(d / "outfifo")
    (d / "mystdout").symlink_to("/proc/self/fd/1")
    (d / ".docdiff.yml").write_text("pairs:\n  - old: a.txt\n    new: b.txt\n")


def io_rows():
    spec = [
        ("stdin as OLD", ["-", "b.txt", *J], {1}, {"stdin": "io/a.txt"}),
        ("stdin as NEW, empty stdin", ["a.txt", "-"], {1}, {}),
        ("stdin binary", ["-", "b.txt"], {2}, {"stdin": "io/png.bin"}),
        ("stdin for both", ["-", "-"], {2}, {}),
        ("extract -", ["extract", "-"], {0}, {"stdin": "io/a.txt"}),
        ("stdin closed (no fd 0)", ["-", "b.txt"], {2}, {"stdin": "closed"}),
        ("same path both", ["a.txt", "a.txt"], {0}, {}),
        ("same file via hard link", ["a.txt", "hardlink.txt"], {0}, {}),
        ("-o onto OLD", ["a.txt", "b.txt", "-o", "a.txt"], {2}, {}),
        ("-o onto NEW via ./", ["a.txt", "b.txt", "-o", "./b.txt", *J], {2}, {}),
        ("-o onto a hard link of OLD", ["a.txt", "b.txt", "-o", "hardlink.txt"], {2}, {}),
        ("-o onto a symlink to OLD", ["a.txt", "b.txt", "-o", "symlink.txt"], {2}, {}),
        ("-o onto OLD given as symlink", ["symlink.txt", "b.txt", "-o", "a.txt"], {2}, {}),
        ("-o onto stdin-fed input file", ["-", "b.txt", "-o", "a.txt"], {2}, {"stdin": "io/a.txt"}),
        ("-o into a missing folder", ["a.txt", "b.txt", "-o", "nodir/sub/out.json", *J], {2}, {}),
        ("-o into read-only folder (unprivileged)", ["a.txt", "b.txt", "-o", "ro/out.json", *J], {2},
         {"unprivileged": True}),
        ("-o onto read-only file (unprivileged)", ["a.txt", "b.txt", "-o", "readonly.json", *J], {2},
         {"unprivileged": True}),
        ("-o into /proc (root)", ["a.txt", "b.txt", "-o", "/proc/out.json", *J], {2}, {}),
        ("-o onto a directory", ["a.txt", "b.txt", "-o", "ro"], {2}, {}),
        ("-o onto existing file", ["a.txt", "b.txt", "-o", "existing.json", *J], {1},
         {"writes": ("io/existing.json",)}),
        ("-o onto a character device (mknod c 1 3)", ["a.txt", "b.txt", "-o", "fakenull", *J], {2}, {}),
        ("-o onto a FIFO", ["a.txt", "b.txt", "-o", "outfifo", *J], {2}, {}),
        ("-o onto symlink to /proc/self/fd/1 (a pipe)", ["a.txt", "b.txt", "-o", "mystdout", *J], {2}, {}),
        ("-o - is standard output", ["a.txt", "b.txt", "-o", "-", *J], {1}, {"stdout": True}),
        ("check -o onto a compared document", ["check", "--no-git", "-o", "b.txt"], {2}, {}),
        ("check -o onto its own config", ["check", "--no-git", "-o", ".docdiff.yml"], {2}, {}),
    ]
    return [Row(case, args, codes, io_setup, cwd="io", **opts) for case, args, codes, opts in spec]


# ---- config attacks -----------------------------------------------------------------------------

def alias_bomb(levels: int) -> str:
    s = "[&a [" + ", ".join(["lol"] * 10) + "]"
    for prev, name in zip("abcdefgh"[: levels - 1], "bcdefghi"[: levels - 1]):
        s += f", &{name} [" + ", ".join([f"*{prev}"] * 10) + "]"
    return s + "]"


REDOS, REDOS2 = "(a+)+$", "(a|a)+$"
AB, CHECK_ONLY = {1}, {0, 1}
# case, config text (None: a directory), codes of `A B --config C --format json`, of `check --config C`, options
# (pair: "redos" compares the two texts holding "aaaa…!"; own: the config names its own pairs; enc: its encoding)
CONFIGS = [
    ("!!python/object/apply (os.system)", 'strict: !!python/object/apply:os.system ["touch pwned"]\n', {2}, {2}, {}),
    ("!!python/name", "strict: !!python/name:os.system\n", {2}, {2}, {}),
    ("!!binary tag", "markers: !!binary aGVsbG8=\n", {2}, {2}, {}),
    ("!!set tag", "markers: !!set {a: null}\n", {2}, {2}, {}),
    ("billion laughs in strict:", f"strict: {alias_bomb(9)}\n", {2}, {2}, {}),
    ("billion laughs in a rule option", f"rules:\n  max-change:\n    document: {alias_bomb(9)}\n", {2}, {2}, {}),
    ("billion laughs in severity", f"rules:\n  max-change:\n    severity: {alias_bomb(9)}\n", {2}, {2}, {}),
    ("billion laughs as markers list", f"markers: {alias_bomb(9)}\n", {2}, {2}, {}),
    ("alias bomb, 6 levels (short message)", f"strict: {alias_bomb(6)}\n", {2}, {2}, {}),
    ("recursive alias", "strict: &a [*a]\n", {2}, {2}, {}),
    ("duplicate key", "strict: true\nstrict: false\n", {2}, {2}, {}),
    ("duplicate key in rules", "rules:\n  max-change: {}\n  max-change: {}\n", {2}, {2}, {}),
    ("unhashable (sequence) key", "? [a]\n: 1\n", {2}, {2}, {}),
    ("unhashable (mapping) key", "{{a: 1}: 2}\n", {2}, {2}, {}),
    ("merge key << (merged)", "rules:\n  max-change: &base {document: 0.9}\n  max-redacted-share:\n    <<: *base\n"
                              "    section: 0.9\n", AB, CHECK_ONLY, {}),
    ("deep nesting [[[...]]] x5000", "markers: " + "[" * 5000 + "]" * 5000 + "\n", {2}, {2}, {}),
    ("deep nesting {a: {a: ...}} x2000", "markers: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", {2}, {2}, {}),
    ("wrong type markers: 5", "markers: 5\n", {2}, {2}, {}),
    ("wrong type strict: 'yes'", "strict: 'yes'\n", {2}, {2}, {}),
    ("wrong type pairs: mapping", "pairs: {old: a.txt, new: b.txt}\n", {2}, {2}, {"own": True}),
    ("wrong type rules: list", "rules: [max-change]\n", {2}, {2}, {}),
    ("rule option out of range", "rules:\n  max-change: {document: 2}\n", {2}, {2}, {}),
    ("rule option .nan", "rules:\n  max-change: {document: .nan}\n", {2}, {2}, {}),
    ("min-words: 0", "rules:\n  redaction-leak: {min-words: 0}\n", {2}, {2}, {}),
    ("min-words: 10**30", f"rules:\n  redaction-leak: {{min-words: {10 ** 30}}}\n", AB, CHECK_ONLY, {}),
    ("terms: [1]", "rules:\n  forbidden-terms: {terms: [1]}\n", {2}, {2}, {}),
    ("top level is a list", "- a\n- b\n", {2}, {2}, {}),
    ("top level is a scalar", "hello\n", {2}, {2}, {}),
    ("empty file", "", AB, {2}, {"own": True}),          # check: names no documents
    ("two YAML documents", "strict: true\n---\nstrict: false\n", {2}, {2}, {}),
    ("tab indentation", "rules:\n\tmax-change: {}\n", {2}, {2}, {}),
    ("pairs template {nam} typo", "pairs:\n  - {new: 'pub/*.txt', old: 'lim/{nam}'}\n", AB, {2}, {"own": True}),
    ("pairs template {0}", "pairs:\n  - {new: 'pub/*.txt', old: 'lim/{0}'}\n", AB, {2}, {"own": True}),
    ("pairs template unbalanced {", "pairs:\n  - {new: 'pub/*.txt', old: 'lim/{name'}\n", AB, {2}, {"own": True}),
    ("pairs template {name.__class__}", "pairs:\n  - {new: 'pub/*.txt', old: 'lim/{name.__class__}'}\n", AB, {2},
     {"own": True}),
    ("pairs path outside root (/etc/hostname)", "pairs:\n  - {old: /etc/hostname, new: docs/public.txt}\n", AB, {2},
     {"own": True}),
    ("pairs path outside root (../)", "pairs:\n  - {old: ../escape.txt, new: docs/public.txt}\n", AB, {2},
     {"own": True}),
    ("pairs path outside root (symlink)", "pairs:\n  - {old: docs/out-link.txt, new: docs/public.txt}\n", AB, {2},
     {"own": True}),
    ("pairs glob on both sides", "pairs:\n  - {new: 'pub/*.txt', old: 'lim/*.txt'}\n", AB, {2}, {"own": True}),
    ("pairs glob matching nothing", "pairs:\n  - {new: 'pubilc/*.txt', old: 'lim/{name}'}\n", AB, {2}, {"own": True}),
    ("huge regex (5 MB literal)", "markers: ['" + "q" * (5 * MB) + "']\n", {1, 2}, {0, 1, 2}, {}),
    ("repetition too large", "markers: ['a{4294967296}']\n", {2}, {2}, {}),
    ("invalid regex", "markers: ['(']\n", {2}, {2}, {}),
    ("inline global flag (?i) in markers", "markers: ['(?i)withheld']\n", {1, 2}, {0, 1, 2}, {}),
    ("named group (?P<m>) in markers", "markers: ['(?P<m>SECRET)']\n", {1, 2}, {0, 1, 2}, {}),
    ("same group name in two markers", "markers: ['(?P<x>A)', '(?P<x>B)']\n", {1, 2}, {0, 1, 2}, {}),
    ("marker matching empty string", "markers: ['x*']\n", AB, CHECK_ONLY, {}),
    ("inline flag (?i) in furniture", "furniture: ['(?i)confidential']\n", AB, CHECK_ONLY, {}),
    ("ReDoS (a+)+$ in markers", f"markers: ['{REDOS}']\n", {1, 2}, {0, 1, 2}, {"pair": "redos"}),
    ("ReDoS (a+)+$ in furniture", f"furniture: ['{REDOS}']\n", {1, 2}, {0, 1, 2}, {"pair": "redos"}),
    ("ReDoS in forbidden-terms patterns", f"rules:\n  forbidden-terms: {{patterns: ['{REDOS}']}}\n", AB, {0, 1, 2},
     {"pair": "redos"}),
    ("ReDoS in protected-sections titles", f"rules:\n  protected-sections: {{titles: ['{REDOS}']}}\n", AB, {0, 1, 2},
     {"pair": "redos"}),
    # (a+)+$ is no trouble for the regex module; (a|a)+$ is, and must meet the documented time budget
    ("ReDoS (a|a)+$ in markers (budget)", f"markers: ['{REDOS2}']\n", {2}, {2}, {"pair": "redos"}),
    ("ReDoS (a|a)+$ in furniture (budget)", f"furniture: ['{REDOS2}']\n", {2}, {2}, {"pair": "redos"}),
    ("ReDoS (a|a)+$ in forbidden-terms (budget)", f"rules:\n  forbidden-terms: {{patterns: ['{REDOS2}']}}\n", AB,
     {2}, {"pair": "redos"}),
    ("non-UTF-8 config (latin-1 bytes)", "markers: ['café']\n", {2}, {2}, {"enc": "latin-1"}),
    ("UTF-16 config with BOM", "strict: false\n", {1, 2}, {0, 1, 2}, {"enc": "utf-16"}),
    ("config is a directory", None, {2}, {2}, {}),
]

# the review's single runs after its table, and the other exit-3 paths of its defect 18: case, args, codes, env
EXTRA = [("--marker (?i)redacted", [*S, "--marker", "(?i)redacted", *J], {1, 2}, {})]
EXTRA += [(f"--encoding {enc}", [*S, "--encoding", enc, *J], codes, {}) for enc, codes in
          [("idna", {1, 2}), ("punycode", {1, 2}), ("utf-7", {1, 2}), ("utf_16", {1, 2}), ("rot13", {2}),
           ("base64", {2})]]
EXTRA += [("--encoding unicode_escape on \\ud800", ["docs/esc.txt", S[1], "--encoding", "unicode_escape", *fmt],
           {1, 2}, {}) for fmt in (["--no-pager"], J)]
EXTRA += [("PAGER that shlex cannot split", [*S, "--pager"], {1, 2}, {"PAGER": "less '"})]
EXTRA += [(f"GITHUB_STEP_SUMMARY={where}", ["check", "--no-git", "--config", "summary.yml", "--format", "github"], {2},
           {"GITHUB_STEP_SUMMARY": where}) for where in (".", "nodir/summary.md")]


def cfg_setup(root: Path):
    d = root / "cfg"
    if d.exists():
        return
    for sub in ("docs", "pub", "lim"):
        (d / sub).mkdir(parents=True)
    shutil.copy(SAMPLES / "8700-25-limite.txt", d / "docs/limite.txt")
    shutil.copy(SAMPLES / "8700-25-public.txt", d / "docs/public.txt")
    (d / "docs/r1.txt").write_text("1. Intro\n\nSome text.\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n")
    (d / "docs/r2.txt").write_text("1. Intro\n\nSome text, edited.\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n")
    (d / "docs/esc.txt").write_text("1. A\n\nbad \\ud800 here\n")
    (d / "docs/out-link.txt").symlink_to("/etc/hostname")
    (d / "pub/x.txt").write_text(T)
    (d / "lim/x.txt").write_text(T.replace("agreed", "agreed on a text"))
    (root / "escape.txt").write_text(T)
    (d / "summary.yml").write_text("pairs:\n  - {old: docs/limite.txt, new: docs/public.txt}\n")


def config_rows():
    rows = []
    for n, (case, text, ab, check, opts) in enumerate(CONFIGS):
        old, new = ("docs/r1.txt", "docs/r2.txt") if opts.get("pair") == "redos" else S
        name, enc = f"c{n:02d}", opts.get("enc", "utf-8")

        def setup(root, name=name, text=text, enc=enc, own=opts.get("own"), old=old, new=new):
            cfg_setup(root)
            a, c = root / f"cfg/{name}.yml", root / f"cfg/{name}-check.yml"
            if text is None:
                a.mkdir(), c.mkdir()
                return
            a.write_bytes(text.encode(enc))
            c.write_bytes((text + ("" if own else f"\npairs:\n  - {{old: {old}, new: {new}}}\n")).encode(enc))
        extra = {k: v for k, v in opts.items() if k in ("slow", "max_mb")}
        rows.append(Row(case, [old, new, "--config", f"{name}.yml", "--format", "json"], ab, setup, cwd="cfg", **extra))
        rows.append(Row(case, ["check", "--no-git", "--config", f"{name}-check.yml"], check, setup, cwd="cfg", **extra))
    for case, args, codes, env in EXTRA:
        rows.append(Row(case, args, codes, cfg_setup, cwd="cfg", env=env))
    return rows


# ---- running ------------------------------------------------------------------------------------

def snapshot(root: Path, cache: dict) -> dict:
    """What every path under root is: a regular file's mode and SHA-256, a link's target, a node's kind."""
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(folder, name)
            st, rel = os.lstat(p), os.path.relpath(p, root)
            if stat.S_ISREG(st.st_mode):
                key = (rel, st.st_ino, st.st_size, st.st_mtime_ns)
                if key not in cache:
                    with open(p, "rb") as f:
                        cache[key] = hashlib.sha256(f.read()).hexdigest()
                out[rel] = ("file", st.st_mode, cache[key])
            elif stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            else:
                out[rel] = (stat.filemode(st.st_mode), st.st_rdev)
    return out


def run(exe: str, row: Row, root: Path) -> dict:
    """Run one row under /usr/bin/time (a small launcher, so the peak is docdiff's and its workers', not
    this script's): exit code, seconds, peak MB, stdout and stderr."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "DOCDIFF_MAX_INPUT_MB", "PAGER")}
    stdin = open(root / row.stdin, "rb") if row.stdin not in (None, "closed") else subprocess.DEVNULL
    meter = root.parent / (root.name + ".rss")
    argv = ["/usr/bin/time", "-f", "%M", "-o", str(meter), *(DROP_CAPS if row.unprivileged and os.geteuid() == 0
                                                             else []),
            *(["sh", "-c", 'exec "$@" <&-', "sh"] if row.stdin == "closed" else []), exe, *row.args]
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=root / row.cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**env, **row.env}, start_new_session=True,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEM_CAP, MEM_CAP)))
    if stdin is not subprocess.DEVNULL:
        stdin.close()
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        rc = "timeout"
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        for pid in children:            # docdiff itself: time then reports its peak and exits
            os.kill(int(pid), signal.SIGKILL)
        proc.wait(10)
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)     # its workers
        out, err = proc.communicate()
    seconds = time.monotonic() - start
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)         # workers left behind, if any
    peak = meter.read_text().split()[-1] if meter.exists() else "0"
    meter.unlink(missing_ok=True)
    return {"rc": rc, "seconds": seconds, "mb": int(peak) / 1024 if peak.isdigit() else 0.0, "out": out,
            "err": err.decode("utf-8", "replace")}


def verdict(row: Row, r: dict, before: dict, after: dict) -> list[str]:
    problems = []
    if r["rc"] not in row.expect:
        problems.append(f"exit {r['rc']}")
    if any(s in r["err"] for s in FAILS):
        problems.append("traceback")
    lines = r["err"].splitlines()
    if r["rc"] == 2 and (len(lines) != 1 or len(r["err"]) > 2000):
        problems.append(f"stderr {len(lines)} lines, {len(r['err']):,} chars")
    if r["mb"] > row.max_mb:
        problems.append(f"memory > {row.max_mb} MB")
    if row.stdout and not r["out"].strip():
        problems.append("nothing on stdout")
    if SECRET in r["err"] or SECRET.encode() in r["out"]:
        problems.append("external entity resolved")
    for path in sorted(set(before) | set(after) | set(row.writes)):
        if before.get(path) != after.get(path) and path not in row.writes:
            what = "new" if path not in before else "gone" if path not in after else "changed"
            problems.append(f"{what}: {path}")
        elif path in row.writes and (path not in after or before.get(path) == after.get(path)):
            problems.append(f"not written: {path}")
    return problems


def message(err: str) -> str:
    """stderr's first line; for a traceback, the exception line."""
    lines = [line for line in err.splitlines() if line.strip()] or ["(stderr empty)"]
    if "Traceback" not in lines[0]:
        return lines[0]
    return next((ln for ln in reversed(lines) if not ln.startswith((" ", "docdiff: internal error"))), lines[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docdiff", default=shutil.which("docdiff"), help="docdiff executable (default: on PATH)")
    ap.add_argument("--only", metavar="TEXT", help="run only rows whose case or command holds TEXT "
                                                  "(--only=-o for a TEXT starting with -)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each row's first stderr line")
    ap.add_argument("--quick", action="store_true", help="skip the slow and big rows (20 MB, bombs, 100k paragraphs)")
    a = ap.parse_args()
    if not a.docdiff:
        sys.exit("reliability_matrix: no docdiff on PATH (use --docdiff EXE)")
    exe = os.path.abspath(a.docdiff) if os.sep in a.docdiff else a.docdiff
    rows = [r for r in input_rows() + io_rows() + config_rows() if not (a.quick and r.slow)
            and (not a.only or a.only.lower() in (r.case + " " + shlex.join(r.args)).lower())]
    root = Path(tempfile.mkdtemp(prefix="docdiff-matrix-"))
    (root / "in").mkdir()
    shutil.copy(SAMPLES / "8700-25-public.txt", root / "in/public.txt")
    shutil.copy(SAMPLES / "8700-25-limite.txt", root / "in/limite.txt")
    (root / "secret.txt").write_text(SECRET + "\n")
    done, cache, failures = set(), {}, []
    print(f"{'case':44} {'command':52} {'expect':>6} {'rc':>7} {'s':>6} {'MB':>7}  verdict")
    try:
        for row in rows:
            cmd = shlex.join(row.args)
            if row.setup not in done:
                row.setup(root)
                done.add(row.setup)
            before = snapshot(root, cache)
            r = run(exe, row, root)
            problems = verdict(row, r, before, snapshot(root, cache))
            expect = "/".join(map(str, sorted(row.expect)))
            print(f"{row.case[:44]:44} {cmd[:52]:52} {expect:>6} {r['rc']!s:>7} {r['seconds']:6.2f} {r['mb']:7.1f}  "
                  + ("FAIL: " + ", ".join(problems) if problems else "PASS"), flush=True)
            if a.verbose:
                print("    " + message(r["err"])[:200])
            if problems:
                failures.append((row, r, problems))
            for path in row.writes:             # a row's own output is not the next row's input
                (root / path).unlink(missing_ok=True)
    finally:
        for p in (root / "in/unreadable.txt", root / "io/ro"):
            if p.exists():
                p.chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)
        (root.parent / (root.name + ".rss")).unlink(missing_ok=True)
    print(f"\n{len(rows) - len(failures)} of {len(rows)} rows pass")
    for row, r, problems in failures:
        print(f"FAIL {row.case}: docdiff {shlex.join(row.args)}\n     expected {sorted(row.expect)}, got {r['rc']} in "
              f"{r['seconds']:.2f} s, {r['mb']:.0f} MB: {', '.join(problems)}\n     stderr: {message(r['err'])[:300]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
