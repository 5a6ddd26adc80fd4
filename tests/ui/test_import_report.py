"""The import report as a rep reads it: rejections, warnings and merges apart, each
capped, the counts in the headline."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from followup_desktop.paths import AppPaths
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.import_flow import ImportReportDialog


@pytest.fixture
def services(tmp_path: Path) -> Services:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def listing(dialog: ImportReportDialog, name: str) -> list[str]:
    found = dialog.findChild(QPlainTextEdit, name)
    return [] if found is None else found.toPlainText().splitlines()


def test_warnings_and_merges_are_shown_apart_from_rejections(
    qtbot, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "acme.csv"
    source.write_text(
        "name,email,phone,company\n"
        "Alice Adams,alice@acme.example,+1 312 555 0100,Acme\n"
        "Bob Brown,bob@acme.example,+1 312 555 0100,Acme\n"
        "Alice Adams,,+1 312 555 0100,Acme\n"
        "Ngozi Eze,broken@,,Eze & Co\n"
        ",,,Nobody Inc\n",
        encoding="utf-8",
    )
    report = services.importing.import_files([source])
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    headline = dialog.findChild(QLabel, "summary").text()
    # The counts that are not zero, in words; no "updated 0, unchanged 0".
    assert (
        headline == "<b>3 contacts added, 1 not imported, 1 imported with something odd in it.</b>"
    )
    # The file's name once, then "line N: …"; a row not imported says what it held.
    assert listing(dialog, "rejected") == [
        "acme.csv",
        "    line 6 (Nobody Inc): no name, e-mail or phone",
    ]
    assert listing(dialog, "warnings") == [
        "acme.csv",
        "    line 5: e-mail 'broken@' is not an e-mail address: kept in the notes",
    ]
    assert listing(dialog, "merged") == [
        "acme.csv",
        "    line 4: merged into Alice Adams (from line 2, same name and phone)",
    ]
    assert str(tmp_path) not in "".join(listing(dialog, "rejected"))
    headings = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Not imported (line: why):" in headings
    assert any(text.startswith("Imported, with something odd") for text in headings)


def test_each_file_is_named_once_and_files_of_one_name_by_their_path(
    qtbot, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sources = [tmp_path / "a" / "leads.csv", tmp_path / "b" / "leads.csv", tmp_path / "fair.csv"]
    for source in sources:
        source.parent.mkdir(exist_ok=True)
        source.write_text("name,phone,company\n,,Acme\n,,Bolt\n", encoding="utf-8")
    dialog = ImportReportDialog(services.importing.import_files(sources))
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "summary").text() == "<b>6 not imported.</b>"
    assert listing(dialog, "rejected") == [
        str(sources[0]),
        "    line 2 (Acme): no name, e-mail or phone",
        "    line 3 (Bolt): no name, e-mail or phone",
        str(sources[1]),
        "    line 2 (Acme): no name, e-mail or phone",
        "    line 3 (Bolt): no name, e-mail or phone",
        "fair.csv",
        "    line 2 (Acme): no name, e-mail or phone",
        "    line 3 (Bolt): no name, e-mail or phone",
    ]


def test_a_clean_import_shows_only_its_counts(qtbot, services: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "one.csv"
    source.write_text("name,email\nJane,jane@acme.example\n", encoding="utf-8")
    dialog = ImportReportDialog(services.importing.import_files([source]))
    qtbot.addWidget(dialog)
    assert dialog.findChildren(QPlainTextEdit) == []


def test_ten_thousand_broken_cards_read_as_eleven_lines(
    qtbot, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "nested.vcf"
    source.write_text("BEGIN:VCARD\n" * 10_000, encoding="utf-8")
    report: ImportReport = services.importing.import_files([source])
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    lines = listing(dialog, "rejected")
    assert len(lines) == 12 and lines[0] == "nested.vcf"
    assert lines[-1] == "    … and 9,990 more like this"


def test_a_file_that_cannot_be_read_is_named_by_its_name_not_its_whole_path(
    qtbot, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path / "Shared drives" / "Sales team 2024" / "Trade fair Hannover" / "exports"
    deep.mkdir(parents=True)
    missing, folder = deep / "leads-from-the-fair.csv", deep / "vcards"
    folder.mkdir()
    dialog = ImportReportDialog(services.importing.import_files([missing, folder]))
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "summary").text() == "<b>2 not imported.</b>"
    assert listing(dialog, "rejected") == [
        "leads-from-the-fair.csv: no such file",
        "vcards: this is a folder, not a file",
    ]
    # Where they are stays at hand, on the listing's tooltip.
    tooltip = dialog.findChild(QPlainTextEdit, "rejected").toolTip()
    assert tooltip.splitlines() == [str(missing), str(folder)]
