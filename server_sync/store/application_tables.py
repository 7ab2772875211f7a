"""Tables of agency applications (seeds 000, 001) in the central store.

`application_numbers` is the gap-free counter per agency and year: the number is
taken by an UPDATE in the application's own transaction, so a refused or failed
application gives its number back (PostgreSQL holds the row lock until commit;
SQLite's `BEGIN IMMEDIATE` serialises writers). Files are rows naming a content hash;
the bytes live in the attachment folder (`applications.files_dir`), outside the web
root. Answers are JSON; personal data go with the application when it is purged.
"""

from __future__ import annotations

import sqlalchemy as sa

from server_sync.store.tables import UtcDateTime, metadata

application_numbers = sa.Table(
    "application_numbers",
    metadata,
    sa.Column("agency_id", sa.String(64), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("number", sa.String(40), nullable=False),
    sa.Column("agency_id", sa.String(64), nullable=False),
    sa.Column("service_id", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("citizen_id", sa.Integer, sa.ForeignKey("citizens.id", ondelete="SET NULL")),
    sa.Column("owner_key", sa.String(64)),
    sa.Column("organisation_id", sa.String(64)),
    sa.Column("unit_id", sa.String(64)),
    sa.Column("answers", sa.Text, nullable=False, server_default="{}"),
    sa.Column("email", sa.String(254)),
    sa.Column("phone", sa.String(16)),
    sa.Column("language", sa.String(2), nullable=False, server_default="az"),
    sa.Column("status", sa.String(16), nullable=False, server_default="registered"),
    sa.Column("result_reason", sa.String(500)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("decided_at", UtcDateTime),
    sa.Column("decided_by", sa.String(64)),
    sa.UniqueConstraint("number", name="uq_applications_number"),
    sa.UniqueConstraint("agency_id", "year", "seq", name="uq_applications_seq"),
    sa.Index("ix_applications_citizen", "citizen_id"),
)

application_files = sa.Table(
    "application_files",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "application_id",
        sa.Integer,
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Index("ix_application_files_app", "application_id"),
    sa.Index("ix_application_files_sha", "sha256"),
)

phone_proofs = sa.Table(
    "phone_proofs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "citizen_id",
        sa.Integer,
        sa.ForeignKey("citizens.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("phone", sa.String(16), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("proved_at", UtcDateTime),
    sa.Index("ix_phone_proofs_citizen", "citizen_id"),
)

APPLICATION_TABLES = (application_numbers, applications, application_files, phone_proofs)
