"""A throw-away PostgreSQL server on a private Unix socket, for the portability tests.

PostgreSQL refuses to run as root, so under root (CI) the server runs as the
``postgres`` system user that Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

LOOPBACK = IPv4Address("127.0.0.1")


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian package: postgresql)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_server(password: str = "", tls_only: bool = False) -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database; remove everything afterwards.
    The URL is the server's socket (trusted). With ``password``, the server also listens
    on 127.0.0.1 at the URL's port, where the ``followup`` login needs that password
    (SCRAM), as a rep's laptop reaches a team server. With ``tls_only`` as well, that
    port takes encrypted connections only (a self-signed certificate, as many a team's
    server has)."""
    root = Path(tempfile.mkdtemp(prefix="followup-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    try:
        subprocess.run(
            [
                *as_user,
                _binary("initdb"),
                "-D",
                str(data),
                "-U",
                "followup",
                "--auth-local=trust",
                f"--auth-host={'scram-sha-256' if password else 'reject'}",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            check=True,
            capture_output=True,
        )
        tls = _tls_only(data, as_user) if password and tls_only else []
        command = [
            *as_user,
            _binary("postgres"),
            "-D",
            str(data),
            "-k",
            str(sockets),
            "-p",
            str(port),
            "-c",
            f"listen_addresses={'127.0.0.1' if password else ''}",
            "-c",
            "fsync=off",
            *tls,
        ]
        _commands[port] = command
        server = _servers[port] = _launch(command)
        try:
            for _ in range(200):
                if (sockets / f".s.PGSQL.{port}").exists():
                    break
                if server.poll() is not None:
                    raise RuntimeError(
                        f"postgres did not start: {server.stderr.read().decode()[-500:] if server.stderr else ''}"
                    )
                time.sleep(0.05)
            _wait_for_connections(sockets, port)
            url = f"postgresql+psycopg://followup@/postgres?host={sockets}&port={port}"
            if password:
                _set_password(url, password)
            yield url
        finally:
            server = _servers.pop(port)
            server.terminate()
            server.wait(timeout=30)
            _commands.pop(port, None)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _tls_only(data: Path, as_user: list[str]) -> list[str]:
    """A self-signed certificate for the server, and its TCP logins over TLS only (the
    ``hostssl`` lines of pg_hba.conf): the server's options that turn TLS on."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        # Made out to the address the tests connect to, and its own authority: a laptop
        # that trusts it (``server_certificate``) checks the server in full.
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(LOOPBACK)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = data / "server.crt", data / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)  # the server refuses a key others may read
    hba = data / "pg_hba.conf"
    hba.write_text(
        "".join(
            f"hostssl{line[4:]}\n" if line.startswith("host ") else f"{line}\n"
            for line in hba.read_text().splitlines()
        )
    )
    if as_user:
        for made in (cert_file, key_file, hba):
            shutil.chown(made, "postgres", "postgres")
    return ["-c", "ssl=on", "-c", f"ssl_cert_file={cert_file}", "-c", f"ssl_key_file={key_file}"]


def server_certificate(url: str) -> Path:
    """The certificate of a ``tls_only`` server at ``url`` (its socket's URL)."""
    sockets = Path(url.split("host=", 1)[1].split("&", 1)[0])
    return sockets.parent / "data" / "server.crt"


_servers: dict[int, subprocess.Popen[bytes]] = {}
_commands: dict[int, list[str]] = {}


def _launch(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop_server(port: int) -> None:
    """The server at ``port`` shut down (a fast shutdown, as a server restarted by its
    admin or a network gone: clients' connections drop, new ones are refused)."""
    server = _servers[port]
    # To the postmaster itself (its PID file's first line): runuser passes on no SIGINT.
    data = Path(_commands[port][_commands[port].index("-D") + 1])
    os.kill(int((data / "postmaster.pid").read_text().split()[0]), signal.SIGINT)
    server.wait(timeout=30)


def start_server(port: int) -> None:
    """The server at ``port`` started again on its data, once it takes connections."""
    server = _servers[port] = _launch(_commands[port])
    sockets = Path(_commands[port][_commands[port].index("-k") + 1])
    for _ in range(200):
        if (sockets / f".s.PGSQL.{port}").exists() or server.poll() is not None:
            break
        time.sleep(0.05)
    _wait_for_connections(sockets, port)


def _set_password(url: str, password: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            # The statement cannot take a bound parameter: a quoted literal instead.
            quoted = password.replace("'", "''")
            connection.execute(text(f"ALTER ROLE followup PASSWORD '{quoted}'"))
    finally:
        engine.dispose()


def _wait_for_connections(sockets: Path, port: int) -> None:
    """The socket is there before the server takes connections ("the database system is
    starting up"): try until one is taken."""
    import psycopg

    for _ in range(200):
        try:
            psycopg.connect(
                host=str(sockets), port=port, dbname="postgres", user="followup"
            ).close()
            return
        except psycopg.OperationalError:
            time.sleep(0.05)
    raise RuntimeError("postgres did not take connections within 10 s")
