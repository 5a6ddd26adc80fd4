"""Which team server this data folder's FollowUp uses, as chosen in Settings › Team server.

Kept in a small file in the data folder, not in the store: it says which store to open.
It holds no password (that is in the system keyring, kind "team"). Read at every start
and every command, so it imports nothing heavy (no SQLAlchemy).

Which book opens: ``--database`` or FOLLOWUP_DATABASE when given, else the server chosen
here, else the data folder's own file.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from urllib.parse import quote

from followup_desktop.core.durable_files import replace_file
from followup_desktop.paths import AppPaths

log = logging.getLogger(__name__)

CHOICE_FILE = "team-server.json"
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 5
# PostgreSQL's own TLS modes (libpq's sslmode), strictest first, in the rep's words.
TLS_MODES: dict[str, str] = {
    "verify-full": "Required, and the server's certificate checked (safest)",
    "require": "Required (encrypted, certificate not checked)",
    "prefer": "If the server offers it",
    "disable": "Off (only on a network you trust)",
}
# A host name or an IP address (v4, or v6 in brackets): nothing that could end the host
# part of a URL early (@, /, ?, #) or carry a space.
_HOST = re.compile(r"[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]")


class TeamChoiceInvalid(ValueError):
    """A field of the team server that cannot be used, said for the rep."""


@dataclass(frozen=True, slots=True)
class TeamServer:
    host: str
    user: str
    database: str = "followup"
    port: int = DEFAULT_PORT
    tls: str = "require"

    def checked(self) -> TeamServer:
        """The same server with its fields trimmed; TeamChoiceInvalid names the first
        field that cannot be used."""
        server = TeamServer(
            self.host.strip(), self.user.strip(), self.database.strip(), self.port, self.tls
        )
        if not server.host:
            raise TeamChoiceInvalid("Server: type the team server's name or address")
        if not _HOST.fullmatch(server.host):
            raise TeamChoiceInvalid(f"Server: {server.host!r} is not a host name or address")
        if not 0 < server.port < 65536:
            raise TeamChoiceInvalid(f"Port: {server.port} is not a port (1 to 65535)")
        if not server.database:
            raise TeamChoiceInvalid("Database: type the database's name (often followup)")
        if not server.user:
            raise TeamChoiceInvalid("User: type your login on the team server")
        if server.tls not in TLS_MODES:
            raise TeamChoiceInvalid(f"Encryption: {server.tls!r} is not one of PostgreSQL's")
        return server

    def url(self) -> str:
        """The server's URL without a password (the keyring gives it when connecting).
        User and database are quoted, so nothing typed can change the URL's parts."""
        server = self.checked()
        return (
            f"postgresql+psycopg://{quote(server.user, safe='')}@{server.host}:{server.port}"
            f"/{quote(server.database, safe='')}?sslmode={server.tls}{_trusted(server.tls)}"
            # A server that is away is said within seconds, not after TCP's minutes.
            f"&connect_timeout={CONNECT_TIMEOUT_S}"
        )

    def shown(self) -> str:
        return f"{self.user}@{self.host}/{self.database}"


def _trusted(tls: str) -> str:
    """The certificates a server's is checked against: the computer's trusted ones, as a
    browser's are. libpq's own default is a file in ~/.postgresql that a laptop seldom
    has, so "safest" refused every server, one with a public authority's certificate too.
    PGSSLROOTCERT, when set, is the rep's (or their admin's) own choice and stays."""
    if tls != "verify-full" or os.environ.get("PGSSLROOTCERT"):
        return ""
    return "&sslrootcert=system"


def chosen(paths: AppPaths) -> TeamServer | None:
    """The server chosen for this data folder, or None (its own file). A file that cannot
    be read is logged and treated as no choice: the rep's own book opens, nothing is lost."""
    path = paths.data_dir / CHOICE_FILE
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return TeamServer(**fields).checked()
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as error:
        log.warning("the team server chosen in %s was not read: %s", path, error)
        return None


def choose(paths: AppPaths, server: TeamServer | None) -> None:
    """Keep ``server`` as this folder's (None: back to the folder's own file). Written
    whole or not at all (a new file renamed over the old)."""
    path = paths.data_dir / CHOICE_FILE
    if server is None:
        path.unlink(missing_ok=True)
        return
    paths.ensure()
    text = json.dumps(asdict(server.checked()), indent=2) + "\n"
    # The rep's only (it names their login): written from a private temporary file.
    replace_file(path, text.encode("utf-8"))


def database_to_open(paths: AppPaths, given: str) -> str:
    """The team server's URL to open ("": the data folder's file): ``given`` (from
    --database or FOLLOWUP_DATABASE) first, then the one chosen in Settings."""
    if given:
        return given
    server = chosen(paths)
    return server.url() if server is not None else ""
