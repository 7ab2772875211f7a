"""Reasons an application or an attached file is refused: stable codes and the
catalogue key of their words (`apply.error.*`), merged into `refusal_keys.REFUSAL_KEYS`."""

from __future__ import annotations

from collections.abc import Mapping

from server_sync.kernel.i18n import N_

APPLICATION_REFUSAL_KEYS: Mapping[str, str] = {
    "not_a_choice": N_("apply.error.not_a_choice"),
    "fin_repeated": N_("apply.error.fin_repeated"),
    "too_many_items": N_("apply.error.too_many_items"),
    "file_type": N_("apply.error.file_type"),
    "file_empty": N_("apply.error.file_empty"),
    "file_too_big": N_("apply.error.file_too_big"),
    "files_too_big": N_("apply.error.files_too_big"),
    "too_many_files": N_("apply.error.too_many_files"),
    "file_name": N_("apply.error.file_name"),
    "image_too_large": N_("apply.error.image_too_large"),
    "file_damaged": N_("apply.error.file_damaged"),
    "no_attachments": N_("apply.error.no_attachments"),
    "sign_in_needed": N_("apply.error.sign_in_needed"),
    "sms_code_wrong": N_("apply.error.sms_code_wrong"),
    "sms_code_missing": N_("apply.error.sms_code_missing"),
    "sms_code_expired": N_("apply.error.sms_code_expired"),
    "subscriber_code_format": N_("water.error.code_format"),
    "result_unknown": N_("apply.error.result_unknown"),
    "reason_required": N_("apply.error.reason_required"),
    "application_unknown": N_("apply.error.application_unknown"),
    "application_other_service": N_("apply.error.application_other_service"),
    "application_closed": N_("apply.error.application_closed"),
}
