"""The printer's status in words (the test page, staff), from the catalogue."""

from __future__ import annotations

from hardware.printing import PrinterStatus
from server_sync.kernel.i18n import N_, Translator

_ONLINE = {
    "online": N_("printer.online.online"),
    "offline": N_("printer.online.offline"),
    "unknown": N_("printer.online.unknown"),
}
_PAPER = {
    "ok": N_("printer.paper.ok"),
    "near_end": N_("printer.paper.near_end"),
    "out": N_("printer.paper.out"),
    "unknown": N_("printer.paper.unknown"),
}
_COVER = {
    True: N_("printer.cover.open"),
    False: N_("printer.cover.closed"),
    None: N_("printer.cover.unknown"),
}


def status_words(tr: Translator, status: PrinterStatus) -> str:
    """One line, e.g. "qoşulub, kağız qurtarır, qapaq bağlıdır" (detail, if any, in brackets)."""
    text = ", ".join(
        (
            tr(_ONLINE[status.online.value]),
            tr(_PAPER[status.paper.value]),
            tr(_COVER[status.cover_open]),
        )
    )
    return f"{text} ({status.detail})" if status.detail else text
