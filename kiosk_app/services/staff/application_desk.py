"""The counter and an agency application (seeds 000, 001; issue 17).

When the called ticket's visitor has an application (booked online with one, or a
walk-in who gives its number), the operator opens it: the answers come from the
central service on demand, the files by reference and only when asked for, each
opening audited; personal data stay masked until the operator asks to see them.
The result (accepted / refused with a reason / done) is an outbox event, so it
reaches the central service exactly once even when the link is down now; the
central service then tells the citizen by e-mail and SMS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import Engine

from kiosk_app.services.staff.application_types import (
    PERSONAL,
    CentralUnreachable,
    CounterApplication,
    ResultRefused,
    _mask,
)
from kiosk_app.store import outbox
from kiosk_app.store.audit_repo import audit
from kiosk_app.store.engine import write_tx
from server_sync.domain.applications import NEXT, REFUSED
from server_sync.kernel.clock import Clock
from server_sync.sync.client import CentralUnavailable


class ApplicationSource(Protocol):
    def application(self, number: str) -> dict[str, Any] | None: ...
    def application_file(self, number: str, position: int) -> bytes | None: ...


class ApplicationDesk:
    def __init__(self, engine: Engine, source: ApplicationSource, clock: Clock) -> None:
        self._engine = engine
        self._source = source
        self._clock = clock

    def open(
        self, number: str, staff: str, ticket_id: int | None = None, reveal: bool = False
    ) -> CounterApplication | None:
        try:
            found = self._source.application(number.strip().upper()[:40])
        except CentralUnavailable:
            raise CentralUnreachable(number) from None
        with write_tx(self._engine) as conn:
            audit(
                conn,
                self._clock.now(),
                staff,
                "application_revealed" if reveal else "application_opened",
                ticket_id,
                application=number[:40],
                found=found is not None,
            )
        if found is None:
            return None
        answers: Mapping[str, Any] = found.get("answers") or {}
        shown = {k: (v if reveal or k not in PERSONAL else _mask(k, v)) for k, v in answers.items()}
        return CounterApplication(
            str(found["number"]),
            str(found["service_id"]),
            str(found["status"]),
            shown,
            tuple(found.get("files") or ()),
            reveal,
        )

    def file(self, number: str, position: int, sha256: str, staff: str) -> bytes | None:
        """One file on demand, checked against the hash the application names."""
        try:
            data = self._source.application_file(number, position)
        except CentralUnavailable:
            raise CentralUnreachable(number) from None
        if data is None or hashlib.sha256(data).hexdigest() != sha256:
            return None
        with write_tx(self._engine) as conn:
            audit(
                conn,
                self._clock.now(),
                staff,
                "application_file",
                None,
                application=number,
                position=position,
            )
        return data

    def record_result(self, number: str, status: str, reason: str, staff: str) -> str:
        """Queue the result for the central service; returns the event's key."""
        if status not in NEXT:
            raise ResultRefused("result_unknown")
        reason = " ".join(reason.split())[:500]
        if status == REFUSED and not reason:
            raise ResultRefused("reason_required")
        now = self._clock.now()
        with write_tx(self._engine) as conn:
            key = outbox.record_event(
                conn,
                "application_result",
                {"application_number": number, "status": status, "reason": reason, "by": staff},
                now,
            )
            audit(conn, now, staff, "application_result", None, application=number, status=status)
        return key
