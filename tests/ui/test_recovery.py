"""A damaged database at start-up: plain words, the damaged file kept, the backup restored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.session import open_services
from followup_desktop.ui.recovery import offer_recovery


def click_when_shown(button_text: str, seen: list[str]) -> None:
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return

    QTimer.singleShot(0, poll)


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # the header: SQLite no longer recognises the file
    path.write_bytes(bytes(data))


def make_store_with_backup(tmp_path: Path) -> AppPaths:
    paths = AppPaths(tmp_path / "data")
    services = open_services(paths)
    services.contacts.add(Contact(name="Saved Before"))
    services.close()
    backups.take_backup(paths, "daily")
    return paths


def test_restore_from_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = make_store_with_backup(tmp_path)
    damage(paths.database)
    seen: list[str] = []
    click_when_shown("Restore backup", seen)
    assert offer_recovery(paths, "file is not a database") is True
    assert "damaged" in seen[0].lower() or "cannot read" in seen[0].lower()
    assert "1 contact," in seen[0]
    kept = list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))
    assert len(kept) == 1 and kept[0].read_bytes()[:100] == b"\x00" * 100
    services = open_services(paths)
    assert [s.name for s in services.contacts.page()] == ["Saved Before"]
    services.close()


def test_quit_leaves_everything_as_it_was(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = make_store_with_backup(tmp_path)
    damage(paths.database)
    before = paths.database.read_bytes()
    click_when_shown("Quit", [])
    assert offer_recovery(paths, "file is not a database") is False
    assert paths.database.read_bytes() == before
    assert not list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))


def test_without_a_backup_it_offers_to_start_empty(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    paths.database.write_bytes(b"garbage" * 1000)
    seen: list[str] = []
    click_when_shown("Start empty", seen)
    assert offer_recovery(paths, "file is not a database") is True
    assert "no backup" in seen[0].lower()
    assert not paths.database.exists()
    assert len(list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))) == 1
