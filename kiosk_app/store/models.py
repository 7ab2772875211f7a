"""Tables of the centre store (SQLAlchemy 2). Rows are mapped to domain objects
by the repositories; nothing outside `kiosk_app.store` sees these classes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class AgencyRow(Base):
    __tablename__ = "agencies"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[dict[str, Any]]


class ServiceRow(Base):
    __tablename__ = "services"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[dict[str, Any]]
    group_letter: Mapped[str] = mapped_column(String(1))
    average_minutes: Mapped[int]
    bookable_online: Mapped[bool] = mapped_column(Boolean)
    walk_in: Mapped[bool] = mapped_column(Boolean)


class CentreRow(Base):
    __tablename__ = "centres"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[dict[str, Any]]
    address: Mapped[dict[str, Any]]
    timezone: Mapped[str] = mapped_column(String(64))
    hours: Mapped[dict[str, Any]]
    holidays: Mapped[list[Any]]
    services: Mapped[list[Any]]
    counters: Mapped[list[Any]]


class MetaRow(Base):
    """Small key/value facts of this store (catalogue version, sync cursor…)."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class BookingRow(Base):
    __tablename__ = "bookings"
    order_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[str] = mapped_column(String(64))
    slot_day: Mapped[date] = mapped_column(Date)
    slot_time: Mapped[time] = mapped_column(Time)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    father_name: Mapped[str] = mapped_column(String(80))
    id_document: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="az")
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    checked_in_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_bookings_centre_day", "centre_id", "slot_day"),)


class TicketSequenceRow(Base):
    """The last number handed out per centre, day and letter; the only source of numbers."""

    __tablename__ = "ticket_sequences"
    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    letter: Mapped[str] = mapped_column(String(1), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class TicketRow(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    letter: Mapped[str] = mapped_column(String(1))
    sequence: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime]
    call_time: Mapped[datetime]
    slot_at: Mapped[datetime | None]
    booking_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    request_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    device_id: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2), default="az")
    priority_category: Mapped[str | None] = mapped_column(String(32))
    counter: Mapped[int | None]
    called_at: Mapped[datetime | None]
    served_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    printed_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("centre_id", "day", "letter", "sequence", name="uq_tickets_number"),
        Index("ix_tickets_queue", "centre_id", "day", "status", "service_id"),
        Index(
            "ix_tickets_service_queue",
            "centre_id",
            "day",
            "service_id",
            "status",
            "call_time",
            "id",
        ),
    )


class OutboxRow(Base):
    """Events waiting to be sent to the central service, written in the same
    transaction as the change they describe (delivered exactly once in effect)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    booking_code: Mapped[str | None] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_outbox_unsent", "sent_at", "id"),)


class DeviceRow(Base):
    """Last known state of each kiosk, display and printer at the centre (for the
    management screen and the IT heartbeat)."""

    __tablename__ = "devices"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # kiosk, display, staff
    version: Mapped[str] = mapped_column(String(32))
    last_seen: Mapped[datetime]
    printer_state: Mapped[str | None] = mapped_column(String(16))  # online/offline/unknown
    paper: Mapped[str | None] = mapped_column(String(16))  # ok/near_end/out/unknown
    cover_open: Mapped[bool | None] = mapped_column(Boolean)
    alert: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]]


class StaffUserRow(Base):
    __tablename__ = "staff_users"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))  # operator, manager, it
    secret_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CounterStateRow(Base):
    """Whether a counter (pəncərə) is open, who works there, whom it serves now."""

    __tablename__ = "counter_states"
    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(16))  # closed, open, paused
    operator: Mapped[str | None] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class AuditRow(Base):
    """Every staff action, with who did it (and reveals of personal data)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    username: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    ticket_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_audit_at", "at"),)
