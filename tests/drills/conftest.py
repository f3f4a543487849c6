"""Failure drills: the app as separate processes (gunicorn, celery, redis-server) that a test can
break on purpose, sharing the PostgreSQL test database with the test."""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import database_url

ROOT = Path(__file__).resolve().parents[2]
SERVER_SECRET_KEY = secrets.token_urlsafe(50)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Reply:
    status: int
    body: str
    seconds: float
    content_type: str

    def json(self):
        import json

        return json.loads(self.body)


def http(method: str, url: str, body: bytes | None = None, timeout: float = 30) -> Reply:
    """One request; HTTP error statuses are replies, not exceptions."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data, status, kind = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        data, status, kind = error.read(), error.code, error.headers
    return Reply(
        status, data.decode("utf-8", "replace"), time.monotonic() - started,
        kind.get("Content-Type", ""),
    )  # fmt: skip


class Server:
    """gunicorn serving the app with production settings (DEBUG off) on a free port."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "moeitewaard.wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited early:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"gunicorn did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text()[-5000:]

    def post_verdict(self, **payload) -> Reply:
        import json

        body = {"category": "washing-machine", "age_years": 6, **payload}
        return http("POST", f"{self.url}/api/v1/verdicts/", json.dumps(body).encode())

    def get(self, path: str) -> Reply:
        return http("GET", f"{self.url}{path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def app_env(settings):
    """Environment of a production-settings process on the test database (no LLM, real Redis)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(settings),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SERVER_SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "ML_ARTIFACT_DIR": str(settings.ML_ARTIFACT_DIR),
        "OPENAI_API_KEY": "",
        "VERDICT_RATE_LIMIT": "100000/min",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def start_server(tmp_path):
    """Start gunicorn subprocesses with a given environment; all are stopped afterwards."""
    servers: list[Server] = []

    def start(env: dict[str, str]) -> Server:
        server = Server(env, tmp_path / f"gunicorn-{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


class RedisServer:
    """A private redis-server on a free port, to be killed by the test."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (ops/services.sh installs it)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        pytest.fail("private redis-server did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def private_redis():
    server = RedisServer()
    yield server
    server.kill()


class TcpForwarder:
    """A loopback port forwarding to PostgreSQL that the test can cut and restore.

    `stop()` closes the listening socket and every forwarded connection, as a network outage or
    a database restart would; `start()` listens again on the same port.
    """

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not on Linux.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._connections.clear()


@pytest.fixture
def database_forwarder(settings):
    db = settings.DATABASES["default"]
    forwarder = TcpForwarder((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    forwarder.start()
    yield forwarder
    forwarder.stop()


@pytest.fixture
def database_url_via(settings):
    """The test database's URL reached through another port (e.g. a TcpForwarder)."""
    return lambda port: database_url(settings, port=port)
