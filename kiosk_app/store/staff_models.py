"""Tables added by the staff tools (migration 0005_staff)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_app.store.models import Base


class HallCallRow(Base):
    """Each call and recall, in order: what the hall display shows and says.

    Kept apart from the outbox (which the sync agent may purge once sent) so
    a display can always catch up from its last seen id.
    """

    __tablename__ = "hall_calls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    ticket_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(8))
    service_id: Mapped[str] = mapped_column(String(64))
    counter: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))  # call, recall
    at: Mapped[datetime]

    __table_args__ = (Index("ix_hall_calls_centre_day", "centre_id", "day", "id"),)
