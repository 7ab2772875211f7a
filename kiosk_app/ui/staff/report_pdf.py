"""The report as a PDF (QPdfWriter): figures, the chart, services, tickets.

Text is drawn with the bundled DejaVu Sans, embedded in the PDF, so `ə` and
`İ` come out right in any viewer (and `pdftotext` reads them back).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk_app.domain.report import Report
from kiosk_app.presenters.staff.manager import ChartData
from kiosk_app.services.staff import words
from kiosk_app.services.staff.figure_text import figure_lines
from kiosk_app.ui.staff.chart import paint_wait_chart
from kiosk_app.ui.staff.theme import font
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator
from server_sync.kernel.text import collation_key

DPI = 144
PX = 20  # body text height in device pixels at DPI (≈ 10 pt)


class _Pages:
    """A painter over the writer with a cursor `y` and page breaks."""

    def __init__(self, writer: QPdfWriter, tr: Translator, footer: str) -> None:
        self.writer, self.tr, self.footer = writer, tr, footer
        self.p = QPainter(writer)
        self.width = writer.width()
        self.height = writer.height()
        self.y = 0.0
        self.page = 1

    def need(self, h: float) -> None:
        if self.y + h > self.height - PX * 3:
            self.new_page()

    def new_page(self) -> None:
        self._footer()
        self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def _footer(self) -> None:
        self.p.setFont(font(round(PX * 0.8)))
        self.p.setPen(QColor("#5b6775"))
        r = QRectF(0, self.height - PX * 1.5, self.width, PX * 1.5)
        self.p.drawText(r, Qt.AlignmentFlag.AlignLeft, self.footer)
        self.p.drawText(r, Qt.AlignmentFlag.AlignRight, self.tr("staff.report.page", n=self.page))

    def text(self, s: str, px: int = PX, bold: bool = False, color: str = "#1d2733") -> None:
        self.need(px * 1.6)
        self.p.setFont(font(px, bold))
        self.p.setPen(QColor(color))
        self.p.drawText(
            QRectF(0, self.y, self.width, px * 1.6),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            s,
        )
        self.y += px * 1.6

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        total = sum(widths)
        xs = [0.0]
        for w in widths:
            xs.append(xs[-1] + w / total * self.width)
        h = PX * 1.5

        def line(cells: list[str], bold: bool, shade: bool) -> None:
            self.need(h)
            if shade:
                self.p.fillRect(QRectF(0, self.y, self.width, h), QColor("#e8eef6"))
            self.p.setFont(font(round(PX * 0.85), bold))
            self.p.setPen(QColor("#1d2733"))
            for i, cell in enumerate(cells):
                r = QRectF(xs[i] + PX * 0.3, self.y, xs[i + 1] - xs[i] - PX * 0.6, h)
                elided = self.p.fontMetrics().elidedText(
                    cell, Qt.TextElideMode.ElideRight, int(r.width())
                )
                self.p.drawText(r, Qt.AlignmentFlag.AlignVCenter, elided)
            self.y += h

        line(header, True, True)
        for row in rows:
            if self.y + h > self.height - PX * 3:
                self.new_page()
                line(header, True, True)
            line(row, False, False)

    def finish(self) -> None:
        self._footer()
        self.p.end()


def _hm(at: datetime | None) -> str:
    return "" if at is None else at.astimezone(BAKU).strftime("%H:%M")


def write_pdf(report: Report, path: Path, chart: ChartData, generated_at: datetime) -> None:
    tr = Translator(report.language)
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    writer.setTitle(tr("staff.report.title") + " " + report.period)
    writer.setCreator("asan-queue")
    footer = f"{report.centre_name} · {report.period}"
    pg = _Pages(writer, tr, footer)
    pg.text(tr("staff.report.title"), round(PX * 1.6), bold=True, color="#0b3d73")
    pg.text(f"{report.centre_name}  ·  {report.period}", round(PX * 1.1))
    pg.text(
        tr("staff.report.generated", time=generated_at.astimezone(BAKU).strftime("%Y-%m-%d %H:%M")),
        round(PX * 0.8),
        color="#5b6775",
    )
    pg.y += PX * 0.5
    pg.table(
        [tr("staff.column.figure"), tr("staff.column.value")],
        [list(x) for x in figure_lines(report.figures, tr)],
        [3, 1.4],
    )
    pg.y += PX
    chart_h = pg.width * 0.45
    pg.need(chart_h)
    paint_wait_chart(pg.p, QRectF(0, pg.y, pg.width, chart_h), chart, round(PX * 0.9))
    pg.y += chart_h + PX
    pg.text(tr("staff.report.by_service"), round(PX * 1.2), bold=True, color="#0b3d73")
    pg.table(
        [
            tr("common.service"),
            tr("staff.short.issued"),
            tr("staff.short.served"),
            tr("staff.short.no_show"),
            tr("staff.short.avg_wait"),
            tr("staff.short.avg_service"),
        ],
        [
            [
                s.name,
                tr.number(s.figures.issued),
                tr.number(s.figures.served),
                tr.number(s.figures.no_show),
                tr.number(s.figures.average_wait, digits=1),
                tr.number(s.figures.average_service, digits=1),
            ]
            for s in sorted(report.by_service, key=lambda s: collation_key(s.name, report.language))
        ],
        [5, 1.1, 1.1, 1.1, 1.5, 1.5],
    )
    if report.by_day:
        pg.y += PX
        pg.text(tr("staff.report.by_day"), round(PX * 1.2), bold=True, color="#0b3d73")
        pg.table(
            [
                tr("staff.column.day"),
                tr("staff.short.issued"),
                tr("staff.short.served"),
                tr("staff.short.avg_wait"),
                tr("staff.short.p90_wait"),
            ],
            [
                [
                    d.isoformat(),
                    tr.number(f.issued),
                    tr.number(f.served),
                    tr.number(f.average_wait, digits=1),
                    tr.number(f.p90_wait, digits=1),
                ]
                for d, f in report.by_day
            ],
            [2, 1, 1, 1.3, 1.3],
        )
    pg.new_page()
    pg.text(tr("staff.report.tickets"), round(PX * 1.2), bold=True, color="#0b3d73")
    several_days = report.first != report.last
    header = [
        tr("staff.column.number"),
        tr("common.service"),
        tr("staff.column.kind"),
        tr("staff.column.status"),
        tr("common.counter"),
        tr("staff.column.issued"),
        tr("staff.column.called"),
        tr("staff.column.finished"),
    ]
    widths = [1.0, 2.6, 1.6, 1.9, 1.1, 0.9, 1.0, 0.9]
    names = {s.service_id: s.name for s in report.by_service}  # in the report's language
    rows = [
        [
            r.number,
            names.get(r.service_id, r.service_id),
            words.word(tr, words.TICKET_KIND, r.kind),
            words.word(tr, words.TICKET_STATUS, r.status),
            str(r.counter or ""),
            _hm(r.issued_at),
            _hm(r.called_at),
            _hm(r.finished_at),
        ]
        for r in report.rows
    ]
    if several_days:
        header.insert(0, tr("staff.column.day"))
        widths.insert(0, 1.7)
        rows = [[r.day.isoformat(), *row] for r, row in zip(report.rows, rows, strict=True)]
    pg.table(header, rows, widths)
    pg.finish()
