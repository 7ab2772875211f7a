"""Running a prebuilt statement straight on the DB-API cursor (SQLite hot path).

Issuing a ticket holds the centre's write lock; SQLAlchemy's per-execution work
(about 0.2 ms a statement here) was most of that time, so with many kiosk
processes it capped throughput. A `RawStatement` is compiled once from the
same SQLAlchemy statement, and binds values with the same type processors, so
what lands in the database is byte-for-byte what the ORM would write; only
the per-call bookkeeping is skipped. It runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler


class RawStatement:
    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = str(compiled)
        names = compiled.positiontup or []
        binds = {name: compiled.binds[name] for name in names}
        # Literal values in the statement (e.g. `last=1`) become bound defaults.
        self._defaults = {name: b.effective_value for name, b in binds.items()}
        self._order: list[tuple[str, Callable[[Any], Any] | None]] = [
            (name, binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names
        ]

    def params(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, process in self._order:
            value = values[name] if name in values else self._defaults[name]
            out.append(process(value) if process is not None and value is not None else value)
        return tuple(out)

    def execute(self, conn: Connection, values: Mapping[str, Any]) -> Any:
        """Run on the connection's own DB-API connection; returns the cursor."""
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        params = self.params(values)
        dbapi_error = conn.dialect.loaded_dbapi.Error
        try:
            cursor.execute(self.sql, params)
        except dbapi_error as error:  # the same exception types as conn.execute raises
            raise DBAPIError.instance(self.sql, params, error, dbapi_error) from error
        return cursor
