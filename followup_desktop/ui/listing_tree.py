"""A read-only list in a dialog (a contact's history, the deleted contacts, the backups,
what the team server did not take): the line that sums it up, a tree of plain rows with
a header, and what its rows show, for the rep's eyes and tests."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
)


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
    # The last column too is as wide as its contents: the width left is the stretched
    # columns' alone (a last column stretched as well took half of it from them).
    header.setStretchLastSection(False)
    for column in range(len(columns)):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column in stretched
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return tree


class _WrappedText(QStyledItemDelegate):
    """A column whose text wraps: each row as tall as its text at the column's width
    (a tree measures a row's height with no width to wrap at, so a note read as one
    line, cut short with "…")."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        measured = QStyleOptionViewItem(option)
        self.initStyleOption(measured, index)
        if not measured.text:
            return size
        # The text's own rect within the cell, as the style paints it (its margins).
        measured.rect = QRect(0, 0, self._tree.header().sectionSize(index.column()), size.height())
        style = self._tree.style()
        area = style.subElementRect(style.SubElement.SE_ItemViewItemText, measured, self._tree)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        needed = measured.fontMetrics.boundingRect(
            0, 0, max(area.width(), 1), 1_000_000, flags, measured.text
        ).height()
        return QSize(
            size.width(), max(size.height(), needed + size.height() - measured.fontMetrics.height())
        )


def wrap_column(tree: QTreeWidget, column: int) -> None:
    """Let ``column``'s text wrap, each row as tall as it needs at the column's width,
    measured again whenever the column is resized."""
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setItemDelegateForColumn(column, _WrappedText(tree))

    def resized(resized_column: int, _old: int, _new: int) -> None:
        if resized_column == column:
            tree.doItemsLayout()

    # Queued: while the header tells of one section resized, it has not yet settled the
    # sizes of the others, and the rows would be measured at the old width.
    tree.header().sectionResized.connect(resized, Qt.ConnectionType.QueuedConnection)


def row_texts(tree: QTreeWidget) -> list[tuple[str, ...]]:
    """What each row shows, column by column."""
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [
        tuple(row.text(c) for c in range(tree.columnCount())) for row in rows if row is not None
    ]
