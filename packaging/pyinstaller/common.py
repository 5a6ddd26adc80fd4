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
    "IPython",
    "numpy",
]

# Files of the collected tree (destination paths, shell patterns) left out.
EXCLUDED_FILES = [
    # Qt's own translations: FollowUp's UI is English and loads no QTranslator
    "PySide6/Qt/translations/*",
    # Platforms other than X11 and Wayland desktops (framebuffer, EGLFS, VNC, Vulkan
    # display; offscreen and minimal are for servers and tests)
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqminimal.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/generic/*",
    "*libQt6EglFSDeviceIntegration.so*",
    "*libQt6EglFsKmsSupport.so*",
    # The GTK 3 theme pulls in GTK, GDK, ATK, Cairo and Pango (15 MB); FollowUp draws with
    # Fusion and reads the dark/light scheme through Qt's own GNOME/portal support
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    # Images: only the SVG icon is ever loaded (PNG is built into QtGui)
    "PySide6/Qt/plugins/imageformats/libqgif.so",
    "PySide6/Qt/plugins/imageformats/libqicns.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/imageformats/libqtga.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/imageformats/libqwbmp.so",
    "PySide6/Qt/plugins/imageformats/libqwebp.so",
    # QtNetwork serves only the local single-instance socket: no TLS, no reachability
    "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/plugins/networkinformation/*",
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
