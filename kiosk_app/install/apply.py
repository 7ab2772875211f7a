"""Carrying out a plan under a root folder (`/` on the machine itself).

Idempotent: folders and our files are (re)written only when they differ; a settings
file a person may have edited is kept (the install's own version goes beside it as
`.new`); the secrets file only ever gains secrets. Owners are set where the users
exist (under another root, from that root's /etc/passwd).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk_app.install.config_files import GENERATED
from kiosk_app.install.options import SECRETS, SERVICE_USER
from kiosk_app.install.plan import Dir, File, Plan, User
from kiosk_app.install.secrets_file import merge

Run = Callable[[list[str]], None]


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    secrets_added: tuple[str, ...] = ()
    secrets_missing: tuple[str, ...] = ()

    def say(self, what: str, path: str) -> None:
        self.lines.append(f"{what:<10} {path}")


class Installer:
    def __init__(self, root: Path, *, create_users: bool = True, run: Run | None = None) -> None:
        self.root = root
        self.create_users = create_users
        self.run = run or _run
        self.report = Report()

    def at(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    # --- users and owners -------------------------------------------------------------
    def _ids(self, user: str, group: str) -> tuple[int, int] | None:
        if self.root == Path("/"):
            try:
                return pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid
            except KeyError:
                return None
        uid = _lookup(self.at("/etc/passwd"), user)
        gid = _lookup(self.at("/etc/group"), group)
        return None if uid is None or gid is None else (uid, gid)

    def users(self, users: list[User]) -> None:
        root_args = [] if self.root == Path("/") else ["--root", str(self.root)]
        if not self.create_users or not self.at("/etc/passwd").exists():
            for u in users:
                self.report.say("skipped", f"user {u.name} (no users under {self.root})")
            return
        for u in users:
            if self._ids(u.name, u.name) is None:
                args = ["useradd", *root_args, "--system", "--user-group", "--home-dir", u.home]
                args += ["--no-create-home", "--shell", "/usr/sbin/nologin"]
                if u.groups:
                    args += ["--groups", ",".join(u.groups)]
                self.run([*args, "--comment", "ASAN queue", u.name])
                self.report.say("created", f"user {u.name}")
            elif u.groups:
                self.run(
                    ["usermod", *root_args, "--append", "--groups", ",".join(u.groups), u.name]
                )
                self.report.say("kept", f"user {u.name} (groups {','.join(u.groups)})")

    def _own(self, path: Path, owner: str, group: str, mode: int) -> None:
        os.chmod(path, mode)
        ids = self._ids(owner, group)
        if ids is not None and os.geteuid() == 0:
            os.chown(path, *ids, follow_symlinks=False)

    # --- folders and files ------------------------------------------------------------
    def dirs(self, dirs: list[Dir]) -> None:
        for d in dirs:
            path = self.at(d.path)
            existed = path.is_dir()
            path.mkdir(parents=True, exist_ok=True)
            self._own(path, d.owner, d.group, d.mode)
            self.report.say("kept" if existed else "created", d.path + "/")

    def files(self, files: list[File]) -> None:
        for f in files:
            path = self.at(f.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old == f.content:
                self.report.say("unchanged", f.path)
            elif old is not None and f.policy == "keep":
                beside = path.with_name(path.name + ".new")
                beside.write_text(f.content, encoding="utf-8")
                self._own(beside, f.owner, f.group, f.mode)
                self.report.say("kept", f"{f.path} (edited? this install's version: {beside.name})")
                continue
            else:
                _write(path, f.content)
                self.report.say("updated" if old is not None else "wrote", f.path)
            self._own(path, f.owner, f.group, f.mode)

    def secrets(self, wanted: dict[str, str | None]) -> None:
        path = self.at(SECRETS)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        merged = merge(old, wanted, GENERATED)  # SecretConflict before anything is written
        if merged.text != old:
            _write(path, merged.text, mode=0o600)
        self._own(path, SERVICE_USER, SERVICE_USER, 0o600)
        what = "wrote" if old is None else ("unchanged" if merged.text == old else "updated")
        self.report.say(what, f"{SECRETS} (mode 0600)")
        self.report.secrets_added = merged.added
        self.report.secrets_missing = merged.missing

    def enable(self, enable: dict[str, list[str]], unit_dir: str) -> None:
        for unit, targets in enable.items():
            for target in targets:
                link = self.at(f"{unit_dir}/{target}.wants/{unit}")
                link.parent.mkdir(parents=True, exist_ok=True)
                if link.is_symlink() or link.exists():
                    link.unlink()
                link.symlink_to(f"{unit_dir}/{unit}")
            self.report.say("enabled", f"{unit} ({', '.join(targets)})")

    def apply(self, plan: Plan, unit_dir: str) -> Report:
        # refuse a conflicting secret before writing anything at all
        old = self.at(SECRETS).read_text(encoding="utf-8") if self.at(SECRETS).exists() else None
        merge(old, plan.secrets, GENERATED)
        self.users(plan.users)
        self.dirs(plan.dirs)
        self.files(plan.files)
        self.secrets(plan.secrets)
        self.enable(plan.enable, unit_dir)
        return self.report


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    """Write through a temporary file and rename: a file is never half written."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def _lookup(table: Path, name: str) -> int | None:
    if not table.exists():
        return None
    for line in table.read_text(encoding="utf-8").splitlines():
        parts = line.split(":")
        if len(parts) > 2 and parts[0] == name:
            return int(parts[2])
    return None


def groups_of(root: Path) -> frozenset[str] | None:
    table = root / "etc" / "group"
    if not table.exists():
        return None
    return frozenset(line.split(":")[0] for line in table.read_text().splitlines() if line)


def _run(args: list[str]) -> None:
    if shutil.which(args[0]) is None:
        raise OSError(f"{args[0]} not found")
    subprocess.run(args, check=True, capture_output=True, text=True)
