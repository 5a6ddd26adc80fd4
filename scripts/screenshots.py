"""Make the screenshots in docs/screenshots/ from the real app on sample data.

Run it under a display (scripts/run-tests.sh sets one up; or `xvfb-run`):
    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from followup_desktop.core import settings as options
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome, Style
from followup_desktop.core.settings import Settings
from followup_desktop.paths import AppPaths
from followup_desktop.services.sample_data import sample_history
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.contact_history import ContactHistoryDialog
from followup_desktop.ui.first_run import FirstRunDialog, Suggestions
from followup_desktop.ui.look import apply_look
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.scripts_editor import ScriptsEditor
from followup_desktop.ui.settings_dialog import SettingsDialog
from followup_desktop.ui.tasks import TaskRunner


def settle(app: QApplication, ms: int = 150) -> None:
    loop_until = QTimer()
    loop_until.setSingleShot(True)
    loop_until.start(ms)
    while loop_until.isActive():
        app.processEvents()


def until(app: QApplication, done: Callable[[], bool], seconds: float = 10) -> None:
    """Events run until ``done()`` (what the window reads on its workers has landed)."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not show what was asked in time")
        app.processEvents()
        time.sleep(0.005)


def open_call(window: MainWindow, contact_id: int, app: QApplication) -> CallWindow:
    window.open_call_screen(contact_id)
    until(app, lambda: window.call_window(contact_id) is not None)
    call = window.call_window(contact_id)
    assert call is not None
    return call


def choose(call: CallWindow, outcome: Outcome, app: QApplication) -> None:
    call.choose_outcome(outcome)
    if outcome is not Outcome.CONNECTED:
        until(app, call.plan.accept_button.isEnabled)  # the plan, read on a worker


def save(widget: QWidget, folder: Path, name: str, app: QApplication) -> None:
    settle(app, 500)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def call_screens(
    services: Services,
    tasks: TaskRunner,
    window: MainWindow,
    clock: FixedClock,
    out: Path,
    app: QApplication,
) -> None:
    """A personal-style contact on the agreed call, and one deep in the voicemail series."""
    services.settings.save(services.settings.load().with_value(options.REP_NAME, "Sam Rivers"))
    jane = services.contacts.add(
        replace(
            services.contacts.build(
                name="Jane Smith",
                company="Acme, Inc.",
                title="VP Sales",
                emails=["jane.smith@acme.example"],
                phones=["+1 312 555 0142"],
                time_zone="America/Chicago",
            ),
            style=Style.PERSONAL,
            personal_notes="Two kids; sails on Lake Michigan at weekends",
        )
    )
    talked = clock.now() - timedelta(days=3)
    agreed = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 11:00 in Chicago
    services.followups.log(
        jane,
        Outcome.CONNECTED,
        talked,
        "Launch planned mid-August; target women 20–35. Budget approved by the board.",
        agreed,
        "review the proposal and agree the pilot start",
        commitment=CommitmentRequest("proposal", talked + timedelta(days=1)),
    )
    clock.set(agreed - timedelta(minutes=2))
    call = open_call(window, jane, app)
    call.start_call()
    clock.advance(minutes=3, seconds=12)  # three minutes in; the timer shows it at its tick
    settle(app, 1100)
    call.script.focus_card(1)
    call.script.cards[0].lines.toggle(call.script.cards[0].lines.item(0))
    call.notes.setPlainText("Pilot in March with 2 teams. Wants the CFO on the next call.")
    save(call, out, "05-call-screen", app)
    choose(call, Outcome.CONNECTED, app)
    call.next_step.slot_buttons[0].click()  # the time Jane chose, among those offered
    call.next_step.objective.setText("agree the pilot start with the CFO")
    save(call, out, "06-call-next-step", app)
    call.close()
    kept_call(services, tasks, jane, clock, out, app)

    # The confirmation's preview, as "Save · invite · confirm" opens it.
    services.settings.save(
        services.settings.load()
        .with_value(options.REP_EMAIL, "sam.rivers@followup.example")
        .with_value(options.IMAP_HOST, "imap.followup.example")
        .with_value(options.IMAP_USER, "sam.rivers@followup.example")
    )
    (agreed_call,) = [f for f in services.followups.open_for(jane) if f.agreed]
    assert agreed_call.id is not None
    preview = window.open_draft(agreed_call.id, "confirmation")
    until(app, lambda: not preview.reading)
    preview.resize(760, 600)
    save(preview, out, "14-email-draft", app)
    preview.close()

    dana = services.contacts.add(
        services.contacts.build(
            name="Dana Cruz",
            company="Cruz Logistics",
            phones=["+52 55 5555 0101"],
            time_zone="America/Mexico_City",
        )
    )
    for _ in range(2):
        services.followups.log(dana, Outcome.VOICEMAIL, clock.now())
        (next_call,) = [f for f in services.followups.open_for(dana) if f.kind.value == "call"]
        clock.set(next_call.due_at)
    call = open_call(window, dana, app)
    choose(call, Outcome.VOICEMAIL, app)
    save(call, out, "07-call-voicemail", app)
    call.close()
    narrow_and_first_calls(services, window, out, app)

    editor = ScriptsEditor(services.calls.cards(), services.calls, 7, tasks, window)
    editor.situation_list.setCurrentRow(1)
    editor.editors["me"].setPlainText(
        editor.editors["me"].toPlainText() + "\nAnd for {compnay}, the numbers speak."
    )
    editor.show()
    save(editor, out, "08-scripts-editor", app)
    editor.reject()


