"""Proving that the ID card is one's own (seed 004, "Şəxsiyyətin doğruluğunun
təsdiqlənməsi"): at least three of four document numbers, each line checked on its
own, each wrong line with its own message (pure).

The registry's verdicts come from the identity-registry port; this module only
says which lines are well formed, whether enough were given, and what a set of
verdicts means for the citizen.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from server_sync.domain.validation import FieldProblem, check_phone

MIN_PROOFS = 3
_DRIVING_LICENCE = re.compile(r"^[A-Z]{2}\d{6}$")
_PASSPORT = re.compile(r"^[A-Z]\d{8}$")
_SOCIAL_INSURANCE = re.compile(r"^\d{13}$")


class ProofKind(enum.StrEnum):
    """The four numbers, in the seed's order; the value is the form field's name."""

    DRIVING_LICENCE = "driving_licence"
    MOBILE = "mobile"
    SOCIAL_INSURANCE = "social_insurance"
    PASSPORT = "passport"


class Verdict(enum.StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"


#: Reason code of a line that is well formed but is not the person's (per line, so
#: each wrong line gets its own words).
MISMATCH_CODES: Mapping[ProofKind, str] = {
    ProofKind.DRIVING_LICENCE: "driving_licence_mismatch",
    ProofKind.MOBILE: "mobile_mismatch",
    ProofKind.SOCIAL_INSURANCE: "social_insurance_mismatch",
    ProofKind.PASSPORT: "passport_mismatch",
}


def _compact(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


def check_proof_line(kind: ProofKind, value: str) -> str:
    """The line's number normalised, or `FieldProblem` naming the line."""
    field = kind.value
    if kind is ProofKind.MOBILE:
        return check_phone(value, field)
    cleaned = _compact(value)
    pattern = {
        ProofKind.DRIVING_LICENCE: _DRIVING_LICENCE,
        ProofKind.SOCIAL_INSURANCE: _SOCIAL_INSURANCE,
        ProofKind.PASSPORT: _PASSPORT,
    }[kind]
    if not pattern.match(cleaned):
        raise FieldProblem(field, f"{field}_format")
    return cleaned


@dataclass(frozen=True)
class CheckedProofs:
    """The lines given, normalised; empty when a line was left out."""

    lines: dict[ProofKind, str]


def check_proofs(typed: Mapping[str, str]) -> tuple[CheckedProofs, list[FieldProblem]]:
    """Every given line checked for form; fewer than three given is its own problem."""
    lines: dict[ProofKind, str] = {}
    problems: list[FieldProblem] = []
    given = 0
    for kind in ProofKind:
        value = typed.get(kind.value, "")
        if not value.strip():
            continue
        given += 1
        try:
            lines[kind] = check_proof_line(kind, value)
        except FieldProblem as problem:
            problems.append(problem)
    if given < MIN_PROOFS:
        problems.insert(0, FieldProblem("proofs", "proofs_too_few"))
    return CheckedProofs(lines), problems


def judge_verdicts(
    proofs: CheckedProofs, verdicts: Mapping[ProofKind, Verdict]
) -> list[FieldProblem]:
    """What the registry's answers mean: every line given must be the person's (a
    line without a verdict is not taken as right), and at least three must be."""
    problems = [
        FieldProblem(kind.value, MISMATCH_CODES[kind])
        for kind in proofs.lines
        if verdicts.get(kind) is not Verdict.MATCH
    ]
    right = sum(1 for kind in proofs.lines if verdicts.get(kind) is Verdict.MATCH)
    if right < MIN_PROOFS and not problems:
        problems.append(FieldProblem("proofs", "proofs_too_few"))
    return problems
