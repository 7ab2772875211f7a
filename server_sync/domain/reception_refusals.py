"""Reasons a reception request, comment or secretary's decision is refused (codes
and the catalogue keys of their words)."""

from __future__ import annotations

from server_sync.kernel.i18n import N_

RECEPTION_REFUSAL_KEYS = {
    "not_a_choice": N_("reception.error.not_a_choice"),
    "unknown_official": N_("reception.error.unknown_official"),
    "not_offered": N_("reception.error.not_offered"),
    "reception_day_full": N_("reception.error.reception_day_full"),
    "not_possible": N_("reception.error.not_possible"),
}
