"""Telling the citizen what happened to a reception request: an e-mail through the
durable mail outbox, queued in the change's own transaction (and, once the SMS
outbox is merged, an SMS through `Notices.send`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from server_sync.store import repositories as repo

if TYPE_CHECKING:
    from server_sync.services.receptions.officials import Official
    from server_sync.services.receptions.service import RequestView

KINDS = ("sent", "accepted", "moved", "closed")


class Teller(Protocol):
    def tell(
        self,
        conn: sa.Connection,
        kind: str,
        view: RequestView,
        official: Official,
        comment: str,
        now: datetime,
    ) -> None: ...


class MailTeller:
    """E-mail of kind `reception_<kind>`; rendered by `receptions.mail` when sent."""

    def tell(
        self,
        conn: sa.Connection,
        kind: str,
        view: RequestView,
        official: Official,
        comment: str,
        now: datetime,
    ) -> None:
        payload = {
            "number": view.number,
            "official": official.title(view.language),
            "organisation": official.organisation_in(view.language),
            "day": view.day.isoformat(),
            "start": view.start,
            "comment": comment,
            "name": f"{view.first_name} {view.last_name}",
        }
        repo.enqueue_mail(conn, f"reception_{kind}", view.email, view.language, payload, now)
