"""Asking the C library's allocator (glibc's malloc on Linux) to hold less memory, and
Python's cyclic collector to wait while start-up imports.

Two measured causes of resident memory that is no longer used: every thread that
allocates gets its own malloc arena (up to 8 per core), each keeping its freed blocks;
and freed memory inside the heap stays resident until trimmed. On the 100k book,
scrolled through, the two together were about 4 MB of FollowUp's resident memory.
Elsewhere (macOS, Windows, musl) these are no-ops.
"""

from __future__ import annotations

import gc
import logging
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # from glibc's malloc.h


@cache
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # ~2 ms: after the first paint (``limit_arenas`` is called then)

    try:
        # The process's own symbols, the C library's among them: asking
        # ``ctypes.util.find_library`` runs ldconfig in a child process, on the first
        # paint's path.
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    # musl has neither call; only glibc's are used.
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def limit_arenas(count: int = 2) -> None:
    """At most ``count`` malloc arenas for the threads started from now on: FollowUp's
    threads (a couple of workers, D-Bus readers) are never busy allocating at once."""
    libc = _glibc()
    if libc is not None and not libc.mallopt(_M_ARENA_MAX, count):
        log.info("mallopt(M_ARENA_MAX) refused")


def give_back() -> None:
    """Return freed heap memory to the system (after start-up, after a big reload), and
    let the collector see what start-up made again (any garbage among it is then found)."""
    gc.unfreeze()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def hold_collection() -> None:
    """No cyclic collection until ``resume_collection``: start-up's imports make a few
    hundred thousand objects that live as long as the app (modules, classes, functions)
    and almost no garbage, and each collection meanwhile walks them again."""
    gc.disable()


def resume_collection() -> None:
    """Collect again, leaving what start-up made out of it until ``give_back``: held
    back, the collector's first runs would walk it all at once, on the way to the window
    being ready (~40 ms of its ~570 on the 100k book)."""
    gc.freeze()
    gc.enable()
