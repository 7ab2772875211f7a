"""A PrintJob drawn straight from its operations: the reference picture of a ticket.

Used to look at tickets without a printer and as the reference the emulator's
PNG (made from the ESC/POS bytes) is compared to.
"""

from __future__ import annotations

import qrcode
from PIL import Image

from hardware.printing.job import Align, Cut, Feed, PrintJob, Qr, Raster

_QR_EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
CUT_MARGIN_DOTS = 24


def qr_image(payload: str, module_dots: int, error_correction: str) -> Image.Image:
    """The QR code as a mode "1" image without quiet zone (the paper around is white)."""
    code = qrcode.QRCode(border=0, box_size=module_dots, error_correction=_QR_EC[error_correction])
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    small = Image.new("1", (size, size), 1)
    small.putdata([0 if cell else 1 for row in matrix for cell in row])
    return small.resize((size * module_dots, size * module_dots), Image.Resampling.NEAREST)


def x_for(align: Align | str, width: int, paper_dots: int) -> int:
    if align == Align.CENTER:
        return max(0, (paper_dots - width) // 2)
    if align == Align.RIGHT:
        return max(0, paper_dots - width)
    return 0


def render_job(job: PrintJob) -> Image.Image:
    """The ticket as a mode "1" image, `job.paper.dots` wide."""
    pieces: list[tuple[int, int, Image.Image]] = []
    y = 0
    for op in job.operations:
        if isinstance(op, Raster):
            image = op.to_image()
            if op.scale != 1:
                size = op.printed_size
                image = image.resize(size, Image.Resampling.NEAREST)
            pieces.append((x_for(op.align, image.width, job.paper.dots), y, image))
            y += image.height
        elif isinstance(op, Qr):
            image = qr_image(op.payload, op.module_dots, op.error_correction)
            pieces.append((x_for(op.align, image.width, job.paper.dots), y, image))
            y += image.height
        elif isinstance(op, Feed):
            y += op.dots
        elif isinstance(op, Cut):
            y += CUT_MARGIN_DOTS
            break
    page = Image.new("1", (job.paper.dots, max(y, 1)), 1)
    for x, top, image in pieces:
        page.paste(image, (x, top))
    return page
