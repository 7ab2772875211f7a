"""The image captcha (təhlükəsizlik kodu): self-hosted, single-use, expiring, hashed.

A captcha is a signed token `issued.random.signature` put in the form; its answer
(5 digits) is derived from the token with an HMAC of the service's secret, so the
answer is stored nowhere, neither in the page nor in the database. Checking one
marks its token used (a keyed hash of it in `captcha_uses`), right answer or wrong:
each captcha gets one try. Pictures and sounds are rate-limited per client. Used by
registration, by sign-in after failures, by password reset, and as the booking form's
anti-bot check when the browser runs no JavaScript.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.domain.confirmation import keyed_hash
from server_sync.kernel.clock import Clock
from server_sync.services import captcha_media
from server_sync.services.errors import refuse
from server_sync.store import account_sql

DIGITS = 5


@dataclass(frozen=True)
class Captcha:
    token: str
    expires_at: datetime


class CaptchaService:
    def __init__(
        self, engine: Engine, settings: AccountSettings, secret: str, clock: Clock
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._secret = secret
        self._clock = clock

    def _sign(self, body: str) -> str:
        return hmac.new(self._secret.encode(), f"captcha:{body}".encode(), "sha256").hexdigest()[
            :32
        ]

    def issue(self) -> Captcha:
        now = self._clock.now()
        body = f"{int(now.timestamp())}.{secrets.token_hex(12)}"
        return Captcha(
            f"{body}.{self._sign(body)}",
            now + timedelta(minutes=self._settings.captcha_ttl_minutes),
        )

    def answer_of(self, token: str) -> str:
        digest = hmac.new(self._secret.encode(), f"captcha-answer:{token}".encode(), hashlib.sha256)
        return f"{int.from_bytes(digest.digest()[:8], 'big') % 10**DIGITS:0{DIGITS}d}"

    def _problem(self, token: str) -> str | None:
        """Why this token cannot be used (a reason code), or None."""
        parts = token.split(".")
        if len(parts) != 3 or not parts[0].isdigit() or len(token) > 100:
            return "captcha_required"
        if not hmac.compare_digest(self._sign(f"{parts[0]}.{parts[1]}"), parts[2]):
            return "captcha_required"
        age = self._clock.now().timestamp() - int(parts[0])
        if age < -60 or age > self._settings.captcha_ttl_minutes * 60:
            return "captcha_expired"
        return None

    def _token_key(self, token: str) -> str:
        return keyed_hash(self._secret, "captcha-token", token)

    def check(self, token: str, typed: str, client: str, field: str = "captcha") -> None:
        """Accept the answer once, or raise a refusal naming `field`."""
        token = token.strip()
        if not token or not typed.strip():
            raise refuse(422, field, "captcha_required")
        problem = self._problem(token)
        if problem:
            raise refuse(422, field, problem)
        now = self._clock.now()
        with self._engine.begin() as conn:
            if not account_sql.use_captcha(conn, self._token_key(token), now):
                raise refuse(422, field, "captcha_used")
        if not hmac.compare_digest(self.answer_of(token), typed.strip()):
            raise refuse(422, field, "captcha_wrong")

    def _media_allowed(self, token: str, client: str) -> bool:
        if self._problem(token):
            return False
        now = self._clock.now()
        client_key = keyed_hash(self._secret, "client", client)
        with self._engine.begin() as conn:
            if account_sql.captcha_used(conn, self._token_key(token)):
                return False
            since = now - timedelta(hours=1)
            if (
                account_sql.events_since(conn, "captcha", client_key, since)
                >= self._settings.captchas_per_client_per_hour
            ):
                raise refuse(429, "captcha", "too_many_captchas", retry_after=3600)
            account_sql.record_event(conn, "captcha", client_key, now)
        return True

    def image(self, token: str, client: str) -> bytes | None:
        """The PNG of a live captcha, None for an unknown, expired or used one."""
        if not self._media_allowed(token, client):
            return None
        return captcha_media.image_png(self.answer_of(token))

    def audio(self, token: str, language: str, client: str) -> bytes | None:
        if not self._media_allowed(token, client):
            return None
        return captcha_media.audio_wav(self.answer_of(token), language)
