"""The demo identity registry: the people of the `demo_citizens` table
(`asan-queue server prepare-demo` seeds them; README, "Demo people"). A person or a
number not in the table is "no", never "yes"."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from sqlalchemy.engine import Engine

from server_sync.domain.identity_proofs import ProofKind, Verdict
from server_sync.store import account_sql

#: Column of `demo_citizens` holding each proof line.
_COLUMNS = {
    ProofKind.DRIVING_LICENCE: "driving_licence",
    ProofKind.MOBILE: "mobile",
    ProofKind.SOCIAL_INSURANCE: "social_insurance",
    ProofKind.PASSPORT: "passport",
}


def _same(stored: object, given: str) -> bool:
    return isinstance(stored, str) and hmac.compare_digest(stored.encode(), given.encode())


class DemoIdentityRegistry:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _person(self, id_document: str, fin: str) -> Mapping[str, object] | None:
        with self._engine.connect() as conn:
            row = account_sql.demo_person(conn, id_document)
            conn.commit()
        if row is None or not _same(row.fin, fin):
            return None
        return dict(row._mapping)

    def check_person(self, id_document: str, fin: str) -> bool:
        return self._person(id_document, fin) is not None

    def check_proofs(
        self, id_document: str, fin: str, proofs: Mapping[ProofKind, str]
    ) -> dict[ProofKind, Verdict]:
        person = self._person(id_document, fin) or {}
        return {
            kind: Verdict.MATCH if _same(person.get(_COLUMNS[kind]), value) else Verdict.MISMATCH
            for kind, value in proofs.items()
        }
