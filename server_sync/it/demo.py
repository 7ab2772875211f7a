"""Access for the one-machine demo only: a fixed centre token and a demo IT user.

`asan-queue sync` calls this when `demo = true` and no token is set, so
`make demo` runs the agent without a manual `it token issue` step. Never used
outside the demo (the CLI checks the setting).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.it.users import set_password
from server_sync.store.sync_models import it_users, sync_tokens
from server_sync.sync_api.tokens import hash_token

DEMO_IT_USER = "it"
DEMO_IT_PASSWORD = "asan-demo-it"


def demo_token(centre_id: str) -> str:
    return f"asq1_demo_{centre_id}"


def ensure_demo_access(engine: Engine, centre_id: str, now: datetime) -> str:
    """Make sure the demo token of `centre_id` and the demo IT user exist."""
    token = demo_token(centre_id)
    with engine.begin() as conn:
        known = conn.execute(
            sa.select(sync_tokens.c.id).where(sync_tokens.c.token_hash == hash_token(token))
        ).first()
        if known is None:
            conn.execute(
                sync_tokens.insert().values(
                    centre_id=centre_id, token_hash=hash_token(token), label="demo", created_at=now
                )
            )
        has_user = conn.execute(sa.select(sa.func.count()).select_from(it_users)).scalar_one()
    if not has_user:
        set_password(engine, DEMO_IT_USER, DEMO_IT_PASSWORD, now)
    return token
