"""Spoken prompts for the kiosk's accessible mode: text → espeak-ng → the player.

`say(text, language)` returns at once; a worker thread synthesises and plays, so
the screen never waits for speech. Only the newest prompt matters: a visitor who
moved on to the next screen does not want to hear the one before, so anything
still queued is dropped when a new prompt comes (what is playing ends first:
cutting a word off is worse than a short delay).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from hardware.audio.players import Player

log = logging.getLogger("asanq.audio")

VOICES = {"az": "az", "ru": "ru", "en": "en-gb"}  # espeak-ng voice per language


class Speaker(Protocol):
    def say(self, text: str, language: str) -> None:
        """Speak `text` soon, in `language` (az, ru, en); never blocks."""
        ...

    def close(self) -> None: ...


class SilentSpeaker:
    """No speech (the mode is off, or espeak-ng is missing): remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def say(self, text: str, language: str) -> None:
        self.asked.append((text, language))

    def close(self) -> None:
        return None


class EspeakSpeaker:
    """espeak-ng writes a WAV, the player plays it, on one worker thread."""

    def __init__(
        self,
        player: Player,
        *,
        words_per_minute: int = 140,
        command: str = "espeak-ng",
        timeout_s: float = 20.0,
        on_spoken: Callable[[str, str, Path], None] | None = None,
    ) -> None:
        self.player = player
        self.wpm = words_per_minute
        self.command = command
        self.timeout_s = timeout_s
        self.on_spoken = on_spoken
        self._next: tuple[str, str] | None = None
        self._wake = threading.Condition()
        self._stop = False
        self._busy = False
        self._dir = tempfile.TemporaryDirectory(prefix="asanq-speech-")
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def say(self, text: str, language: str) -> None:
        if not text.strip():
            return
        with self._wake:
            self._next = (text, language)  # newest wins
            self._wake.notify()

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Until nothing is queued or playing (tests, shutdown)."""
        with self._wake:
            return self._wake.wait_for(lambda: self._next is None and not self._busy, timeout_s)

    def close(self) -> None:
        with self._wake:
            self._stop = True
            self._wake.notify_all()
        self._thread.join(timeout=self.timeout_s + 5)
        self._dir.cleanup()

    def _run(self) -> None:
        count = 0
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._next is not None or self._stop)
                if self._stop:
                    return
                assert self._next is not None
                text, language = self._next
                self._next = None
                self._busy = True
            count += 1
            try:
                self._speak(text, language, Path(self._dir.name) / f"prompt-{count}.wav")
            finally:
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()

    def _speak(self, text: str, language: str, out: Path) -> None:
        voice = VOICES.get(language, "az")
        try:
            done = subprocess.run(
                [self.command, "-v", voice, "-s", str(self.wpm), "-w", str(out), "--", text],
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("prompt not spoken: %s", exc)
            return
        if done.returncode != 0 or not out.exists():
            log.warning("prompt not spoken: espeak-ng exited %s", done.returncode)
            return
        self.player.play(out)
        if self.on_spoken is not None:
            self.on_spoken(text, language, out)
        out.unlink(missing_ok=True)


def make_speaker(player: Player, *, words_per_minute: int = 140) -> Speaker:
    """espeak-ng when it is installed, else silence (and one log line)."""
    if shutil.which("espeak-ng") is None:
        log.info("espeak-ng not found: accessible mode shows prompts without speech")
        return SilentSpeaker()
    return EspeakSpeaker(player, words_per_minute=words_per_minute)
