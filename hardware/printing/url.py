"""The printer URL of the settings, parsed: which transport and its parameters.

network://HOST[:PORT]                      raw TCP, port 9100 by default
serial:///dev/ttyUSB0?baudrate=115200      any pyserial port or URL; also
serial://loop://, socket://host:port ...   pyserial URL schemes as they are
usb://VID:PID[?in_ep=0x82&out_ep=0x01]     hex ids, e.g. usb://04b8:0e28
file:///dev/usb/lp0                        a device node or a file to append to
dummy://                                   keeps the bytes in memory
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from hardware.printing.errors import PrinterUrlError

Kind = Literal["network", "serial", "usb", "file", "dummy"]
_PYSERIAL_SCHEMES = {"loop", "socket", "rfc2217", "spy", "alt", "hwgrep", "cp2110"}
_SERIAL_KEYS = {"baudrate", "rtscts", "dsrdtr", "xonxoff"}
_HINT = (
    "use network://HOST:9100, serial:///dev/ttyUSB0?baudrate=115200, usb://VID:PID, "
    "file:///dev/usb/lp0 or dummy://"
)


@dataclass(frozen=True)
class PrinterAddress:
    kind: Kind
    host: str = ""
    port: int = 9100
    device: str = ""  # serial port / pyserial URL, or file path
    baudrate: int = 9600
    rtscts: bool = False
    dsrdtr: bool = False
    xonxoff: bool = False
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01


def _fail(url: str, why: str) -> PrinterUrlError:
    return PrinterUrlError(f"printer URL {url!r}: {why}; {_HINT}")


def parse_printer_url(url: str) -> PrinterAddress:
    """Parse `url`; a garbled or unknown one raises PrinterUrlError saying why."""
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or not scheme:
        raise _fail(url, "no scheme")
    if scheme == "network":
        return _network(url, text)
    if scheme == "serial":
        return _serial(url, rest)
    if scheme in _PYSERIAL_SCHEMES:
        return _serial(url, text)
    if scheme == "usb":
        return _usb(url, rest)
    if scheme == "file":
        return _file(url, text)
    if scheme == "dummy":
        if rest.strip("/"):
            raise _fail(url, "dummy:// takes no address")
        return PrinterAddress("dummy")
    raise _fail(url, f"unknown scheme {scheme!r}")


def _network(url: str, text: str) -> PrinterAddress:
    parts = urlsplit(text)
    try:
        port = parts.port or 9100
    except ValueError:
        raise _fail(url, "the port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise _fail(url, "no host")
    if parts.path.strip("/") or parts.query:
        raise _fail(url, "a network printer URL is just host and port")
    return PrinterAddress("network", host=parts.hostname, port=port)


def _serial(url: str, rest: str) -> PrinterAddress:
    device, _, query = rest.partition("?")
    options = dict(parse_qsl(query, keep_blank_values=True))
    ours = {k: options.pop(k) for k in list(options) if k in _SERIAL_KEYS}
    if options and "://" not in device:
        raise _fail(url, f"unknown serial option(s) {', '.join(sorted(options))}")
    if options:  # pyserial URL options (e.g. loop://?logging=debug) stay with the URL
        device = f"{device}?{urlencode(options)}"
    if not device:
        raise _fail(url, "no serial port")
    try:
        baudrate = int(ours.get("baudrate", "9600"))
    except ValueError:
        raise _fail(url, "baudrate must be a number") from None
    if not 50 <= baudrate <= 4_000_000:
        raise _fail(url, f"baudrate {baudrate} is not plausible")
    return PrinterAddress(
        "serial",
        device=device,
        baudrate=baudrate,
        rtscts=_flag(url, "rtscts", ours.get("rtscts", "0")),
        dsrdtr=_flag(url, "dsrdtr", ours.get("dsrdtr", "0")),
        xonxoff=_flag(url, "xonxoff", ours.get("xonxoff", "0")),
    )


def _flag(url: str, key: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on", ""):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise _fail(url, f"{key} must be true or false")


def _usb(url: str, rest: str) -> PrinterAddress:
    ids, _, query = rest.partition("?")
    vendor, colon, product = ids.strip("/").partition(":")
    try:
        if not colon:
            raise ValueError
        vendor_id, product_id = int(vendor, 16), int(product, 16)
        if not (0 < vendor_id <= 0xFFFF and 0 < product_id <= 0xFFFF):
            raise ValueError
    except ValueError:
        raise _fail(url, "USB ids must be VID:PID in hex, e.g. usb://04b8:0e28") from None
    options = dict(parse_qsl(query))
    try:
        in_ep = int(options.pop("in_ep", "0x82"), 0)
        out_ep = int(options.pop("out_ep", "0x01"), 0)
    except ValueError:
        raise _fail(url, "in_ep and out_ep must be numbers such as 0x82") from None
    if options:
        raise _fail(url, f"unknown USB option(s) {', '.join(sorted(options))}")
    return PrinterAddress(
        "usb", vendor_id=vendor_id, product_id=product_id, in_ep=in_ep, out_ep=out_ep
    )


def _file(url: str, text: str) -> PrinterAddress:
    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost"):
        raise _fail(url, "a file URL needs an absolute path: file:///path")
    if not parts.path.startswith("/") or parts.path == "/":
        raise _fail(url, "no file path")
    return PrinterAddress("file", device=parts.path)
