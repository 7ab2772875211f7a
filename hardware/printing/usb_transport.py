"""USB printers through python-escpos's `Usb` (pyusb + libusb), with our own timeouts.

pyusb is imported only when a usb:// printer is opened, so the rest of the
package works on machines without it; a missing library is a clear LinkError.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from typing import Any

from hardware.printing.transports import LinkError, LinkTimeout


def _ms_until(deadline: float) -> int:
    return max(1, int((deadline - time.monotonic()) * 1000))


class UsbTransport:
    """A USB printer by vendor and product id (bulk endpoints `in_ep`/`out_ep`)."""

    keep_open = True
    can_read = True
    bytes_per_s = None

    def __init__(self, vendor_id: int, product_id: int, in_ep: int = 0x82, out_ep: int = 0x01):
        self.vendor_id, self.product_id = vendor_id, product_id
        self.in_ep, self.out_ep = in_ep, out_ep
        self.name = f"usb://{vendor_id:04x}:{product_id:04x}"
        self._printer: Any = None
        self._usb_core: Any = None

    @property
    def is_open(self) -> bool:
        return self._printer is not None

    def open(self, timeout: float) -> None:
        try:
            self._usb_core = importlib.import_module("usb.core")
            importlib.import_module("hardware.printing._escpos")  # python-escpos, tamed, first
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Usb
        except ImportError:
            raise LinkError("USB printing needs pyusb (pip install pyusb) and libusb-1.0") from None
        printer = Usb(
            self.vendor_id,
            self.product_id,
            timeout=int(timeout * 1000),
            in_ep=self.in_ep,
            out_ep=self.out_ep,
        )
        try:
            printer.open()
        except DeviceNotFoundError:
            raise LinkError(
                f"no USB printer {self.name[6:]} (unplugged or no permission)"
            ) from None
        except self._usb_core.NoBackendError:
            raise LinkError("no libusb backend: install libusb-1.0-0") from None
        except self._usb_core.USBError as exc:
            raise LinkError(f"USB printer {self.name[6:]}: {exc}") from None
        self._printer = printer

    def write(self, data: bytes, deadline: float) -> None:
        device = self._require()
        try:
            device.write(self.out_ep, data, _ms_until(deadline))
        except self._usb_core.USBTimeoutError:
            raise LinkTimeout("the USB printer did not take the data in time") from None
        except self._usb_core.USBError as exc:
            raise LinkError(f"USB printer failed: {exc}") from None

    def read(self, count: int, deadline: float) -> bytes:
        device = self._require()
        got = b""
        while len(got) < count and time.monotonic() < deadline:
            try:
                got += bytes(device.read(self.in_ep, 64, _ms_until(deadline)))
            except self._usb_core.USBTimeoutError:
                break
            except self._usb_core.USBError as exc:
                raise LinkError(f"USB printer failed: {exc}") from None
        return got[:count]

    def discard_input(self) -> None:
        device = self._require()
        try:
            while device.read(self.in_ep, 64, 1):
                pass
        except self._usb_core.USBError:
            pass

    def close(self) -> None:
        if self._printer is not None:
            with contextlib.suppress(Exception):
                self._printer.close()
            self._printer = None

    def _require(self) -> Any:
        if self._printer is None:
            raise LinkError("USB printer not open")
        return self._printer.device
