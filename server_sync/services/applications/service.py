"""Agency applications (seeds 000, 001): register, list, show, decide, purge.

`submit` validates with the one validator (`domain.application_form.validate`),
takes the gap-free number in the same transaction as the row, its file rows and the
"registered" notices, so a refused or failed application leaves no number used and
no message queued. Files were staged while the request streamed in
(`files.Incoming`); they are adopted under their content hash before the row is
written and removed when the application is purged and no other names them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import ApplicationSettings
from server_sync.domain.application_form import validate
from server_sync.domain.applications import (
    NEXT,
    REFUSED,
    STATUS_WORDS,
    is_open,
    registration_number,
)
from server_sync.domain.confirmation import keyed_hash, new_code, normalise_email_key
from server_sync.domain.validation import FieldProblem, check_phone
from server_sync.kernel.catalogue import Service
from server_sync.kernel.clock import BAKU, Clock
from server_sync.kernel.forms import ApplicationForm
from server_sync.kernel.i18n import Translator
from server_sync.services.applications.files import Budget, FileStore, StagedFile, discard_all
from server_sync.services.applications.notices import ApplicationNotices
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.errors import Refusal, refuse
from server_sync.store import application_sql as sql


@dataclass(frozen=True)
class AttachedFile:
    position: int
    name: str
    kind: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ApplicationView:
    id: int
    number: str
    agency_id: str
    service_id: str
    citizen_id: int | None
    organisation_id: str | None
    unit_id: str | None
    answers: dict[str, Any]
    email: str | None
    phone: str | None
    language: str
    status: str
    result_reason: str | None
    created_at: datetime
    decided_at: datetime | None
    files: tuple[AttachedFile, ...] = ()


@dataclass(frozen=True)
class Registered:
    number: str
    owner_token: str


class Applications:
    def __init__(
        self,
        engine: Engine,
        catalogue: CatalogueService,
        files: FileStore,
        settings: ApplicationSettings,
        notices: ApplicationNotices,
        secret: str,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._catalogue = catalogue
        self.files = files
        self.settings = settings
        self._notices = notices
        self._secret = secret
        self._clock = clock

    # --- forms -------------------------------------------------------------

    def form_of(self, service_id: str) -> tuple[Service, ApplicationForm]:
        service = self._catalogue.current().catalogue.services.get(service_id)
        if service is None or service.form is None:
            raise refuse(404, "service", "unknown_service")
        return service, service.form

    def budget(self, form: ApplicationForm) -> Budget:
        s = self.settings
        files = min(s.max_files, form.max_files) if form.attachments else 0
        return Budget(s.max_file_kb * 1024, s.max_total_kb * 1024, files)

    def owner_key(self, token: str) -> str:
        return keyed_hash(self._secret, "application-owner", token)

    # --- registering -------------------------------------------------------

    def submit(
        self,
        service_id: str,
        answers: Mapping[str, object],
        destination: tuple[str, str] | None,
        staged: Sequence[StagedFile],
        language: str,
        citizen_id: int | None = None,
        problems: Sequence[FieldProblem] = (),
    ) -> Registered:
        """Register the application, or `Refusal` (422) with every problem found."""
        try:
            service, form = self.form_of(service_id)
        except Refusal:
            discard_all(list(staged))
            raise
        if form.sign_in and citizen_id is None:
            discard_all(list(staged))
            raise refuse(401, "session", "sign_in_needed")
        checked = validate(form, answers, destination if form.organisations else None)
        found = [*problems, *checked.problems]
        phone = checked.values.get(form.phone_field)
        if form.phone_proof and isinstance(phone, str) and citizen_id is not None:
            found.extend(self._proof_problems(citizen_id, phone, form.phone_field))
        if found:
            discard_all(list(staged))
            raise Refusal(422, found)
        for f in staged:
            self.files.adopt(f)
        now = self._clock.now()
        year = now.astimezone(BAKU).year
        token = secrets.token_urlsafe(24)
        email = checked.values.get(form.email_field)
        with self._engine.begin() as conn:
            seq = sql.next_seq(conn, service.agency_id, year)
            number = registration_number(service.agency_id, year, seq)
            app_id = sql.insert_application(
                conn,
                {
                    "number": number,
                    "agency_id": service.agency_id,
                    "service_id": service.id,
                    "year": year,
                    "seq": seq,
                    "citizen_id": citizen_id,
                    "owner_key": self.owner_key(token),
                    "organisation_id": destination[0]
                    if form.organisations and destination
                    else None,
                    "unit_id": destination[1] if form.organisations and destination else None,
                    "answers": checked.values,
                    "email": email if isinstance(email, str) else None,
                    "phone": phone if isinstance(phone, str) else None,
                    "language": language,
                    "created_at": now,
                },
            )
            sql.insert_files(
                conn,
                app_id,
                [
                    {"sha256": f.sha256, "name": f.name, "kind": f.kind, "size": f.size}
                    for f in staged
                ],
            )
            self._notices.send(
                conn,
                kind="application_registered",
                language=language,
                email=email if isinstance(email, str) else None,
                phone=phone if isinstance(phone, str) and form.phone_proof else None,
                payload={"number": number, "service_id": service.id},
                now=now,
            )
        return Registered(number, token)

    # --- the mobile number's SMS proof (seed 001) -------------------------

    def _code_hash(self, citizen_id: int, phone: str, code: str) -> str:
        return keyed_hash(self._secret, "phone-proof", str(citizen_id), phone, code)

    def send_phone_code(
        self, citizen_id: int, phone_text: str, language: str, field: str = "phone"
    ) -> str:
        """Send a code to the mobile number; returns the number as normalised."""
        try:
            phone = check_phone(phone_text, field)
        except FieldProblem as problem:
            raise Refusal(422, [problem]) from None
        if not self._notices.sms_enabled:
            raise refuse(503, field, "sms_not_configured")
        now = self._clock.now()
        code = new_code()
        expires = now + timedelta(minutes=self.settings.sms_code_ttl_minutes)
        with self._engine.begin() as conn:
            sql.add_phone_proof(
                conn, citizen_id, phone, self._code_hash(citizen_id, phone, code), now, expires
            )
            self._notices.send(
                conn,
                kind="phone_code",
                language=language,
                email=None,
                phone=phone,
                payload={"code": code, "minutes": self.settings.sms_code_ttl_minutes},
                now=now,
            )
        return phone

    def prove_phone(
        self, citizen_id: int, phone_text: str, code: str, field: str = "sms_code"
    ) -> None:
        try:
            phone = check_phone(phone_text, "phone")
        except FieldProblem as problem:
            raise Refusal(422, [problem]) from None
        now = self._clock.now()
        with self._engine.begin() as conn:
            row = sql.phone_proof(conn, citizen_id)
            if row is None or row.phone != phone:
                raise refuse(422, field, "sms_code_missing")
            if row.expires_at < now:
                raise refuse(422, field, "sms_code_expired")
            if row.tries >= self.settings.sms_code_max_tries:
                raise refuse(429, field, "sms_code_expired")
            typed = code.strip()
            right = hmac.compare_digest(row.code_hash, self._code_hash(citizen_id, phone, typed))
            if right:
                sql.mark_proved(conn, row.id, now)
            else:
                sql.count_try(conn, row.id)
        if not right:
            raise refuse(422, field, "sms_code_wrong")

    def _proof_problems(self, citizen_id: int, phone: str, field: str) -> list[FieldProblem]:
        with self._engine.connect() as conn:
            row = sql.phone_proof(conn, citizen_id)
            conn.commit()
        if row is None or row.phone != phone or row.proved_at is None:
            return [FieldProblem(field, "sms_code_missing")]
        if row.proved_at + timedelta(hours=1) < self._clock.now():
            return [FieldProblem(field, "sms_code_expired")]
        return []

    # --- reading -----------------------------------------------------------

    def view(self, number: str) -> ApplicationView | None:
        with self._engine.connect() as conn:
            row = sql.by_number(conn, number.strip().upper()[:40])
            files = sql.files_of(conn, row.id) if row is not None else []
            conn.commit()
        return None if row is None else _view(row, files)

    def of_citizen(self, citizen_id: int) -> list[ApplicationView]:
        with self._engine.connect() as conn:
            rows = sql.of_citizen(conn, citizen_id)
            conn.commit()
        return [_view(r, []) for r in rows]

    def owned(
        self, number: str, citizen_id: int | None, owner_token: str | None
    ) -> ApplicationView | None:
        """The application if this session owns it (its account, or the browser that sent it)."""
        found = self.view(number)
        if found is None:
            return None
        with self._engine.connect() as conn:
            row = sql.by_number(conn, found.number)
            conn.commit()
        if citizen_id is not None and found.citizen_id == citizen_id:
            return found
        key = str(row.owner_key) if row is not None and row.owner_key else ""
        if owner_token and key and hmac.compare_digest(key, self.owner_key(owner_token)):
            return found
        return None

    def booking_link(
        self, number: str, service_id: str, email: str, citizen_id: int | None
    ) -> tuple[str, str | None]:
        """May a visit of `service_id` be booked for application `number`? It must be the
        booker's (their account, or sent with the e-mail the booking proved), of that
        service and still open. Another person's application is "unknown": whether a
        number exists is not told to someone who does not own it."""
        found = self.view(number)
        if found is None:
            return number.strip().upper()[:40], "application_unknown"
        mine = (citizen_id is not None and found.citizen_id == citizen_id) or bool(
            found.email
            and email
            and hmac.compare_digest(normalise_email_key(found.email), normalise_email_key(email))
        )
        if not mine:
            return found.number, "application_unknown"
        if found.service_id != service_id:
            return found.number, "application_other_service"
        if not is_open(found.status):
            return found.number, "application_closed"
        return found.number, None

    def file_bytes(self, view: ApplicationView, position: int) -> tuple[AttachedFile, bytes] | None:
        match = next((f for f in view.files if f.position == position), None)
        if match is None or not self.files.exists(match.sha256):
            return None
        return match, self.files.read(match.sha256)

    # --- the result (the counter) -----------------------------------------

    def record_result(self, number: str, status: str, reason: str, by: str) -> ApplicationView:
        """Record the counter's result and tell the citizen by e-mail (and SMS)."""
        with self._engine.begin() as conn:
            refusal = self.apply_result(conn, number, status, reason, by, self._clock.now())
        if refusal is not None:
            field, code, http = refusal
            raise refuse(http, field, code)
        result = self.view(number)
        assert result is not None
        return result

    def apply_result(
        self,
        conn: sa.Connection,
        number: str,
        status: str,
        reason: str,
        by: str,
        now: datetime,
    ) -> tuple[str, str, int] | None:
        """Record a result in the caller's transaction (the counter's own, or a centre's
        pushed event): None when recorded, else (field, code, HTTP status) of the refusal.
        The notices are queued in the same transaction, so they go exactly once."""
        if status not in NEXT:
            return ("status", "result_unknown", 422)
        reason = " ".join(str(reason).split())[:500]
        if status == REFUSED and not reason:
            return ("reason", "reason_required", 422)
        row = sql.by_number(conn, str(number).strip().upper()[:40])
        if row is None:
            return ("number", "not_found", 404)
        found = _view(row, [])
        service = self._catalogue.current().catalogue.services.get(found.service_id)
        sms_too = bool(service and service.form and service.form.phone_proof)
        if not sql.set_result(conn, found.id, status, reason or None, by, now, NEXT[status]):
            return ("status", "not_cancellable", 409)
        self._notices.send(
            conn,
            kind="application_result",
            language=found.language,
            email=found.email,
            phone=found.phone if sms_too else None,
            payload={
                "number": found.number,
                "service_id": found.service_id,
                "status": status,
                "status_text": Translator(found.language)(STATUS_WORDS[status]),
                "reason": reason,
            },
            now=now,
        )
        return None

    def for_centre(self, number: str, centre_offers: frozenset[str]) -> ApplicationView | None:
        """The application when its service is offered at the asking centre."""
        found = self.view(number)
        if found is None or found.service_id not in centre_offers:
            return None
        return found

    # --- purge -------------------------------------------------------------

    def purge(self, application_id: int) -> None:
        with self._engine.begin() as conn:
            gone = sql.delete_application(conn, application_id)
        for sha in gone:
            self.files.delete(sha)

    def purge_decided(self) -> int:
        moment = self._clock.now() - timedelta(days=self.settings.retention_days)
        with self._engine.connect() as conn:
            ids = sql.decided_before(conn, moment)
            conn.commit()
        for app_id in ids:
            self.purge(app_id)
        return len(ids)


def _view(row: Any, files: Sequence[Any]) -> ApplicationView:
    return ApplicationView(
        id=int(row.id),
        number=str(row.number),
        agency_id=str(row.agency_id),
        service_id=str(row.service_id),
        citizen_id=row.citizen_id,
        organisation_id=row.organisation_id,
        unit_id=row.unit_id,
        answers=json.loads(row.answers or "{}"),
        email=row.email,
        phone=row.phone,
        language=str(row.language),
        status=str(row.status),
        result_reason=row.result_reason,
        created_at=row.created_at,
        decided_at=row.decided_at,
        files=tuple(AttachedFile(f.position, f.name, f.kind, f.size, f.sha256) for f in files),
    )


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
