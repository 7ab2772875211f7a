"""Paper roll widths and the printable dots they give (203 dpi thermal heads)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PaperSpec:
    """A paper roll: its nominal width and the dots a line can carry."""

    width_mm: int
    dots: int

    @property
    def width_bytes(self) -> int:
        return self.dots // 8


PAPER_80MM = PaperSpec(width_mm=80, dots=576)
PAPER_58MM = PaperSpec(width_mm=58, dots=384)
_BY_MM = {80: PAPER_80MM, 58: PAPER_58MM}


def paper_spec(paper: PaperSpec | int) -> PaperSpec:
    """`paper` as a PaperSpec; an int is the roll width in mm (58 or 80)."""
    if isinstance(paper, PaperSpec):
        return paper
    try:
        return _BY_MM[paper]
    except KeyError:
        raise ValueError(f"paper width must be 58 or 80 mm, not {paper!r}") from None
