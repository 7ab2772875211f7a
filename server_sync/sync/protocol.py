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

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot

PROTOCOL_VERSION = 1
MAX_PUSH_EVENTS = 1000
MAX_QUEUE_TICKETS = 5000
MAX_DEVICES = 200

# Every number and date of the protocol is bounded, so a message the schema admits
# always fits the stores (64-bit integers) and the calendar (no year 0 or 10000 once
# converted to UTC): out of range is a 422 with reason `out_of_range`, never a 500.
MAX_SEQ = 2**63 - 1  # sequences and change numbers (BIGINT columns)
MAX_NUMBER = 2**31 - 1  # versions, cursors of config pushes, counts (INTEGER columns)
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
_FIRST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
_LAST_MOMENT = datetime(2100, 1, 1, tzinfo=UTC)


def _moment_in_range(value: datetime) -> datetime:
    # pydantic keeps the offset; compare without converting (a conversion of
    # 0001-01-01T00:00+05:00 itself overflows)
    naive = value.replace(tzinfo=None)
    offset = value.utcoffset()
    assert offset is not None  # AwareDatetime
    low = _FIRST_MOMENT.replace(tzinfo=None) + offset
    high = _LAST_MOMENT.replace(tzinfo=None) + offset
    if not low <= naive < high:
        raise ValueError("out_of_range: a time between 2000 and 2099 (UTC)")
    return value


def _day_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError("out_of_range: a day between 2000-01-01 and 2099-12-31")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_moment_in_range)]
Day = Annotated[date, AfterValidator(_day_in_range)]
Seq = Annotated[int, Field(ge=0, le=MAX_SEQ)]
Count = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
Small = Annotated[int, Field(ge=0, le=1_000_000)]

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
        "expired",
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
    day: Day
    start: time
    status: BookingStatus
    language: str = "az"
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    id_document: str = ""
    phone: str = ""
    email: str = ""
    created_at: Moment
    checked_in_at: Moment | None = None
    change_seq: Seq = 0
    priority: bool = False  # imtiyaz of a reception request (seed 002)
    application_number: str = ""  # the agency application the visit is for (issue 17)

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
            priority=self.priority,
            application_number=self.application_number,
        )


class ConfigPush(Message):
    """One versioned change IT pushed: the whole catalogue, one centre's opening
    hours, or centre settings. `id` is the version; centres apply in order."""

    id: Count
    kind: Literal["catalogue", "hours", "settings"]
    data: dict[str, Any]
    note: str = ""


class CatalogueUpdate(Message):
    """The central catalogue's version, and its document when newer than asked."""

    protocol: int = PROTOCOL_VERSION
    version: Count
    catalogue: dict[str, Any] | None = None


class PullResponse(Message):
    protocol: int = PROTOCOL_VERSION
    centre_id: Id
    bookings: list[BookingRecord]
    cursor: Seq
    more: bool
    remaining: Seq | None = None  # bookings still to come, when asked for
    config: list[ConfigPush] = []
    catalogue: CatalogueUpdate | None = None  # only when asked (`catalogue_since`)


class OutboxEvent(Message):
    """One centre event. `seq` orders a centre's events (its outbox id); `at`
    is the centre's clock, kept for the record but never used to order."""

    key: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    seq: Seq
    kind: EventKind
    at: Moment
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
    last_seen: Moment
    printer_state: str | None = None
    paper: str | None = None
    cover_open: bool | None = None
    alert: Short | None = None


class QueueTicket(Message):
    """A ticket of today as the live status page shows it (no personal data)."""

    number: Annotated[str, StringConstraints(min_length=2, max_length=8)]
    service_id: Id
    status: Literal["waiting", "called", "serving", "served", "no_show", "transferred"]
    people_ahead: Small | None = None
    wait_minutes: Small | None = None
    counter: Annotated[int, Field(ge=0, le=9999)] | None = None


class QueueSnapshot(Message):
    day: Day
    tickets: list[QueueTicket] = Field(max_length=MAX_QUEUE_TICKETS)

    @property
    def waiting(self) -> int:
        return sum(1 for t in self.tickets if t.status == "waiting")


class ParkedReport(Message):
    """One outbox event the centre set aside after central refused it (no personal
    data: the key, the kind, central's answer in field and reason codes)."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    seq: Seq
    kind: Annotated[str, StringConstraints(max_length=32)]
    status: Annotated[int, Field(ge=0, le=599)]
    reason: Annotated[str, StringConstraints(max_length=500)]
    parked_at: Moment


MAX_PARKED_REPORTS = 20


class Heartbeat(Message):
    protocol: Literal[1] = 1
    centre_id: Id
    sent_at: Moment
    agent_version: Short = ""
    devices: list[DeviceReport] = Field(default=[], max_length=MAX_DEVICES)
    outbox_backlog: Count
    last_pull_at: Moment | None = None
    config_cursor: Count = 0
    catalogue_version: Count = 0
    queue: QueueSnapshot | None = None
    parked_events: Count = 0  # outbox events refused by central and set aside
    parked: list[ParkedReport] = Field(default=[], max_length=MAX_PARKED_REPORTS)
    # The last config push the centre's running screens have loaded (an older
    # agent does not send it: then `config_cursor`, what the store holds, counts).
    running_config_cursor: int | None = Field(None, ge=0)

    @property
    def applied_config(self) -> int:
        if self.running_config_cursor is None:
            return self.config_cursor
        return min(self.config_cursor, self.running_config_cursor)


class HeartbeatAck(Message):
    received_at: datetime
    clock_skew_s: float


def utc_iso(moment: datetime) -> str:
    return moment.isoformat()
