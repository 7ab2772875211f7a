"""A network ESC/POS printer emulator for tests and the demo (PNG per ticket)."""

from hardware.emulator.faults import Fault, status_answer
from hardware.emulator.parser import Command, EscPosParser
from hardware.emulator.render import PageRenderer, render_escpos
from hardware.emulator.server import EmulatedJob, PrinterEmulator

__all__ = [
    "Command",
    "EmulatedJob",
    "EscPosParser",
    "Fault",
    "PageRenderer",
    "PrinterEmulator",
    "render_escpos",
    "status_answer",
]
