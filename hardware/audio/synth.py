"""Making the hall display's clips: speech with espeak-ng (+ sox to trim and
resample) and a two-tone chime with the stdlib. Used by
`bench/generate_sounds.py`; the generated WAVs are committed in assets.

Clips are 16 kHz mono 8-bit PCM: speech stays clear on hall speakers and the
whole set stays a few hundred KB."""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

RATE = 16_000


def tools_missing() -> list[str]:
    return [t for t in ("espeak-ng", "sox") if shutil.which(t) is None]


def speak_to_wav(text: str, out: Path, *, voice: str = "az", speed: int = 160) -> None:
    """Say `text` with espeak-ng, trim silence, write 16 kHz mono 8-bit PCM."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True
        )
        subprocess.run(
            [
                "sox",
                "-D",  # no dither: the same text always gives the same bytes
                str(raw),
                "-r",
                str(RATE),
                "-c",
                "1",
                "-b",
                "8",
                str(out),
                "silence",
                "1",
                "0.02",
                "0.5%",
                "reverse",
                "silence",
                "1",
                "0.02",
                "0.5%",
                "reverse",
            ],
            check=True,
        )


def write_chime(out: Path, *, seconds: float = 0.9) -> None:
    """A soft two-note "ding-dong" (E5 then C5) with a decaying envelope."""
    frames = bytearray()
    half = int(RATE * seconds / 2)
    for freq in (659.25, 523.25):
        for i in range(half):
            env = math.exp(-4.0 * i / half)
            sample = 0.45 * env * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<B", 128 + int(sample * 127))
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
