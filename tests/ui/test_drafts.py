"""Invites and e-mail drafts from the GUI, in real X windows: one action after a connected
call logs it, writes the invite and opens the confirmation's preview; the rep edits the
preview and saves the .eml; a nudge goes into a real Dovecot Drafts folder over STARTTLS
with the password asked once and kept in a real Secret Service keyring; the mail client
gets a ``mailto:`` link; Today's E opens a step's draft.

The one stand-in: no mail client is installed here, so the ``mailto:`` link goes to a
handler registered with ``QDesktopServices.setUrlHandler``, the same hook through which Qt
hands a link to the desktop's mail client.
"""

from __future__ import annotations

import email
import email.policy
import re
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidgetItem

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, FollowUpKind, Outcome, Phone
from followup_desktop.exchange import ics
from followup_desktop.services.secrets import Secrets
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from followup_desktop.ui.draft_dialog import DraftDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings_dialog import SettingsDialog
from followup_desktop.ui.today_page import IdsRole
from tests.peers.cut_proxy import cut_proxy
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.peers.radicale import Radicale
from tests.rep_desk import rep_services
from tests.ui.test_call_screen import open_call

# Monday 23 Nov 2026, 15:00 UTC: 09:00 in Chicago, 16:00 for the rep in Paris.
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
AGREED = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # Tuesday 10:00 in Chicago
INTERNAL = "INTERNAL: budget is tight"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock, no_keyring: None
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, clock, "Sam Rivers") as opened:
        opened.settings.save(
            opened.settings.load().with_value(options.REP_EMAIL, "sam@example.com")
        )
        yield opened


def add_jane(services: Services, with_email: bool = True) -> int:
    return services.contacts.add(
        Contact(
            name="Jane Smith",
            company="Acme, Inc.",
            time_zone="America/Chicago",
            emails=[Email("jane@example.com")] if with_email else [],
            phones=[Phone("+13125550142")],
        )
    )


def exported(services: Services, suffix: str) -> list[Path]:
    folder = services.paths.exports
    return sorted(folder.glob(f"*{suffix}")) if folder.exists() else []


def history_notes(services: Services, contact_id: int) -> list[str]:
    with services.db.reading() as session:
        touches = followups_repo.touches(session, contact_id)
    return [t.notes for t in touches if t.outcome is Outcome.NOTE]


def log_connected_from_the_call_screen(qtbot, window: MainWindow, contact_id: int) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    assert form.save_button.text() == "Save · invite · confirm"
    qtbot.mouseClick(form.slot_buttons[0], Qt.MouseButton.LeftButton)
    form.objective.setFocus()
    qtbot.keyClicks(form.objective, "agree the pilot start")
    qtbot.keyClick(form.objective, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)


def folder_opened_from(line: QLabel) -> QUrl:
    """What the desktop is asked to open when the rep follows ``line``'s "Show in folder"."""
    (link,) = re.findall(r'<a href="([^"]+)">Show in folder</a>', line.text())
    file_manager = _MailClient()  # any handler stands in for the desktop's own
    QDesktopServices.setUrlHandler("file", file_manager, "open")
    try:
        line.linkActivated.emit(link)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    (url,) = file_manager.opened
    return url


