"""The sync protocol between a centre and the central service (version 1).

Every message is a pydantic model; both sides validate what they receive, and
unknown fields are refused so a confused or hostile peer gets a 4xx instead of
a half-understood write. The four exchanges:

- pull (GET  /api/v1/sync/pull): bookings of the caller's centre changed since
  its cursor, and IT's config pushes since its config cursor. The cursor is
  the central store's change number (`bookings.change_seq`), never a time, so
  clocks that disagree cannot skip or repeat a change.
- push (POST /api/v1/sync/events): a batch of outbox events, each with its
  idempotency key and the centre's sequence (outbox id); the answer lists the
  keys the central store now holds, new or already known.
- heartbeat (POST /api/v1/sync/heartbeat): devices, backlog, queue state.
- lookup (GET /api/v1/sync/lookup/{code}): one booking, for the kiosk's online
  fallback.

The pull also carries the central catalogue (centres, agencies, services,
counters, hours, booking rules, the check-in window) when the agent asks with
`catalogue_since=V`, its catalogue cursor: the answer's `catalogue` then holds
the central version, and the document when it is newer than V. This extends
version 1 without changing what it was: an older agent never asks, so it never
gets the field; an older central service ignores the question, so a newer agent
just gets no catalogue. `PROTOCOL_VERSION` stays 1.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot

PROTOCOL_VERSION = 1
MAX_PUSH_EVENTS = 1000
MAX_QUEUE_TICKETS = 5000
MAX_DEVICES = 200

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z-]+$")]
Short = Annotated[str, StringConstraints(max_length=200)]
# Kinds the central service applies to bookings and the queue; any other
# well-formed kind (a newer kiosk's) is stored and counted, never refused.
KNOWN_EVENT_KINDS = frozenset(
    {
        "ticket_issued",
        "check_in",
        "called",
        "recalled",
        "serving",
        "served",
        "no_show",
        "transferred",
        "printer_status",
        "application_result",
    }
)
EventKind = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,31}$")]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BookingRecord(Message):
    """A booking as the centre stores it. Personal data is empty for a booking
    of another centre (lookup only) or after the retention purge."""

    order_code: Code
    centre_id: Id
    service_id: Id
    day: date
    start: time
    status: BookingStatus
    language: str = "az"
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    id_document: str = ""
    phone: str = ""
    email: str = ""
    created_at: AwareDatetime
    checked_in_at: AwareDatetime | None = None
    change_seq: int = 0

    def to_booking(self) -> Booking:
        return Booking(
            order_code=self.order_code,
            slot=Slot(self.centre_id, self.service_id, self.day, self.start),
            applicant=Applicant(
                self.first_name,
                self.last_name,
                self.father_name,
                self.id_document,
                self.phone,
                self.email,
            ),
            status=self.status,
            created_at=self.created_at,
            language=self.language,
            checked_in_at=self.checked_in_at,
        )


class ConfigPush(Message):
    """One versioned change IT pushed: the whole catalogue, one centre's opening
    hours, or centre settings. `id` is the version; centres apply in order."""

    id: int
    kind: Literal["catalogue", "hours", "settings"]
    data: dict[str, Any]
    note: str = ""


class CatalogueUpdate(Message):
    """The central catalogue's version, and its document when newer than asked."""

    protocol: int = PROTOCOL_VERSION
    version: int = Field(ge=0)
    catalogue: dict[str, Any] | None = None


class PullResponse(Message):
    protocol: int = PROTOCOL_VERSION
    centre_id: Id
    bookings: list[BookingRecord]
    cursor: int = Field(ge=0)
    more: bool
    remaining: int | None = None  # bookings still to come, when asked for
    config: list[ConfigPush] = []
    catalogue: CatalogueUpdate | None = None  # only when asked (`catalogue_since`)


class OutboxEvent(Message):
    """One centre event. `seq` orders a centre's events (its outbox id); `at`
    is the centre's clock, kept for the record but never used to order."""

    key: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    seq: int = Field(ge=0)
    kind: EventKind
    at: AwareDatetime
    booking_code: Code | None = None
    payload: dict[str, Any] = {}


class PushBatch(Message):
    protocol: Literal[1] = 1
    centre_id: Id
    events: list[OutboxEvent] = Field(max_length=MAX_PUSH_EVENTS)


class PushResult(Message):
    acked: list[str]  # keys the central store holds now (new ones and duplicates)
    new: int
    duplicates: int
    conflicts: int


class DeviceReport(Message):
    device_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    kind: Short
    version: Short = ""
    last_seen: AwareDatetime
    printer_state: str | None = None
    paper: str | None = None
    cover_open: bool | None = None
    alert: Short | None = None


class QueueTicket(Message):
    """A ticket of today as the live status page shows it (no personal data)."""

    number: Annotated[str, StringConstraints(min_length=2, max_length=8)]
    service_id: Id
    status: Literal["waiting", "called", "serving", "served", "no_show", "transferred"]
    people_ahead: int | None = Field(None, ge=0)
    wait_minutes: int | None = Field(None, ge=0)
    counter: int | None = None


class QueueSnapshot(Message):
    day: date
    tickets: list[QueueTicket] = Field(max_length=MAX_QUEUE_TICKETS)

    @property
    def waiting(self) -> int:
        return sum(1 for t in self.tickets if t.status == "waiting")


class Heartbeat(Message):
    protocol: Literal[1] = 1
    centre_id: Id
    sent_at: AwareDatetime
    agent_version: Short = ""
    devices: list[DeviceReport] = Field(default=[], max_length=MAX_DEVICES)
    outbox_backlog: int = Field(ge=0)
    last_pull_at: AwareDatetime | None = None
    config_cursor: int = Field(0, ge=0)
    catalogue_version: int = Field(0, ge=0)
    queue: QueueSnapshot | None = None


class HeartbeatAck(Message):
    received_at: datetime
    clock_skew_s: float


def utc_iso(moment: datetime) -> str:
    return moment.isoformat()
