"""Statements on the application tables (`application_tables`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from server_sync.store.application_tables import (
    application_files,
    application_numbers,
    applications,
    phone_proofs,
)

Row = sa.Row[Any]


def next_seq(conn: sa.Connection, agency_id: str, year: int) -> int:
    """The next number of this agency and year, in the caller's transaction: gap-free,
    since a rolled-back transaction rolls the counter back too."""
    n = application_numbers.c
    where = (n.agency_id == agency_id) & (n.year == year)
    bump = application_numbers.update().where(where).values(last=n.last + 1).returning(n.last)
    found = conn.execute(bump).scalar_one_or_none()
    if found is not None:
        return int(found)
    values = {"agency_id": agency_id, "year": year, "last": 0}
    insert: sa.Insert
    if conn.dialect.name == "postgresql":
        insert = postgresql.insert(application_numbers).values(values).on_conflict_do_nothing()
    else:
        insert = sqlite.insert(application_numbers).values(values).on_conflict_do_nothing()
    conn.execute(insert)
    return int(conn.execute(bump).scalar_one())


def insert_application(conn: sa.Connection, values: Mapping[str, Any]) -> int:
    row = dict(values)
    row["answers"] = json.dumps(row.get("answers", {}), ensure_ascii=False)
    return int(
        conn.execute(applications.insert().values(row).returning(applications.c.id)).scalar_one()
    )


def insert_files(
    conn: sa.Connection, application_id: int, files: Sequence[Mapping[str, Any]]
) -> None:
    for position, f in enumerate(files, 1):
        conn.execute(
            application_files.insert().values(
                application_id=application_id,
                position=position,
                sha256=f["sha256"],
                name=f["name"],
                kind=f["kind"],
                size=f["size"],
            )
        )


def by_number(conn: sa.Connection, number: str) -> Row | None:
    return conn.execute(sa.select(applications).where(applications.c.number == number)).first()


def by_id(conn: sa.Connection, application_id: int) -> Row | None:
    return conn.execute(sa.select(applications).where(applications.c.id == application_id)).first()


def files_of(conn: sa.Connection, application_id: int) -> list[Row]:
    f = application_files.c
    return list(
        conn.execute(
            sa.select(application_files)
            .where(f.application_id == application_id)
            .order_by(f.position)
        ).all()
    )


def of_citizen(conn: sa.Connection, citizen_id: int) -> list[Row]:
    a = applications.c
    return list(
        conn.execute(
            sa.select(applications).where(a.citizen_id == citizen_id).order_by(a.created_at.desc())
        ).all()
    )


def set_result(
    conn: sa.Connection,
    application_id: int,
    status: str,
    reason: str | None,
    by: str,
    now: datetime,
    allowed_from: Sequence[str],
) -> bool:
    a = applications.c
    done = conn.execute(
        applications.update()
        .where((a.id == application_id) & a.status.in_(list(allowed_from)))
        .values(status=status, result_reason=reason, decided_at=now, decided_by=by)
    )
    return done.rowcount == 1


def delete_application(conn: sa.Connection, application_id: int) -> list[str]:
    """Delete the application and its file rows; the hashes no other row names."""
    hashes = [r.sha256 for r in files_of(conn, application_id)]
    conn.execute(
        application_files.delete().where(application_files.c.application_id == application_id)
    )
    conn.execute(applications.delete().where(applications.c.id == application_id))
    if not hashes:
        return []
    still = set(
        conn.execute(
            sa.select(application_files.c.sha256).where(application_files.c.sha256.in_(hashes))
        ).scalars()
    )
    return sorted(set(hashes) - still)


def decided_before(conn: sa.Connection, moment: datetime) -> list[int]:
    a = applications.c
    return list(
        conn.execute(
            sa.select(a.id).where(a.decided_at.is_not(None) & (a.decided_at < moment))
        ).scalars()
    )


def add_phone_proof(
    conn: sa.Connection,
    citizen_id: int,
    phone: str,
    code_hash: str,
    now: datetime,
    expires: datetime,
) -> None:
    conn.execute(phone_proofs.delete().where(phone_proofs.c.citizen_id == citizen_id))
    conn.execute(
        phone_proofs.insert().values(
            citizen_id=citizen_id,
            phone=phone,
            code_hash=code_hash,
            created_at=now,
            expires_at=expires,
        )
    )


def phone_proof(conn: sa.Connection, citizen_id: int) -> Row | None:
    p = phone_proofs.c
    return conn.execute(
        sa.select(phone_proofs).where(p.citizen_id == citizen_id).order_by(p.id.desc()).limit(1)
    ).first()


def count_try(conn: sa.Connection, proof_id: int) -> None:
    p = phone_proofs.c
    conn.execute(phone_proofs.update().where(p.id == proof_id).values(tries=p.tries + 1))


def mark_proved(conn: sa.Connection, proof_id: int, now: datetime) -> None:
    conn.execute(phone_proofs.update().where(phone_proofs.c.id == proof_id).values(proved_at=now))
