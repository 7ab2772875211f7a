"""How a citizen hears of an application: the `ApplicationNotices` port.

It is the shape of `server_sync.services.notify.Notices.send` (the durable SMS outbox
and the mail outbox, in the caller's transaction), which the composition root passes.
The SMS texts are `sms.<kind>`; the e-mails `mail_templates/<kind>.txt`, rendered with
the catalogue's names by `application_mail`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from server_sync.kernel.i18n import N_

#: The SMS text of each kind (marked here for the catalogue; `Notices` looks them up).
SMS_KEYS = {
    "application_registered": N_("sms.application_registered"),
    "application_result": N_("sms.application_result"),
    "phone_code": N_("sms.phone_code"),
}


class ApplicationNotices(Protocol):
    sms_enabled: bool

    def send(
        self,
        conn: sa.Connection,
        *,
        kind: str,
        language: str,
        email: str | None,
        phone: str | None,
        payload: Mapping[str, Any],
        now: datetime,
    ) -> None:
        """Queue the e-mail and the SMS of `kind` in the caller's transaction."""
        ...
