"""Where e-mail goes: an SMTP server (stdlib `smtplib`) or a folder of `.eml` files.

The demo uses the folder: each message is a file the user can open in any mail
program. Both raise `MailError` for failures worth retrying.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from server_sync.config import SmtpSettings


class MailError(Exception):
    """Sending failed; the outbox will try again later."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    """Sends through the SMTP server of the settings (STARTTLS/SSL, login)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._s = settings

    def send(self, message: EmailMessage) -> None:
        s = self._s
        try:
            smtp: smtplib.SMTP
            if s.ssl:
                smtp = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout_s, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)
            with smtp:
                if s.starttls and not s.ssl:
                    smtp.starttls(context=ssl.create_default_context())
                if s.username:
                    smtp.login(s.username, s.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}") from exc


class DirectoryMailer:
    """Writes each message as `<n>-<kind>.eml` into a folder (the demo's outbox)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._lock:
                number = len(list(self.folder.glob("*.eml"))) + 1
                kind = str(message.get("X-Asanq-Kind", "mail"))
                path = self.folder / f"{number:05d}-{kind}.eml"
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(message.as_bytes())
                tmp.replace(path)
        except OSError as exc:
            raise MailError(str(exc)) from exc


def mailer_from_settings(settings: SmtpSettings) -> Mailer:
    if settings.outbox_dir:
        return DirectoryMailer(Path(settings.outbox_dir))
    return SmtpMailer(settings)
