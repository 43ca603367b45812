"""A stdio client's lines, read by the event loop from a pipe (server/stdio_pipes.py)."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import tempfile

import anyio
import pytest

from datadog_incidents_mcp.server.stdio_pipes import HIGH_WATER, _Lines  # pyright: ignore[reportPrivateUsage]
from tests.server.processes import INITIALIZE, STDIO_SANDBOX, wire

# Reads its stdin with stdin_lines, then says what it read and how many threads it ran.
_READER = """
import json, sys, threading, anyio
from datadog_incidents_mcp.server.stdio_pipes import stdin_lines

async def main():
    lines = [line.decode() async for line in stdin_lines(shared=False)]
    print(json.dumps({"lines": lines, "threads": threading.active_count()}))

anyio.run(main)
"""
SENT = ['{"id":1}\n', "\n", "é" * 70_000 + "\n", "no newline at the end"]


def _read_by_a_child(stdin: int | None, text: str | None = None) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _READER],
        input=text.encode() if text is not None else None,
        stdin=stdin,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_a_pipe_is_read_whole_by_the_event_loop_without_a_thread() -> None:
    """A worker thread per line cost two thread switches per message (~40 us a call)."""
    read = _read_by_a_child(None, "".join(SENT))
    assert read == {"lines": SENT, "threads": 1}


def test_a_file_is_still_read_by_a_thread() -> None:
    with tempfile.TemporaryFile() as file:
        file.write("".join(SENT).encode())
        file.seek(0)
        read = _read_by_a_child(file.fileno())
    assert read["lines"] == SENT
    assert read["threads"] == 2  # the worker thread that read it


class _Transport(asyncio.ReadTransport):
    def __init__(self) -> None:
        super().__init__()
        self.reading = True
        self.resumed = anyio.Event()

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True
        self.resumed.set()


@pytest.mark.anyio
async def test_reading_pauses_while_complete_lines_pile_up_and_resumes_once_read() -> None:
    lines, transport = _Lines(), _Transport()
    lines.connection_made(transport)
    chunk = b"x" * 1023 + b"\n"
    for _ in range(HIGH_WATER // len(chunk)):
        lines.data_received(chunk)
    assert transport.reading
    lines.data_received(chunk)  # over the mark, with complete lines waiting
    assert not transport.reading
    while not transport.reading:
        assert await lines.readline() == chunk
    assert len(lines.buffer) <= HIGH_WATER


@pytest.mark.anyio
async def test_a_long_line_begun_while_paused_is_read_on_once_the_others_are_read() -> None:
    lines, transport = _Lines(), _Transport()
    lines.connection_made(transport)
    lines.data_received(b"short\n" + b"w" * (2 * HIGH_WATER))  # paused, the long line unended
    assert not transport.reading
    assert await lines.readline() == b"short\n"
    with anyio.fail_after(5):
        async with anyio.create_task_group() as group:
            group.start_soon(lambda: _feed_once_reading(lines, transport))
            assert await lines.readline() == b"w" * (2 * HIGH_WATER) + b"\n"


async def _feed_once_reading(lines: _Lines, transport: _Transport) -> None:
    await transport.resumed.wait()  # a paused pipe delivers nothing
    lines.data_received(b"\n")


@pytest.mark.anyio
async def test_one_line_longer_than_the_mark_is_read_whole() -> None:
    lines, transport = _Lines(), _Transport()
    lines.connection_made(transport)
    for _ in range(5):
        lines.data_received(b"y" * HIGH_WATER)  # no newline yet: keep reading
    assert transport.reading
    lines.data_received(b"\nnext")
    lines.eof_received()
    assert await lines.readline() == b"y" * 5 * HIGH_WATER + b"\n"
    assert await lines.readline() == b"next"
    assert await lines.readline() == b""


# Writes through stdout_wire, prints stray text meanwhile, and once more after it.
_WRITER = """
import os, sys, threading, anyio
from datadog_incidents_mcp.server.stdio_pipes import stdout_wire

async def main():
    async with stdout_wire(shared=False) as wire:
        print("stray print", flush=True)
        os.write(1, b"stray write\\n")
        for n in range(3):
            await wire.write(f"message {n} " + "z" * 200_000 + "\\n")  # more than a pipe holds
            await wire.flush()
        threads = threading.active_count()
    print(f"after, threads {threads}", flush=True)

anyio.run(main)
"""


def test_the_wire_gets_only_the_messages_and_stdout_comes_back_after() -> None:
    """Stray output goes to stderr while serving, as when the SDK claims stdout."""
    done = subprocess.run(
        [sys.executable, "-c", _WRITER], capture_output=True, timeout=60, check=True
    )
    written = done.stdout.decode().splitlines()
    assert [line[:10] for line in written[:3]] == ["message 0 ", "message 1 ", "message 2 "]
    assert all(len(line) == 200_010 for line in written[:3])
    assert written[3:] == ["after, threads 1"]  # written by the event loop, no thread
    assert done.stderr.decode().splitlines() == ["stray print", "stray write"]


PING = {"jsonrpc": "2.0", "id": 2, "method": "ping"}


def test_a_client_that_goes_away_ends_the_server_cleanly() -> None:
    """Quitting the client closes both pipes at once: the server exits 0, no traceback (the
    write transport closed the wire before stdout was restored from it)."""
    server = subprocess.Popen(
        STDIO_SANDBOX, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(wire(INITIALIZE))
    server.stdin.flush()
    assert json.loads(server.stdout.readline())["id"] == 1
    server.stdout.close()
    server.stdin.close()
    assert server.stderr is not None
    with server.stderr:
        code, errors = server.wait(timeout=30), server.stderr.read()
        assert code == 0, errors.decode()[-2000:]
        assert b"Traceback" not in errors


def test_one_socket_for_stdin_and_stdout_is_served() -> None:
    """socat and inetd give the server one socket both ways."""
    ours, theirs = socket.socketpair()
    with ours:
        server = subprocess.Popen(
            STDIO_SANDBOX, stdin=theirs, stdout=theirs, stderr=subprocess.PIPE
        )
        theirs.close()
        ours.settimeout(30)
        answers = ours.makefile("rb")
        for message in (INITIALIZE, PING):
            ours.sendall(wire(message))
            assert json.loads(answers.readline())["id"] == message["id"]
        ours.shutdown(socket.SHUT_WR)
        _, errors = server.communicate(timeout=30)
    assert server.returncode == 0, errors.decode()[-2000:]
