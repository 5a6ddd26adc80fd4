"""The call screen at the moment of the beep and beside a softphone, in a real X window:
the voicemail script the moment the rep chooses Voicemail, lines that wrap, one column
at 640 px with every button's words whole, times typed as people say them, and never a
bare placeholder in front of a customer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea, QWidget

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUpKind, Phone
from followup_desktop.services.session import Services
from followup_desktop.store.schema import TouchRow
from followup_desktop.ui import look
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.call_script import SCRIPT_AT_LEAST
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.script_panel import HtmlRole
from followup_desktop.ui.settings_dialog import SettingsDialog
from tests.rep_desk import rep_services
from tests.ui.test_call_screen import add_jane, lines, open_call

# Monday 23 Nov 2026, 16:58 UTC: 10:58 in Chicago, 17:58 for the rep in Paris.
NOW = datetime(2026, 11, 23, 16, 58, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def rep_name() -> str:
    return "Sam Rivers"


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock, rep_name: str
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, clock, rep_name) as opened:
        yield opened


def add_priya(services: Services) -> int:
    return services.contacts.add(
        Contact(
            name="Priya Raman",
            company="Raman Textiles",
            time_zone="America/Chicago",
            phones=[Phone("+13125550199")],
        )
    )


def stored_touches(services: Services) -> int:
    with services.db.reading() as session:
        return session.query(TouchRow).count()


def buttons_whole(call: CallWindow) -> list[str]:
    """The visible buttons whose words do not fit, or that stick out of the window."""
    problems = []
    window = call.rect()
    for button in call.findChildren(QPushButton):
        if not button.isVisibleTo(call) or not button.text():
            continue
        text = button.text().replace("&&", "&")
        needed = button.fontMetrics().horizontalAdvance(text)
        inside = window.contains(button.mapTo(call, button.rect().bottomRight()))
        if needed > button.width() or button.width() < button.sizeHint().width() or not inside:
            problems.append(f"{text!r}: {button.width()} px for {needed} px, inside={inside}")
    return problems


def lines_whole(call: CallWindow) -> list[str]:
    """Script lines drawn shorter than their wrapped text (cut, or with "…")."""
    cut = []
    for card in call.script.cards:
        view = card.lines
        for row in range(view.count()):
            index = view.model().index(row, 0)
            rect = view.visualRect(index)
            needed = view.delegate.document(index, rect.width()).size().height()
            if rect.height() < needed or rect.width() > view.viewport().width():
                cut.append(view.item(row).text())
    return cut


def test_voicemail_shows_the_beep_script_at_once_and_back_restores(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    assert call.script.situation.currentData() == "first-call"
    assert lines(call, 1)[0] == "▸ Hi Priya, this is Sam Rivers. Have you got two minutes?"
    qtbot.keyClick(call, Qt.Key.Key_1)
    qtbot.keyClick(call.script.cards[0].lines, Qt.Key.Key_Space)  # said to the greeting
    assert lines(call, 1)[0].startswith("✓ Hi Priya")

    qtbot.keyClick(call, Qt.Key.Key_V)

    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    # Before anything is saved: this step's voicemail script, and where it stands.
    assert call.pages.currentIndex() == 2
    assert stored_touches(services) == 0
    assert call.script.situation.currentData() == "voicemail-1"
    assert call.script.situation.currentText() == "Voicemail 1 of 7"
    assert call.header.attempt.text() == "attempt 1 · voicemail 1 of 7"
    # The message's first line is not said because the call's first line was.
    assert lines(call, 1) == ["▸ Hi Priya, it's Sam Rivers. Sorry to miss you."]
    assert lines(call, 3)[0] == "▸ I'll try you again on Wednesday, around the same time."

    # Back: it was not a voicemail after all; the first-call cards return.
    qtbot.keyClick(call, Qt.Key.Key_Escape)
    assert call.script.situation.currentData() == "first-call"
    assert call.header.attempt.text() == "attempt 1"
    assert lines(call, 1)[0].startswith("✓ Hi Priya, this is Sam Rivers.")

    qtbot.keyClick(call, Qt.Key.Key_V)

    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    assert lines(call, 1) == ["▸ Hi Priya, it's Sam Rivers. Sorry to miss you."]
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(priya) is None)
    assert stored_touches(services) == 1
    steps = [f.step for f in services.followups.open_for(priya)]
    assert "voicemail-2" in steps


def test_at_640_px_one_column_and_every_word_shows(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    # The app's own look (its padding makes buttons wider than the bare style's).
    call.setStyleSheet(look.STYLE_SHEET % {"accent": look.ACCENT.name()})

    # Wide: three cards side by side, every line wrapped whole (none cut with "…").
    call.resize(1080, 760)
    qtbot.waitUntil(lambda: call.width() == 1080)
    qtbot.waitUntil(lambda: not lines_whole(call), timeout=2000)
    you, me, following = (card.geometry() for card in call.script.cards)
    assert you.top() == me.top() == following.top() and you.right() < me.left()

    # Beside a softphone: 640 px is allowed, and the screen is one column.
    call.resize(640, 760)
    qtbot.waitUntil(lambda: call.width() == 640)
    qtbot.waitUntil(lambda: call.script.cards[0].x() == call.script.cards[1].x())
    you, me, following = (card.geometry() for card in call.script.cards)
    assert you.left() == me.left() == following.left()
    assert you.bottom() < me.top() < me.bottom() < following.top()
    assert you.width() > 560
    qtbot.waitUntil(lambda: not lines_whole(call), timeout=2000)
    assert buttons_whole(call) == []

    # The pages under the notes keep their words too.
    qtbot.keyClick(call, Qt.Key.Key_C)
    qtbot.wait(50)
    assert buttons_whole(call) == []
    assert call.next_step.save_button.isVisible()
    qtbot.keyClick(call, Qt.Key.Key_Escape)
    qtbot.keyClick(call, Qt.Key.Key_V)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    qtbot.wait(50)
    assert buttons_whole(call) == []
    assert call.plan.accept_button.isVisible()
    # The script keeps its room under a form: at least a card's title and a line.
    assert call.script.height() >= 200


def test_typing_a_time_into_when_stores_it_in_their_zone(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    assert "their time, Chicago" in form.when.accessibleName()
    qtbot.mouseClick(form.slot_buttons[0], Qt.MouseButton.LeftButton)
    assert form.when.text() == "Tue 24 Nov 09:45"  # the first offer, ready to be replaced

    # Click into the field and type: what was there is replaced, not appended to.
    qtbot.mouseClick(form.when, Qt.MouseButton.LeftButton, pos=QPoint(20, 8))
    qtbot.keyClicks(form.when, "13:15")
    assert form.when.text() == "13:15"
    assert form.rep_time.text() == "= Mon 23 Nov 13:15 their time (20:15 yours)"
    # A time that cannot be read says so, and nothing is stored.
    form.when.setText("13:75")
    assert form.rep_time.text().startswith('⚠ "13:75" is not a time of day')
    form.submit()
    assert form.problem.isVisible() and "When:" in form.problem.text()
    assert stored_touches(services) == 0

    # The promise's "by" is the rep's time, and says so.
    form.promise.setChecked(True)
    assert "your time, Paris" in form.promise_due.accessibleName()
    form.promise_text.setText("the proposal")
    form.promise_due.setFocus()
    qtbot.keyClicks(form.promise_due, "tomorrow 5pm")
    assert form.promise_due.reading.text() == "= Tue 24 Nov 17:00 your time (10:00 theirs)"

    # Ctrl+A then typing replaces everything too.
    form.when.setFocus()
    form.when.setText("Tue 24 Nov 09:45")
    form.when.setCursorPosition(3)
    qtbot.keyClick(form.when, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.when, "13:15")
    assert form.when.text() == "13:15"
    # Saved later than the time shown: said, never moved silently to tomorrow's 13:15.
    clock.set(datetime(2026, 11, 23, 19, 20, tzinfo=UTC))
    form.submit()
    assert "Mon 23 Nov 13:15 has passed already" in form.problem.text()
    assert stored_touches(services) == 0
    clock.set(NOW + timedelta(hours=1))
    form.objective.setText("walk through the pilot")
    qtbot.keyClick(form.objective, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(priya) is None)
    open_now = services.followups.open_for(priya)
    (agreed,) = [f for f in open_now if f.kind is FollowUpKind.CALL]
    assert agreed.due_at == datetime(2026, 11, 23, 19, 15, tzinfo=UTC)  # 13:15 in Chicago
    promised = [f for f in open_now if f.kind is not FollowUpKind.CALL]
    assert any(f.due_at <= datetime(2026, 11, 24, 16, 0, tzinfo=UTC) for f in promised)


def test_saving_a_next_step_before_a_time_is_chosen_logs_nothing_and_says_why(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    # Nothing is chosen for them: the offers are there to click, the field is empty.
    assert [b.text() for b in form.slot_buttons] == ["Tue 09:45", "Wed 09:45", "Thu 09:45"]
    assert form.when.text() == ""
    qtbot.keyClicks(form.objective, "walk through the pilot")
    qtbot.keyClick(form.objective, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert form.problem.isVisible()
    assert form.problem.text() == (
        "⚠ Choose the time they agreed: click an offered time or type one."
    )
    assert form.when.hasFocus()
    assert stored_touches(services) == 0 and window.call_window(priya) is call
    # Typed now, the call is logged at that time, as the rep said it.
    qtbot.keyClicks(form.when, "Wed 10:00")
    qtbot.keyClick(form.when, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(priya) is None)
    (agreed,) = [f for f in services.followups.open_for(priya) if f.kind is FollowUpKind.CALL]
    assert agreed.due_at == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 10:00 in Chicago


@pytest.mark.parametrize("rep_name", [""])
def test_no_rep_name_shows_the_gap_in_red_and_links_to_settings(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    view = call.script.cards[0].lines
    first = view.item(0)
    assert first.text() == "⚠ Hi Priya, this is {rep_name}. Have you got two minutes?"
    drawn = first.data(HtmlRole)
    assert "color:#b3261e" in drawn and "⚠\u2009{rep_name}</a>" in drawn
    assert "Hi Priya, this is " in drawn and "setting:rep.name" in drawn
    spoken = first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "{rep_name} is not set: press Enter to set it in Settings" in spoken

    # Where the red placeholder is drawn: a click there opens Settings at "Your name".
    rect = view.visualItemRect(first)
    spot = next(
        QPoint(x, y)
        for y in range(rect.top(), rect.bottom(), 4)
        for x in range(rect.left(), rect.right(), 4)
        if view.delegate.link_at(view.indexFromItem(first), QPoint(x, y))
    )
    seen: list[str] = []

    def fill_in_the_name() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        field = dialog.focusWidget()
        assert isinstance(field, QLineEdit)
        seen.append(field.accessibleName())
        field.setText("Sam Rivers")
        dialog.accept()

    QTimer.singleShot(200, fill_in_the_name)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [options.REP_NAME.label]
    qtbot.waitUntil(lambda: services.settings.load().get(options.REP_NAME) == "Sam Rivers")
    window.tasks.wait()
    qtbot.waitUntil(lambda: "Sam Rivers" in lines(call, 1)[0])
    assert lines(call, 1)[0] == "▸ Hi Priya, this is Sam Rivers. Have you got two minutes?"
    assert "{rep_name}" not in view.item(0).data(HtmlRole)
    assert not view.is_said(0)  # the click fixed the name, it did not mark the line said


@pytest.mark.parametrize("rep_name", [""])
def test_enter_on_a_line_with_the_gap_opens_settings_too(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    qtbot.keyClick(call, Qt.Key.Key_1)
    view = call.script.cards[0].lines
    opened: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        opened.append(dialog.focusWidget().accessibleName())
        dialog.reject()

    QTimer.singleShot(200, cancel)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [options.REP_NAME.label]
    assert lines(call, 1)[0].startswith("⚠ Hi Priya, this is {rep_name}.")  # still unset
    assert call.pages.currentIndex() == 0


def test_a_contact_without_a_zone_says_the_time_is_the_reps(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    lee = services.contacts.add(Contact(name="Lee Park"))
    call = open_call(qtbot, window, lee)
    qtbot.keyClick(call, Qt.Key.Key_C)
    assert "your time: their time zone is not set" in call.next_step.when.accessibleName()


def test_offers_are_inside_the_reps_hours_as_well(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    qtbot.keyClick(call, Qt.Key.Key_C)
    # Paris 09:00-17:00 and Chicago 09:00-17:00 share 09:00-10:00 Chicago time.
    assert [b.text() for b in call.next_step.slot_buttons] == [
        "Tue 09:45",
        "Wed 09:45",
        "Thu 09:45",
    ]
    qtbot.mouseClick(call.next_step.slot_buttons[0], Qt.MouseButton.LeftButton)
    assert clock.now() + timedelta(hours=1) < call.next_step.when.value()


def header_cut(call: CallWindow) -> list[str]:
    """The header's wrapped texts drawn shorter than their lines, or under another part."""
    header = call.header
    cut = []
    for text in (header.name, header.objective, header.last_said):
        if text.isVisible() and text.height() < text.heightForWidth(text.width()):
            needed = text.heightForWidth(text.width())
            cut.append(f"{text.text()[:30]!r}: {text.height()} px for {needed}")
    name = header.name.geometry().translated(header.name.parentWidget().mapTo(call, QPoint()))
    for other in (header.their_time, header.call_button, header.start_button, call.script):
        place = other.rect().translated(other.mapTo(call, QPoint()))
        if other.isVisible() and name.intersects(place):
            cut.append(f"the name under {other.objectName() or type(other).__name__}")
    below = call.script.mapTo(call, QPoint()).y()
    if header.mapTo(call, QPoint(0, header.height())).y() > below:
        cut.append("the header runs into the script")
    return cut


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[None]:
    """The app's own look on every window, as at a start (its name is 17 pt)."""
    before = qapp.styleSheet()
    qapp.setStyleSheet(look.STYLE_SHEET % {"accent": look.ACCENT.name()})
    yield
    qapp.setStyleSheet(before)


