"""Speakers: joining recorded clips into one announcement and playing them in
order, one at a time, never cut off (the hall display's spoken calls)."""

from hardware.audio.players import CommandPlayer, NullPlayer, Player, make_player
from hardware.audio.queue import AnnouncementQueue
from hardware.audio.wavjoin import WavFormatError, join_clips, wav_duration

__all__ = [
    "AnnouncementQueue",
    "CommandPlayer",
    "NullPlayer",
    "Player",
    "WavFormatError",
    "join_clips",
    "make_player",
    "wav_duration",
]
