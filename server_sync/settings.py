"""Settings in one place: a TOML file, overridden by `ASANQ_<SECTION>__<KEY>`.

Precedence, highest first: environment variables, the TOML file given by
`--config` or `ASANQ_CONFIG`, built-in defaults. Each package owns the model of
its own sections; `CentralSettings` holds the central service's and the sync
agent's, and `kiosk_app.settings.Settings` adds a centre's on top, so one file
configures a whole machine.
"""

from __future__ import annotations

import json
import os
import tomllib
import types
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, Self, TypeVar, Union, get_args, get_origin

from server_sync.config import (
    AccountSettings,
    ApplicationSettings,
    BackupSettings,
    BookingSettings,
    IdentitySettings,
    ITSettings,
    RetentionSettings,
    ServerSettings,
    SmsSettings,
    SmtpSettings,
    SyncSettings,
    WaterDebtSettings,
)
from server_sync.kernel.clock import SystemClock
from server_sync.kernel.settings_model import (
    Section,
    SettingsInvalid,
    as_data,
    fields_of,
    is_section,
    setting,
    validated,
)


class SettingsError(Exception):
    """The configuration cannot be used; the message says which key and why."""


class LogSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_lines: bool = setting(default=False, key="json")
    file: str | None = None


ENV_PREFIX = "ASANQ_"
ENV_NESTING = "__"


class CentralSettings(Section):
    """Every setting of the central service and of a centre's sync agent. Built
    directly (`CentralSettings(demo=True)`) it holds the defaults and what it is
    given; `load_settings` adds the file and the environment, and checks them."""

    demo: bool = False
    # Demo and tests only: every process of the demo stands this many seconds from
    # the real clock (`asan-queue demo --clock 23:30`); refused outside the demo.
    demo_clock_offset_s: float = setting(default=0.0, ge=-400 * 86400, le=400 * 86400)
    smtp: SmtpSettings = setting(default_factory=SmtpSettings)
    sms: SmsSettings = setting(default_factory=SmsSettings)
    server: ServerSettings = setting(default_factory=ServerSettings)
    booking: BookingSettings = setting(default_factory=BookingSettings)
    accounts: AccountSettings = setting(default_factory=AccountSettings)
    identity: IdentitySettings = setting(default_factory=IdentitySettings)
    applications: ApplicationSettings = setting(default_factory=ApplicationSettings)
    water_debt: WaterDebtSettings = setting(default_factory=WaterDebtSettings)
    sync: SyncSettings = setting(default_factory=SyncSettings)
    it: ITSettings = setting(default_factory=ITSettings)
    log: LogSettings = setting(default_factory=LogSettings)
    backup: BackupSettings = setting(default_factory=BackupSettings)
    retention: RetentionSettings = setting(default_factory=RetentionSettings)

    def with_overrides(self, overrides: dict[str, Any]) -> Self:
        """A copy with dotted keys replaced, validated like any other source."""
        if not overrides:
            return self
        data = as_data(self)
        for dotted, value in overrides.items():
            node = data
            *parents, leaf = dotted.split(".")
            for part in parents:
                node = node[part]
            node[leaf] = value
        return checked(type(self), data)

    def __post_init__(self) -> None:
        if self.demo_clock_offset_s and not self.demo:
            raise ValueError("demo_clock_offset_s is for the demo only (demo = true)")

    def clock(self) -> SystemClock:
        """The clock every process of this configuration reads (the real one, but for
        the demo's offset)."""
        return SystemClock(offset=timedelta(seconds=self.demo_clock_offset_s))

    def require_secrets(self) -> None:
        """Refuse to run outside the demo with a secret left at its default."""
        if self.demo:
            return
        missing = []
        if not self.server.secret_key:
            missing.append("server.secret_key (ASANQ_SERVER__SECRET_KEY)")
        if missing:
            raise SettingsError("secrets must be set outside the demo: " + ", ".join(missing))


S = TypeVar("S", bound=CentralSettings)


def checked(cls: type[S], data: Mapping[str, Any]) -> S:
    """Settings of class `cls` from `data`, or SettingsError naming every bad key."""
    try:
        return validated(cls, data)
    except SettingsInvalid as exc:
        raise SettingsError(f"invalid settings: {exc}") from None


def load_settings(cls: type[S], config_file: Path | None = None) -> S:
    """Read settings of class `cls` from `config_file` (or `$ASANQ_CONFIG`) and the
    environment, which wins key by key."""
    if config_file is None and os.environ.get("ASANQ_CONFIG"):
        config_file = Path(os.environ["ASANQ_CONFIG"])
    data: dict[str, Any] = {}
    if config_file is not None:
        if not config_file.is_file():
            raise SettingsError(f"config file not found: {config_file}")
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {config_file} is not valid TOML: {exc}") from None
    _merge(data, environment_settings(cls, os.environ))
    return checked(cls, data)


def environment_settings(cls: type, environ: Mapping[str, str]) -> dict[str, Any]:
    """The `ASANQ_<SECTION>__<KEY>` variables that name a setting of `cls`, as nested
    data. Names are case-insensitive; a list, table or whole section is written as JSON
    (`ASANQ_SERVER__TRUSTED_PROXIES='["10.0.0.1"]'`); other variables are left alone."""
    data: dict[str, Any] = {}
    for name in sorted(environ):
        if not name.upper().startswith(ENV_PREFIX):
            continue
        path = name[len(ENV_PREFIX) :].lower().split(ENV_NESTING)
        known, annotation = _field(cls, path)
        if not known:
            continue
        value: Any = environ[name]
        if _is_structured(annotation):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise SettingsError(f"{name} must be JSON for {'.'.join(path)}: {exc}") from None
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise SettingsError(f"{name} sets a key inside {part}, which is set whole")
        node[path[-1]] = value
    return data


def _field(cls: type, path: list[str]) -> tuple[bool, Any]:
    """Whether the first key of `path` is a setting of `cls`, and the type at the end
    of `path` where the sections know it (a key they ignore is passed on for them to judge)."""
    section: Any = cls
    annotation: Any = None
    for depth, part in enumerate(path):
        fields = fields_of(section) if is_section(section) else ()
        found = next((f for f in fields if part in (f.name, f.key)), None)
        if found is None:
            return depth > 0, None
        annotation = section = found.type
    return True, annotation


def _is_structured(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_is_structured(a) for a in get_args(annotation) if a is not type(None))
    return is_section(annotation) or (origin or annotation) in (list, dict, set, frozenset, tuple)


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> None:
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
