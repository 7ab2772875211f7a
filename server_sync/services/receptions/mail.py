"""The e-mails of reception requests, in the citizen's language."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.wording import long_date

SUBJECTS = {
    "reception_sent": N_("mail.reception.sent.subject"),
    "reception_accepted": N_("mail.reception.accepted.subject"),
    "reception_moved": N_("mail.reception.moved.subject"),
    "reception_closed": N_("mail.reception.closed.subject"),
}
INTROS = {
    "reception_sent": N_("mail.reception.sent.intro"),
    "reception_accepted": N_("mail.reception.accepted.intro"),
    "reception_moved": N_("mail.reception.moved.intro"),
    "reception_closed": N_("mail.reception.closed.intro"),
}


def reception_mail(
    kind: str,
    sender: str,
    to: str,
    language: str,
    payload: dict[str, Any],
    public_url: str,
    now: datetime,
) -> EmailMessage:
    tr = Translator(language)
    day = date.fromisoformat(str(payload["day"]))
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = tr(SUBJECTS[kind], number=payload["number"])
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain="asan-queue.local")
    message["X-Asanq-Kind"] = kind
    number = tr("reception.field.number")
    official = tr("reception.field.official")
    organisation = tr("reception.field.organisation")
    when = tr("reception.field.day")
    comment = tr("reception.field.comment")
    history = tr("reception.history.title")
    lines = [
        tr("reception.mail.greeting", name=payload.get("name", "")),
        "",
        tr(INTROS[kind]),
        "",
        f"{number}: {payload['number']}",
        f"{official}: {payload['official']}",
        f"{organisation}: {payload['organisation']}",
        f"{when}: {long_date(tr, day)}, {payload['start']}",
    ]
    if payload.get("comment"):
        lines.append(f"{comment}: {payload['comment']}")
    link = f"{public_url.rstrip('/')}/receptions/history?lang={language}"
    lines += ["", f"{history}: {link}"]
    message.set_content("\n".join(lines) + "\n")
    return message
