"""Which migration a store is at, read without Alembic.

Opening a store checks it is at the newest migration; importing Alembic for
that cost every program ~0.15 s at start. The newest revision is written here
(a test checks it is Alembic's head) and compared with the `alembic_version`
table directly; Alembic itself is imported only when a migration runs
(`kiosk_app.store.migrate`).
"""

from __future__ import annotations

from sqlalchemy import Engine, column, inspect, select, table

HEAD = "0014_application_link"  # the newest file in migrations/versions

_VERSION = table("alembic_version", column("version_num"))


def stored_revision(engine: Engine) -> str | None:
    """The revision(s) the store is at, joined by "+" like `migrate.current_revision`."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        heads = conn.execute(select(_VERSION.c.version_num)).scalars().all()
    return "+".join(sorted(heads)) or None
