"""A signed session cookie `username|expires|hmac`: made and read in one place for
every staff sign-in (IT users, reception secretaries). `purpose` keeps one kind's
cookie from opening another's pages."""

from __future__ import annotations

import hashlib
import hmac


def _signature(secret: str, purpose: str, username: str, expires: int) -> str:
    message = f"{purpose}|{username}|{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def make_cookie(secret: str, purpose: str, username: str, expires: int) -> str:
    return f"{username}|{expires}|{_signature(secret, purpose, username, expires)}"


def cookie_user(secret: str, purpose: str, cookie: str | None, now_epoch: int) -> str | None:
    """The signed-in user of a session cookie, or None (missing, forged, expired)."""
    if not cookie or cookie.count("|") != 2:
        return None
    username, expires_text, signature = cookie.split("|")
    if not expires_text.isdigit() or int(expires_text) < now_epoch:
        return None
    expected = _signature(secret, purpose, username, int(expires_text))
    return username if hmac.compare_digest(expected, signature) else None
