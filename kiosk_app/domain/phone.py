"""A phone typed at the kiosk: the booking form's rule (`check_phone`), in the
message ids the kiosk shows."""

from __future__ import annotations

from server_sync.domain.validation import FieldProblem, check_phone


def phone_problem(typed: str) -> str | None:
    """The message id of what is wrong with a typed mobile number, or None."""
    try:
        check_phone(typed)
    except FieldProblem as problem:
        return f"booking.error.{problem.code}"
    return None
