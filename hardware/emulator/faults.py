"""The emulator's fault modes and the DLE EOT answers a real printer gives in each."""

from __future__ import annotations

from enum import StrEnum


class Fault(StrEnum):
    NONE = "none"
    PAPER_OUT = "paper_out"
    PAPER_NEAR_END = "paper_near_end"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # answers "offline" and prints nothing
    SLOW = "slow"  # reads the link slowly, like a 9600-baud printer
    DROP = "drop"  # closes the connection in the middle of a job
    SILENT = "silent"  # never answers a status query

    @property
    def refuses_printing(self) -> bool:
        return self in (Fault.PAPER_OUT, Fault.COVER_OPEN, Fault.OFFLINE)


_FIXED = 0x12  # bits 1 and 4 are always set in a DLE EOT answer


def status_answer(n: int, fault: Fault) -> bytes:
    """The one-byte answer to DLE EOT `n` (1 printer, 2 offline cause, 3 error, 4 paper)."""
    value = _FIXED
    if n == 1 and fault.refuses_printing:
        value |= 0x08  # offline
    elif n == 2:
        if fault is Fault.COVER_OPEN:
            value |= 0x04
        elif fault is Fault.PAPER_OUT:
            value |= 0x20  # printing stopped by paper end
        elif fault is Fault.OFFLINE:
            value |= 0x40  # error occurred
    elif n == 3 and fault is Fault.OFFLINE:
        value |= 0x20  # unrecoverable error
    elif n == 4:
        if fault is Fault.PAPER_OUT:
            value |= 0x0C | 0x60
        elif fault is Fault.PAPER_NEAR_END:
            value |= 0x0C
    return bytes((value,))
