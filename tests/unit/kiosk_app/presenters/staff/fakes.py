"""In-memory stand-ins for the staff services (presenter tests need no store)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kiosk_app.domain.announcement import HallCall
from kiosk_app.domain.counter import (
    CounterAction,
    CounterState,
    Desk,
    allowed_actions,
    refusal,
    state_after,
)
from kiosk_app.domain.figures import TicketFacts, day_figures
from kiosk_app.domain.staff import Role
from kiosk_app.domain.tickets import Ticket, TicketKind, TicketNumber, TicketStatus
from kiosk_app.services.staff.types import (
    ActionResult,
    Alert,
    CounterView,
    Dashboard,
    DeskSnapshot,
    DeviceView,
    QueueView,
    SignInRefused,
    StaffSession,
)
from kiosk_app.services.staff.visitor import VisitorCard, visitor_card
from server_sync.kernel.clock import BAKU
from tests.factories import booking, catalogue

NOW = datetime(2026, 11, 23, 11, 0, tzinfo=BAKU)


def ticket(
    seq: int,
    status: TicketStatus = TicketStatus.WAITING,
    code: str | None = None,
    service: str = "passport",
) -> Ticket:
    kind = TicketKind.BOOKED if code else TicketKind.WALK_IN
    return Ticket(
        seq,
        "baku-1",
        service,
        TicketNumber("A", seq),
        NOW.date(),
        kind,
        status,
        NOW,
        booking_code=code,
    )


class FakeDesk:
    """A counter over an in-memory queue, following the domain's rules."""

    def __init__(self, counter: int = 2, waiting: int = 3, booked_first: bool = True) -> None:
        self.counter = counter
        self.services = frozenset({"passport"})
        self.state = CounterState.CLOSED
        self.queue = [
            ticket(i + 1, code="123" if booked_first and i == 0 else None) for i in range(waiting)
        ]
        self.current: Ticket | None = None
        self.reveals = 0
        self.transfers: list[tuple[str | None, int | None]] = []
        self.priority: list[tuple[str, str]] = []
        self.printed: list[int] = []
        self.printer_works = True
        self.no_shows: list[Ticket] = []

    def _desk(self) -> Desk:
        return Desk(self.state, self.current.status if self.current else None)

    def snapshot(self) -> DeskSnapshot:
        card = None
        if self.current is not None and self.current.booking_code:
            card = visitor_card(
                booking(code=self.current.booking_code, at=time(11, 15)), revealed=False
            )
        return DeskSnapshot(
            self.counter,
            self.state,
            self.current,
            card,
            {"passport": len(self.queue)},
            allowed_actions(self._desk()),
        )

    def _state(self, action: CounterAction) -> ActionResult:
        why = refusal(self._desk(), action)
        if why:
            return ActionResult(False, why)
        self.state = state_after(self._desk(), action)
        return ActionResult(True, f"counter_{self.state.value}")

    def open(self) -> ActionResult:
        return self._state(CounterAction.OPEN)

    def close(self) -> ActionResult:
        return self._state(CounterAction.CLOSE)

    def pause(self) -> ActionResult:
        return self._state(CounterAction.PAUSE)

    def resume(self) -> ActionResult:
        return self._state(CounterAction.RESUME)

    def _move(self, action: CounterAction, status: TicketStatus | None) -> ActionResult:
        why = refusal(self._desk(), action)
        if why or self.current is None:
            return ActionResult(False, why or "no_ticket")
        t = self.current
        moved = Ticket(**{**t.__dict__, "status": status or t.status})
        self.current = moved if status in (TicketStatus.CALLED, TicketStatus.SERVING) else None
        return ActionResult(True, action.value, moved)

    def call_next(self) -> ActionResult:
        why = refusal(self._desk(), CounterAction.CALL_NEXT)
        if why:
            return ActionResult(False, why)
        if not self.queue:
            return ActionResult(False, "queue_empty")
        t = self.queue.pop(0)
        self.current = Ticket(**{**t.__dict__, "status": TicketStatus.CALLED})
        return ActionResult(True, "called", self.current)

    def recall(self) -> ActionResult:
        return self._move(CounterAction.RECALL, TicketStatus.CALLED)

    def start(self) -> ActionResult:
        return self._move(CounterAction.START, TicketStatus.SERVING)

    def finish(self) -> ActionResult:
        return self._move(CounterAction.FINISH, TicketStatus.SERVED)

    def no_show(self) -> ActionResult:
        done = self._move(CounterAction.NO_SHOW, TicketStatus.NO_SHOW)
        if done.ok and done.ticket is not None:
            self.no_shows.append(done.ticket)
        return done

    def requeue(self, number: str) -> ActionResult:
        found = next((t for t in self.no_shows if t.display == number.strip().upper()), None)
        if found is None:
            return ActionResult(False, "not_a_no_show")
        self.no_shows.remove(found)
        back = Ticket(**{**found.__dict__, "status": TicketStatus.WAITING})
        self.queue.append(back)
        return ActionResult(True, "requeued", back)

    def transfer(
        self, *, to_service: str | None = None, to_counter: int | None = None
    ) -> ActionResult:
        self.transfers.append((to_service, to_counter))
        return self._move(CounterAction.TRANSFER, TicketStatus.WAITING)

    def issue_priority(self, service_id: str, category: str) -> ActionResult:
        self.priority.append((service_id, category))
        if service_id == "residence":
            return ActionResult(False, "closed")
        return ActionResult(True, "priority_issued", ticket(90, service=service_id))

    def print_priority(self, ticket_id: int) -> bool:
        self.printed.append(ticket_id)
        return self.printer_works

    def reveal(self) -> VisitorCard | None:
        if self.current is None or not self.current.booking_code:
            return None
        self.reveals += 1
        return visitor_card(booking(code=self.current.booking_code), revealed=True)


