"""All settings in one place: a TOML file, overridden by `ASANQ_<SECTION>__<KEY>`.

Precedence, highest first: environment variables, the TOML file given by
`--config` or `ASANQ_CONFIG`, built-in defaults. Each package owns the model of
its own sections (the printer's lives in `hardware`, SMTP's and the central
service's in `server_sync`); this module only assembles them.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hardware.config import PrinterSettings, ScannerSettings
from kiosk_app.staff_config import DisplaySettings, StaffSettings
from server_sync.config import (
    BookingSettings,
    ITSettings,
    ServerSettings,
    SmtpSettings,
    SyncSettings,
)

DEFAULT_CENTRE_DB = "sqlite:///var/centre.db"


class SettingsError(Exception):
    """The configuration cannot be used; the message says which key and why."""


class DbSettings(BaseModel):
    """The centre store."""

    url: str = DEFAULT_CENTRE_DB


class CentreSettings(BaseModel):
    """Which centre this node is, and which device this process is."""

    id: str = "baku-1"
    device_id: str = "kiosk-1"
    timezone: str = "Asia/Baku"


class CheckInSettings(BaseModel):
    """The check-in window of seed 003: from `before_minutes` before the slot
    until the slot time plus `grace_minutes`."""

    before_minutes: int = Field(30, ge=0, le=24 * 60)
    grace_minutes: int = Field(0, ge=0, le=24 * 60)
    offer_walk_in_when_late: bool = True


class DispatchSettings(BaseModel):
    """Head start, in minutes, each kind of ticket gets in the call order."""

    booked_credit_minutes: int = Field(60, ge=0, le=24 * 60)
    priority_credit_minutes: int = Field(30, ge=0, le=24 * 60)
    target_wait_minutes: int = Field(15, ge=1, le=24 * 60)


class KioskSettings(BaseModel):
    """The touchscreen kiosk."""

    idle_seconds: int = Field(45, ge=5, le=3600)
    language: Literal["az", "ru", "en"] = "az"
    exit_pin_hash: str | None = None
    status_base_url: str = "http://127.0.0.1:8080/t"


class LogSettings(BaseModel):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_lines: bool = Field(False, alias="json")
    file: str | None = None

    model_config = {"populate_by_name": True}


class Settings(BaseSettings):
    """Every setting of a centre node and of the central service."""

    demo: bool = False
    db: DbSettings = DbSettings()
    centre: CentreSettings = CentreSettings()
    checkin: CheckInSettings = CheckInSettings()
    dispatch: DispatchSettings = DispatchSettings()
    kiosk: KioskSettings = KioskSettings()
    staff: StaffSettings = StaffSettings()
    display: DisplaySettings = DisplaySettings()
    printer: PrinterSettings = PrinterSettings()
    scanner: ScannerSettings = ScannerSettings()
    smtp: SmtpSettings = SmtpSettings()
    server: ServerSettings = ServerSettings()
    booking: BookingSettings = BookingSettings()
    sync: SyncSettings = SyncSettings()
    it: ITSettings = ITSettings()
    log: LogSettings = LogSettings()

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

    @field_validator("demo")
    @classmethod
    def _demo_is_bool(cls, value: bool) -> bool:
        return value

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
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

    def require_secrets(self) -> None:
        """Refuse to run outside the demo with a secret left at its default."""
        if self.demo:
            return
        missing = []
        if not self.server.secret_key:
            missing.append("server.secret_key (ASANQ_SERVER__SECRET_KEY)")
        if missing:
            raise SettingsError("secrets must be set outside the demo: " + ", ".join(missing))


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}")
    return "invalid settings: " + "; ".join(parts)


def load_settings(config_file: Path | None = None) -> Settings:
    """Read settings from `config_file` (or `$ASANQ_CONFIG`) and the environment."""
    if config_file is None and os.environ.get("ASANQ_CONFIG"):
        config_file = Path(os.environ["ASANQ_CONFIG"])
    if config_file is not None:
        if not config_file.is_file():
            raise SettingsError(f"config file not found: {config_file}")
        try:
            tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {config_file} is not valid TOML: {exc}") from None
    Settings._toml_file = config_file
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    finally:
        Settings._toml_file = None
