"""A real, private desktop session for tests and screenshots (RECIPES.md, "Tray and
notifications on a virtual desktop"): its own D-Bus session bus, its own Xvfb display,
a StatusNotifierItem watcher and tray host, and the dunst notification daemon.

Nothing here touches the caller's desktop: the bus, the display and every XDG folder are
private and go away with ``stop()``. A missing program fails with a sentence naming the
Debian package that provides it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jeepney import DBusAddress, Properties, new_method_call  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from tests.peers.common import stop as stop_process

PROGRAMS = {
    "dbus-daemon": "dbus-daemon",
    "dbus-update-activation-environment": "dbus-bin",
    "Xvfb": "xvfb",
    "status-notifier-watcher": "haskell-status-notifier-item-utils",
    "gtk-sni-tray-standalone": "haskell-gtk-sni-tray-utils",
    "dunst": "dunst",
    "dunstctl": "dunst",
}
WATCHER = DBusAddress(
    "/StatusNotifierWatcher",
    bus_name="org.kde.StatusNotifierWatcher",
    interface="org.kde.StatusNotifierWatcher",
)
NOTIFICATIONS = "org.freedesktop.Notifications"


class DesktopSessionError(RuntimeError):
    pass


def require(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        package = PROGRAMS.get(program, program)
        raise DesktopSessionError(
            f"{program} is not installed: run scripts/bootstrap.sh (Debian package {package})"
        )
    return found


def wait_until(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception:  # not up yet: the bus name or the program is still starting
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise DesktopSessionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


class DesktopSession:
    def __init__(self, root: Path, tray: bool = True, notifications: bool = True) -> None:
        self.root = root
        self.tray = tray
        self.notifications = notifications
        self.env: dict[str, str] = {}
        self.bus_address = ""
        self.display = ""
        self._processes: list[tuple[str, subprocess.Popen[bytes]]] = []

    # Start and stop ------------------------------------------------------------------------
    def start(self) -> DesktopSession:
        for program in PROGRAMS:
            require(program)
        for folder in ("config", "data", "state", "cache", "runtime", "logs"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / "runtime").chmod(0o700)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DBUS_", "XDG_", "WAYLAND_")) and key != "DISPLAY"
        }
        env.update(
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_DATA_HOME=str(self.root / "data"),
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_CACHE_HOME=str(self.root / "cache"),
            XDG_RUNTIME_DIR=str(self.root / "runtime"),
            QT_QPA_PLATFORM="xcb",
            NO_AT_BRIDGE="1",  # GTK's accessibility bridge would look for its own bus
        )
        self.env = env
        try:
            self._start_bus()
            self._start_display()
            self._run("dbus-update-activation-environment", "DISPLAY", "XDG_RUNTIME_DIR")
            if self.tray:
                self._spawn("status-notifier-watcher")
                wait_until(lambda: self.name_has_owner(WATCHER.bus_name), "the SNI watcher")
                self._spawn("gtk-sni-tray-standalone")
                wait_until(self.host_registered, "the tray host")
            if self.notifications:
                self._start_dunst()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_dunst(self) -> None:
        self._spawn("dunst", "-config", str(self._dunst_config()))
        wait_until(
            lambda: self.name_has_owner(NOTIFICATIONS),
            f"dunst to own {NOTIFICATIONS} on the session bus",
        )
        # Owning the name is not answering: dunstctl talks to dunst's own object,
        # which is there only once dunst has opened its window on the display.
        wait_until(
            lambda: self._run("dunstctl", "count", "displayed").strip().isdigit(),
            "dunst to answer dunstctl (count displayed)",
        )

    def restart_notifications(self) -> None:
        """dunst stopped and started again, as after a crash or a desktop update: its
        notices are gone, with no NotificationClosed said of them."""
        dunst = self.process("dunst")
        stop_process(dunst)
        self._processes.remove(("dunst", dunst))
        wait_until(lambda: not self.name_has_owner(NOTIFICATIONS), "dunst to leave the bus")
        self._start_dunst()

    def _dunst_config(self) -> Path:
        # Notifications stay until acted on, so a test can read and click them.
        path = self.root / "dunstrc"
        path.write_text(
            "[global]\n    timeout = 0\n    sticky_history = yes\n    history_length = 50\n"
            '    geometry = "400x5-10+30"\n    font = DejaVu Sans 10\n'
            "[urgency_normal]\n    timeout = 0\n[urgency_low]\n    timeout = 0\n"
        )
        return path

    def _start_bus(self) -> None:
        process = subprocess.Popen(
            [require("dbus-daemon"), "--session", "--nofork", "--print-address"],
            stdout=subprocess.PIPE,
            stderr=self._log("dbus-daemon"),
            env=self.env,
        )
        self._processes.append(("dbus-daemon", process))
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        address = process.stdout.readline().decode().strip() if ready else ""
        if not address:
            raise DesktopSessionError("dbus-daemon did not print its address within 20 s")
        self.bus_address = address
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address

    def _start_display(self) -> None:
        read_end, write_end = os.pipe()
        try:
            process = subprocess.Popen(
                [
                    require("Xvfb"),
                    *("-displayfd", str(write_end)),
                    *("-screen", "0", "1280x800x24", "-nolisten", "tcp"),
                ],
                pass_fds=(write_end,),
                stderr=self._log("xvfb"),
                env=self.env,
            )
        finally:
            os.close(write_end)
        self._processes.append(("Xvfb", process))
        with os.fdopen(read_end) as pipe:
            ready, _, _ = select.select([pipe], [], [], 30)
            number = pipe.readline().strip() if ready else ""
        if not number:
            raise DesktopSessionError("Xvfb did not start within 30 s")
        self.display = f":{number}"
        self.env["DISPLAY"] = self.display

    def stop(self) -> None:
        for _name, process in reversed(self._processes):
            stop_process(process)
        self._processes.clear()

    def process(self, name: str) -> subprocess.Popen[bytes]:
        """One of the session's programs ("dunst"), to stop or pause it in a test."""
        return next(process for program, process in self._processes if program == name)

    def _log(self, name: str) -> Any:
        return open(self.root / "logs" / f"{name}.log", "ab")

    def _spawn(self, program: str, *args: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [require(program), *args],
            stdout=self._log(program),
            stderr=subprocess.STDOUT,
            env=self.env,
        )
        self._processes.append((program, process))
        return process

    def _run(self, program: str, *args: str) -> str:
        result = subprocess.run(
            [require(program), *args], env=self.env, capture_output=True, text=True, timeout=30
        )
        if result.returncode != 0:
            raise DesktopSessionError(
                f"{program} {' '.join(args)} failed: {result.stderr.strip()}\n{self.report()}"
            )
        return result.stdout

    def report(self) -> str:
        """What each helper process is doing and the end of its log: a failed check says
        whether the daemon it asked had died (and why) or was still running."""
        lines = []
        for name, process in self._processes:
            code = process.poll()
            state = "running" if code is None else f"exited with {code}"
            lines.append(f"  {name} (pid {process.pid}): {state}")
            logs = self.root / "logs"
            log = next(
                (f for f in (logs / f"{name}.log", logs / f"{name.lower()}.log") if f.exists()),
                None,
            )
            if log is not None:
                tail = log.read_text(errors="replace").strip().splitlines()[-5:]
                lines.extend(f"    | {line}" for line in tail)
        return "the desktop session's processes:\n" + "\n".join(lines)

    # Asking the desktop ----------------------------------------------------------------------
    @contextmanager
    def bus(self) -> Iterator[Any]:
        connection = open_dbus_connection(bus=self.bus_address)
        try:
            yield connection
        finally:
            connection.close()

    def call(self, message: Any) -> tuple[Any, ...]:
        with self.bus() as connection:
            reply = connection.send_and_get_reply(message, timeout=10)
        if reply.header.message_type.name == "error":
            raise DesktopSessionError(f"D-Bus error: {reply.body}")
        return tuple(reply.body)

    def name_has_owner(self, name: str) -> bool:
        return bool(self.call(message_bus.NameHasOwner(name))[0])

    def watcher_property(self, name: str) -> Any:
        (variant,) = self.call(Properties(WATCHER).get(name))
        return variant[1]

    def host_registered(self) -> bool:
        return bool(self.watcher_property("IsStatusNotifierHostRegistered"))

    def registered_items(self) -> list[str]:
        return list(self.watcher_property("RegisteredStatusNotifierItems"))

    def dunstctl(self, *args: str) -> str:
        return self._run("dunstctl", *args)

    def notifications_history(self) -> list[dict[str, Any]]:
        """Every notification dunst received, newest first: app name, summary, body, id.
        Asked over D-Bus directly: `dunstctl history` needs systemd's busctl, which a
        desktop without systemd (a container, a minimal install) does not have."""
        dunst = DBusAddress(
            "/org/freedesktop/Notifications",
            bus_name=NOTIFICATIONS,
            interface="org.dunstproject.cmd0",
        )
        try:
            (items,) = self.call(new_method_call(dunst, "NotificationListHistory"))
        except (DesktopSessionError, OSError, TimeoutError) as error:
            raise DesktopSessionError(
                f"asking dunst for its history failed: {error}\n{self.report()}"
            ) from error
        return [{key: value for key, (_signature, value) in item.items()} for item in items]

    def displayed(self) -> int:
        return int(self.dunstctl("count", "displayed").strip())

    def click(self, position: int = 0) -> None:
        """Click the notification shown at ``position`` (0: the top one): dunst invokes its
        default action, and the sender receives ActionInvoked."""
        self.dunstctl("action", str(position))

    def watch_notifications(self) -> NotificationWatch:
        return NotificationWatch(self.bus_address)

    def spawn_app(self, args: list[str], **popen: Any) -> subprocess.Popen[str]:
        return subprocess.Popen(args, env=self.env, text=True, **popen)


