"""`asan-queue it`: IT's tools on the central store.

asan-queue it status [--db URL]                   every centre, stale ones flagged
asan-queue it token issue --centre ID [--label T] print a new centre token (once)
asan-queue it token revoke --centre ID [--id N]   revoke the centre's tokens
asan-queue it token list
asan-queue it push-catalogue FILE (--centre ID | --all) [--note T]
asan-queue it push-hours FILE (--centre ID | --all) [--note T]
asan-queue it push-settings FILE (--centre ID | --all) [--note T]
asan-queue it pushes                              versions and who applied them
asan-queue it user NAME [--password-stdin]        create an IT user / set password
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from server_sync.cli.common import UserError, settings_from_args
from server_sync.it.config_push import (
    ALL,
    PushRefused,
    push_catalogue,
    push_hours,
    push_settings,
)
from server_sync.it.overview import CentreStatus, overview, push_history
from server_sync.it.users import WeakPassword, set_password, unlock
from server_sync.kernel.clock import BAKU
from server_sync.services.receptions.office import WeakPassword as SecretaryWeakPassword
from server_sync.services.receptions.office import set_secretary
from server_sync.services.receptions.officials import Officials
from server_sync.settings import CentralSettings
from server_sync.store import migrate
from server_sync.store.db import create_store_engine
from server_sync.sync_api.tokens import issue_token, list_tokens, revoke_tokens


def register(sub: Any) -> None:
    parser = sub.add_parser("it", help="IT: centres, tokens, config pushes")
    actions = parser.add_subparsers(dest="it_action", metavar="ACTION", required=True)

    status = actions.add_parser("status", help="every centre as a table, stale ones flagged")
    _db(status)
    status.set_defaults(handler=_status)

    token = actions.add_parser("token", help="issue, revoke or list centre tokens")
    token_actions = token.add_subparsers(dest="token_action", metavar="ACTION", required=True)
    issue = token_actions.add_parser("issue", help="print a new token for a centre")
    issue.add_argument("--centre", required=True, metavar="ID")
    issue.add_argument("--label", default="", help="a note (who, which machine)")
    _db(issue)
    issue.set_defaults(handler=_issue)
    revoke = token_actions.add_parser("revoke", help="revoke a centre's tokens")
    revoke.add_argument("--centre", required=True, metavar="ID")
    revoke.add_argument("--id", type=int, help="only the token with this id")
    _db(revoke)
    revoke.set_defaults(handler=_revoke)
    listing = token_actions.add_parser("list", help="tokens (never their values)")
    _db(listing)
    listing.set_defaults(handler=_list_tokens)

    for name, helptext in (
        ("push-catalogue", "push a catalogue JSON file to a centre or all"),
        ("push-hours", 'push opening hours {"hours": {...}, "holidays": [...]}'),
        ("push-settings", 'push centre settings {"kiosk": {"idle_seconds": 60}, ...}'),
    ):
        push = actions.add_parser(name, help=helptext)
        push.add_argument("file", metavar="FILE")
        target = push.add_mutually_exclusive_group(required=True)
        target.add_argument("--centre", metavar="ID")
        target.add_argument("--all", action="store_true")
        push.add_argument("--note", default="")
        _db(push)
        push.set_defaults(handler=_push, kind=name)

    pushes = actions.add_parser("pushes", help="config pushes and which centres applied them")
    _db(pushes)
    pushes.set_defaults(handler=_pushes)

    user = actions.add_parser("user", help="create an IT user or set its password")
    user.add_argument("username")
    user.add_argument("--password-stdin", action="store_true")
    _db(user)
    user.set_defaults(handler=_user)

    secretary = actions.add_parser(
        "secretary", help="create a reception secretary (the official's office, /office)"
    )
    secretary.add_argument("username")
    secretary.add_argument(
        "--officials", default="*", help="official ids, comma-separated (default: all)"
    )
    secretary.add_argument("--password-stdin", action="store_true")
    _db(secretary)
    secretary.set_defaults(handler=_secretary)

    unlock_user = actions.add_parser(
        "unlock", help="open an IT user locked after wrong passwords (audited)"
    )
    unlock_user.add_argument("username")
    _db(unlock_user)
    unlock_user.set_defaults(handler=_unlock)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="central store URL (server.db_url)")


def _engine(args: argparse.Namespace) -> tuple[CentralSettings, Engine]:
    settings = settings_from_args(args, **{"server.db_url": args.db})
    engine = create_store_engine(settings.server.db_url, 2)
    try:
        migrate.upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        line = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise UserError(f"cannot open the central store: {line}") from None
    return settings, engine


def _now(settings: CentralSettings) -> datetime:
    """IT's clock: the real one (the demo's offset when run inside the demo)."""
    return settings.clock().now()


def status_table(rows: list[CentreStatus], now: datetime) -> str:
    head = (
        "CENTRE",
        "STATE",
        "HEARTBEAT",
        "VERSION",
        "SKEW",
        "BACKLOG",
        "QUEUE",
        "CONFIG",
        "CONFLICTS",
        "ALERTS",
    )
    lines = [head]
    for c in sorted(rows, key=lambda c: (not c.connected, c.centre_id)):
        beat = "never" if c.last_heartbeat_at is None else _ago(now, c.last_heartbeat_at)
        lines.append(
            (
                c.centre_id,
                "STALE" if c.stale else ("ok" if c.connected else "-"),
                beat,
                c.agent_version or "-",
                "-" if c.clock_skew_s is None else f"{c.clock_skew_s:+.0f}s",
                "-" if c.outbox_backlog is None else str(c.outbox_backlog),
                "-" if c.queue_length is None else str(c.queue_length),
                f"v{c.config_cursor}"
                + (f" ({c.pending_pushes} pending)" if c.pending_pushes else ""),
                str(c.conflicts),
                "; ".join([str(a) for a in c.alerts] + ([] if c.has_token else ["no token"]))
                or "-",
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in lines
    )


def _ago(now: datetime, then: datetime) -> str:
    seconds = int((now - then).total_seconds())
    if seconds < 120:
        return f"{seconds}s ago"
    if seconds < 7200:
        return f"{seconds // 60}m ago"
    return then.astimezone(BAKU).strftime("%Y-%m-%d %H:%M")


def _status(args: argparse.Namespace) -> int:
    settings, engine = _engine(args)
    try:
        now = _now(settings)
        rows = overview(engine, now, settings.it.stale_after_s)
    finally:
        engine.dispose()
    print(status_table(rows, now))
    stale = [c.centre_id for c in rows if c.stale]
    if stale:
        print(
            f"\n{len(stale)} stale (no heartbeat for {settings.it.stale_after_s}s): "
            + ", ".join(stale)
        )
    return 0


def _issue(args: argparse.Namespace) -> int:
    settings, engine = _engine(args)
    try:
        token = issue_token(engine, args.centre, _now(settings), args.label)
    finally:
        engine.dispose()
    print(f"token for {args.centre} (shown once; set it as ASANQ_SYNC__TOKEN at the centre):")
    print(token)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    settings, engine = _engine(args)
    try:
        count = revoke_tokens(engine, args.centre, _now(settings), args.id)
    finally:
        engine.dispose()
    if not count:
        raise UserError(f"no live token of {args.centre} to revoke")
    print(f"revoked {count} token(s) of {args.centre}")
    return 0


def _list_tokens(args: argparse.Namespace) -> int:
    _, engine = _engine(args)
    try:
        tokens = list_tokens(engine)
    finally:
        engine.dispose()
    for t in tokens:
        state = "revoked " + t.revoked_at.strftime("%Y-%m-%d %H:%M") if t.revoked_at else "live"
        print(f"{t.id:>4}  {t.centre_id:<16} {state:<24} {t.label}")
    return 0


def _push(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path} must hold a JSON object")
    target = ALL if args.all else args.centre
    settings, engine = _engine(args)
    try:
        pusher = {
            "push-catalogue": push_catalogue,
            "push-hours": push_hours,
            "push-settings": push_settings,
        }[args.kind]
        push_id = pusher(engine, data, target, _now(settings), args.note)
    except PushRefused as exc:
        raise UserError(str(exc)) from None
    finally:
        engine.dispose()
    who = "all centres" if target == ALL else target
    print(
        f"config v{push_id} ({args.kind.removeprefix('push-')}) queued for {who}; "
        "centres apply it on their next sync (see `asan-queue it pushes`)"
    )
    return 0


def _pushes(args: argparse.Namespace) -> int:
    settings, engine = _engine(args)
    try:
        centres = [c.centre_id for c in overview(engine, _now(settings), 120) if c.has_token]
        history = push_history(engine, centres)
    finally:
        engine.dispose()
    if not history:
        print("no config pushes yet")
    for p in history:
        target = "all" if p.target == ALL else p.target
        applied = ", ".join(sorted(p.applied)) or "-"
        waiting = ", ".join(p.waiting) or "-"
        line = f"v{p.id:<4} {p.kind:<10} to {target:<10} applied: {applied:<30} waiting: {waiting}"
        print(line.rstrip())
    return 0


def _secretary(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"new password for {args.username}: ")
    settings, engine = _engine(args)
    wanted = [o.strip() for o in args.officials.split(",") if o.strip()]
    try:
        known = {o.id for o in Officials(engine).all()}
        unknown = sorted(set(wanted) - known - {"*"})
        if unknown:
            raise UserError(
                f"unknown officials: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        set_secretary(engine, args.username, password, wanted, _now(settings))
    except SecretaryWeakPassword as exc:
        raise UserError(str(exc)) from None
    finally:
        engine.dispose()
    print(f"reception secretary {args.username} can sign in at /office")
    return 0


def _user(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"new password for {args.username}: ")
    settings, engine = _engine(args)
    try:
        set_password(engine, args.username, password, _now(settings))
    except WeakPassword as exc:
        raise UserError(str(exc)) from None
    finally:
        engine.dispose()
    print(f"IT user {args.username} can sign in at /it")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    _, engine = _engine(args)
    try:
        found = unlock(engine, args.username)
    finally:
        engine.dispose()
    if not found:
        raise UserError(f"no IT user {args.username!r} (create one with `asan-queue it user`)")
    print(f"IT user {args.username} is unlocked")
    return 0
