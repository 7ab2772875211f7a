"""Settings sections of the staff tools: `[staff]` and `[display]`."""

from __future__ import annotations

from typing import Literal

from server_sync.kernel.settings_model import Section, setting

DEFAULT_PRIORITY_CATEGORIES = ["disabled", "elderly", "veterans", "pregnant", "with_infant"]


class StaffSettings(Section):
    """Counter workstation and management screen: sign-in lock-out, who may get
    a priority (imtiyaz) ticket, which counter this workstation is."""

    max_failed_signins: int = setting(default=5, ge=1, le=100, doc="failures before a lock")
    lockout_minutes: int = setting(
        default=15, ge=1, le=24 * 60, doc="first lock; doubles with each further failure"
    )
    lockout_max_minutes: int = setting(default=24 * 60, ge=1, le=30 * 24 * 60)
    priority_categories: list[str] = setting(
        default_factory=lambda: list(DEFAULT_PRIORITY_CATEGORIES)
    )
    counter: int | None = setting(default=None, ge=1, le=999)
    language: Literal["az", "ru", "en"] = "az"
    refresh_seconds: float = setting(default=2.0, ge=0.2, le=60)
    max_recalls: int = setting(
        default=3,
        ge=1,
        le=20,
        doc="recalls after which a ticket that does not come becomes a no-show",
    )
    # imtiyaz tickets issued at a counter go to this workstation's `[printer]`
    print_priority: bool = True
    # an untouched console signs out (closing the counter) after this long; 0 = never
    idle_sign_out_minutes: float = setting(default=15, ge=0, le=24 * 60)


class DisplaySettings(Section):
    """The hall display: how many calls it lists, how it hears of new calls,
    and how it speaks them."""

    rows: int = setting(default=6, ge=1, le=20)
    fallback_poll_seconds: float = setting(default=5.0, ge=0.5, le=300)
    notify_dir: str | None = None  # SQLite stores: folder of display sockets
    audio_backend: Literal["auto", "aplay", "paplay", "null"] = "auto"
    chime: bool = True
    speak: bool = True
    language: Literal["az", "ru", "en"] = "az"
