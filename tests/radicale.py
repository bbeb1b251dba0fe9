"""A real CalDAV server for the tests: Radicale (a test extra, from PyPI), started on
127.0.0.1 on a free port with its own storage folder and password file, stopped after.

`python -I -m radicale`: isolated, so neither this folder (whose radicale.py this is) nor
the user's configuration is read; `--config` names the only configuration file. Its log
(level info) names every request, so a test counts the writes a push made
(`Radicale.writes`) from what the server itself saw.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD = "alice", "correct horse battery"
OTHER, OTHER_PASSWORD = "bob", "bob's own"
_CONFIG = """\
[server]
hosts = 127.0.0.1:{port}
delay_on_error = 0
[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = {storage}
[logging]
level = info
mask_passwords = True
"""
_REQUEST = re.compile(r"\] (PUT|DELETE|MKCALENDAR|PROPPATCH|MOVE|COPY) request for '([^']*)'")


@dataclass
class Radicale:
    """A running server: its base URL, the log it writes, the process."""

    base: str
    log: Path
    process: subprocess.Popen[bytes]
    storage: Path

    def calendar(self, user: str = USER, password: str = PASSWORD) -> str:
        """A new, empty calendar collection of `user` (MKCALENDAR through caldav): its URL."""
        from caldav.davclient import DAVClient

        url = f"{self.base}/{user}/{uuid.uuid4().hex[:12]}/"
        with DAVClient(url=url, username=user, password=password, enable_rfc6764=False) as client:
            answer = client.mkcalendar(url)
            assert answer.status == 201, (answer.status, answer.reason)
        return url

    def writes(self, url: str) -> list[tuple[str, str]]:
        """Every request the server logged that writes under `url`: (method, path)."""
        path = "/" + url.split("/", 3)[3]
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [
            (method, where)
            for method, where in _REQUEST.findall(text)
            if where.startswith(path) and method != "MKCALENDAR"
        ]


def free_port() -> int:
    """A port no one listens on now (the kernel's choice, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path) -> Radicale:
    """Radicale in `folder`: its users, configuration, storage and log; ready to answer."""
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n{OTHER}:{OTHER_PASSWORD}\n", encoding="utf-8")
    for attempt in range(3):  # another process may take the free port before Radicale
        port = free_port()
        config = folder / "config"
        config.write_text(
            _CONFIG.format(port=port, users=users, storage=folder / "storage"), encoding="utf-8"
        )
        log = folder / f"radicale-{attempt}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-I", "-m", "radicale", "--config", str(config)],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        if _answers(port, process):
            return Radicale(f"http://127.0.0.1:{port}", log, process, folder / "storage")
        stop(process)
    raise RuntimeError(f"Radicale did not start: {log.read_text(errors='replace')[-2000:]}")


def _answers(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> bool:
    """Whether the server accepts connections within `seconds` (False once it exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """One server for a test module; each test makes its own calendar in it."""
    server = start(tmp_path_factory.mktemp("radicale"))
    try:
        yield server
    finally:
        stop(server.process)
