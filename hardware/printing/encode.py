"""A PrintJob as ESC/POS bytes, written through python-escpos.

`emit_job` drives any python-escpos printer object (its `Dummy` in tests, so the
exact byte stream can be asserted); `job_to_bytes` is the usual entry point.
python-escpos is imported on first use (`_escpos`), not when this module is.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hardware.printing.capabilities import check_profile
from hardware.printing.job import Cut, Feed, PrintJob, Qr, Raster

if TYPE_CHECKING:
    from hardware.printing._escpos import Escpos

ESC_J = b"\x1bJ"  # print and feed n dots
_EC_LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}  # escpos QR_ECLEVEL_* values


def warm_up() -> None:
    """Import python-escpos now (0.1–0.5 s of CPU), so that the first ticket does not
    wait for it: the kiosk calls this off the UI thread once its first frame is up."""
    from hardware.printing import _escpos  # noqa: F401


@lru_cache(maxsize=16)
def escpos_profile(name: str | None, dots: int) -> Any:
    """The named python-escpos profile, told the paper's real width in dots.

    Profiles disagree with the roll in use (TM-T88V says 512 dots) and an
    unknown width makes python-escpos print() a warning; we set it ourselves.
    """
    check_profile(name)
    from hardware.printing._escpos import get_profile_class

    base = get_profile_class(name or "default")
    data = dict(base.profile_data)
    media = dict(data.get("media", {}))
    media["width"] = {"mm": media.get("width", {}).get("mm", "Unknown"), "pixels": dots}
    data["media"] = media
    return type(f"{base.__name__}{dots}", (base,), {"profile_data": data})()


def emit_job(job: PrintJob, printer: Escpos) -> None:
    """Send `job`'s operations to a python-escpos printer object."""
    printer.hw("INIT")
    for op in job.operations:
        if isinstance(op, Raster):
            printer.set(align=op.align.value)
            dense = op.scale == 1
            printer.image(
                op.to_image(),
                high_density_vertical=dense,
                high_density_horizontal=dense,
                impl="bitImageRaster",
            )
        elif isinstance(op, Qr):
            printer.set(align=op.align.value)
            printer.qr(
                op.payload, ec=_EC_LEVELS[op.error_correction], size=op.module_dots, native=True
            )
        elif isinstance(op, Feed):
            remaining = op.dots
            while remaining > 0:
                step = min(remaining, 255)
                printer._raw(ESC_J + bytes((step,)))
                remaining -= step
        elif isinstance(op, Cut):
            printer.set(align="left")
            printer.cut(mode="PART" if op.partial else "FULL")


def job_to_bytes(job: PrintJob, profile: str | None = None) -> bytes:
    """The ESC/POS byte stream for `job` (python-escpos profile `profile`)."""
    from hardware.printing._escpos import Dummy

    dummy = Dummy()
    dummy.profile = escpos_profile(profile, job.paper.dots)
    emit_job(job, dummy)
    return bytes(dummy.output)
