"""The systemd units (and the few system files of a screen) for the chosen roles."""

from __future__ import annotations

from kiosk_app.install.options import (
    CONF_DIR,
    KIOSK_USER,
    SECRETS,
    SERVICE_USER,
    STATE_DIR,
    STORE_ROLES,
    UNIT_DIR,
    InstallOptions,
    Role,
)
from kiosk_app.install.templates import render

SCREEN_GROUPS = (SERVICE_USER, "video", "render", "input")
_SCREENS: dict[Role, tuple[str, str]] = {
    "kiosk": ("kiosk", "kiosk"),
    "staff": ("staff console", "staff"),
    "display": ("hall display", "display"),
}


def _common(o: InstallOptions) -> dict[str, str]:
    return {
        "venv": o.venv,
        "conf_dir": CONF_DIR,
        "secrets": SECRETS,
        "state_dir": STATE_DIR,
        "user": SERVICE_USER,
        "kiosk_user": KIOSK_USER,
        "docs": o.docs,
        "centre": o.centre,
    }


def screen_groups(role: Role, available: frozenset[str] | None) -> list[str]:
    """The screen user's groups: ours (made by the install) and the device groups the
    machine has (a group that does not exist would stop the unit from starting)."""
    wanted = [*SCREEN_GROUPS, "audio"] if role == "display" else list(SCREEN_GROUPS)
    return [g for g in wanted if g == SERVICE_USER or available is None or g in available]


def screen_unit(o: InstallOptions, role: Role, groups: list[str]) -> str:
    title, command = _SCREENS[role]
    notify = (
        # cage is the main process and the kiosk its child: NotifyAccess=all
        "Type=notify\nNotifyAccess=all\nWatchdogSec=30" if role == "kiosk" else "Type=exec"
    )
    realtime = (
        "# RestrictRealtime= stays off: the chime and the spoken calls may want it"
        if role == "display"
        else "RestrictRealtime=yes"
    )
    local = o.store_on_this_machine
    return render(
        "systemd/asan-queue-screen.service.in",
        {
            **_common(o),
            "title": title,
            "command": command,
            "role": role,
            "tty": str(o.tty),
            "notify": notify,
            "realtime": realtime,
            "groups": " ".join(groups),
            "after_store": " asan-queue-migrate.service" if local else "",
            "requires_store": "Requires=asan-queue-migrate.service" if local else "",
        },
    )


def _central_memory(workers: int) -> tuple[str, str]:
    limit = 512 + 256 * workers
    return f"{limit * 4 // 5}M", f"{limit}M"


def unit_files(o: InstallOptions, groups: frozenset[str] | None) -> dict[str, str]:
    """Unit name → text, for every unit this machine's roles need."""
    values = _common(o)
    units = {"asan-queue.target": render("systemd/asan-queue.target", values)}
    if o.has("centre"):
        for name in ("asan-queue-migrate.service", "asan-queue-sync.service"):
            units[name] = render(f"systemd/{name}", values)
    for role in o.screens:
        units[f"asan-queue-{role}.service"] = screen_unit(o, role, screen_groups(role, groups))
    if o.has("central"):
        high, limit = _central_memory(o.workers)
        units["asan-queue-central.service"] = render(
            "systemd/asan-queue-central.service",
            {**values, "memory_high": high, "memory_max": limit},
        )
    stores = [r for r in o.machine_roles if r in STORE_ROLES]
    if stores:
        lines = [
            f"ExecStart={o.venv}/bin/asan-queue --config {CONF_DIR}/{r}.toml "
            f"db backup --store {STORE_ROLES[r]} --to-dir"
            for r in stores
        ]
        units["asan-queue-backup.service"] = render(
            "systemd/asan-queue-backup.service.in", {**values, "exec_lines": "\n".join(lines)}
        )
        units["asan-queue-backup.timer"] = render("systemd/asan-queue-backup.timer", values)
    return units


def wanted_by(text: str) -> list[str]:
    """The targets a unit's [Install] section names (what `systemctl enable` links)."""
    found: list[str] = []
    section = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif section == "[Install]" and stripped.startswith("WantedBy="):
            found += stripped.removeprefix("WantedBy=").split()
    return found


def unit_path(name: str) -> str:
    return f"{UNIT_DIR}/{name}"


SCREEN_SYSTEM_FILES = {
    "/etc/pam.d/asan-queue-kiosk": "system/pam-asan-queue-kiosk",
    "/etc/systemd/logind.conf.d/asan-queue-kiosk.conf": "system/logind-asan-queue-kiosk.conf",
    "/etc/sysctl.d/60-asan-queue-kiosk.conf": "system/sysctl-asan-queue-kiosk.conf",
    "/etc/default/grub.d/asan-queue-kiosk.cfg": "system/grub-asan-queue-kiosk.cfg",
}
