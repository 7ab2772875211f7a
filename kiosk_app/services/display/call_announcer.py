"""Turns a hall call into sound: the clip names of domain.announcement, looked
up in assets/sounds/<language>/, handed to the hardware announcement queue."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from hardware.audio import AnnouncementQueue
from kiosk_app.domain.announcement import announcement_clips, announcement_text
from kiosk_app.domain.tickets import TicketNumber
from kiosk_app.services.display.hall import HallCall

log = logging.getLogger("asanq.display")


def sounds_dir(language: str = "az") -> Path:
    return Path(str(resources.files("assets").joinpath(f"sounds/{language}")))


def clip_paths(
    number: str, counter: int, *, chime: bool = True, speak: bool = True, language: str = "az"
) -> list[Path]:
    """Files to play for one call (missing clips are skipped with a log line)."""
    folder = sounds_dir(language)
    names = announcement_clips(TicketNumber.parse(number), counter, chime=chime)
    if not speak:
        names = names[:1] if chime else []
    paths = []
    for name in names:
        path = folder / f"{name}.wav"
        if path.is_file():
            paths.append(path)
        else:
            log.warning("missing sound clip %s", name)
    return paths


class CallAnnouncer:
    def __init__(self, queue: AnnouncementQueue, *, chime: bool = True, speak: bool = True) -> None:
        self.queue = queue
        self.chime = chime
        self.speak = speak

    def __call__(self, call: HallCall) -> None:
        paths = clip_paths(call.number, call.counter, chime=self.chime, speak=self.speak)
        log.info("announce: %s", announcement_text(TicketNumber.parse(call.number), call.counter))
        if paths:
            self.queue.say(paths)
