"""The reasons a booking request is refused: stable codes (the API's `code`) and the
catalogue key of the words shown next to the field (the seed's "panel of reasons for
the refusal"). The words themselves are in the catalogue, `booking.error.*`.
"""

from __future__ import annotations

from collections.abc import Mapping

from server_sync.domain.account_refusals import ACCOUNT_REFUSAL_KEYS
from server_sync.domain.application_refusals import APPLICATION_REFUSAL_KEYS
from server_sync.domain.reception_refusals import RECEPTION_REFUSAL_KEYS
from server_sync.kernel.i18n import N_, Translator

REFUSAL_KEYS: Mapping[str, str] = {
    "required": N_("booking.error.required"),
    "too_short": N_("booking.error.too_short"),
    "too_long": N_("booking.error.too_long"),
    "letters_only": N_("booking.error.letters_only"),
    "id_document_format": N_("booking.error.id_document_format"),
    "phone_format": N_("booking.error.phone_format"),
    "phone_not_mobile": N_("booking.error.phone_not_mobile"),
    "email_format": N_("booking.error.email_format"),
    "unknown_service": N_("booking.error.unknown_service"),
    "unknown_centre": N_("booking.error.unknown_centre"),
    "service_not_offered": N_("booking.error.service_not_offered"),
    "service_not_online": N_("booking.error.service_not_online"),
    "date_format": N_("booking.error.date_format"),
    "date_in_past": N_("booking.error.date_in_past"),
    "date_too_soon": N_("booking.error.date_too_soon"),
    "date_beyond_horizon": N_("booking.error.date_beyond_horizon"),
    "centre_closed": N_("booking.error.centre_closed"),
    "time_format": N_("booking.error.time_format"),
    "time_not_offered": N_("booking.error.time_not_offered"),
    "slot_full": N_("booking.error.slot_full"),
    "already_booked": N_("booking.error.already_booked"),
    "too_many_bookings_day": N_("booking.error.too_many_bookings_day"),
    "overlapping_booking": N_("booking.error.overlapping_booking"),
    "code_missing": N_("booking.error.code_missing"),
    "code_expired": N_("booking.error.code_expired"),
    "code_used": N_("booking.error.code_used"),
    "code_wrong": N_("booking.error.code_wrong"),
    "code_burned": N_("booking.error.code_burned"),
    "resend_too_soon": N_("booking.error.resend_too_soon"),
    "too_many_codes_email": N_("booking.error.too_many_codes_email"),
    "too_many_codes_client": N_("booking.error.too_many_codes_client"),
    "challenge_required": N_("booking.error.challenge_required"),
    "challenge_invalid": N_("booking.error.challenge_invalid"),
    "challenge_expired": N_("booking.error.challenge_expired"),
    "challenge_failed": N_("booking.error.challenge_failed"),
    "order_code_format": N_("booking.error.order_code_format"),
    "not_found": N_("booking.error.not_found"),
    "too_many_lookups": N_("booking.error.too_many_lookups"),
    "not_cancellable": N_("booking.error.not_cancellable"),
    "unknown_field": N_("booking.error.unknown_field"),
    "out_of_range": N_("booking.error.out_of_range"),
    "invalid": N_("booking.error.invalid"),
    "body_too_large": N_("request.error.body_too_large"),
    **ACCOUNT_REFUSAL_KEYS,
    **RECEPTION_REFUSAL_KEYS,
    **APPLICATION_REFUSAL_KEYS,
}


def message(code: str, language: str) -> str:
    """The words for refusal `code` in `language` (Azerbaijani when unknown)."""
    return Translator(language).gettext(REFUSAL_KEYS.get(code, REFUSAL_KEYS["invalid"]))


def known_codes() -> frozenset[str]:
    return frozenset(REFUSAL_KEYS)
