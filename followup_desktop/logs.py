"""Log files in the platform's log folder; set up by the entry points, never at import.

A log never carries customer data: the store hides SQL parameters (``hide_parameters``)
and the formatter cuts any ``[parameters: …]`` block that still reaches it (another
driver, a third-party library), tracebacks included.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from io import TextIOWrapper
from pathlib import Path

_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)
HIDDEN = "[parameters hidden]"


class PrivateFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _PARAMETERS.sub(HIDDEN, super().format(record))


class _PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by their owner only, the rotated ones too."""

    def handleError(self, record: logging.LogRecord) -> None:
        # A full disk or a vanished log folder must not print tracebacks over the
        # command's own one-line message: the log is lost, the command goes on.
        pass

    def _open(self) -> TextIOWrapper:
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


def configure(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{name}.log"
    handler = _PrivateFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
