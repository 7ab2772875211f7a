"""`asan-queue ticket` while a kiosk runs on the machine: the kiosk issues the ticket
and prints it on its own printer; with no kiosk (or a stale socket) the command does
the work itself. Real processes, store, printer emulator and Unix socket."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from hardware.emulator import PrinterEmulator
from kiosk_app.composition.centre import open_centre
from kiosk_app.composition.kiosk import build_backend, ticket_handoff
from kiosk_app.services.kiosk import handoff
from kiosk_app.services.kiosk.handoff import (
    MAX_BYTES,
    HandoffServer,
    Reply,
    TicketRequest,
    ask_kiosk,
    socket_path,
)
from kiosk_app.settings import load_settings
from kiosk_app.store import tables
from tests.pii_guard import find_pii

DEAD_PRINTER = "network://127.0.0.1:9"  # nothing listens: a command printing itself fails (3)

# The command as a process, reporting whether it had to load SQLAlchemy (open the store).
COMMAND = (
    "import sys\n"
    "from kiosk_app.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "print('store opened' if 'sqlalchemy' in sys.modules else 'store not opened', "
    "file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )
    assert not find_pii(done.stderr), done.stderr
    return done


def numbers(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        t = tables.tickets
        rows = conn.execute(select(t.c.letter, t.c.sequence).order_by(t.c.id))
        return [f"{letter}{sequence:03d}" for letter, sequence in rows]


def wait_for(predicate: object, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture
def env(tmp_path: Path, kiosk_store: str, qt_offscreen: dict[str, str]) -> dict[str, str]:
    (tmp_path / "tmp").mkdir()
    return {
        **os.environ,
        **qt_offscreen,
        "TMPDIR": str(tmp_path / "tmp"),
        "ASANQ_LOG__LEVEL": "WARNING",
        "ASANQ_DB__URL": kiosk_store,
    }


def test_a_running_kiosk_issues_and_prints_the_commands_tickets(
    tmp_path: Path, kiosk_store: str, kiosk_engine: Engine, env: dict[str, str]
) -> None:
    path = socket_path("auto", kiosk_store)
    assert path == (tmp_path / "centre.kiosk.sock").resolve()
    with PrinterEmulator(tmp_path / "tickets") as printer:
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk_app.cli.main", "kiosk", "--windowed"],
            env={**env, "ASANQ_PRINTER__URL": printer.url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(lambda: path.exists() or kiosk.poll() is not None)
            assert kiosk.poll() is None
            assert oct(path.stat().st_mode & 0o777) == "0o660"
            # The command's own printer is dead: only the kiosk's can print these.
            mine = {**env, "ASANQ_PRINTER__URL": DEAD_PRINTER}
            done = command("ticket", "--service", "water", env=mine)
            assert done.returncode == 0, done.stderr
            assert done.stdout.splitlines() == [
                "Bilet verildi: H001 · Su təchizatı müraciəti",
                "Sizdən əvvəl heç kim yoxdur",
                "Bilet çap olundu.",
            ]
            assert "store not opened" in done.stderr
            done = command("ticket", "--service", "water", "--lang", "ru", env=mine)
            assert done.returncode == 0, done.stderr
            assert done.stdout.splitlines()[0].startswith("Талон выдан: H002")
            assert done.stdout.splitlines()[-1] == "Талон напечатан."
            assert len(printer.wait_for_jobs(2, timeout=30)) == 2
            # The test page too comes out of the kiosk's printer, with its status.
            done = command("ticket", "--test-page", "--lang", "en", env=mine)
            assert done.returncode == 0, done.stderr
            lines = done.stdout.splitlines()
            assert lines[0] == f"Printer {printer.url}: online, paper OK, cover closed"
            assert lines[1].startswith("Test page printed (")
            assert "store not opened" in done.stderr
            assert len(printer.wait_for_jobs(3, timeout=30)) == 3
            # A refusal comes back in the kiosk's words, with exit code 1.
            done = command("ticket", "--code", "123456789012", env=mine)
            assert done.returncode == 1, done.stderr
            assert "store not opened" in done.stderr
        finally:
            kiosk.send_signal(signal.SIGTERM)
            _out, errors = kiosk.communicate(timeout=30)
        assert kiosk.returncode == 0, errors
        assert not find_pii(errors)
        assert not path.exists()  # a kiosk that stops takes its socket with it
        # No kiosk now: the command opens the store and prints on its own (dead) printer.
        done = command("ticket", "--service", "water", env=mine)
        assert done.returncode == 3, done.stdout + done.stderr
        assert done.stdout.startswith("Bilet verildi: H003")
        assert "store opened" in done.stderr
        assert len(printer.jobs) == 3
    assert numbers(kiosk_engine) == ["H001", "H002", "H003"]


@pytest.fixture
def kiosk_side(kiosk_store: str, tmp_path: Path) -> Iterator[tuple[HandoffServer, Path]]:
    """The kiosk's listening side in this process, on the real store and backend,
    printing to dummy:// (what a running kiosk does, without its window)."""
    settings = load_settings().with_overrides({"db.url": kiosk_store, "printer.url": "dummy://"})
    ctx = open_centre(settings)
    backend = build_backend(ctx)
    server = ticket_handoff(ctx, backend)
    assert server is not None
    yield server, server.path
    server.close()
    ctx.close()


