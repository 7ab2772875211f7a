"""Catalogue keys for the staff side's coded values (ticket kinds and outcomes, counter
states, roles, priority categories, sign-in refusals), written out for extraction."""

from __future__ import annotations

from server_sync.kernel import device_words
from server_sync.kernel.i18n import N_, Translator

TICKET_KIND = {
    "walk_in": N_("staff.kind.walk_in"),
    "booked": N_("staff.kind.booked"),
    "priority": N_("staff.kind.priority"),
}
TICKET_STATUS = {
    "waiting": N_("staff.status.waiting"),
    "called": N_("staff.status.called"),
    "serving": N_("staff.status.serving"),
    "served": N_("staff.status.served"),
    "no_show": N_("staff.status.no_show"),
    "transferred": N_("staff.status.transferred"),
}
COUNTER_STATE = {
    "closed": N_("staff.state.closed"),
    "open": N_("staff.state.open"),
    "paused": N_("staff.state.paused"),
}
ROLE = {
    "operator": N_("staff.role.operator"),
    "manager": N_("staff.role.manager"),
    "it": N_("staff.role.it"),
}
PRIORITY_CATEGORY = {
    "disabled": N_("staff.category.disabled"),
    "elderly": N_("staff.category.elderly"),
    "veterans": N_("staff.category.veterans"),
    "pregnant": N_("staff.category.pregnant"),
    "with_infant": N_("staff.category.with_infant"),
}
SIGNIN_REFUSAL = {
    "wrong": N_("staff.signin.wrong"),
    "locked": N_("staff.signin.locked"),
    "inactive": N_("staff.signin.inactive"),
    "empty": N_("staff.signin.empty"),
}


def word(tr: Translator, table: dict[str, str], value: str) -> str:
    """The words for a coded value; a value we have no words for (configured, or from a
    newer version) is shown as it is."""
    key = table.get(value)
    return tr(key) if key is not None else value


#: Alerts, device states and paper, in words: one map for staff and IT (the kernel's).
ALERT = device_words.ALERT
DEVICE_STATE = device_words.PRINTER_STATE
PAPER = device_words.PAPER

#: What a counter action answers (`ActionResult.message`), by its code.
ACTION_MESSAGE = {
    "called": N_("staff.called"),
    "queue_empty": N_("staff.queue_empty"),
    "finish_first": N_("staff.finish_first"),
    "counter_closed": N_("staff.counter_closed"),
    "counter_paused": N_("staff.counter_paused"),
    "counter_open": N_("staff.counter_open"),
    "already_open": N_("staff.already_open"),
    "already_paused": N_("staff.already_paused"),
    "not_paused": N_("staff.not_paused"),
    "no_called_ticket": N_("staff.no_called_ticket"),
    "not_serving": N_("staff.not_serving"),
    "no_ticket": N_("staff.no_ticket"),
    "ticket_changed": N_("staff.ticket_changed"),
    "unknown_service": N_("staff.unknown_service"),
    "unknown_counter": N_("staff.unknown_counter"),
    "target_closed": N_("staff.target_closed"),
    "recall": N_("staff.recall"),
    "start": N_("staff.start"),
    "finish": N_("staff.finish"),
    "no_show": N_("staff.no_show"),
    "transfer": N_("staff.transfer"),
    "priority_issued": N_("staff.priority_issued"),
    "no_permission": N_("staff.no_permission"),
    "no_show_after_recalls": N_("staff.no_show_after_recalls"),
    "requeued": N_("staff.requeued"),
    "not_a_number": N_("staff.not_a_ticket_number"),
    "not_a_no_show": N_("staff.not_a_no_show"),
}
#: Why a priority ticket was not issued.
PRIORITY_REFUSAL = {
    "not_offered": N_("staff.not_offered"),
    "closed": N_("staff.closed"),
    "no_walk_in": N_("staff.no_walk_in"),
}
