"""Device states and alerts in words: the one map from code to catalogue key, used by
the management screen (`kiosk_app.services.staff.words`) and the IT page
(`server_sync.it.pages`), and the one rule for which single fault a device shows.

A printer that is out of paper often answers "offline" too, and the kiosk adds its
own alert for the same cause: that is one fault, shown once, by its cause.
"""

from __future__ import annotations

from server_sync.kernel.i18n import N_

PRINTER_STATE = {
    "online": N_("common.device.online"),
    "offline": N_("common.device.offline"),
    "unknown": N_("common.device.unknown"),
}
PAPER = {
    "ok": N_("common.paper.ok"),
    "near_end": N_("common.paper.near_end"),
    "out": N_("common.paper.out"),
    "unknown": N_("common.device.unknown"),
}
#: Alerts by code, for staff and IT alike ("paper_low" and "paper_near_end" are one).
ALERT = {
    "paper_out": N_("common.alert.paper_out"),
    "paper_low": N_("common.alert.paper_near_end"),
    "paper_near_end": N_("common.alert.paper_near_end"),
    "printer_offline": N_("common.alert.printer_offline"),
    "cover_open": N_("common.alert.cover_open"),
    "device_silent": N_("staff.alert.device_silent"),
    "code_guessing": N_("staff.alert.code_guessing"),
    "no_open_counter": N_("staff.alert.no_open_counter"),
    "wait_over_target": N_("staff.alert.wait_over_target"),
}
#: What to do about a printer fault, by the fault's code.
ACTION = {
    "paper_out": N_("common.alert.paper_out.action"),
    "paper_low": N_("common.alert.paper_near_end.action"),
    "paper_near_end": N_("common.alert.paper_near_end.action"),
    "cover_open": N_("common.alert.cover_open.action"),
    "printer_offline": N_("common.alert.printer_offline.action"),
}


def printer_fault(
    printer_state: str | None, paper: str | None, cover_open: bool | None
) -> str | None:
    """The one fault a printer shows, by its cause: paper out, then the cover, then
    offline, then paper running low; None when all is well (or nothing is known)."""
    if paper == "out":
        return "paper_out"
    if cover_open:
        return "cover_open"
    if printer_state == "offline":
        return "printer_offline"
    if paper == "near_end":
        return "paper_near_end"
    return None
