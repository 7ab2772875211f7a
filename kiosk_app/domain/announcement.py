"""The hall call "A042 nömrəli bilet, 5 nömrəli pəncərəyə" as a list of clips.

Each clip is one pre-recorded word or phrase in `assets/sounds/<language>/`;
the player plays them in order after the chime. Clip names are ASCII slugs of
the words so the files have portable names (`qırx` → `qirx.wav`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk_app.domain.numbers_speech import number_words
from kiosk_app.domain.tickets import TicketNumber

CHIME = "chime"
TICKET_PHRASE = "nomreli_bilet"  # "nömrəli bilet"
COUNTER_PHRASE = "nomreli_penchereye"  # "nömrəli pəncərəyə"

_ASCII = str.maketrans(
    {"ə": "e", "ı": "i", "ö": "o", "ü": "u", "ş": "sh", "ç": "ch", "ğ": "gh", "İ": "i"}
)

# How an Azerbaijani speaker names each Latin capital used on tickets.
LETTER_NAMES: dict[str, str] = {
    "A": "a",
    "B": "be",
    "C": "ce",
    "D": "de",
    "E": "e",
    "F": "fe",
    "G": "ge",
    "H": "he",
    "I": "ı",
    "J": "je",
    "K": "ka",
    "L": "el",
    "M": "em",
    "N": "en",
    "O": "o",
    "P": "pe",
    "Q": "qe",
    "R": "er",
    "S": "es",
    "T": "te",
    "U": "u",
    "V": "ve",
    "W": "dubl ve",
    "X": "xe",
    "Y": "ye",
    "Z": "ze",
}


def slug(word: str) -> str:
    """`qırx` → `qirx`, `nömrəli bilet` → `nomreli_bilet` (file-name safe)."""
    return word.lower().translate(_ASCII).replace(" ", "_")


def letter_clip(letter: str) -> str:
    return f"letter_{letter.lower()}"


_ONES = frozenset(w for n in range(1, 10) for w in number_words(n, "az"))


def _clips_of(words: list[str]) -> list[str]:
    """Slugs of spoken words; "on" + a unit (11–19) is one recorded clip, which
    sounds like one word instead of two stitched together."""
    clips: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == "on" and i + 1 < len(words) and words[i + 1] in _ONES:
            clips.append(slug(f"on {words[i + 1]}"))
            i += 2
        else:
            clips.append(slug(words[i]))
            i += 1
    return clips


def number_clips(n: int) -> list[str]:
    return _clips_of(number_words(n, "az"))


def announcement_clips(number: TicketNumber, counter: int, *, chime: bool = True) -> list[str]:
    """Clips to play for "<number> nömrəli bilet, <counter> nömrəli pəncərəyə"."""
    spoken = number.spoken("az")  # [letter, *number words]
    clips = [CHIME] if chime else []
    clips.append(letter_clip(spoken[0]))
    clips += _clips_of(spoken[1:])
    clips.append(TICKET_PHRASE)
    clips += number_clips(counter)
    clips.append(COUNTER_PHRASE)
    return clips


def announcement_text(number: TicketNumber, counter: int) -> str:
    """The same call as text (for the screen and the log)."""
    return f"{number} nömrəli bilet, {counter} nömrəli pəncərəyə"


def all_clip_words() -> dict[str, str]:
    """Every clip a call can need → the Azerbaijani text to record for it."""
    words: dict[str, str] = {letter_clip(k): v for k, v in LETTER_NAMES.items()}
    for n in [*range(11), *range(20, 100, 10), 100, 1000]:
        for w in number_words(n, "az"):
            words[slug(w)] = w
    for n in range(11, 20):
        text = " ".join(number_words(n, "az"))
        words[slug(text)] = text
    words[TICKET_PHRASE] = "nömrəli bilet"
    words[COUNTER_PHRASE] = "nömrəli pəncərəyə"
    return words


@dataclass(frozen=True)
class HallCall:
    """One call (or recall) of a ticket to a counter, as the hall display shows it."""

    id: int
    ticket_id: int
    number: str
    service_id: str
    counter: int
    kind: str  # call, recall
    at: datetime
