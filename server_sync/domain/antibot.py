"""A self-hosted anti-bot check: proof of work, no third-party service (pure).

The server hands out a signed challenge `issued.salt.signature`. The client
looks for a nonce such that SHA-256 of `challenge:email:nonce` starts with
`bits` zero bits (about 2**bits hashes: a fraction of a second for one person,
expensive for a bot sending thousands of e-mails). The challenge is stateless:
its signature proves the server issued it, its time stamp bounds its life,
and tying the work to the e-mail stops one solution being reused for others.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

CHALLENGE_TTL_SECONDS = 600


def _sign(secret: str, body: str) -> str:
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()[:32]


def issue_challenge(secret: str, now: datetime) -> str:
    body = f"{int(now.timestamp())}.{secrets.token_hex(8)}"
    return f"{body}.{_sign(secret, 'pow:' + body)}"


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def work_digest(challenge: str, email: str, nonce: str) -> bytes:
    return hashlib.sha256(f"{challenge}:{email.strip().lower()}:{nonce}".encode()).digest()


def challenge_problem(
    secret: str, challenge: str, email: str, nonce: str, bits: int, now: datetime
) -> str | None:
    """Why the solution is not acceptable, as a reason code, or None."""
    if not challenge or not nonce:
        return "challenge_required"
    parts = challenge.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(nonce) > 64:
        return "challenge_invalid"
    body = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(secret, "pow:" + body), parts[2]):
        return "challenge_invalid"
    age = now.timestamp() - int(parts[0])
    if age < -60 or age > CHALLENGE_TTL_SECONDS:
        return "challenge_expired"
    if leading_zero_bits(work_digest(challenge, email, nonce)) < bits:
        return "challenge_failed"
    return None


def solve(challenge: str, email: str, bits: int, limit: int = 1 << 26) -> str:
    """Find a nonce (what the page's script does); for tests and API clients."""
    for n in range(limit):
        if leading_zero_bits(work_digest(challenge, email, str(n))) >= bits:
            return str(n)
    raise RuntimeError("no nonce found")
