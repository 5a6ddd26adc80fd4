"""Screenshots of the tray menu and a reminder, from the real app in a real (private)
desktop session: Xvfb, an SNI watcher and tray host, dunst (tests/desktop_session.py).

    .venv/bin/python scripts/screenshots_tray.py [OUTPUT_DIR]    (default docs/screenshots)

Makes 12-tray-menu.png and 13-notification.png: whole-screen captures (``import -window
root``), so they show what a rep would see, host and daemon included.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from followup_desktop.core.model import Contact, Outcome  # noqa: E402
from followup_desktop.paths import AppPaths  # noqa: E402
from followup_desktop.services.session import open_services  # noqa: E402
from tests.desktop_session import DesktopSession, XWindows, require, wait_until  # noqa: E402

LEAD = timedelta(minutes=15)
PEOPLE = [
    ("Jane Smith", "Acme, Inc.", "Europe/Helsinki", "review the proposal", LEAD),
    (
        "Marcus O'Neil",
        "Brightline",
        "America/New_York",
        "agree the pilot start",
        timedelta(hours=2),
    ),
    ("Priya Raman", "Raman Studio", "Asia/Kolkata", "confirm the budget", timedelta(hours=3)),
]


def seed(data: Path, margin: timedelta) -> None:
    services = open_services(AppPaths(data))
    try:
        now = datetime.now(UTC)
        for name, company, zone, objective, later in PEOPLE:
            contact_id = services.contacts.add(Contact(name=name, company=company, time_zone=zone))
            due = (now + later + margin).replace(microsecond=0)
            services.followups.log(
                contact_id, Outcome.CONNECTED, agreed_next=due, objective=objective
            )
    finally:
        services.close()


def capture(session: DesktopSession, path: Path) -> None:
    subprocess.run(
        [require("import"), "-window", "root", str(path)], env=session.env, check=True, timeout=60
    )
    print(path)


def right_click(display: str, x: int, y: int) -> None:
    """A pointer click through XTest, as a rep's mouse would make it."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xtest = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XFlush.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xtest.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p] + [ctypes.c_int] * 3 + [ctypes.c_ulong]
    xtest.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int]
    xtest.XTestFakeButtonEvent.argtypes += [ctypes.c_ulong]
    handle = xlib.XOpenDisplay(display.encode())
    xtest.XTestFakeMotionEvent(handle, 0, x, y, 0)
    xlib.XFlush(handle)
    time.sleep(0.2)
    for pressed in (1, 0):
        xtest.XTestFakeButtonEvent(handle, 3, pressed, 0)
        xlib.XFlush(handle)
        time.sleep(0.05)
    xlib.XCloseDisplay(handle)


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="followup-tray-shots-") as scratch:
        root = Path(scratch)
        data = root / "followup-data"
        seed(data, timedelta(seconds=6))
        session = DesktopSession(root / "desktop").start()
        session.env["PYTHONPATH"] = str(ROOT)
        app = session.spawn_app(
            [sys.executable, "-m", "followup_desktop", "--data-dir", str(data), "--minimized"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(session.registered_items, "the tray icon", 30)
            wait_until(lambda: session.displayed() >= 1, "the reminder", 40)
            time.sleep(0.8)  # dunst and the tray host paint a moment after
            capture(session, output / "13-notification.png")
            session.dunstctl("close-all")
            windows = XWindows(session.display)
            try:
                (host,) = windows.viewable("gtk-sni-tray-standalone")[:1]
                x, y = windows.position(host)
            finally:
                windows.close()
            right_click(session.display, x + 12, y + 12)
            time.sleep(0.8)
            capture(session, output / "12-tray-menu.png")
        finally:
            app.terminate()
            app.wait(timeout=30)
            session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
