"""What a person asks of `asan-queue install`, and the fixed places things go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["centre", "kiosk", "staff", "display", "central"]
ROLES: tuple[Role, ...] = ("centre", "kiosk", "staff", "display", "central")
SCREENS: tuple[Role, ...] = ("kiosk", "staff", "display")
STORE_ROLES: dict[Role, str] = {"centre": "centre", "central": "central"}

SERVICE_USER = "asanq"
KIOSK_USER = "asanq-kiosk"
CONF_DIR = "/etc/asan-queue"
SECRETS = f"{CONF_DIR}/secrets.env"
STATE_DIR = "/var/lib/asan-queue"
BACKUP_DIR = f"{STATE_DIR}/backups"
UNIT_DIR = "/etc/systemd/system"
DEFAULT_VENV = "/opt/asan-queue/current"
ADMIN = "/usr/local/bin/asan-queue-admin"
UPGRADE = "/usr/local/sbin/asan-queue-upgrade"
DEFAULT_CENTRE_DB = f"sqlite:///{STATE_DIR}/centre.db"
DEFAULT_CENTRAL_DB = "postgresql+psycopg://asanq@/asanq?host=/run/postgresql"


@dataclass(frozen=True)
class InstallOptions:
    roles: tuple[Role, ...]
    venv: str = DEFAULT_VENV
    centre: str = "baku-1"
    central_url: str = "http://127.0.0.1:8080"
    db_url: str = DEFAULT_CENTRE_DB
    device_id: str | None = None
    printer: str = "network://127.0.0.1:9100"
    scanner: str | None = None
    counter: int | None = None
    tty: int = 1
    central_db_url: str = DEFAULT_CENTRAL_DB
    public_url: str = "https://booking.example.az"
    workers: int = 2
    listen_port: int = 8080
    keep_days: int = 14
    sync_token: str | None = None
    exit_pin: str | None = None
    docs: str = "/opt/asan-queue/current/share/doc/asan-queue/install.md"
    installed: frozenset[Role] = field(default_factory=frozenset)  # found on the machine

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def machine_roles(self) -> tuple[Role, ...]:
        """This run's roles and those an earlier run installed here."""
        return tuple(r for r in ROLES if r in self.roles or r in self.installed)

    @property
    def screens(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r in SCREENS)

    @property
    def store_on_this_machine(self) -> bool:
        """The centre store lives here (a SQLite file, or a PostgreSQL this node migrates)."""
        return "centre" in self.machine_roles

    def device(self, role: Role) -> str:
        if self.device_id:
            return self.device_id
        return {"kiosk": "kiosk-1", "staff": "staff-1", "display": "display-1"}.get(
            role, "centre-node"
        )
