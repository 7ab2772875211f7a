"""Deleting the centre's old rows in small batches (`retention` settings): sent
outbox events, dropped parked events, the staff audit trail. One batch is one
short write transaction, picked by primary key through an index (`ix_outbox_unsent`
on sent_at, `ix_audit_at`), so a kiosk issuing a ticket waits at most one batch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Table, delete, func, select

from kiosk_app.store.tables import audit_log, outbox, outbox_parked


def _old_outbox(cutoff: datetime) -> ColumnElement[bool]:
    dropped = select(outbox_parked.c.outbox_id).where(outbox_parked.c.dropped_at < cutoff)
    return (outbox.c.sent_at < cutoff) | outbox.c.id.in_(dropped)


def _old_audit(cutoff: datetime) -> ColumnElement[bool]:
    return audit_log.c.at < cutoff


def _batch(conn: Connection, table: Table, old: ColumnElement[bool], rows: int) -> int:
    ids = select(table.c.id).where(old).order_by(table.c.id).limit(rows).scalar_subquery()
    done = conn.execute(delete(table).where(table.c.id.in_(ids)))
    return int(done.rowcount or 0)


def prune_outbox(conn: Connection, cutoff: datetime, rows: int) -> int:
    """One batch of sent (or dropped) outbox events older than `cutoff`."""
    return _batch(conn, outbox, _old_outbox(cutoff), rows)


def prune_audit(conn: Connection, cutoff: datetime, rows: int) -> int:
    return _batch(conn, audit_log, _old_audit(cutoff), rows)


def count_old(conn: Connection, outbox_cutoff: datetime, audit_cutoff: datetime) -> tuple[int, int]:
    def count(table: Table, old: ColumnElement[bool]) -> int:
        return int(conn.execute(select(func.count()).select_from(table).where(old)).scalar_one())

    return count(outbox, _old_outbox(outbox_cutoff)), count(audit_log, _old_audit(audit_cutoff))
