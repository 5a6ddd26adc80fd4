"""packaging/team/setup-team-server.sh on a real PostgreSQL, run as its superuser: the
team's database and admin login are made (again: kept as they are); the admin then
brings the schema up and adds a rep over TCP, through the URL the script printed, and
the rep's contacts are theirs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import psycopg

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from followup_desktop.services.team import add_rep, migrate
from tests.postgres_server import postgres_server

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "team" / "setup-team-server.sh"


def run_script(
    socket_url: str, password: str, *names: str, path: str = "/usr/bin:/bin"
) -> subprocess.CompletedProcess[str]:
    # PGHOST is the directory of the server's Unix socket, as /var/run/postgresql is.
    query = parse_qs(urlsplit(socket_url).query)
    env = {"PATH": path, "PGHOST": query["host"][0], "PGPORT": query["port"][0]}
    return subprocess.run(
        [str(SCRIPT), *names],
        input=f"{password}\n",
        capture_output=True,
        text=True,
        env={**env, "PGUSER": "followup"},  # the test server's superuser
        timeout=60,
    )


def test_the_script_makes_the_database_and_admin_the_admin_makes_the_rest(tmp_path: Path) -> None:
    # This computer's name, as the script reads it, is one that reaches the test server
    # (which listens on the loopback only).
    names = tmp_path / "bin"
    names.mkdir()
    (names / "hostname").write_text("#!/bin/sh\necho localhost\n")
    (names / "hostname").chmod(0o755)
    with postgres_server(password="superuser pw") as socket_url:
        made = run_script(
            socket_url, "admin's pw", "sales", "sales_admin", path=f"{names}:/usr/bin:/bin"
        )
        assert made.returncode == 0, made.stderr
        again = run_script(socket_url, "another pw", "sales", "sales_admin")
        assert again.returncode == 0, again.stderr  # kept, nothing dropped

        # The URL the admin is told to use, as printed, with the password she then gives.
        printed = re.search(r"--database (\S+) db migrate", made.stdout)
        assert printed is not None, made.stdout
        port = urlsplit(socket_url).query.rsplit("port=", 1)[1]
        assert printed[1] == f"postgresql+psycopg://sales_admin@localhost:{port}/sales"
        password = quote("admin's pw")
        admin = printed[1].replace("sales_admin@", f"sales_admin:{password}@")
        migrate(admin)
        add_rep(admin, "ana", "Ana Lima", "ana pw")
        rep = f"postgresql+psycopg://ana:ana%20pw@127.0.0.1:{port}/sales?sslmode=disable"
        app = open_services(AppPaths(tmp_path / "ana"), database=rep)
        try:
            app.contacts.add(Contact(name="Priya Patel"))
        finally:
            app.close()
        with psycopg.connect(
            host="127.0.0.1", port=int(port), dbname="sales", user="ana", password="ana pw"
        ) as ana:
            assert ana.execute("SELECT name, owner FROM contacts").fetchall() == [
                ("Priya Patel", "ana")
            ]

        refused = run_script(socket_url, "", "other")
        assert refused.returncode == 2 and "no password was given" in refused.stderr
