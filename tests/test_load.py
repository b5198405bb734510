"""Load stage: encodings, BOMs, newlines, binary refusal."""
import codecs
import json
import os

import pytest

from docdiff.diffing.errors import InputError
from docdiff.diffing.load import decode_source, read_source


@pytest.mark.parametrize("data, text, encoding", [
    (b"caf\xc3\xa9\n", "caf\u00e9\n", "utf-8"),
    (codecs.BOM_UTF8 + b"caf\xc3\xa9", "caf\u00e9", "utf-8-sig"),
    ("caf\u00e9".encode("utf-16"), "caf\u00e9", "utf-16"),
    (b"a\r\nb\r\n", "a\nb\n", "utf-8"),
    (b"a\rb\r", "a\nb\n", "utf-8"),
    (b"", "", "utf-8"),
], ids=["utf8", "utf8-bom", "utf16-bom", "crlf", "cr", "empty"])
def test_decodes_text_and_folds_newlines(data, text, encoding):
    src = decode_source(data, "x.txt")
    assert src.text == text
    assert src.encoding == encoding


def test_legacy_encoding_is_detected():
    data = ("The Council\u2019s \u201cnote\u201d on migration \u2013 r\u00e9sum\u00e9 and na\u00efve "
            "wording, repeated so the detector has enough text. " * 8).encode("cp1252")
    src = decode_source(data, "legacy.txt")
    assert "\u201cnote\u201d" in src.text
    assert src.encoding in ("cp1252", "windows-1252")


@pytest.mark.parametrize("text", [
    "Caf\u00e9 \u201cquoted\u201d",
    "The caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u201cquoted\u201d text.\n",
    "Note de l\u2019\u00e9quipe : r\u00e9union \u00e0 14 h, caf\u00e9 offert.\n",
    "Gr\u00fc\u00dfe aus M\u00fcnchen \u2013 bis bald!\n",
    "He said \u201cyes\u201d \u2013 it\u2019s done\u2026\n",
    "\u00c9\u00e9n caf\u00e9, twee idee\u00ebn.\n",
    "Price: 20 \u20ac (approx.)\n",
    "\u00bfD\u00f3nde est\u00e1 el ni\u00f1o? Se\u00f1or Mu\u00f1oz.\n",
], ids=["cafe-quoted", "review-sentence", "french-note", "german", "english-quotes", "dutch", "euro", "spanish"])
def test_short_windows_1252_text_is_read_as_windows_1252(text):
    """Too short for language statistics: charset-normalizer alone read these as cp1125, cp775 or
    mac_latin2, or named another code page that happens to decode them alike."""
    src = decode_source(text.encode("cp1252"), "short.txt")
    assert (src.text, src.encoding) == (text, "cp1252")


@pytest.mark.parametrize("text, encoding", [
    ("\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? "
     "\u0412\u0441\u0451 \u0445\u043e\u0440\u043e\u0448\u043e.\n", "cp1251"),
    ("P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl "
     "\u010f\u00e1belsk\u00e9 \u00f3dy.\n", "cp1250"),
    ("\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03ba\u03cc\u03c3\u03bc\u03b5.\n", "cp1253"),
], ids=["russian-cp1251", "czech-cp1250", "greek-cp1253"])
def test_short_text_in_another_code_page_is_not_forced_to_windows_1252(text, encoding):
    src = decode_source(text.encode(encoding), "short.txt")
    assert (src.text, src.encoding) == (text, encoding)


def test_forced_encoding_error_names_the_byte():
    with pytest.raises(InputError, match=r"x.txt: not valid utf-8 \(byte 0x92 at offset 3\)"):
        decode_source(b"abc\x92", "x.txt", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "html", "markdown", "terminal"])
def test_a_forced_codec_that_yields_lone_surrogates_is_refused(tmp_path, fmt):
    """`\\ud800` read as unicode_escape is no Unicode text: refused at load (exit 2, naming the
    file), never a crash in an output that cannot encode it."""
    from click.testing import CliRunner

    from docdiff.cli.main import docdiff
    (tmp_path / "a.txt").write_text("1. A\n\nx\n", encoding="utf-8")
    (tmp_path / "s.txt").write_text("1. A\n\n\\ud800 y\n", encoding="utf-8")
    os.chdir(tmp_path)
    r = CliRunner().invoke(docdiff, ["a.txt", "s.txt", "--encoding", "unicode_escape", "--format", fmt])
    assert r.exit_code == 2, r.output
    assert r.stderr == ("docdiff: s.txt: decodes as unicode_escape to a lone surrogate (U+D800 at character 6), "
                        "which is not Unicode text; use another --encoding\n")