def test_parallel_requests_get_one_number_each(
    kiosk_side: tuple[HandoffServer, Path], kiosk_engine: Engine
) -> None:
    _server, path = kiosk_side
    replies: list[Reply | None] = []
    lock = threading.Lock()

    def ask(n: int) -> None:
        reply = ask_kiosk(path, TicketRequest(service_id="water", request_id=f"r{n}"))
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(replies) == 16
    assert all(r is not None and r.exit_code == 0 for r in replies), replies
    issued = sorted(r.lines[0].split()[2] for r in replies if r is not None)
    assert issued == [f"H{n:03d}" for n in range(1, 17)]
    assert sorted(numbers(kiosk_engine)) == issued
    # The same request again (a command that retries) gets the same ticket, not a 17th.
    again = ask_kiosk(path, TicketRequest(service_id="water", request_id="r3"))
    assert again is not None
    assert again.lines[0] in {r.lines[0] for r in replies if r}
    assert len(numbers(kiosk_engine)) == 16


def raw_exchange(path: Path, payload: bytes) -> dict[str, object]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(os.fspath(path))
        s.sendall(payload)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    message = json.loads(answer)
    assert isinstance(message, dict)
    return message


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json\n", "not a JSON object"),
        (b"[1, 2]\n", "not a JSON object"),
        (b'{"v": 2, "service": "water"}\n', "protocol version 1"),
        (b'{"v": 1}\n', "exactly one of service, code and test_page"),
        (b'{"v": 1, "service": "water", "code": "123456789012"}\n', "exactly one"),
        (b'{"v": 1, "service": "water", "test_page": true}\n', "exactly one"),
        (b'{"v": 1, "test_page": "yes"}\n', "test_page: true or false"),
        (b'{"v": 1, "service": "water", "printer": "x"}\n', "unknown field(s): printer"),
        (b'{"v": 1, "service": "water", "language": "de"}\n', "language: one of az, ru, en"),
        (b'{"v": 1, "service": 7}\n', "service: text of 1 to 64"),
        (b'{"v": 1, "service": "' + b"w" * 65 + b'"}\n', "service: text of 1 to 64"),
        (b'{"v": 1, "service": "' + b"w" * MAX_BYTES + b'"}\n', "larger than 4096 bytes"),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_issue_nothing(
    kiosk_side: tuple[HandoffServer, Path], kiosk_engine: Engine, payload: bytes, reason: str
) -> None:
    _server, path = kiosk_side
    message = raw_exchange(path, payload)
    assert reason in str(message["error"])
    assert numbers(kiosk_engine) == []
    # ...and the kiosk still answers the next, good one.
    reply = ask_kiosk(path, TicketRequest(service_id="water"))
    assert reply is not None
    assert reply.exit_code == 0


