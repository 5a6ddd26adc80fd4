"""A real small filesystem for disk-full and read-only tests: a size-limited tmpfs.

Mounting needs root (tests run as root in CI and on the dev machines); chmod alone would
not do, since root writes through any permission bits."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(where: Path, size: str = "8m") -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.fail(f"these tests need to mount a tmpfs (run as root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(folder: Path) -> Path:
    """Use up every free byte of the filesystem under ``folder``; delete the file to free it."""
    filler = folder / "filler.bin"
    with open(filler, "ab", buffering=0) as handle:
        for size in (65536, 1):  # big chunks, then the last bytes one at a time
            try:
                while True:
                    handle.write(b"\xff" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    return filler


def remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def free_bytes(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize
