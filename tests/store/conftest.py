"""The team server and two of its people, opened as the app opens them (tests/team_logins)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from tests.team_logins import NOW, as_rep, team_server


@pytest.fixture
def server() -> Iterator[tuple[str, int]]:
    with team_server() as opened:
        yield opened


def _app_as(login: str, port: int, folder: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(folder), FixedClock(NOW), database=as_rep(port, login))
    yield opened
    opened.close()


@pytest.fixture
def ana(server: tuple[str, int], tmp_path: Path) -> Iterator[Services]:
    yield from _app_as("ana", server[1], tmp_path / "ana")


@pytest.fixture
def maria(server: tuple[str, int], tmp_path: Path) -> Iterator[Services]:
    yield from _app_as("maria", server[1], tmp_path / "maria")


@pytest.fixture
def bo(server: tuple[str, int], tmp_path: Path) -> Iterator[Services]:
    yield from _app_as("bo", server[1], tmp_path / "bo")
