""" "Your turn is near" (növbəniz yaxınlaşır) by SMS, for a booking's phone and for a
walk-in who typed one at the kiosk (issue 15, item 4).

Who is ahead is the dispatch's rule (`queue_estimates`, `people_ahead_all`): after
each call, every waiting ticket with a request and at most `turn_sms.ahead` people
ahead gets one SMS, in its ticket's language. The SMS goes to the centre's own SMS
outbox, sent by the centre (`sms.url`), so it needs no WAN; one that cannot be sent
within `turn_sms.valid_minutes` is given up, not sent late.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from kiosk_app.domain.dispatch import people_ahead_all
from kiosk_app.domain.phone import phone_problem
from kiosk_app.services import queue_estimates
from kiosk_app.store import turn_notice_repo, waiting_repo
from server_sync.domain.validation import FieldProblem, check_phone
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.i18n import Translator
from server_sync.kernel.personal_data import mask_phone
from server_sync.kernel.wording import people_ahead
from server_sync.store.sms_sql import QueuedSms

log = logging.getLogger("asanq.sms")


class TurnNotices:
    def __init__(
        self,
        catalogue: Catalogue,
        centre_id: str,
        secret: str,
        *,
        ahead: int,
        valid_minutes: int,
        enabled: bool,
    ) -> None:
        self._catalogue = catalogue
        self._centre_id = centre_id
        self._secret = secret
        self._ahead = ahead
        self._valid = timedelta(minutes=valid_minutes)
        self.enabled = enabled

    phone_problem = staticmethod(phone_problem)

    def ask(
        self,
        conn: Connection,
        *,
        ticket_id: int,
        day: date,
        phone: str | None,
        booking_code: str | None,
        language: str,
        now: datetime,
    ) -> bool:
        """Record the request of a new ticket (its typed phone, else its booking's)."""
        if not self.enabled:
            return False
        number = phone or (
            turn_notice_repo.booking_phone(conn, booking_code) if booking_code else None
        )
        if not number:
            return False
        try:
            number = check_phone(number)
        except FieldProblem:
            return False  # a booking's old number that is not a mobile: no SMS
        turn_notice_repo.ask(
            conn,
            ticket_id=ticket_id,
            centre_id=self._centre_id,
            day=day,
            phone=number,
            language=language,
            now=now,
        )
        return True

    def after_call(self, conn: Connection, day: date, now: datetime) -> int:
        """Queue the SMS of every request now close enough; returns how many."""
        if not self.enabled or not turn_notice_repo.has_open(conn, self._centre_id, day):
            return 0
        waiting = waiting_repo.waiting_list(conn, self._centre_id, day)
        crew = queue_estimates.staffing(conn, self._catalogue, self._centre_id)
        ahead = people_ahead_all(waiting, crew)
        near = [w.ticket_id for w in waiting if ahead.get(w.ticket_id, 0) <= self._ahead]
        queued = 0
        for notice in turn_notice_repo.open_for(conn, near):
            tr = Translator(notice.language)
            text = tr(
                "sms.turn_near",
                ticket=notice.display,
                ahead=people_ahead(tr, ahead[notice.ticket_id]),
            )
            sms = QueuedSms(
                "turn_near",
                notice.phone,
                tr.language,
                text,
                dedupe_key=f"turn_near:{notice.ticket_id}",
                expires_at=now + self._valid,
            )
            if turn_notice_repo.send(conn, notice, sms, now, self._secret):
                queued += 1
                log.info("turn-near SMS for %s to %s", notice.display, mask_phone(notice.phone))
        return queued