@pytest.mark.parametrize("size", [(640, 860), (640, 600), (800, 600), (1080, 780)])
def test_a_long_name_and_company_show_whole_beside_a_softphone(
    qtbot, app_look: None, window: MainWindow, services: Services, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """Four lines and more of name, title and company at 640 px: all of them read."""
    contact_id = services.contacts.add(
        Contact(
            name="Maximiliane Alexandra von Hohenberg-Wittelsbach",
            title="Leiterin Einkauf und strategische Beschaffung",
            company="Internationale Spedition und Logistik Gesellschaft Süddeutschland GmbH",
            time_zone="Europe/Berlin",
            phones=[Phone("+49 89 1234 5678"), Phone("+49 170 1234567")],
        )
    )
    call = open_call(qtbot, window, contact_id)
    call.resize(*size)
    qtbot.waitUntil(lambda: call.width() == size[0])
    qtbot.waitUntil(lambda: header_cut(call) == [], timeout=2000)
    assert "Süddeutschland GmbH" in call.header.name.text()
    qtbot.waitUntil(lambda: buttons_whole(call) == [], timeout=2000)


@pytest.mark.parametrize("width", [640, 800])
def test_the_call_screen_fits_a_small_laptop_screen(
    qtbot, app_look: None, window: MainWindow, services: Services, width: int
) -> None:  # type: ignore[no-untyped-def]
    """A usual name and company beside a softphone: the whole call screen, outcome buttons
    included, fits 640 px high (a 1280×720 screen less its panel and title bar), the
    script keeping room to read; before, it asked for 667 px and the buttons fell off,
    and their time wrapped over three lines in a narrow strip."""
    contact_id = services.contacts.add(
        Contact(
            name="Priya Raman",
            title="Head of Operations",
            company="Raman Textiles",
            time_zone="Asia/Kolkata",
            phones=[Phone("+91 98765 43210")],
        )
    )
    call = open_call(qtbot, window, contact_id)
    call.resize(width, 640)
    qtbot.waitUntil(lambda: call.width() == width)
    qtbot.waitUntil(lambda: header_cut(call) == [], timeout=2000)
    assert call.minimumSizeHint().height() <= 640
    qtbot.waitUntil(lambda: call.height() == 640, timeout=2000)
    qtbot.waitUntil(lambda: buttons_whole(call) == [], timeout=2000)
    assert call.script.panel.height() >= SCRIPT_AT_LEAST
    # Their time reads on one line, not wrapped in a strip beside the buttons.
    their_time = call.header.their_time
    assert their_time.height() < 2 * their_time.fontMetrics().lineSpacing()


@pytest.mark.parametrize("width", [640, 1280])
def test_every_page_under_the_notes_fits_a_small_laptop_screen(
    qtbot, app_look: None, window: MainWindow, services: Services, width: int
) -> None:  # type: ignore[no-untyped-def]
    """After Connected, Wrong number or Voicemail, the call screen still fits 640 px high
    (a 1280×720 screen less its panel and title bar): the form scrolls under the script,
    its Save or Log button always on screen, the cursor in the field the rep types in
    first, the cards as tall as before. Before, Connected made the window at least 796
    px high, and Save fell off a 720-px screen."""
    contact_id = services.contacts.add(
        Contact(
            name="Priya Raman",
            title="Head of Operations",
            company="Raman Textiles",
            time_zone="Asia/Kolkata",
            phones=[Phone("+91 98765 43210")],
        )
    )
    call = open_call(qtbot, window, contact_id)
    call.resize(width, 640)
    qtbot.waitUntil(lambda: call.width() == width and call.height() == 640)

    def fits(button: QPushButton) -> None:
        assert call.minimumSizeHint().height() <= 640
        qtbot.waitUntil(lambda: call.height() == 640 and buttons_whole(call) == [], timeout=2000)
        assert button.isVisible() and not button.visibleRegion().isEmpty()
        assert call.script.panel.height() >= SCRIPT_AT_LEAST

    qtbot.keyClick(call, Qt.Key.Key_C)
    fits(call.next_step.save_button)
    when = call.next_step.when
    qtbot.waitUntil(lambda: when.hasFocus() and not when.visibleRegion().isEmpty())
    for key in (Qt.Key.Key_W, Qt.Key.Key_V):
        qtbot.keyClick(call, Qt.Key.Key_Escape)
        qtbot.keyClick(call, key)
        qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
        fits(call.plan.accept_button)


def shown_whole_in(area: QScrollArea, widget: QWidget) -> bool:
    """``widget`` lies wholly inside what ``area`` shows of its fields now."""
    viewport = area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


@pytest.mark.parametrize("height", [640, 720])
def test_connected_opens_its_form_at_the_top_with_the_cursor_in_when(
    qtbot, app_look: None, window: MainWindow, services: Services, clock: FixedClock, height: int
) -> None:  # type: ignore[no-untyped-def]
    """On a 1280×720 laptop, C showed the form scrolled down to "Offer:", the cursor in
    the objective: When, empty and asked for first, was off the top. It opens at its
    title now, When in sight with the cursor in it; a second C after Back too."""
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    call.resize(1280, height)
    qtbot.waitUntil(lambda: call.width() == 1280 and call.height() == height)
    form = call.next_step
    for _time in range(2):
        qtbot.keyClick(call, Qt.Key.Key_C)
        qtbot.waitUntil(
            lambda: (
                form.when.hasFocus()
                and form.fields.verticalScrollBar().value() == 0  # the title on top
                and shown_whole_in(form.fields, form.when)
            ),
            timeout=2000,
        )
        assert form.save_button.isVisible() and not form.save_button.visibleRegion().isEmpty()
        form.fields.verticalScrollBar().setValue(form.fields.verticalScrollBar().maximum())
        qtbot.keyClick(call, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: call.pages.at_outcomes)


def test_a_reading_shows_only_for_a_time_being_given(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """With When empty its reading left a blank row between When and Offer, and the
    promise's "by" reading showed with no promise ticked. Each shows once it reads a time
    the rep is giving."""
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    qtbot.waitUntil(form.when.isVisible)
    assert not form.when.reading.isVisible() and not form.promise_due.reading.isVisible()
    offer = form.slot_buttons[0]
    gap = offer.mapTo(form, QPoint(0, 0)).y() - form.when.mapTo(form, QPoint(0, 0)).y()
    assert gap < 2 * form.when.height()  # Offer right under When

    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(form.when.reading.isVisible)
    assert form.when.reading.text() == "= Tue 24 Nov 09:45 their time (16:45 yours)"
    form.promise.setChecked(True)
    qtbot.waitUntil(form.promise_due.reading.isVisible)
    assert form.promise_due.reading.text().startswith("= Tue 24 Nov 09:00 your time")
    form.promise.setChecked(False)
    qtbot.waitUntil(lambda: not form.promise_due.reading.isVisible())


def words_drawn(button: QPushButton) -> QImage:
    """The button as drawn, inside its edge (where the focus ring goes)."""
    ring = 4
    return button.grab().toImage().copy(button.rect().adjusted(ring, ring, -ring, -ring))


def test_the_plans_button_shows_its_words_whole_with_the_focus_on_it(
    qtbot, app_look: None, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """At 1280×720 and 1280×800 the plan's button, focused as it opens, read "Loq wronq
    numbe": the focus outline was drawn over the bottom and the end of its words. The
    words now look the same with the focus as without it, the ring round the edge."""
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    call.resize(1280, 720)
    qtbot.waitUntil(lambda: call.width() == 1280 and call.height() == 720)
    button = call.plan.accept_button
    for key, words in [
        (Qt.Key.Key_W, "Log wrong number"),
        (Qt.Key.Key_V, "Log voicemail"),
        (Qt.Key.Key_L, "Log not now"),
        (Qt.Key.Key_N, "Log no answer"),
    ]:
        qtbot.keyClick(call, key)
        qtbot.waitUntil(lambda: button.isEnabled() and button.hasFocus())
        assert button.text() == words
        metrics = button.fontMetrics()
        assert button.width() >= button.sizeHint().width() > metrics.horizontalAdvance(words)
        assert button.height() >= button.sizeHint().height() > metrics.height()
        focused = words_drawn(button)
        call.notes.setFocus()
        qtbot.waitUntil(lambda: not button.hasFocus())
        assert focused == words_drawn(button), f"{words!r}: the focus covers its words"
        qtbot.keyClick(call, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: call.pages.at_outcomes)


def test_under_a_form_last_time_gives_its_room_to_the_cards(
    qtbot, app_look: None, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """At 1080×780, Connected's form under the cards and the last call's box over them
    left the cards 180 px: Me and Next Step scrolled, and the form too. Last time is for
    the opening; while a form shows it is hidden, and back at the outcomes it returns."""
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    call.resize(1080, 780)
    qtbot.waitUntil(lambda: call.width() == 1080 and call.height() == 780)
    last_time = call.header.last_time
    assert last_time.isVisible() and "Launch planned mid-August" in call.header.last_said.text()

    qtbot.keyClick(call, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: not last_time.isVisible())
    qtbot.waitUntil(lambda: call.script.panel.height() > 200, timeout=2000)
    bar = call.next_step.fields.verticalScrollBar()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2000)  # the form shows whole

    qtbot.keyClick(call, Qt.Key.Key_Escape)
    qtbot.waitUntil(last_time.isVisible)
    qtbot.keyClick(call, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: not last_time.isVisible())
    qtbot.keyClick(call, Qt.Key.Key_Escape)
    qtbot.waitUntil(last_time.isVisible)


def test_a_wide_call_screen_can_be_made_640_px_in_one_step(
    qtbot, app_look: None, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """As a desktop's tiling does beside a softphone: before, the name beside the buttons
    asked for its longest word's width there, and the window could not be made narrower
    than 713 px in one step."""
    contact_id = services.contacts.add(
        Contact(
            name="Max von Hohenberg-Wittelsbach",
            time_zone="Europe/Berlin",
            phones=[Phone("+49 89 1234 5678"), Phone("+49 170 1234567")],
        )
    )
    call = open_call(qtbot, window, contact_id)
    call.resize(1080, 780)
    qtbot.waitUntil(lambda: call.width() == 1080)
    assert not call.header.name_on_own_row
    assert call.minimumSizeHint().width() <= 640


def test_a_promise_made_on_a_friday_is_due_monday_morning_unless_she_says_otherwise(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    # Friday 27 November, 15:00 in Paris: "tomorrow 09:00" would be a Saturday.
    clock.set(datetime(2026, 11, 27, 14, 0, tzinfo=UTC))
    priya = add_priya(services)
    call = open_call(qtbot, window, priya)
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    form.promise.setChecked(True)
    assert form.promise_due.text() == "Mon 30 Nov 09:00"
    assert form.promise_due.reading.text() == "= Mon 30 Nov 09:00 your time (02:00 theirs)"
