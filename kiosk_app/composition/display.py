"""The hall display's composition root: the call feed, the channel that wakes it, the
player that speaks the calls, and the window."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk_app.composition.centre import CentreContext
from kiosk_app.presenters.display.presenter import DisplayPresenter
from kiosk_app.services.call_channel import make_listener
from kiosk_app.services.display.call_announcer import CallAnnouncer
from kiosk_app.services.display.hall import HallFeed
from kiosk_app.services.staff.types import CallListener
from server_sync.kernel.i18n import Translator

log = logging.getLogger("asanq.display")


def listener(ctx: CentreContext) -> CallListener:
    return make_listener(ctx.settings.db.url, ctx.settings.display.notify_dir)


def hall_display(ctx: CentreContext, announcer: CallAnnouncer | None) -> DisplayPresenter:
    tr = Translator(ctx.settings.display.language)
    feed = HallFeed(ctx.engine, ctx.clock, ctx.centre_id)
    return DisplayPresenter(feed, tr, rows=ctx.settings.display.rows, announce=announcer)


def follow_config(
    ctx: CentreContext,
    set_title: Callable[[str], None],
    post: Callable[[Callable[[], None]], None],
    *,
    interval_s: float | None = None,
) -> None:
    """Nothing on the hall display comes from the catalogue but its title: the watch
    says which config it runs (IT's "applied") and renames it on the UI thread."""
    language = ctx.settings.display.language

    def reconfigured(c: CentreContext) -> None:
        name = c.catalogue.centres[c.centre_id].name(language)
        post(lambda: set_title(name))

    ctx.watch_config("display", reconfigured, interval_s=interval_s)


def run_display(ctx: CentreContext, *, windowed: bool, sound: bool) -> int:
    """The display until its window closes (a QApplication runs)."""
    import psycopg
    from PySide6.QtWidgets import QApplication

    from hardware.audio import AnnouncementQueue, make_player
    from kiosk_app.ui.display.window import DisplayWindow
    from server_sync.kernel.clock import BAKU

    d = ctx.settings.display
    queue = AnnouncementQueue(make_player(d.audio_backend if sound else "null"))
    presenter = hall_display(ctx, CallAnnouncer(queue, chime=d.chime, speak=d.speak))
    try:
        channel: CallListener | None = listener(ctx)
    except (OSError, psycopg.Error) as exc:  # still correct, only slower: the poll finds calls
        log.warning("no call notifications (%s); polling", exc)
        channel = None
    from kiosk_app.ui.kiosk.poster import UiPoster

    poster = UiPoster()
    window = DisplayWindow(
        presenter,
        listener=channel,
        poll_seconds=d.fallback_poll_seconds,
        title=ctx.catalogue.centres[ctx.centre_id].name(d.language),
        clock_text=lambda: ctx.clock.now().astimezone(BAKU).strftime("%H:%M"),
    )
    follow_config(ctx, lambda name: window.title.setText(name), poster.post)
    if windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.showFullScreen()
    try:
        return int(QApplication.instance().exec())  # type: ignore[union-attr]
    finally:
        if channel is not None:
            channel.close()
        queue.close()
