"""Counter workstation view-model: what the operator sees and may press.

Plain Python over the CounterDesk service; the Qt view only draws `view`
and forwards button presses here, so every action is testable without a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from kiosk_app.domain.counter import CounterAction, CounterState
from kiosk_app.presenters.kiosk.runner import InlineRunner, Runner
from kiosk_app.presenters.staff.application import ApplicationPresenter
from kiosk_app.services.staff import words
from kiosk_app.services.staff.types import ActionResult, DeskSnapshot, StoreUnavailable
from kiosk_app.services.staff.visitor import VisitorCard
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.i18n import Translator
from server_sync.kernel.text import collation_key


class Desk(Protocol):
    counter: int
    services: frozenset[str]

    def snapshot(self) -> DeskSnapshot: ...
    def open(self) -> ActionResult: ...
    def close(self) -> ActionResult: ...
    def pause(self) -> ActionResult: ...
    def resume(self) -> ActionResult: ...
    def call_next(self) -> ActionResult: ...
    def recall(self) -> ActionResult: ...
    def start(self) -> ActionResult: ...
    def finish(self) -> ActionResult: ...
    def no_show(self) -> ActionResult: ...
    def transfer(
        self, *, to_service: str | None = None, to_counter: int | None = None
    ) -> ActionResult: ...
    def issue_priority(self, service_id: str, category: str) -> ActionResult: ...
    def print_priority(self, ticket_id: int) -> bool: ...
    def requeue(self, number: str) -> ActionResult: ...
    def reveal(self) -> VisitorCard | None: ...


@dataclass(frozen=True)
class Message:
    text: str
    error: bool = False


@dataclass(frozen=True)
class CounterView:
    title: str
    state: CounterState
    state_text: str
    ticket: str  # "A042" or "—"
    ticket_detail: str  # service name · kind · status
    visitor: list[tuple[str, str]]  # (label, value) of the booking, masked or not
    visitor_hint: str
    waiting: list[tuple[str, int]]  # (service name, count)
    enabled: frozenset[CounterAction]
    can_reveal: bool
    message: Message | None = None
    transfer_services: list[tuple[str, str]] = field(default_factory=list)
    transfer_counters: list[int] = field(default_factory=list)
    #: The called ticket's service takes an agency application: show its panel.
    application_form: bool = False


class CounterPresenter:
    def __init__(
        self,
        desk: Desk,
        catalogue: Catalogue,
        centre_id: str,
        tr: Translator,
        priority_categories: list[str],
        applications: ApplicationPresenter | None = None,
        runner: Runner | None = None,
    ) -> None:
        self.desk = desk
        # the printer lane prints imtiyaz tickets, so a printer in its timeout never
        # freezes the console (inline in tests)
        self.runner: Runner = runner or InlineRunner()
        self.applications = applications
        self._ticket_id: int | None = None
        self.catalogue = catalogue
        self.centre = catalogue.centres[centre_id]
        self.tr = tr
        self.priority_categories = priority_categories
        self.listeners: list[Callable[[], None]] = []
        self._revealed: VisitorCard | None = None
        self._message: Message | None = None
        if applications is not None:
            applications.ticket_id = lambda: self._ticket_id
        self.view = self._build(desk.snapshot())

    def use_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        if self.applications is not None:
            self.applications.catalogue = catalogue
        self.centre = catalogue.centres[self.centre.id]

    # --- reading ------------------------------------------------------------

    def refresh(self) -> CounterView:
        try:
            snap = self.desk.snapshot()
        except StoreUnavailable as exc:
            self._message = Message(self.tr("staff.store_error", detail=str(exc)), error=True)
            self.view = replace(self.view, message=self._message, enabled=frozenset())
            self._notify()
            return self.view
        if self._revealed is not None and (
            snap.ticket is None
            or snap.visitor is None
            or snap.visitor.order_code != self._revealed.order_code
        ):
            self._revealed = None  # a reveal lasts only while that visitor is at the counter
        ticket_id = snap.ticket.id if snap.ticket is not None else None
        if ticket_id != self._ticket_id:
            self._ticket_id = ticket_id
            self._visitor_changed(snap)
        self.view = self._build(snap)
        self._notify()
        return self.view

    def _visitor_changed(self, snap: DeskSnapshot) -> None:
        """The application leaves with its visitor; the next visitor's, when their ticket
        names one (booked with it, or typed at the kiosk), opens at once (audited)."""
        if self.applications is None:
            return
        if self.applications.app is not None or self.applications.view.message:
            self.applications.clear()
        t = snap.ticket
        if t is not None and t.application_number and self._takes_application(t.service_id):
            self.applications.open(t.application_number)

    def _notify(self) -> None:
        for listener in self.listeners:
            listener()

    def _guarded(self, action: Callable[[], ActionResult]) -> Message:
        try:
            result = action()
        except StoreUnavailable as exc:
            self._message = Message(self.tr("staff.store_error", detail=str(exc)), error=True)
            self._notify()
            return self._message
        return self._after(result)

    def service_name(self, service_id: str) -> str:
        s = self.catalogue.services.get(service_id)
        return s.name(self.tr.language) if s else service_id

    def category_label(self, category: str) -> str:
        return words.word(self.tr, words.PRIORITY_CATEGORY, category)

    def priority_services(self) -> list[tuple[str, str]]:
        """The centre's services, this counter's own first (the dialog's default is
        the first), each group in the alphabet's order."""
        mine = set(getattr(self.desk, "services", ()))
        return sorted(
            ((sid, self.service_name(sid)) for sid in self.centre.service_ids),
            key=lambda item: (item[0] not in mine, collation_key(item[1], self.tr.language)),
        )

    def _build(self, snap: DeskSnapshot) -> CounterView:
        tr = self.tr
        t = snap.ticket
        detail = ""
        if t is not None:
            detail = " · ".join(
                [
                    self.service_name(t.service_id),
                    words.word(tr, words.TICKET_KIND, t.kind.value),
                    words.word(tr, words.TICKET_STATUS, t.status.value),
                ]
            )
        card = self._revealed or snap.visitor
        visitor: list[tuple[str, str]] = []
        hint = ""
        if card is not None:
            visitor = [
                (tr("common.order_code"), card.order_code),
                (tr("staff.slot"), card.slot),
                (tr("staff.name"), card.name),
                (tr("staff.id_document"), card.id_document),
                (tr("staff.phone"), card.phone),
                (tr("staff.email"), card.email),
            ]
            hint = tr("staff.revealed_hint") if card.revealed else tr("staff.masked_hint")
        return CounterView(
            title=tr("staff.counter_title", n=snap.counter),
            state=snap.state,
            state_text=words.word(tr, words.COUNTER_STATE, snap.state.value),
            ticket=t.display if t is not None else "—",
            ticket_detail=detail,
            visitor=visitor,
            visitor_hint=hint,
            waiting=[(self.service_name(s), n) for s, n in snap.waiting.items()],
            enabled=snap.allowed,
            can_reveal=card is not None and not card.revealed,
            message=self._message,
            transfer_services=[
                (s, self.service_name(s))
                for s in sorted(self.centre.service_ids)
                if t is None or s != t.service_id
            ],
            transfer_counters=[c.number for c in self.centre.counters if c.number != snap.counter],
            application_form=self._takes_application(t.service_id if t is not None else None),
        )

    def _takes_application(self, service_id: str | None) -> bool:
        if self.applications is None or service_id is None:
            return False
        service = self.catalogue.services.get(service_id)
        return service is not None and service.form is not None

    # --- actions ------------------------------------------------------------

    def leave(self) -> Message | None:
        """Close the counter as its operator leaves: None when it is closed, or the
        reason it cannot be yet (a visitor in hand: finish or transfer first)."""
        if self.view.state is CounterState.CLOSED:
            return None
        msg = self.press(CounterAction.CLOSE)
        if not msg.error:
            return None
        self._message = Message(self.tr("staff.sign_out_finish_first"), error=True)
        self.refresh()
        return self._message

    def press(self, action: CounterAction) -> Message:
        """A button without arguments (everything except transfer)."""
        run: dict[CounterAction, Callable[[], ActionResult]] = {
            CounterAction.OPEN: self.desk.open,
            CounterAction.CLOSE: self.desk.close,
            CounterAction.PAUSE: self.desk.pause,
            CounterAction.RESUME: self.desk.resume,
            CounterAction.CALL_NEXT: self.desk.call_next,
            CounterAction.RECALL: self.desk.recall,
            CounterAction.START: self.desk.start,
            CounterAction.FINISH: self.desk.finish,
            CounterAction.NO_SHOW: self.desk.no_show,
        }
        if action not in run:
            raise ValueError(f"{action} needs arguments")
        return self._guarded(run[action])

    def transfer_to_service(self, service_id: str) -> Message:
        return self._guarded(lambda: self.desk.transfer(to_service=service_id))

    def transfer_to_counter(self, counter: int) -> Message:
        return self._guarded(lambda: self.desk.transfer(to_counter=counter))

    def requeue(self, number: str) -> Message:
        """A no-show who came back, by ticket number: back in line (audited)."""
        return self._guarded(lambda: self.desk.requeue(number))

    def issue_priority(self, service_id: str, category: str) -> Message:
        try:
            result = self.desk.issue_priority(service_id, category)
        except StoreUnavailable as exc:
            self._message = Message(self.tr("staff.store_error", detail=str(exc)), error=True)
            self._notify()
            return self._message
        if not result.ok or result.ticket is None:
            reason = words.word(self.tr, words.PRIORITY_REFUSAL, result.message)
            self._message = Message(self.tr("staff.priority_refused", reason=reason), error=True)
            self.refresh()
            return self._message
        number = result.ticket.display
        self._message = Message(self.tr("staff.priority_issued", number=number))
        self.refresh()

        def printed(ok: bool) -> None:
            if not ok:  # even after other actions: the operator must tell the number
                self._message = Message(
                    self.tr("staff.priority_not_printed", number=number), error=True
                )
                self.view = replace(self.view, message=self._message)
                self._notify()

        ticket_id = result.ticket.id
        self.runner.run(
            "printer",
            lambda: self.desk.print_priority(ticket_id),
            printed,
            lambda _: printed(False),
        )
        return self._message

    def reveal(self) -> Message | None:
        try:
            card = self.desk.reveal()
        except StoreUnavailable as exc:
            self._message = Message(self.tr("staff.store_error", detail=str(exc)), error=True)
            self._notify()
            return self._message
        if card is None:
            return None
        self._revealed = card
        self._message = Message(self.tr("staff.revealed_hint"))
        self.refresh()
        return self._message

    def _after(self, result: ActionResult) -> Message:
        number = result.ticket.display if result.ticket is not None else ""
        key = words.ACTION_MESSAGE.get(result.message)
        if key is None:
            text = result.message  # a code we have no words for yet
        else:
            text = self.tr(key, number=number) if number else self.tr(key)
        self._message = Message(text, error=not result.ok)
        self.refresh()
        return self._message
