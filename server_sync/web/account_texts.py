"""Labels of the account pages' fields (for labels and the panel of reasons)."""

from __future__ import annotations

from collections.abc import Sequence

from server_sync.domain.refusal_keys import message
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.i18n import N_

ACCOUNT_FIELD_LABELS = {
    "fin": N_("account.field.fin"),
    "login": N_("account.field.login"),
    "password": N_("account.field.password"),
    "password_repeat": N_("account.field.password_repeat"),
    "birth_date": N_("account.field.birth_date"),
    "address": N_("account.field.address"),
    "secret_question": N_("account.field.secret_question"),
    "secret_answer": N_("account.field.secret_answer"),
    "proofs": N_("account.field.proofs"),
    "driving_licence": N_("account.field.driving_licence"),
    "mobile": N_("account.field.mobile"),
    "social_insurance": N_("account.field.social_insurance"),
    "passport": N_("account.field.passport"),
    "channel": N_("account.field.channel"),
    "code": N_("account.field.code"),
    "current_password": N_("account.field.current_password"),
    "new_password": N_("account.field.new_password"),
    "new_password_repeat": N_("account.field.new_password_repeat"),
    "ticket": N_("account.field.ticket"),
    "registry": N_("account.field.registry"),
    "session": N_("account.field.session"),
}
#: The secret questions' words, by question id (`domain.accounts.SECRET_QUESTIONS`).
SECRET_QUESTION_KEYS = {
    "mother_maiden_name": N_("account.question.mother_maiden_name"),
    "first_school": N_("account.question.first_school"),
    "childhood_friend": N_("account.question.childhood_friend"),
    "favourite_book": N_("account.question.favourite_book"),
}
#: Where the panel of reasons links to, when it is not the field's own input.
ANCHORS = {"captcha": "captcha_answer", "registry": "main", "ticket": "main", "session": "main"}


def errors_of(problems: Sequence[FieldProblem], lang: str) -> dict[str, str]:
    """The first reason of each field, in words, in the order found."""
    errors: dict[str, str] = {}
    for p in problems:
        errors.setdefault(p.field, message(p.code, lang))
    return errors
