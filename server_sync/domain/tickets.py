"""Signed, expiring tickets that carry a wizard's state from one page to the next
without JavaScript and without a server-side row (pure).

A ticket is `base64url(json).issued.signature`: the registration's first step gives
one naming the ID card and FIN the registry confirmed; the second step gives one
naming the new account, for its activation. The HMAC (the service's secret, and a
purpose so one kind of ticket is never taken for another) proves we issued it; the
time stamp bounds its life.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any


class TicketProblem(ValueError):
    """`code` is `ticket_invalid` or `ticket_expired`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _sign(secret: str, purpose: str, body: str) -> str:
    message = f"ticket:{purpose}:{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def issue_ticket(secret: str, purpose: str, data: dict[str, Any], now: datetime) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
    body = f"{payload.decode().rstrip('=')}.{int(now.timestamp())}"
    return f"{body}.{_sign(secret, purpose, body)}"


def read_ticket(
    secret: str, purpose: str, ticket: str, now: datetime, ttl_seconds: int
) -> dict[str, Any]:
    """The ticket's data, or `TicketProblem`."""
    parts = ticket.strip().split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(ticket) > 2000:
        raise TicketProblem("ticket_invalid")
    body = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(secret, purpose, body), parts[2]):
        raise TicketProblem("ticket_invalid")
    age = now.timestamp() - int(parts[1])
    if age < -60 or age > ttl_seconds:
        raise TicketProblem("ticket_expired")
    try:
        padded = parts[0] + "=" * (-len(parts[0]) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
    except ValueError:
        raise TicketProblem("ticket_invalid") from None
    if not isinstance(data, dict):
        raise TicketProblem("ticket_invalid")
    return data
