"""JSON shapes of the account API (…Create in, …Public out)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from server_sync.api.schemas import ShortText


class CaptchaPublic(BaseModel):
    token: str
    image_url: str
    audio_url: str
    expires_at: dt.datetime


class IdentityCheckCreate(BaseModel):
    """Window 1 of registration (seed 004)."""

    id_document: ShortText = Field(
        description="ID card series and number: AZE12345678 or AA1234567"
    )
    fin: ShortText = Field(description="the card's PIN (FIN): 7 digits and Latin letters")
    captcha_token: ShortText
    captcha_answer: ShortText
    language: ShortText | None = None


class IdentityTicketPublic(BaseModel):
    ticket: str = Field(description="carries the checked card to `POST /registrations`")


class ProofsCreate(BaseModel):
    """At least three of the four, each the person's."""

    driving_licence: ShortText = ""
    mobile: ShortText = ""
    social_insurance: ShortText = ""
    passport: ShortText = ""


class RegistrationCreate(BaseModel):
    """Window 2 of registration."""

    ticket: ShortText = Field(max_length=2000)
    login: ShortText
    password: ShortText
    password_repeat: ShortText
    first_name: ShortText
    last_name: ShortText
    father_name: ShortText
    birth_date: ShortText = Field(description="YYYY-MM-DD or DD.MM.YYYY")
    phone: ShortText
    email: ShortText
    address: ShortText
    secret_question: ShortText = Field(description="one of the question ids")
    secret_answer: ShortText
    proofs: ProofsCreate
    language: ShortText | None = None


class PendingAccountPublic(BaseModel):
    activation_ticket: str
    email: str = Field(description="masked")
    mobile: str | None = Field(description="masked; the proof's mobile number")
    channels: list[str]
    email_allowed: bool


class ActivationCodeCreate(BaseModel):
    activation_ticket: ShortText = Field(max_length=2000)
    channel: ShortText = Field(description="email or sms")
    language: ShortText | None = None


class ActivationCreate(BaseModel):
    activation_ticket: ShortText = Field(max_length=2000)
    code: ShortText


class CodeSentPublic(BaseModel):
    expires_at: dt.datetime | None
    message: str


class SessionCreate(BaseModel):
    login: ShortText
    password: ShortText
    captcha_token: ShortText = ""
    captcha_answer: ShortText = ""


class SessionPublic(BaseModel):
    token: str = Field(description="send as `Authorization: Bearer …`")
    token_type: str = "bearer"


class AccountPublic(BaseModel):
    login: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: dt.date
    id_document: str = Field(description="masked")
    phone: str = Field(description="masked")
    email: str = Field(description="masked")
    activation_channel: str | None
    keep_account: bool


class PasswordChange(BaseModel):
    current_password: ShortText
    new_password: ShortText
    new_password_repeat: ShortText


class AccountDeletion(BaseModel):
    password: ShortText


class KeepAccount(BaseModel):
    keep: bool


class ResetCodeCreate(BaseModel):
    login: ShortText
    captcha_token: ShortText
    captcha_answer: ShortText
    language: ShortText | None = None


class PasswordReset(BaseModel):
    login: ShortText
    code: ShortText
    new_password: ShortText
    new_password_repeat: ShortText


class ItemPublic(BaseModel):
    kind: str
    number: str
    title: str
    place: str
    date: dt.date
    time: str
    status: str


class ItemSectionPublic(BaseModel):
    name: str
    title: str
    items: list[ItemPublic]


class ItemsPublic(BaseModel):
    sections: list[ItemSectionPublic]
