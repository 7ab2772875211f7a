"""What every `asan-queue` subcommand shares: settings loading and one-line errors.

The `asan-queue` entry point (`kiosk_app.cli.main`) sets `settings_class` on the
parsed arguments to the fullest settings model of the machine, so one TOML file
configures every command; the central commands only read their own sections.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeVar

from server_sync.logs import setup_logging
from server_sync.ops.envfile import EnvFileError, load_secrets
from server_sync.settings import CentralSettings, SettingsError, load_settings

S = TypeVar("S", bound=CentralSettings)


class UserError(Exception):
    """A problem the user can fix; printed as one line with a non-zero exit."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def load_cli_settings(cls: type[S], args: argparse.Namespace, **overrides: object) -> S:
    """Settings of class `cls` from `--config`/env with command-line overrides.

    `overrides` uses dotted keys (`server.db_url`); `None` values are ignored.
    Logging is set up from the result.
    """
    config = getattr(args, "config", None)
    try:
        load_secrets()  # $ASANQ_SECRETS: the installed secrets file, for commands run by hand
        settings = load_settings(cls, Path(config) if config else None)
        settings = settings.with_overrides({k: v for k, v in overrides.items() if v is not None})
    except (SettingsError, EnvFileError) as exc:
        raise UserError(str(exc)) from None
    setup_logging(settings.log)
    return settings


def settings_from_args(args: argparse.Namespace, **overrides: object) -> CentralSettings:
    """The settings a central command runs with (see the module docstring)."""
    cls: type[CentralSettings] = getattr(args, "settings_class", CentralSettings)
    return load_cli_settings(cls, args, **overrides)
