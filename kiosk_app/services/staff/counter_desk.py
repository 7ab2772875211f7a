"""The counter workstation's use cases: one operator at one counter (pəncərə).

Every action checks the counter's state machine (domain.counter), runs in one
write transaction (queue_repo writes the change, outbox event, hall call and
audit row together) and, for calls, wakes the hall displays after commit.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Connection, Engine

from kiosk_app.domain.counter import (
    CounterAction,
    CounterState,
    Desk,
    allowed_actions,
    refusal,
    state_after,
)
from kiosk_app.domain.staff import Role
from kiosk_app.domain.tickets import Ticket, TicketKind, TicketNumber
from kiosk_app.services.call_channel import CallPublisher
from kiosk_app.services.kiosk.printing import TicketPrinting
from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.services.staff.store_errors import store_errors
from kiosk_app.services.staff.types import ActionResult, DeskSnapshot, StaffSession
from kiosk_app.services.staff.visitor import VisitorCard, visitor_card
from kiosk_app.store import audit_repo, booking_repo, queue_repo, ticket_repo
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock

log = logging.getLogger("asanq.counter")

COUNTER_ROLES = frozenset({Role.OPERATOR, Role.MANAGER})


class CounterDesk:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        catalogue: Catalogue,
        centre_id: str,
        counter: int,
        session: StaffSession,
        publisher: CallPublisher,
        ticket_desk: TicketDesk,
        priority_categories: list[str],
        *,
        max_recalls: int = 3,
        printing: TicketPrinting | None = None,
        print_language: str = "az",
    ) -> None:
        if session.role not in COUNTER_ROLES:
            raise PermissionError(f"role {session.role} cannot work a counter")
        centre = catalogue.centres[centre_id]
        found = next((c for c in centre.counters if c.number == counter), None)
        if found is None:
            numbers = ", ".join(str(c.number) for c in centre.counters)
            raise ValueError(f"counter {counter} does not exist here (counters: {numbers})")
        self.engine, self.clock, self.catalogue = engine, clock, catalogue
        self.centre_id, self.counter, self.session = centre_id, counter, session
        self.services = found.service_ids
        self.publisher = publisher
        self.ticket_desk = ticket_desk
        self.priority_categories = priority_categories
        self.max_recalls = max_recalls  # `staff.max_recalls`
        # the workstation's ticket printer: an imtiyaz ticket is handed over on paper
        self.printing = printing
        self.print_language = print_language
        self._to_print: dict[int, Issued] = {}  # issued, not yet printed (by ticket id)

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """A running console takes IT's pushed catalogue (the counter's services too)."""
        centre = catalogue.centres[self.centre_id]
        found = next((c for c in centre.counters if c.number == self.counter), None)
        self.services = found.service_ids if found is not None else frozenset()
        self.catalogue = catalogue
        self.ticket_desk.catalogue = catalogue

    @property
    def username(self) -> str:
        return self.session.username

    def _desk(self, conn: Connection) -> tuple[Desk, Ticket | None]:
        rec = queue_repo.get_counter(conn, self.centre_id, self.counter)
        ticket = ticket_repo.get_ticket(conn, rec.ticket_id) if rec.ticket_id else None
        status = ticket.status if ticket is not None and ticket.counter == self.counter else None
        return Desk(rec.state, status), (ticket if status is not None else None)

    @store_errors
    def snapshot(self) -> DeskSnapshot:
        now = self.clock.now()
        with read_tx(self.engine) as conn:
            desk, ticket = self._desk(conn)
            queue = queue_repo.counter_queue(
                conn, self.centre_id, now.date(), self.counter, self.services
            )
            booking = (
                booking_repo.get_booking(conn, ticket.booking_code)
                if ticket is not None and ticket.booking_code
                else None
            )
        waiting = dict.fromkeys(sorted(self.services), 0)
        for w in queue:
            waiting[w.service_id] = waiting.get(w.service_id, 0) + 1
        card = visitor_card(booking, revealed=False) if booking is not None else None
        return DeskSnapshot(self.counter, desk.state, ticket, card, waiting, allowed_actions(desk))

    # --- counter state ------------------------------------------------------

    @store_errors
    def open(self) -> ActionResult:
        return self._set_state(CounterAction.OPEN)

    @store_errors
    def close(self) -> ActionResult:
        return self._set_state(CounterAction.CLOSE)

    @store_errors
    def pause(self) -> ActionResult:
        return self._set_state(CounterAction.PAUSE)

    @store_errors
    def resume(self) -> ActionResult:
        return self._set_state(CounterAction.RESUME)

    def _set_state(self, action: CounterAction) -> ActionResult:
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            desk, _ = self._desk(conn)
            why = refusal(desk, action)
            if why is not None:
                return ActionResult(False, why)
            state = state_after(desk, action)
            operator = None if state is CounterState.CLOSED else self.username
            queue_repo.set_counter(
                conn,
                self.centre_id,
                self.counter,
                state=state,
                operator=operator,
                ticket_id=None,
                at=now,
            )
            audit_repo.audit(
                conn, now, self.username, f"counter_{action.value}", counter=self.counter
            )
        return ActionResult(True, f"counter_{state.value}")

    # --- tickets ------------------------------------------------------------

    @store_errors
    def call_next(self) -> ActionResult:
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            desk, _ = self._desk(conn)
            why = refusal(desk, CounterAction.CALL_NEXT)
            if why is not None:
                return ActionResult(False, why)
            ticket = queue_repo.call_next(
                conn,
                centre_id=self.centre_id,
                day=now.date(),
                counter=self.counter,
                services=self.services,
                at=now,
                username=self.username,
            )
            notices = self.ticket_desk.turn_notices
            if ticket is not None and notices is not None:
                notices.after_call(conn, now.date(), now)
        if ticket is None:
            return ActionResult(False, "queue_empty")
        self.publisher.published()
        log.info("called", extra={"ticket": ticket.display, "counter": self.counter})
        return ActionResult(True, "called", ticket)

    @store_errors
    def recall(self) -> ActionResult:
        """Call the ticket again; once it was recalled `max_recalls` times, the next
        recall makes it a no-show instead (message "no_show_after_recalls")."""
        return self._on_ticket(CounterAction.RECALL)

    @store_errors
    def requeue(self, number: str) -> ActionResult:
        """Put a returning no-show of today back in line (audited "requeue")."""
        try:
            parsed = TicketNumber.parse(number)
        except ValueError:
            return ActionResult(False, "not_a_number")
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            ticket = queue_repo.requeue(
                conn, self.centre_id, now.date(), parsed, now, self.username
            )
        if ticket is None:
            return ActionResult(False, "not_a_no_show")
        log.info("requeued", extra={"ticket": ticket.display, "counter": self.counter})
        return ActionResult(True, "requeued", ticket)

    @store_errors
    def start(self) -> ActionResult:
        return self._on_ticket(CounterAction.START)

    @store_errors
    def finish(self) -> ActionResult:
        return self._on_ticket(CounterAction.FINISH)

    @store_errors
    def no_show(self) -> ActionResult:
        return self._on_ticket(CounterAction.NO_SHOW)

    @store_errors
    def transfer(
        self, *, to_service: str | None = None, to_counter: int | None = None
    ) -> ActionResult:
        if (to_service is None) == (to_counter is None):
            raise ValueError("transfer to exactly one of a service or a counter")
        if (
            to_service is not None
            and to_service not in self.catalogue.centres[self.centre_id].service_ids
        ):
            return ActionResult(False, "unknown_service")
        counters = {c.number for c in self.catalogue.centres[self.centre_id].counters}
        if to_counter is not None and (to_counter not in counters or to_counter == self.counter):
            return ActionResult(False, "unknown_counter")
        if to_counter is not None:
            with read_tx(self.engine) as conn:
                target = queue_repo.get_counter(conn, self.centre_id, to_counter)
            if target.state is CounterState.CLOSED:
                return ActionResult(False, "target_closed")  # nobody would ever call it there
        return self._on_ticket(CounterAction.TRANSFER, to_service=to_service, to_counter=to_counter)

    def _on_ticket(self, action: CounterAction, **kw: str | int | None) -> ActionResult:
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            desk, ticket = self._desk(conn)
            why = refusal(desk, action)
            if why is not None or ticket is None:
                return ActionResult(False, why or "no_ticket")
            if (
                action is CounterAction.RECALL
                and queue_repo.recalls_since_call(conn, ticket.id) >= self.max_recalls
            ):
                return self._no_show_after_recalls(conn, ticket, now)
            result = self._apply(conn, action, ticket, now, **kw)
        if result is None:
            return ActionResult(False, "ticket_changed")
        if action is CounterAction.RECALL:
            self.publisher.published()
        return ActionResult(True, action.value, result)

    def _no_show_after_recalls(
        self, conn: Connection, ticket: Ticket, now: datetime
    ) -> ActionResult:
        gone = queue_repo.no_show(conn, self.centre_id, ticket.id, self.counter, now, self.username)
        if gone is None:
            return ActionResult(False, "ticket_changed")
        audit_repo.audit(
            conn,
            now,
            self.username,
            "auto_no_show",
            gone.id,
            number=gone.display,
            counter=self.counter,
            recalls=self.max_recalls,
        )
        return ActionResult(True, "no_show_after_recalls", gone)

    def _apply(
        self,
        conn: Connection,
        action: CounterAction,
        ticket: Ticket,
        now: datetime,
        **kw: str | int | None,
    ) -> Ticket | None:
        c, u, cid = self.counter, self.username, self.centre_id
        if action is CounterAction.RECALL:
            queue_repo.recall(conn, ticket, c, now, u)
            return ticket
        if action is CounterAction.START:
            return queue_repo.start_service(conn, ticket.id, c, now, u)
        if action is CounterAction.FINISH:
            return queue_repo.finish(conn, cid, ticket.id, c, now, u)
        if action is CounterAction.NO_SHOW:
            return queue_repo.no_show(conn, cid, ticket.id, c, now, u)
        to_service = kw.get("to_service")
        to_counter = kw.get("to_counter")
        return queue_repo.transfer(
            conn,
            cid,
            ticket.id,
            c,
            now,
            u,
            to_service=str(to_service) if to_service else None,
            to_counter=int(to_counter) if to_counter else None,
        )

    # --- priority tickets and personal data ----------------------------------

    @store_errors
    def issue_priority(self, service_id: str, category: str) -> ActionResult:
        """An imtiyaz ticket for a visitor the operator has seen qualifies
        (message "priority_issued", or the reason it could not be issued). It is in
        line at once; `print_priority` then prints it, which may take the printer's
        whole timeout, so the console runs that off its UI thread."""
        if category not in self.priority_categories:
            raise ValueError(f"not a priority category: {category!r}")
        issued = self.ticket_desk.issue_walk_in(
            service_id, kind=TicketKind.PRIORITY, priority_category=category
        )
        if not isinstance(issued, Issued):
            return ActionResult(False, issued.reason)
        with write_tx(self.engine) as conn:
            audit_repo.audit(
                conn,
                self.clock.now(),
                self.username,
                "issue_priority",
                issued.ticket.id,
                number=issued.ticket.display,
                category=category,
                counter=self.counter,
            )
        if self.printing is not None:
            self._to_print[issued.ticket.id] = issued
        return ActionResult(True, "priority_issued", issued.ticket)

    def print_priority(self, ticket_id: int) -> bool:
        """Print the imtiyaz ticket `issue_priority` gave; False when the printer
        failed (the ticket stays in line: the operator tells the number). True with
        no printer at this workstation (`staff.print_priority` off)."""
        issued = self._to_print.pop(ticket_id, None)
        if self.printing is None or issued is None:
            return True
        return self.printing.print_ticket(issued, self.print_language).printed

    @store_errors
    def reveal(self) -> VisitorCard | None:
        """The current visitor's booking data in clear; the reveal is audited."""
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            _, ticket = self._desk(conn)
            if ticket is None or not ticket.booking_code:
                return None
            booking = booking_repo.get_booking(conn, ticket.booking_code)
            if booking is None:
                return None
            audit_repo.audit(
                conn,
                now,
                self.username,
                "reveal_personal_data",
                ticket.id,
                number=ticket.display,
                counter=self.counter,
            )
        return visitor_card(booking, revealed=True)
