"""Any store failure that reaches the top of a command is one line and exit 1
(issue 11, item 5), whatever the command; other errors are not swallowed."""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

import pytest
from sqlalchemy.exc import DatabaseError, OperationalError

from kiosk_app.cli import main as cli
from kiosk_app.store.engine import StoreError


def test_database_errors_become_one_line() -> None:
    damaged = DatabaseError(
        "SELECT 1", {}, sqlite3.DatabaseError("database disk image is malformed")
    )
    line = cli.database_error_line(damaged)
    assert line is not None
    assert "damaged" in line
    assert "db check" in line
    assert "\n" not in line
    lost = OperationalError("SELECT 1", {}, Exception("server closed the connection\nDETAIL: x"))
    line = cli.database_error_line(lost)
    assert line is not None
    assert "server closed the connection" in line
    assert "DETAIL" not in line
    wrapped = RuntimeError("while issuing")
    wrapped.__cause__ = sqlite3.OperationalError("disk I/O error")
    assert "disk I/O error" in (cli.database_error_line(wrapped) or "")
    assert cli.database_error_line(StoreError("store x is damaged")) == "store x is damaged"
    assert cli.database_error_line(ValueError("a bug")) is None


def test_a_command_failing_on_the_store_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def handler(_args: Any) -> int:
        raise DatabaseError("SELECT", {}, sqlite3.DatabaseError("file is not a database"))

    class Parser:
        def parse_args(self, _argv: Any) -> argparse.Namespace:
            return argparse.Namespace(handler=handler, command="report")

    monkeypatch.setattr(cli, "build_parser", lambda _argv: Parser())
    assert cli.main(["report"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("asan-queue report: the store is damaged (file is not a database)")
    assert "Traceback" not in err
