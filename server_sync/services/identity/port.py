"""The identity-registry port: does this ID card belong to this FIN, and are these
proof numbers the person's? (seed 004, "Sistem tərəfindən məlumatların doğruluğu
avtomatik olaraq yoxlanılır").

Adapters: `HttpIdentityRegistry` (the state registry over HTTP, contract in
`docs/identity-registry.md`) and `DemoIdentityRegistry` (the seeded `demo_citizens`
table). Neither ever answers "yes" without having looked: an adapter that cannot
tell raises `RegistryUnavailable`, which the citizen reads as "try later".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from server_sync.domain.identity_proofs import ProofKind, Verdict


class RegistryUnavailable(Exception):
    """The registry could not answer (down, slow, refused us, or answered nonsense)."""


class IdentityRegistry(Protocol):
    def check_person(self, id_document: str, fin: str) -> bool:
        """True when the ID card (series and number) is a valid card of this FIN."""
        ...

    def check_proofs(
        self, id_document: str, fin: str, proofs: Mapping[ProofKind, str]
    ) -> dict[ProofKind, Verdict]:
        """A verdict for each line given (normalised numbers)."""
        ...
