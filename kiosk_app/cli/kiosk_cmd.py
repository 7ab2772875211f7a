"""`asan-queue kiosk`: the full-screen touchscreen kiosk (or `--hash-pin` for its exit PIN)."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "kiosk", help="run the touchscreen kiosk (full screen; staff leave with the exit PIN)"
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="an ordinary window that can be closed (development and demo)",
    )
    parser.add_argument("--db", metavar="URL", help="centre store URL (default: db.url)")
    parser.add_argument("--printer", metavar="URL", help="printer URL (default: printer.url)")
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="read a new staff exit PIN and print its hash for kiosk.exit_pin_hash",
    )
    parser.add_argument("--exit-after-first-frame", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=_kiosk)


def _kiosk(args: argparse.Namespace) -> int:
    if args.hash_pin:
        return _hash_pin()
    started = time.perf_counter()
    settings = settings_from_args(args, **{"db.url": args.db, "printer.url": args.printer})
    if not args.windowed and not settings.kiosk.exit_pin_hash and not settings.demo:
        raise UserError(
            "full screen needs a staff exit PIN: set kiosk.exit_pin_hash "
            "(ASANQ_KIOSK__EXIT_PIN_HASH; make one with `asan-queue kiosk --hash-pin`), "
            "or use --windowed"
        )
    from hardware.printing import PrinterUrlError
    from kiosk_app.store.engine import StoreError

    try:
        from kiosk_app.composition.kiosk import run_kiosk
    except ModuleNotFoundError as exc:  # a core install, without the `qt` extra
        if not (exc.name or "").startswith("PySide6"):
            raise
        raise UserError("the kiosk needs Qt: pip install 'asan-queue[qt]' (PySide6)") from None

    try:
        code = run_kiosk(
            settings, windowed=args.windowed, exit_after_first_frame=args.exit_after_first_frame
        )
    except (StoreError, PrinterUrlError) as exc:
        raise UserError(str(exc)) from None
    if args.exit_after_first_frame:
        print(f"first frame after {(time.perf_counter() - started) * 1000:.0f} ms in-process")
    return code


def _hash_pin() -> int:
    from kiosk_app.services.kiosk.pin import PinError, hash_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("New exit PIN (digits): ")
        if getpass.getpass("Same PIN again: ") != pin:
            raise UserError("the two PINs differ")
    else:
        pin = sys.stdin.readline().strip()
    try:
        pin_hash = hash_pin(pin)
    except PinError as exc:
        raise UserError(str(exc)) from None
    print(pin_hash)
    print(f"# put it in the settings: [kiosk] exit_pin_hash = '{pin_hash}'", file=sys.stderr)
    print(f"# or: export ASANQ_KIOSK__EXIT_PIN_HASH='{pin_hash}'", file=sys.stderr)
    return 0
