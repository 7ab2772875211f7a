"""The identity-registry port and its adapters; `registry_from_settings` picks one."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy.engine import Engine

from server_sync.config import IdentitySettings
from server_sync.domain.identity_proofs import ProofKind, Verdict
from server_sync.services.identity.demo import DemoIdentityRegistry
from server_sync.services.identity.http import HttpIdentityRegistry
from server_sync.services.identity.port import IdentityRegistry, RegistryUnavailable

log = logging.getLogger("asanq.identity")


class UnconfiguredRegistry:
    """No `identity.url` outside the demo: every check is "registry unavailable"."""

    def check_person(self, id_document: str, fin: str) -> bool:
        log.error("identity.url is not set: registration cannot check identities")
        raise RegistryUnavailable("identity.url is not set")

    def check_proofs(
        self, id_document: str, fin: str, proofs: Mapping[ProofKind, str]
    ) -> dict[ProofKind, Verdict]:
        raise RegistryUnavailable("identity.url is not set")


def registry_from_settings(
    settings: IdentitySettings, engine: Engine, demo: bool
) -> IdentityRegistry:
    """The HTTP registry at `identity.url`; without one, the demo table in the demo and
    `UnconfiguredRegistry` elsewhere (never a registry that says yes)."""
    if settings.url:
        return HttpIdentityRegistry(settings.url, settings.timeout_s, settings.token)
    if demo:
        return DemoIdentityRegistry(engine)
    return UnconfiguredRegistry()


__all__ = [
    "DemoIdentityRegistry",
    "HttpIdentityRegistry",
    "IdentityRegistry",
    "RegistryUnavailable",
    "UnconfiguredRegistry",
    "registry_from_settings",
]
