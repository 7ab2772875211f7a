"""The state identity registry over HTTP (`docs/identity-registry.md`).

Two JSON calls, each with `identity.timeout_s` and a bearer token:
`POST {url}/v1/persons/check` and `POST {url}/v1/persons/proofs`. Anything but a
well-formed 200 answer (a timeout, a refused connection, 4xx, 5xx, a body without
the fields, a verdict missing for a line) is `RegistryUnavailable`: the adapter never
guesses, and a line it has no verdict for is never taken as right.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import requests

from server_sync.domain.identity_proofs import ProofKind, Verdict
from server_sync.services.http_adapter import BearerJsonClient
from server_sync.services.identity.port import RegistryUnavailable

log = logging.getLogger("asanq.identity")


class HttpIdentityRegistry(BearerJsonClient):
    default_timeout_s = 5.0

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._session.post(
                self._base + path, json=body, headers=self._headers, timeout=self._timeout
            )
        except requests.RequestException as exc:
            log.warning("identity registry unreachable: %s", type(exc).__name__)
            raise RegistryUnavailable(type(exc).__name__) from None
        if response.status_code != 200:
            level = logging.ERROR if 400 <= response.status_code < 500 else logging.WARNING
            log.log(level, "identity registry answered HTTP %d on %s", response.status_code, path)
            raise RegistryUnavailable(f"HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            log.warning("identity registry answered no JSON on %s", path)
            raise RegistryUnavailable("not JSON") from None
        if not isinstance(data, dict):
            raise RegistryUnavailable("not a JSON object")
        return data

    def check_person(self, id_document: str, fin: str) -> bool:
        data = self._post("/v1/persons/check", {"id_document": id_document, "fin": fin})
        match = data.get("match")
        if not isinstance(match, bool):
            log.warning("identity registry: no boolean `match` in the answer")
            raise RegistryUnavailable("no match field")
        return match

    def check_proofs(
        self, id_document: str, fin: str, proofs: Mapping[ProofKind, str]
    ) -> dict[ProofKind, Verdict]:
        body = {
            "id_document": id_document,
            "fin": fin,
            "proofs": {kind.value: value for kind, value in proofs.items()},
        }
        lines = self._post("/v1/persons/proofs", body).get("lines")
        if not isinstance(lines, dict):
            raise RegistryUnavailable("no lines in the answer")
        verdicts: dict[ProofKind, Verdict] = {}
        for kind in proofs:
            word = lines.get(kind.value)
            if word not in (Verdict.MATCH.value, Verdict.MISMATCH.value):
                log.warning("identity registry: no verdict for %s", kind.value)
                raise RegistryUnavailable(f"no verdict for {kind.value}")
            verdicts[kind] = Verdict(word)
        return verdicts
