"""Issuing tickets: walk-ins and online-booking check-ins (the kiosk's use cases).

Each issue is one write transaction: rule check, number allocation, ticket row
and outbox event together. A `request_id` (one per kiosk interaction) makes a
retry return the ticket already issued instead of a second one.

A code that is not in the centre store (not synced yet) is asked of the central
service through the `OnlineLookup` port, whose adapter bounds the wait; a found
booking is stored, then judged like any other. When the central service cannot
be asked (`LookupUnavailable`), the store's answer ("unknown") stands.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from kiosk_app.domain.checkin import (
    Accepted,
    AlreadyUsed,
    Refusal,
    UnknownCode,
    evaluate_check_in,
    precheck_code,
)
from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.estimates import WaitEstimate
from kiosk_app.domain.tickets import Ticket, TicketKind, TicketStatus
from kiosk_app.services import queue_estimates
from kiosk_app.services.kiosk.code_guesses import CodeGuesses
from kiosk_app.services.kiosk.ports import LookupUnavailable, OnlineLookup
from kiosk_app.services.kiosk.types import CoolingDown, Issued, ServiceUnavailable
from kiosk_app.services.turn_notices import TurnNotices
from kiosk_app.store import booking_repo, ticket_repo
from kiosk_app.store.engine import read_tx, write_tx
from kiosk_app.store.outbox import record_event
from server_sync.kernel.booking import Booking, BookingStatus
from server_sync.kernel.catalogue import Catalogue, Centre, Service
from server_sync.kernel.checkin_window import CheckInWindow
from server_sync.kernel.clock import Clock

log = logging.getLogger("asanq.tickets")


__all__ = ["Issued", "ServiceUnavailable", "TicketDesk"]


class TicketDesk:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        catalogue: Catalogue,
        centre_id: str,
        *,
        device_id: str = "kiosk-1",
        dispatch: DispatchPolicy | None = None,
        lookup: OnlineLookup | None = None,
        turn_notices: TurnNotices | None = None,
        guesses: CodeGuesses | None = None,
    ) -> None:
        self.engine = engine
        self.turn_notices = turn_notices
        self.clock = clock
        self.catalogue = catalogue
        self.centre_id = centre_id
        self.device_id = device_id
        self.dispatch = dispatch or DispatchPolicy()
        self.lookup = lookup
        self.guesses = guesses  # unknown codes counted in the store; None: not counted
        # Whether the last online lookup could reach the central service (None: not asked yet).
        self.lookup_reachable: bool | None = None

    @property
    def centre(self) -> Centre:
        return self.catalogue.centres[self.centre_id]

    def walk_in_problem(
        self, service_id: str, now: datetime | None = None
    ) -> ServiceUnavailable | None:
        """Why a walk-in ticket for `service_id` cannot be issued now, or None."""
        now = now or self.clock.now()
        service = self.catalogue.services.get(service_id)
        if service is None:
            return ServiceUnavailable(service_id, "unknown")
        if service_id not in self.centre.service_ids:
            return ServiceUnavailable(service_id, "not_offered")
        if not service.walk_in:
            return ServiceUnavailable(service_id, "no_walk_in")
        if not self.centre.hours.is_open_at(now):
            return ServiceUnavailable(service_id, "closed")
        return None

    def issue_walk_in(
        self,
        service_id: str,
        *,
        request_id: str | None = None,
        language: str = "az",
        kind: TicketKind = TicketKind.WALK_IN,
        priority_category: str | None = None,
        phone: str | None = None,
        application_number: str | None = None,
    ) -> Issued | ServiceUnavailable:
        """A walk-in's ticket; `phone` (optional, typed at the kiosk) asks for the
        "your turn is near" SMS; `application_number` (optional, typed at the kiosk for
        a service that takes agency applications) lets the counter open the application."""
        now = self.clock.now()
        problem = self.walk_in_problem(service_id, now)
        if problem is not None and not (
            kind is TicketKind.PRIORITY and problem.reason == "no_walk_in"
        ):
            return problem
        service = self.catalogue.services[service_id]
        new = ticket_repo.NewTicket(
            centre_id=self.centre_id,
            service_id=service_id,
            letter=service.group,
            day=now.date(),
            kind=kind,
            issued_at=now,
            call_time=self.dispatch.call_time(kind, now),
            request_id=request_id,
            device_id=self.device_id,
            language=language,
            priority_category=priority_category,
            application_number=(application_number or "").strip().upper()[:40] or None,
        )
        return self._issue(new, service, booking_code=None, phone=phone)

    def check_in(
        self, code_text: str, *, request_id: str | None = None, language: str = "az"
    ) -> Issued | Refusal | CoolingDown:
        code = precheck_code(code_text)
        if not isinstance(code, str):
            return code
        now = self.clock.now()
        # A repeated request, the look-up and the count of an unknown code: all in the
        # check-in's own transaction, one commit where four cost three fsyncs.
        outcome, claim = self._check_in_stored(code, now, request_id, language, count=True)
        if isinstance(outcome, CoolingDown):
            return outcome
        if isinstance(outcome, UnknownCode) and self._fetch_online(code, now):
            outcome, _ = self._check_in_stored(code, now, request_id, language)
            found = not isinstance(outcome, UnknownCode)
            if claim is not None and self.guesses is not None and found:
                self.guesses.known(claim[1])  # found online after all
        if claim is not None and self.guesses is not None and isinstance(outcome, UnknownCode):
            return self.guesses.unknown(*claim) or outcome
        return outcome

    def _fetch_online(self, code: str, now: datetime) -> bool:
        """Ask the central service for a code the store does not know; store what it
        finds. True when a booking was stored."""
        if self.lookup is None:
            return False
        try:
            booking = self.lookup.lookup(code)
        except LookupUnavailable as exc:
            self.lookup_reachable = False
            log.info("online lookup unavailable: %s", exc)
            return False
        except Exception:  # an adapter bug must not cost the visitor their check-in
            self.lookup_reachable = False
            log.exception("online lookup failed unexpectedly")
            return False
        self.lookup_reachable = True
        if booking is None or booking.order_code != code:
            return False
        with write_tx(self.engine) as conn:
            booking_repo.upsert_bookings(conn, [booking], now)
        log.info("booking fetched online", extra={"service": booking.slot.service_id})
        return True

    def _check_in_stored(
        self, code: str, now: datetime, request_id: str | None, language: str, count: bool = False
    ) -> tuple[Issued | Refusal | CoolingDown, tuple[int, datetime] | None]:
        """The check-in against the store, and the guess claim it made (`count`: the code
        is counted first, and uncounted when the store knows it)."""
        with write_tx(self.engine) as conn:
            if request_id and (repeated := self._repeated_in(conn, request_id)) is not None:
                return repeated, None
            booking = booking_repo.get_booking(conn, code)
            outcome = evaluate_check_in(
                booking,
                code=code,
                centre_id=self.centre_id,
                now=now,
                window=self._window(booking),
            )
            claim = None
            if count and self.guesses is not None:
                # an unknown code counts; a known one does not, but gets no answer either
                # while the kiosk cools down (all in this transaction: nothing leaks)
                if isinstance(outcome, UnknownCode):
                    claimed = self.guesses.claim_in(conn, now)
                    if isinstance(claimed, CoolingDown):
                        return claimed, None
                    claim = claimed
                elif (cooling := self.guesses.cooling_in(conn, now)) is not None:
                    return cooling, None
            if not isinstance(outcome, Accepted):
                return outcome, claim
            if not booking_repo.mark_checked_in(conn, code, now):
                return AlreadyUsed(BookingStatus.CHECKED_IN), claim
            service = self.catalogue.services[outcome.booking.slot.service_id]
            call_time = self.dispatch.call_time(TicketKind.BOOKED, now, outcome.slot_at)
            if outcome.booking.priority:  # imtiyaz: before the line's other booked visitors
                call_time -= timedelta(minutes=self.dispatch.priority_credit_minutes)
            new = ticket_repo.NewTicket(
                centre_id=self.centre_id,
                service_id=service.id,
                letter=service.group,
                day=now.date(),
                kind=TicketKind.BOOKED,
                issued_at=now,
                call_time=call_time,
                slot_at=outcome.slot_at,
                booking_code=code,
                request_id=request_id,
                device_id=self.device_id,
                language=language,
                application_number=outcome.booking.application_number or None,
            )
            ticket = ticket_repo.insert_ticket(conn, new)
            self._ask_turn_notice(conn, ticket, language, None, code)
            record_event(conn, "check_in", _ticket_payload(ticket), now, booking_code=code)
        log.info("checked in", extra={"ticket": ticket.display, "service": service.id})
        return Issued(ticket, service, self._estimate_after(ticket)), claim

    def _ask_turn_notice(
        self,
        conn: Connection,
        ticket: Ticket,
        language: str,
        phone: str | None,
        booking_code: str | None,
    ) -> None:
        if self.turn_notices is not None and ticket.status == TicketStatus.WAITING:
            self.turn_notices.ask(
                conn,
                ticket_id=ticket.id,
                day=ticket.day,
                phone=phone,
                booking_code=booking_code,
                language=language,
                now=ticket.issued_at,
            )

    def _window(self, booking: Booking | None) -> CheckInWindow:
        """The check-in window of the booking's service at its centre, from the catalogue."""
        if booking is None:
            return self.catalogue.checkin
        return self.catalogue.checkin_window(booking.slot.centre_id, booking.slot.service_id)

    def estimate_for(self, service_id: str) -> WaitEstimate:
        """What a new walk-in for this service would wait now."""
        now = self.clock.now()
        with read_tx(self.engine) as conn:
            found = queue_estimates.for_newcomers(
                conn, self.catalogue, self.centre_id, now, [service_id]
            )
        return found[service_id]

    def _issue(
        self,
        new: ticket_repo.NewTicket,
        service: Service,
        booking_code: str | None,
        phone: str | None = None,
    ) -> Issued:
        # A repeated request_id hits its unique constraint: the first ticket stands.
        try:
            with write_tx(self.engine) as conn:
                ticket = ticket_repo.insert_ticket(conn, new)
                self._ask_turn_notice(conn, ticket, new.language, phone, booking_code)
                record_event(
                    conn,
                    "ticket_issued",
                    _ticket_payload(ticket),
                    new.issued_at,
                    booking_code=booking_code,
                )
        except IntegrityError as exc:
            if not (new.request_id and ticket_repo.is_repeated_request(exc)):
                raise
            repeated = self._repeated(new.request_id)
            if repeated is None:
                raise
            return repeated
        log.info("ticket issued", extra={"ticket": ticket.display, "service": service.id})
        return Issued(ticket, service, self._estimate_after(ticket))

    def _repeated(self, request_id: str) -> Issued | None:
        with read_tx(self.engine) as conn:
            return self._repeated_in(conn, request_id)

    def _repeated_in(self, conn: Connection, request_id: str) -> Issued | None:
        """The ticket this request already got (a retried tap), or None."""
        ticket = ticket_repo.find_by_request(conn, request_id)
        if ticket is None:
            return None
        estimate = self._estimate(conn, ticket)
        return Issued(ticket, self.catalogue.services[ticket.service_id], estimate, repeated=True)

    def _estimate_after(self, ticket: Ticket) -> WaitEstimate:
        """The estimate for a ticket just issued, read after the write transaction
        so that other kiosks are not kept waiting for the write lock."""
        with read_tx(self.engine) as conn:
            return self._estimate(conn, ticket)

    def _estimate(self, conn: Connection, ticket: Ticket) -> WaitEstimate:
        return queue_estimates.for_ticket(conn, self.catalogue, self.centre_id, ticket)


def _ticket_payload(ticket: Ticket) -> dict[str, object]:
    return {
        "ticket_id": ticket.id,
        "number": ticket.display,
        "service_id": ticket.service_id,
        "kind": ticket.kind.value,
        "day": ticket.day.isoformat(),
        "issued_at": ticket.issued_at.isoformat(),
        "booking_code": ticket.booking_code,
    }
