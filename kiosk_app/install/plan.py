"""What an install writes: users, folders, files (with mode, owner and what to do when
the file exists already), the units to enable and the next steps for a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk_app.install import config_files, units
from kiosk_app.install.options import (
    ADMIN,
    BACKUP_DIR,
    CONF_DIR,
    KIOSK_USER,
    SECRETS,
    SERVICE_USER,
    STATE_DIR,
    STORE_ROLES,
    UPGRADE,
    InstallOptions,
    Role,
)
from kiosk_app.install.templates import render

Policy = Literal["ours", "keep", "secrets"]


class PlanError(Exception):
    """The roles and options do not make a working machine."""


@dataclass(frozen=True)
class User:
    name: str
    home: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dir:
    path: str
    mode: int
    owner: str = "root"
    group: str = "root"


@dataclass(frozen=True)
class File:
    path: str
    content: str
    mode: int = 0o644
    owner: str = "root"
    group: str = "root"
    policy: Policy = "ours"  # ours: rewritten; keep: a person's edits win; secrets: merged


@dataclass
class Plan:
    users: list[User] = field(default_factory=list)
    dirs: list[Dir] = field(default_factory=list)
    files: list[File] = field(default_factory=list)
    enable: dict[str, list[str]] = field(default_factory=dict)  # unit → targets
    secrets: dict[str, str | None] = field(default_factory=dict)
    next_steps: list[str] = field(default_factory=list)


def check(o: InstallOptions) -> None:
    if not o.roles:
        raise PlanError("name at least one role: centre, kiosk, staff, display, central")
    if len(o.screens) > 1:
        raise PlanError(
            "one screen (kiosk, staff or display) per install run: each takes its own VT; "
            "run install again for the next one with another --tty"
        )
    if o.screens and not o.store_on_this_machine and o.db_url.startswith("sqlite"):
        raise PlanError(
            "a screen without the centre role here needs the centre store on PostgreSQL "
            "(--db postgresql+psycopg://…), or install the centre role on this machine too"
        )
    if not 1 <= o.tty <= 63:
        raise PlanError("--tty must be between 1 and 63")


def make_plan(
    o: InstallOptions, *, groups: frozenset[str] | None = None, pin_hash: str | None = None
) -> Plan:
    check(o)
    plan = Plan()
    plan.users.append(User(SERVICE_USER, STATE_DIR))
    if o.screens:
        extra = units.screen_groups(o.screens[0], groups)
        plan.users.append(User(KIOSK_USER, f"/var/cache/asan-queue-{o.screens[0]}", tuple(extra)))
    plan.dirs += [
        Dir(CONF_DIR, 0o750, "root", SERVICE_USER),
        Dir(STATE_DIR, 0o2770, SERVICE_USER, SERVICE_USER),
        Dir(BACKUP_DIR, 0o2750, SERVICE_USER, SERVICE_USER),
    ]
    for role in o.roles:
        text = config_files.to_toml(config_files.header(role), config_files.role_config(o, role))
        plan.files.append(
            File(f"{CONF_DIR}/{role}.toml", text, 0o640, "root", SERVICE_USER, "keep")
        )
    plan.secrets = config_files.wanted_secrets(o, pin_hash)
    for name, text in units.unit_files(o, groups).items():
        plan.files.append(File(units.unit_path(name), text))
        targets = units.wanted_by(text)
        if targets:
            plan.enable[name] = targets
    if o.screens:
        for target, source in units.SCREEN_SYSTEM_FILES.items():
            plan.files.append(File(target, render(source, {})))
    plan.files += _tools(o)
    plan.next_steps = next_steps(o)
    return plan


def _primary(o: InstallOptions) -> Role:
    for role in ("central", "centre", "kiosk", "staff", "display"):
        if role in o.machine_roles:
            return role
    raise PlanError("no role")


def _tools(o: InstallOptions) -> list[File]:
    values = {
        "venv": o.venv,
        "conf": f"{CONF_DIR}/{_primary(o)}.toml",
        "secrets": SECRETS,
        "state_dir": STATE_DIR,
        "run_as": SERVICE_USER,
        "run_as_note": f"({SERVICE_USER} when run by root)",
        "backup_dir": BACKUP_DIR,
        "store_configs": " ".join(
            f"{STORE_ROLES[r]}:{CONF_DIR}/{r}.toml" for r in o.machine_roles if r in STORE_ROLES
        ),
    }
    return [
        File(ADMIN, render("bin/asan-queue-admin.in", values), 0o755),
        File(UPGRADE, render("bin/asan-queue-upgrade.in", values), 0o755),
    ]


def next_steps(o: InstallOptions) -> list[str]:
    steps: list[str] = []
    if o.has("central"):
        steps += [
            "PostgreSQL: `sudo -u postgres createuser asanq && sudo -u postgres createdb -O asanq "
            "asanq` (the default server.db_url reaches it over the local socket as asanq)",
            f"mail relay: [smtp] in {CONF_DIR}/central.toml, ASANQ_SMTP__PASSWORD in {SECRETS}",
            "TLS reverse proxy in front of 127.0.0.1:"
            f"{o.listen_port}: assets/deploy/proxy/ (Caddyfile or nginx), docs/install.md",
        ]
    if o.has("centre") and not o.sync_token:
        steps.append(
            f"ask IT for this centre's token (`asan-queue it token issue --centre {o.centre}`) "
            f"and put it in {SECRETS} as ASANQ_SYNC__TOKEN='…'"
        )
    if o.screens:
        steps.append(
            f"the {o.screens[0]} starts on tty{o.tty} at boot; no desktop may run there "
            "(disable any display manager), then `update-grub` for consoleblank=0"
        )
    timer = " asan-queue-backup.timer" if any(r in STORE_ROLES for r in o.machine_roles) else ""
    steps += [
        f"systemctl daemon-reload && systemctl start asan-queue.target{timer} "
        "(or reboot: the units are enabled)",
        f"check: {ADMIN} db check; systemctl status 'asan-queue*'; journalctl -u 'asan-queue*'",
    ]
    return steps