@pytest.mark.parametrize("at", [10, 70_000, 3_000_000], ids=["start", "after-64k", "after-3mb"])
@pytest.mark.parametrize("encoding", [None, "utf-8", "latin-1"], ids=["detected", "utf8", "latin1"])
def test_a_nul_byte_anywhere_is_binary(at, encoding):
    data = b"plain text line\n" * (at // 16) + b"\x00" + b"more text\n" * 100
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_source(data, "x.txt", encoding=encoding)


GERMAN = "1. \u00dcberblick\n\nDie Ma\u00dfnahmen f\u00fcr Grenz\u00fcberg\u00e4nge wurden gepr\u00fcft.\n\n"
DAMAGED = GERMAN.encode("utf-8") + b"Ein verirrtes \x92 Zeichen und \xc3\x28 hier.\n"


def test_damaged_utf8_is_read_as_utf8_with_a_warning():
    """Mostly UTF-8 with a few bad bytes: not a legacy code page (every umlaut would be mojibake),
    but UTF-8 with U+FFFD for the bad bytes, and the reader is told."""
    src = decode_source(DAMAGED, "x.txt")
    assert src.encoding == "utf-8"
    assert src.text == GERMAN + "Ein verirrtes \ufffd Zeichen und \ufffd( hier.\n"
    assert src.warnings == ("not valid UTF-8 (byte 0x92 at offset 84, 2 bad sequences in all) though 6 "
                            "other characters are: read as UTF-8 with U+FFFD for each bad sequence (--encoding "
                            "NAME reads it otherwise)",)


@pytest.mark.parametrize("data", [
    b"caf\xe9\n", b"Na\xefve r\xe9sum\xe9 \x93quoted\x94 \x96 dash\n", b"A \xff\xfe\xfd B \xc3\x28 C\n",
    "Grenz\u00fcberg\u00e4nge gepr\u00fcft, \u201eGr\u00fc\u00dfe\u201c\n".encode("cp1252"),
    "\u00abMIR\u00bb \u041f\u0440\u0438\u0432\u0435\u0442 \u00ab\u041c\u0418\u0420\u00bb\n".encode("cp1251"),
    ("\u653f\u5e9c\u5de5\u4f5c\u62a5\u544a\u6307\u51fa\uff0c\u8fb9\u5883\u7ba1\u7406\u5408\u4f5c"
     "\u5c06\u7ee7\u7eed\u52a0\u5f3a\u3002\n" * 3).encode("gbk"),
], ids=["cafe", "french-quotes", "review-bytes", "german", "russian-caps", "gbk"])
def test_legacy_texts_are_not_taken_for_damaged_utf8(data):
    src = decode_source(data, "x.txt")
    assert src.encoding != "utf-8" and src.warnings == ()


def test_the_cli_warns_about_damaged_utf8_and_diffs_only_the_change(tmp_path):
    from click.testing import CliRunner

    from docdiff.cli.main import docdiff
    (tmp_path / "old.txt").write_bytes(DAMAGED.replace(b"hier", b"dort"))
    (tmp_path / "new.txt").write_bytes(DAMAGED)
    os.chdir(tmp_path)
    r = CliRunner().invoke(docdiff, ["old.txt", "new.txt", "--format", "json"])
    assert r.exit_code == 1, r.output
    assert r.stderr.count("docdiff: warning: ") == 2 and "docdiff: warning: new.txt: not valid UTF-8" in r.stderr
    changes = [c for s in json.loads(r.stdout)["sections"] for c in s["changes"]]
    assert [(c["kind"], c["old"]["text"], c["new"]["text"]) for c in changes] == [("modified", "dort", "hier")]
    (tmp_path / ".docdiff.yml").write_text("pairs:\n  - old: old.txt\n    new: new.txt\n", encoding="utf-8")
    r = CliRunner().invoke(docdiff, ["check", "--no-git", "--jobs", "2"])       # told from a worker too
    assert r.exit_code == 0 and r.stderr.count("docdiff: warning: ") == 2
    assert "docdiff: warning: new.txt: not valid UTF-8 (byte 0x92 at offset 84" in r.stderr


def test_binary_is_refused(tmp_path):
    p = tmp_path / "img.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        read_source(p)


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "is a directory"),
], ids=["missing", "directory"])
def test_unreadable_inputs_give_one_line(tmp_path, make, message):
    with pytest.raises(InputError) as e:
        read_source(make(tmp_path))
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_reading_never_modifies_the_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"x\r\ny\r\n")
    read_source(p)
    assert p.read_bytes() == b"x\r\ny\r\n"
