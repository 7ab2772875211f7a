"""The spoken call: clip order, the shipped clips, and the joined WAV's length."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

from hardware.audio import AnnouncementQueue, NullPlayer, join_clips, wav_duration
from hardware.audio.players import make_player
from kiosk_app.domain.announcement import all_clip_words, announcement_clips, announcement_text
from kiosk_app.domain.tickets import TicketNumber
from kiosk_app.services.display.call_announcer import clip_paths, sounds_dir


def test_a042_to_counter_5_is_said_in_the_right_order() -> None:
    clips = announcement_clips(TicketNumber("A", 42), 5)
    assert clips == [
        "chime",
        "letter_a",
        "qirx",
        "iki",
        "nomreli_bilet",
        "besh",
        "nomreli_penchereye",
    ]
    assert announcement_text(TicketNumber("A", 42), 5) == "A042 nömrəli bilet, 5 nömrəli pəncərəyə"


def test_every_clip_a_call_can_need_is_shipped_small_and_alike() -> None:
    folder = sounds_dir()
    total = 0
    for name in [*all_clip_words(), "chime"]:
        path = folder / f"{name}.wav"
        assert path.is_file(), name
        with wave.open(str(path)) as w:
            assert (w.getnchannels(), w.getframerate()) == (1, 16000)
            assert 0.1 < w.getnframes() / 16000 < 2.5
        total += path.stat().st_size
    assert total < 450_000


def test_joined_call_lasts_the_sum_of_its_clips_and_keeps_their_order() -> None:
    paths = clip_paths("A042", 5)
    assert [p.stem for p in paths] == announcement_clips(TicketNumber("A", 42), 5)
    joined = join_clips(paths, gap_ms=60)
    expected = sum(wav_duration(p) for p in paths) + 0.06 * (len(paths) - 1)
    assert abs(wav_duration(joined) - expected) < 0.01
    # the first frames are the chime's, the last ones the final phrase's
    with wave.open(str(paths[0])) as w:
        chime = w.readframes(200)
    assert joined[44 : 44 + 200] == chime


def test_calls_are_played_one_after_another_never_overlapping(tmp_path: Path) -> None:
    lock = threading.Lock()
    playing: list[int] = []
    log: list[str] = []

    class Exclusive(NullPlayer):
        def play(self, wav: Path) -> None:
            assert lock.acquire(blocking=False), "two sounds at once"
            playing.append(1)
            super().play(wav)
            log.append(wav.name)
            lock.release()

    player = Exclusive()
    queue = AnnouncementQueue(player)
    for number, counter in (("A001", 1), ("B002", 12), ("H103", 7)):
        queue.say(clip_paths(number, counter))
    assert queue.wait_idle(10)
    queue.close()
    assert len(player.played) == 3
    assert [round(s, 2) for _, s in player.played] == [
        round(wav_duration(join_clips(clip_paths(n, c))), 2)
        for n, c in (("A001", 1), ("B002", 12), ("H103", 7))
    ]


def test_null_backend_when_asked() -> None:
    assert isinstance(make_player("null"), NullPlayer)


PLAYER = """
import sys, time, wave
log, path = sys.argv[1], sys.argv[2]
with wave.open(path) as w:
    seconds = w.getnframes() / w.getframerate()
with open(log, "a") as f:
    f.write(f"start {time.monotonic()} {seconds}\\n")
time.sleep(seconds / 20)  # a player that plays 20x faster than real time
with open(log, "a") as f:
    f.write(f"end {time.monotonic()}\\n")
"""


def test_a_player_command_plays_each_call_to_its_end_before_the_next(tmp_path: Path) -> None:
    import sys

    from hardware.audio import CommandPlayer

    log = tmp_path / "player.log"
    script = tmp_path / "player.py"
    script.write_text(PLAYER)
    queue = AnnouncementQueue(CommandPlayer([sys.executable, str(script), str(log)]))
    calls = [("A042", 5), ("B007", 12), ("H100", 3)]
    for number, counter in calls:
        queue.say(clip_paths(number, counter))
    assert queue.wait_idle(20)
    queue.close()
    events = [line.split() for line in log.read_text().splitlines()]
    assert [e[0] for e in events] == ["start", "end"] * 3  # strictly one after another
    for (_, started, seconds), (_, ended) in zip(events[0::2], events[1::2], strict=True):
        assert float(ended) - float(started) >= float(seconds) / 20  # never cut short
    durations = [round(float(e[2]), 2) for e in events[0::2]]
    assert durations == [round(wav_duration(join_clips(clip_paths(n, c))), 2) for n, c in calls]


def test_eleven_to_nineteen_are_one_clip_each() -> None:
    assert announcement_clips(TicketNumber("A", 111), 12, chime=False) == [
        "letter_a",
        "yuz",
        "on_bir",
        "nomreli_bilet",
        "on_iki",
        "nomreli_penchereye",
    ]
    assert announcement_clips(TicketNumber("B", 10), 20, chime=False) == [
        "letter_b",
        "on",
        "nomreli_bilet",
        "iyirmi",
        "nomreli_penchereye",
    ]
