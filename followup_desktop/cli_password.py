"""A password for the command line: asked without echo at a terminal, else the first
line of stdin (a script pipes it in), so it never appears in a command or its history."""

from __future__ import annotations

import getpass
import sys


def read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")