class NotificationWatch:
    """Everything said to and by the notification service on the bus, as it happens:
    Notify calls (with the instant they crossed the bus), their replies, ActionInvoked.
    A D-Bus monitor sees the real traffic; nothing is intercepted or altered."""

    def __init__(self, address: str) -> None:
        self.calls: list[dict[str, Any]] = []  # {"at", "serial", "sender", "summary", ...}
        self.signals: list[tuple[str, tuple[Any, ...]]] = []
        self._ids: dict[tuple[str, int], int] = {}
        self._connection = open_dbus_connection(bus=address)
        monitoring = DBusAddress(
            "/org/freedesktop/DBus",
            bus_name="org.freedesktop.DBus",
            interface="org.freedesktop.DBus.Monitoring",
        )
        rules = [
            f"type='method_call',interface='{NOTIFICATIONS}',member='Notify'",
            "type='method_return'",
            f"type='signal',interface='{NOTIFICATIONS}'",
        ]
        self._connection.send_and_get_reply(
            new_method_call(monitoring, "BecomeMonitor", "asu", (rules, 0)), timeout=10
        )
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from jeepney.low_level import HeaderFields  # type: ignore[import-untyped]

        while True:
            try:
                message = self._connection.receive()
            except Exception:  # the connection was closed: stop
                return
            fields = message.header.fields
            kind = message.header.message_type.name
            if kind == "method_call" and fields.get(HeaderFields.member) == "Notify":
                app, replaces, _icon, summary, body, actions, _hints, _timeout = message.body
                self.calls.append(
                    {
                        "at": time.time(),
                        "serial": message.header.serial,
                        "sender": fields.get(HeaderFields.sender),
                        "app": app,
                        "replaces": replaces,
                        "summary": summary,
                        "body": body,
                        "actions": list(actions),
                        "id": None,
                    }
                )
            elif kind == "method_return":
                for call in self.calls:
                    if (
                        call["id"] is None
                        and call["serial"] == fields.get(HeaderFields.reply_serial)
                        and call["sender"] == fields.get(HeaderFields.destination)
                    ):
                        call["id"] = int(message.body[0])
            elif kind == "signal" and fields.get(HeaderFields.interface) == NOTIFICATIONS:
                self.signals.append((fields.get(HeaderFields.member), tuple(message.body)))

    def close(self) -> None:
        self._connection.close()


