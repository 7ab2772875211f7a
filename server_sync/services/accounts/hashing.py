"""Hashing a citizen's secrets (password, secret answer) with argon2id.

A port with one adapter: tests wrap it to count how many passwords were evaluated
(the lock-out's promise is about that number).
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class SecretHasher(Protocol):
    def hash(self, secret: str) -> str: ...

    def verify(self, hashed: str, secret: str) -> bool:
        """True when `secret` is the one `hashed` was made from."""
        ...

    def waste(self, secret: str) -> None:
        """Spend the time of a verification (an unknown login answers as slowly)."""
        ...


class Argon2Hasher:
    """argon2id with the library's default (RFC 9106 low-memory) parameters."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._dummy = self._hasher.hash("not-a-real-password-1")

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, hashed: str, secret: str) -> bool:
        try:
            return bool(self._hasher.verify(hashed, secret))
        except (VerificationError, InvalidHashError):
            return False

    def waste(self, secret: str) -> None:
        with contextlib.suppress(VerificationError, InvalidHashError):
            self._hasher.verify(self._dummy, secret)
