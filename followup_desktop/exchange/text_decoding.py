"""Turning the bytes of a contacts file into text, whatever wrote it.

Order of trust: a byte-order mark; UTF-16 without one (NUL bytes in every other
position); strict UTF-8; UTF-8 but for a few stray bytes (its letters outnumber them:
each stray byte is read as U+FFFD and said, rather than every accented name mangled);
Shift_JIS when it decodes cleanly *and* reads as Japanese rather than as accented
Western text; then a legacy single-byte code page, which accepts any byte. Detection streams over the file in chunks, so a large file is never held in
memory whole, and both importers share this one implementation.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from followup_desktop.exchange.records import UnreadableFile

SNIFF_BYTES = 4096
CHUNK_BYTES = 1 << 20
# Windows-31J (cp932) is what Japanese Windows, and every browser, means by "Shift_JIS":
# a superset with the NEC/IBM extensions that real address books contain.
SHIFT_JIS = "cp932"
CHARSET_ALIASES = {
    "shift_jis": SHIFT_JIS,
    "shift-jis": SHIFT_JIS,
    "sjis": SHIFT_JIS,
    "x-sjis": SHIFT_JIS,
    "ms_kanji": SHIFT_JIS,
    "windows-31j": SHIFT_JIS,
    # As in browsers: files labelled Latin-1 are nearly always Windows-1252.
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
}
# UTF-32 first: its little-endian mark starts with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WIDE_ENCODINGS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32"}
LATIN1_FALLBACK = "followup-latin1-fallback"
# C0 controls other than tab, line breaks, form feed, SUB (old DOS end of file) and ESC.
_BINARY_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x1A)) + bytes(range(0x1C, 0x20))

# Kana needs a two-byte sequence whose lead (0x82/0x83) is rare punctuation in cp1252, so
# it is strong evidence of Japanese; half-width katakana is not (it is cp1252's À-ß).
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_HIGH = re.compile(r"[^\x00-\x7f]")
_HIGH_LETTER = re.compile(r"(?![\x00-\x7f])[^\W\d_]")
# What a byte that is not UTF-8 becomes with errors="surrogateescape".
_STRAY = re.compile(r"[\udc80-\udcff]")
REPLACED = "\ufffd"


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    # cp1250/cp1252 leave a few bytes undefined; Latin-1 maps every byte, so nothing is lost.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(LATIN1_FALLBACK, _latin1_for_undefined)


def codec_name(charset: str) -> str:
    """The Python codec for a declared charset label (LookupError if unknown)."""
    label = charset.strip().strip("\"'").lower()
    return CHARSET_ALIASES.get(label) or codecs.lookup(label).name


# What a path that is not a regular file is, for the one line that refuses it.
_NOT_FILES = (
    (stat.S_ISDIR, "this is a folder, not a file"),
    (stat.S_ISFIFO, "this is a named pipe, not a file: save the contacts to a file first"),
    (stat.S_ISSOCK, "this is a socket, not a file"),
    (stat.S_ISCHR, "this is a device, not a file"),
    (stat.S_ISBLK, "this is a device, not a file"),
)


def _refuse_unless_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    for test, reason in _NOT_FILES:
        if test(mode):
            raise UnreadableFile(reason)
    raise UnreadableFile("this is not a regular file")


def _unreadable(error: OSError) -> UnreadableFile:
    if isinstance(error, FileNotFoundError):
        return UnreadableFile("no such file")
    if isinstance(error, PermissionError):
        return UnreadableFile("permission denied")
    if isinstance(error, IsADirectoryError):
        return UnreadableFile("this is a folder, not a file")
    return UnreadableFile(error.strerror or str(error))


def check_regular_file(path: Path) -> None:
    """UnreadableFile unless ``path`` is a regular file (or a link to one): a named pipe
    would block a read forever, a device never ends."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise _unreadable(error) from None
    _refuse_unless_regular(mode)


def open_binary(path: Path) -> BinaryIO:
    """The regular file at ``path``, open for reading. Opened without blocking and
    checked before the first read: a path swapped for a named pipe after
    check_regular_file is refused, not waited on."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _unreadable(error) from None
    try:
        _refuse_unless_regular(os.fstat(descriptor).st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with open_binary(path) as handle:
        try:
            return handle.read(size)
        except OSError as error:
            raise UnreadableFile(error.strerror or str(error)) from None


def wide_encoding(head: bytes) -> str | None:
    """UTF-16/32 from a byte-order mark or, without one, from where the NUL bytes fall."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    sample = head[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    # Mostly-ASCII text in UTF-16 has a NUL in one half of every pair and almost never in
    # the other; binary files have NULs scattered in both.
    if odd_nuls > half * 0.4 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def head_text(head: bytes) -> str:
    """A rough reading of a file's first bytes, good enough to look for ASCII keywords."""
    encoding = wide_encoding(head) or "latin-1"
    return head.removeprefix(codecs.BOM_UTF8).decode(encoding, errors="ignore").lstrip("\ufeff")


