"""Telling the citizen what happened to a reception request: `Notices.send` queues
the e-mail (`mail_templates/reception_<kind>.txt`) and the SMS (`sms.reception_<kind>`)
in the change's own transaction, so the citizen is told if and only if it was stored."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.wording import long_date

if TYPE_CHECKING:
    from server_sync.services.notify import Notices
    from server_sync.services.receptions.officials import Official
    from server_sync.services.receptions.records import RequestView

KINDS = ("sent", "accepted", "moved", "closed", "withdrawn")
#: Subjects and SMS texts of the kinds (looked up as `mail.<kind>.subject`, `sms.<kind>`).
TEXTS = (
    N_("mail.reception_sent.subject"),
    N_("mail.reception_accepted.subject"),
    N_("mail.reception_moved.subject"),
    N_("mail.reception_closed.subject"),
    N_("mail.reception_withdrawn.subject"),
    N_("sms.reception_sent"),  # {number} {official} {date} {start}
    N_("sms.reception_accepted"),  # {number} {date} {start}
    N_("sms.reception_moved"),  # {number} {date} {start}
    N_("sms.reception_closed"),  # {number} {comment}
    N_("sms.reception_withdrawn"),  # {number}
)


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


class NoticeTeller:
    """E-mail and SMS of kind `reception_<kind>` through the one notification service."""

    def __init__(self, notices: Notices, public_url: str) -> None:
        self._notices = notices
        self._public_url = public_url.rstrip("/")

    def tell(
        self,
        conn: sa.Connection,
        kind: str,
        view: RequestView,
        official: Official,
        comment: str,
        now: datetime,
    ) -> None:
        tr = Translator(view.language)
        payload = {
            "number": view.number,
            "official": official.title(view.language),
            "organisation": official.organisation_in(view.language),
            "date": view.day.strftime("%d.%m.%Y"),
            "when": long_date(tr, view.day),
            "start": view.start,
            "comment": comment,
            "name": f"{view.first_name} {view.last_name}",
            "history_url": f"{self._public_url}/receptions/{view.number}?lang={view.language}",
        }
        self._notices.send(
            conn,
            kind=f"reception_{kind}",
            language=view.language,
            email=view.email,
            phone=view.phone,
            payload=payload,
            now=now,
        )
