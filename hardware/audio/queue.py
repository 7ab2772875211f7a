"""A queue of announcements played strictly one after another.

The display may receive several calls within a second (ten counters calling);
each is joined into one WAV and handed to a single worker thread that plays
them in arrival order, waiting for each to end before the next starts.
"""

from __future__ import annotations

import logging
import queue
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from hardware.audio.players import Player
from hardware.audio.wavjoin import WavFormatError, join_clips, wav_duration

log = logging.getLogger("asanq.audio")

_STOP = None


class AnnouncementQueue:
    """`say([clip paths…])` returns at once; the clips are played later, in order."""

    def __init__(
        self,
        player: Player,
        *,
        gap_ms: int = 60,
        on_played: Callable[[Path, float], None] | None = None,
    ) -> None:
        self.player = player
        self.gap_ms = gap_ms
        self.on_played = on_played
        self._items: queue.Queue[list[Path] | None] = queue.Queue()
        self._dir = tempfile.TemporaryDirectory(prefix="asanq-audio-")
        self._count = 0
        self._markers: list[threading.Event] = []
        self._thread = threading.Thread(target=self._run, name="announcements", daemon=True)
        self._thread.start()

    def say(self, clips: Sequence[Path]) -> None:
        self._items.put(list(clips))

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Block until everything queued so far has been played (tests, shutdown)."""
        done = threading.Event()
        self._items.put([])  # a marker: set when the worker reaches it
        self._markers.append(done)
        return done.wait(timeout_s)

    def close(self) -> None:
        self._items.put(_STOP)
        self._thread.join(timeout=60)
        self._dir.cleanup()

    def _run(self) -> None:
        while True:
            item = self._items.get()
            if item is _STOP:
                return
            if not item:
                if self._markers:
                    self._markers.pop(0).set()
                continue
            self._play(item)

    def _play(self, clips: list[Path]) -> None:
        try:
            data = join_clips(clips, gap_ms=self.gap_ms)
        except WavFormatError as exc:
            log.error("announcement not played: %s", exc)
            return
        self._count += 1
        path = Path(self._dir.name) / f"call-{self._count}.wav"
        path.write_bytes(data)
        self.player.play(path)
        if self.on_played is not None:
            self.on_played(path, wav_duration(data))
        path.unlink(missing_ok=True)
