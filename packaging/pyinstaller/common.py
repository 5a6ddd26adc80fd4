"""What the PyInstaller recipes of every platform share: the entry point, the data the
bundle carries, and what is trimmed out of it. Imported by packaging/*/followup.spec.

Trimming (packaging/README.md has the sizes before and after): FollowUp uses QtCore, QtGui,
QtWidgets and QtNetwork (local sockets), and QtSvg's plugins for its icon. Everything the
PySide6 hooks collect beyond that, Qt's translations (the UI is not translated), database
drivers other than SQLite's and test tools are left out.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = str(ROOT / "packaging" / "pyinstaller" / "launcher.py")
APP_ID = "com.followupapp.FollowUp"
# PyInstaller turns it into the .ico (Windows) or .icns (macOS) it needs, with Pillow.
ICON_PNG = str(ROOT / "resources" / "icons" / "hicolor" / "512x512" / "apps" / f"{APP_ID}.png")

sys.path.insert(0, str(ROOT))


def datas() -> list[tuple[str, str]]:
    """Shipped resources and the Alembic scripts, where installed code looks for them
    (``paths.resources_dir()``, ``store.migrate.MIGRATIONS``)."""
    return [
        (str(ROOT / "resources"), "followup_desktop/resources"),
        (
            str(ROOT / "followup_desktop" / "store" / "migrations"),
            "followup_desktop/store/migrations",
        ),
    ]


# Imported by the migration scripts, which PyInstaller does not read (they are data).
HIDDEN_IMPORTS = [
    "followup_desktop.store.schema",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "alembic.op",
    # zoneinfo reads it through importlib.resources where the system has no time zone
    # database (Windows, minimal Linux); PyInstaller cannot see that import
    "tzdata",
    # A contact's zone from their number (core.contact_rules.zone_for_number), imported
    # on the first number that needs it
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
]

EXCLUDED_MODULES = [
    # Qt modules the app never imports
    "PySide6.QtDBus",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvgWidgets",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    # Database drivers: the app's store is SQLite (the PostgreSQL checks are tests only)
    "psycopg",
    "psycopg_binary",
    "psycopg2",
    "pymysql",
    "MySQLdb",
    "pysqlite2",
    "asyncpg",
    "cx_Oracle",
    "oracledb",
    "pyodbc",
    # Optional: icalendar works with zoneinfo; pytz is only its alternative provider
    "pytz",
    # phonenumbers' place names and carriers (FollowUp parses and formats numbers and
    # reads their time zones, a 250 KB table kept above): 6 MB of tables
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    # Syntax highlighting, reached only from Mako's optional plugin and rich
    "pygments",
    "rich",
    # Test and build tools that can be reached from optional imports
    "pytest",
    "_pytest",
    "hypothesis",
    "radicale",
    "vobject",
    "importlinter",
    "mypy",
    "setuptools",
    "pkg_resources",
    "pip",
    "tkinter",
    "_tkinter",
    # Interactive consoles only (it brings libreadline and libtinfo)
    "readline",
    "IPython",
    "numpy",
]

# Files of the collected tree (destination paths or base names, shell patterns) left out.
# Written for every platform's layout: PySide6/Qt/plugins and PySide6/Qt/translations on
# Linux and macOS, PySide6/plugins and PySide6/translations on Windows.
EXCLUDED_FILES = [
    # Qt's own translations: FollowUp's UI is English and loads no QTranslator
    "*/translations/*",
    # Platforms other than the desktop's own (X11/Wayland, Windows, Cocoa): framebuffer,
    # EGLFS, VNC, Vulkan display; offscreen and minimal are for servers and tests
    *(
        f"*/plugins/platforms/*{name}.*"
        for name in (
            "qeglfs",
            "qlinuxfb",
            "qminimal",
            "qminimalegl",
            "qoffscreen",
            "qvkkhrdisplay",
            "qvnc",
            "qdirect2d",
        )
    ),
    "*/plugins/egldeviceintegrations/*",
    "*/plugins/generic/*",
    "*Qt6EglFSDeviceIntegration*",
    "*Qt6EglFsKmsSupport*",
    # The GTK 3 theme pulls in GTK, GDK, ATK, Cairo and Pango (15 MB); FollowUp draws with
    # Fusion and reads the dark/light scheme through Qt's own GNOME/portal support
    "*/plugins/platformthemes/*qgtk3.*",
    # Images: only the SVG icon is ever loaded (PNG is built into QtGui)
    *(
        f"*/plugins/imageformats/*{name}.*"
        for name in ("qgif", "qicns", "qico", "qjpeg", "qtga", "qtiff", "qwbmp", "qwebp", "qpdf")
    ),
    # QtNetwork serves only the local single-instance socket: no TLS, no reachability
    "*/plugins/tls/*",
    "*/plugins/networkinformation/*",
    # Wayland: desktops use xdg-shell; the other shells are for embedded compositors, and
    # the "server" buffer integrations for apps that are compositors themselves
    *(
        f"*/plugins/wayland-shell-integration/*{name}.*"
        for name in ("fullscreen-shell-v1", "ivi-shell", "qt-shell", "wl-shell-plugin")
    ),
    *(
        f"*/plugins/wayland-graphics-integration-client/*{name}.*"
        for name in ("dmabuf-server", "drm-egl-server", "shm-emulation-server", "vulkan-server")
    ),
    # Windows: Mesa's software OpenGL (20 MB), a fallback for OpenGL apps; widgets draw
    # without OpenGL
    "opengl32sw.dll",
]

# Linux only: libraries every desktop has and that must match the desktop's own (its
# OpenGL driver, font configuration, X and D-Bus servers); a bundled copy is dead weight at
# best and at worst breaks them (an older libstdc++ than the GL driver's, fontconfig older
# than the system's fonts.conf). The less common xcb-util libraries Qt needs
# (libxcb-cursor0 & co.) stay in the bundle: stock Ubuntu desktops lack some of them.
HOST_LIBRARIES = [
    "libstdc++.so.*",
    "libgcc_s.so.*",
    "libGL.so.*",
    "libEGL.so.*",
    "libGLX.so.*",
    "libGLdispatch.so.*",
    "libOpenGL.so.*",
    "libdrm.so.*",
    "libgbm.so.*",
    "libfontconfig.so.*",
    "libfreetype.so.*",
    "libharfbuzz.so.*",
    "libgraphite2.so.*",
    "libpng16.so.*",
    "libbrotli*.so.*",
    "libexpat.so.*",
    "libX11.so.*",
    "libX11-xcb.so.*",
    "libXau.so.*",
    "libXdmcp.so.*",
    "libXext.so.*",
    "libXrender.so.*",
    "libXfixes.so.*",
    "libXi.so.*",
    "libxcb.so.*",
    "libxcb-dri2.so.*",
    "libxcb-dri3.so.*",
    "libxcb-glx.so.*",
    "libxcb-present.so.*",
    "libxcb-randr.so.*",
    "libxcb-render.so.*",
    "libxcb-shape.so.*",
    "libxcb-shm.so.*",
    "libxcb-sync.so.*",
    "libxcb-xfixes.so.*",
    "libxcb-xinput.so.*",
    "libxkbcommon.so.*",
    "libwayland-*.so.*",
    "libdbus-1.so.*",
    "libsystemd.so.*",
    "libglib-2.0.so.*",
    "libgobject-2.0.so.*",
    "libgio-2.0.so.*",
    "libgmodule-2.0.so.*",
    "libgthread-2.0.so.*",
    "libpcre2-8.so.*",
    "libmount.so.*",
    "libblkid.so.*",
    "libselinux.so.*",
    "libuuid.so.*",
    "libcap.so.*",
    "libgcrypt.so.*",
    "libgpg-error.so.*",
    "liblz4.so.*",
    "libzstd.so.*",
    "libbsd.so.*",
    "libmd.so.*",
    # Only the GTK 3 theme (left out above) needed these
    "libgtk-3.so.*",
    "libgdk-3.so.*",
    "libgdk_pixbuf-2.0.so.*",
    "libatk-1.0.so.*",
    "libatk-bridge-2.0.so.*",
    "libatspi.so.*",
    "libcairo.so.*",
    "libcairo-gobject.so.*",
    "libpango-1.0.so.*",
    "libpangocairo-1.0.so.*",
    "libpangoft2-1.0.so.*",
    "libpixman-1.so.*",
    "libfribidi.so.*",
    "libthai.so.*",
    "libdatrie.so.*",
    "libepoxy.so.*",
    "libjpeg.so.*",
    "libXcomposite.so.*",
    "libXcursor.so.*",
    "libXdamage.so.*",
    "libXinerama.so.*",
    "libXrandr.so.*",
]


def _excluded(dest: str, patterns: list[str]) -> bool:
    name = dest.replace("\\", "/")
    base = name.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(base, p) for p in patterns)


def trim(
    toc: list[tuple[str, str, str]], host_libraries: bool = False
) -> list[tuple[str, str, str]]:
    """``toc`` (PyInstaller's (dest, source, kind) entries) without the excluded files;
    with ``host_libraries``, without the desktop's own libraries either (Linux)."""
    patterns = EXCLUDED_FILES + (HOST_LIBRARIES if host_libraries else [])
    return [entry for entry in toc if not _excluded(entry[0], patterns)]
