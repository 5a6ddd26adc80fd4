"""File names made from contact names, and writing files that never replace another.

A contact called ``../../etc/passwd``, ``CON`` or ``Jane: Smith / Acme`` still gets a file
name that stays in the chosen folder, opens on Windows, macOS and Linux alike, and does
not overwrite yesterday's export: the second "Jane Smith.ics" becomes
"Jane Smith (2).ics".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from followup_desktop.core.durable_files import create_file

# Bytes, not characters: ext4 and APFS cap a name at 255 bytes of UTF-8; this leaves room
# for " (999)" and the suffix.
MAX_STEM_BYTES = 120
FALLBACK_STEM = "contact"

# Characters Windows refuses in names, path separators everywhere, and control characters.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_SPACES = re.compile(r"\s+")
# Reserved device names on Windows, with or without an extension ("con.ics" is a device).
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)


def safe_stem(name: str, fallback: str = FALLBACK_STEM) -> str:
    """A file name without suffix that means ``name`` and is safe on every platform."""
    text = unicodedata.normalize("NFC", name)
    # Format characters (bidi overrides, zero-width joiners) can disguise a name's suffix.
    text = "".join(" " if unicodedata.category(c) in ("Cf", "Zl", "Zp") else c for c in text)
    text = _FORBIDDEN.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" .")
    text = _cap_bytes(text, MAX_STEM_BYTES).rstrip(" .")
    if not text or set(text) <= {"."}:
        return fallback
    if text.split(".", 1)[0].strip().upper() in _RESERVED:
        text = f"_{text}"
    return text


def stem_for(name: str, what: str) -> str:
    """ "Jane Smith - call 2026-12-08": a contact's name and what the file is, made safe.
    A long name is cut, never ``what``: an invite and a draft for the same contact, or two
    invites on different days, keep names that tell them apart."""
    tail = safe_stem(what, fallback="")
    room = MAX_STEM_BYTES - len(f" - {tail}".encode())
    head = _cap_bytes(safe_stem(name), room).rstrip(" .") or FALLBACK_STEM
    return safe_stem(f"{head} - {tail}" if tail else head)


def _cap_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    # Cut on a character boundary: never half of an accented letter or an emoji.
    return encoded[:limit].decode("utf-8", errors="ignore")


def candidate_names(stem: str, suffix: str) -> list[str]:
    """ "Jane.ics", "Jane (2).ics", … in the order they are tried."""
    return [f"{stem}{suffix}"] + [f"{stem} ({n}){suffix}" for n in range(2, 1000)]


def write_new(folder: Path, stem: str, suffix: str, data: bytes, sanitize: bool = True) -> Path:
    """Write ``data`` to the first free name in ``folder``; never replaces a file.

    The file is written whole under a temporary name and linked into place, which is also
    the atomic "only if absent": two exports at the same moment cannot pick the same name,
    and a crash or a full disk never leaves half a file. ``sanitize=False`` keeps a stem the user typed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in candidate_names(safe_stem(stem) if sanitize else stem, suffix):
        target = folder / name
        if target.exists():
            continue
        try:
            create_file(target, data)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(f"{folder} already holds 999 files named {stem}{suffix}")


def write_to(path: Path, data: bytes, stem_in_folder: str, suffix: str) -> Path:
    """Write to a path the user chose. A folder gets a file named ``stem_in_folder`` (made
    safe); an existing file is kept and the new one written beside it with " (2)"."""
    if path.is_dir():
        return write_new(path, stem_in_folder, suffix, data)
    own_suffix = path.suffix
    stem = path.name[: -len(own_suffix)] if own_suffix else path.name
    return write_new(path.parent, stem, own_suffix, data, sanitize=False)
