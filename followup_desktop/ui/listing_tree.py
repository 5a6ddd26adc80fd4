"""A read-only list in a dialog (a contact's history, the deleted contacts, the backups,
what the team server did not take): the line that sums it up, a tree of plain rows with
a header, and what its rows show, for the rep's eyes and tests."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget


def listing_summary(reading: str, name: str) -> QLabel:
    """The line over the list: what is being read, then what was found."""
    summary = QLabel(reading)
    summary.setWordWrap(True)
    summary.setAccessibleName(name)
    return summary


def listing_tree(columns: Sequence[str], name: str, stretched: Collection[int]) -> QTreeWidget:
    """Each column as wide as its contents, but the ``stretched`` ones, which share the
    width left."""
    tree = QTreeWidget()
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    header = tree.header()
    for column in range(len(columns)):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column in stretched
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return tree


def row_texts(tree: QTreeWidget) -> list[tuple[str, ...]]:
    """What each row shows, column by column."""
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [
        tuple(row.text(c) for c in range(tree.columnCount())) for row in rows if row is not None
    ]