def looks_binary(head: bytes) -> bool:
    """Control bytes no text file holds, in a share no stray character explains."""
    if b"\x00\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls * 100 > len(head) * 3


def _decodes_cleanly(handle: BinaryIO, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := handle.read(CHUNK_BYTES):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf8_count(chunks: Iterable[bytes]) -> tuple[int, int]:
    """The bytes UTF-8 refuses, and the non-ASCII characters it reads, in ``chunks``."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    stray = characters = 0
    for chunk in chunks:
        text = decoder.decode(chunk)
        strays = len(_STRAY.findall(text))
        stray += strays
        characters += len(_HIGH.findall(text)) - strays
    # A sequence cut short at the very end is a stray byte too.
    stray += len(_STRAY.findall(decoder.decode(b"", final=True)))
    return stray, characters


def _mostly_utf8(handle: BinaryIO) -> bool:
    """UTF-8 but for some stray bytes, which its other non-ASCII characters outnumber: a
    legacy code page's accented letters are nearly all bytes UTF-8 refuses (é alone is
    one), and almost never pair up into a UTF-8 character."""
    stray, characters = _utf8_count(iter(functools.partial(handle.read, CHUNK_BYTES), b""))
    return 0 < stray < characters


def utf8_with_strays(raw: bytes) -> str | None:
    """``raw``, a value meant to be UTF-8 (it says so, or its file is), with each stray
    byte read as U+FFFD: when any of its other non-ASCII characters is UTF-8, which a
    legacy code page's text all but never is; None when none is (a value in a legacy
    code page under a wrong label, read as one)."""
    stray, characters = _utf8_count((raw,))
    if not (stray and characters):
        return None
    return raw.decode("utf-8", errors="replace")


def _reads_as_japanese(handle: BinaryIO) -> bool:
    """Clean Shift_JIS that is not better explained as accented Windows-1252 text.

    Western text with é or è followed by a letter also decodes as Shift_JIS (as rare
    kanji), so kanji alone prove little: it takes kana, or kanji in a file whose cp1252
    reading is mostly symbols rather than letters (mojibake).
    """
    decoder = codecs.getincrementaldecoder(SHIFT_JIS)()
    kana = kanji = high = high_letters = 0
    try:
        while chunk := handle.read(CHUNK_BYTES):
            text = decoder.decode(chunk)
            kana += len(_KANA.findall(text))
            kanji += len(_KANJI.findall(text))
            western = chunk.decode("cp1252", errors=LATIN1_FALLBACK)
            high += len(_HIGH.findall(western))
            high_letters += len(_HIGH_LETTER.findall(western))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return kana > 0 or (kanji > 0 and high_letters < high * 0.5)


def sniff_encoding(path: Path, legacy: str) -> str:
    """The codec to read ``path`` with; ``legacy`` when nothing better fits.

    UnreadableFile for a missing file or one whose first bytes are binary, not text.
    """
    return sniff(path, legacy)[0]


def sniff(path: Path, legacy: str | tuple[str, ...]) -> tuple[str, bool]:
    """The codec to read ``path`` with (as sniff_encoding), and whether it is UTF-8 with
    stray bytes in it: open_text reads each as U+FFFD, which the importer says where.
    Among several ``legacy`` code pages, the one the file's letters are in
    (_likeliest_code_page)."""
    with open_binary(path) as handle:
        try:
            head = handle.read(SNIFF_BYTES)
            if head.startswith(codecs.BOM_UTF8):
                # Said UTF-8 by its mark: read so whatever it holds, a stray byte said.
                handle.seek(0)
                return "utf-8-sig", not _decodes_cleanly(handle, "utf-8-sig")
            wide = wide_encoding(head)
            if wide:
                return wide, False
            if looks_binary(head):
                raise UnreadableFile("this is a binary file, not a contacts file")
            handle.seek(0)
            if _decodes_cleanly(handle, "utf-8"):
                return "utf-8", False
            handle.seek(0)
            if _mostly_utf8(handle):
                return "utf-8", True
            handle.seek(0)
            if _reads_as_japanese(handle):
                return SHIFT_JIS, False
            if isinstance(legacy, str):
                return legacy, False
            handle.seek(0)
            return _likeliest_code_page(handle, legacy), False
        except OSError as error:
            raise UnreadableFile(error.strerror or str(error)) from None


def open_text(path: Path, encoding: str) -> TextIO:
    """The file as text with line endings untouched (``newline=""``, as csv wants).

    Never raises on bad bytes: single-byte code pages keep them as Latin-1, the rest
    become U+FFFD (only possible if the file changed since it was sniffed).
    """
    errors = LATIN1_FALLBACK if codecs.lookup(encoding).name.startswith("cp12") else "replace"
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors=errors, newline="")


# The accented letters of the languages Windows-1252 and -1250 are written in. Most of
# the bytes for them are letters in both code pages (cp1252's "è" is cp1250's "č"), so
# letters alone cannot tell "Crème" from "Crčme"; a word whose letters no one language
# has together ("Dvoøák") is the wrong reading.
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíóúñüªº",  # Spanish
        "áâãàçéêíóôõúªº",  # Portuguese
        "àèéìíòóùúïüç",  # Italian, Catalan
        "áéèëïóöü",  # Dutch
        "æøåéäö",  # Danish, Norwegian, Swedish, Finnish
        "áðéíóúýþæö",  # Icelandic
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Slovenian, Croatian
        "ăâîşţ",  # Romanian
    )
)
# Where Western letters never stand, each the cp1252 reading of a Central European
# letter that does. A file of one short name has nothing else to tell its code page by.
_UNLIKELY = re.compile(
    "|".join(
        (
            # Spanish "ñ" comes before a vowel ("Iksiñski" is Polish "Iksiński").
            r"ñ(?![aeiouáéíóú])",
            # Italian "ì" and "ù" end a word ("Dìèín" is Czech "Děčín").
            r"[ìù](?=[^\W\d_])",
            # Portuguese "õ" comes before "e" or "o" ("Erdõs" is Hungarian "Erdős").
            r"õ(?![eo])",
            # French, Italian and Catalan "è" and "ò" come before a consonant other than
            # "k", or end a word: Czech "č" and "ň" come before a vowel or "k" ("Kuèera"
            # is "Kučera", "Èech" "Čech", "Beèka" "Bečka", "Zdeòka" "Zdeňka").
            r"[èò](?=[aeiouyáéíóúýk])",
            # French and Dutch "ï" follows a vowel ("Anaïs"); Czech "ď" need not ("Ïurica").
            r"(?<![aeiouy])ï",
            # Nordic "ø" before a vowel follows neither a vowel nor "p", "k" or "d": Czech
            # "ř" does ("Kateøina" is "Kateřina", "Pøerov" "Přerov", "Ondøej" "Ondřej").
            r"(?<=[aeioupkd])ø(?=[aeiouyáéíóúý])",
            # French "œ" comes before "u", "i" or "e" ("Wiœniewski" is Polish "Wiśniewski").
            r"œ(?![uie])",
            # French "ÿ" ends a word ("Woÿniak" is Polish "Woźniak").
            r"ÿ(?=[^\W\d_])",
            # Nordic "æ" never follows a vowel ("Petroviæ" is Croatian "Petrović").
            r"(?<=[aeiouy])æ",
            # Spanish and Portuguese "ª" and "º" follow a number ("1º"), never come before
            # a letter ("Bucureºti" is Romanian "Bucureşti").
            r"[ªº](?=[^\W\d_])",
        )
    )
)


def _is_letter(character: str) -> bool:
    # Not "²", "³" or "¼" (numbers), nor "ˇ" or "ˆ" (accents standing alone).
    return character.isalpha() and unicodedata.category(character) != "Lm"


def _words(text: str) -> list[str]:
    """The words of ``text`` a code page can be told by: runs of letters, split where a
    small letter runs into a capital, of two letters or more, or a capital and a full
    stop (the initial "Ł.").

    A symbol in one code page is a letter in another, and so reads as a word no language
    has: a lone letter by a number ("£10k", "¥500" and "1¼" read as Windows-1250 are
    "Ł10k", "Ą500" and "1Ľ"), a small letter before a capital ("¿Qué" is "żQué").
    """
    words: list[str] = []
    word = ""
    for character in f"{text} ":
        if _is_letter(character) and not (word[-1:].islower() and character.isupper()):
            word += character
            continue
        if len(word) > 1 or (word.isupper() and character == "."):
            words.append(word)
        word = character if _is_letter(character) else ""
    return words


def _accented_letters(words: list[str]) -> int:
    return sum(not letter.isascii() for word in words for letter in word)


def _words_in_a_language(words: list[str]) -> int:
    """How many of the accented ``words`` read as one language's letters."""
    count = 0
    for word in (word.lower() for word in words):
        accented = {letter for letter in word if not letter.isascii()}
        if accented and _UNLIKELY.search(word) is None:
            count += any(accented <= alphabet for alphabet in _ALPHABETS)
    return count


