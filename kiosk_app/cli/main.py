"""The `asan-queue` command: one entry point, one subcommand per tool.

Each subcommand lives in its own module under `kiosk_app.cli` and exposes
`register(subparsers)`; the module's handler returns the process exit code.
Errors that are the user's or the environment's fault are raised as
`UserError` and printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from kiosk_app.cli.common import UserError

log = logging.getLogger("asanq.cli")

# Subcommand modules, in the order `--help` lists them.
_COMMAND_MODULES = (
    "kiosk_app.cli.db_cmd",
    "kiosk_app.cli.demo_cmd",
    "kiosk_app.cli.server_cmd",
    "kiosk_app.cli.kiosk_cmd",
    "kiosk_app.cli.sync_cmd",
    "kiosk_app.cli.it_cmd",
    "kiosk_app.cli.staff_cmd",
    "kiosk_app.cli.display_cmd",
    "kiosk_app.cli.report_cmd",
    "kiosk_app.cli.printer_cmd",
    "kiosk_app.cli.ticket_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asan-queue",
        description="ASAN queue: kiosk, tickets, staff tools and online booking.",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML settings file (default: $ASANQ_CONFIG, then built-in defaults)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not built yet in this checkout
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except UserError as exc:
        print(f"asan-queue {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
