"""Settings sections of the staff tools: `[staff]` and `[display]`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

DEFAULT_PRIORITY_CATEGORIES = ["disabled", "elderly", "veterans", "pregnant", "with_infant"]


class StaffSettings(BaseModel):
    """Counter workstation and management screen: sign-in lock-out, who may get
    a priority (imtiyaz) ticket, which counter this workstation is."""

    max_failed_signins: int = Field(5, ge=1, le=100, description="failures before a lock")
    lockout_minutes: int = Field(
        15, ge=1, le=24 * 60, description="first lock; doubles with each further failure"
    )
    lockout_max_minutes: int = Field(24 * 60, ge=1, le=30 * 24 * 60)
    priority_categories: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PRIORITY_CATEGORIES)
    )
    counter: int | None = Field(None, ge=1, le=999)
    language: Literal["az", "ru", "en"] = "az"
    refresh_seconds: float = Field(2.0, ge=0.2, le=60)
    max_recalls: int = Field(
        3,
        ge=1,
        le=20,
        description="recalls after which a ticket that does not come becomes a no-show",
    )


class DisplaySettings(BaseModel):
    """The hall display: how many calls it lists, how it hears of new calls,
    and how it speaks them."""

    rows: int = Field(6, ge=1, le=20)
    fallback_poll_seconds: float = Field(5.0, ge=0.5, le=300)
    notify_dir: str | None = None  # SQLite stores: folder of display sockets
    audio_backend: Literal["auto", "aplay", "paplay", "null"] = "auto"
    chime: bool = True
    speak: bool = True
    language: Literal["az", "ru", "en"] = "az"
