"""`asan-queue sms-emulator`: an SMS centre (SMPP 3.4) on loopback, JSON per message.

Stands in for the operator's SMS centre in the demo and in manual tests: point
`ASANQ_SMS__URL` at the URL it prints, and every SMS lands in `--out` as
`sms-<time>-<n>.json` with its decoded text and its parts as they came on the wire.
`--fault` makes it misbehave.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from server_sync.cli.common import UserError, settings_from_args
from server_sync.sms.emulator import SmscEmulator, SmscFault
from server_sync.sms.smpp_codes import Status


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "sms-emulator", help="run an SMS centre emulator (SMPP 3.4, JSON per message)"
    )
    parser.add_argument("--port", type=int, default=2775, help="TCP port (default 2775; 0: any)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the messages")
    parser.add_argument(
        "--fault",
        choices=[f.value for f in SmscFault],
        default=SmscFault.NONE.value,
        help="misbehave like a centre with this fault",
    )
    parser.add_argument("--system-id", default="asan", help="the system_id to accept")
    parser.add_argument("--password", default="secret", help="the password to accept")
    parser.add_argument(
        "--refuse-status",
        type=lambda v: int(v, 0),
        default=int(Status.RSUBMITFAIL),
        metavar="N",
        help="command status for --fault refuse (default 0x45, ESME_RSUBMITFAIL)",
    )
    parser.add_argument(
        "--slow-s", type=float, default=0.5, help="delay of each answer for --fault slow"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    settings_from_args(args)  # logging as configured
    if not 0 <= args.port <= 65535:
        raise UserError("--port must be between 0 and 65535")
    if not (1 <= len(args.system_id) <= 15 and len(args.password) <= 8):
        raise UserError("--system-id takes 1-15 characters and --password at most 8 (SMPP 3.4)")
    out = Path(args.out)
    try:
        emulator = SmscEmulator(
            out,
            host=args.host,
            port=args.port,
            system_id=args.system_id,
            password=args.password,
            fault=SmscFault(args.fault),
            refuse_status=args.refuse_status,
            slow_s=args.slow_s,
        )
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    stop = threading.Event()

    def _on_term(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        try:
            emulator.start()
        except OSError as exc:
            raise UserError(f"cannot write messages to {out}: {exc.strerror}") from None
        host, port = emulator.address
        print(
            f"SMS centre emulator listening on {host}:{port} (fault: {args.fault}); "
            f"sms.url = smpp://{args.system_id}:{args.password}@{host}:{port}; "
            f"messages as JSON in {out.resolve()}. Ctrl-C stops it.",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    finally:
        emulator.stop()
        signal.signal(signal.SIGTERM, previous)
    print(
        f"SMS centre emulator stopped; {len(emulator.messages)} message(s) in {out.resolve()}",
        flush=True,
    )
    return 0