def kept_call(
    services: Services,
    tasks: TaskRunner,
    contact_id: int,
    clock: FixedClock,
    out: Path,
    app: QApplication,
) -> None:
    """The call screen at a start while the team server is away: built from what was kept
    of the contact, what the rep logs kept on the laptop."""
    from followup_desktop.services.call_desk import KeptCallDesk
    from followup_desktop.store.outbox import OUTBOX_NAME, Outbox

    sheets = services.calls.for_later([contact_id])
    with tempfile.TemporaryDirectory() as folder:
        desk = KeptCallDesk(sheets, Outbox(Path(folder) / OUTBOX_NAME), clock)
        call = CallWindow(desk, None, tasks, desk.opening(contact_id, None))
        call.resize(1080, 780)
        call.show()
        save(call, out, "call-kept-while-away", app)
        call.close()


def narrow_and_first_calls(
    services: Services, window: MainWindow, out: Path, app: QApplication
) -> None:
    """A first call beside a softphone (640 px, one column), its voicemail script the
    moment V is pressed, and its first card with the rep's name filled in."""
    priya = services.contacts.add(
        services.contacts.build(
            name="Priya Raman",
            company="Raman Textiles",
            title="Head of Operations",
            phones=["+91 98765 43210"],
            time_zone="Asia/Kolkata",
        )
    )
    call = open_call(window, priya, app)
    call.resize(1080, 780)
    save(call, out, "call-first-card", app)
    call.resize(640, 860)
    save(call, out, "call-screen-640", app)
    choose(call, Outcome.VOICEMAIL, app)
    save(call, out, "call-voicemail-after-v", app)
    call.close()


def call_queue(window: MainWindow, out: Path, app: QApplication) -> None:
    """Today › Start calls: the first call of the queue, with its bar."""
    window.start_calls()
    until(app, lambda: window.call_queue.window is not None)
    call = window.call_queue.window
    assert call is not None
    settle(app, 300)
    save(call, out, "call-queue", app)
    window.call_queue.stop()
    call.close()
    settle(app)
    # The queue's closing line ("Calls done: …") is its own; the next shots show theirs.
    window.statusBar().clearMessage()