@contextmanager
def desktop_session(
    root: Path, tray: bool = True, notifications: bool = True
) -> Iterator[DesktopSession]:
    session = DesktopSession(root, tray, notifications).start()
    try:
        yield session
    finally:
        session.stop()


def send_notify(session: DesktopSession, summary: str) -> int:
    """Notify as any application would (for checking the harness itself)."""
    address = DBusAddress(
        "/org/freedesktop/Notifications", bus_name=NOTIFICATIONS, interface=NOTIFICATIONS
    )
    message = new_method_call(
        address, "Notify", "susssasa{sv}i", ("test", 0, "", summary, "", [], {}, -1)
    )
    return int(session.call(message)[0])


# X windows, through libX11 itself (no xdotool on this machine) -----------------------------


class _XClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessage), ("pad", ctypes.c_long * 24)]


class _XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("class", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


IS_VIEWABLE = 2
CLIENT_MESSAGE = 33
REVERT_TO_PARENT = 2
XK_RETURN = 0xFF0D


class XWindows:
    """Find the app's top-level windows by title; ask one to close as a window manager's
    close button does (WM_DELETE_WINDOW), which reaches Qt's closeEvent."""

    def __init__(self, display: str) -> None:
        path = ctypes.util.find_library("X11")
        if path is None:
            raise DesktopSessionError("libX11 is missing (Debian package libx11-6)")
        self._x = ctypes.CDLL(path)
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XInternAtom.restype = ctypes.c_ulong
        self._x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self._x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, *[ctypes.c_void_p] * 4]
        self._x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        self._x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        self._x.XSendEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_long,
            ctypes.c_void_p,
        ]
        self._x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            *[ctypes.c_void_p] * 5,
        ]
        self._x.XFree.argtypes = [ctypes.c_void_p]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise DesktopSessionError(f"cannot open X display {display}")

    def close(self) -> None:
        self._x.XCloseDisplay(self._display)

    def _children(self, window: int) -> list[int]:
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        self._x.XQueryTree(
            self._display,
            window,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(children),
            ctypes.byref(count),
        )
        found = [children[i] for i in range(count.value)]
        if children:
            self._x.XFree(children)
        return found

    def _name(self, window: int) -> str:
        # _NET_WM_NAME (UTF-8) first: WM_NAME cannot carry "—" as plain STRING.
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        count, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        status = self._x.XGetWindowProperty(
            self._display,
            window,
            self._x.XInternAtom(self._display, b"_NET_WM_NAME", 0),
            0,
            1024,
            0,
            self._x.XInternAtom(self._display, b"UTF8_STRING", 0),
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(count),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status == 0 and data:
            text = ctypes.string_at(data, count.value).decode("utf-8", "replace")
            self._x.XFree(data)
            if text:
                return text
        name = ctypes.c_char_p()
        if self._x.XFetchName(self._display, window, ctypes.byref(name)) and name.value:
            text = name.value.decode("utf-8", "replace")
            self._x.XFree(name)
            return text
        return ""

    def viewable(self, title: str) -> list[int]:
        """Mapped top-level windows titled ``title`` (Qt may add " — FollowUp")."""
        root = self._x.XDefaultRootWindow(self._display)
        found = []
        for window in self._children(root):
            name = self._name(window)
            if name != title and not name.startswith(f"{title} — "):
                continue
            attributes = _XWindowAttributes()
            self._x.XGetWindowAttributes(self._display, window, ctypes.byref(attributes))
            if attributes.map_state == IS_VIEWABLE:
                found.append(window)
        return found

    def position(self, window: int) -> tuple[int, int]:
        attributes = _XWindowAttributes()
        self._x.XGetWindowAttributes(self._display, window, ctypes.byref(attributes))
        return attributes.x, attributes.y

    def titles(self) -> list[str]:
        root = self._x.XDefaultRootWindow(self._display)
        return [name for w in self._children(root) if (name := self._name(w))]

    def press_return(self, window: int) -> None:
        """Give ``window`` the keyboard and press Return on it, as the rep's keyboard does
        (XTEST): a dialog answers with its default button."""
        path = ctypes.util.find_library("Xtst")
        if path is None:
            raise DesktopSessionError("libXtst is missing (Debian package libxtst6)")
        xtest = ctypes.CDLL(path)
        xtest.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self._x.XSetInputFocus.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self._x.XKeysymToKeycode.restype = ctypes.c_ubyte
        self._x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self._x.XSetInputFocus(self._display, window, REVERT_TO_PARENT, 0)
        keycode = self._x.XKeysymToKeycode(self._display, XK_RETURN)
        for down in (1, 0):
            xtest.XTestFakeKeyEvent(self._display, keycode, down, 0)
        self._x.XFlush(self._display)

    def request_close(self, window: int) -> None:
        protocols = self._x.XInternAtom(self._display, b"WM_PROTOCOLS", 0)
        delete = self._x.XInternAtom(self._display, b"WM_DELETE_WINDOW", 0)
        event = _XEvent()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = window
        event.xclient.message_type = protocols
        event.xclient.format = 32
        event.xclient.data[0] = delete
        self._x.XSendEvent(self._display, window, 0, 0, ctypes.byref(event))
        self._x.XFlush(self._display)
