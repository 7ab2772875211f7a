"""Turning outbox entries into e-mails in the citizen's language.

The order e-mail carries the order code, its QR code as an inline image, the
centre's address, date and time, the check-in rule in plain words and a
calendar (.ics) attachment; the reminder the day before says the same.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from server_sync.i18n import long_date, t
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU
from server_sync.kernel.order_codes import format_order_code
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
    message = _base(sender, to, t("mail_code_subject", language, code=code), "code", now)
    message.set_content(t("mail_code_body", language, code=code, minutes=minutes))
    return message


def checkin_rule(
    catalogue: Catalogue, centre_id: str, service_id: str, day: date, start: str, language: str
) -> str:
    """The check-in rule in plain words, with the window the kiosk enforces for
    this service at this centre (the one wording: e-mail, API and booking page)."""
    starts = datetime.combine(day, time.fromisoformat(start))
    window = catalogue.checkin_window(centre_id, service_id)
    centre = catalogue.centres.get(centre_id)
    return t(
        "checkin_rule",
        language,
        date=long_date(starts.date(), language),
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
    code = format_order_code(facts.order_code)
    starts = datetime.fromisoformat(f"{facts.day_iso}T{facts.start}").replace(tzinfo=BAKU)
    centre = catalogue.centres.get(facts.centre_id)
    service = catalogue.services.get(facts.service_id)
    centre_name = centre.name(language) if centre else facts.centre_id
    address = centre.address(language) if centre else ""
    service_name = service.name(language) if service else facts.service_id
    subject_key, intro_key = {
        "booking_confirmed": ("mail_booked_subject", "mail_booked_intro"),
        "booking_reminder": ("mail_reminder_subject", "mail_reminder_intro"),
        "booking_cancelled": ("mail_cancelled_subject", "mail_cancelled_intro"),
    }[kind]
    message = _base(
        sender,
        to,
        t(subject_key, language, code=code, time=facts.start),
        kind.removeprefix("booking_"),
        now,
    )
    rule = checkin_rule(
        catalogue, facts.centre_id, facts.service_id, starts.date(), facts.start, language
    )
    manage = public_url.rstrip("/") + f"/manage?lang={language}"
    rows = [
        (t("order_code", language), code),
        (t("service", language), service_name),
        (t("centre", language), centre_name),
        (t("address", language), address),
        (t("date", language), long_date(starts.date(), language)),
        (t("time", language), facts.start),
    ]
    greeting = t("mail_greeting", language, name=f"{facts.first_name} {facts.last_name}".strip())
    active = kind != "booking_cancelled"
    lines = [greeting, t(intro_key, language), ""]
    lines += [f"{label}: {value}" for label, value in rows]
    if active:
        lines += ["", rule]
    lines += ["", t("mail_manage", language, url=manage)]
    message.set_content("\n".join(lines))
    if not active:
        return message
    qr_cid = make_msgid(domain="asan-queue.local")
    table = "".join(
        f'<tr><th style="text-align:left;padding:4px 12px 4px 0">{html.escape(label)}</th>'
        f'<td style="padding:4px 0">{html.escape(value)}</td></tr>'
        for label, value in rows
    )
    body = (
        '<html><body style="font-family:Arial,sans-serif;font-size:16px;color:#10243e">'
        f"<p>{html.escape(greeting)}<br>{html.escape(t(intro_key, language))}</p>"
        f'<p style="font-size:28px;font-weight:bold;letter-spacing:2px">{html.escape(code)}</p>'
        f'<p><img src="cid:{qr_cid[1:-1]}" alt="QR {html.escape(code)}" width="200" '
        'height="200"></p>'
        f"<table>{table}</table><p>{html.escape(rule)}</p>"
        f'<p><a href="{html.escape(manage)}">{html.escape(t("manage_link", language))}</a></p>'
        "</body></html>"
    )
    message.add_alternative(body, subtype="html")
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
