"""`asan-queue staff`: the staff console (sign-in, then counter or management
screen by role); `asan-queue staff add-user`: create a staff account; `asan-queue staff
unlock`: open an account locked after wrong PINs."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.cli.gui_common import open_context, qt_app
from kiosk_app.domain.staff import Role
from kiosk_app.store.staff_repo import UserExists


def register(sub: Any) -> None:
    parser = sub.add_parser("staff", help="staff console: counter workstation, management")
    parser.add_argument("--db", help="centre store URL (default: settings db.url)")
    parser.add_argument("--counter", type=int, help="this workstation's counter number")
    parser.add_argument("--windowed", action="store_true", help="(the console is a window)")
    parser.set_defaults(handler=_console)
    inner = parser.add_subparsers(dest="staff_command", metavar="ACTION")
    add = inner.add_parser("add-user", help="create a staff user (password from prompt/stdin)")
    add.add_argument("--db", help="centre store URL (default: settings db.url)")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--full-name", default=None, help="shown on screens (default: username)")
    add.set_defaults(handler=_add_user)
    unlock = inner.add_parser("unlock", help="open a staff user locked after wrong PINs (audited)")
    unlock.add_argument("--db", help="centre store URL (default: settings db.url)")
    unlock.add_argument("--username", required=True)
    unlock.set_defaults(handler=_unlock)


def _read_secret() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password or PIN: ")
        if getpass.getpass("Again: ") != first:
            raise UserError("the two entries differ; nothing was saved")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _add_user(args: argparse.Namespace) -> int:
    from kiosk_app.composition.staff import staff_auth

    settings = settings_from_args(args, **{"db.url": args.db})
    secret = _read_secret()
    ctx = open_context(settings)
    try:
        staff_auth(ctx).add_user(
            args.username, args.full_name or args.username, Role(args.role), secret
        )
    except UserExists:
        raise UserError(f"user {args.username!r} already exists") from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    finally:
        ctx.close()
    print(f"staff user {args.username!r} ({args.role}) created")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    from kiosk_app.composition.staff import staff_auth

    settings = settings_from_args(args, **{"db.url": args.db})
    ctx = open_context(settings)
    try:
        found = staff_auth(ctx).unlock(args.username, by="cli")
    finally:
        ctx.close()
    if not found:
        raise UserError(f"no staff user {args.username!r}")
    print(f"staff user {args.username!r} is unlocked")
    return 0


def _console(args: argparse.Namespace) -> int:
    settings = settings_from_args(args, **{"db.url": args.db, "staff.counter": args.counter})
    ctx = open_context(settings)
    centre = ctx.catalogue.centres[ctx.centre_id]
    counter = settings.staff.counter or (centre.counters[0].number if centre.counters else 1)
    if counter not in {c.number for c in centre.counters}:
        known = ", ".join(str(c.number) for c in centre.counters)
        ctx.close()
        raise UserError(f"counter {counter} does not exist at {ctx.centre_id} (counters: {known})")
    qt_app("staff")
    from kiosk_app.composition.staff import demo_users, run_staff_console

    try:
        if settings.demo:
            for line in demo_users(ctx):
                print(line)
        return run_staff_console(ctx, counter)
    finally:
        ctx.close()
