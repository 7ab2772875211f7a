"""Ways to make a WAV audible: a player command (`aplay`, `paplay`) or nothing.

QtMultimedia is not part of PySide6-Essentials, so sound goes through the
system's own player. `play()` blocks until the sound has ended, which is what
lets the queue guarantee that calls never overlap and are never cut off.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from hardware.audio.wavjoin import wav_duration

log = logging.getLogger("asanq.audio")


class Player(Protocol):
    def play(self, wav: Path) -> None:
        """Play the file and return when it has finished."""
        ...


class CommandPlayer:
    """Runs `command <file>` and waits for it (aplay -q, paplay)."""

    def __init__(self, command: list[str], timeout_s: float = 30.0) -> None:
        self.command = command
        self.timeout_s = timeout_s

    def play(self, wav: Path) -> None:
        try:
            done = subprocess.run(
                [*self.command, str(wav)],
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("sound not played: %s", exc)
            return
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            log.warning("sound player failed: %s", detail[0] if detail else done.returncode)


class NullPlayer:
    """No speakers: logs each sound and remembers it (tests, headless runs)."""

    def __init__(self) -> None:
        self.played: list[tuple[Path, float]] = []

    def play(self, wav: Path) -> None:
        seconds = wav_duration(wav)
        self.played.append((wav, seconds))
        log.info("sound (no speakers): %s, %.2f s", wav.name, seconds)


def make_player(backend: str = "auto") -> Player:
    """The player named by `backend` (auto, aplay, paplay, null)."""
    choices = {"aplay": ["aplay", "-q"], "paplay": ["paplay"]}
    if backend == "null":
        return NullPlayer()
    if backend in choices:
        return CommandPlayer(choices[backend])
    for name in ("paplay", "aplay"):
        if shutil.which(name):
            return CommandPlayer(choices[name])
    log.info("no sound player found (paplay/aplay): calls are shown, not spoken")
    return NullPlayer()
