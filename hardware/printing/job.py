"""A print job: a short list of printer operations, independent of any transport.

The layout produces it, `encode.job_to_bytes` turns it into ESC/POS, and the
preview renders it directly (the reference the emulator's PNG is compared to).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from PIL import Image

from hardware.printing.paper import PaperSpec

_INVERT = bytes(255 - i for i in range(256))
_THRESHOLD = [0 if v < 128 else 255 for v in range(256)]


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Raster:
    """A 1-bit image in GS v 0 layout: rows of `width_bytes`, MSB first, 1 = black.

    `scale` 2 asks the printer to double it both ways (GS v 0 mode 3), so a big
    glyph costs a quarter of the bytes.
    """

    width_bytes: int
    height: int
    data: bytes = field(repr=False)
    align: Align = Align.CENTER
    scale: int = 1

    def __post_init__(self) -> None:
        if len(self.data) != self.width_bytes * self.height:
            raise ValueError("raster data does not match its size")
        if self.scale not in (1, 2):
            raise ValueError("raster scale must be 1 or 2")

    @property
    def width(self) -> int:
        """Width in source dots (before `scale`)."""
        return self.width_bytes * 8

    @property
    def printed_size(self) -> tuple[int, int]:
        return self.width * self.scale, self.height * self.scale

    @classmethod
    def from_image(cls, image: Image.Image, align: Align = Align.CENTER, scale: int = 1) -> Raster:
        """From a PIL image where dark pixels print (mode "1": 0 = black)."""
        mono = image if image.mode == "1" else image.convert("L").point(_THRESHOLD).convert("1")
        width_bytes = (mono.width + 7) // 8
        if mono.width != width_bytes * 8:
            padded = Image.new("1", (width_bytes * 8, mono.height), 1)
            padded.paste(mono, (0, 0))
            mono = padded
        return cls(width_bytes, mono.height, mono.tobytes().translate(_INVERT), align, scale)

    def to_image(self) -> Image.Image:
        """As a PIL mode "1" image at source size (0 = black), for escpos and previews."""
        return Image.frombytes("1", (self.width, self.height), self.data.translate(_INVERT))


@dataclass(frozen=True)
class Qr:
    """A QR code printed by the printer itself (GS ( k), so it costs ~100 bytes."""

    payload: str
    module_dots: int = 6
    error_correction: str = "M"
    align: Align = Align.CENTER


@dataclass(frozen=True)
class Feed:
    """Blank paper, in dots."""

    dots: int


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut; ends the ticket."""

    partial: bool = False


Operation = Raster | Qr | Feed | Cut


@dataclass(frozen=True)
class PrintJob:
    """What to print, for a given paper; `title` names it in logs ("ticket A042")."""

    paper: PaperSpec
    operations: tuple[Operation, ...]
    title: str = "job"
