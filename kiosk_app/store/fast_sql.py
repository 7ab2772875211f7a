"""Running a prebuilt statement straight on the DB-API cursor (SQLite hot path).

Issuing a ticket holds the centre's write lock; SQLAlchemy's per-execution work
(about 0.2 ms a statement here) was most of that time, so with many kiosk
processes it capped throughput. A `RawStatement` is compiled once from the
same SQLAlchemy statement, and binds values with the same type processors, so
what lands in the database is byte-for-byte what the ORM would write; only
the per-call bookkeeping is skipped. It runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_MISSING = object()
_MEMO_LIMIT = 4096  # distinct values kept per column; then it starts again


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
        #: The bound names in the statement's order (`executemany_values` rows follow it).
        self.names = tuple(names)

    def params(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, process in self._order:
            value = values[name] if name in values else self._defaults[name]
            out.append(process(value) if process is not None and value is not None else value)
        return tuple(out)

    def many_params(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """`params` of each row (see `convert`)."""
        defaults = self._defaults
        return self.convert(
            [values[n] if n in values else defaults[n] for n in self.names] for values in rows
        )

    def convert(self, rows: Iterable[list[Any]]) -> list[tuple[Any, ...]]:
        """Rows of raw values in `names` order, converted for the driver; a value repeated
        across rows (the day, the slot time, the moment of a pull) is converted once.
        Processors are pure, so this is the same as converting each."""
        converted: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = [
            (i, process, {}) for i, (_, process) in enumerate(self._order) if process
        ]
        out = []
        for row in rows:
            for i, process, memo in converted:
                value = row[i]
                if value is not None:
                    done = memo.get(value, _MISSING)
                    if done is _MISSING:
                        done = memo[value] = process(value)
                        if len(memo) > _MEMO_LIMIT:
                            memo.clear()
                    row[i] = done
            out.append(tuple(row))
        return out

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

    def executemany(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """The statement once per row, in one DB-API call."""
        self._run_many(conn, self.many_params(rows))

    def executemany_values(self, conn: Connection, rows: Iterable[list[Any]]) -> None:
        """Like `executemany`, each row given as the values of the first `names` in
        order (no dicts); the names after them are the statement's literals."""
        rows = list(rows)
        given = len(rows[0]) if rows else 0
        tail = [self._defaults[name] for name in self.names[given:]]
        self._run_many(conn, self.convert(row + tail for row in rows))

    def _run_many(self, conn: Connection, params: list[tuple[Any, ...]]) -> None:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        dbapi_error = conn.dialect.loaded_dbapi.Error
        try:
            cursor.executemany(self.sql, params)
        except dbapi_error as error:
            raise DBAPIError.instance(self.sql, params[:1], error, dbapi_error) from error
