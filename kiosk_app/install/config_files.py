"""The settings file of each role (`/etc/asan-queue/<role>.toml`) and the secrets they
need (`/etc/asan-queue/secrets.env`, as `ASANQ_*` variables)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy.engine import make_url

from kiosk_app.install.options import BACKUP_DIR, InstallOptions, Role

Tables = dict[str, dict[str, Any]]


def to_toml(header: str, tables: Tables) -> str:
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for name, values in tables.items():
        lines += ["", f"[{name}]"]
        for key, value in values.items():
            if key.startswith("#"):
                lines.append(f"# {value}")
            else:
                lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def has_password(url: str) -> bool:
    return make_url(url).password is not None


def _db(url: str, secret_name: str) -> dict[str, Any]:
    if has_password(url):
        return {"#": f"url: in secrets.env ({secret_name}), as it holds a password"}
    return {"url": url}


def role_config(options: InstallOptions, role: Role) -> Tables:
    """The settings a role's unit runs with; everything else stays at its default."""
    o = options
    log = {"json": True, "level": "INFO"}
    backup = {"dir": BACKUP_DIR, "keep_days": o.keep_days}
    if role == "central":
        return {
            "server": {
                **_server_db(o.central_db_url),
                "host": "127.0.0.1",
                "port": o.listen_port,
                "public_url": o.public_url,
                "workers": o.workers,
                "db_pool_size": 4,
                "trusted_proxies": ["127.0.0.1", "::1"],
            },
            "smtp": {"#": "host, port, starttls, username: the mail relay (password in secrets)"},
            "backup": backup,
            "log": log,
        }
    tables: Tables = {
        "db": _db(o.db_url, "ASANQ_DB__URL"),
        "centre": {"id": o.centre, "device_id": o.device(role)},
        "sync": {"central_url": o.central_url},
    }
    if role == "centre":
        tables["backup"] = backup
    elif role == "kiosk":
        tables["kiosk"] = {"status_base_url": o.public_url.rstrip("/") + "/t"}
        tables["printer"] = {"url": o.printer}
        if o.scanner:
            tables["scanner"] = {"url": o.scanner}
    elif role == "staff" and o.counter is not None:
        tables["staff"] = {"counter": o.counter}
    tables["log"] = log
    return tables


def _server_db(url: str) -> dict[str, Any]:
    if has_password(url):
        return {"#": "db_url: in secrets.env (ASANQ_SERVER__DB_URL), as it holds a password"}
    return {"db_url": url}


def header(role: Role) -> str:
    return (
        f"ASAN queue: settings of the {role} role on this machine (written by asan-queue install;\n"
        "a later install keeps your edits and writes its own version beside as .new).\n"
        "Every key: assets/config/asan-queue.sample.toml. Secrets: secrets.env beside this file."
    )


def wanted_secrets(options: InstallOptions, pin_hash: str | None) -> dict[str, str | None]:
    """Secret → value (None: leave for a person to fill in). Generated ones are new
    each call; the secrets file keeps whatever it already holds."""
    o = options
    out: dict[str, str | None] = {}
    if any(o.has(r) for r in ("centre", "kiosk", "staff", "display")):
        out["ASANQ_SYNC__TOKEN"] = o.sync_token  # the kiosk's online lookup needs it too
        if has_password(o.db_url):
            out["ASANQ_DB__URL"] = o.db_url
    if o.has("kiosk"):
        out["ASANQ_KIOSK__EXIT_PIN_HASH"] = pin_hash
    if o.has("central"):
        out["ASANQ_SERVER__SECRET_KEY"] = secrets.token_urlsafe(32)
        out["ASANQ_SMTP__PASSWORD"] = None
        if has_password(o.central_db_url):
            out["ASANQ_SERVER__DB_URL"] = o.central_db_url
    return out


GENERATED = frozenset({"ASANQ_SERVER__SECRET_KEY"})
