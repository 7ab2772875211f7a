"""Order-code input: serial scanners (pyserial URL) and keyboard-wedge decoding."""

from hardware.scanning.codes import MAX_DIGITS, MIN_DIGITS, extract_order_code
from hardware.scanning.serial_scanner import OrderCodeScanner
from hardware.scanning.wedge import KeyboardWedgeDecoder

__all__ = [
    "MAX_DIGITS",
    "MIN_DIGITS",
    "KeyboardWedgeDecoder",
    "OrderCodeScanner",
    "extract_order_code",
]
