"""The day's figures as labelled text lines (screen, CSV and PDF share them)."""

from __future__ import annotations

from kiosk_app.domain.figures import Figures
from server_sync.kernel.i18n import Translator


def minutes_text(tr: Translator, minutes: float) -> str:
    """`12,3` in Azerbaijani and Russian, `12.3` in English (CLDR decimal sign)."""
    return tr.number(minutes, digits=1)


def figure_lines(f: Figures, tr: Translator) -> list[tuple[str, str]]:
    """(label, value) pairs shared by the CSV, the PDF and the screen."""
    return [
        (tr("staff.figure.issued"), str(f.issued)),
        (tr("staff.figure.served"), str(f.served)),
        (tr("staff.figure.no_show"), f"{f.no_show} ({tr.percent(f.no_show_percent)})"),
        (tr("staff.figure.booked_no_show"), str(f.booked_no_show)),
        (tr("staff.figure.avg_wait"), minutes_text(tr, f.average_wait)),
        (tr("staff.figure.p90_wait"), minutes_text(tr, f.p90_wait)),
        (tr("staff.figure.avg_service"), minutes_text(tr, f.average_service)),
        (tr("staff.figure.p90_service"), minutes_text(tr, f.p90_service)),
        (
            tr("staff.figure.within_target", minutes=f.target_minutes),
            tr.percent(f.within_target_percent),
        ),
    ]
