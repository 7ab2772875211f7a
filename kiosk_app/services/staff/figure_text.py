"""The day's figures as labelled text lines (screen, CSV and PDF share them)."""

from __future__ import annotations

from kiosk_app.domain.figures import Figures
from kiosk_app.i18n import Translator


def minutes_text(minutes: float) -> str:
    return f"{minutes:.1f}"


def figure_lines(f: Figures, tr: Translator) -> list[tuple[str, str]]:
    """(label, value) pairs shared by the CSV, the PDF and the screen."""
    return [
        (tr("fig_issued"), str(f.issued)),
        (tr("fig_served"), str(f.served)),
        (tr("fig_no_show"), f"{f.no_show} ({f.no_show_percent:.1f}%)"),
        (tr("fig_avg_wait"), minutes_text(f.average_wait)),
        (tr("fig_p90_wait"), minutes_text(f.p90_wait)),
        (tr("fig_avg_service"), minutes_text(f.average_service)),
        (tr("fig_p90_service"), minutes_text(f.p90_service)),
        (tr("fig_within_target", minutes=f.target_minutes), f"{f.within_target_percent:.1f}%"),
    ]
