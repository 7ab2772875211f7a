"""Pictures and sounds of a captcha's digits, with the `captcha` library.

The image is the library's distorted PNG in our bundled DejaVu Sans Bold, its ink
always dark on the library's light background (the library's own colours can be too
faint to read). The audio
is the library's WAV (digits read one by one over a noise of reversed voices): in
Azerbaijani with the hall display's recorded digits (`assets/sounds/az`, resampled to
the library's 8 kHz), in English with the library's own voice. The library has no
Russian voice and we record none, so a Russian page plays the English digits.
"""

from __future__ import annotations

import wave
from functools import cache
from importlib import resources

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha, random_color

#: The hall display's clip of each digit (kiosk_app.domain.numbers_speech names them).
_AZ_DIGIT_CLIPS = {
    "0": "sifir",
    "1": "bir",
    "2": "iki",
    "3": "uch",
    "4": "dord",
    "5": "besh",
    "6": "alti",
    "7": "yeddi",
    "8": "sekkiz",
    "9": "doqquz",
}
AUDIO_LANGUAGES = {"az": "az", "en": "en", "ru": "en"}
WIDTH, HEIGHT = 240, 90


@cache
def _image() -> ImageCaptcha:
    font = resources.files("assets").joinpath("fonts/DejaVuSans-Bold.ttf")
    return ImageCaptcha(width=WIDTH, height=HEIGHT, fonts=[str(font)], font_sizes=(52, 58, 64))


def image_png(answer: str) -> bytes:
    ink = random_color(10, 110, 255)
    return bytes(_image().generate(answer, format="png", fg_color=ink).getvalue())


def _clip_8k(name: str) -> bytearray:
    """An 8-bit mono clip at the library's 8 kHz (ours are 16 kHz: every other sample)."""
    path = resources.files("assets").joinpath(f"sounds/az/{name}.wav")
    with path.open("rb") as raw, wave.open(raw) as clip:
        frames = clip.readframes(clip.getnframes())
        rate, width, channels = clip.getframerate(), clip.getsampwidth(), clip.getnchannels()
    if width != 1 or channels != 1:
        raise ValueError(f"{name}.wav is not 8-bit mono")
    step = max(1, rate // 8000)
    return bytearray(frames[::step])


class _AzerbaijaniDigits(AudioCaptcha):
    """The library's audio captcha reading our Azerbaijani digit clips."""

    def __init__(self) -> None:
        super().__init__()
        self._choices = list(_AZ_DIGIT_CLIPS)

    def load(self) -> None:
        self._cache = {digit: [_clip_8k(name)] for digit, name in _AZ_DIGIT_CLIPS.items()}


@cache
def _audio(language: str) -> AudioCaptcha:
    voice = _AzerbaijaniDigits() if language == "az" else AudioCaptcha()
    voice.load()
    return voice


def audio_wav(answer: str, language: str) -> bytes:
    """The digits read aloud in `language`'s voice (see `AUDIO_LANGUAGES`)."""
    return bytes(_audio(AUDIO_LANGUAGES.get(language, "en")).generate(answer))
