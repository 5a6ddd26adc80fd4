"""A file FollowUp saved, said as a rep can use it: its name, and its folder one click
away in the file manager (a full path on a status line is too long to read or to use)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def saved_file_html(what: str, path: Path) -> str:
    """ "Invite saved: 2026-12-07-jane-smith.ics · Show in folder", the last words a link
    to the folder (``open_folder_link`` opens it)."""
    folder = QUrl.fromLocalFile(str(path.parent)).toString()
    return f'{escape(what)}: {escape(path.name)} · <a href="{escape(folder)}">Show in folder</a>'


def open_folder_link(link: str) -> bool:
    """A "Show in folder" link opened in the file manager; False for any other link."""
    url = QUrl(link)
    if not url.isLocalFile():
        return False
    QDesktopServices.openUrl(url)
    return True
