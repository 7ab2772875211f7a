"""The official's office (seed 002): reception secretaries, IT-managed users like
the IT users (argon2 hashes, a lock after wrong passwords, signed session cookies),
list the day's or week's requests of their officials and accept, move to another
reception date, or close each with a comment. The citizen is told each time and
sees it in the history.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from server_sync.domain.receptions import EventKind, RequestStatus, can_become, check_comment
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import Clock
from server_sync.kernel.signed_cookie import cookie_user, make_cookie
from server_sync.services.errors import Refusal, refuse
from server_sync.services.receptions.closing import close_request, mark_changed
from server_sync.services.receptions.records import (
    RequestView,
    add_event,
    load_request,
    request_id_of,
)
from server_sync.services.receptions.service import ReceptionService
from server_sync.services.receptions.tell import Teller
from server_sync.store import booking_sql
from server_sync.store import repositories as repo
from server_sync.store.reception_tables import reception_requests, reception_secretaries
from server_sync.store.tables import bookings

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not-a-real-password")
MIN_PASSWORD = 10
MAX_FAILED = 5
ALL = "*"


class WeakPassword(ValueError):
    pass


def set_secretary(
    engine: Engine, username: str, password: str, officials: list[str], now: datetime
) -> None:
    """Create the secretary or give a new password and officials (and unlock)."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"the password needs at least {MIN_PASSWORD} characters")
    s = reception_secretaries.c
    values = {
        "password_hash": _HASHER.hash(password),
        "officials": json.dumps(officials or [ALL]),
        "failed_attempts": 0,
        "disabled_at": None,
    }
    with engine.begin() as conn:
        changed = conn.execute(
            reception_secretaries.update().where(s.username == username).values(**values)
        ).rowcount
        if not changed:
            conn.execute(
                reception_secretaries.insert().values(username=username, created_at=now, **values)
            )


_PURPOSE = "reception-secretary"


def session_cookie(secret: str, username: str, expires: int) -> str:
    return make_cookie(secret, _PURPOSE, username, expires)


def session_user(secret: str, cookie: str | None, now_epoch: int) -> str | None:
    return cookie_user(secret, _PURPOSE, cookie, now_epoch)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


