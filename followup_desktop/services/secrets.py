"""The IMAP password: in the system keyring, or for this session only, never anywhere else.

Only keyrings that really protect a secret count: Secret Service (GNOME Keyring, KeePassXC),
KWallet, the macOS Keychain, the Windows Credential Locker. ``keyring``'s ``fail`` and
``null`` backends and the plaintext ones of ``keyrings.alt`` (which would quietly write the
password base64-encoded into the home folder) do not: then the rep is told so, types the
password when it is needed, and it lives in this process's memory until the app quits.

The backend is looked up when first needed, not at import, and not through
``keyring.get_keyring()``: that one is chosen once per process and would stay "none" if
the keyring daemon started after us.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer

log = logging.getLogger(__name__)

SERVICE_PREFIX = "FollowUp IMAP"
IMAP = "IMAP"  # the account kinds whose passwords are kept (also "CalDAV": calendar_sync)
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
    }
)
NO_KEYRING_MESSAGE = (
    "This computer has no secure keyring (such as GNOME Keyring, KWallet, the macOS "
    "Keychain or the Windows Credential Locker), so FollowUp will not store your IMAP "
    "password: type it when it is needed and it is kept in memory until you quit."
)


def _qualified(backend: KeyringBackend) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def _flattened(backends: list[KeyringBackend]) -> list[KeyringBackend]:
    found: list[KeyringBackend] = []
    for backend in backends:
        if isinstance(backend, chainer.ChainerBackend):
            found += _flattened(list(backend.backends))
        else:
            found.append(backend)
    return found


def find_secure_keyring() -> KeyringBackend | None:
    """The rep's configured keyring if it is secure, else the best secure one available."""
    candidates: list[KeyringBackend] = []
    try:
        configured = keyring.core.load_env() or keyring.core.load_config()
    except Exception:  # a broken keyringrc must not stop the app; detection still runs
        log.warning("the keyring configuration could not be read", exc_info=True)
        configured = None
    if configured is not None:
        candidates.append(configured)
    keyring.backend.get_all_keyring()  # loads the backend plugins, once
    ranked: list[tuple[float, KeyringBackend]] = []
    for kind in KeyringBackend.get_viable_backends():
        if issubclass(kind, chainer.ChainerBackend):
            continue  # it only wraps the others, which are all listed here anyway
        try:
            # A backend's priority probes its service (D-Bus, …); any failure means "not here".
            ranked.append((float(kind.priority), kind()))
        except Exception:
            continue
    candidates += [backend for _, backend in sorted(ranked, key=lambda r: r[0], reverse=True)]
    for backend in _flattened(candidates):
        if _qualified(backend) in SECURE_BACKENDS:
            return backend
    return None


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    secure: bool
    name: str  # "keyring.backends.SecretService.Keyring", or "" when none
    message: str  # for the rep, empty when all is well


class Secrets:
    """Passwords by (host, user). ``backend`` is for tests and for a caller that chose one;
    by default the secure keyring is found on first use."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._looked_up = backend is not None
        self._session: dict[tuple[str, str, str], str] = {}

    def _keyring(self) -> KeyringBackend | None:
        if not self._looked_up:
            self._backend = find_secure_keyring()
            self._looked_up = True
        if self._backend is not None and _qualified(self._backend) not in SECURE_BACKENDS:
            return None
        return self._backend

    def status(self) -> KeyringStatus:
        backend = self._keyring()
        if backend is None:
            return KeyringStatus(False, "", NO_KEYRING_MESSAGE)
        return KeyringStatus(True, _qualified(backend), "")

    @staticmethod
    def _service(host: str, kind: str = IMAP) -> str:
        prefix = SERVICE_PREFIX if kind == IMAP else f"FollowUp {kind}"
        return f"{prefix} {host.lower()}"

    def imap_password(self, host: str, user: str) -> str | None:
        """The stored password, or the one typed this session, or None (then ask)."""
        return self.password(IMAP, host, user)

    def remember_imap_password(self, host: str, user: str, password: str) -> bool:
        return self.remember_password(IMAP, host, user, password)

    def forget_imap_password(self, host: str, user: str) -> None:
        self.forget_password(IMAP, host, user)

    def password(self, kind: str, host: str, user: str) -> str | None:
        """``kind``'s password (IMAP, "CalDAV") for the account: the stored one, or the one
        typed this session, or None (then ask)."""
        backend = self._keyring()
        if backend is not None:
            try:
                found = backend.get_password(self._service(host, kind), user)
            except keyring.errors.KeyringError as error:
                # Locked and the unlock prompt dismissed, daemon gone: ask instead.
                log.warning(
                    "the keyring did not give the %s password: %s", kind, type(error).__name__
                )
                found = None
            if found:
                return found
        return self._session.get((kind, host.lower(), user))

    def remember_password(self, kind: str, host: str, user: str, password: str) -> bool:
        """Keep a password that worked: True when it went into the keyring, False when it is
        held for this session only."""
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(self._service(host, kind), user, password)
                self._session.pop((kind, host.lower(), user), None)
                return True
            except keyring.errors.KeyringError as error:
                log.warning(
                    "the keyring did not take the %s password: %s", kind, type(error).__name__
                )
        self._session[(kind, host.lower(), user)] = password
        return False

    def forget_password(self, kind: str, host: str, user: str) -> None:
        self._session.pop((kind, host.lower(), user), None)
        backend = self._keyring()
        if backend is not None:
            # Nothing stored, or the keyring is locked: nothing more to do either way.
            with contextlib.suppress(keyring.errors.KeyringError):
                backend.delete_password(self._service(host, kind), user)
