"""The HTTP API's JSON shapes, named by role (…Create for input, …Public for output)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

_NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\ud800-\udfff]")


def _plain_text(value: str) -> str:
    """Refuse text no form could hold: control characters and lone surrogates."""
    if _NOT_TEXT.search(value):
        raise ValueError("text contains characters that are not allowed")
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_plain_text)]


class LocalText(BaseModel):
    az: str
    ru: str
    en: str


class AgencyPublic(BaseModel):
    id: str
    name: LocalText


class ServicePublic(BaseModel):
    id: str
    agency: str
    name: LocalText
    average_minutes: int
    bookable_online: bool


class CentrePublic(BaseModel):
    id: str
    name: LocalText
    address: LocalText
    timezone: str
    services: list[str]
    hours: dict[str, list[list[str]]]
    holidays: list[str]


class CataloguePublic(BaseModel):
    version: int
    agencies: list[AgencyPublic]
    services: list[ServicePublic]
    centres: list[CentrePublic]


class SlotPublic(BaseModel):
    time: str = Field(description="start, HH:MM Asia/Baku")
    end: str
    capacity: int
    free: int


class SlotsPublic(BaseModel):
    centre: str
    service: str
    date: dt.date
    timezone: str = "Asia/Baku"
    slots: list[SlotPublic]


class ChallengePublic(BaseModel):
    enabled: bool
    challenge: str
    difficulty_bits: int
    algorithm: str = "sha256(challenge:email:nonce) has difficulty_bits leading zero bits"


class ConfirmationCodeCreate(BaseModel):
    email: ShortText
    language: ShortText | None = None
    challenge: ShortText | None = None
    nonce: ShortText | None = None


class ConfirmationCodeSent(BaseModel):
    email: str
    expires_at: dt.datetime
    ttl_minutes: int
    message: str


class BookingCreate(BaseModel):
    """The seed-003 form: Ad, Soyad, Ata adı, Ş/V, Telefon, E-poçt, Xidmət, Mərkəz,
    Tarix, Saat, Təsdiqedici şifrə."""

    first_name: ShortText
    last_name: ShortText
    father_name: ShortText
    id_document: ShortText
    phone: ShortText
    email: ShortText
    centre: ShortText
    service: ShortText
    date: ShortText = Field(description="YYYY-MM-DD, at least one day ahead (Asia/Baku)")
    time: ShortText = Field(description="HH:MM, one of the slots")
    confirmation_code: ShortText
    language: ShortText | None = None
    extra: dict[Annotated[str, Field(max_length=64)], ShortText] | None = Field(
        None, description="per-service intake fields (none are defined yet)"
    )
    application: Annotated[str, Field(max_length=40)] | None = Field(
        None,
        description="the number of an agency application this visit is for "
        "(AZERSU-2026-000042); it must be the booker's (same account or same e-mail), "
        "of this service and still open. The counter opens it when it calls the ticket.",
    )


class BookingPublic(BaseModel):
    order_code: str
    status: str
    centre: str
    service: str
    date: dt.date
    time: str
    centre_name: str
    centre_address: str
    service_name: str
    checkin_rule: str
    qr_code_url: str
    language: str


class ProblemPublic(BaseModel):
    field: str
    code: str
    message: str


class ErrorsPublic(BaseModel):
    """Every refusal: 404, 409, 422, 429 (with Retry-After)."""

    errors: list[ProblemPublic]
