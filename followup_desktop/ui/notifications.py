"""Desktop notifications: one base, three senders, tried in order until one takes it.

1. ``DBusNotifier`` — org.freedesktop.Notifications over the session bus, through the
   pure-Python jeepney (QtDBus cannot build the ``u`` argument from Python). Used
   wherever that service exists (every Linux desktop, with or without a tray), because
   it is the only sender with buttons (Open, Snooze 5 min, Snooze 10 min) and that says
   *which* notification was clicked. It talks to the service on a thread of its own: a service
   that hangs would otherwise hold the window for its five-second timeout per notice;
   a notice it does not take goes to the next sender when that timeout ends. One notice
   per call or promise: a later reminder of it replaces its notice, and the notice is
   closed once the reminder timer's look finds the call logged, moved, snoozed or
   cancelled (``withdraw``); a group's, once all of its are, and it lists those left
   meanwhile.
2. ``TrayNotifier`` — ``QSystemTrayIcon.showMessage`` (Windows, macOS, or a Linux tray
   without a notification service). No buttons: a click opens the last one shown.
3. ``WindowNotifier`` — no tray, no service: the window is the home; the message goes
   into its status bar and the taskbar entry asks for attention.
"""

from __future__ import annotations

import html
import logging
import queue
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, MatchRule, new_method_call  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.threading import (  # type: ignore[import-untyped]
    DBusRouter,
    Proxy,
    open_dbus_connection,
)
from jeepney.low_level import HeaderFields  # type: ignore[import-untyped]
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from followup_desktop.core.reminders import Notice, Reminded, without

log = logging.getLogger(__name__)

# With Open, three buttons: GNOME shows a notice's first three and drops the rest. Not
# 15: at a call's "in 15 min" notice it would only come back at the call's own "now".
SNOOZE_CHOICES = (5, 10)
APP_NAME = "FollowUp"
DESKTOP_ENTRY = "com.followupapp.FollowUp"


class Notifier(QObject):
    """A way to put a notice on screen; reports clicks back as signals."""

    open_requested = Signal(object)  # Notice
    snooze_requested = Signal(object, int)  # Notice, minutes
    # A notice ``send`` took but could not show after all: the next sender shows it.
    refused = Signal(object)  # Notice
    name = "base"

    def send(self, notice: Notice) -> bool:
        """True when the notice is on its way; False lets the next sender try."""
        raise NotImplementedError

    def on_screen(self) -> set[Reminded]:
        """What the notices this sender still shows remind of (only one that can tell)."""
        return set()

    def withdraw(self, done: Collection[Reminded]) -> None:
        """Take off the screen each notice that reminds of nothing but ``done``, and say
        a group again without it."""

    def close(self) -> None:
        """Release what the sender holds (a bus connection)."""


@dataclass(frozen=True, slots=True)
class NotificationBus:
    """A session-bus connection to the notification service, listening for its clicks:
    what ``open_notification_bus`` makes (off the UI thread) and ``DBusNotifier`` uses."""

    router: Any
    connection: Any
    clicks: Any  # the router's filter: a queue of the service's signals
    markup: bool
    # The bus's word that the service's name changed hands, into the same queue.
    owners: Any = None


_BUS = "org.freedesktop.DBus"
NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)


def open_notification_bus() -> NotificationBus | None:
    """The notification service on the session bus, or None when there is no bus or no
    service. Blocking (the bus may start the service first): run it on a worker."""
    try:
        connection = open_dbus_connection("SESSION")
    except Exception as error:  # no bus: a normal state on Windows/macOS
        log.info("no session bus for notifications: %s", error)
        return None
    router = DBusRouter(connection)
    try:
        bus = Proxy(message_bus, router, timeout=2)
        service = "org.freedesktop.Notifications"
        (owned,) = bus.NameHasOwner(service)
        (activatable,) = bus.ListActivatableNames()
        if not owned and service not in activatable:
            raise LookupError("no notification service on the session bus")
        where = {"interface": service, "path": "/org/freedesktop/Notifications"}
        clicks = router.filter(MatchRule(type="signal", **where), queue=queue.Queue())
        # The bus passes on the service's own broadcast signals only; a signal sent to
        # FollowUp by name passes any rule, and the router's filter sees unique names,
        # not well-known ones: ``DBusNotifier`` checks each signal's sender as well.
        bus.AddMatch(MatchRule(type="signal", sender=service, **where))
        # A service that stops (a crash, a desktop update) takes its notices with it
        # and says nothing of them: the bus says when its name leaves its owner.
        handover = MatchRule(
            type="signal",
            sender=_BUS,
            interface=_BUS,
            path="/org/freedesktop/DBus",
            member="NameOwnerChanged",
        )
        handover.add_arg_condition(0, service)
        owners = router.filter(handover, queue=clicks.queue)
        bus.AddMatch(handover)
    except Exception as error:
        log.info("desktop notifications unavailable: %s", error)
        router.close()
        connection.close()
        return None
    return NotificationBus(router, connection, clicks, _reads_markup(router), owners)


