"""Printer status from the ESC/POS real-time status bytes (DLE EOT n), told honestly.

A byte that never came leaves its part of the status "unknown": no answer is
never read as "online" or "paper OK" (python-escpos 3.1 does read a silent
printer as having paper).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hardware.printing.errors import CoverOpen, PaperOut, PrinterError, PrinterOffline

DLE_EOT = b"\x10\x04"
#: The three queries we send in one write: printer, offline cause, paper sensor.
STATUS_QUERY = DLE_EOT + b"\x01" + DLE_EOT + b"\x02" + DLE_EOT + b"\x04"


class Online(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class Paper(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


def is_status_byte(value: int) -> bool:
    """Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear."""
    return value & 0b1001_0011 == 0b0001_0010


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer says about itself; `None`/UNKNOWN where it said nothing."""

    online: Online = Online.UNKNOWN
    paper: Paper = Paper.UNKNOWN
    cover_open: bool | None = None
    detail: str = ""

    @classmethod
    def unknown(cls, detail: str) -> PrinterStatus:
        return cls(detail=detail)

    @classmethod
    def offline(cls, detail: str) -> PrinterStatus:
        return cls(online=Online.OFFLINE, detail=detail)

    @classmethod
    def from_bytes(cls, answer: bytes) -> PrinterStatus:
        """Decode the answers to `STATUS_QUERY` (up to 3 bytes; missing ones stay unknown)."""
        valid = [b for b in answer[:3] if is_status_byte(b)]
        if len(valid) < len(answer[:3]):
            return cls.unknown(f"garbled status answer {answer.hex()}")
        online = Online.UNKNOWN
        cover: bool | None = None
        paper = Paper.UNKNOWN
        if len(valid) >= 1:
            online = Online.OFFLINE if valid[0] & 0x08 else Online.ONLINE
        if len(valid) >= 2:
            cover = bool(valid[1] & 0x04)
            if valid[1] & 0x20:
                paper = Paper.OUT
        if len(valid) >= 3 and paper is not Paper.OUT:
            if valid[2] & 0x60:
                paper = Paper.OUT
            elif valid[2] & 0x0C:
                paper = Paper.NEAR_END
            else:
                paper = Paper.OK
        detail = "" if len(valid) == 3 else f"only {len(valid)} of 3 status answers came"
        return cls(online=online, paper=paper, cover_open=cover, detail=detail)

    @property
    def answered(self) -> bool:
        """The printer said at least whether it is online."""
        return self.online is not Online.UNKNOWN

    @property
    def ready(self) -> bool:
        """Known to be able to print now (near end still prints)."""
        return (
            self.online is Online.ONLINE
            and self.paper in (Paper.OK, Paper.NEAR_END)
            and self.cover_open is False
        )

    def problem(self) -> PrinterError | None:
        """The error this status means for a print job, if it is a known fault."""
        if self.cover_open:
            return CoverOpen("the printer cover is open", self)
        if self.paper is Paper.OUT:
            return PaperOut("the printer is out of paper", self)
        if self.online is Online.OFFLINE:
            return PrinterOffline(
                f"the printer is offline{': ' + self.detail if self.detail else ''}", self
            )
        return None

    def describe(self) -> str:
        """The status as codes for logs and error details (`online=online, paper=near_end,
        cover_open=False`); the words people read come from the kiosk's catalogue."""
        text = f"online={self.online.value}, paper={self.paper.value}, cover_open={self.cover_open}"
        return f"{text} ({self.detail})" if self.detail else text
