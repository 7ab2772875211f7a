"""`asan-queue display`: the hall display (full screen on the TV; `--windowed`)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from kiosk_app.cli.common import settings_from_args
from kiosk_app.cli.gui_common import open_context, qt_app
from kiosk_app.services.staff_types import CallListener


def register(sub: Any) -> None:
    parser = sub.add_parser("display", help="hall display: calls with chime and speech")
    parser.add_argument("--db", help="centre store URL (default: settings db.url)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument("--no-sound", action="store_true", help="show calls without sound")
    parser.set_defaults(handler=_display)


def _display(args: argparse.Namespace) -> int:
    settings = settings_from_args(args, **{"db.url": args.db})
    ctx = open_context(settings)
    app = qt_app("display")
    import psycopg

    from hardware.audio import AnnouncementQueue, make_player
    from kiosk_app.services.call_announcer import CallAnnouncer
    from kiosk_app.staff_bootstrap import hall_display, listener
    from kiosk_app.ui.display.window import DisplayWindow
    from server_sync.domain.clock import BAKU

    d = settings.display
    backend = "null" if args.no_sound else d.audio_backend
    queue = AnnouncementQueue(make_player(backend))
    presenter = hall_display(ctx, CallAnnouncer(queue, chime=d.chime, speak=d.speak))
    try:
        channel: CallListener | None = listener(ctx)
    except (OSError, psycopg.Error) as exc:  # still correct, only slower: the poll finds calls
        logging.getLogger("asanq.display").warning("no call notifications (%s); polling", exc)
        channel = None
    window = DisplayWindow(
        presenter,
        listener=channel,
        poll_seconds=d.fallback_poll_seconds,
        title=ctx.catalogue.centres[ctx.centre_id].name(d.language),
        clock_text=lambda: ctx.clock.now().astimezone(BAKU).strftime("%H:%M"),
    )
    if args.windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.showFullScreen()
    try:
        return int(app.exec())  # type: ignore[attr-defined]
    finally:
        if channel is not None:
            channel.close()
        queue.close()
        ctx.close()
