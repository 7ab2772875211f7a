"""An application's statuses, what may follow what, and its registration number."""

from __future__ import annotations

from server_sync.kernel.i18n import N_

REGISTERED, ACCEPTED, REFUSED, DONE = "registered", "accepted", "refused", "done"
#: Which result may be recorded from which status (a refusal needs its reason).
NEXT: dict[str, tuple[str, ...]] = {
    ACCEPTED: (REGISTERED,),
    REFUSED: (REGISTERED, ACCEPTED),
    DONE: (REGISTERED, ACCEPTED),
}
STATUS_WORDS = {
    REGISTERED: N_("apply.status.registered"),
    ACCEPTED: N_("apply.status.accepted"),
    REFUSED: N_("apply.status.refused"),
    DONE: N_("apply.status.done"),
}


def is_open(status: str) -> bool:
    """A result may still be recorded: a visit to the counter can be about it."""
    return any(status in before for before in NEXT.values())


SEQ_DIGITS = 6


def number_prefix(agency_id: str, year: int) -> str:
    """`AZERSU-2026-`: what every application number of that agency and year starts with."""
    return f"{agency_id.upper()}-{year}-"


def registration_number(agency_id: str, year: int, seq: int) -> str:
    """`AZERSU-2026-000042`: the agency, the year, the gap-free sequence of that year."""
    return f"{number_prefix(agency_id, year)}{seq:0{SEQ_DIGITS}d}"
