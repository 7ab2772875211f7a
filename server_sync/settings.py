"""Settings in one place: a TOML file, overridden by `ASANQ_<SECTION>__<KEY>`.

Precedence, highest first: environment variables, the TOML file given by
`--config` or `ASANQ_CONFIG`, built-in defaults. Each package owns the model of
its own sections; `CentralSettings` holds the central service's and the sync
agent's, and `kiosk_app.settings.Settings` adds a centre's on top, so one file
configures a whole machine.
"""

from __future__ import annotations

import os
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar, Literal, Self, TypeVar

from pydantic import BaseModel, Field, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

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


class CentralSettings(BaseSettings):
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

    model_config = SettingsConfigDict(
        env_prefix="ASANQ_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    _toml_file: ClassVar[Path | None] = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if cls._toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=cls._toml_file))
        return tuple(sources)

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
    environment."""
    if config_file is None and os.environ.get("ASANQ_CONFIG"):
        config_file = Path(os.environ["ASANQ_CONFIG"])
    if config_file is not None:
        if not config_file.is_file():
            raise SettingsError(f"config file not found: {config_file}")
        try:
            tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {config_file} is not valid TOML: {exc}") from None
    cls._toml_file = config_file
    try:
        return cls()
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    finally:
        cls._toml_file = None
