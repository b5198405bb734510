"""Load stage: encodings, BOMs, newlines, binary refusal."""
import codecs

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
