"""Settings sections owned by the hardware layer (assembled by kiosk_app.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class PrinterSettings(BaseModel):
    """Which ticket printer, as one URL, e.g. `network://127.0.0.1:9100`,
    `serial:///dev/ttyUSB0?baudrate=115200`, `usb://04b8:0e28`,
    `file:///dev/usb/lp0` or `dummy://`."""

    url: str = "network://127.0.0.1:9100"
    paper_width_mm: Literal[58, 80] = 80
    profile: str = "TM-T88V"
    header_image: str | None = None
    status_timeout_s: float = Field(1.0, gt=0, le=30)


class ScannerSettings(BaseModel):
    """The order-code scanner: a pyserial URL, or empty for keyboard-wedge only."""

    url: str | None = None
    baudrate: int = 9600
