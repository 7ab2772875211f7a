"""Application forms as data (seeds 000 and 001): the catalogue's `form` of a service.

A form lists its fields (name, type, required, limits, choices, help in az/ru/en, a
condition on another field), where an application may be addressed (organisations and
their officials or structural units, seed 000), whether files may be attached, whether
the citizen must be signed in and prove the mobile number by an SMS code (seed 001).
`ApplicationForm.from_dict` refuses a bad form with a message naming the entry, so IT
cannot push one the pages could not render; the one validator is
`server_sync.domain.application_form.validate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from server_sync.kernel.i18n import LANGUAGES

FieldType = Literal[
    "text", "textarea", "name", "fin", "fin_list", "phone", "email", "date", "choice"
]
FIELD_TYPES: tuple[str, ...] = (
    "text",
    "textarea",
    "name",
    "fin",
    "fin_list",
    "phone",
    "email",
    "date",
    "choice",
)
#: Account facts a signed-in citizen's form may be filled with (`prefill`).
PREFILLS = ("first_name", "last_name", "father_name", "phone", "email", "address")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class FormError(ValueError):
    """The form data is inconsistent; the message names the entry."""


@dataclass(frozen=True)
class Words:
    """A text in az/ru/en (Azerbaijani required; the others fall back to it)."""

    az: str
    ru: str = ""
    en: str = ""

    def __call__(self, language: str) -> str:
        value: str = getattr(self, language, "") if language in LANGUAGES else ""
        return value or self.az

    @classmethod
    def read(cls, data: object, where: str, required: bool = True) -> Words:
        if data is None and not required:
            return cls("")
        if not isinstance(data, Mapping) or (required and not str(data.get("az", "")).strip()):
            raise FormError(f"{where}: an Azerbaijani text is required")
        return cls(str(data.get("az", "")), str(data.get("ru", "")), str(data.get("en", "")))

    def to_dict(self) -> dict[str, str]:
        return {"az": self.az, "ru": self.ru, "en": self.en}


@dataclass(frozen=True)
class Choice:
    value: str
    label: Words


@dataclass(frozen=True)
class Condition:
    """The field is asked (and checked) only when `field` has one of `values`."""

    field: str
    values: frozenset[str]


@dataclass(frozen=True)
class FormField:
    name: str
    type: str
    label: Words
    required: bool = True
    help: Words = field(default_factory=lambda: Words(""))
    max_length: int = 200
    choices: tuple[Choice, ...] = ()
    when: Condition | None = None
    prefill: str = ""
    max_items: int = 10

    def choice_values(self) -> frozenset[str]:
        return frozenset(c.value for c in self.choices)


@dataclass(frozen=True)
class Unit:
    """An official (`kind` "official") or a structural unit ("unit") one applies to."""

    id: str
    name: Words
    kind: str = "unit"


@dataclass(frozen=True)
class Organisation:
    """The head office or a regional office ("Sukanal" idarəsi) of the agency."""

    id: str
    name: Words
    units: tuple[Unit, ...]

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


@dataclass(frozen=True)
class ApplicationForm:
    fields: tuple[FormField, ...]
    organisations: tuple[Organisation, ...] = ()
    attachments: bool = False
    max_files: int = 5
    sign_in: bool = False
    phone_proof: bool = False
    #: The field whose value is the mobile number proved by SMS (`phone_proof`).
    phone_field: str = "phone"
    email_field: str = "email"

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def organisation(self, org_id: str) -> Organisation | None:
        return next((o for o in self.organisations if o.id == org_id), None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str) -> ApplicationForm:
        if not isinstance(data, Mapping):
            raise FormError(f"{where}: the form must be an object")
        raw_fields = data.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            raise FormError(f"{where}: a form needs a list of fields")
        fields: list[FormField] = []
        for raw in raw_fields:
            item = _field(raw, where)
            if any(f.name == item.name for f in fields):
                raise FormError(f"{where} field {item.name}: duplicate name")
            fields.append(item)
        names = {f.name for f in fields}
        for f in fields:
            if f.when is not None and (f.when.field not in names or f.when.field == f.name):
                raise FormError(f"{where} field {f.name}: condition on unknown field")
        organisations = tuple(_organisation(o, where) for o in data.get("organisations", []) or [])
        form = cls(
            tuple(fields),
            organisations,
            bool(data.get("attachments", False)),
            _int(data.get("max_files", 5), 1, 20, f"{where} max_files"),
            bool(data.get("sign_in", False)),
            bool(data.get("phone_proof", False)),
            str(data.get("phone_field", "phone")),
            str(data.get("email_field", "email")),
        )
        for key in (form.phone_field, form.email_field):
            if key not in names:
                raise FormError(f"{where}: contact field {key!r} is not in the form")
        return form

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": [_field_dict(f) for f in self.fields],
            "organisations": [
                {
                    "id": o.id,
                    "name": o.name.to_dict(),
                    "units": [
                        {"id": u.id, "name": u.name.to_dict(), "kind": u.kind} for u in o.units
                    ],
                }
                for o in self.organisations
            ],
            "attachments": self.attachments,
            "max_files": self.max_files,
            "sign_in": self.sign_in,
            "phone_proof": self.phone_proof,
            "phone_field": self.phone_field,
            "email_field": self.email_field,
        }


def _int(value: object, low: int, high: int, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise FormError(f"{where}: must be a whole number {low}..{high}")
    return value


def _field(raw: object, where: str) -> FormField:
    if not isinstance(raw, Mapping):
        raise FormError(f"{where}: each field must be an object")
    name = str(raw.get("name", ""))
    if not _NAME.match(name):
        raise FormError(f"{where} field {name!r}: name must be lowercase letters, digits, _")
    here = f"{where} field {name}"
    kind = str(raw.get("type", ""))
    if kind not in FIELD_TYPES:
        raise FormError(f"{here}: unknown type {kind!r}")
    choices = tuple(
        Choice(str(c.get("value", "")), Words.read(c.get("label"), f"{here} choice"))
        for c in raw.get("choices", []) or []
        if isinstance(c, Mapping)
    )
    if kind == "choice" and (not choices or any(not c.value for c in choices)):
        raise FormError(f"{here}: a choice field needs choices with values")
    when = raw.get("when")
    condition = None
    if when is not None:
        if not isinstance(when, Mapping) or not isinstance(when.get("in"), list):
            raise FormError(f"{here}: when is {{field, in: [values]}}")
        condition = Condition(str(when.get("field", "")), frozenset(str(v) for v in when["in"]))
    prefill = str(raw.get("prefill", ""))
    if prefill and prefill not in PREFILLS:
        raise FormError(f"{here}: unknown prefill {prefill!r}")
    return FormField(
        name=name,
        type=kind,
        label=Words.read(raw.get("label"), here),
        required=bool(raw.get("required", True)),
        help=Words.read(raw.get("help"), f"{here} help", required=False),
        max_length=_int(raw.get("max_length", 200), 1, 4000, f"{here} max_length"),
        choices=choices,
        when=condition,
        prefill=prefill,
        max_items=_int(raw.get("max_items", 10), 1, 50, f"{here} max_items"),
    )


def _organisation(raw: object, where: str) -> Organisation:
    if not isinstance(raw, Mapping):
        raise FormError(f"{where}: each organisation must be an object")
    ident = str(raw.get("id", ""))
    if not _ID.match(ident):
        raise FormError(f"{where} organisation {ident!r}: bad id")
    units = []
    for u in raw.get("units", []) or []:
        uid = str(u.get("id", "")) if isinstance(u, Mapping) else ""
        if not _ID.match(uid):
            raise FormError(f"{where} organisation {ident} unit {uid!r}: bad id")
        kind = str(u.get("kind", "unit"))
        if kind not in ("unit", "official"):
            raise FormError(f"{where} unit {uid}: kind is unit or official")
        units.append(Unit(uid, Words.read(u.get("name"), f"{where} unit {uid}"), kind))
    if not units:
        raise FormError(f"{where} organisation {ident}: needs at least one unit")
    return Organisation(ident, Words.read(raw.get("name"), f"{where} organisation"), tuple(units))


def _field_dict(f: FormField) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": f.name,
        "type": f.type,
        "label": f.label.to_dict(),
        "required": f.required,
        "max_length": f.max_length,
    }
    if f.help.az:
        out["help"] = f.help.to_dict()
    if f.choices:
        out["choices"] = [{"value": c.value, "label": c.label.to_dict()} for c in f.choices]
    if f.when is not None:
        out["when"] = {"field": f.when.field, "in": sorted(f.when.values)}
    if f.prefill:
        out["prefill"] = f.prefill
    if f.type == "fin_list":
        out["max_items"] = f.max_items
    return out