def calendar_screens(services: Services, window: MainWindow, out: Path, app: QApplication) -> None:
    """File › Calendar account… against a real Radicale on this computer, the status line
    once it synced, and a time on the call screen that lands on a meeting put on the
    rep's other calendar (read back by the sync)."""
    import icalendar
    from caldav.davclient import DAVClient

    # The test suite's throw-away Radicale: a real server on this computer, from the repo.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from followup_desktop.services.secrets import Secrets
    from tests.peers.keyring_session import secret_service
    from tests.peers.radicale import CALENDAR, radicale_server

    # The suite's unlocked keyring on a bus of its own: the desktop session's would ask
    # to be unlocked in a prompt nobody sees here.
    with secret_service() as keyring_bus, radicale_server() as radicale:
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = keyring_bus.bus_address
        services.exports.secrets = Secrets()
        url = f"http://127.0.0.1:{radicale.port}/"
        window.commands.open_calendar_account()
        dialog = window.calendar_dialog
        dialog.url.setText(url)
        dialog.user.setText(radicale.user)
        dialog.password.setText(radicale.password)
        dialog.find_calendars()  # the lists come from the real server
        until(app, lambda: dialog.outcome.text().startswith("✓"), 60)
        # Shown with an address and a name a reader would have (the real port changes).
        dialog.url.setText("https://dav.followup.example")
        dialog.user.setText("sam.rivers")
        save(dialog, out, "calendar-account", app)
        dialog.calendar_choice.setCurrentIndex(0)
        dialog.url.setText(url)
        dialog.user.setText(radicale.user)
        dialog.try_connect()
        # The first sync puts every sample contact in the address book, with its progress.
        bar = window.calendar_watch.bar
        until(app, lambda: bar.isVisible() and bar.value() >= 40, 300)
        save(window, out, "calendar-first-sync", app)
        until(app, lambda: window.calendar_line.text().startswith("Calendar: synced"), 300)

        contact_id = window.model.summary(0).id
        first = services.calls.sheet(contact_id).offered_slots[0]
        client = DAVClient(url=url, username=radicale.user, password=radicale.password)
        meeting = icalendar.Calendar()
        meeting.add("prodid", "-//phone//EN")
        meeting.add("version", "2.0")
        event = icalendar.Event()
        event.add("uid", "board@phone")
        event.add("dtstamp", first)
        event.add("dtstart", first - timedelta(minutes=30))
        event.add("dtend", first + timedelta(hours=1))
        event.add("summary", "Board meeting")
        meeting.add_component(event)
        client.calendar(url=url.rstrip("/") + CALENDAR).save_event(meeting.to_ical().decode())
        window.calendar_watch.sync()
        until(app, lambda: services.calls.sheet(contact_id).busy != (), 120)
        save(window, out, "calendar-sync-status", app)

        call = open_call(window, contact_id, app)
        choose(call, Outcome.CONNECTED, app)
        call.next_step.when.set_instant(first)
        save(call, out, "call-clash", app)
        call.close()
        settle(app)
        phone_edits(services, window, radicale, contact_id, app, out)
        # The keyring and the server go with this block: no sync after it.
        window.calendar_watch.stop()


def phone_edits(services, window, radicale, contact_id, app, out) -> None:  # type: ignore[no-untyped-def]
    """A contact edited on the phone and in FollowUp between two syncs, and one added on
    the phone: what Today says once the sync took them in."""
    from followup_desktop.core import settings as options
    from tests.peers.dav_phone import Phone, rev, set_value
    from tests.peers.fixtures import DavServer

    url = f"http://127.0.0.1:{radicale.port}/"
    book = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    phone = Phone(DavServer(url, radicale.user, radicale.password), book)
    contact = services.contacts.get(contact_id)
    services.contacts.save(replace(contact, company=f"{contact.company} Europe"))

    def on_the_phone(card) -> None:  # type: ignore[no-untyped-def]
        set_value(card, "org", f"{contact.company} Worldwide")
        set_value(card, "title", "Head of purchasing")
        rev(card, "20991231T000000Z")  # edited after FollowUp's change: the newer

    phone.edit(contact.name, on_the_phone)
    phone.add("Marta Kowalska", org="Baltic Foods", tels=("+48 22 123 45 67",))
    phone.close()
    window.show_view(0)
    window.calendar_watch.sync()
    until(app, lambda: "Worldwide" in services.contacts.get(contact_id).company, 120)
    settle(app, 300)
    save(window, out, "phone-edits", app)


