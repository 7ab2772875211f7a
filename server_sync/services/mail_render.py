"""Turning outbox entries into e-mails in the citizen's language.

The order e-mail carries the order code, its QR code as an inline image, the
centre's address, date and time, the check-in rule in plain words and a
calendar (.ics) attachment; the reminder the day before says the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.order_codes import format_order_code
from server_sync.kernel.wording import long_date
from server_sync.services.attachments import ics_event, qr_png


@dataclass(frozen=True)
class BookingFacts:
    """What an order e-mail says about one booking."""

    order_code: str
    centre_id: str
    service_id: str
    day_iso: str
    start: str
    first_name: str
    last_name: str
    status: str


#: Subject and first line of each kind of booking e-mail.
_KINDS = {
    "booking_confirmed": (N_("mail.order.subject"), N_("mail.order.intro")),
    "booking_reminder": (N_("mail.reminder.subject"), N_("mail.reminder.intro")),
    "booking_cancelled": (N_("mail.cancellation.subject"), N_("mail.cancellation.intro")),
}


@cache
def _templates() -> Environment:
    """Mail bodies are Jinja2 templates (`mail_templates/`): text and HTML parts."""
    return Environment(
        loader=FileSystemLoader(Path(__file__).with_name("mail_templates")),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template: str, tr: Translator, **values: object) -> str:
    return _templates().get_template(template).render(**tr.template_context(), **values)


def _base(sender: str, to: str, subject: str, kind: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain="asan-queue.local")
    message["X-Asanq-Kind"] = kind
    return message


def code_mail(
    sender: str, to: str, language: str, code: str, minutes: int, now: datetime
) -> EmailMessage:
    tr = Translator(language)
    message = _base(sender, to, tr("mail.code.subject", code=code), "code", now)
    message.set_content(_render("code.txt", tr, code=code, minutes=minutes))
    return message


#: The first line of an account code's e-mail, by what the code is for.
_ACCOUNT_INTROS = {
    "activation": N_("mail.account.activation.intro"),
    "reset": N_("mail.account.reset.intro"),
}


def account_code_mail(
    sender: str,
    to: str,
    language: str,
    code: str,
    minutes: int,
    purpose: str,
    subject_key: str,
    now: datetime,
) -> EmailMessage:
    """An account's activation or password-reset code (seed 004)."""
    tr = Translator(language)
    message = _base(sender, to, tr(subject_key, code=code), "account_code", now)
    intro = tr(_ACCOUNT_INTROS.get(purpose, _ACCOUNT_INTROS["activation"]))
    message.set_content(_render("account_code.txt", tr, code=code, minutes=minutes, intro=intro))
    return message


def checkin_rule(
    catalogue: Catalogue, centre_id: str, service_id: str, day: date, start: str, language: str
) -> str:
    """The check-in rule in plain words, with the window the kiosk enforces for
    this service at this centre (the one wording: e-mail, API and booking page)."""
    starts = datetime.combine(day, time.fromisoformat(start))
    window = catalogue.checkin_window(centre_id, service_id)
    centre = catalogue.centres.get(centre_id)
    return Translator(language).gettext(
        "web.checkin_rule",
        date=long_date(Translator(language), starts.date()),
        centre=centre.name(language) if centre else centre_id,
        earliest=window.opens_at(starts).strftime("%H:%M"),
        start=window.closes_at(starts).strftime("%H:%M"),
    )


def booking_mail(
    kind: str,
    sender: str,
    to: str,
    language: str,
    facts: BookingFacts,
    catalogue: Catalogue,
    public_url: str,
    now: datetime,
) -> EmailMessage:
    """`booking_confirmed`, `booking_reminder` or `booking_cancelled`."""
    tr = Translator(language)
    code = format_order_code(facts.order_code)
    starts = datetime.fromisoformat(f"{facts.day_iso}T{facts.start}").replace(tzinfo=BAKU)
    centre = catalogue.centres.get(facts.centre_id)
    service = catalogue.services.get(facts.service_id)
    centre_name = centre.name(language) if centre else facts.centre_id
    address = centre.address(language) if centre else ""
    service_name = service.name(language) if service else facts.service_id
    subject_key, intro_key = _KINDS[kind]
    message = _base(
        sender,
        to,
        tr(subject_key, code=code, time=facts.start),
        kind.removeprefix("booking_"),
        now,
    )
    rule = checkin_rule(
        catalogue, facts.centre_id, facts.service_id, starts.date(), facts.start, language
    )
    manage = public_url.rstrip("/") + f"/manage?lang={language}"
    rows = [
        (tr("common.order_code"), code),
        (tr("web.field.service"), service_name),
        (tr("web.field.centre"), centre_name),
        (tr("web.field.address"), address),
        (tr("web.field.date"), long_date(tr, starts.date())),
        (tr("web.field.time"), facts.start),
    ]
    active = kind != "booking_cancelled"
    parts = {
        "name": f"{facts.first_name} {facts.last_name}".strip(),
        "intro_key": intro_key,
        "rows": rows,
        "active": active,
        "rule": rule,
        "manage": manage,
        # a cancelled booking cannot be cancelled again: its mail offers a new one
        "book": public_url.rstrip("/") + f"/book?lang={language}",
        "code": code,
    }
    message.set_content(_render("booking.txt", tr, **parts))
    if not active:
        return message
    qr_cid = make_msgid(domain="asan-queue.local")
    message.add_alternative(
        _render("booking.html", tr, qr_cid=qr_cid[1:-1], **parts), subtype="html"
    )
    html_part = message.get_payload()[1]  # type: ignore[index]
    assert isinstance(html_part, EmailMessage)
    html_part.add_related(
        qr_png(facts.order_code), "image", "png", cid=qr_cid, filename="sifaris-kodu.png"
    )
    minutes = service.average_minutes if service else 30
    calendar = ics_event(
        f"{facts.order_code}@asan-queue",
        starts,
        minutes,
        f"ASAN: {service_name} ({code})",
        f"{centre_name}, {address}",
        rule,
        now,
    )
    message.add_attachment(
        calendar,
        maintype="text",
        subtype="calendar",
        filename="asan-novbe.ics",
        params={"method": "PUBLISH"},
    )
    return message


def notice_template_names(kind: str) -> tuple[str, str | None]:
    """The text template of a notice `kind` and its HTML one (None when there is none);
    LookupError when the kind has no text template (a bug of the caller)."""
    folder = Path(__file__).with_name("mail_templates")
    if not kind.replace("_", "").isalnum() or not (folder / f"{kind}.txt").is_file():
        raise LookupError(f"no mail template for notice kind {kind!r}")
    html = f"{kind}.html"
    return f"{kind}.txt", html if (folder / html).is_file() else None


def notice_mail(
    kind: str, sender: str, to: str, language: str, payload: dict[str, object], now: datetime
) -> EmailMessage:
    """A notice of `kind` (`Notices.send`): subject `mail.<kind>.subject`, bodies
    `mail_templates/<kind>.txt` (and `.html`), the payload's fields as their values."""
    tr = Translator(language)
    text_name, html_name = notice_template_names(kind)
    subject_key = f"mail.{kind}.subject"  # each kind's own msgid, marked where it is defined
    message = _base(sender, to, tr(subject_key, **payload), kind, now)
    message.set_content(_render(text_name, tr, **payload))
    if html_name is not None:
        message.add_alternative(_render(html_name, tr, **payload), subtype="html")
    return message
