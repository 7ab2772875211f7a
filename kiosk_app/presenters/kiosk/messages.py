"""Each refusal in the visitor's words: what happened, and what to do next.

A pure mapping from the ticket desk's outcomes to a `MessageView` (title, body,
next step, buttons), so every refusal has its own text in az, ru and en, and
the keypad's typing error stays on the keypad screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk_app.domain.checkin import (
    AlreadyUsed,
    BadCheckDigit,
    Cancelled,
    Refusal,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongCentre,
    WrongDay,
)
from kiosk_app.services.kiosk.types import CoolingDown, ServiceUnavailable, StoreUnavailable
from server_sync.kernel.catalogue import Text
from server_sync.kernel.i18n import N_, Translator

# Buttons a message can offer, by the action they trigger.
RETYPE, WALK_IN, HOME, RETRY = "retype", "walk_in", "home", "retry"


@dataclass(frozen=True)
class MessageView:
    kind: str  # "unknown", "wrong_centre", ..., "store": which refusal (for tests and styling)
    title: str
    body: str
    next_step: str
    actions: tuple[tuple[str, str], ...]  # (action, label)


#: Each refusal's words: (title, body, next step), written out so extraction sees them.
_REFUSALS: dict[str, tuple[str, str, str]] = {
    "unknown": (
        N_("kiosk.refusal.unknown.title"),
        N_("kiosk.refusal.unknown.body"),
        N_("kiosk.refusal.unknown.next"),
    ),
    "wrong_centre": (
        N_("kiosk.refusal.wrong_centre.title"),
        N_("kiosk.refusal.wrong_centre.body"),
        N_("kiosk.refusal.wrong_centre.next"),
    ),
    "wrong_day": (
        N_("kiosk.refusal.wrong_day.title"),
        N_("kiosk.refusal.wrong_day.body"),
        N_("kiosk.refusal.wrong_day.next"),
    ),
    "too_early": (
        N_("kiosk.refusal.too_early.title"),
        N_("kiosk.refusal.too_early.body"),
        N_("kiosk.refusal.too_early.next"),
    ),
    "too_late": (
        N_("kiosk.refusal.too_late.title"),
        N_("kiosk.refusal.too_late.body"),
        N_("kiosk.refusal.too_late.next"),
    ),
    "used": (
        N_("kiosk.refusal.used.title"),
        N_("kiosk.refusal.used.body"),
        N_("kiosk.refusal.used.next"),
    ),
    "cancelled": (
        N_("kiosk.refusal.cancelled.title"),
        N_("kiosk.refusal.cancelled.body"),
        N_("kiosk.refusal.cancelled.next"),
    ),
    "store": (
        N_("kiosk.refusal.store.title"),
        N_("kiosk.refusal.store.body"),
        N_("kiosk.refusal.store.next"),
    ),
    "cooling": (
        N_("kiosk.refusal.cooling.title"),
        N_("kiosk.refusal.cooling.body"),
        N_("kiosk.refusal.cooling.next"),
    ),
    "closed": (
        N_("kiosk.refusal.closed.title"),
        N_("kiosk.refusal.closed.body"),
        N_("kiosk.refusal.closed.next"),
    ),
    "no_walk_in": (
        N_("kiosk.refusal.no_walk_in.title"),
        N_("kiosk.refusal.no_walk_in.body"),
        N_("kiosk.refusal.no_walk_in.next"),
    ),
    "not_offered": (
        N_("kiosk.refusal.not_offered.title"),
        N_("kiosk.refusal.not_offered.body"),
        N_("kiosk.refusal.not_offered.next"),
    ),
}
_ACTIONS = {
    RETYPE: N_("kiosk.action.retype"),
    WALK_IN: N_("kiosk.action.walk_in"),
    HOME: N_("kiosk.action.home"),
    RETRY: N_("kiosk.action.retry"),
}


def format_date(tr: Translator, day: date) -> str:
    """`25 noyabr 2026`, `25 ноября 2026 г.`, `25 November 2026` (CLDR month names)."""
    return tr.date(day, tr("common.date.long"))


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def typing_error(tr: Translator, refusal: BadCheckDigit) -> str:
    """The keypad's inline message for a code that cannot be an order code."""
    key = (
        N_("kiosk.code.error.length")
        if refusal.reason in ("length", "empty")
        else N_("kiosk.code.error.check_digit")
    )
    return tr(key)


def refusal_message(
    tr: Translator,
    refusal: Refusal | ServiceUnavailable | StoreUnavailable | CoolingDown,
    *,
    centre_name: Callable[[str], Text | None],
    offer_walk_in_when_late: bool,
    link_down: bool = False,
) -> MessageView:
    """The screen for one refusal in the translator's language."""

    def view(kind: str, actions: tuple[str, ...], **values: object) -> MessageView:
        title, body, next_step = _REFUSALS[kind]
        next_key = str(values.pop("next_key", next_step))
        return MessageView(
            kind,
            tr(title),
            tr(body, **values) if values else tr(body),
            tr(next_key, **values) if values else tr(next_key),
            tuple((a, tr(_ACTIONS[a])) for a in actions),
        )

    match refusal:
        case UnknownCode():
            message = view("unknown", (RETYPE, WALK_IN, HOME))
            if link_down:
                extra = tr("kiosk.refusal.unknown.offline")
                message = MessageView(
                    message.kind,
                    message.title,
                    message.body,
                    f"{message.next_step} {extra}",
                    message.actions,
                )
            return message
        case BadCheckDigit():
            return MessageView(
                "typing",
                tr("kiosk.code.title"),
                typing_error(tr, refusal),
                "",
                ((RETYPE, tr("kiosk.action.retype")),),
            )
        case WrongCentre(centre_id=centre_id):
            name = centre_name(centre_id)
            return view(
                "wrong_centre", (WALK_IN, HOME), centre=name(tr.language) if name else centre_id
            )
        case WrongDay(day=day):
            return view("wrong_day", (WALK_IN, HOME), date=format_date(tr, day))
        case TooEarly(opens_at=opens_at, before_minutes=before_minutes):
            slot = opens_at + timedelta(minutes=before_minutes)
            return view(
                "too_early",
                (HOME,),
                slot=hhmm(slot),
                minutes=before_minutes,
                time=hhmm(opens_at),
            )
        case TooLate(closed_at=closed_at):
            if offer_walk_in_when_late:
                return view(
                    "too_late",
                    (WALK_IN, HOME),
                    time=hhmm(closed_at),
                    next_key=N_("kiosk.refusal.too_late.next_walk_in"),
                )
            return view("too_late", (HOME,), time=hhmm(closed_at))
        case AlreadyUsed():
            return view("used", (HOME,))
        case CoolingDown(seconds=seconds):
            return view("cooling", (WALK_IN, HOME), minutes=max(1, -(-seconds // 60)))
        case Cancelled():
            return view("cancelled", (WALK_IN, HOME))
        case ServiceUnavailable(reason=reason):
            kind = reason if reason in ("closed", "no_walk_in", "not_offered") else "not_offered"
            return view(kind, (WALK_IN, HOME) if kind != "closed" else (HOME,))
        case StoreUnavailable():
            return view("store", (RETRY, HOME))
    raise AssertionError(f"no message for {refusal!r}")  # pragma: no cover
