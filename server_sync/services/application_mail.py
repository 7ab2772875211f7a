"""The e-mails of an application: registered (with its number) and its result."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from server_sync.domain.applications import STATUS_WORDS
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.i18n import N_, Translator
from server_sync.services.mail_render import _base, _render

#: Notice kinds of `Notices.send` whose mail names the agency and the service from the
#: catalogue; subject `mail.<kind>.subject`, body `mail_templates/<kind>.txt`.
APPLICATION_MAIL_KINDS = {
    "application_registered": (
        N_("mail.application_registered.subject"),
        N_("mail.apply.registered.intro"),
    ),
    "application_result": (
        N_("mail.application_result.subject"),
        N_("mail.apply.result.intro"),
    ),
}


def application_mail(
    kind: str,
    sender: str,
    to: str,
    language: str,
    payload: Mapping[str, Any],
    catalogue: Catalogue,
    public_url: str,
    now: datetime,
) -> EmailMessage:
    tr = Translator(language)
    number = str(payload["number"])
    subject_key, intro_key = APPLICATION_MAIL_KINDS[kind]
    service = catalogue.services.get(str(payload.get("service_id", "")))
    agency = catalogue.agencies.get(service.agency_id) if service else None
    message = _base(sender, to, tr(subject_key, number=number), kind, now)
    status = str(payload.get("status", "registered"))
    rows = [
        (tr("apply.number"), number),
        (tr("web.field.agency"), agency.name(language) if agency else ""),
        (tr("web.field.service"), service.name(language) if service else ""),
        (tr("web.status"), tr(STATUS_WORDS.get(status, STATUS_WORDS["registered"]))),
    ]
    if payload.get("reason"):
        rows.append((tr("apply.reason"), str(payload["reason"])))
    message.set_content(
        _render(
            f"{kind}.txt",
            tr,
            intro=tr(intro_key, number=number),
            rows=rows,
            link=public_url.rstrip("/") + f"/account/items?lang={language}",
        )
    )
    return message