def _reads_markup(router: Any) -> bool:
    try:
        reply = router.send_and_get_reply(
            new_method_call(NOTIFICATIONS, "GetCapabilities"), timeout=5
        )
    except Exception as error:
        log.info("notification capabilities unknown: %s", error)
        return False
    return "body-markup" in reply.body[0]


class DBusNotifier(Notifier):
    name = "dbus"
    _signal_arrived = Signal(object)  # a jeepney Message, from the listener thread
    # The service's id, the Notice and the service's unique name, from the sender thread.
    _delivered = Signal(int, object, str, int)

    def __init__(self, bus: NotificationBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._router = bus.router
        self._address = NOTIFICATIONS
        self._shown: dict[int, Notice] = {}
        # Who answered Notify: only its clicks count. Any program on the session bus can
        # send ActionInvoked or NotificationClosed with an id it guessed (or saw), and
        # could otherwise open a call or snooze a reminder the rep never clicked.
        self._service: str | None = None
        self._markup = bus.markup
        self._queue: queue.Queue[Any] = bus.clicks.queue
        # For the sender thread, in order: a notice and the id of the one it replaces
        # (0: none), the id of one to close, or None to stop.
        self._outbox: queue.Queue[tuple[Notice, int] | int | None] = queue.Queue()
        self._closing = False
        self._signal_arrived.connect(self._on_signal)
        self._delivered.connect(self._remember)
        self._listener = threading.Thread(target=self._listen, name="notifications", daemon=True)
        self._listener.start()
        self._sender = threading.Thread(target=self._send_all, name="notify", daemon=True)
        self._sender.start()

    def send(self, notice: Notice) -> bool:
        """Handed to the sender thread, in order; one the service does not take comes
        back through ``refused``. A later reminder of the same call or promise takes the
        place of its notice still on screen ("in 15 min" becomes "now"), not one more."""
        replaces = next(
            (
                shown_id
                for shown_id, shown in self._shown.items()
                if notice.single is not None and shown.single == notice.single
            ),
            0,
        )
        self._outbox.put((notice, replaces))
        return True

    def on_screen(self) -> set[Reminded]:
        return {item for notice in self._shown.values() for item in notice.about}

    def withdraw(self, done: Collection[Reminded]) -> None:
        """A notice about nothing but ``done`` is closed; a group with some of it done
        says the rest in its place ("2 reminders due now")."""
        for shown_id, notice in list(self._shown.items()):
            left = without(notice, done)
            if left is None:
                del self._shown[shown_id]  # a click on it meanwhile opens nothing
                self._outbox.put(shown_id)
            elif left != notice:
                self._shown[shown_id] = left  # a click meanwhile opens what is left
                self._outbox.put((left, shown_id))

    def _send_all(self) -> None:
        while True:
            job = self._outbox.get()
            if job is None:
                return
            if isinstance(job, int):
                self._close_notification(job)
                continue
            notice, replaces = job
            shown = self._notify(notice, replaces)
            if self._closing:
                return  # quitting: the connection was closed under the call
            if shown is None:
                self.refused.emit(notice)
            else:
                self._delivered.emit(shown[0], notice, shown[1], replaces)

    def _remember(self, notification_id: int, notice: Notice, service: str, replaced: int) -> None:
        # A service that no longer had the replaced one (it restarted, or dropped it
        # unsaid) shows the notice under a new id: the old id is on screen no more.
        if replaced != notification_id:
            self._shown.pop(replaced, None)
        self._shown[notification_id] = notice
        self._service = service  # a restarted service answers under a new unique name

    def _close_notification(self, notification_id: int) -> None:
        message = new_method_call(self._address, "CloseNotification", "u", (notification_id,))
        try:
            self._router.send_and_get_reply(message, timeout=5)
        except Exception as error:  # it stays on screen; a click on it opens nothing
            log.warning("notification %s not closed: %s", notification_id, error)

    def _notify(self, notice: Notice, replaces: int = 0) -> tuple[int, str] | None:
        """The service's id for the shown notice and the service's unique name; None
        when it did not take it."""
        actions = ["default", "Open", "open", "Open"]
        if notice.can_snooze:
            for minutes in SNOOZE_CHOICES:
                actions += [f"snooze-{minutes}", f"Snooze {minutes} min"]
        body = html.escape(notice.body, quote=False) if self._markup else notice.body
        hints = {
            "desktop-entry": ("s", DESKTOP_ENTRY),
            "urgency": ("y", 1),
            "category": ("s", "x-followup.reminder"),
        }
        message = new_method_call(
            self._address,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, replaces, "appointment-soon", notice.title, body, actions, hints, -1),
        )
        try:
            reply = self._router.send_and_get_reply(message, timeout=5)
        except Exception as error:
            log.warning("notification not delivered over D-Bus: %s", error)
            return None
        if reply.header.message_type.name != "method_return":
            log.warning("notification refused: %s", reply.body)
            return None
        return int(reply.body[0]), str(reply.header.fields.get(HeaderFields.sender, ""))

    def _listen(self) -> None:
        while True:
            message = self._queue.get()
            if message is None:
                return
            self._signal_arrived.emit(message)

    def _on_signal(self, message: Any) -> None:
        member = message.header.fields.get(HeaderFields.member)
        sender = message.header.fields.get(HeaderFields.sender)
        if member == "NameOwnerChanged" and sender == _BUS:
            self._owner_changed(*message.body)
            return
        if self._service is None or sender != self._service:
            log.info("ignored %s from %s: not the notification service", member, sender)
            return
        log.debug("notification signal %s %s", member, message.body)
        if member == "ActionInvoked":
            notification_id, action = message.body
            notice = self._shown.get(int(notification_id))
            if notice is None:
                return  # another application's notification
            if action.startswith("snooze-"):
                self.snooze_requested.emit(notice, int(action.removeprefix("snooze-")))
            else:
                self.open_requested.emit(notice)
        elif member == "NotificationClosed":
            self._shown.pop(int(message.body[0]), None)

    def _owner_changed(self, name: str, old_owner: str, _new_owner: str) -> None:
        """The service's notices went with its old owner: none is on screen any more, and
        a later reminder is a new notice, not one replacing a notice that is gone."""
        if name == NOTIFICATIONS.bus_name and old_owner and old_owner == self._service:
            log.info("the notification service restarted: its notices are gone")
            self._shown.clear()
            self._service = None

    def close(self) -> None:
        self._closing = True
        self._queue.put(None)
        self._outbox.put(None)
        try:
            if self._bus.owners is not None:
                self._bus.owners.close()
            self._bus.clicks.close()
            self._bus.router.close()
            self._bus.connection.close()
        except Exception:  # closing at exit must never raise
            log.debug("closing the notification connection", exc_info=True)


