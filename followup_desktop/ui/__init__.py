"""The Qt side of FollowUp: the only package that imports PySide6.

Importing it puts Python's own import back in place of PySide6's. PySide6 hooks every
import made after it to read the imported module's source (looking for its optional
``__feature__`` switches, which FollowUp does not use): that read keeps every module's
lines in memory and slows each import. Measured on the 100k book with the store's
modules imported after Qt: 139 MB resident and the hook's reads in the start-up path,
against 116 MB without the hook.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  (installs the hook this module takes out again)


def _plain_import() -> None:
    hooked = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    # Only when the hook is PySide6's own (a debugger's or a test's hook stays).
    if original is not None and builtins.__import__ is hooked:
        builtins.__import__ = original


_plain_import()
