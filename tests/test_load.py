"""Load stage: encodings, BOMs, newlines, binary refusal."""
import codecs

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
