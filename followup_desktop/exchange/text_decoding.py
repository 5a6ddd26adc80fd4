"""Turning the bytes of a contacts file into text, whatever wrote it.

Order of trust: a byte-order mark; UTF-16 without one (NUL bytes in every other
position); strict UTF-8; Shift_JIS when it decodes cleanly and the bytes look like
Japanese text; Windows-1252 as the last resort (it accepts nearly any byte).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from followup_desktop.exchange.records import UnreadableFile

MAX_BYTES = 512 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(
                f"the file is {size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB"
            )
        return path.read_bytes()
    except IsADirectoryError:
        raise UnreadableFile("this is a folder, not a file") from None
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None


def _looks_like_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.4 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _looks_japanese(text: str) -> bool:
    japanese = sum(
        1
        for ch in text
        if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
    )
    return japanese > 0


def detect_encoding(data: bytes) -> str:
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return name
    utf16 = _looks_like_utf16(data)
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        if _looks_japanese(data.decode("shift_jis")):
            return "shift_jis"
    except UnicodeDecodeError:
        pass
    return "cp1252"


def decode(data: bytes) -> str:
    """The text of ``data``; never raises (undecodable bytes become U+FFFD)."""
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    data = read_bytes(path)
    if (
        b"\x00" in data[:4000]
        and _looks_like_utf16(data) is None
        and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    ):
        raise UnreadableFile("this is a binary file, not contacts")
    return decode(data)


def decode_charset(raw: bytes, charset: str) -> str:
    """Bytes of one vCard value in its declared CHARSET (falling back like whole files)."""
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw)