def _likeliest(raw: bytes, code_pages: tuple[str, ...]) -> tuple[str, str]:
    """``raw`` read in the code page that makes the most accented letters in words of
    it (_words), then the most words of some language's letters, and that code page;
    ties go to the first."""
    readings = [(raw.decode(codec, errors=LATIN1_FALLBACK), codec) for codec in code_pages]
    if len(readings) == 1:
        return readings[0]

    def likelihood(reading: tuple[str, str]) -> tuple[int, int]:
        words = _words(reading[0])
        return _accented_letters(words), _words_in_a_language(words)

    return max(readings, key=likelihood)


def decode_value(raw: bytes, declared: str, fallbacks: tuple[str, ...]) -> str:
    """One vCard value: its declared CHARSET, else UTF-8, else a legacy code page.

    Among several legacy code pages the one that reads as the most letters wins (cp1250
    turns Polish "ł" into a letter where cp1252 makes it "³"); then the one whose words
    read as some language's letters (_likeliest); ties go to the first.
    """
    if raw.isascii():
        return raw.decode("ascii")
    for label in (declared, "utf-8"):
        if not label:
            continue
        try:
            return raw.decode(codec_name(label))
        except (LookupError, UnicodeDecodeError):
            continue
    return _likeliest(raw, fallbacks)[0]


