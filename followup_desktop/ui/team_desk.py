"""The window on a team server: whose contacts the list shows (a manager may show the
team's, each with their rep), a contact handed to another rep from the Edit menu, and a
manager's numbers by rep on the Stats view. Who the login is comes from the server, read
on a worker once the window is attached; until then the actions wait."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.changes import Change
from followup_desktop.ui.contact_model import OWNER_COLUMN

if TYPE_CHECKING:
    from followup_desktop.services.session import Services
    from followup_desktop.services.team_book import Rep, TeamLogin
    from followup_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MINE, TEAM = 0, 1  # the list's choices, in the order shown
NOT_FOR_COLLEAGUES = (2, 3, 4)  # next follow-up, attempts, deal: hidden in a rep's team list
ASK_AGAIN_MS = 10_000  # who is at the desk, asked again after the server did not answer


class HandOverDialog(QDialog):
    """To which rep a contact goes, and what that means, said before it is done."""

    def __init__(self, name: str, reps: tuple[Rep, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hand over")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Hand <b>{_plain(name)}</b> to:"))
        self.reps = QComboBox()
        self.reps.setAccessibleName("Rep")
        for rep in reps:
            self.reps.addItem(rep.shown, rep.login)
        layout.addWidget(self.reps)
        note = QLabel(
            "Their history, call notes and follow-ups go with them, and a line in the "
            "history says who handed them over. Unless you manage the team, they leave "
            "your list and your day."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.hand_button = buttons.addButton("Hand over", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return str(self.reps.currentData())


def _plain(text: str) -> str:
    """``text`` shown as typed inside rich text (a name is never markup)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TeamDesk(QObject):
    def __init__(self, window: MainWindow, services: Services) -> None:
        super().__init__(window)
        self._window, self._services = window, services
        self.me: TeamLogin | None = None
        self.hand_action = QAction("Hand &over to another rep…", window)
        self.hand_action.setStatusTip("Make the contact another rep's, with their history")
        self.hand_action.setEnabled(False)  # once the team is known
        self.hand_action.triggered.connect(self.hand_over)
        window.addAction(self.hand_action)
        window.edit_menu.insertAction(window.delete_action, self.hand_action)
        self.whose = QComboBox()
        self.whose.addItems(["My contacts", "The team's contacts"])
        self.whose.setAccessibleName("Whose contacts")
        self.whose.setToolTip("Your own contacts, or the whole team's with each one's rep")
        self.whose.currentIndexChanged.connect(lambda index: self._list(team=index == TEAM))
        self._whose_slot = window.toolbar.insertWidget(window.search_slot, self.whose)
        self._whose_slot.setVisible(False)  # once who is at the desk is known
        window.not_openable = self._not_openable
        self._ask_who()
        window.model.results_changed.connect(self._nobody_matched)

    def _ask_who(self) -> None:
        def not_now(error: Exception, _details: str) -> None:
            # The server away a moment: the team's choices wait, and are asked again.
            log.warning("who is at the desk was not read: %s", error)
            QTimer.singleShot(ASK_AGAIN_MS, self, self._ask_who)  # not once it is gone

        window = self._window
        window.tasks.run(self._services.team_book.who, self._known, not_now, owner=window)

    def _known(self, me: TeamLogin | None) -> None:
        if me is None:
            return
        self.me = me
        window = self._window
        window.model.owner_names = {rep.login: rep.shown for rep in me.reps}
        self.hand_action.setEnabled(bool(me.others()) or me.manager)
        self._whose_slot.setVisible(True)
        if me.manager:
            window.team_numbers(self._services.team_book.by_rep)
        else:
            self.whose.setToolTip(
                "Your own contacts, or the team's: each one's name, company and rep"
            )

    def _list(self, *, team: bool) -> None:
        """The list shows the team's contacts, with their rep, or only the login's own.
        A manager's team list is the whole of each contact; a rep's is each one's name,
        company and rep (``TeamBook.page``), in name order."""
        window, contacts, me = self._window, self._services.contacts, self.me
        window.listing_team = team
        by_name_only = team and me is not None and not me.manager
        if by_name_only:
            book = self._services.team_book
            window.list_from(book.page, None, book.count)
        else:
            window.list_from(
                partial(contacts.page, team=team),
                contacts.summaries,
                partial(contacts.count, team=team),
            )
        table = window.page.table
        table.setColumnHidden(OWNER_COLUMN, not team)
        for column in NOT_FOR_COLLEAGUES:  # what a rep does not see of a colleague's
            table.setColumnHidden(column, by_name_only)
        # One read of the new list: the sort reads it.
        if by_name_only:  # the one order it has
            table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
            table.setSortingEnabled(False)
            window.model.sort(0, Qt.SortOrder.AscendingOrder)
        else:
            table.setSortingEnabled(True)  # sorts by the header's order

    def _not_openable(self, contact_id: int) -> str | None:
        """A colleague's contact in a rep's view of the team: whose it is, and how to get
        it (the server's rules would refuse to open it anyway)."""
        window, me = self._window, self.me
        if me is None or me.manager or not window.listing_team:
            return None
        row = window.model.row_of(contact_id)
        owner = window.model.summary(row).owner if row is not None else me.login
        if owner == me.login:
            return None
        return (
            f"{window.shown_name(contact_id)} is {me.name_of(owner)}'s contact: ask them, "
            "or your manager, to hand it over to you."
        )

    def _nobody_matched(self) -> None:
        """A search that found none of the rep's own contacts: whose they are, if a
        colleague's (only their name, company and rep: ``TeamBook.who_has``)."""
        window = self._window
        query = window.model.query
        if window.model.rowCount() or not query or window.listing_team:
            return
        no_matches = window.page.no_matches

        def not_told(error: Exception, _details: str) -> None:
            log.info("whose %r is was not asked: %s", query, error)  # a hint, not the search

        window.tasks.run(
            lambda: self._services.team_book.who_has(query),
            lambda found: no_matches.show_colleagues(query, found),
            not_told,
            owner=window,
        )

    def hand_over(self) -> None:
        window, me = self._window, self.me
        contact_id = window.current_contact_id()
        if me is None:
            return
        if contact_id is None:
            window.statusBar().showMessage("Choose a contact first to hand them over.", 5000)
            return
        if not window.may_open(contact_id):
            return
        row = window.model.row_of(contact_id)
        owner = window.model.summary(row).owner if row is not None else me.login
        reps = tuple(rep for rep in me.reps if rep.login != owner)
        if not reps:
            window.statusBar().showMessage("There is no other rep to hand them to.", 5000)
            return
        dialog = HandOverDialog(window.shown_name(contact_id), reps, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._hand(contact_id, dialog.chosen()))
        dialog.open()

    def _hand(self, contact_id: int, login: str) -> None:
        window, book = self._window, self._services.team_book

        def done(result: tuple[str, Change]) -> None:
            said, change = result
            window.statusBar().showMessage(said, 10000)
            window.show_change(change)

        def failed(error: Exception, trace: str) -> None:
            from followup_desktop.services.team import HandOverRefused

            if isinstance(error, HandOverRefused):
                QMessageBox.information(window, "Not handed over", f"{error}.")
            else:
                window.background_failed(error, trace)

        window.tasks.write(lambda: book.hand_over(contact_id, login), done, failed, owner=window)