def team_server(out: Path, app: QApplication) -> None:
    """Settings › Team server after "Test connection" against a real PostgreSQL on this
    computer (the test suite's throw-away server, reached over TCP with a password)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from followup_desktop.services.team import migrate, try_server
    from followup_desktop.ui.team_server_page import TITLE, TeamServerPage
    from tests.postgres_server import postgres_server

    with postgres_server(password="screenshot") as url:
        migrate(url)
        tasks = TaskRunner()
        dialog = SettingsDialog(Settings(), "/home/sam/.local/share/FollowUp")
        page = TeamServerPage(None, "/home/sam/.local/share/FollowUp", try_server, tasks)
        dialog.add_page(page, TITLE, page.server)
        tabs = dialog.findChild(QTabWidget)
        assert tabs is not None
        tabs.setCurrentWidget(page)
        page.use.setChecked(True)
        page.host.setText("127.0.0.1")
        page.port.setValue(int(url.rsplit("port=", 1)[1]))
        page.database.setText("postgres")
        page.user.setText("followup")
        page.password.setText("screenshot")
        page.tls.setCurrentIndex(page.tls.findData("disable"))
        dialog.show()
        page.test_button.click()
        until(app, page.test_button.isEnabled)
        save(dialog, out, "settings-team-server", app)
        dialog.reject()
        tasks.wait()


def team_window(clock: FixedClock, out: Path, app: QApplication) -> None:
    """A manager's window on a real PostgreSQL team server: the team's contacts with each
    one's rep, a contact being handed over, and the numbers by rep; then a rep's view of
    the team's contacts."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from followup_desktop.ui.team_desk import TEAM, HandOverDialog
    from tests.team_logins import as_rep, team_server

    books = {
        "ana": [
            ("Priya Patel", "Acme Robotics"),
            ("Jonas Berg", "Nordlys AS"),
            ("Amara Okafor", "Lagos Freight"),
        ],
        "bo": [("Léa Martin", "Brasserie du Port"), ("Kenji Sato", "Sato Logistics")],
        "maria": [("Marcus Smith", "Globex")],
    }
    outcomes = [Outcome.CONNECTED, Outcome.VOICEMAIL, Outcome.NO_ANSWER]
    with team_server() as (_url, port), tempfile.TemporaryDirectory() as folders:
        opened = {
            login: open_services(
                AppPaths(Path(folders) / login), clock, database=as_rep(port, login)
            )
            for login in books
        }
        for login, people in books.items():
            for number, (name, company) in enumerate(people):
                contact_id = opened[login].contacts.add(Contact(name=name, company=company))
                for back in range(number + 1):
                    opened[login].followups.log(
                        contact_id,
                        outcomes[(number + back) % len(outcomes)],
                        at=clock.now() - timedelta(days=back + 1),
                    )
        tasks = TaskRunner()

        def team_list(services: Services) -> MainWindow:
            """The window of ``services``' login on its list of the team's contacts."""
            window = MainWindow(services, tasks)
            today_read: list[bool] = []  # its count is on Today's tab then
            window.today.loaded.connect(lambda: today_read.append(True))
            window.resize(1100, 680)
            window.show()
            until(app, lambda: window.team_desk.me is not None and bool(today_read))
            window.team_desk.whose.setCurrentIndex(TEAM)
            window.show_view(1)
            until(app, lambda: window.model.rowCount() == 6)
            return window

        window = team_list(opened["maria"])
        settle(app, 300)
        save(window, out, "team-contacts", app)
        window.page.select_contact(window.model.summary(2).id)
        window.team_desk.hand_action.trigger()
        dialog = window.findChild(HandOverDialog)
        if dialog is not None:
            settle(app, 200)
            save(dialog, out, "hand-over", app)
            dialog.reject()
        window.show_view(3)
        numbers = window.insights.numbers if window.insights else None
        until(app, lambda: numbers is not None and numbers.reps.rowCount() == 3)
        settle(app, 300)
        save(window, out, "team-numbers", app)
        window.close()
        tasks.wait()
        # A rep's view of the team: each contact's name, company and rep, and whose a
        # colleague's contact is when she tries to open it.
        window = team_list(opened["ana"])
        lea = next(
            window.model.summary(row).id
            for row in range(6)
            if window.model.summary(row).name == "Léa Martin"
        )
        window.page.select_contact(lea)
        window.open_call_screen(lea)
        settle(app, 300)
        save(window, out, "team-book-rep", app)
        window.close()
        tasks.wait()
        for services in opened.values():
            services.close()


