"""A throw-away Dovecot IMAP server on loopback (RECIPES.md, "E-mail drafts").

Its auth process runs as the ``dovecot`` user, so the folder is made by ``mkdtemp`` and
opened to 0755 (pytest's ``tmp_path`` is 0700: "Temporary authentication failure").
With ``tls=True`` it also offers STARTTLS on the plain port and implicit TLS on a second
port, with a certificate made by ``openssl req -x509`` for 127.0.0.1 and localhost.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import ssl
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.peers.common import binary, free_ports, stop, wait_for_port

USER = "rep@example.com"
PASSWORD = "s3cret pässwörd"  # non-ASCII on purpose: LOGIN could not send it


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int  # plain IMAP (STARTTLS offered when tls)
    tls_port: int | None  # implicit TLS (993-style), when tls
    cert: Path | None  # the self-made certificate to trust
    user: str
    password: str
    root: Path

    def client_context(self) -> ssl.SSLContext:
        """A context that trusts exactly this server's certificate."""
        assert self.cert is not None
        return ssl.create_default_context(cafile=str(self.cert))

    def fetch_all(self, folder: str = "Drafts") -> list[tuple[bytes, bytes]]:
        """(flags, message bytes) of every message in ``folder``, read over plain IMAP."""
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            client.authenticate("PLAIN", lambda _: f"\0{self.user}\0{self.password}".encode())
            status, _ = client.select(f'"{folder}"', readonly=True)
            assert status == "OK", f"cannot select {folder}"
            _, numbers = client.search(None, "ALL")
            found = []
            for number in numbers[0].split():
                _, data = client.fetch(number, "(FLAGS BODY.PEEK[])")
                head, body = data[0]  # type: ignore[misc]
                found.append((head, body))
            return found
        finally:
            client.logout()


def _make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            binary("openssl", "openssl"),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextmanager
def dovecot_server(tls: bool = False) -> Iterator[Dovecot]:
    executable = binary("dovecot", "dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    root.chmod(0o755)
    try:
        port, other = free_ports(2)
        tls_port = other if tls else None
        cert = key = None
        if tls:
            cert, key = _make_certificate(root)
            key.chmod(0o644)  # read by dovecot's config process (runs as root) only
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (root / "mail").mkdir()
        (root / "mail").chmod(0o777)
        if os.geteuid() == 0:
            users = "default_internal_user = dovecot\ndefault_login_user = dovenull\n"
            owner = "uid=nobody gid=nogroup"
        else:
            me = pwd.getpwuid(os.geteuid()).pw_name
            users = f"default_internal_user = {me}\ndefault_login_user = {me}\n"
            owner = f"uid={os.geteuid()} gid={os.getegid()}"
        listeners = f"inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n"
        if tls:
            listeners += (
                f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {tls_port}\n"
                "    ssl = yes\n  }\n"
            )
        else:
            listeners += "  inet_listener imaps {\n    port = 0\n  }\n"
        ssl_block = f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}\n" if tls else "ssl = no\n"
        config = root / "dovecot.conf"
        config.write_text(
            f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
{users}{ssl_block}disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = {owner} home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Drafts {{
    special_use = \\Drafts
    auto = create
  }}
  mailbox Entwürfe {{
    auto = create
  }}
}}
service imap-login {{
  chroot =
  {listeners}}}
service anvil {{
  chroot =
}}
"""
        )
        process = subprocess.Popen(
            [executable, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for_port(port, process, "dovecot")
            if tls_port:
                wait_for_port(tls_port, process, "dovecot (TLS)")
            yield Dovecot("127.0.0.1", port, tls_port, cert, USER, PASSWORD, root)
        finally:
            stop(process)
    finally:
        shutil.rmtree(root, ignore_errors=True)
