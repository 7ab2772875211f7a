"""Helpers shared by the subcommands: settings loading and one-line errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk_app.logs import setup_logging
from kiosk_app.settings import Settings, SettingsError, load_settings


class UserError(Exception):
    """A problem the user can fix; printed as one line with a non-zero exit."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def settings_from_args(args: argparse.Namespace, **overrides: object) -> Settings:
    """Load settings from `--config`/env and apply command-line overrides.

    `overrides` uses dotted keys (`db.url`); `None` values are ignored.
    """
    config = getattr(args, "config", None)
    try:
        settings = load_settings(Path(config) if config else None)
        settings = settings.with_overrides({k: v for k, v in overrides.items() if v is not None})
    except SettingsError as exc:
        raise UserError(str(exc)) from None
    setup_logging(settings.log)
    return settings
