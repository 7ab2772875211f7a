"""The SMSC emulator's fault modes, and what it records of each bind."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SmscFault(StrEnum):
    NONE = "none"
    REFUSE = "refuse"  # answers submit_sm with `refuse_status` (ESME_RSUBMITFAIL)
    THROTTLE = "throttle"  # answers submit_sm with ESME_RTHROTTLED
    DROP = "drop"  # cuts the connection when a submit_sm arrives
    SILENT = "silent"  # reads everything, answers nothing
    SLOW = "slow"  # answers every request after `slow_s`


@dataclass(frozen=True)
class BindRecord:
    kind: str
    system_id: str
    status: int
