"""The `asan-queue` command: one entry point, one subcommand per tool.

Each package owns its commands: the centre's live in `kiosk_app.cli`, the central
service's and IT's in `server_sync.cli`. Each command module exposes
`register(subparsers)`; its handler returns the process exit code.
Errors that are the user's or the environment's fault are raised as
`UserError` and printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

# We use no pydantic plugins: without this, the first model scans every installed
# package's entry points for them (importlib.metadata, ~45 ms of each command's start).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from kiosk_app.settings import Settings
from server_sync.cli.common import UserError

log = logging.getLogger("asanq.cli")

# Subcommands: name → (module, one-line help). Only the module of the command being
# run is imported, so `asan-queue kiosk` does not pay for FastAPI, reports, etc.
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("kiosk_app.cli.db_cmd", "create, migrate and seed the centre store"),
    "demo": ("kiosk_app.cli.demo_cmd", "run the whole centre on this machine"),
    "server": ("server_sync.cli.server_cmd", "run the central booking service (pages + HTTP API)"),
    "kiosk": ("kiosk_app.cli.kiosk_cmd", "run the touchscreen kiosk"),
    "sync": ("kiosk_app.cli.sync_cmd", "run the centre's sync agent"),
    "parked": (
        "kiosk_app.cli.parked_cmd",
        "outbox events central refused: list, re-send or drop (IT, audited)",
    ),
    "it": ("server_sync.cli.it_cmd", "IT: centres, tokens, config pushes"),
    "staff": ("kiosk_app.cli.staff_cmd", "staff console: counter workstation, management"),
    "display": ("kiosk_app.cli.display_cmd", "hall display: calls with chime and speech"),
    "forecast": ("kiosk_app.cli.forecast_cmd", "staffing forecast of a day (simulation)"),
    "report": ("kiosk_app.cli.report_cmd", "queue report of a day or range (CSV or PDF)"),
    "printer-emulator": (
        "kiosk_app.cli.printer_cmd",
        "run a network ticket printer emulator (PNG per ticket)",
    ),
    "ticket": ("kiosk_app.cli.ticket_cmd", "print a ticket or a test page on the printer"),
    "install": (
        "kiosk_app.cli.install_cmd",
        "install this machine's roles: system users, settings, secrets, systemd units",
    ),
    "sms-emulator": (
        "server_sync.sms.cli",
        "run an SMS centre emulator (SMPP 3.4, JSON per message)",
    ),
}


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv` (after global options), if any."""
    args = iter(argv)
    for arg in args:
        if arg == "--config":
            next(args, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (all of them when
    `argv` names none, e.g. for `--help`)."""
    parser = argparse.ArgumentParser(
        prog="asan-queue",
        description="ASAN queue: kiosk, tickets, staff tools and online booking.",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML settings file (default: $ASANQ_CONFIG, then built-in defaults)",
    )
    # One TOML file configures the whole machine: every command loads the centre's
    # settings model (a superset of the central one).
    parser.set_defaults(settings_class=Settings)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = _chosen_command(argv) if argv is not None else None
    for name, (module_name, help_text) in COMMANDS.items():
        if chosen is None or name == chosen:
            importlib.import_module(module_name).register(sub)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (the arguments of `argv`, else of this process); its exit code."""
    return _run(argv)[0]


def entry() -> NoReturn:
    """The `asan-queue` program: run the command, then exit.

    A one-shot command that asks for it (`quick_exit`, as `ticket` does) ends without
    Python's teardown of every loaded module, which costs about 70 ms of CPU once
    SQLAlchemy is loaded (a sixth of a ticket's). By then it has committed and closed
    its store and printer; its output and its log are flushed here first."""
    code, quick = _run(None)
    if not quick:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to keep
            stream.flush()
    logging.shutdown()
    os._exit(code)


def _run(argv: Sequence[str] | None) -> tuple[int, bool]:
    """(exit code, whether the command may skip Python's teardown)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    quick = bool(getattr(args, "quick_exit", False))
    try:
        code: int = args.handler(args)
    except UserError as exc:
        print(f"asan-queue {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code, quick
    except KeyboardInterrupt:
        return 130, quick
    except Exception as exc:
        line = database_error_line(exc)
        if line is None:
            raise
        log.debug("database error in %s", args.command, exc_info=True)
        print(f"asan-queue {args.command}: {line}", file=sys.stderr)
        return 1, quick
    return code, quick


def database_error_line(exc: BaseException) -> str | None:
    """One line for a store failure that reached the top (a damaged page, a lost
    server, a full disk), or None when `exc` is not one: every command ends such
    a failure with this line and exit code 1, never a traceback."""
    from kiosk_app.store.engine import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    seen: BaseException | None = exc
    while seen is not None:
        module = type(seen).__module__
        if module.startswith(("sqlalchemy", "sqlite3", "psycopg")) or (
            type(seen).__name__ in ("DatabaseError", "OperationalError")
        ):
            detail = str(getattr(seen, "orig", None) or seen).strip()
            detail = detail.splitlines()[0] if detail else type(seen).__name__
            if "malformed" in detail or "not a database" in detail:
                return (
                    f"the store is damaged ({detail}): nothing more was done; run "
                    "`asan-queue db check` and restore the latest backup (`asan-queue db restore`)"
                )
            return f"store error ({detail[:200]}): nothing more was done; see `asan-queue db check`"
        seen = seen.__cause__ or seen.__context__
    return None


if __name__ == "__main__":  # pragma: no cover
    entry()
