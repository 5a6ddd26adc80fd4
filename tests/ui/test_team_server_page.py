"""Settings › Team server against a real PostgreSQL reached over TCP with a password, and
a real Secret Service keyring: "Test connection" answers in plain words (connected, no
FollowUp data yet, a wrong password, a server away, TLS the server does not offer);
Save keeps the choice beside the book and the password in the keyring, and from then on
the command line (as the window at its next start) opens the team's book."""

from __future__ import annotations

import io
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTabWidget

from followup_desktop import cli
from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.services.team import migrate
from followup_desktop.services.team_choice import CHOICE_FILE, chosen
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings_dialog import SettingsDialog
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.team_server_page import TITLE, TeamServerPage
from tests.postgres_server import postgres_server

PASSWORD = "s3cret 'quoted'"
pytestmark = pytest.mark.usefixtures("keyring_bus")


@pytest.fixture
def server() -> Iterator[tuple[str, int]]:
    """The server's socket URL (for the test's own set-up) and its TCP port."""
    with postgres_server(password=PASSWORD) as url:
        yield url, int(url.rsplit("port=", 1)[1])


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot, services: Services) -> TeamServerPage:  # type: ignore[no-untyped-def]
    from followup_desktop.services.team import try_server

    tasks = TaskRunner()
    page = TeamServerPage(None, str(services.paths.data_dir), try_server, tasks)
    qtbot.addWidget(page)
    page.show()
    return page


def fill(page: TeamServerPage, port: int, password: str = PASSWORD, tls: str = "disable") -> None:
    page.use.setChecked(True)
    page.host.setText("127.0.0.1")
    page.port.setValue(port)
    page.database.setText("postgres")
    page.user.setText("followup")
    page.password.setText(password)
    page.tls.setCurrentIndex(page.tls.findData(tls))


def said_on_test(qtbot, page: TeamServerPage) -> str:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=20_000)
    assert time.monotonic() - started < 10  # a plain answer within seconds, whatever it is
    return page.result.text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_test_connection_says_what_it_found_in_plain_words(
    qtbot, page: TeamServerPage, server: tuple[str, int]
) -> None:  # type: ignore[no-untyped-def]
    url, port = server
    fill(page, port)
    assert "holds no FollowUp data yet: an admin runs `followup --database URL db migrate`" in (
        said_on_test(qtbot, page)
    )
    migrate(url)
    assert said_on_test(qtbot, page) == (
        "Connected to 127.0.0.1 as followup: the team's book is there (0 contacts) "
        "at this FollowUp's schema."
    )
    fill(page, port, password="wrong")
    said = said_on_test(qtbot, page)
    assert said.startswith(
        "⚠ the team server 127.0.0.1 refused the password of followup: if it was changed, "
        "type the new one in Settings › Team server"
    ) and said.endswith('(the server said: password authentication failed for user "followup")')
    assert "wrong" not in said  # the password typed is never shown back
    fill(page, port, tls="require")
    assert said_on_test(qtbot, page).startswith(
        "⚠ the team server 127.0.0.1 offers no encryption (TLS), which this connection asks "
        "for: ask your admin to turn it on"
    )
    fill(page, free_port())
    assert "cannot reach the team server" in said_on_test(qtbot, page)
    page.host.setText("db.example/other")
    assert said_on_test(qtbot, page) == "⚠ Server: 'db.example/other' is not a host name or address"


def test_saved_the_team_server_opens_from_then_on_and_the_password_is_in_the_keyring(
    qtbot, services: Services, server: tuple[str, int]
) -> None:  # type: ignore[no-untyped-def]
    url, port = server
    migrate(url)
    team = open_services(AppPaths(services.paths.data_dir.parent / "admin"), database=url)
    team.contacts.add(Contact(name="Priya Patel", company="Acme"))
    team.close()
    window = MainWindow(services, TaskRunner())
    qtbot.addWidget(window)
    window.show()

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        tabs = dialog.findChild(QTabWidget)
        assert tabs is not None
        titles = [tabs.tabText(index) for index in range(tabs.count())]
        tabs.setCurrentIndex(titles.index(TITLE))
        team_page = dialog.findChild(TeamServerPage)
        assert team_page is not None
        fill(team_page, port)
        team_page.host.setText("db example")  # not a host: Save refuses, the dialog stays
        dialog.accept()
        assert dialog.isVisible() and "'db example' is not a host name" in dialog.problem.text()
        fill(team_page, port)
        dialog.accept()

    QTimer.singleShot(300, in_the_dialog)
    window.settings_action.trigger()
    qtbot.waitUntil(lambda: (services.paths.data_dir / CHOICE_FILE).exists(), timeout=10_000)
    qtbot.waitUntil(lambda: "from the next start" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        "FollowUp opens the team's book on followup@127.0.0.1/postgres from the next start."
    )
    assert chosen(services.paths) is not None
    assert PASSWORD not in (services.paths.data_dir / CHOICE_FILE).read_text()

    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", str(services.paths.data_dir), "contacts", "--json"], out, err)
    assert code == 0, err.getvalue()
    assert [row["name"] for row in json.loads(out.getvalue())] == ["Priya Patel"]
    window.calendar_watch.stop()
    window.tasks.wait()
