"""An information slip (not a queue ticket): a title and labelled lines, e.g. the
water-debt answer the kiosk prints (seed 000). Words come in translated; the
layout only sets them, rasterised like the ticket so `ə` prints."""

from __future__ import annotations

from dataclasses import dataclass

from hardware.printing.job import PrintJob
from hardware.printing.layout import _NARROW, _WIDE, _Builder
from hardware.printing.paper import PaperSpec, paper_spec


@dataclass(frozen=True)
class InfoSlip:
    centre_name: str
    title: str
    rows: tuple[tuple[str, str], ...]
    footer: str = ""


def layout_info_slip(slip: InfoSlip, paper: PaperSpec | int) -> PrintJob:
    spec = paper_spec(paper)
    styles = _WIDE if spec.dots >= 512 else _NARROW
    b = _Builder(spec)
    b.text(slip.centre_name, styles.centre, max_lines=2)
    b.gap(styles.gap // 2)
    b.rule()
    b.gap(styles.gap)
    b.text(slip.title, styles.service, max_lines=2)
    for label, value in slip.rows:
        b.gap(styles.gap // 2)
        b.text(label, styles.small, max_lines=2)
        b.text(value, styles.booking, max_lines=2)
    if slip.footer:
        b.gap(styles.gap)
        b.text(slip.footer, styles.small)
    b.cut()
    return PrintJob(spec, tuple(b.ops), title=f"slip {slip.title}")
