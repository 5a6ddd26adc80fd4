"""What the peers share: free ports, finding binaries, waiting for a port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path


class PeerMissing(RuntimeError):
    pass


def binary(name: str, package: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if not found:
        raise PeerMissing(f"{name} is not installed (Debian package: {package})")
    return found


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """``count`` different free ports: each probe stays bound until all are chosen (two
    probes one after the other can be handed the same port)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def wait_for_port(
    port: int,
    process: subprocess.Popen[bytes],
    what: str,
    timeout: float = 20.0,
    log: Path | None = None,
) -> None:
    """``log``: where the server writes what it says (a file, never an unread pipe: a
    server that logs each request blocks once a pipe's 64 KB are full)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if log is not None:
                output = log.read_text(errors="replace")[-2000:]
            elif process.stderr:
                output = process.stderr.read().decode(errors="replace")[-2000:]
            else:
                output = ""
            raise RuntimeError(f"{what} exited with {process.returncode}: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
