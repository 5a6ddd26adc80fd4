"""A network that drops at the worst moment, in front of a real server on loopback: a TCP
relay that, once told what the client is about to send, passes it on, lets the server
do the work, and cuts the connection when the server's answer comes, so the client never
hears it (an APPEND stored but its OK lost; a COMMIT made but its answer lost). Nothing
is mocked: the server is real, only the wire is cut."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class CutProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._armed: bytes | None = None
        self.cuts = 0  # connections cut so far
        self.connections = 0  # connections the client opened through it so far
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after(self, sent: bytes) -> None:
        """The next connection whose client sends ``sent`` is cut when the server answers
        it (once)."""
        with self._lock:
            self._armed = sent

    def close(self) -> None:
        self._listener.close()
        for connection in self._open:
            _drop(connection)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                _drop(client)  # the server is down: so is the way to it
                continue
            self._open += [client, server]
            doomed = threading.Event()
            threading.Thread(target=self._up, args=(client, server, doomed), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, doomed), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket, doomed: threading.Event) -> None:
        tail = b""  # the end of what came before: ``sent`` may span two reads
        while data := _recv(client):
            with self._lock:
                armed = self._armed
                if armed is not None and armed in tail + data:
                    self._armed = None
                    doomed.set()  # before it reaches the server: its answer cannot pass
                tail = data[-len(armed) :] if armed else b""
            with suppress(OSError):
                server.sendall(data)
        _drop(server)

    def _down(self, server: socket.socket, client: socket.socket, doomed: threading.Event) -> None:
        while data := _recv(server):
            if doomed.is_set():
                with self._lock:
                    self.cuts += 1
                break
            with suppress(OSError):
                client.sendall(data)
        _drop(client)
        _drop(server)


def _recv(connection: socket.socket) -> bytes:
    try:
        return connection.recv(65536)
    except OSError:
        return b""


def _drop(connection: socket.socket) -> None:
    with suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        connection.close()


@contextmanager
def cut_proxy(target_port: int) -> Iterator[CutProxy]:
    proxy = CutProxy(target_port)
    try:
        yield proxy
    finally:
        proxy.close()
