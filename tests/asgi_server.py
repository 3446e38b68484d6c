"""A real ASGI server (Daphne, as `make run` starts it) on 127.0.0.1 over the test database, and a
WebSocket client speaking RFC 6455 over TCP, for tests of the notifications socket."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import signal
import struct
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.conf import settings
from django.db import connection, connections

from tests.processes import database_url, free_port

ROOT = Path(__file__).resolve().parents[1]


class AsgiServer:
    """`daphne config.asgi:application` on a free loopback port, on the test database."""

    def __init__(self, log_path: Path, *, redis_url: str = "", extra_env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(connection),
            "DB_CONN_MAX_AGE": "0",
            "INTEGRATIONS_ENCRYPTION_KEYS": ",".join(settings.INTEGRATIONS_ENCRYPTION_KEYS),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": redis_url,
            **(extra_env or {}),
        }
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"Daphne died at start:\n{log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"Daphne did not answer within 30 s:\n{log_path.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


async def in_thread(function):
    """Run ORM code from an async scenario in a worker thread, closing that thread's connections after.

    A connection left open in an executor thread would keep the test database from being dropped.
    """

    def call():
        try:
            return function()
        finally:
            connections.close_all()

    return await asyncio.to_thread(call)


def run_scenario(scenario) -> None:
    """Run an async test scenario in a thread of its own: a browser test's Playwright may own this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(lambda: asyncio.run(scenario())).result()


@pytest.fixture
def start_asgi_server(tmp_path):
    """Start Daphne servers on the test database (the test needs `transaction=True`); stopped at the end."""
    servers: list[AsgiServer] = []

    def start(**options) -> AsgiServer:
        server = AsgiServer(tmp_path / f"daphne-{len(servers)}.log", **options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


class HandshakeRefusedError(Exception):
    pass


WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class WebSocket:
    """A WebSocket client (RFC 6455) over a real TCP connection: handshake, masked frames, close.

    Written here because the venv's one WebSocket library, Autobahn, is bound to Twisted once
    Daphne is installed as an app, and a second library would be one more shared install.
    `await WebSocket.connect(url, headers)`, then `send` / `receive` JSON text messages.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.close_code: int | None = None

    @classmethod
    async def connect(cls, url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> WebSocket:
        parts = urlsplit(url)
        reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port), timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        answer = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
        expected = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()  # noqa: S324
        if " 101 " not in f"{status_line} " or answer.get("sec-websocket-accept") != expected:
            writer.close()
            raise HandshakeRefusedError(status_line)
        return cls(reader, writer)

    def _frame(self, opcode: int, payload: bytes) -> bytes:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

    async def send_text(self, text: str) -> None:
        self.writer.write(self._frame(TEXT, text.encode("utf-8")))
        await self.writer.drain()

    async def send(self, type: str, data: dict) -> None:
        # As ReViewPoint's documented client sends: {"type", "data"} as a JSON text frame.
        await self.send_text(json.dumps({"type": type, "data": data}))

    async def _read_frame(self) -> tuple[int, bytes]:
        first, second = await self.reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return first & 0x0F, await self.reader.readexactly(length)

    async def receive(self, timeout: float = 10) -> dict | None:
        """The next JSON message; None once the server closed the socket."""
        while True:
            try:
                opcode, payload = await asyncio.wait_for(self._read_frame(), timeout)
            except asyncio.IncompleteReadError:
                return None
            if opcode == TEXT:
                return json.loads(payload.decode("utf-8"))
            if opcode == PING:
                self.writer.write(self._frame(PONG, payload))
            elif opcode == CLOSE:
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                return None

    async def receive_type(self, type: str, timeout: float = 10) -> dict:
        """The next message of this type, skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            message = await self.receive(timeout=max(deadline - time.monotonic(), 0.01))
            assert message is not None, f"the socket closed while waiting for {type}"
            if message["type"] == type:
                return message

    async def close(self) -> None:
        self.writer.write(self._frame(CLOSE, struct.pack("!H", 1000)))
        await self.writer.drain()
        self.writer.close()
