"""Per-service intake fields: the hook for extra questions on the booking form.

Seed 003's form is the same for every service. Agencies' own applications
(seeds 000 and 001: application type, reason, address, FIN codes of household
members, attached files) add fields per service. A booking request carries
them in `extra` (a JSON object) and the engine asks an `IntakeForm` to check
them; the cleaned values are stored with the booking as JSON. A later issue
plugs in a form driven by a per-service field list in the catalogue (name,
kind, required, max length, allowed values) and stores attachments in their own
table referenced from `extra` by id; neither the booking rows nor the
reservation logic change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from server_sync.domain.validation import FieldProblem


class IntakeForm(Protocol):
    """Checks the extra fields of one service; returns cleaned values and problems."""

    def check(
        self, service_id: str, extra: Mapping[str, object]
    ) -> tuple[dict[str, str], list[FieldProblem]]: ...


class NoExtraFields:
    """Today's form: no service asks for more than the seed-003 fields."""

    def check(
        self, service_id: str, extra: Mapping[str, object]
    ) -> tuple[dict[str, str], list[FieldProblem]]:
        return {}, [FieldProblem(f"extra.{key}"[:80], "unknown_field") for key in sorted(extra)]
