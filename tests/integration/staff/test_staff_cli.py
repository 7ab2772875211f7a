"""`asan-queue staff add-user` and `asan-queue report` as a user runs them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk_app.cli.main import main
from kiosk_app.domain.staff import Role
from kiosk_app.services.staff.types import StaffSession
from tests.integration.staff.conftest import Centre
from tests.integration.staff.test_dashboard_reports import small_day
from tests.pii_guard import find_pii


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert not find_pii(done.stderr), done.stderr  # no personal data in its log
    return done


@pytest.mark.parametrize("empty_store_url", ["sqlite"], indirect=True)
def test_add_user_reads_the_pin_from_stdin_and_it_signs_in(
    centre: Centre, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def add(*args: str, pin: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
        return main(["staff", "add-user", "--db", centre.url, *args])

    assert (
        add("--username", "aysel", "--role", "operator", "--full-name", "Aysel Əliyeva", pin="4321")
        == 0
    )
    assert "created" in capsys.readouterr().out
    session = centre.auth.sign_in("aysel", "4321")
    assert session == StaffSession("aysel", "Aysel Əliyeva", Role.OPERATOR)
    assert add("--username", "aysel", "--role", "manager", pin="9999") == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "asan-queue staff: user 'aysel' already exists"
    )
    assert add("--username", "x", "--role", "it", pin="12") == 2
    assert "at least 4" in capsys.readouterr().err


@pytest.mark.parametrize("empty_store_url", ["sqlite"], indirect=True)
def test_unlock_opens_a_locked_staff_user(
    centre: Centre, capsys: pytest.CaptureFixture[str]
) -> None:
    centre.auth.add_user("aysel", "Aysel", Role.OPERATOR, "4321")
    for pin in ("0000", "1111", "2222"):
        centre.auth.sign_in("aysel", pin)
    assert centre.auth.sign_in("aysel", "4321") != StaffSession("aysel", "Aysel", Role.OPERATOR)
    assert main(["staff", "unlock", "--db", centre.url, "--username", "aysel"]) == 0
    assert "unlocked" in capsys.readouterr().out
    assert centre.auth.sign_in("aysel", "4321") == StaffSession("aysel", "Aysel", Role.OPERATOR)
    assert main(["staff", "unlock", "--db", centre.url, "--username", "nobody"]) == 2
    assert "no staff user 'nobody'" in capsys.readouterr().err


@pytest.mark.parametrize("empty_store_url", ["sqlite"], indirect=True)
def test_report_csv_and_pdf_from_the_command_line(
    qt_offscreen: dict[str, str], centre: Centre, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_day(centre)
    out = tmp_path / "day.csv"
    assert (
        main(
            [
                "report",
                "--db",
                centre.url,
                "--date",
                "2026-11-23",
                "--format",
                "csv",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "A003" in out.read_text("utf-8-sig")
    assert (
        main(
            [
                "report",
                "--db",
                centre.url,
                "--date",
                "2026-11-23",
                "--to",
                "2026-11-22",
                "--format",
                "csv",
                "--output",
                str(out),
            ]
        )
        == 2
    )
    assert "--to is before --date" in capsys.readouterr().err
    pdf = tmp_path / "range.pdf"
    done = cli(
        "report",
        "--db",
        centre.url,
        "--date",
        "2026-11-22",
        "--to",
        "2026-11-24",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        "--language",
        "en",
    )
    assert done.returncode == 0, done.stderr
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Queue report" in text
    assert "2026-11-22 – 2026-11-24" in text


def test_a_missing_store_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    done = cli(
        "report",
        "--db",
        f"sqlite:///{tmp_path}/none.db",
        "--date",
        "2026-11-23",
        "--format",
        "csv",
        "--output",
        str(tmp_path / "x.csv"),
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("asan-queue report: ")
