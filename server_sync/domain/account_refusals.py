"""Reasons an account request is refused: stable codes and the catalogue key of their
words (`account.error.*`), merged into `refusal_keys.REFUSAL_KEYS` so the API and the
pages render them like any booking refusal."""

from __future__ import annotations

from collections.abc import Mapping

from server_sync.kernel.i18n import N_

ACCOUNT_REFUSAL_KEYS: Mapping[str, str] = {
    "login_too_short": N_("account.error.login_too_short"),
    "login_too_long": N_("account.error.login_too_long"),
    "login_format": N_("account.error.login_format"),
    "login_taken": N_("account.error.login_taken"),
    "password_too_short": N_("account.error.password_too_short"),
    "password_letters_digits": N_("account.error.password_letters_digits"),
    "password_is_login": N_("account.error.password_is_login"),
    "password_mismatch": N_("account.error.password_mismatch"),
    "fin_format": N_("account.error.fin_format"),
    "birth_date_format": N_("account.error.birth_date_format"),
    "birth_date_future": N_("account.error.birth_date_future"),
    "birth_date_implausible": N_("account.error.birth_date_implausible"),
    "secret_question_unknown": N_("account.error.secret_question_unknown"),
    "person_not_found": N_("account.error.person_not_found"),
    "already_registered": N_("account.error.already_registered"),
    "registry_unavailable": N_("account.error.registry_unavailable"),
    "proofs_too_few": N_("account.error.proofs_too_few"),
    "driving_licence_format": N_("account.error.driving_licence_format"),
    "social_insurance_format": N_("account.error.social_insurance_format"),
    "passport_format": N_("account.error.passport_format"),
    "driving_licence_mismatch": N_("account.error.driving_licence_mismatch"),
    "mobile_mismatch": N_("account.error.mobile_mismatch"),
    "social_insurance_mismatch": N_("account.error.social_insurance_mismatch"),
    "passport_mismatch": N_("account.error.passport_mismatch"),
    "channel_unknown": N_("account.error.channel_unknown"),
    "channel_off": N_("account.error.channel_off"),
    "email_domain": N_("account.error.email_domain"),
    "sms_needs_mobile_proof": N_("account.error.sms_needs_mobile_proof"),
    "sms_not_configured": N_("account.error.sms_not_configured"),
    "ticket_invalid": N_("account.error.ticket_invalid"),
    "ticket_expired": N_("account.error.ticket_expired"),
    "already_active": N_("account.error.already_active"),
    "not_activated": N_("account.error.not_activated"),
    "sign_in_failed": N_("account.error.sign_in_failed"),
    "account_locked": N_("account.error.account_locked"),
    "sign_in_retry": N_("account.error.sign_in_retry"),
    "signed_out": N_("account.error.signed_out"),
    "captcha_required": N_("account.error.captcha_required"),
    "captcha_wrong": N_("account.error.captcha_wrong"),
    "captcha_expired": N_("account.error.captcha_expired"),
    "captcha_used": N_("account.error.captcha_used"),
    "too_many_captchas": N_("account.error.too_many_captchas"),
    "account_code_missing": N_("account.error.code_missing"),
    "account_code_expired": N_("account.error.code_expired"),
    "account_code_used": N_("account.error.code_used"),
    "account_code_wrong": N_("account.error.code_wrong"),
    "account_code_burned": N_("account.error.code_burned"),
}
