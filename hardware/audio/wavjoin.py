"""Join WAV clips into one WAV with the stdlib `wave` module.

Playing one joined file instead of N small ones means no gaps from starting a
player N times and no chance of two clips overlapping; and it lets tests check
an announcement's order and length without a sound card.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from pathlib import Path


class WavFormatError(ValueError):
    """A clip is missing, unreadable, or not in the format of the others."""


def _params(w: wave.Wave_read) -> tuple[int, int, int]:
    return (w.getnchannels(), w.getsampwidth(), w.getframerate())


def join_clips(clips: Sequence[Path], *, gap_ms: int = 60) -> bytes:
    """One WAV (as bytes) holding `clips` in order with `gap_ms` of silence between."""
    if not clips:
        raise WavFormatError("no clips to join")
    frames: list[bytes] = []
    params: tuple[int, int, int] | None = None
    for path in clips:
        try:
            with wave.open(str(path), "rb") as w:
                p = _params(w)
                data = w.readframes(w.getnframes())
        except (OSError, EOFError, wave.Error) as exc:
            raise WavFormatError(f"cannot read clip {path}: {exc}") from None
        if params is None:
            params = p
        elif p != params:
            raise WavFormatError(f"clip {path} is {p}, expected {params} like the others")
        frames.append(data)
    assert params is not None
    channels, width, rate = params
    silence_value = b"\x80" if width == 1 else b"\x00"
    silence = silence_value * (rate * gap_ms // 1000 * channels * width)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(silence.join(frames))
    return out.getvalue()


def wav_duration(data: bytes | Path) -> float:
    """Length in seconds of a WAV given as bytes or a file."""
    src: io.BytesIO | str = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    with wave.open(src, "rb") as w:
        return w.getnframes() / float(w.getframerate())
