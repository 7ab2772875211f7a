"""Registration in the seed's three windows (seed 004, 3.1):

1. ID card series and number, PIN (FİN) and the security code (captcha): the
   identity registry confirms the card is the FIN's; a signed ticket carries them on.
2. Login and password, personal and contact data, a secret question and answer, and
   "Şəxsiyyətin doğruluğunun təsdiqlənməsi": at least three of four numbers, each
   line checked by the registry, each wrong line with its own message. The account
   is stored, not yet active.
3. Activation by an e-mail code (the address's domain must be allowed,
   `accounts.activation_email_domains`) or an SMS code to the mobile number of the
   proof; the code typed in activates the account.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.domain import accounts as rules
from server_sync.domain.confirmation import keyed_hash
from server_sync.domain.identity_proofs import ProofKind, check_proofs, judge_verdicts
from server_sync.domain.tickets import TicketProblem, issue_ticket, read_ticket
from server_sync.domain.validation import FieldProblem, check_email, check_id_document, check_name
from server_sync.domain.validation import check_phone as check_contact_phone
from server_sync.kernel.clock import Clock
from server_sync.services.accounts.codes import AccountCodes
from server_sync.services.accounts.hashing import SecretHasher
from server_sync.services.captcha import CaptchaService
from server_sync.services.errors import Refusal, refuse
from server_sync.services.identity.port import IdentityRegistry, RegistryUnavailable
from server_sync.store import account_sql

IDENTITY_TICKET = "registration-identity"
ACTIVATION_TICKET = "registration-activation"
#: Answered when the registry cannot be asked: a 4xx "try later", never a guess.
REGISTRY_DOWN_STATUS = 424


@dataclass(frozen=True)
class RegistrationForm:
    """The second window as typed (strings)."""

    login: str = ""
    password: str = ""
    password_repeat: str = ""
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    birth_date: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    secret_question: str = ""
    secret_answer: str = ""
    proofs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PendingAccount:
    """What the activation window shows: masked addresses and the allowed channels."""

    ticket: str
    citizen_id: int
    email: str
    mobile: str | None
    channels: tuple[str, ...]
    email_allowed: bool


def _registry_down() -> Refusal:
    return refuse(REGISTRY_DOWN_STATUS, "registry", "registry_unavailable", retry_after=60)


class Registration:
    def __init__(
        self,
        engine: Engine,
        registry: IdentityRegistry,
        captcha: CaptchaService,
        hasher: SecretHasher,
        codes: AccountCodes,
        settings: AccountSettings,
        secret: str,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._registry = registry
        self._captcha = captcha
        self._hasher = hasher
        self._codes = codes
        self._settings = settings
        self._secret = secret
        self._clock = clock

    def _ticket(self, purpose: str, ticket: str) -> dict[str, Any]:
        try:
            return read_ticket(
                self._secret, purpose, ticket, self._clock.now(), self._settings.ticket_minutes * 60
            )
        except TicketProblem as problem:
            raise refuse(422, "ticket", problem.code) from None

    def identity_of(self, ticket: str) -> tuple[str, str]:
        """The ID card and FIN an identity ticket carries (shown in window 2)."""
        data = self._ticket(IDENTITY_TICKET, ticket)
        return str(data["doc"]), str(data["fin"])

    def verify_identity(
        self, id_document: str, fin: str, captcha_token: str, captcha_answer: str, client: str
    ) -> str:
        """Window 1: returns the identity ticket for window 2."""
        problems: list[FieldProblem] = []
        document = _run(problems, lambda: check_id_document(id_document))
        pin = _run(problems, lambda: rules.check_fin(fin))
        if problems:
            raise Refusal(422, problems)
        self._captcha.check(captcha_token, captcha_answer, client)
        try:
            known = self._registry.check_person(document, pin)
        except RegistryUnavailable:
            raise _registry_down() from None
        if not known:
            raise refuse(422, "fin", "person_not_found")
        with self._engine.connect() as conn:
            taken = account_sql.fin_taken(conn, self._fin_key(pin))
            conn.commit()
        if taken:
            raise refuse(422, "fin", "already_registered")
        return issue_ticket(
            self._secret, IDENTITY_TICKET, {"doc": document, "fin": pin}, self._clock.now()
        )

    def _fin_key(self, fin: str) -> str:
        return keyed_hash(self._secret, "fin", fin)

    def register(self, ticket: str, form: RegistrationForm, language: str) -> PendingAccount:
        """Window 2: the account stored (inactive); raises with every problem at once."""
        document, fin = self.identity_of(ticket)
        today = self._clock.now().date()
        problems: list[FieldProblem] = []
        login = _run(problems, lambda: rules.check_login(form.login))
        password = _run(problems, lambda: rules.check_password(form.password, form.login))
        if password:
            _run(problems, lambda: rules.check_password_repeat(password, form.password_repeat))
        names = {
            f: _run(problems, partial(check_name, f, getattr(form, f)))
            for f in ("first_name", "last_name", "father_name")
        }
        birth = _run(problems, lambda: rules.check_birth_date(form.birth_date, today))
        phone = _run(problems, lambda: check_contact_phone(form.phone))
        email = _run(problems, lambda: check_email(form.email))
        address = _run(problems, lambda: rules.check_address(form.address))
        question = _run(problems, lambda: rules.check_secret_question(form.secret_question))
        answer = _run(problems, lambda: rules.check_secret_answer(form.secret_answer))
        proofs, proof_problems = check_proofs(form.proofs)
        problems += proof_problems
        if problems:
            raise Refusal(422, problems)
        key = rules.login_key(login)
        with self._engine.connect() as conn:
            if account_sql.login_taken(conn, key):
                problems.append(FieldProblem("login", "login_taken"))
            if account_sql.fin_taken(conn, self._fin_key(fin)):
                problems.append(FieldProblem("fin", "already_registered"))
            conn.commit()
        if problems:
            raise Refusal(422, problems)
        try:
            verdicts = self._registry.check_proofs(document, fin, proofs.lines)
        except RegistryUnavailable:
            raise _registry_down() from None
        problems = judge_verdicts(proofs, verdicts)
        if problems:
            raise Refusal(422, problems)
        now = self._clock.now()
        mobile = proofs.lines.get(ProofKind.MOBILE)
        values = {
            "login": login,
            "login_key": key,
            "password_hash": self._hasher.hash(password),
            "fin_key": self._fin_key(fin),
            "id_document": document,
            **names,
            "birth_date": birth,
            "phone": phone,
            "email": email,
            "address": address,
            "secret_question": question,
            "secret_answer_hash": self._hasher.hash(answer),
            "proof_mobile": mobile,
            "language": language,
            "created_at": now,
            "last_active_at": now,
        }
        try:
            with self._engine.begin() as conn:
                account_sql.drop_unactivated(conn, values["fin_key"], key)
                citizen_id = account_sql.insert_citizen(conn, values)
        except sa.exc.IntegrityError:  # the same login or person registered a moment ago
            raise refuse(422, "login", "login_taken") from None
        return self.pending(self._activation_ticket(citizen_id, now))

    def _activation_ticket(self, citizen_id: int, now: datetime) -> str:
        return issue_ticket(self._secret, ACTIVATION_TICKET, {"cid": citizen_id}, now)

    def _pending_citizen(self, ticket: str) -> Any:
        data = self._ticket(ACTIVATION_TICKET, ticket)
        with self._engine.connect() as conn:
            row = account_sql.find_citizen(conn, int(data.get("cid", 0)))
            conn.commit()
        if row is None:
            raise refuse(422, "ticket", "ticket_invalid")
        if row.activated_at is not None:
            raise refuse(409, "ticket", "already_active")
        return row

    def pending(self, ticket: str) -> PendingAccount:
        row = self._pending_citizen(ticket)
        return PendingAccount(
            ticket,
            int(row.id),
            str(row.email),
            row.proof_mobile,
            tuple(self._settings.activation_channels),
            rules.email_domain_allowed(row.email, self._settings.activation_email_domains),
        )

    def send_activation_code(self, ticket: str, channel: str, language: str) -> datetime:
        """Window 3, "kodu göndər": the code by the chosen channel."""
        row = self._pending_citizen(ticket)
        try:
            rules.check_channel(channel)
        except FieldProblem as problem:
            raise Refusal(422, [problem]) from None
        if channel not in self._settings.activation_channels:
            raise refuse(422, "channel", "channel_off")
        if channel == "email" and not rules.email_domain_allowed(
            row.email, self._settings.activation_email_domains
        ):
            raise refuse(422, "channel", "email_domain")
        if channel == "sms" and not row.proof_mobile:
            raise refuse(422, "channel", "sms_needs_mobile_proof")
        with self._engine.begin() as conn:
            return self._codes.send(conn, row, "activation", channel, language)

    def activate(self, ticket: str, code: str) -> int:
        """Window 3: the code typed in activates the account; returns its id."""
        row = self._pending_citizen(ticket)
        channel = self._codes.use(int(row.id), "activation", code)
        with self._engine.begin() as conn:
            if not account_sql.activate(conn, int(row.id), channel, self._clock.now()):
                raise refuse(409, "ticket", "already_active")
        return int(row.id)


def _run(problems: list[FieldProblem], check: Callable[[], Any]) -> Any:
    try:
        return check()
    except FieldProblem as problem:
        problems.append(problem)
        return ""
