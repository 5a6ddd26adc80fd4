"""Settings › Away, saved from the window: what falls inside moves, and the agreed calls
inside are listed, each with the e-mail that offers the customer other times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.cadence_model import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.services.session import Services
from followup_desktop.ui.main_window import MainWindow
from tests.rep_desk import rep_services

NOW = datetime(2026, 12, 17, 9, 0, tzinfo=UTC)  # Thursday before the holiday


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), "Sam Rivers") as opened:
        opened.settings.save(
            opened.settings.load().with_value(options.REP_EMAIL, "sam@seller.example")
        )
        yield opened


def test_saving_a_time_away_lists_the_agreed_calls_inside_with_an_e_mail_each(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    priya = services.contacts.add(
        Contact(name="Priya Patel", time_zone="Europe/Paris", emails=[Email("priya@buyer.example")])
    )
    agreed_at = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)
    services.followups.log(priya, Outcome.CONNECTED, agreed_next=agreed_at, objective="pilot")
    ben = services.contacts.add(Contact(name="Ben Ode", time_zone="Europe/Paris"))
    services.followups.log(ben, Outcome.NO_ANSWER)  # a retry on Friday: outside the holiday
    services.settings.save(
        services.settings.load()
        .with_value(options.AWAY_FROM, "2026-12-21")
        .with_value(options.AWAY_TO, "2027-01-03")
    )
    window.commands.settings_stored()  # as the Settings dialog's Save does
    qtbot.waitUntil(lambda: window.away.dialog is not None)
    dialog = window.away.dialog
    assert dialog is not None
    assert "1 agreed call inside" in window.statusBar().currentMessage()
    (write,) = dialog.write_buttons
    write.click()
    qtbot.waitUntil(lambda: len(window.drafts) == 1)
    draft = window.drafts[0]
    qtbot.waitUntil(lambda: "Priya" in draft.text.toPlainText(), timeout=10_000)
    # The times it offers start after the holiday: the January, not December.
    text = draft.text.toPlainText()
    assert "January" in text and "December" not in text
    (agreed,) = [f for f in services.followups.open_for(priya) if f.agreed]
    assert agreed.due_at == agreed_at  # never moved silently
    dialog.close()
    draft.close()


def test_a_promise_due_while_away_is_listed_and_left_where_she_put_it(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """Before: the promise moved to 4 January and nothing said it."""
    jane = services.contacts.add(Contact(name="Jane Smith", time_zone="America/Chicago"))
    by = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)
    promised = CommitmentRequest("the pricing", by)
    services.followups.log(jane, Outcome.CONNECTED, commitment=promised)
    services.settings.save(
        services.settings.load()
        .with_value(options.AWAY_FROM, "2026-12-21")
        .with_value(options.AWAY_TO, "2027-01-03")
    )
    window.commands.settings_stored()
    qtbot.waitUntil(lambda: window.away.dialog is not None)
    dialog = window.away.dialog
    assert dialog is not None
    assert "1 promise due inside" in window.statusBar().currentMessage()
    assert dialog.write_buttons == []  # no call to agree again
    assert dialog.promise_rows == [
        "Jane Smith: promised for Tue 22 Dec 10:00 (your time): the pricing"
    ]
    (promise,) = services.followups.open_for(jane)
    assert promise.due_at == by
    dialog.close()
