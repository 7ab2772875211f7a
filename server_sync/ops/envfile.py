"""The secrets file: `KEY=value` lines, the format of systemd's `EnvironmentFile=`.

Units read it through `EnvironmentFile=` (systemd does, as root, before dropping
privileges); commands run by hand get it through `$ASANQ_SECRETS`. Values may be
single- or double-quoted (an argon2 hash has `$` in it); nothing is expanded, and
the file is never executed as shell.
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from pathlib import Path

_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")


class EnvFileError(Exception):
    """The secrets file cannot be read or has a line that is not `KEY=value`."""


def parse_env(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise EnvFileError(f"line {number} is not KEY=value")
        key, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def quote(value: str) -> str:
    """A value written so that systemd and a POSIX shell both read it literally."""
    if "'" in value or "\n" in value:
        raise ValueError("a secret may not contain a single quote or a newline")
    return f"'{value}'"


def read_env_file(path: Path) -> dict[str, str]:
    try:
        return parse_env(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EnvFileError(f"cannot read secrets file {path}: {exc.strerror}") from None
    except EnvFileError as exc:
        raise EnvFileError(f"secrets file {path}: {exc}") from None


def load_secrets(env: MutableMapping[str, str] | None = None) -> list[str]:
    """Put `$ASANQ_SECRETS`'s values into the environment (variables already set win);
    returns the keys loaded."""
    env = os.environ if env is None else env
    name = env.get("ASANQ_SECRETS")
    if not name:
        return []
    loaded = []
    for key, value in read_env_file(Path(name)).items():
        if key not in env:
            env[key] = value
            loaded.append(key)
    return loaded
