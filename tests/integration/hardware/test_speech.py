"""The accessible mode's voice: real espeak-ng in az, ru and en, played through the
audio port off the caller's thread, newest prompt first."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from hardware.audio import NullPlayer, wav_duration
from hardware.audio.speech import EspeakSpeaker, SilentSpeaker, make_speaker

# CI installs espeak-ng (.ci/system-deps); elsewhere these two need it installed.
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (Debian package espeak-ng)",
)


@needs_espeak
def test_each_language_is_spoken_to_the_player() -> None:
    player = NullPlayer()
    spoken: list[tuple[str, str, float]] = []
    speaker = EspeakSpeaker(
        player, on_spoken=lambda text, lang, wav: spoken.append((text, lang, wav_duration(wav)))
    )
    try:
        for text, lang in (
            ("Növbə nömrəniz: A, qırx iki.", "az"),
            ("Ваш номер: A, сорок два.", "ru"),
            ("Your number: A, forty-two.", "en"),
        ):
            speaker.say(text, lang)
            assert speaker.wait_idle(30)
    finally:
        speaker.close()
    assert [lang for _, lang, _ in spoken] == ["az", "ru", "en"]
    assert all(1.0 < seconds < 10 for _, _, seconds in spoken), spoken
    assert len(player.played) == 3


@needs_espeak
def test_say_returns_at_once_and_only_the_newest_waiting_prompt_is_kept() -> None:
    gate = threading.Event()

    class SlowPlayer(NullPlayer):
        def play(self, wav: Path) -> None:
            gate.wait(10)
            super().play(wav)

    player = SlowPlayer()
    speaker = EspeakSpeaker(player)
    try:
        speaker.say("Ekran 0", "az")
        deadline = time.monotonic() + 10
        while not speaker._busy and time.monotonic() < deadline:  # the first is playing
            time.sleep(0.01)
        started = time.perf_counter()
        for n in range(1, 5):
            speaker.say(f"Ekran {n}", "az")
        assert time.perf_counter() - started < 0.5  # the caller (the UI thread) never waits
        gate.set()
        assert speaker.wait_idle(30)
    finally:
        speaker.close()
    assert len(player.played) == 2  # the first (already playing) and the newest


def test_without_espeak_the_mode_stays_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert isinstance(make_speaker(NullPlayer()), SilentSpeaker)
    monkeypatch.undo()
    speaker = EspeakSpeaker(NullPlayer(), command="/nonexistent/espeak-ng")
    speaker.say("x", "az")
    assert speaker.wait_idle(10)  # a missing binary is a log line, not a crash
    speaker.close()
