"""Writing a contact file for an importer test."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, content: bytes | str, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