class ReceptionOffice:
    def __init__(
        self,
        engine: Engine,
        receptions: ReceptionService,
        teller: Teller,
        secret: str,
        clock: Clock,
        on_queued: object = None,
    ) -> None:
        self._engine = engine
        self._receptions = receptions
        self._teller = teller
        self._secret = secret
        self._clock = clock
        self._on_queued = on_queued if callable(on_queued) else (lambda: None)

    # --- who --------------------------------------------------------------------------

    def check_password(self, username: str, password: str) -> bool:
        s = reception_secretaries.c
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(reception_secretaries).where(s.username == username)
            ).first()
            conn.commit()
        if row is None or row.disabled_at is not None or row.failed_attempts >= MAX_FAILED:
            with contextlib.suppress(VerificationError):
                _HASHER.verify(_DUMMY, password)
            return False
        try:
            _HASHER.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            with self._engine.begin() as conn:
                conn.execute(
                    reception_secretaries.update()
                    .where(s.username == username)
                    .values(failed_attempts=s.failed_attempts + 1)
                )
            return False
        if row.failed_attempts:
            with self._engine.begin() as conn:
                conn.execute(
                    reception_secretaries.update()
                    .where(s.username == username)
                    .values(failed_attempts=0)
                )
        return True

    def cookie(self, username: str) -> str:
        expires = int(self._clock.now().timestamp()) + 8 * 3600
        return session_cookie(self._secret, username, expires)

    def user_of(self, cookie: str | None) -> str | None:
        return session_user(self._secret, cookie, int(self._clock.now().timestamp()))

    def officials_of(self, username: str) -> list[str]:
        s = reception_secretaries.c
        with self._engine.connect() as conn:
            raw = conn.execute(
                sa.select(s.officials).where((s.username == username) & s.disabled_at.is_(None))
            ).scalar()
            conn.commit()
        allowed = json.loads(raw) if raw else []
        known = [o.id for o in self._receptions.officials.all()]
        return known if ALL in allowed else [o for o in known if o in allowed]

    # --- what ---------------------------------------------------------------------------

    def requests(self, username: str, first: date, last: date) -> list[RequestView]:
        """The requests of the secretary's officials for reception days first..last."""
        r = reception_requests.c
        allowed = self.officials_of(username)
        with self._engine.connect() as conn:
            ids = (
                conn.execute(
                    sa.select(r.id)
                    .where(r.official_id.in_(allowed) & (r.day >= first) & (r.day <= last))
                    .order_by(r.day, r.official_id, r.id)
                )
                .scalars()
                .all()
            )
            views = [load_request(conn, i) for i in ids]
            conn.commit()
        return views

    def one(self, username: str, number: str) -> RequestView | None:
        request_id = request_id_of(number)
        if request_id is None:
            return None
        allowed = self.officials_of(username)
        with self._engine.connect() as conn:
            found = conn.execute(
                sa.select(reception_requests.c.official_id).where(
                    reception_requests.c.id == request_id
                )
            ).scalar()
            view = load_request(conn, request_id) if found in allowed else None
            conn.commit()
        return view

    def decide(
        self, username: str, number: str, action: str, comment: str, new_day: str = ""
    ) -> RequestView:
        """accept / move / close, each with a comment (409 when no longer possible)."""
        view = self.one(username, number)
        if view is None:
            raise refuse(404, "number", "not_found")
        try:
            wanted = {
                "accept": RequestStatus.ACCEPTED,
                "move": RequestStatus.MOVED,
                "close": RequestStatus.CLOSED,
            }[action]
        except KeyError:
            raise refuse(422, "action", "not_a_choice") from None
        problems: list[FieldProblem] = []
        text = comment.strip()
        if wanted is not RequestStatus.ACCEPTED or text:
            try:
                text = check_comment(comment)
            except FieldProblem as problem:
                problems.append(problem)
        official = self._receptions.officials.get(view.official_id)
        assert official is not None
        day = view.day
        if wanted is RequestStatus.MOVED:
            offered = self._receptions.dates(official, exclude=view.day).offered
            try:
                day = date.fromisoformat(new_day)
            except ValueError:
                problems.append(FieldProblem("day", "required" if not new_day else "not_a_choice"))
            else:
                if day not in offered:
                    problems.append(FieldProblem("day", "not_offered"))
        if problems:
            raise Refusal(422, problems)
        if not can_become(view.status, wanted):
            raise refuse(409, "status", "not_possible")
        now = self._clock.now()
        with self._engine.begin() as conn:
            if wanted is RequestStatus.CLOSED:
                place = (official.resource, view.day, view.start)
                if not close_request(conn, view.id, view.status, view.order_code, place, now):
                    raise refuse(409, "status", "not_possible")
            elif not conn.execute(
                reception_requests.update()
                .where(
                    (reception_requests.c.id == view.id)
                    & (reception_requests.c.status == view.status)
                )
                .values(status=wanted.value, updated_at=now)
            ).rowcount:
                raise refuse(409, "status", "not_possible")
            if wanted is RequestStatus.MOVED:
                hours = self._receptions.hours_on(official, day)
                assert hours is not None
                start = hours[0].strftime("%H:%M")
                if not booking_sql.take_place(
                    conn, official.resource, day, start, official.capacity
                ):
                    raise refuse(409, "day", "reception_day_full")
                repo.release_place(conn, official.resource, view.day, view.start)
                conn.execute(
                    reception_requests.update()
                    .where(reception_requests.c.id == view.id)
                    .values(day=day, start=start)
                )
                conn.execute(
                    bookings.update()
                    .where(
                        (bookings.c.order_code == view.order_code)
                        & (bookings.c.status == BookingStatus.BOOKED.value)
                    )
                    .values(day=day, start=start, updated_at=now)
                )
                mark_changed(conn, view.order_code)
            kind = {
                RequestStatus.ACCEPTED: EventKind.ACCEPTED,
                RequestStatus.MOVED: EventKind.MOVED,
                RequestStatus.CLOSED: EventKind.CLOSED,
            }[wanted]
            add_event(
                conn, view.id, kind, now, username, day if kind is EventKind.MOVED else None, text
            )
            view = load_request(conn, view.id)
            self._teller.tell(conn, kind.value, view, official, text, now)
        self._on_queued()
        return view
