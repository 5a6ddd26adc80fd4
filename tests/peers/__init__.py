"""Real servers on loopback for the export tests: Dovecot (IMAP), Radicale (CalDAV) and a
Secret Service keyring in a private D-Bus session. Each is a context manager that starts
the peer, waits until it answers, and removes everything afterwards; a missing binary is
a clear failure, never a skip (CI installs them: scripts/bootstrap.sh)."""
