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
from kiosk_app.i18n import Translator
from kiosk_app.services.kiosk.types import ServiceUnavailable, StoreUnavailable
from server_sync.kernel.catalogue import Text

# Buttons a message can offer, by the action they trigger.
RETYPE, WALK_IN, HOME, RETRY = "retype", "walk_in", "home", "retry"


@dataclass(frozen=True)
class MessageView:
    kind: str  # "unknown", "wrong_centre", ..., "store": which refusal (for tests and styling)
    title: str
    body: str
    next_step: str
    actions: tuple[tuple[str, str], ...]  # (action, label)


def format_date(tr: Translator, day: date) -> str:
    """`25 noyabr 2026`, `25 ноября 2026 г.`, `25 November 2026`."""
    return tr("date.format", day=day.day, month=tr(f"month.{day.month}"), year=day.year)


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def typing_error(tr: Translator, refusal: BadCheckDigit) -> str:
    """The keypad's inline message for a code that cannot be an order code."""
    key = "code.error.length" if refusal.reason in ("length", "empty") else "code.error.check_digit"
    return tr(key)


def refusal_message(
    tr: Translator,
    refusal: Refusal | ServiceUnavailable | StoreUnavailable,
    *,
    centre_name: Callable[[str], Text | None],
    offer_walk_in_when_late: bool,
    link_down: bool = False,
) -> MessageView:
    """The screen for one refusal in the translator's language."""

    def view(kind: str, actions: tuple[str, ...], **values: object) -> MessageView:
        next_key = values.pop("next_key", f"refusal.{kind}.next")
        return MessageView(
            kind,
            tr(f"refusal.{kind}.title"),
            tr(f"refusal.{kind}.body", **values) if values else tr(f"refusal.{kind}.body"),
            tr(str(next_key), **values) if values else tr(str(next_key)),
            tuple((a, tr(f"action.{a}")) for a in actions),
        )

    match refusal:
        case UnknownCode():
            message = view("unknown", (RETYPE, WALK_IN, HOME))
            if link_down:
                extra = tr("refusal.unknown.offline")
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
                tr("code.title"),
                typing_error(tr, refusal),
                "",
                ((RETYPE, tr("action.retype")),),
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
                    next_key="refusal.too_late.next_walk_in",
                )
            return view("too_late", (HOME,), time=hhmm(closed_at))
        case AlreadyUsed():
            return view("used", (HOME,))
        case Cancelled():
            return view("cancelled", (WALK_IN, HOME))
        case ServiceUnavailable(reason=reason):
            kind = reason if reason in ("closed", "no_walk_in", "not_offered") else "not_offered"
            return view(kind, (WALK_IN, HOME) if kind != "closed" else (HOME,))
        case StoreUnavailable():
            return view("store", (RETRY, HOME))
    raise AssertionError(f"no message for {refusal!r}")  # pragma: no cover
