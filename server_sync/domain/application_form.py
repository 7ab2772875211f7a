"""The one validator of application forms (`kernel.forms.ApplicationForm`): pure.

The citizen page and the API both call `validate`; every refusal names its field
(a list's item as `name-N`, 1-based, the id of its own input) and a stable code whose
words are in the catalogue (`domain.refusal_keys`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from server_sync.domain.accounts import check_fin, parse_birth_date
from server_sync.domain.validation import FieldProblem, check_email, check_name, check_phone
from server_sync.kernel.forms import ApplicationForm, FormField

Value = str | list[str]


@dataclass(frozen=True)
class Checked:
    values: dict[str, Value]
    problems: list[FieldProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def asked(form: ApplicationForm, values: Mapping[str, object]) -> list[FormField]:
    """The fields asked with these answers (a conditional field only when it applies)."""
    out = []
    for f in form.fields:
        if f.when is not None:
            other = values.get(f.when.field)
            if not isinstance(other, str) or other.strip() not in f.when.values:
                continue
        out.append(f)
    return out


def validate(
    form: ApplicationForm,
    values: Mapping[str, object],
    destination: tuple[str, str] | None = None,
) -> Checked:
    """Check the answers (strings; a `fin_list` a list of strings) and the destination."""
    cleaned: dict[str, Value] = {}
    problems: list[FieldProblem] = []
    known = {f.name for f in form.fields}
    for key in sorted(values):
        if key not in known:
            problems.append(FieldProblem(key[:80], "unknown_field"))
    if form.organisations:
        problems.extend(_destination(form, destination))
    for f in asked(form, values):
        raw = values.get(f.name)
        if f.type == "fin_list":
            items, found = _fin_list(f, raw)
            problems.extend(found)
            if items:
                cleaned[f.name] = items
            continue
        text = raw if isinstance(raw, str) else ""
        if not isinstance(raw, str | None):
            problems.append(FieldProblem(f.name, "invalid"))
            continue
        if not text.strip():
            if f.required:
                problems.append(FieldProblem(f.name, "required"))
            continue
        try:
            cleaned[f.name] = _one(f, text)
        except FieldProblem as problem:
            problems.append(problem)
    return Checked(cleaned, problems)


def _destination(form: ApplicationForm, destination: tuple[str, str] | None) -> list[FieldProblem]:
    org_id, unit_id = destination or ("", "")
    organisation = form.organisation(org_id)
    if organisation is None:
        return [FieldProblem("organisation", "required" if not org_id else "not_a_choice")]
    if organisation.unit(unit_id) is None:
        return [FieldProblem("unit", "required" if not unit_id else "not_a_choice")]
    return []


def _one(f: FormField, text: str) -> str:
    # Free text is measured as typed; a formatted value (FIN, phone, e-mail, date) after
    # its own rule drops the spaces, so only an absurd length is refused before it.
    limit = f.max_length if f.type in ("text", "textarea", "name") else max(f.max_length, 300)
    if len(text) > limit:
        raise FieldProblem(f.name, "too_long")
    if f.type == "name":
        return check_name(f.name, text)
    if f.type == "fin":
        return check_fin(text, f.name)
    if f.type == "phone":
        return check_phone(text, f.name)
    if f.type == "email":
        return check_email(text, f.name)
    if f.type == "date":
        day = parse_birth_date(text)
        if day is None:
            raise FieldProblem(f.name, "date_format")
        return day.isoformat()
    if f.type == "choice":
        if text.strip() not in f.choice_values():
            raise FieldProblem(f.name, "not_a_choice")
        return text.strip()
    cleaned = text.strip() if f.type == "textarea" else " ".join(text.split())
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in cleaned):
        raise FieldProblem(f.name, "invalid")
    return cleaned


def _fin_list(f: FormField, raw: object) -> tuple[list[str], list[FieldProblem]]:
    items: Sequence[object]
    if raw is None:
        items = []
    elif isinstance(raw, str):
        items = [raw]
    elif isinstance(raw, list):
        items = raw
    else:
        return [], [FieldProblem(f.name, "invalid")]
    problems: list[FieldProblem] = []
    cleaned: list[str] = []
    filled = [(i, x) for i, x in enumerate(items, 1) if not (isinstance(x, str) and not x.strip())]
    if len(filled) > f.max_items:
        return [], [FieldProblem(f.name, "too_many_items")]
    for index, item in filled:
        where = f"{f.name}-{index}"
        if not isinstance(item, str):
            problems.append(FieldProblem(where, "invalid"))
            continue
        try:
            fin = check_fin(item, where)
        except FieldProblem as problem:
            problems.append(problem)
            continue
        if fin in cleaned:
            problems.append(FieldProblem(where, "fin_repeated"))
            continue
        cleaned.append(fin)
    if not filled and f.required:
        problems.append(FieldProblem(f"{f.name}-1", "required"))
    return cleaned, problems
