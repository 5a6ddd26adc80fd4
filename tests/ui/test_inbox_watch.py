"""The app hears a reply: the INBOX (a real Dovecot) looked at on a worker, the reply said
in a notification (clicking it opens the contact), the status bar and on top of Today,
the series ended;
a look without an account does nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from followup_desktop.core import settings as options
from followup_desktop.core.calendar import local
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome, Phone
from followup_desktop.core.reminders import Notice
from followup_desktop.services.session import Services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.inbox_watch import InboxWatch
from followup_desktop.ui.main_window import MainWindow
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.rep_desk import rep_services
from tests.services.test_inbox import NOW, _deliver, _priya_mid_series, _use_imap
from tests.services.test_inbox_bounces import MAIL, _contact, _notes
from tests.services.test_inbox_days import _append
from tests.ui.test_call_screen import open_call
from tests.ui.test_contact_merge import when_open
from tests.ui.worker_thread import settled


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), "Sam Rivers") as opened:
        yield opened


def test_a_reply_is_heard_said_and_ends_the_series(
    qtbot, window: MainWindow, services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:  # type: ignore[no-untyped-def]
    told: list[Notice] = []
    watch = InboxWatch(services, window, window.tasks, told.append, window)
    watch.look()  # no IMAP account yet: nothing to read, nothing said
    assert not watch._looking
    priya = _priya_mid_series(services)
    _use_imap(services, imap)
    assert services.exports.secrets.remember_imap_password("127.0.0.1", imap.user, imap.password)
    _deliver(imap, "priya@buyer.example", "Re: our call", NOW - timedelta(minutes=3))
    watch.look()
    qtbot.waitUntil(lambda: told != [], timeout=15_000)
    ((notice),) = told
    assert (notice.title, notice.contact_id) == ("Priya Patel replied", priya)
    assert "Priya Patel replied " in window.statusBar().currentMessage()
    # Today says it on top of the day's list.
    assert window.today.news.isVisibleTo(window.today)
    assert window.today.news.text().startswith("Priya Patel replied ")
    assert window.today.news.text().endswith(" — series stopped, answer with a few times")
    settled(qtbot, window)
    assert not any(f.step.startswith("voicemail-") for f in services.followups.open_for(priya))


def test_an_out_of_office_is_said_on_today_without_a_notification_and_the_series_goes_on(
    qtbot, window: MainWindow, services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:  # type: ignore[no-untyped-def]
    told: list[Notice] = []
    watch = InboxWatch(services, window, window.tasks, told.append, window)
    priya = _priya_mid_series(services)
    _use_imap(services, imap)
    assert services.exports.secrets.remember_imap_password("127.0.0.1", imap.user, imap.password)
    _deliver(imap, "priya@buyer.example", "Automatic reply: our call", NOW - timedelta(minutes=3))
    watch.look()
    qtbot.waitUntil(lambda: window.today.news.isVisibleTo(window.today), timeout=15_000)
    assert window.today.news.text() == (
        "Priya Patel: an automatic answer (“Automatic reply: our call”) — not a reply, "
        "the series goes on"
    )
    assert window.statusBar().currentMessage() == window.today.news.text()
    assert told == []  # no "Priya Patel replied" pop-up
    settled(qtbot, window)
    assert any(f.step.startswith("voicemail-") for f in services.followups.open_for(priya))


def test_mail_that_came_back_is_said_on_today_without_a_notification(
    qtbot, window: MainWindow, services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:  # type: ignore[no-untyped-def]
    told: list[Notice] = []
    watch = InboxWatch(services, window, window.tasks, told.append, window)
    kenji = _contact(services, "Kenji Tora", "kijitora@example.ne.jp")
    _use_imap(services, imap)
    assert services.exports.secrets.remember_imap_password("127.0.0.1", imap.user, imap.password)
    _append(imap, (MAIL / "sisimai__lhost-qmail-01.eml").read_bytes(), NOW - timedelta(minutes=3))
    watch.look()
    qtbot.waitUntil(lambda: window.today.news.isVisibleTo(window.today), timeout=15_000)
    assert window.today.news.text() == (
        "Kenji Tora: e-mail to kijitora@example.ne.jp could not be delivered (mailbox "
        "unavailable) — check the address"
    )
    assert window.statusBar().currentMessage() == window.today.news.text()
    assert told == []  # no pop-up: nobody replied
    settled(qtbot, window)
    assert _notes(services, kenji) == [
        "E-mail to kijitora@example.ne.jp could not be delivered: mailbox unavailable"
    ]


def test_an_address_mail_came_back_from_is_marked_in_the_draft_the_call_and_the_contact(
    qtbot, window: MainWindow, services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:  # type: ignore[no-untyped-def]
    services.settings.save(
        services.settings.load().with_value(options.REP_EMAIL, "sam@seller.example")
    )
    watch = InboxWatch(services, window, window.tasks, lambda _notice: None, window)
    kenji = services.contacts.add(
        Contact(
            name="Kenji Tora",
            time_zone="Asia/Tokyo",
            emails=[Email("kijitora@example.ne.jp")],
            phones=[Phone("+81312345678")],
        )
    )
    services.followups.log(kenji, Outcome.VOICEMAIL, NOW - timedelta(days=2))
    step = services.followups.open_for(kenji)[0].id
    assert step is not None
    _use_imap(services, imap)
    assert services.exports.secrets.remember_imap_password("127.0.0.1", imap.user, imap.password)
    came = NOW - timedelta(minutes=3)
    _append(imap, (MAIL / "sisimai__lhost-qmail-01.eml").read_bytes(), came)
    watch.look()
    qtbot.waitUntil(lambda: window.today.news.isVisibleTo(window.today), timeout=15_000)
    settled(qtbot, window)
    day = local(came, services.followups.rep_zone())
    bounced = f"kijitora@example.ne.jp bounced on {day.day} {day:%b}: mailbox unavailable"

    # The draft says it above the text, before she sends.
    preview = window.open_draft(step)
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: not preview.reading and preview.draft is not None)
    assert preview.warnings.isVisible()
    assert preview.warnings.text().startswith(f"⚠ {bounced} — this e-mail may come back too")
    preview.close()

    # On the call, she can ask for the right address.
    call = open_call(qtbot, window, kenji)
    assert call.header.mail_back.isVisibleTo(call)
    assert call.header.mail_back.text() == f"✉ {bounced} — ask them for the right address"
    call.close()
    qtbot.waitUntil(lambda: window.call_window(kenji) is None)

    # In the contact's form, under the address, until she changes it; saved, it is gone.
    seen: list[tuple[bool, str, bool]] = []

    def correct_the_address(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        shown = (dialog.bounced.isVisibleTo(dialog), dialog.bounced.text())
        dialog.emails.setPlainText("kenji.tora@example.ne.jp")
        seen.append((*shown, dialog.bounced.isVisibleTo(dialog)))
        dialog.accept()

    editing = when_open(ContactDialog, correct_the_address)
    window.editing.edit(kenji)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    editing.stop()
    assert seen == [(True, f"⚠ {bounced}", False)]
    qtbot.waitUntil(
        lambda: (
            [e.address for e in services.contacts.get(kenji).emails] == ["kenji.tora@example.ne.jp"]
        )
    )
    assert [e.came_back for e in services.contacts.get(kenji).emails] == [None]