class FakeAuth:
    def __init__(self) -> None:
        self.users = {
            "aysel": ("4321", Role.OPERATOR),
            "rauf": ("9999", Role.MANAGER),
            "nigar": ("5555", Role.IT),
        }
        self.failures = 0

    def sign_in(self, username: str, secret: str) -> StaffSession | SignInRefused:
        if not username or not secret:
            return SignInRefused("empty")
        if username == "locked":
            return SignInRefused("locked", NOW + timedelta(minutes=15))
        found = self.users.get(username)
        if found is None or found[0] != secret:
            return SignInRefused("wrong")
        return StaffSession(username, username.title(), found[1])


def dashboard() -> Dashboard:
    cat = catalogue()
    facts = [
        TicketFacts(
            "passport",
            TicketStatus.SERVED,
            NOW - timedelta(minutes=50),
            None,
            NOW - timedelta(minutes=20),
            NOW - timedelta(minutes=19),
            NOW - timedelta(minutes=9),
        ),
        TicketFacts("passport", TicketStatus.WAITING, NOW - timedelta(minutes=25)),
    ]
    return Dashboard(
        at=NOW,
        queues=(
            QueueView("passport", cat.services["passport"].name, "A", 1, 25.0, 10, 1),
            QueueView("water", cat.services["water"].name, "H", 2, 12.0, 0, 0),
            QueueView("residence", cat.services["residence"].name, "A", 0, 0.0, 0, 1),
        ),
        counters=(
            CounterView(1, CounterState.OPEN, "aysel", "A007", ("passport",)),
            CounterView(2, CounterState.PAUSED, "murad", None, ("passport",)),
            CounterView(3, CounterState.CLOSED, None, None, ("water",)),
        ),
        devices=(
            DeviceView("kiosk-1", "kiosk", "0.1", NOW, "online", "near_end", ("paper_low",)),
            DeviceView(
                "kiosk-2", "kiosk", "0.1", NOW, "offline", "out", ("paper_out", "printer_offline")
            ),
        ),
        figures=day_figures(facts, 15),
        alerts=(
            Alert("paper_low", "kiosk-1", False),
            Alert("paper_out", "kiosk-2", True),
            Alert("printer_offline", "kiosk-2", True),
            Alert("no_open_counter", "water", True),
            Alert("wait_over_target", "passport", False),
        ),
    )


class FakeDashboard:
    def __init__(self) -> None:
        self.calls = 0

    def snapshot(self) -> Dashboard:
        self.calls += 1
        return dashboard()


class FakeCalls:
    def __init__(self) -> None:
        self.calls: list[HallCall] = []
        self.broken = False

    def add(self, number: str, counter: int, kind: str = "call") -> None:
        seq = int(number[1:])
        self.calls.append(
            HallCall(len(self.calls) + 1, seq, number, "passport", counter, kind, NOW)
        )

    def after(self, cursor: int, limit: int = 50) -> list[HallCall]:
        if self.broken:
            raise OSError("store away")
        newer = [c for c in self.calls if c.id > cursor]
        return newer[-limit:]


TODAY = date(2026, 11, 23)
