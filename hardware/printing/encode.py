"""A PrintJob as ESC/POS bytes: the few commands a ticket needs, written here.

A ticket is initialise, alignment, GS v 0 rasters (every word is drawn, since no
code page carries `ə`), the printer's own QR code (GS ( k), paper feeds in dots
and a cut. Which cut a printer has comes from its profile (`capabilities`); the
bytes are the ones python-escpos 3.1 writes for the same job (a test compares
them), without importing it at every start.
"""

from __future__ import annotations

from hardware.printing.capabilities import profile_features
from hardware.printing.job import Align, Cut, Feed, PrintJob, Qr, Raster

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
FEED_DOTS = ESC + b"J"  # print and feed n dots
FEED_LINES = ESC + b"d"  # print and feed n lines
FULL_CUT, PART_CUT = GS + b"V\x00", GS + b"V\x01"
CUTTER_LINES = 6  # lines fed before the cut, so the last line clears the blade
RASTER_ROWS = 960  # rows per GS v 0 command: larger images go as several bands

_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
_EC_LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}


def _u16(value: int) -> bytes:
    return value.to_bytes(2, "little")


def align(where: Align) -> bytes:
    return ESC + b"a" + bytes((_ALIGN[where],))


def raster(op: Raster, paper_dots: int) -> bytes:
    """GS v 0 (mode 3 when the printer doubles it), in bands of at most 960 rows."""
    if op.width > paper_dots:
        raise ValueError(f"raster is {op.width} dots wide; the paper has {paper_dots}")
    mode = bytes((0 if op.scale == 1 else 3,))
    row = op.width_bytes
    out = []
    for top in range(0, op.height, RASTER_ROWS):
        rows = min(RASTER_ROWS, op.height - top)
        header = GS + b"v0" + mode + _u16(row) + _u16(rows)
        out.append(header + op.data[top * row : (top + rows) * row])
    return b"".join(out)


def _qr_function(fn: int, data: bytes) -> bytes:
    """One GS ( k function of the QR code symbol (cn = "1")."""
    return GS + b"(k" + _u16(len(data) + 2) + b"1" + bytes((fn,)) + data


def qr(op: Qr) -> bytes:
    """Model 2, module size, error correction, store the payload, print it."""
    if not 1 <= op.module_dots <= 16:
        raise ValueError("QR module size must be 1-16 dots")
    if not op.payload:
        return b""
    return (
        _qr_function(65, b"2\x00")
        + _qr_function(67, bytes((op.module_dots,)))
        + _qr_function(69, bytes((48 + _EC_LEVELS[op.error_correction],)))
        + _qr_function(80, b"0" + op.payload.encode("utf-8"))
        + _qr_function(81, b"0")
    )


def feed(dots: int) -> bytes:
    """ESC J steps of at most 255 dots."""
    steps = [255] * (dots // 255) + ([dots % 255] if dots % 255 else [])
    return b"".join(FEED_DOTS + bytes((step,)) for step in steps)


def cut(op: Cut, profile: str | None) -> bytes:
    """Feed past the blade and cut as asked, or the other way where the printer
    has only that one (no cut at all on a printer with no cutter)."""
    features = profile_features(profile)
    order = ("paperPartCut", "paperFullCut") if op.partial else ("paperFullCut", "paperPartCut")
    command = next(
        (PART_CUT if name == "paperPartCut" else FULL_CUT for name in order if features.get(name)),
        b"",
    )
    return align(Align.LEFT) + FEED_LINES + bytes((CUTTER_LINES,)) + command


def job_to_bytes(job: PrintJob, profile: str | None = None) -> bytes:
    """The ESC/POS byte stream for `job` on a printer of profile `profile`."""
    out = [INIT]
    for op in job.operations:
        if isinstance(op, Raster):
            out += (align(op.align), raster(op, job.paper.dots))
        elif isinstance(op, Qr):
            out += (align(op.align), qr(op))
        elif isinstance(op, Feed):
            out.append(feed(op.dots))
        elif isinstance(op, Cut):
            out.append(cut(op, profile))
    return b"".join(out)
