"""Today's rows as a test reads and picks them (the rep's view of their day)."""

from __future__ import annotations

from followup_desktop.ui.main_window import MainWindow


def today_texts(window: MainWindow) -> list[str]:
    """Each row's who-column, headings and "more" rows included, top to bottom."""
    tree = window.today.tree
    return [tree.topLevelItem(r).text(1) for r in range(tree.topLevelItemCount())]


def select_today_row(window: MainWindow, name: str) -> None:
    """Makes the one row of ``name`` (its contact's name, then · company) current."""
    tree = window.today.tree
    (item,) = [
        tree.topLevelItem(r)
        for r in range(tree.topLevelItemCount())
        if tree.topLevelItem(r).text(1).split(" · ")[0] == name
    ]
    tree.setCurrentItem(item)
