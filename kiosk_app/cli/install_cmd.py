"""`asan-queue install ROLE…`: make this Debian 12 machine a centre node, kiosk, staff
PC, hall display and/or the central service (docs/install.md).

    asan-queue install centre kiosk --centre baku-1 --central-url https://… --token-file -
    asan-queue install central --public-url https://booking.example.az --workers 4
    asan-queue install kiosk --root /tmp/img …     (into a chroot or a test folder)

Safe to run again: settings a person edited are kept, secrets are never replaced.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from kiosk_app.cli.common import UserError
from kiosk_app.install.apply import Installer, groups_of
from kiosk_app.install.options import (
    CONF_DIR,
    DEFAULT_CENTRAL_DB,
    DEFAULT_CENTRE_DB,
    DEFAULT_VENV,
    ROLES,
    SECRETS,
    UNIT_DIR,
    InstallOptions,
    Role,
)
from kiosk_app.install.plan import PlanError, make_plan
from kiosk_app.install.secrets_file import SecretConflict
from server_sync.ops.envfile import EnvFileError, parse_env

PIN_KEY = "ASANQ_KIOSK__EXIT_PIN_HASH"


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "install", help="install this machine's roles: users, settings, systemd units"
    )
    p.add_argument("roles", nargs="+", choices=ROLES, metavar="ROLE", help=" | ".join(ROLES))
    p.add_argument("--root", default="/", help="install under this folder (a chroot, a test)")
    p.add_argument("--venv", default=DEFAULT_VENV, help=f"the installed program ({DEFAULT_VENV})")
    p.add_argument("--no-users", action="store_true", help="do not create system users")
    p.add_argument("--centre", default="baku-1", metavar="ID", help="this centre's id")
    p.add_argument("--central-url", default="http://127.0.0.1:8080", metavar="URL")
    p.add_argument("--db", default=DEFAULT_CENTRE_DB, metavar="URL", help="the centre store")
    p.add_argument("--device-id", metavar="ID", help="this screen's device id (kiosk-1 …)")
    p.add_argument("--printer", default="network://127.0.0.1:9100", metavar="URL")
    p.add_argument("--scanner", metavar="URL", help="serial scanner (default: keyboard wedge)")
    p.add_argument("--counter", type=int, metavar="N", help="staff: this workstation's counter")
    p.add_argument("--tty", type=int, default=1, metavar="N", help="screen: its VT (1)")
    p.add_argument("--central-db", default=DEFAULT_CENTRAL_DB, metavar="URL")
    p.add_argument("--public-url", default="https://booking.example.az", metavar="URL")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, metavar="N")
    p.add_argument("--port", type=int, default=8080, help="central: loopback port (8080)")
    p.add_argument("--keep-days", type=int, default=14, help="backups kept (days)")
    p.add_argument("--token-file", metavar="FILE", help="the centre's sync token ('-': stdin)")
    p.add_argument("--exit-pin-file", metavar="FILE", help="kiosk exit PIN ('-': stdin)")
    p.set_defaults(handler=_install)


def _read_secret(name: str | None) -> str | None:
    if not name:
        return None
    try:
        text = sys.stdin.readline() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {name}: {exc.strerror}") from None
    return text.strip() or None


def _existing_secrets(root: Path) -> dict[str, str]:
    path = root / SECRETS.lstrip("/")
    try:
        return parse_env(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, EnvFileError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None


def _pin_hash(
    roles: tuple[Role, ...], given: str | None, existing: dict[str, str]
) -> tuple[str | None, str | None]:
    """(hash to store, PIN to show once) for the kiosk's exit PIN."""
    if "kiosk" not in roles:
        return None, None
    from kiosk_app.services.kiosk.pin import PinError, hash_pin, verify_pin

    if PIN_KEY in existing:
        if given is not None and not verify_pin(existing[PIN_KEY], given):
            raise UserError(f"{PIN_KEY} is set already and differs: edit {SECRETS} by hand")
        return None, None
    pin = given or "".join(str(secrets.randbelow(10)) for _ in range(8))
    try:
        return hash_pin(pin), (None if given else pin)
    except PinError as exc:
        raise UserError(str(exc)) from None


def _install(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if args.workers < 1 or args.keep_days < 1:
        raise UserError("--workers and --keep-days must be at least 1")
    roles: tuple[Role, ...] = tuple(r for r in ROLES if r in args.roles)
    installed = frozenset(r for r in ROLES if (root / CONF_DIR.lstrip("/") / f"{r}.toml").exists())
    options = InstallOptions(
        roles=roles,
        venv=args.venv,
        centre=args.centre,
        central_url=args.central_url,
        db_url=args.db,
        device_id=args.device_id,
        printer=args.printer,
        scanner=args.scanner,
        counter=args.counter,
        tty=args.tty,
        central_db_url=args.central_db,
        public_url=args.public_url,
        workers=args.workers,
        listen_port=args.port,
        keep_days=args.keep_days,
        sync_token=_read_secret(args.token_file),
        docs=f"{args.venv}/share/doc/asan-queue/install.md",
        installed=installed,
    )
    pin_hash, shown_pin = _pin_hash(
        roles, _read_secret(args.exit_pin_file), _existing_secrets(root)
    )
    try:
        plan = make_plan(options, groups=groups_of(root), pin_hash=pin_hash)
        report = Installer(root, create_users=not args.no_users).apply(plan, UNIT_DIR)
    except (PlanError, SecretConflict) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"install failed: {exc}") from None
    if not (root / args.venv.lstrip("/") / "bin" / "asan-queue").exists():
        report.lines.append(f"WARNING    {args.venv}/bin/asan-queue is missing: the units need it")
    print(f"asan-queue install {' '.join(roles)} under {root}")
    for line in report.lines:
        print("  " + line)
    if report.secrets_added:
        print(f"secrets added to {SECRETS}: {', '.join(report.secrets_added)}")
    if shown_pin:
        print(f"the kiosk's staff exit PIN is {shown_pin} (shown once; only its hash is kept)")
    print("next steps:")
    for number, step in enumerate(plan.next_steps, 1):
        print(f"  {number}. {step}")
    if report.secrets_missing:
        print(f"still to fill in {SECRETS}: {', '.join(report.secrets_missing)}")
    return 0
