"""Paint parsed ESC/POS commands onto a paper roll, one page per cut.

Text uses the printer's cell grid (font A 12x24, font B 9x17 dots) scaled by
ESC !/GS !, drawn with DejaVu; GS v 0 rasters and GS ( k QR codes are placed
with the current justification (ESC a), as a real printer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from hardware.emulator.parser import Command, EscPosParser
from hardware.printing.preview import qr_image, x_for
from hardware.printing.typeset import font

_ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_FONTS = {0: (12, 24), 1: (9, 17)}
_CODE_PAGES = {0: "cp437", 2: "cp850", 16: "cp1252", 17: "cp866", 18: "cp852", 46: "cp1251"}
_QR_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}
DEFAULT_LINE_SPACING = 30
CUT_FEED_DOTS = 24
_INK = [255 if v >= 150 else 0 for v in range(256)]
_INVERT = bytes(255 - i for i in range(256))


@dataclass
class _Style:
    bold: bool = False
    underline: bool = False
    font: int = 0
    width: int = 1
    height: int = 1
    invert: bool = False


@dataclass
class _Run:
    char: str
    style: _Style


@dataclass
class PageRenderer:
    """Turns commands into pages; `apply` returns a finished page at each cut."""

    paper_dots: int = 576
    align: str = "left"
    style: _Style = field(default_factory=_Style)
    line_spacing: int = DEFAULT_LINE_SPACING
    code_page: str = "cp437"
    qr_module: int = 3
    qr_ec: str = "L"
    qr_data: bytes = b""
    _line: list[_Run] = field(default_factory=list)
    _pieces: list[tuple[int, int, Image.Image]] = field(default_factory=list)
    _y: int = 0

    @property
    def has_content(self) -> bool:
        return bool(self._pieces or self._line)

    def apply(self, command: Command) -> Image.Image | None:
        kind, args = command.kind, command.args
        if kind == "text":
            self._add_text(command.raw.decode(self.code_page, errors="replace"))
        elif kind == "tab":
            self._add_text(" " * (8 - len(self._line) % 8))
        elif kind == "line_feed":
            self._print_line(feed=True)
        elif kind == "init":
            self._reset()
        elif kind == "align":
            self.align = _ALIGNS.get(args[0], self.align)
        elif kind == "bold":
            self.style.bold = bool(args[0] & 1)
        elif kind == "underline":
            self.style.underline = bool(args[0])
        elif kind == "font":
            self.style.font = 1 if args[0] in (1, 49) else 0
        elif kind == "invert":
            self.style.invert = bool(args[0] & 1)
        elif kind == "mode":
            self._set_mode(args[0])
        elif kind == "size":
            self.style.width, self.style.height = (args[0] >> 4) + 1, (args[0] & 0x0F) + 1
        elif kind == "feed_dots":
            self._print_line(feed=False)
            self._y += args[0]
        elif kind == "feed_lines":
            self._print_line(feed=False)
            self._y += args[0] * self.line_spacing
        elif kind == "line_spacing":
            self.line_spacing = args[0]
        elif kind == "line_spacing_default":
            self.line_spacing = DEFAULT_LINE_SPACING
        elif kind == "code_page":
            self.code_page = _CODE_PAGES.get(args[0], "cp437")
        elif kind == "raster":
            self._raster(*args, data=command.data)
        elif kind == "symbol":
            self._symbol(command.data)
        elif kind == "cut":
            return self.finish()
        return None

    def finish(self) -> Image.Image | None:
        """End the page (cut or end of job): the picture, or None if nothing was printed."""
        self._print_line(feed=False)
        if not self._pieces:
            self._y = 0
            return None
        height = self._y + CUT_FEED_DOTS
        page = Image.new("1", (self.paper_dots, height), 1)
        for x, y, image in self._pieces:
            page.paste(image, (x, y))
        self._pieces = []
        self._y = 0
        return page

    def _reset(self) -> None:
        self._print_line(feed=False)
        self.align = "left"
        self.style = _Style()
        self.line_spacing = DEFAULT_LINE_SPACING
        self.code_page = "cp437"

    def _set_mode(self, n: int) -> None:
        self.style.font = n & 0x01
        self.style.bold = bool(n & 0x08)
        self.style.height = 2 if n & 0x10 else 1
        self.style.width = 2 if n & 0x20 else 1
        self.style.underline = bool(n & 0x80)

    def _cell(self, style: _Style) -> tuple[int, int]:
        w, h = _FONTS[style.font]
        return w * style.width, h * style.height

    def _add_text(self, text: str) -> None:
        for char in text:
            used = sum(self._cell(run.style)[0] for run in self._line)
            if used + self._cell(self.style)[0] > self.paper_dots:
                self._print_line(feed=True)
            self._line.append(_Run(char, _Style(**vars(self.style))))

    def _print_line(self, feed: bool) -> None:
        if not self._line:
            if feed:
                self._y += self.line_spacing
            return
        cells = [self._cell(run.style) for run in self._line]
        width, height = sum(w for w, _ in cells), max(h for _, h in cells)
        strip = Image.new("L", (width, height), 255)
        x = 0
        for run, (w, h) in zip(self._line, cells, strict=True):
            strip.paste(_glyph(run.char, run.style).resize((w, h)), (x, height - h))
            x += w
        image = strip.point(_INK).convert("1")
        self._pieces.append((x_for(self.align, width, self.paper_dots), self._y, image))
        self._y += max(self.line_spacing, height)
        self._line = []

    def _raster(self, mode: int, width_bytes: int, height: int, *, data: bytes) -> None:
        self._print_line(feed=False)
        if width_bytes == 0 or height == 0:
            return
        inverted = data.translate(_INVERT)
        image = Image.frombytes("1", (width_bytes * 8, height), inverted)
        scale_x, scale_y = (2 if mode & 1 else 1), (2 if mode & 2 else 1)
        if (scale_x, scale_y) != (1, 1):
            image = image.resize(
                (image.width * scale_x, height * scale_y), Image.Resampling.NEAREST
            )
        self._pieces.append((x_for(self.align, image.width, self.paper_dots), self._y, image))
        self._y += image.height

    def _symbol(self, payload: bytes) -> None:
        """GS ( k for QR (cn 49): size 'C', error level 'E', store 'P', print 'Q'."""
        if len(payload) < 2 or payload[0] != 49:
            return
        fn, rest = payload[1], payload[2:]
        if fn == ord("C") and rest:
            self.qr_module = max(1, min(16, rest[0]))
        elif fn == ord("E") and rest:
            self.qr_ec = _QR_EC.get(rest[0], self.qr_ec)
        elif fn == ord("P") and rest:
            self.qr_data = rest[1:]
        elif fn == ord("Q") and self.qr_data:
            self._print_line(feed=False)
            text = self.qr_data.decode("utf-8", errors="replace")
            image = qr_image(text, self.qr_module, self.qr_ec)
            self._pieces.append((x_for(self.align, image.width, self.paper_dots), self._y, image))
            self._y += image.height


def _glyph(char: str, style: _Style) -> Image.Image:
    """One character in its unscaled font cell, as the printer's ROM font would be."""
    cell_w, cell_h = _FONTS[style.font]
    ink, paper = (255, 0) if style.invert else (0, 255)
    cell = Image.new("L", (cell_w, cell_h), paper)
    draw = ImageDraw.Draw(cell)
    face = font(round(cell_h * 0.78), style.bold)
    draw.text((cell_w / 2, cell_h * 0.8), char, font=face, fill=ink, anchor="ms")
    if style.underline:
        draw.line((0, cell_h - 1, cell_w - 1, cell_h - 1), fill=ink, width=1)
    return cell


def render_escpos(data: bytes, paper_dots: int = 576) -> list[Image.Image]:
    """Every page (one per cut, plus an uncut tail) that `data` would print."""
    parser, renderer = EscPosParser(), PageRenderer(paper_dots=paper_dots)
    pages = [page for c in parser.feed(data) if (page := renderer.apply(c)) is not None]
    tail = renderer.finish()
    return [*pages, tail] if tail is not None else pages
