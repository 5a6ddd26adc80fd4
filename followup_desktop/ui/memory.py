"""Asking the C library's allocator (glibc's malloc on Linux) to hold less memory.

Two measured causes of resident memory that is no longer used: every thread that
allocates gets its own malloc arena (up to 8 per core), each keeping its freed blocks;
and freed memory inside the heap stays resident until trimmed. On the 100k book,
scrolled through, the two together were about 4 MB of FollowUp's resident memory.
Elsewhere (macOS, Windows, musl) these are no-ops.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from functools import cache

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # from glibc's malloc.h


@cache
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
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
    """Return freed heap memory to the system (after start-up, after a big reload)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
