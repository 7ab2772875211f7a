"""Settings sections owned by the hardware layer (assembled by kiosk_app.settings).

Frozen dataclasses, since hardware imports nothing of ours: a key's limits ride in
`field(metadata=...)` under the names `server_sync.kernel.settings_model` reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, kw_only=True)
class PrinterSettings:
    """Which ticket printer, as one URL, e.g. `network://127.0.0.1:9100`,
    `serial:///dev/ttyUSB0?baudrate=115200`, `usb://04b8:0e28`,
    `file:///dev/usb/lp0` or `dummy://`."""

    url: str = "network://127.0.0.1:9100"
    paper_width_mm: Literal[58, 80] = 80
    profile: str = "TM-T88V"
    header_image: str | None = None
    status_timeout_s: float = field(default=1.0, metadata={"gt": 0, "le": 30})
    # Time for a whole ticket to reach the printer and be confirmed (serial links get
    # extra time for their baud rate on top).
    print_timeout_s: float = field(default=15.0, metadata={"gt": 0, "le": 300})
    # Refuse to print when a printer that could answer status does not (False for
    # serial printers wired without a receive line).
    require_status: bool = True


@dataclass(frozen=True, kw_only=True)
class ScannerSettings:
    """The order-code scanner: a pyserial URL, or empty for keyboard-wedge only."""

    url: str | None = None
    baudrate: int = 9600
    reconnect_max_s: float = field(default=5.0, metadata={"gt": 0, "le": 300})
    # Keyboard-wedge scanners type faster than this between keys; people do not.
    wedge_max_key_interval_ms: int = field(default=50, metadata={"ge": 5, "le": 500})
