"""`asan-queue ticket --code/--service` and `asan-queue kiosk --hash-pin` as real
processes, against a real store and printer (dummy:// or the emulator)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from hardware.emulator import Fault, PrinterEmulator
from kiosk_app.cli.ticket_flow import issue_ticket
from kiosk_app.services.kiosk.pin import verify_pin
from kiosk_app.settings import load_settings
from kiosk_app.store import tables
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.kernel.order_codes import generate_order_code
from tests.factories import booking
from tests.integration.kiosk.conftest import add_bookings
from tests.pii_guard import find_pii


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ASANQ_LOG__LEVEL": "WARNING", **(env or {})},
        check=False,
    )
    assert not find_pii(done.stderr), done.stderr  # no personal data in its log
    return done


def tickets(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one())


def test_walk_in_ticket_from_the_command_line(kiosk_store: str, kiosk_engine: Engine) -> None:
    done = run("ticket", "--service", "water", "--db", kiosk_store, "--printer", "dummy://")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Bilet verildi: H001 · Su təchizatı müraciəti"
    assert "Bilet çap olundu." in done.stdout
    assert tickets(kiosk_engine) == 1


def test_check_in_refusals_have_the_kiosks_words(kiosk_store: str, kiosk_engine: Engine) -> None:
    now = datetime.now(BAKU)
    tomorrow = booking(day=(now + timedelta(days=1)).date())
    add_bookings(kiosk_engine, tomorrow, now=now)
    done = run(
        "ticket",
        "--code",
        tomorrow.order_code,
        "--db",
        kiosk_store,
        "--printer",
        "dummy://",
        "--lang",
        "en",
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "Your booking is not for today"
    typo = tomorrow.order_code[:-1] + str((int(tomorrow.order_code[-1]) + 1) % 10)
    done = run("ticket", "--code", typo, "--db", kiosk_store, "--printer", "dummy://")
    assert done.returncode == 1
    assert "Kodda yazı səhvi var" in done.stdout
    assert tickets(kiosk_engine) == 0


def test_check_in_on_a_printer_out_of_paper_still_gives_the_number(
    kiosk_store: str, kiosk_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the command's own flow, in-process so that it stands at a fixed moment (no wall clock)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)
    b = booking(day=now.date(), at=(now + timedelta(minutes=10)).time().replace(tzinfo=None))
    add_bookings(kiosk_engine, b, now=now)
    with PrinterEmulator(tmp_path / "tickets", fault=Fault.PAPER_OUT) as emulator:
        settings = load_settings().with_overrides(
            {"db.url": kiosk_store, "printer.url": emulator.url, "printer.print_timeout_s": 5}
        )
        code = issue_ticket(
            settings, code=b.order_code, service_id=None, language=None, clock=FixedClock(now)
        )
    out = capsys.readouterr().out
    assert code == 3, out
    assert out.startswith("Bilet verildi: A001")
    assert "Bilet çap olunmadı (paper_out). Nömrə: A001, QR: http" in out
    assert tickets(kiosk_engine) == 1


def test_ticket_code_counts_unknown_codes_and_cools_down(
    kiosk_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
    settings = load_settings().with_overrides(
        {"db.url": kiosk_store, "printer.url": "dummy://", "kiosk.unknown_codes_limit": 3}
    )
    for _ in range(2):
        assert (
            issue_ticket(
                settings, code=generate_order_code(), service_id=None, language="en", clock=clock
            )
            == 1
        )
        assert "not found" in capsys.readouterr().out.lower()
    assert (
        issue_ticket(
            settings, code=generate_order_code(), service_id=None, language="en", clock=clock
        )
        == 1
    )
    out = capsys.readouterr().out
    assert out.startswith("Please wait a little")
    assert "about 2 min" in out


def test_bad_store_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    done = run("ticket", "--service", "water", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_hash_pin_makes_a_hash_the_kiosk_accepts() -> None:
    done = run("kiosk", "--hash-pin", stdin="482915\n")
    assert done.returncode == 0, done.stderr
    pin_hash = done.stdout.strip()
    assert pin_hash.startswith("$argon2id$")
    assert verify_pin(pin_hash, "482915")
    assert not verify_pin(pin_hash, "482916")
    assert "ASANQ_KIOSK__EXIT_PIN_HASH" in done.stderr
    short = run("kiosk", "--hash-pin", stdin="12\n")
    assert short.returncode == 2
    assert "at least 4 digits" in short.stderr


def test_full_screen_refuses_to_start_without_an_exit_pin(kiosk_store: str) -> None:
    done = run(
        "kiosk",
        "--db",
        kiosk_store,
        env={"ASANQ_KIOSK__EXIT_PIN_HASH": "", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 2
    assert "--hash-pin" in done.stderr


def test_kiosk_starts_full_screen_and_paints_its_first_frame(
    kiosk_store: str, qt_offscreen: dict[str, str]
) -> None:
    pin_hash = run("kiosk", "--hash-pin", stdin="482915\n").stdout.strip()
    done = run(
        "kiosk",
        "--db",
        kiosk_store,
        "--printer",
        "dummy://",
        "--exit-after-first-frame",
        env={"ASANQ_KIOSK__EXIT_PIN_HASH": pin_hash, **qt_offscreen},
    )
    assert done.returncode == 0, done.stderr
    assert "first frame after" in done.stdout


def test_sigterm_ends_a_locked_kiosk(kiosk_store: str, qt_offscreen: dict[str, str]) -> None:
    pin_hash = run("kiosk", "--hash-pin", stdin="482915\n").stdout.strip()
    env = {
        **os.environ,
        "ASANQ_KIOSK__EXIT_PIN_HASH": pin_hash,
        **qt_offscreen,
        "ASANQ_LOG__LEVEL": "INFO",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk_app.cli.main",
            "kiosk",
            "--db",
            kiosk_store,
            "--printer",
            "dummy://",
        ],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "kiosk started (full screen)" in line:
                break
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def test_the_ticket_command_leaves_quickly_with_everything_written(
    kiosk_store: str, kiosk_engine: Engine
) -> None:
    """`ticket` skips Python's teardown at exit (`cli.main.entry`): its lines, its log
    and the store are all complete first, even when its output is a pipe."""
    info = {"ASANQ_LOG__LEVEL": "INFO"}
    done = run(
        "ticket", "--service", "water", "--db", kiosk_store, "--printer", "dummy://", env=info
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Bilet verildi: H001 · Su təchizatı müraciəti",
        "Sizdən əvvəl heç kim yoxdur",
        "Bilet çap olundu.",
    ]
    assert "asanq.printer: ticket H001 printed" in done.stderr  # the last log line
    assert tickets(kiosk_engine) == 1
    with kiosk_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
