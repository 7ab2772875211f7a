"""The ticket layout: a pure function from a TicketSlip to a PrintJob.

The number is what people read from arm's length, so it takes the full paper
width; everything else is set smaller around it. The QR is printed by the
printer itself (GS ( k): a raster QR would cost kilobytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from hardware.printing.job import Cut, Feed, Operation, PrintJob, Qr, Raster
from hardware.printing.paper import PaperSpec, paper_spec
from hardware.printing.slip import TicketSlip
from hardware.printing.typeset import SetLine, TextStyle, fit_size, set_line, wrap

MARGIN_DOTS = 12


@dataclass(frozen=True)
class _Styles:
    centre: TextStyle
    caption: TextStyle
    number: TextStyle  # drawn at half size and doubled by the printer
    service: TextStyle
    booking: TextStyle
    info: TextStyle
    small: TextStyle
    qr_module: int
    gap: int


_WIDE = _Styles(
    centre=TextStyle(26, bold=True),
    caption=TextStyle(24),
    number=TextStyle(100, bold=True, leading=1.0),
    service=TextStyle(30, bold=True),
    booking=TextStyle(28, bold=True),
    info=TextStyle(26),
    small=TextStyle(21),
    qr_module=6,
    gap=18,
)
_NARROW = _Styles(
    centre=TextStyle(22, bold=True),
    caption=TextStyle(21),
    number=TextStyle(80, bold=True, leading=1.0),
    service=TextStyle(25, bold=True),
    booking=TextStyle(23, bold=True),
    info=TextStyle(22),
    small=TextStyle(18),
    qr_module=5,
    gap=14,
)


class _Builder:
    """Collects operations, merging the blank space around lines into single feeds."""

    def __init__(self, paper: PaperSpec) -> None:
        self.paper = paper
        self.ops: list[Operation] = []
        self.pending_feed = 0

    @property
    def text_width(self) -> int:
        return self.paper.dots - 2 * MARGIN_DOTS

    def gap(self, dots: int) -> None:
        self.pending_feed += dots

    def raster(self, raster: Raster) -> None:
        self._flush_feed()
        self.ops.append(raster)

    def line(self, line: SetLine) -> None:
        self.pending_feed += line.above
        if line.raster is not None:
            self.raster(line.raster)
        self.pending_feed += line.below

    def text(self, text: str, style: TextStyle, max_lines: int = 3) -> None:
        """Wrapped, centred text; a text too long for `max_lines` is shrunk to fit."""
        lines = wrap(text, style, self.text_width)
        while len(lines) > max_lines and style.size > 14:
            style = TextStyle(style.size - 1, style.bold, style.leading)
            lines = wrap(text, style, self.text_width)
        for line in lines:
            self.line(set_line(line, style))

    def rule(self, thickness: int = 2) -> None:
        width = self.text_width * 3 // 4
        self.raster(Raster.from_image(Image.new("1", (width, thickness), 0)))

    def qr(self, payload: str, module: int) -> None:
        self._flush_feed()
        self.ops.append(Qr(payload, module_dots=module))

    def cut(self) -> None:
        self.pending_feed = 0
        self.ops.append(Cut())

    def _flush_feed(self) -> None:
        if self.pending_feed > 0:
            self.ops.append(Feed(self.pending_feed))
        self.pending_feed = 0


def layout_ticket(
    slip: TicketSlip, paper: PaperSpec | int, *, header: Raster | None = None
) -> PrintJob:
    """The print job for `slip` on `paper` (a PaperSpec or 58/80 mm), header image on top."""
    spec = paper_spec(paper)
    styles = _WIDE if spec.dots >= 512 else _NARROW
    words = slip.words
    b = _Builder(spec)
    if header is not None:
        b.raster(header)
        b.gap(styles.gap)
    b.text(slip.centre_name, styles.centre, max_lines=2)
    b.gap(styles.gap // 2)
    b.rule()
    b.gap(styles.gap)
    b.line(set_line(words.your_number, styles.caption))
    number_style = fit_size(slip.number, styles.number, b.text_width // 2, min_size=20)
    b.line(set_line(slip.number, number_style, scale=2))
    b.gap(styles.gap // 2)
    b.text(slip.service_name, styles.service)
    if slip.booked:
        b.gap(styles.gap // 2)
        b.text(words.online_booking, styles.booking, max_lines=1)
        b.text(words.slot, styles.booking, max_lines=1)
    b.gap(styles.gap)
    b.text(words.people_ahead, styles.info)
    b.text(words.wait, styles.info)
    b.gap(styles.gap)
    b.qr(slip.status_url, styles.qr_module)
    b.gap(styles.gap // 2)
    b.text(words.scan, styles.small)
    b.gap(styles.gap)
    b.text(words.issued, styles.small)
    if words.footer:
        b.text(words.footer, styles.small)
    b.cut()
    return PrintJob(spec, tuple(b.ops), title=f"ticket {slip.number}")
