"""The kiosk's check-in and walk-in flows on the command line (`asan-queue ticket`).

The command does the work itself here when no kiosk runs on this machine (see
`kiosk_app.services.kiosk.handoff`): the kiosk's backend on the same store and
printer, and the kiosk's lines (`presenters.kiosk.headless`).
"""

from __future__ import annotations

import uuid

from hardware.printing import PrinterUrlError
from kiosk_app.cli.common import UserError
from kiosk_app.composition.centre import open_centre
from kiosk_app.composition.kiosk import build_backend, online_lookup
from kiosk_app.presenters.kiosk.headless import ticket_reply
from kiosk_app.services.kiosk.handoff import TicketRequest
from kiosk_app.settings import Settings
from kiosk_app.store.engine import StoreError
from server_sync.kernel.clock import Clock
from server_sync.kernel.i18n import Translator


def issue_ticket(
    settings: Settings,
    *,
    code: str | None,
    service_id: str | None,
    language: str | None,
    clock: Clock | None = None,
    request_id: str | None = None,
) -> int:
    """Check in `code` or issue a walk-in for `service_id`; print the ticket and the
    lines; the exit code.

    `clock` is the system clock unless a caller (a test) stands at another moment; a
    `request_id` already used (a kiosk that took it, then went away) returns the ticket
    that request got instead of a second one."""
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
        request = TicketRequest(
            service_id=service_id,
            code=code,
            language=tr.language,
            request_id=request_id or f"cli-{uuid.uuid4().hex}",
        )
        try:
            reply = ticket_reply(
                backend,
                tr,
                request,
                offer_walk_in_when_late=settings.checkin.offer_walk_in_when_late,
            )
        finally:
            backend.printing.printer.close()
        return reply.say()
    finally:
        ctx.close()
