"""The laptop's own zone for a test, as the C library reads it (``TZ`` then ``tzset``):
what ``datetime.astimezone()`` with no zone converts to. Setting ``TZ`` alone changes
only what FollowUp reads as the computer's zone, not that conversion."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def laptop_zone(name: str) -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
