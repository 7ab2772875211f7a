"""The kiosk's check-in and walk-in flows on the command line (`asan-queue ticket`).

Same backend as the touchscreen (store first, then the printer), same texts
from `assets/i18n/kiosk.json`, printed as lines instead of screens.
"""

from __future__ import annotations

import uuid

from hardware.printing import PrinterUrlError
from kiosk_app.cli.common import UserError
from kiosk_app.composition.centre import open_centre
from kiosk_app.composition.kiosk import build_backend, online_lookup
from kiosk_app.domain.checkin import Refusal
from kiosk_app.presenters.kiosk.messages import hhmm, refusal_message
from kiosk_app.services.kiosk.types import (
    CoolingDown,
    Issued,
    ServiceUnavailable,
    StoreUnavailable,
)
from kiosk_app.settings import Settings
from kiosk_app.store.engine import StoreError
from server_sync.kernel.clock import Clock
from server_sync.kernel.i18n import Translator
from server_sync.kernel.wording import estimated_wait, people_ahead

PRINTED, REFUSED, PRINTER_FAILED = 0, 1, 3


def issue_ticket(
    settings: Settings,
    *,
    code: str | None,
    service_id: str | None,
    language: str | None,
    clock: Clock | None = None,
) -> int:
    """Check in `code` or issue a walk-in for `service_id`; print the ticket.

    `clock` is the system clock unless a caller (a test) stands at another moment."""
    tr = Translator(language or settings.kiosk.language)
    try:
        ctx = open_centre(settings, clock)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        try:
            backend = build_backend(ctx, lookup=online_lookup(settings))
        except PrinterUrlError as exc:
            raise UserError(str(exc)) from None
        request_id = f"cli-{uuid.uuid4().hex}"
        outcome: Issued | Refusal | ServiceUnavailable | StoreUnavailable | CoolingDown
        if code is not None:
            outcome = backend.check_in(code, request_id, tr.language)
        else:
            outcome = backend.issue_walk_in(str(service_id), request_id, tr.language)
        if not isinstance(outcome, Issued):
            view = refusal_message(
                tr,
                outcome,
                centre_name=backend.centre_name_of,
                offer_walk_in_when_late=settings.checkin.offer_walk_in_when_late,
                link_down=backend.link_reachable is False,
            )
            print(view.title)
            for line in (view.body, view.next_step):
                if line:
                    print(line)
            return REFUSED
        _describe(tr, outcome)
        printed = backend.print_ticket(outcome, tr.language)
        backend.printing.printer.close()
        if printed.printed:
            print(tr("kiosk.cli.printed"))
            return PRINTED
        print(
            tr(
                "kiosk.cli.not_printed",
                error=printed.error_code or "error",
                number=outcome.ticket.display,
                url=backend.status_url(outcome),
            )
        )
        return PRINTER_FAILED
    finally:
        ctx.close()


def _describe(tr: Translator, issued: Issued) -> None:
    est = issued.estimate
    print(
        tr(
            "kiosk.cli.issued",
            number=issued.ticket.display,
            service=issued.service.name(tr.language),
        )
    )
    if est.people_ahead == 0:
        print(people_ahead(tr, 0))
    else:
        print(f"{people_ahead(tr, est.people_ahead)} · {estimated_wait(tr, est.minutes)}")
    if issued.ticket.slot_at is not None:
        slot = issued.ticket.slot_at.astimezone(issued.ticket.issued_at.tzinfo)
        print(tr("kiosk.ticket.booked_slot", time=hhmm(slot)))