def test_a_silent_sender_does_not_hold_the_kiosk(kiosk_side: tuple[HandoffServer, Path]) -> None:
    _server, path = kiosk_side
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as quiet:
        quiet.connect(os.fspath(path))  # says nothing
        reply = ask_kiosk(path, TicketRequest(service_id="water"), timeout_s=10)
        assert reply is not None
        assert reply.exit_code == 0


def test_a_trickling_sender_is_cut_off_and_a_flood_costs_few_threads(
    kiosk_side: tuple[HandoffServer, Path], kiosk_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _server, path = kiosk_side
    monkeypatch.setattr(handoff, "READ_TIMEOUT_S", 1.0)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as slow:
        slow.connect(os.fspath(path))
        started = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in b'{"v": 1, "service": "water"}':
                slow.send(bytes([byte]))  # one byte every 0.2 s: never a whole line in time
                time.sleep(0.2)
        slow.settimeout(10)
        assert slow.recv(100) == b""  # closed, unanswered
        assert time.monotonic() - started < 8
    before = threading.active_count()
    idle = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(40)]
    try:
        for s in idle:
            s.connect(os.fspath(path))
        time.sleep(0.3)
        assert threading.active_count() <= before + handoff.MAX_AT_ONCE
        reply = ask_kiosk(path, TicketRequest(service_id="water"))  # waits its turn
        assert reply is not None
        assert reply.exit_code == 0
    finally:
        for s in idle:
            s.close()
    assert numbers(kiosk_engine) == ["H001"]


def test_a_stale_socket_is_replaced_and_a_live_one_is_left_alone(
    kiosk_store: str, tmp_path: Path
) -> None:
    path = tmp_path / "k.sock"
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(os.fspath(path))
    stale.close()  # a kiosk that died: the file stays, nobody listens
    assert ask_kiosk(path, TicketRequest(service_id="water")) is None

    def answer(request: TicketRequest) -> Reply:
        return Reply(0, (f"took {request.service_id}",))

    first = HandoffServer(path, answer)
    assert first.start()
    try:
        assert ask_kiosk(path, TicketRequest(service_id="water")) == Reply(0, ("took water",))
        second = HandoffServer(path, answer)
        assert not second.start()  # another kiosk on this store already listens
        assert ask_kiosk(path, TicketRequest(service_id="tax")) == Reply(0, ("took tax",))
    finally:
        first.close()
    assert not path.exists()
    other = tmp_path / "notes.txt"
    other.write_text("not a socket")
    assert not HandoffServer(other, answer).start()
    assert other.read_text() == "not a socket"


def test_a_kiosk_that_goes_away_mid_request_gets_no_second_ticket(
    kiosk_store: str, kiosk_engine: Engine, env: dict[str, str]
) -> None:
    """The kiosk issues, then dies before it answers: the command issues again under
    the same request id and is handed the ticket already issued, not a second one."""
    settings = load_settings().with_overrides({"db.url": kiosk_store, "printer.url": "dummy://"})
    ctx = open_centre(settings)
    backend = build_backend(ctx)
    path = socket_path("auto", kiosk_store)
    assert path is not None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.fspath(path))
    listener.listen()

    def issue_then_die() -> None:
        conn, _ = listener.accept()
        with conn:
            request = json.loads(conn.makefile("rb").readline())
            backend.issue_walk_in(request["service"], request["request_id"], "az")
        listener.close()  # gone before answering: the socket file stays, stale

    kiosk = threading.Thread(target=issue_then_die)
    kiosk.start()
    try:
        done = command(
            "ticket", "--service", "water", env={**env, "ASANQ_PRINTER__URL": "dummy://"}
        )
    finally:
        kiosk.join(30)
        ctx.close()
    assert done.returncode == 0, done.stderr
    assert "Növbə aparatı sorğuya cavab vermədi; bilet bu əmrlə verilir" in done.stderr
    assert "closed the connection without an answer" in done.stderr  # the log says why
    assert done.stdout.startswith("Bilet verildi: H001")
    assert numbers(kiosk_engine) == ["H001"]
