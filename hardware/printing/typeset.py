"""Text set as compact 1-bit rasters with the bundled DejaVu Sans.

Why raster: no ESC/POS code page carries `ə`/`Ə`, and python-escpos 3.1 loses
its code page after INIT, so every word on a ticket is drawn here. Each line is
cropped to its ink (both ways) and the blank space around it becomes a paper
feed, which keeps a whole ticket under ~20 KB.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from hardware.printing.job import Align, Raster

# Antialiased glyph pixels darker than this print; a little under half-grey keeps
# thin strokes solid on a thermal head without clogging the counters.
_INK_LEVEL = 150
_INK_TABLE = [0 if v < _INK_LEVEL else 255 for v in range(256)]
_INVERT_TABLE = [255 - v for v in range(256)]


@dataclass(frozen=True)
class TextStyle:
    size: int
    bold: bool = False
    leading: float = 1.18  # line pitch as a multiple of the font size


@dataclass(frozen=True)
class SetLine:
    """One typeset line: blank dots above, the ink (None for a blank line), blank below."""

    above: int
    raster: Raster | None
    below: int


@lru_cache(maxsize=2)
def _font_source(bold: bool) -> str | bytes:
    """The font file's path (FreeType maps it once, shared by every size), or its
    bytes when the package is not on a file system (a zip)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    resource = resources.files("assets").joinpath("fonts", name)
    return str(resource) if isinstance(resource, Path) else resource.read_bytes()


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans (Bold) at `size` pixels."""
    source = _font_source(bold)
    return ImageFont.truetype(source if isinstance(source, str) else io.BytesIO(source), size)


def text_width(text: str, style: TextStyle) -> int:
    return round(font(style.size, style.bold).getlength(text))


def wrap(text: str, style: TextStyle, max_width: int) -> list[str]:
    """Greedy word wrap by measured width; a word too long alone is split by letters."""
    return list(_wrap(text, style, max_width))


# Most of a ticket's lines (centre, service, labels) are the same ticket after ticket:
# each is measured and drawn once (a few ms of every visitor's wait at the kiosk).
@lru_cache(maxsize=1024)
def _wrap(text: str, style: TextStyle, max_width: int) -> tuple[str, ...]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):  # only plain spaces: a no-break space keeps "25 min" whole
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, style) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, style) > max_width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut], style) > max_width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return tuple(lines)


def fit_size(text: str, style: TextStyle, max_width: int, min_size: int) -> TextStyle:
    """The largest style not above `style.size` whose `text` fits in `max_width`."""
    size = style.size
    while size > min_size and text_width(text, TextStyle(size, style.bold)) > max_width:
        size -= 1
    return TextStyle(size, style.bold, style.leading)


@lru_cache(maxsize=512)
def set_line(text: str, style: TextStyle, align: Align = Align.CENTER, scale: int = 1) -> SetLine:
    """Draw one line and crop it to its ink; `scale` 2 draws at half size for GS v 0 x2."""
    face = font(style.size, style.bold)
    ascent, descent = face.getmetrics()
    pitch = round(style.size * style.leading)
    box_height = max(pitch, ascent + descent)
    top = (box_height - ascent - descent) // 2
    width = max(1, round(face.getlength(text)) + style.size // 2)
    canvas = Image.new("L", (width, box_height), 255)
    ImageDraw.Draw(canvas).text((style.size // 4, top), text, font=face, fill=0)
    ink = canvas.point(_INK_TABLE)
    bbox = ink.point(_INVERT_TABLE).getbbox()
    if bbox is None:
        return SetLine(box_height * scale, None, 0)
    _, upper, _, lower = bbox
    raster = Raster.from_image(ink.crop(bbox).convert("1"), align=align, scale=scale)
    return SetLine(upper * scale, raster, (box_height - lower) * scale)
