"""`asan-queue display`: the hall display (full screen on the TV; `--windowed`)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk_app.cli.common import settings_from_args
from kiosk_app.cli.gui_common import open_context, qt_app


def register(sub: Any) -> None:
    parser = sub.add_parser("display", help="hall display: calls with chime and speech")
    parser.add_argument("--db", help="centre store URL (default: settings db.url)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument("--no-sound", action="store_true", help="show calls without sound")
    parser.set_defaults(handler=_display)


def _display(args: argparse.Namespace) -> int:
    settings = settings_from_args(args, **{"db.url": args.db})
    ctx = open_context(settings)
    qt_app("display")
    from kiosk_app.composition.display import run_display

    try:
        return run_display(ctx, windowed=args.windowed, sound=not args.no_sound)
    finally:
        ctx.close()