def test_the_invite_button_says_the_files_name_and_opens_its_folder(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+I said "Invite saved as /home/…/invites/2026-….ics": a path too long to read
    or use. It says the file's name, and "Show in folder" opens its folder."""
    jane = add_jane(services)
    services.followups.log(jane, Outcome.CONNECTED, NOW, "", AGREED, "review the proposal")
    call = open_call(qtbot, window, jane)
    qtbot.keyClick(call, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Invite saved" in call.saved_state.text())
    (ics_file,) = exported(services, ".ics")
    assert call.saved_state.text().startswith(f"Invite saved: {ics_file.name} · <a href=")
    assert str(ics_file.parent) not in call.saved_state.text().split("<a")[0]
    assert folder_opened_from(call.saved_state) == QUrl.fromLocalFile(str(ics_file.parent))


def test_connected_saves_the_invite_and_previews_the_confirmation(
    qtbot, window: MainWindow, services: Services, radicale: Radicale
) -> None:  # type: ignore[no-untyped-def]
    jane = add_jane(services)
    log_connected_from_the_call_screen(qtbot, window, jane)

    # The invite is on disk: their zone, the 15-minute alarm, never the notes.
    (ics_file,) = exported(services, ".ics")
    (event,) = icalendar.Calendar.from_ical(ics_file.read_bytes()).walk("VEVENT")
    (agreed,) = [f for f in services.followups.open_for(jane) if f.kind is FollowUpKind.CALL]
    assert agreed.agreed and agreed.step == steps.AGREED
    assert event.decoded("DTSTART") == agreed.due_at
    assert str(event["DTSTART"].params["TZID"]) == "America/Chicago"
    assert "agree the pilot start" in str(event["SUMMARY"]) + str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=15)
    # The file's name, and its folder a click away (the whole path was too long to use).
    assert f"invite saved: {ics_file.name}" in window.statusBar().currentMessage()
    assert str(ics_file.parent) not in window.statusBar().currentMessage()
    assert window.invite_line.isVisible()
    assert ics_file.name in window.invite_line.text()
    assert folder_opened_from(window.invite_line) == QUrl.fromLocalFile(str(ics_file.parent))
    # A second, independent reader and a real CalDAV server read the same call.
    data = ics_file.read_bytes()
    assert vobject.readOne(data.decode()).vevent.valarm.trigger.value == -timedelta(minutes=15)
    assert radicale.put_event("call.ics", ics.strip_method(data)) == 201
    (stored,) = icalendar.Calendar.from_ical(radicale.get_event("call.ics")).walk("VEVENT")
    assert stored.decoded("DTSTART") == agreed.due_at and stored["UID"] == event["UID"]

    # The confirmation's preview opened by itself, with the invite attached.
    qtbot.waitUntil(lambda: len(window.drafts) == 1)
    (preview,) = window.drafts
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: not preview.reading)  # the draft, read on a worker
    # Named as the rep says it, not by its file ("confirmation"), and so is every other.
    assert preview.template.currentText() == "Confirmation of the call"
    assert preview.template_name() == "confirmation"
    listed = [preview.template.itemText(i) for i in range(preview.template.count())]
    assert "Cover note for what you promised" in listed
    assert not [text for text in listed if "-" in text or text.islower()]
    assert preview.save_button.text() == "Save as e-mail file"
    assert preview.to.text() == "Jane Smith <jane@example.com>"
    # Said in her words: the calendar's revision number ("sequence 0") is no rep's business.
    assert preview.attachment.text() == "Attached: invite.ics, the calendar invite"
    assert exported(services, ".eml") == []  # nothing written before the rep says so

    # The rep edits the subject, then saves: the file is what the preview showed.
    preview.subject.setText("Tuesday 10:00 — our call")
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.saved_file is not None)
    (eml_file,) = exported(services, ".eml")
    assert preview.saved_file == eml_file
    assert "Saved as" in preview.status.text()
    message = email.message_from_bytes(eml_file.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Tuesday 10:00 — our call"
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Jane Smith <jane@example.com>"
    (invite,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert invite.get_param("method") == "REQUEST"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and INTERNAL not in body.get_content()
    notes = history_notes(services, jane)
    assert any(n.startswith("Invite exported, saved as ") for n in notes)
    assert any(n.startswith("E-mail draft 'confirmation' with the invite") for n in notes)

    # Moved to another time: the invite attached replaces the one she sent.
    assert agreed.id is not None
    services.followups.move(agreed.id, agreed.due_at + timedelta(days=1))
    moved = window.open_draft(agreed.id, "confirmation")
    qtbot.waitUntil(lambda: not moved.reading)
    assert moved.attachment.text() == (
        "Attached: invite.ics, the calendar invite, in place of the one sent before"
    )


def test_without_their_address_the_call_is_logged_and_the_reason_shown(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    jane = add_jane(services, with_email=False)
    log_connected_from_the_call_screen(qtbot, window, jane)
    assert [f.step for f in services.followups.open_for(jane)] == [steps.AGREED]
    message = window.statusBar().currentMessage()
    assert "no invite: Jane Smith has no e-mail address: add one to send an invite" in message
    assert window.drafts == () and exported(services, ".ics") == []

    # Asked for anyway (Ctrl+E in the call screen): the preview says what is missing.
    (agreed,) = services.followups.open_for(jane)
    assert agreed.id is not None
    preview = window.open_draft(agreed.id)
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: not preview.reading)  # the draft, read on a worker
    assert "has no e-mail address" in preview.problem.text()
    assert not preview.save_button.isEnabled() and not preview.mail_button.isEnabled()


def _nudge(services: Services, clock: FixedClock, contact_id: int) -> int:
    """An agreed call, missed twice: the engine plans the nudge e-mail."""
    services.followups.log(contact_id, Outcome.CONNECTED, NOW, INTERNAL, AGREED, "the pilot")
    clock.set(AGREED)
    services.followups.log(contact_id, Outcome.NO_ANSWER, AGREED)
    clock.set(AGREED + timedelta(minutes=15))
    services.followups.log(contact_id, Outcome.NO_ANSWER, AGREED + timedelta(minutes=15))
    (nudge,) = [f for f in services.followups.open_for(contact_id) if f.step == steps.NUDGE]
    assert nudge.kind is FollowUpKind.EMAIL and nudge.id is not None
    return nudge.id


def _use_imap(
    services: Services,
    server: Dovecot,
    monkeypatch: pytest.MonkeyPatch,
    port: int | None = None,
    security: str = "starttls",
) -> None:
    # The rep's computer trusts the server's certificate: here, through OpenSSL's own
    # SSL_CERT_FILE, so the app's default context (the system's trust store) is what runs.
    monkeypatch.setenv("SSL_CERT_FILE", str(server.cert))
    settings = (
        services.settings.load()
        .with_value(options.IMAP_HOST, "localhost")
        .with_value(options.IMAP_PORT, port or server.port)
        .with_value(options.IMAP_SECURITY, security)
        .with_value(options.IMAP_USER, server.user)
    )
    services.settings.save(settings)


def _answer_password(qtbot, preview: DraftDialog, password: str) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: preview.password_prompt is not None)
    prompt = preview.password_prompt
    assert prompt is not None
    qtbot.waitExposed(prompt)
    asked = prompt.labelText()
    prompt.setTextValue(password)
    prompt.accept()
    return asked


def test_todays_e_puts_the_nudge_into_imap_drafts_with_the_password_kept_in_the_keyring(
    qtbot,
    window: MainWindow,
    services: Services,
    clock: FixedClock,
    imap: Dovecot,
    keyring_bus: SecretService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    jane = add_jane(services)
    nudge = _nudge(services, clock, jane)
    _use_imap(services, imap, monkeypatch)

    # Today lists the nudge; E on its row opens the draft's preview.
    window.show_view(0)
    window.today.reload()
    tree = window.today.tree

    def nudge_row() -> QTreeWidgetItem | None:
        rows = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
        return next((r for r in rows if (r.data(0, IdsRole) or (0, 0))[1] == nudge), None)

    qtbot.waitUntil(lambda: nudge_row() is not None)
    tree.setCurrentItem(nudge_row())
    assert tree.current_ids() == (jane, nudge)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: len(window.drafts) == 1)
    (preview,) = window.drafts
    qtbot.waitUntil(lambda: not preview.reading)
    assert preview.template_name() == "nudge"
    assert preview.imap_button.isVisible()
    assert preview.imap_button.text() == "Save to Drafts on localhost"

    # First time: no password kept, so it is asked; then the server has the draft.
    qtbot.mouseClick(preview.imap_button, Qt.MouseButton.LeftButton)
    asked = _answer_password(qtbot, preview, imap.password)
    assert f"Password of {imap.user} on localhost" in asked
    qtbot.waitUntil(lambda: preview.status.text().startswith("✓ Saved in Drafts"), timeout=15000)
    ((flags, stored),) = imap.fetch_all()
    assert b"\\Draft" in flags
    sent = email.message_from_bytes(stored, policy=email.policy.default)
    assert sent["Subject"] == preview.subject.text() and sent["X-Unsent"] == "1"
    assert Secrets().imap_password("localhost", imap.user) == imap.password  # in the keyring

    # Second time: taken from the keyring, not asked again.
    preview.password_prompt = None
    preview.subject.setText("Another day this week?")
    qtbot.mouseClick(preview.imap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(imap.fetch_all()) == 2, timeout=15000)
    assert preview.password_prompt is None
    second = email.message_from_bytes(imap.fetch_all()[1][1], policy=email.policy.default)
    assert second["Subject"] == "Another day this week?"
    assert (
        history_notes(services, jane)[-2:]
        == ["E-mail draft 'nudge' saved in Drafts on localhost"] * 2
    )
    database = services.paths.database.read_bytes()
    assert imap.password.encode() not in database


def test_a_refused_password_is_asked_again_and_replaced(
    qtbot,
    window: MainWindow,
    services: Services,
    clock: FixedClock,
    imap: Dovecot,
    keyring_bus: SecretService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    nudge = _nudge(services, clock, add_jane(services))
    _use_imap(services, imap, monkeypatch)
    services.exports.secrets.remember_imap_password("localhost", imap.user, "the old one")
    preview = window.open_draft(nudge)
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: not preview.reading)  # the draft, read on a worker
    qtbot.mouseClick(preview.imap_button, Qt.MouseButton.LeftButton)
    asked = _answer_password(qtbot, preview, imap.password)
    assert "refused the password kept" in asked
    qtbot.waitUntil(lambda: preview.status.text().startswith("✓ Saved in Drafts"), timeout=15000)
    assert len(imap.fetch_all()) == 1
    assert Secrets().imap_password("localhost", imap.user) == imap.password


def test_an_edited_draft_saved_as_the_connection_dropped_is_in_drafts_once_after_saving_again(
    qtbot,
    window: MainWindow,
    services: Services,
    clock: FixedClock,
    imap: Dovecot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    """The server stored the rep's edited draft, then the network dropped before its OK
    came back. The rep is told it may be there, saves again, and finds it once."""
    nudge = _nudge(services, clock, add_jane(services))
    mine = "Hi Jane, would Thursday at 10 suit you better?"
    with cut_proxy(imap.port) as network:
        # Plain IMAP to this computer (as to a local bridge): the wire is cut right after
        # the draft's bytes went out.
        _use_imap(services, imap, monkeypatch, port=network.port, security="none")
        preview = window.open_draft(nudge)
        qtbot.waitExposed(preview)
        qtbot.waitUntil(lambda: not preview.reading)
        preview.text.setPlainText(mine)
        network.cut_after(mine.encode())
        qtbot.mouseClick(preview.imap_button, Qt.MouseButton.LeftButton)
        _answer_password(qtbot, preview, imap.password)
        qtbot.waitUntil(lambda: preview.problem.isVisible(), timeout=15000)
        assert "may be in Drafts already" in preview.problem.text()
        assert network.cuts == 1 and len(imap.fetch_all()) == 1  # it did arrive

        preview.password_prompt = None
        qtbot.mouseClick(preview.imap_button, Qt.MouseButton.LeftButton)  # saved again
        _answer_password(qtbot, preview, imap.password)
        qtbot.waitUntil(
            lambda: preview.status.text().startswith("✓ Saved in Drafts"), timeout=15000
        )
    ((_flags, stored),) = imap.fetch_all()
    assert mine.encode() in stored


class _MailClient(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_the_mail_client_gets_the_nudge_as_a_link(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    jane = add_jane(services)
    nudge = _nudge(services, clock, jane)
    client = _MailClient()
    QDesktopServices.setUrlHandler("mailto", client, "open")
    try:
        preview = window.open_draft(nudge)
        qtbot.waitExposed(preview)
        qtbot.waitUntil(lambda: not preview.reading)  # the draft, read on a worker
        assert not preview.imap_button.isVisible()  # no IMAP account in Settings
        preview.text.setPlainText("Hi Jane, is Thursday better?\nSam")
        qtbot.mouseClick(preview.mail_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "mail client" in preview.status.text())
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    (url,) = client.opened
    assert url.scheme() == "mailto" and url.path() == "jane@example.com"
    query = urllib.parse.parse_qs(bytes(url.toEncoded()).decode().split("?", 1)[1])
    assert query["body"] == ["Hi Jane, is Thursday better?\r\nSam"]
    assert query["subject"] == [preview.subject.text()]
    assert history_notes(services, jane)[-1] == "E-mail draft 'nudge' opened in the mail client"


def test_enter_on_an_email_step_opens_its_draft_not_the_call_screen(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    jane = add_jane(services)
    nudge = _nudge(services, clock, jane)
    window.open_follow_up(jane, nudge)
    assert window.call_window(jane) is None
    qtbot.waitUntil(lambda: len(window.drafts) == 1)
    (preview,) = window.drafts
    qtbot.waitUntil(lambda: not preview.reading)
    assert preview.follow_up_id == nudge and preview.template_name() == "nudge"


def test_a_promise_opened_from_its_reminder_is_its_cover_e_mail_not_a_call(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """Clicking "Promised to Jane Smith for 09:00 — proposal with pricing" (the reminder, a missed
    one, or the tray's line) opened a call screen whose objective was the promise and
    whose cards said "you want to proposal with pricing"; it opens the e-mail that delivers it."""
    jane = add_jane(services)
    services.followups.log(
        jane,
        Outcome.CONNECTED,
        NOW,
        "wants pricing",
        AGREED,
        "review the proposal",
        commitment=CommitmentRequest("proposal with pricing", NOW + timedelta(hours=18)),
    )
    (promise,) = [f for f in services.followups.open_for(jane) if f.kind is FollowUpKind.TASK]
    assert promise.id is not None
    window.open_follow_up(jane, promise.id)
    qtbot.waitUntil(lambda: len(window.drafts) == 1)
    (preview,) = window.drafts
    qtbot.waitUntil(lambda: not preview.reading)
    assert window.call_window(jane) is None
    assert preview.follow_up_id == promise.id
    assert preview.template_name() == "proposal-cover"
    assert "proposal with pricing" in preview.subject.text()


def test_settings_from_the_menu_show_the_folders_and_forget_the_imap_password(
    qtbot,
    window: MainWindow,
    services: Services,
    imap: Dovecot,
    keyring_bus: SecretService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    _use_imap(services, imap, monkeypatch)
    secrets = services.exports.secrets
    assert secrets.remember_imap_password("localhost", imap.user, imap.password)
    seen: dict[str, str] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog) and dialog.forget_password is not None
        seen["folders"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.forget_password.click()
        seen["after"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.reject()

    QTimer.singleShot(300, in_the_dialog)
    window.settings_action.trigger()  # modal: returns once the dialog closed
    assert str(services.paths.backups) in seen["folders"]
    assert f"Forgotten: FollowUp asks for the password of {imap.user} next time." in seen["after"]
    assert Secrets().imap_password("localhost", imap.user) is None  # gone from the keyring


def test_without_the_reps_address_the_draft_links_straight_to_the_field(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    services.settings.save(services.settings.load().with_value(options.REP_EMAIL, ""))
    jane = add_jane(services)
    preview = window.open_draft(_nudge(services, clock, jane))
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: not preview.reading)  # the draft, read on a worker
    assert preview.draft is None and not preview.save_button.isEnabled()
    assert "set your e-mail address" in preview.problem.text()
    assert 'href="setting:rep.email"' in preview.problem.text()
    seen: list[str] = []

    def fill_in_the_address() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        field = dialog.focusWidget()
        seen.append(field.accessibleName() if field else "")
        field.setText("sam@example.com")  # type: ignore[union-attr]
        dialog.accept()

    QTimer.singleShot(200, fill_in_the_address)
    preview.problem.linkActivated.emit("setting:rep.email")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [options.REP_EMAIL.label]
    qtbot.waitUntil(lambda: preview.draft is not None)  # stored, then the draft again
    assert preview.save_button.isEnabled()
    assert not preview.problem.isVisible()
    preview.close()
