"""Reports of a day or a range of days: the figures and every ticket, as CSV.

CSV is written as UTF-8 *with* a byte-order mark: without it spreadsheet
programs guess a legacy code page and show `ə` as `É™`. The PDF (with the
chart) is drawn by the Qt layer from the same `Report` (kiosk_app.ui.staff.report_pdf).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from kiosk_app.domain.figures import day_figures, days_between
from kiosk_app.domain.report import Report, ServiceLine
from kiosk_app.services.staff import words
from kiosk_app.services.staff.figure_text import figure_lines, minutes_text
from kiosk_app.store import booking_repo, dashboard_repo
from kiosk_app.store.engine import read_tx
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator
from server_sync.kernel.text import collation_key


def build_report(
    engine: Engine,
    catalogue: Catalogue,
    centre_id: str,
    first: date,
    last: date,
    *,
    target_wait_minutes: int,
    language: str = "az",
) -> Report:
    days = days_between(first, last)
    with read_tx(engine) as conn:
        facts = dashboard_repo.ticket_facts(conn, centre_id, first, last)
        rows = dashboard_repo.report_rows(conn, centre_id, first, last)
        expired = booking_repo.expired_by_service(conn, centre_id, first, last)
        expired_by_day = (
            {d: sum(booking_repo.expired_by_service(conn, centre_id, d, d).values()) for d in days}
            if len(days) > 1
            else {}
        )
    centre = catalogue.centres[centre_id]
    by_service = []
    for sid in sorted({f.service_id for f in facts} | set(expired)):
        service = catalogue.services.get(sid)
        name = service.name(language) if service else sid
        mine = [f for f in facts if f.service_id == sid]
        figures = replace(
            day_figures(mine, target_wait_minutes), booked_no_show=expired.get(sid, 0)
        )
        by_service.append(ServiceLine(sid, name, figures))
    by_day = []
    if len(days) > 1:
        for d in days:
            mine = [f for f in facts if f.issued_at.astimezone(BAKU).date() == d]
            if mine or expired_by_day.get(d):
                figures = day_figures(mine, target_wait_minutes)
                by_day.append((d, replace(figures, booked_no_show=expired_by_day.get(d, 0))))
    return Report(
        centre_id,
        centre.name(language),
        first,
        last,
        language,
        replace(day_figures(facts, target_wait_minutes), booked_no_show=sum(expired.values())),
        tuple(sorted(by_service, key=lambda s: collation_key(s.name, language))),
        tuple(by_day),
        tuple(rows),
    )


def _t(at: datetime | None) -> str:
    return "" if at is None else at.astimezone(BAKU).strftime("%Y-%m-%d %H:%M:%S")


def write_csv(report: Report, path: Path) -> None:
    tr = Translator(report.language)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([tr("staff.report.title"), report.centre_name, report.period])
        out.writerow([])
        out.writerow([tr("staff.column.figure"), tr("staff.column.value")])
        out.writerows(figure_lines(report.figures, tr))
        out.writerow([])
        out.writerow(
            [
                tr("common.service"),
                tr("staff.figure.issued"),
                tr("staff.figure.served"),
                tr("staff.figure.no_show"),
                tr("staff.figure.booked_no_show"),
                tr("staff.figure.avg_wait"),
                tr("staff.figure.p90_wait"),
                tr("staff.figure.avg_service"),
            ]
        )
        for line in report.by_service:
            f = line.figures
            out.writerow(
                [
                    line.name,
                    f.issued,
                    f.served,
                    f.no_show,
                    f.booked_no_show,
                    minutes_text(tr, f.average_wait),
                    minutes_text(tr, f.p90_wait),
                    minutes_text(tr, f.average_service),
                ]
            )
        if report.by_day:  # a range: each day on its own line, not folded into one
            out.writerow([])
            out.writerow(
                [
                    tr("staff.column.day"),
                    tr("staff.figure.issued"),
                    tr("staff.figure.served"),
                    tr("staff.figure.no_show"),
                    tr("staff.figure.avg_wait"),
                    tr("staff.figure.p90_wait"),
                    tr("staff.figure.avg_service"),
                ]
            )
            for day, f in report.by_day:
                out.writerow(
                    [
                        day.isoformat(),
                        f.issued,
                        f.served,
                        f.no_show,
                        minutes_text(tr, f.average_wait),
                        minutes_text(tr, f.p90_wait),
                        minutes_text(tr, f.average_service),
                    ]
                )
        names = {s.service_id: s.name for s in report.by_service}
        out.writerow([])
        out.writerow(
            [
                tr("staff.column.day"),
                tr("staff.column.number"),
                tr("common.service"),
                tr("staff.column.kind"),
                tr("staff.column.status"),
                tr("common.counter"),
                tr("staff.column.issued"),
                tr("staff.column.called"),
                tr("staff.column.started"),
                tr("staff.column.finished"),
                tr("staff.column.wait"),
            ]
        )
        for r in report.rows:
            wait = (
                ""
                if r.called_at is None
                else minutes_text(
                    tr,
                    (r.called_at - max(r.issued_at, r.slot_at or r.issued_at)).total_seconds() / 60,
                )
            )
            out.writerow(
                [
                    r.day.isoformat(),
                    r.number,
                    names.get(r.service_id, r.service_id),
                    words.word(tr, words.TICKET_KIND, r.kind),
                    words.word(tr, words.TICKET_STATUS, r.status),
                    r.counter or "",
                    _t(r.issued_at),
                    _t(r.called_at),
                    _t(r.served_at),
                    _t(r.finished_at),
                    wait,
                ]
            )
