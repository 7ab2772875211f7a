"""The migrations build exactly the schema `kiosk_app.store.tables` describes, and
0007 fills the day's totals from tickets stored before it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert

from kiosk_app.domain.day_stats import stats_of
from kiosk_app.store import dashboard_repo, day_stats_repo, make_engine, read_tx, upgrade, write_tx
from kiosk_app.store.tables import metadata, tickets
from server_sync.kernel.clock import BAKU


def test_the_migrated_schema_is_the_tables_metadata(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_every_table_and_index_of_the_metadata_is_migrated(engine: Engine) -> None:
    from sqlalchemy import inspect

    found = inspect(engine)
    assert set(found.get_table_names()) - {"alembic_version"} == set(metadata.tables)
    for table in metadata.sorted_tables:
        migrated = {ix["name"] for ix in found.get_indexes(table.name)}
        assert {ix.name for ix in table.indexes} <= migrated, table.name


def _old_ticket(n: int, at: datetime, **times: object) -> dict[str, object]:
    return {
        "centre_id": "baku-1",
        "day": at.date(),
        "letter": "A",
        "sequence": n,
        "service_id": "passport",
        "kind": "walk_in",
        "issued_at": at,
        "call_time": at,
        "language": "az",
        # every row names every column: an executemany takes its columns from the first
        **dict.fromkeys(("called_at", "served_at", "finished_at")),
        **times,
    }


@pytest.mark.parametrize("empty_store_url", ["sqlite"], indirect=True)
def test_0007_fills_the_totals_from_the_tickets_already_stored(empty_store_url: str) -> None:
    upgrade(empty_store_url, "0006_queue_index")
    engine = make_engine(empty_store_url)
    nine = datetime(2026, 11, 23, 9, 0, 17, 250_000, tzinfo=BAKU)
    minute = timedelta(minutes=1)
    rows = [
        _old_ticket(1, nine, status="waiting"),
        _old_ticket(2, nine, status="called", called_at=nine + 3 * minute),
        _old_ticket(
            3,
            nine,
            status="served",
            called_at=nine + 7.5 * minute,
            served_at=nine + 8 * minute,
            finished_at=nine + 19 * minute,
        ),
        _old_ticket(4, nine, status="no_show", called_at=nine + 12 * minute),
        _old_ticket(5, nine + timedelta(days=1), status="waiting"),
    ]
    with write_tx(engine) as conn:
        conn.execute(insert(tickets), rows)
    upgrade(empty_store_url)
    day = date(2026, 11, 23)
    with read_tx(engine) as conn:
        migrated = day_stats_repo.day_stats(conn, "baku-1", day)
        expected = stats_of(dashboard_repo.ticket_facts(conn, "baku-1", day, day))
        next_day = day_stats_repo.day_stats(conn, "baku-1", day + timedelta(days=1))
        rings = day_stats_repo.recent_minutes(conn, "baku-1", day)
    engine.dispose()
    assert _same(migrated, expected)
    assert (migrated.issued, migrated.served, migrated.no_show, migrated.waits) == (4, 1, 1, 3)
    assert next_day.issued == 1
    assert rings == {"passport": [pytest.approx(11.0)]}


def _same(a: object, b: object) -> bool:
    left, right = vars(a), vars(b)
    for key in ("wait_minutes", "service_minutes"):
        assert left.pop(key) == pytest.approx(right.pop(key))
    calls_a = {k: (n, round(s, 9)) for k, (n, s) in left.pop("calls").items()}
    calls_b = {k: (n, round(s, 9)) for k, (n, s) in right.pop("calls").items()}
    assert calls_a == calls_b
    assert left == right
    return True


def test_the_known_head_is_alembics_and_is_read_without_it(engine: Engine) -> None:
    from kiosk_app.store import current_revision, head_revision
    from kiosk_app.store.revision import HEAD, stored_revision

    assert head_revision() == HEAD  # a new migration updates revision.HEAD too
    assert stored_revision(engine) == current_revision(engine) == HEAD


def test_a_store_never_migrated_has_no_revision(empty_store_url: str) -> None:
    from kiosk_app.store.revision import stored_revision

    engine = make_engine(empty_store_url)
    try:
        assert stored_revision(engine) is None
    finally:
        engine.dispose()
