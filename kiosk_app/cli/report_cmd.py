"""`asan-queue report`: the day's (or a range's) figures and tickets as CSV or PDF."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.cli.gui_common import open_context


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def register(sub: Any) -> None:
    parser = sub.add_parser("report", help="queue report of a day or range (CSV or PDF)")
    parser.add_argument("--db", help="centre store URL (default: settings db.url)")
    parser.add_argument("--date", type=_day, required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--to", type=_day, help="last day (default: --date)")
    parser.add_argument("--format", choices=["csv", "pdf"], required=True)
    parser.add_argument("--output", required=True, help="file to write")
    parser.add_argument("--language", choices=["az", "ru", "en"], default="az")
    parser.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    first: date = args.date
    last: date = args.to or first
    if last < first:
        raise UserError("--to is before --date")
    out = Path(args.output)
    if not out.parent.is_dir():
        raise UserError(f"folder does not exist: {out.parent}")
    settings = settings_from_args(args, **{"db.url": args.db})
    ctx = open_context(settings)
    try:
        if args.format == "pdf":
            from kiosk_app.ui.launch import offscreen_painting_app

            offscreen_painting_app()
        from kiosk_app.composition.staff import make_report

        try:
            make_report(ctx, first, last, args.format, out, args.language)
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        ctx.close()
    print(f"report {first}..{last} written to {out}")
    return 0
