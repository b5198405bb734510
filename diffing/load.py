"""Load stage: bytes from disk to text, with encoding detection, newline folding and binary refusal."""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .model import Source

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_source(path: str | Path, *, encoding: str | None = None) -> Source:
    """Read one text file; never modifies it. `encoding` forces a codec instead of detection."""
    return decode_source(read_bytes(path), str(path), encoding=encoding)


DEFAULT_MAX_MB = 512      # an input larger than this is refused (DOCDIFF_MAX_INPUT_MB raises it)


def max_input_bytes() -> int:
    """The input size limit: endless inputs (/dev/zero) must stop with a message, not eat memory."""
    raw = os.environ.get("DOCDIFF_MAX_INPUT_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        raise InputError("DOCDIFF_MAX_INPUT_MB", f"{raw!r} is not a number of megabytes") from None
    return int(mb * 1024 * 1024)


def over_limit(label: str, what: str = "larger") -> InputError:
    """The error for an input (or what it unpacks to) beyond max_input_bytes()."""
    return InputError(label, f"{what} than {max_input_bytes() // (1024 * 1024)} MB (set DOCDIFF_MAX_INPUT_MB to "
                             "raise the limit)")


def read_limited(f: BinaryIO, label: str) -> bytes:
    """Read a stream to its end, refusing more than max_input_bytes()."""
    limit = max_input_bytes()
    data = f.read(limit + 1)
    if len(data) > limit:
        raise over_limit(label)
    return data


def file_kind(mode: int) -> str:
    """What a path names, for messages: "a regular file", "a directory", "a FIFO", "a device"."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one regular input file, or an InputError that says why not (a FIFO, a device
    or a directory is refused: it may never end, or block forever)."""
    p = Path(path)
    if str(path) == os.devnull:        # git passes it for the missing side of an added or deleted file
        return b""
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(str(path), "is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise InputError(str(path), f"is {file_kind(mode)}; pipe it to standard input instead (docdiff - OTHER)")
        with open(p, "rb") as f:
            return read_limited(f, str(path))
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None


def decode_source(data: bytes, path: str, *, encoding: str | None = None) -> Source:
    """Decode raw bytes to a Source; CRLF and CR become \\n so that offsets count code points of that text."""
    bom = False
    warnings: tuple[str, ...] = ()
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise InputError(path, f"not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start})") from None
        used = encoding
        bad = _SURROGATE.search(text)
        if bad:      # only a forced codec (unicode_escape…) makes them; no output could encode them
            raise InputError(path, f"decodes as {used} to a lone surrogate (U+{ord(bad.group()):04X} at character "
                                   f"{bad.start()}), which is not Unicode text; use another --encoding")
    else:
        used = None
        for mark, codec in _BOMS:
            if data.startswith(mark):
                bom, used = True, codec
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError as e:
                    raise InputError(path, f"not valid {codec} after its byte-order mark (offset {e.start})") from None
                text = text.lstrip("\ufeff")
                break
        if used is None:
            if b"\x00" in data:       # the whole input (memchr speed): a NUL far in is binary too
                raise InputError(path, "looks like a binary file (NUL bytes); docdiff compares text")
            try:
                text, used = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError as e:
                text, used, warnings = _decode_not_utf8(data, path, e)
    if _looks_binary(text):
        raise InputError(path, "looks like a binary file (control characters); docdiff compares text")
    crlf, cr = text.count("\r\n"), text.count("\r")
    lf = text.count("\n") - crlf
    newline = "\r\n" if crlf and crlf >= lf else ("\r" if cr - crlf > lf else "\n")
    if cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    assert used is not None       # the encoding given, the byte-order mark's, UTF-8 or the fallback's
    return Source(path=path, text=text, encoding=used, sha256=hashlib.sha256(data).hexdigest(),
                  newline=newline, bom=bom, warnings=warnings)


def _decode_not_utf8(data: bytes, path: str, err: UnicodeDecodeError) -> tuple[str, str, tuple[str, ...]]:
    """Text that is not valid UTF-8: UTF-8 with some damage, or a legacy encoding.

    Where at least as many characters decode as valid multi-byte UTF-8 as there are bad sequences,
    the text is UTF-8 with damage (a stray Windows-1252 quote pasted in): read in a legacy code
    page, every accented letter of it would turn to mojibake ("Ã©" for "é") and differ from the
    previous version. It is read as UTF-8, each bad sequence as U+FFFD, with a warning. Legacy
    texts seldom form valid UTF-8 sequences: running Cyrillic or Greek text next to never, GBK,
    Big5, Shift-JIS or EUC-KR text one per two to seven bad ones (measured on random text)."""
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = len(lenient) - len(lenient.encode("ascii", "ignore")) - lenient.count("\ufffd")
    if good and good >= bad:
        return lenient, "utf-8", (
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}, {bad} bad "
            f"sequence{'s' * (bad != 1)} in all) though {good} other characters are: read as UTF-8 with U+FFFD "
            "for each bad sequence (--encoding NAME reads it otherwise)",)
    return (*_detect(data, path, err), ())


# Below this many bytes outside ASCII a text is too short for charset-normalizer's language
# statistics ("coherence"): the 4 accented letters of "Note de l'équipe : réunion à 14 h, café offert."
# scored mac_latin2 0.56 against Windows-1252 0.0, and "Café “quoted”" came out as cp1125.
SHORT_TEXT_NON_ASCII = 64


def _detect(data: bytes, path: str, err: UnicodeDecodeError) -> tuple[str, str]:
    """Guess a legacy encoding with charset-normalizer; refuse when it cannot tell.

    Windows-1252 is by far the most common legacy encoding of Western text, so it wins unless
    another code page fits better: less mess (chaos) always; higher language coherence only
    in a text long enough for that statistic to mean something. A code page that decodes to the
    same text (charset-normalizer groups those) counts as Windows-1252."""
    where = f"byte 0x{data[err.start]:02x} at offset {err.start}"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        raise InputError(path, f"not valid UTF-8 ({where}); use --encoding") from None
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(path, f"not valid UTF-8 ({where}) and no other text encoding fits; use --encoding")
    best = matches[0]
    western = next((m for m in matches if "cp1252" in (m.encoding, *m.could_be_from_charset)), None)
    if western is not None and western.chaos <= best.chaos + 1e-6:
        short = len(data) - len(data.translate(None, bytes(range(128)))) < SHORT_TEXT_NON_ASCII
        if short or western.coherence >= best.coherence - 1e-6:
            try:
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:      # a byte cp1252 leaves undefined: keep the detector's choice
                pass
    enc = codecs.lookup(best.encoding).name
    return data.decode(enc), enc


def _looks_binary(text: str) -> bool:
    """A NUL anywhere (a forced codec skips the byte check), or more than 1% C0 control characters
    (other than tab, newlines, form feed, ESC) in the first 64 KiB, means not text."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v\x1b")
    return bad > max(2, len(sample) // 100)
