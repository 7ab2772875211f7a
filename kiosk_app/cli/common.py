"""Settings loading for the centre's subcommands (errors: `server_sync.cli.common`)."""

from __future__ import annotations

import argparse

from kiosk_app.settings import Settings
from server_sync.cli.common import UserError, load_cli_settings

__all__ = ["UserError", "settings_from_args"]


def settings_from_args(args: argparse.Namespace, **overrides: object) -> Settings:
    """A centre's settings from `--config`/env and command-line overrides (dotted keys)."""
    return load_cli_settings(Settings, args, **overrides)
