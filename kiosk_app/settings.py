"""A centre node's settings: the central ones (`server_sync.settings`) plus the
centre's own sections (store, kiosk, staff, display, printer, scanner). Loading,
precedence and overrides are `server_sync.settings`'s; this module only adds sections
(frozen dataclasses, checked as `server_sync.kernel.settings_model` describes).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from hardware.config import PrinterSettings, ScannerSettings
from kiosk_app.staff_config import DisplaySettings, StaffSettings
from server_sync.kernel.settings_model import Section, setting
from server_sync.settings import CentralSettings, SettingsError
from server_sync.settings import load_settings as _load

DEFAULT_CENTRE_DB = "sqlite:///var/centre.db"


class DbSettings(Section):
    """The centre store."""

    url: str = DEFAULT_CENTRE_DB
    check_on_open: bool = setting(
        default=True,
        doc="run SQLite's quick check whenever a program opens the store and refuse a "
        "damaged one (~35 ms at 10k tickets, ~0.5 s at 100k); `db check` runs the full one",
    )


class CentreSettings(Section):
    """Which centre this node is, and which device this process is."""

    id: str = "baku-1"
    device_id: str = "kiosk-1"
    timezone: str = "Asia/Baku"
    config_check_seconds: float = setting(
        default=5.0,
        ge=0.5,
        le=60,
        doc="how often running screens look for a new catalogue, hours or IT settings",
    )


class CheckInSettings(Section):
    """What the kiosk offers around check-in. The window itself is set centrally
    (`booking.checkin_before_minutes`, `booking.checkin_grace_minutes`, or per centre
    and service in the catalogue's `booking_rules`) and reaches the centre with the
    catalogue."""

    offer_walk_in_when_late: bool = True

    MOVED: ClassVar[dict[str, str]] = {
        "before_minutes": "booking.checkin_before_minutes (or per centre and service in the "
        "catalogue's booking_rules)",
        "grace_minutes": "booking.checkin_grace_minutes (or per centre and service in the "
        "catalogue's booking_rules)",
    }


class DispatchSettings(Section):
    """Head start, in minutes, each kind of ticket gets in the call order."""

    booked_credit_minutes: int = setting(default=60, ge=0, le=24 * 60)
    priority_credit_minutes: int = setting(default=30, ge=0, le=24 * 60)
    target_wait_minutes: int = setting(default=15, ge=1, le=24 * 60)


class ForecastSettings(Section):
    """The staffing forecast (`asan-queue forecast`, the management screen's chart):
    the service level to staff for, how much history to learn from, how many
    simulated days."""

    within_minutes: int = setting(default=15, ge=1, le=24 * 60)
    target_share: float = setting(default=0.9, gt=0, le=1)
    history_weeks: int = setting(default=8, ge=1, le=104)
    replications: int = setting(default=40, ge=1, le=1000)
    search_replications: int = setting(default=10, ge=1, le=200)
    seed: int = 1


class TurnSmsSettings(Section):
    """ "Your turn is near" by SMS (növbəniz yaxınlaşır): for a booking's phone and a
    walk-in's typed one, sent by the centre through its own SMS outbox (`sms.url`)."""

    enabled: bool = setting(default=True, doc="off: no requests taken, no phone asked")
    ahead: int = setting(default=3, ge=0, le=50, doc="send when at most this many are ahead")
    valid_minutes: int = setting(
        default=30, ge=1, le=24 * 60, doc="give the SMS up if it cannot go out within this"
    )
    send_interval_s: float = setting(
        default=2.0, gt=0, le=300, doc="how often the centre's SMS sender looks for work"
    )


class KioskSettings(Section):
    """The touchscreen kiosk."""

    idle_seconds: int = setting(default=45, ge=5, le=3600)
    language: Literal["az", "ru", "en"] = "az"
    exit_pin_hash: str | None = setting(default=None, secret=True)
    status_base_url: str = "http://127.0.0.1:8080/t"
    ticket_socket: str = setting(
        default="auto",
        doc="where the running kiosk takes `asan-queue ticket` requests and prints them on "
        "its own printer: auto = `<store>.kiosk.sock` beside a SQLite store; empty = off",
    )
    exit_pin_max_failures: int = setting(
        default=5, ge=1, le=100, doc="wrong exit PINs before a lock"
    )
    exit_pin_lock_minutes: int = setting(
        default=1, ge=1, le=1440, doc="first lock of the exit PIN; doubles with each failure"
    )
    exit_pin_lock_max_minutes: int = setting(default=60, ge=1, le=1440)
    unknown_codes_limit: int = setting(
        default=5, ge=1, le=1000, doc="unknown order codes before the kiosk cools down"
    )
    unknown_codes_minutes: int = setting(
        default=2, ge=1, le=1440, doc="...within this many minutes (the cool-down ends with it)"
    )
    guessing_alert_minutes: int = setting(
        default=30, ge=1, le=1440, doc="how long staff and IT see a kiosk's guessing alert"
    )


class AccessibleSettings(Section):
    """The kiosk's accessible mode (the button at the bottom of every screen): every
    control in the band of the screen below `reach_m` above the floor, given where
    the screen's lower and upper edges are on this kiosk; larger text; spoken prompts."""

    reach_m: float = setting(default=1.2, gt=0, le=3)
    screen_bottom_m: float = setting(default=0.75, ge=0, le=3)
    screen_top_m: float = setting(default=1.45, gt=0, le=3)
    text_scale: float = setting(default=1.25, ge=1, le=2)
    speech: bool = True
    words_per_minute: int = setting(default=140, ge=80, le=400)

    def __post_init__(self) -> None:
        if self.screen_top_m <= self.screen_bottom_m:
            raise ValueError("accessible.screen_top_m must be above accessible.screen_bottom_m")

    @property
    def band_fraction(self) -> float:
        """The share of the screen's height (from the bottom) within reach, 0.3–1."""
        span = self.screen_top_m - self.screen_bottom_m
        return min(max((self.reach_m - self.screen_bottom_m) / span, 0.3), 1.0)


class Settings(CentralSettings):
    """Every setting of a centre node (and, on one machine, of the central service)."""

    db: DbSettings = setting(default_factory=DbSettings)
    centre: CentreSettings = setting(default_factory=CentreSettings)
    checkin: CheckInSettings = setting(default_factory=CheckInSettings)
    dispatch: DispatchSettings = setting(default_factory=DispatchSettings)
    forecast: ForecastSettings = setting(default_factory=ForecastSettings)
    kiosk: KioskSettings = setting(default_factory=KioskSettings)
    accessible: AccessibleSettings = setting(default_factory=AccessibleSettings)
    turn_sms: TurnSmsSettings = setting(default_factory=TurnSmsSettings)
    staff: StaffSettings = setting(default_factory=StaffSettings)
    display: DisplaySettings = setting(default_factory=DisplaySettings)
    printer: PrinterSettings = setting(default_factory=PrinterSettings)
    scanner: ScannerSettings = setting(default_factory=ScannerSettings)


def load_settings(config_file: Path | None = None) -> Settings:
    """A centre's settings from `config_file` (or `$ASANQ_CONFIG`) and the environment."""
    return _load(Settings, config_file)


__all__ = ["Settings", "SettingsError", "load_settings"]
