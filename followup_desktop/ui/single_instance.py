"""One FollowUp per data folder: a second launch hands its wish (show the window, open a
contact) to the first and exits.

A ``QLockFile`` decides who is first — two launches in the same instant could both
believe they own the local socket, the lock cannot. The lock names its owner's PID, so
after a ``kill -9`` it is found stale and taken over, and the socket the dead process
left behind is removed before listening again.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal

if TYPE_CHECKING:
    # Loaded once the window is on screen (``listen``) or by a second launch (``send``).
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1_000
# A first instance holding the lock but not listening yet (still starting): wait for it.
HAND_OVER_SECONDS = 10.0


def server_name(data_dir: Path) -> str:
    """Per user and data folder: two profiles (or parallel tests) never meet."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    # Qt's SHA-256 (already loaded) rather than hashlib's, which loads OpenSSL at start.
    hashed = QCryptographicHash.hash(
        f"{user}:{data_dir.resolve()}".encode(), QCryptographicHash.Algorithm.Sha256
    )
    digest = bytes(hashed.toHex().data()).decode()[:16]
    return f"followup-{digest}"


class SingleInstance(QObject):
    message_received = Signal(dict)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(data_dir / "followup-desktop.lock"))
        # Never stale by age (the app runs for weeks); only when its process is gone.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self.lock_trouble = False
        self._held = False

    def claim(self) -> bool:
        """True: this process is the one; ``listen`` then takes later launches."""
        if self._lock.tryLock(100):
            self._held = True
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False  # another FollowUp holds it
        # The lock file cannot be written (a full disk, a read-only folder): that is
        # not another FollowUp. Carry on alone; opening the store says what is wrong.
        log.warning("cannot take the single-instance lock: %s", self._lock.error().name)
        self.lock_trouble = True
        return True

    def listen(self) -> None:
        """Takes the wishes of later launches (once claimed, with the lock held)."""
        if not self._held or self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        # We hold the lock, so a socket left here belongs to a dead process.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Still the only instance; later launches just cannot reach it.
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._accept)
        self._server = server

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._held:
            self._lock.unlock()
            self._held = False

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            raw = bytes(socket.readLine().data()).strip()
            try:
                message = json.loads(raw)
            except ValueError:
                log.warning("ignored a malformed message from a second launch")
                continue
            if isinstance(message, dict):
                self.message_received.emit(message)
            socket.write(b"ok\n")
            socket.flush()

    def send(self, message: dict[str, Any], patience: float = HAND_OVER_SECONDS) -> bool:
        """From a second launch: deliver ``message`` to the first. False if no one answers."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + patience
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(CONNECT_TIMEOUT_MS):
                socket.write(json.dumps(message).encode() + b"\n")
                socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
                answered = socket.waitForReadyRead(CONNECT_TIMEOUT_MS * 3)
                socket.disconnectFromServer()
                if answered:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