def contact_changed(contact: Contact, window: MainWindow, out: Path, app: QApplication) -> None:
    """Save met a colleague's save of the same contact: what she changed, the field both
    changed to choose, and the merge to save."""
    from dataclasses import replace

    from followup_desktop.core.calendar import zone
    from followup_desktop.core.contact_merge import merge
    from followup_desktop.ui.contact_merge_dialog import ContactMergeDialog

    mine = replace(contact, title="Head of buying", personal_notes="Loves sailing; two kids")
    theirs = replace(
        contact,
        company=f"{contact.company} Group",
        personal_notes="Two kids; moving to the Lyon office in January",
        version=contact.version + 1,
    )
    at = datetime(2026, 11, 23, 9, 42, tzinfo=UTC)
    dialog = ContactMergeDialog(
        merge(contact, mine, theirs), "Ana Lima", at, zone("Europe/Paris"), window
    )
    dialog.take_theirs("personal_notes")
    dialog.show()
    save(dialog, out, "contact-changed-while-editing", app)
    dialog.close()


def first_run(services: Services, window: MainWindow, out: Path, app: QApplication) -> None:
    """The page a new rep answers before the first call, filled in as they would."""
    dialog = FirstRunDialog(services.settings.load(), Suggestions("Europe/Paris", "FR"), window)
    dialog.name.setText("Sam Rivers")
    dialog.email.setText("sam.rivers@seller.example")
    dialog.show()
    save(dialog, out, "first-run", app)
    services.settings.save(dialog.result_settings())
    dialog.close()


def main(argv: list[str]) -> int:
    out = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    )
    out.mkdir(parents=True, exist_ok=True)
    # The rep of the pictures works from Paris: her laptop says so (the first-run page
    # leaves her zone to follow it).
    os.environ.setdefault("TZ", "Europe/Paris")
    time.tzset()
    app = QApplication(["FollowUp"])
    app.setApplicationName("FollowUp")
    apply_look(app)
    with tempfile.TemporaryDirectory() as data:
        # A fixed "now", so the pictures are the same on every run.
        clock = FixedClock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
        services = open_services(AppPaths(Path(data)), clock)
        tasks = TaskRunner()
        window = MainWindow(services, tasks)
        window.resize(1100, 680)
        window.show()
        save(window, out, "01-first-launch", app)
        first_run(services, window, out, app)

        sample_history(services, clock.now())
        window.refresh()
        until(app, window.tasks.idle)
        settle(app, 300)
        window.show_view(0)
        save(window, out, "09-today", app)
        call_queue(window, out, app)
        window.show_view(2)
        settle(app, 1500)
        save(window, out, "10-pipeline", app)
        window.show_view(3)
        save(window, out, "11-stats", app)
        window.show_view(1)
        save(window, out, "02-contact-list", app)
        # On a team server that cannot be reached: the banner the team watch shows.
        from followup_desktop.ui.team_watch import away_banner

        banner = away_banner()
        window.add_banner(banner)
        save(window, out, "team-server-away", app)
        banner.hide()  # now: deleteLater waits for the event loop, and the shots go on
        banner.deleteLater()

        window.search.setText("smith")
        save(window, out, "03-search", app)

        contact_id = window.model.summary(0).id
        dialog = ContactDialog(services.contacts.build, services.contacts.get(contact_id), window)
        dialog.show()
        save(dialog, out, "04-edit-contact", app)
        dialog.close()
        contact_changed(services.contacts.get(contact_id), window, out, app)

        window.page.table.selectRow(0)
        window.show_history()
        history = app.activeModalWidget()
        if isinstance(history, ContactHistoryDialog):
            tasks.wait()
            settle(app, 300)
            save(history, out, "contact-history", app)
            history.close()
        deleted_contacts(services, window, tasks, out, app)
        set_aside(Path(data), window, tasks, out, app)

        rules = SettingsDialog(
            services.settings.load(), "/home/sam/.local/share/FollowUp", "", window
        )
        tabs = rules.findChild(QTabWidget)
        if tabs is not None:
            tabs.setCurrentIndex(
                next(i for i in range(tabs.count()) if tabs.tabText(i) == "Follow-up rules")
            )
        rules.show()
        save(rules, out, "settings-rules", app)
        rules.reject()

        call_screens(services, tasks, window, clock, out, app)
        calendar_screens(services, window, out, app)
        team_server(out, app)
        team_window(clock, out, app)
        window.close()
        tasks.wait()
        services.close()
    return 0


