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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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


class SettingsError(Exception):
    """The configuration cannot be used; the message says which key and why."""


class LogSettings(BaseModel):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_lines: bool = Field(False, alias="json")
    file: str | None = None

    model_config = {"populate_by_name": True}


ENV_PREFIX = "ASANQ_"
ENV_NESTING = "__"


class CentralSettings(BaseModel):
    """Every setting of the central service and of a centre's sync agent."""

    demo: bool = False
    # Demo and tests only: every process of the demo stands this many seconds from
    # the real clock (`asan-queue demo --clock 23:30`); refused outside the demo.
    demo_clock_offset_s: float = Field(0.0, ge=-400 * 86400, le=400 * 86400)
    smtp: SmtpSettings = SmtpSettings()
    sms: SmsSettings = SmsSettings()
    server: ServerSettings = ServerSettings()
    booking: BookingSettings = BookingSettings()
    accounts: AccountSettings = AccountSettings()
    identity: IdentitySettings = IdentitySettings()
    applications: ApplicationSettings = ApplicationSettings()
    water_debt: WaterDebtSettings = WaterDebtSettings()
    sync: SyncSettings = SyncSettings()
    it: ITSettings = ITSettings()
    log: LogSettings = LogSettings()
    backup: BackupSettings = BackupSettings()
    retention: RetentionSettings = RetentionSettings()

    # Built directly (`CentralSettings(demo=True)`) it holds the defaults and what it is
    # given; `load_settings` adds the file and the environment.
    model_config = ConfigDict(extra="forbid", validate_default=True)

    def with_overrides(self, overrides: dict[str, Any]) -> Self:
        """A copy with dotted keys replaced, validated like any other source."""
        if not overrides:
            return self
        data = self.model_dump(by_alias=True)
        for dotted, value in overrides.items():
            node = data
            *parents, leaf = dotted.split(".")
            for part in parents:
                node = node[part]
            node[leaf] = value
        try:
            return type(self).model_validate(data)
        except ValidationError as exc:
            raise SettingsError(_describe(exc)) from None

    @model_validator(mode="after")
    def _offset_only_in_demo(self) -> Self:
        if self.demo_clock_offset_s and not self.demo:
            raise ValueError("demo_clock_offset_s is for the demo only (demo = true)")
        return self

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


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}")
    return "invalid settings: " + "; ".join(parts)


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
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None


def environment_settings(cls: type[BaseModel], environ: Mapping[str, str]) -> dict[str, Any]:
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


def _field(cls: type[BaseModel], path: list[str]) -> tuple[bool, Any]:
    """Whether the first key of `path` is a setting of `cls`, and the type at the end
    of `path` where the models know it (a key they ignore is passed on for them to judge)."""
    model: Any = cls
    annotation: Any = None
    for depth, part in enumerate(path):
        fields = model.model_fields if _is_model(model) else {}
        field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            return depth > 0, None
        annotation = model = field.annotation
    return True, annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_structured(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_is_structured(a) for a in get_args(annotation) if a is not type(None))
    return _is_model(annotation) or (origin or annotation) in (list, dict, set, frozenset, tuple)


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> None:
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
