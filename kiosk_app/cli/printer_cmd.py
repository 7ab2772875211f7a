"""`asan-queue printer-emulator`: a network ESC/POS printer on loopback, PNG per ticket.

Stands in for the centre's 80 mm ticket printer in the demo and in manual
tests: point `ASANQ_PRINTER__URL` at it and every ticket lands in `--out` as
`ticket-NNNN.png` (and `.bin`, its bytes). `--fault` makes it misbehave.
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from hardware.emulator import Fault, PrinterEmulator
from kiosk_app.cli.common import UserError, settings_from_args


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "printer-emulator", help="run a network ticket printer emulator (PNG per ticket)"
    )
    parser.add_argument("--port", type=int, default=9100, help="TCP port (default 9100; 0: any)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the tickets")
    parser.add_argument(
        "--fault",
        choices=[f.value for f in Fault],
        default=Fault.NONE.value,
        help="misbehave like a printer with this fault",
    )
    parser.add_argument(
        "--paper", type=int, choices=(58, 80), default=80, help="paper width in mm (default 80)"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    settings_from_args(args)  # logging as configured
    if not 0 <= args.port <= 65535:
        raise UserError("--port must be between 0 and 65535")
    out = Path(args.out)
    try:
        emulator = PrinterEmulator(
            out,
            host=args.host,
            port=args.port,
            paper_dots=576 if args.paper == 80 else 384,
            fault=Fault(args.fault),
        )
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    stop = threading.Event()

    def _on_term(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        emulator.start()
    except OSError as exc:
        raise UserError(f"cannot write tickets to {out}: {exc.strerror}") from None
    host, port = emulator.address
    print(
        f"Printer emulator listening on {host}:{port} (fault: {args.fault}); "
        f"tickets as PNG in {out.resolve()}. Ctrl-C stops it.",
        flush=True,
    )
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
        signal.signal(signal.SIGTERM, previous)
    print(
        f"Printer emulator stopped; {len(emulator.jobs)} ticket(s) in {out.resolve()}", flush=True
    )
    return 0
