"""The one refusal type services raise; the API and the pages render it."""

from __future__ import annotations

from collections.abc import Sequence

from server_sync.domain.validation import FieldProblem


class Refusal(Exception):
    """A request refused for reasons the citizen can act on.

    `status` is the HTTP status the API answers with (404, 409, 422, 429);
    `problems` name the field and reason code of each problem.
    """

    def __init__(
        self, status: int, problems: Sequence[FieldProblem], retry_after: int | None = None
    ) -> None:
        super().__init__(", ".join(str(p) for p in problems))
        self.status = status
        self.problems = list(problems)
        self.retry_after = retry_after


def refuse(status: int, field: str, code: str, retry_after: int | None = None) -> Refusal:
    return Refusal(status, [FieldProblem(field, code)], retry_after)


class LocalisedRefusal(Refusal):
    """A refusal whose messages must be in `language` (chosen in the request body)."""

    def __init__(self, refusal: Refusal, language: str) -> None:
        super().__init__(refusal.status, refusal.problems, refusal.retry_after)
        self.language = language
