"""The kiosk's check-in and walk-in as lines of text, for `asan-queue ticket`.

The same backend as the touchscreen (store first, then the printer) and the same
texts, printed as lines instead of screens. The command runs this itself, or a
running kiosk runs it for the command on its own printer (`services.kiosk.handoff`).
"""

from __future__ import annotations

from kiosk_app.domain.checkin import Refusal
from kiosk_app.presenters.kiosk.messages import hhmm, refusal_message
from kiosk_app.presenters.kiosk.ports import KioskBackendPort
from kiosk_app.services.kiosk.handoff import (
    PRINTED,
    PRINTER_FAILED,
    REFUSED,
    Reply,
    TicketRequest,
)
from kiosk_app.services.kiosk.types import (
    CoolingDown,
    Issued,
    ServiceUnavailable,
    StoreUnavailable,
)
from server_sync.kernel.i18n import Translator
from server_sync.kernel.wording import estimated_wait, people_ahead


def ticket_reply(
    backend: KioskBackendPort,
    tr: Translator,
    request: TicketRequest,
    *,
    offer_walk_in_when_late: bool,
) -> Reply:
    """Check `request.code` in or issue a walk-in for `request.service_id`, print the
    ticket, and say so in `tr`'s language."""
    outcome: Issued | Refusal | ServiceUnavailable | StoreUnavailable | CoolingDown
    if request.code is not None:
        outcome = backend.check_in(request.code, request.request_id, tr.language)
    else:
        outcome = backend.issue_walk_in(str(request.service_id), request.request_id, tr.language)
    if not isinstance(outcome, Issued):
        view = refusal_message(
            tr,
            outcome,
            centre_name=backend.centre_name_of,
            offer_walk_in_when_late=offer_walk_in_when_late,
            link_down=backend.link_reachable is False,
        )
        return Reply(
            REFUSED, tuple(line for line in (view.title, view.body, view.next_step) if line)
        )
    lines = issued_lines(tr, outcome)
    printed = backend.print_ticket(outcome, tr.language)
    if printed.printed:
        return Reply(PRINTED, (*lines, tr("kiosk.cli.printed")))
    failed = tr(
        "kiosk.cli.not_printed",
        error=printed.error_code or "error",
        number=outcome.ticket.display,
        url=backend.status_url(outcome),
    )
    return Reply(PRINTER_FAILED, (*lines, failed))


def issued_lines(tr: Translator, issued: Issued) -> tuple[str, ...]:
    est = issued.estimate
    lines = [
        tr(
            "kiosk.cli.issued",
            number=issued.ticket.display,
            service=issued.service.name(tr.language),
        )
    ]
    if est.people_ahead == 0:
        lines.append(people_ahead(tr, 0))
    else:
        lines.append(f"{people_ahead(tr, est.people_ahead)} · {estimated_wait(tr, est.minutes)}")
    if issued.ticket.slot_at is not None:
        slot = issued.ticket.slot_at.astimezone(issued.ticket.issued_at.tzinfo)
        lines.append(tr("kiosk.ticket.booked_slot", time=hhmm(slot)))
    return tuple(lines)
