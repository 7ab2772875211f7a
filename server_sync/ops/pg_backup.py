"""PostgreSQL stores: `pg_dump -Fc` (one snapshot, consistent while others write),
`pg_restore` in one transaction, and a check that reads every table.

The password never goes on a command line (other users can read those): it is
handed to the tools as `PGPASSWORD`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from server_sync.ops.errors import BackupError

TOOL_TIMEOUT_S = 3600


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain: URL = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the Debian package postgresql-client")
    return found


def _output(args: list[str], env: dict[str, str], what: str, stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            args,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what} took longer than {TOOL_TIMEOUT_S} s") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[0] if lines else done.returncode}")
    return done.stdout


def _run(args: list[str], env: dict[str, str], what: str, stdin: str | None = None) -> None:
    _output(args, env, what, stdin)


def dump(url: str, target: Path) -> None:
    """`pg_dump -Fc` of the database at `url` into the new file `target`."""
    conninfo, env = libpq_target(url)
    _run([_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), conninfo], env, "pg_dump")


def restore(source: Path, url: str) -> None:
    """Make the database at `url` what `source` holds, all or nothing.

    `pg_restore --clean` replaces the archive's own objects; tables
    made since the backup (by a migration that got half-way) are dropped in the same
    transaction, so the store is the backup's, not a mix."""
    conninfo, env = libpq_target(url)
    archived = archive_relations(source)
    extra = [name for name in current_relations(url) if name not in archived]
    drops = "".join(f'DROP TABLE IF EXISTS public."{t}" CASCADE;\n' for t in extra)
    script = _output(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "-f", "-", str(source)],
        env,
        "pg_restore",
    )
    psql = [_tool("psql"), "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    _run([*psql, "-d", conninfo], env, "restoring with psql", stdin=drops + script)


_RELATION = re.compile(r"^\d+; \d+ \d+ (?:TABLE|VIEW|SEQUENCE|MATERIALIZED VIEW) public (\S+) ")


def archive_relations(source: Path) -> set[str]:
    listing = _output([_tool("pg_restore"), "--list", str(source)], dict(os.environ), "reading")
    return {m.group(1) for m in map(_RELATION.match, listing.splitlines()) if m}


def current_relations(url: str) -> list[str]:
    """The tables of the `public` schema, made by us or not."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    sa.text(
                        "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
                        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                        "AND c.relkind IN ('r', 'p') ORDER BY c.relname"
                    )
                ).scalars()
            )
    except SQLAlchemyError as exc:
        line = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise BackupError(f"cannot read {make_url(url).render_as_string()}: {line}") from None
    finally:
        engine.dispose()


def list_archive(source: Path) -> None:
    """Fail unless `source` is a readable `pg_dump -Fc` archive."""
    archive_relations(source)


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(
        make_url(url).set(drivername="postgresql+psycopg"),
        connect_args={"connect_timeout": 5},
        poolclass=sa.pool.NullPool,
    )


def table_counts(url: str) -> dict[str, int]:
    """Rows of every table in the `public` schema (reads each one to the end)."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            names = list(
                conn.execute(
                    sa.text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "ORDER BY tablename"
                    )
                ).scalars()
            )
            return {
                str(n): int(conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one())
                for n in names
            }
    except SQLAlchemyError as exc:
        line = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise BackupError(f"cannot read {make_url(url).render_as_string()}: {line}") from None
    finally:
        engine.dispose()


def versions(url: str, tables: tuple[str, ...]) -> dict[str, str]:
    engine = _engine(url)
    found: dict[str, str] = {}
    try:
        with engine.connect() as conn:
            for table in tables:
                if conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": table}).scalar() is None:
                    continue
                rows = conn.execute(sa.text(f'SELECT version_num FROM "{table}"')).scalars()
                found[table] = "+".join(sorted(str(r) for r in rows))
    except SQLAlchemyError as exc:
        line = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise BackupError(f"cannot read {make_url(url).render_as_string()}: {line}") from None
    finally:
        engine.dispose()
    return found