# A word with a byte past ASCII in it, from its first letter: a code page's letters are
# such bytes. The lookbehind keeps the search from starting again inside every word.
_HIGH_WORD = re.compile(rb"(?<![A-Za-z\x80-\xff])[A-Za-z]*[\x80-\xff][A-Za-z\x80-\xff]*")
# Enough different words to tell a file's language by.
SAMPLE_WORDS = 2000


def _likeliest_code_page(handle: BinaryIO, code_pages: tuple[str, ...]) -> str:
    """The code page among ``code_pages`` a whole file is in, as _likeliest judges a
    value, on the different words with bytes past ASCII in it (the rest is ASCII, the
    same in each): read until SAMPLE_WORDS of them, or a chunk with none not seen yet
    (a large file's names repeat), so a large file is sampled, not read whole."""
    words: dict[bytes, None] = {}
    while len(words) < SAMPLE_WORDS and (chunk := handle.read(CHUNK_BYTES)):
        seen = len(words)
        words.update(dict.fromkeys(_HIGH_WORD.findall(chunk)))
        if seen and len(words) == seen:
            break
    return _likeliest(b" ".join(words), code_pages)[1]


_CODE_PAGES = {"cp1250": "Windows-1250", "cp1252": "Windows-1252", SHIFT_JIS: "Shift_JIS"}
_SCRIPTS = {"cp1250": "Central European", "cp1252": "Western European", SHIFT_JIS: "Japanese"}


def code_page_name(codec: str) -> str:
    """ "Windows-1250 (Central European)": a code page as Windows names it."""
    name = _CODE_PAGES.get(codec, codec)
    return f"{name} ({_SCRIPTS[codec]})" if codec in _SCRIPTS else name


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_utf8_value(raw: bytes, fallbacks: tuple[str, ...]) -> tuple[str, str]:
    """A value that must be UTF-8 (vCard 4.0 allows nothing else), and how it was read
    when it was not ("" when it was UTF-8).

    A UTF-16 value says so with its byte-order mark (and the NUL bytes of its ASCII
    letters); a mark before UTF-8 text is a stray one; anything else was written in a
    legacy code page, read as decode_value reads an undeclared one."""
    if raw.isascii():
        return raw.decode("ascii"), ""
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    if raw.startswith(_UTF16_BOMS):
        if b"\0" in raw:
            with contextlib.suppress(UnicodeDecodeError):
                return raw.decode("utf-16"), "read as UTF-16"
        with contextlib.suppress(UnicodeDecodeError):
            return raw[2:].decode("utf-8"), "read without its stray byte-order mark"
    text, codec = _likeliest(raw, fallbacks)
    return text, f"read as {_CODE_PAGES.get(codec, codec)}"


def byte_lines(path: Path, encoding: str) -> Iterator[bytes]:
    """Physical lines without their endings (CRLF, LF or a lone CR), read in large blocks.

    UTF-16/32 files come back re-encoded as UTF-8, so byte-level parsers see ASCII
    structure; any other file comes back as its own bytes (values carry their charset).
    """
    with open_binary(path) as handle:
        read: Callable[[], bytes] = functools.partial(handle.read, CHUNK_BYTES)
        if encoding in WIDE_ENCODINGS:
            text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")

            def read() -> bytes:
                return text.read(CHUNK_BYTES // 4).encode("utf-8")

        carry = b""
        first = True
        while block := read():
            data = carry + block
            if first:
                data, first = data.removeprefix(codecs.BOM_UTF8), False
            # Cut after the last complete line; a CR at the very end may pair with an LF.
            cut = data.rfind(b"\n") + 1 or data.rfind(b"\r", 0, len(data) - 1) + 1
            yield from data[:cut].splitlines()
            carry = data[cut:]
        if carry:
            yield from carry.splitlines()