class TrayNotifier(Notifier):
    name = "tray"

    def __init__(self, icon: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icon = icon
        self._last: Notice | None = None
        icon.messageClicked.connect(self._clicked)

    def send(self, notice: Notice) -> bool:
        if not self._icon.isVisible():
            return False
        self._last = notice
        self._icon.showMessage(
            notice.title, notice.body, QSystemTrayIcon.MessageIcon.Information, 15_000
        )
        return True

    def _clicked(self) -> None:
        if self._last is not None:
            self.open_requested.emit(self._last)


class WindowNotifier(Notifier):
    name = "window"

    def __init__(self, window: QMainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window

    def send(self, notice: Notice) -> bool:
        first_line = notice.body.splitlines()[0] if notice.body else ""
        self._window.statusBar().showMessage(f"{notice.title} — {first_line}", 120_000)
        QApplication.alert(self._window, 0)
        return True


class NotificationCenter(QObject):
    """The senders in order of preference; the first that takes a notice shows it.

    ``waiting``: a better sender (the D-Bus one) is still being connected on a worker;
    notices are held, not sent through a lesser one, until ``arrived`` says how it went."""

    open_requested = Signal(object)
    snooze_requested = Signal(object, int)

    def __init__(
        self, senders: list[Notifier], parent: QObject | None = None, *, waiting: bool = False
    ) -> None:
        super().__init__(parent)
        self.senders: list[Notifier] = []
        self._held: list[Notice] | None = [] if waiting else None
        self._closed = False
        for sender in senders:
            self._adopt(sender)
        if not waiting:
            self._say_which()

    def _adopt(self, sender: Notifier, first: bool = False) -> None:
        sender.setParent(self)
        sender.open_requested.connect(self.open_requested)
        sender.snooze_requested.connect(self.snooze_requested)
        sender.refused.connect(lambda notice: self._instead(sender, notice))
        self.senders.insert(0 if first else len(self.senders), sender)

    def _instead(self, refused_by: Notifier, notice: Notice) -> None:
        """A notice ``refused_by`` took but could not show: the senders after it try."""
        if self._closed or refused_by not in self.senders:
            return
        after = self.senders[self.senders.index(refused_by) + 1 :]
        shown = next((sender.name for sender in after if sender.send(notice)), None)
        if shown is None:
            log.error("no way to show the reminder %r", notice.title)
        else:
            log.info("reminder via %s instead of %s: %s", shown, refused_by.name, notice.title)

    def _say_which(self) -> None:
        log.info("notifications go through: %s", ", ".join(s.name for s in self.senders))

    def arrived(self, sender: Notifier | None) -> None:
        """The awaited sender (first in line from now), or None if it could not be had;
        the notices held meanwhile go out now, in order."""
        if sender is not None and self._closed:
            sender.close()  # the app is quitting: nothing more goes out
            return
        if sender is not None:
            self._adopt(sender, first=True)
        held, self._held = self._held or [], None
        self._say_which()
        for notice in held:
            log.info("held reminder via %s: %s", self.send(notice), notice.title)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.senders]

    def on_screen(self) -> set[Reminded]:
        """What the notices still on screen remind of (those a sender can tell of)."""
        return set().union(*(sender.on_screen() for sender in self.senders))

    def withdraw(self, done: Collection[Reminded]) -> None:
        """The notices about nothing but ``done`` (logged, moved, snoozed) leave the
        screen."""
        if done:
            for sender in self.senders:
                sender.withdraw(done)

    def send(self, notice: Notice) -> str | None:
        """The name of the sender that showed it ("held" while the best one connects),
        or None if none could."""
        if self._held is not None:
            self._held.append(notice)
            return "held"
        for sender in self.senders:
            if sender.send(notice):
                return sender.name
        log.error("no way to show the reminder %r", notice.title)
        return None

    def close(self) -> None:
        self._closed = True
        for sender in self.senders:
            sender.close()


def make_center(
    window: QMainWindow,
    tray: QSystemTrayIcon | None,
    parent: QObject | None,
    in_background: Callable[..., None],
) -> NotificationCenter:
    """The window's notification center; the D-Bus sender joins it once
    ``in_background`` (``TaskRunner.run``) has connected it off the UI thread."""
    senders: list[Notifier] = []
    if tray is not None:
        senders.append(TrayNotifier(tray))
    senders.append(WindowNotifier(window))
    center = NotificationCenter(senders, parent, waiting=True)

    def connected(bus: NotificationBus | None) -> None:
        center.arrived(None if bus is None else DBusNotifier(bus))

    def failed(error: Exception, _details: str) -> None:
        log.info("desktop notifications unavailable: %s", error)
        center.arrived(None)

    in_background(open_notification_bus, connected, failed, owner=center)
    return center
