"""Tables of the centre store: SQLAlchemy Core `Table`s on one `MetaData`.

Core, not ORM: every repository here works on a `Connection` inside the
caller's transaction and maps rows to domain objects itself, and the hot
paths (`fast_sql`) compile statements once from the tables. Nothing used the
ORM's sessions, identity map or relationships, only `__table__`; the central
store (`server_sync.store.tables`) is Core too, so both stores read alike.
Only `kiosk_app.store` imports this module.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from server_sync.store.sms_tables import sms_outbox_table

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every engine (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData(naming_convention=NAMING)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _at(name: str, *, nullable: bool = False) -> Column[datetime]:
    return Column(name, UtcDateTime(), nullable=nullable)


agencies = Table(
    "agencies",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", JSON, nullable=False),
)

services = Table(
    "services",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False),
    Column("name", JSON, nullable=False),
    Column("group_letter", String(1), nullable=False),
    Column("average_minutes", Integer, nullable=False),
    Column("bookable_online", Boolean, nullable=False),
    Column("walk_in", Boolean, nullable=False),
)

centres = Table(
    "centres",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", JSON, nullable=False),
    Column("address", JSON, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("hours", JSON, nullable=False),
    Column("holidays", JSON, nullable=False),
    Column("services", JSON, nullable=False),
    Column("counters", JSON, nullable=False),
)

# Small key/value facts of this store (catalogue version, sync cursor…).
store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

bookings = Table(
    "bookings",
    metadata,
    Column("order_code", String(16), primary_key=True),
    Column("centre_id", String(64), nullable=False),
    Column("service_id", String(64), nullable=False),
    Column("slot_day", Date, nullable=False),
    Column("slot_time", Time, nullable=False),
    Column("first_name", String(80), nullable=False),
    Column("last_name", String(80), nullable=False),
    Column("father_name", String(80), nullable=False),
    Column("id_document", String(16), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("email", String(254), nullable=False),
    Column("language", String(2), nullable=False, default="az"),
    Column("status", String(16), nullable=False),
    _at("created_at"),
    _at("checked_in_at", nullable=True),
    _at("updated_at"),
    # a reception request's privilege (imtiyaz): called first (migration 0013_receptions)
    Column("priority", Boolean, nullable=False, server_default=false()),
    # the agency application this visit is for, when booked with one (0014_application_link)
    Column("application_number", String(40)),
    Index("ix_bookings_centre_day", "centre_id", "slot_day"),
)

# The last number handed out per centre, day and letter; the only source of numbers.
ticket_sequences = Table(
    "ticket_sequences",
    metadata,
    Column("centre_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("letter", String(1), primary_key=True),
    Column("last", Integer, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    _id(),
    Column("centre_id", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("letter", String(1), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("service_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    _at("issued_at"),
    _at("call_time"),
    _at("slot_at", nullable=True),
    Column("booking_code", String(16), unique=True),
    Column("request_id", String(64), unique=True),
    Column("device_id", String(64)),
    Column("language", String(2), nullable=False, default="az"),
    Column("priority_category", String(32)),
    Column("counter", Integer),
    _at("called_at", nullable=True),
    _at("served_at", nullable=True),
    _at("finished_at", nullable=True),
    _at("printed_at", nullable=True),
    # the agency application the counter opens when it calls the ticket (0014)
    Column("application_number", String(40)),
    UniqueConstraint("centre_id", "day", "letter", "sequence", name="uq_tickets_number"),
    Index("ix_tickets_queue", "centre_id", "day", "status", "service_id"),
    Index(
        "ix_tickets_service_queue", "centre_id", "day", "service_id", "status", "call_time", "id"
    ),
    # 0007: the waiting queue in call order (people ahead, the counters' queues),
    # a service's last finished (recent service times, LIMIT 20) and the day's
    # tickets by end time (those finished in the last hour, for the status page).
    Index(
        "ix_tickets_waiting_order",
        "centre_id",
        "day",
        "status",
        "call_time",
        "id",
        "service_id",
        "counter",
    ),
    Index(
        "ix_tickets_service_finished",
        "centre_id",
        "day",
        "service_id",
        "status",
        "finished_at",
        "served_at",
    ),
    Index("ix_tickets_finished", "centre_id", "day", "finished_at"),
)

# Events waiting to be sent to the central service, written in the same
# transaction as the change they describe (delivered exactly once in effect).
outbox = Table(
    "outbox",
    metadata,
    _id(),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("booking_code", String(16)),
    Column("payload", JSON, nullable=False),
    _at("created_at"),
    _at("sent_at", nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Index("ix_outbox_unsent", "sent_at", "id"),
)

# Outbox events the central service refused (a 4xx naming the event), parked so the
# rest of the outbox goes on in order: IT lists them, sends one again or drops it
# (`asan-queue parked`). A dropped event stays here, never sent, until pruned.
outbox_parked = Table(
    "outbox_parked",
    metadata,
    Column("outbox_id", Integer, ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("status", Integer, nullable=False),  # central's HTTP status; 0: refused locally
    Column("reason", String(500), nullable=False),
    _at("parked_at"),
    _at("dropped_at", nullable=True),
    Column("dropped_by", String(64)),
)

# Last known state of each kiosk, display and printer at the centre (for the
# management screen and the IT heartbeat).
devices = Table(
    "devices",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # kiosk, display, staff
    Column("version", String(32), nullable=False),
    _at("last_seen"),
    Column("printer_state", String(16)),  # online/offline/unknown
    Column("paper", String(16)),  # ok/near_end/out/unknown
    Column("cover_open", Boolean),
    Column("alert", String(200)),
    Column("details", JSON, nullable=False),
)

# Guessing at this centre (migration 0008_guessing): one row per subject, e.g.
# `exit_pin:kiosk-1` (the exit PIN's failures and lock, kept across restarts) or
# `codes:kiosk-1` (unknown order codes typed in the current window of minutes).
guess_counters = Table(
    "guess_counters",
    metadata,
    Column("subject", String(80), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    _at("window_started_at"),
    _at("locked_until", nullable=True),
)

staff_users = Table(
    "staff_users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("full_name", String(120), nullable=False),
    Column("role", String(16), nullable=False),  # operator, manager, it
    Column("secret_hash", String(255), nullable=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    _at("locked_until", nullable=True),
    Column("active", Boolean, nullable=False, default=True),
)

# Whether a counter (pəncərə) is open, who works there, whom it serves now.
counter_states = Table(
    "counter_states",
    metadata,
    Column("centre_id", String(64), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("state", String(16), nullable=False),  # closed, open, paused
    Column("operator", String(64)),
    Column("ticket_id", Integer),
    _at("updated_at"),
)

# Every staff action, with who did it (and reveals of personal data).
audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    _at("at"),
    Column("username", String(64)),
    Column("action", String(48), nullable=False),
    Column("ticket_id", Integer),
    Column("details", JSON, nullable=False),
    Index("ix_audit_at", "at"),
)

# Each call and recall, in order: what the hall display shows and says. Kept
# apart from the outbox (which the sync agent may purge once sent) so a
# display can always catch up from its last seen id.
hall_calls = Table(
    "hall_calls",
    metadata,
    _id(),
    Column("centre_id", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("ticket_id", Integer, nullable=False),
    Column("number", String(8), nullable=False),
    Column("service_id", String(64), nullable=False),
    Column("counter", Integer, nullable=False),
    Column("kind", String(8), nullable=False),  # call, recall
    _at("at"),
    Index("ix_hall_calls_centre_day", "centre_id", "day", "id"),
)


# Running totals of the day (0007), added to in each ticket's own write
# transaction, so the management screen reads a few rows instead of the day's
# tickets. What a ticket adds is `kiosk_app.domain.day_stats`' rule.
service_day_stats = Table(
    "service_day_stats",
    metadata,
    Column("centre_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("service_id", String(64), primary_key=True),
    Column("issued", Integer, nullable=False),
    Column("served", Integer, nullable=False),
    Column("no_show", Integer, nullable=False),
    Column("waits", Integer, nullable=False),  # tickets called at least once
    Column("wait_minutes", Float, nullable=False),  # their waits, summed
    Column("service_minutes", Float, nullable=False),  # served tickets' service times, summed
    # the service's last 20 service times in minutes, oldest first (the estimates' median)
    Column("recent_minutes", JSON, nullable=False),
)

# How many waits / served tickets' waits / service times fell in each 6-second bucket.
day_duration_counts = Table(
    "day_duration_counts",
    metadata,
    Column("centre_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("kind", String(16), primary_key=True),  # wait, served_wait, service
    Column("bucket", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)

# First calls per minute and their waits, summed (the waiting-time curve).
day_call_minutes = Table(
    "day_call_minutes",
    metadata,
    Column("centre_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("minute", UtcDateTime(), primary_key=True),
    Column("calls", Integer, nullable=False),
    Column("wait_minutes", Float, nullable=False),
)

# Which config each running kiosk, staff console and hall display has loaded
# (0010): the sync agent reports the oldest one still alive in its heartbeat,
# so IT sees a push "applied" only once the screens run it.
running_config = Table(
    "running_config",
    metadata,
    Column("process_id", String(96), primary_key=True),
    Column("kind", String(16), nullable=False),  # kiosk, staff, display
    Column("config_cursor", Integer, nullable=False),
    Column("generation", Integer, nullable=False),
    _at("seen_at"),
)

# SMS to visitors (migration 0012): the same outbox as the central store's, sent by
# the centre's own SMS sender (`sms.url`), so "your turn is near" needs no WAN.
sms_outbox = sms_outbox_table(metadata, UtcDateTime())

# Who asked for "your turn is near" (a walk-in's typed phone, a booking's phone),
# until it is sent: the number is emptied then (`turn_notice_repo`).
turn_notices = Table(
    "turn_notices",
    metadata,
    Column("ticket_id", Integer, ForeignKey("tickets.id"), primary_key=True),
    Column("centre_id", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("phone", String(20)),
    Column("language", String(2), nullable=False),
    _at("created_at"),
    _at("notified_at", nullable=True),
    Index("ix_turn_notices_open", "centre_id", "day", "notified_at"),
)
