"""A read-only list in a dialog (a contact's history, the deleted contacts): a tree of
plain rows with a header, and what its rows show, for the rep's eyes and tests."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTreeWidget


def listing_tree(columns: Sequence[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    return tree


def row_texts(tree: QTreeWidget) -> list[tuple[str, ...]]:
    """What each row shows, column by column."""
    return [
        tuple(tree.topLevelItem(i).text(c) for c in range(tree.columnCount()))
        for i in range(tree.topLevelItemCount())
    ]