def deleted_contacts(services, window, tasks, out, app) -> None:  # type: ignore[no-untyped-def]
    """Edit › Deleted contacts, with two deleted the day before; both back afterwards."""
    from followup_desktop.ui.deleted_contacts import DeletedContactsDialog

    gone = [window.model.summary(row).id for row in (1, 2)]
    for contact_id in gone:
        services.contacts.delete(contact_id)
    window.editing.show_deleted()
    dialog = window.findChild(DeletedContactsDialog)
    tasks.wait()
    settle(app, 300)
    save(dialog, out, "deleted-contacts", app)
    dialog.close()
    for contact_id in gone:
        window.show_change(services.contacts.undelete(contact_id))
    tasks.wait()
    settle(app, 300)


def set_aside(data: Path, window, tasks, out, app) -> None:  # type: ignore[no-untyped-def]
    """Edit › Not taken by the team server: a call kept while the server was away, refused
    once it was back (its contact handed to another rep meanwhile)."""
    import sqlite3

    from followup_desktop.core.model import Outcome
    from followup_desktop.services import kept_calls
    from followup_desktop.services.set_aside import SetAsideWrites
    from followup_desktop.store.outbox import Outbox
    from followup_desktop.ui.set_aside_dialog import SetAsideDialog

    outbox = Outbox(data / "team" / "outbox.sqlite3")
    at = datetime(2026, 11, 20, 15, 40, tzinfo=UTC)
    call = kept_calls.to_body(
        7,
        Outcome.CONNECTED,
        at,
        "Wants the pilot in March; the CFO joins the next call.",
        None,
        at + timedelta(days=4),
        "agree the pilot start",
        None,
        None,
        None,
        contact_name="Priya Patel",
    )
    outbox.keep("screenshot-call", kept_calls.KIND, call)
    outbox.refused(
        "screenshot-call",
        "its contact is no longer yours on the team server: deleted, or handed to another "
        "rep, meanwhile",
    )
    with sqlite3.connect(outbox.path) as db:  # a fixed time, as the rest of the pictures
        db.execute("UPDATE kept SET kept_at = ?", (at.isoformat(),))
    writes = SetAsideWrites(outbox, lambda: "Europe/Paris")
    dialog = SetAsideDialog(writes.entries, writes.remove, writes.rep_zone(), tasks, window)
    dialog.show()
    tasks.wait()
    settle(app, 300)
    first_backup = dialog.tree.topLevelItem(0)
    assert first_backup is not None
    dialog.tree.setCurrentItem(first_backup)
    settle(app, 100)
    save(dialog, out, "team-set-aside", app)
    dialog.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
