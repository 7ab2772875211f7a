"""Words of the reception pages: field labels, choices, statuses and event kinds
(catalogue ids; the words are in `assets/locale`)."""

from __future__ import annotations

from server_sync.domain.receptions import PRIVILEGES, SOCIAL_STATUSES, TOPICS
from server_sync.kernel.i18n import N_, Translator

RECEPTION_FIELD_LABELS = {
    "official": N_("reception.field.official"),
    "official_id": N_("reception.field.official"),
    "day": N_("reception.field.choose_day"),
    "topic": N_("reception.field.topic"),
    "social_status": N_("reception.field.social_status"),
    "privilege": N_("reception.field.privilege"),
    "email": N_("reception.field.email"),
    "phone": N_("reception.field.phone"),
    "workplace": N_("reception.field.workplace"),
    "current_address": N_("reception.field.current_address"),
    "same_address": N_("reception.field.same_address"),
    "note": N_("reception.field.note"),
    "comment": N_("reception.field.your_comment"),
    "reason": N_("reception.withdraw.reason"),
    "id_document": N_("reception.field.id_document"),
    "full_name": N_("reception.field.full_name"),
    "registered_address": N_("reception.field.registered_address"),
    "number": N_("reception.field.number"),
    "status": N_("reception.field.status"),
    "action": N_("reception.field.action"),
}
TOPIC_KEYS = {
    "entrepreneurship": N_("reception.topic.entrepreneurship"),
    "agriculture": N_("reception.topic.agriculture"),
    "housing": N_("reception.topic.housing"),
    "utilities": N_("reception.topic.utilities"),
    "social_protection": N_("reception.topic.social_protection"),
    "land": N_("reception.topic.land"),
    "employment": N_("reception.topic.employment"),
    "education_health": N_("reception.topic.education_health"),
    "other": N_("reception.topic.other"),
}
SOCIAL_KEYS = {
    "public_sector": N_("reception.social.public_sector"),
    "private_sector": N_("reception.social.private_sector"),
    "entrepreneur": N_("reception.social.entrepreneur"),
    "unemployed": N_("reception.social.unemployed"),
    "student": N_("reception.social.student"),
    "pensioner": N_("reception.social.pensioner"),
    "other": N_("reception.social.other"),
}
PRIVILEGE_KEYS = {
    "none": N_("reception.privilege.none"),
    "disabled": N_("reception.privilege.disabled"),
    "veteran": N_("reception.privilege.veteran"),
    "martyr_family": N_("reception.privilege.martyr_family"),
    "large_family": N_("reception.privilege.large_family"),
    "elderly": N_("reception.privilege.elderly"),
}
assert tuple(TOPIC_KEYS) == TOPICS
assert tuple(SOCIAL_KEYS) == SOCIAL_STATUSES
assert tuple(PRIVILEGE_KEYS) == PRIVILEGES
STATUS_KEYS = {
    "sent": N_("reception.status.sent"),
    "accepted": N_("reception.status.accepted"),
    "moved": N_("reception.status.moved"),
    "closed": N_("reception.status.closed"),
}
EVENT_KEYS = {
    "sent": N_("reception.event.sent"),
    "accepted": N_("reception.event.accepted"),
    "moved": N_("reception.event.moved"),
    "closed": N_("reception.event.closed"),
    "comment": N_("reception.event.comment"),
    "withdrawn": N_("reception.event.withdrawn"),
}
SKIP_KEYS = {"holiday": N_("reception.skipped.holiday"), "full": N_("reception.skipped.full")}


def hours_key(hours_text: str, start: str) -> str:
    """ "bütün iş saatı" or "10:00-dan" in the reader's language."""
    from server_sync.domain.reception_days import parse_hours

    starts, _ends = parse_hours(hours_text)
    return N_("reception.hours.all_day") if starts is None else N_("reception.hours.from")


def days_words(tr: Translator, weekdays: frozenset[int]) -> str:
    if weekdays == frozenset(range(5)):
        return tr("reception.days.workdays")
    return ", ".join(tr(WEEKDAY_KEYS[d]) for d in sorted(weekdays))


WEEKDAY_KEYS = (
    N_("reception.weekday.0"),
    N_("reception.weekday.1"),
    N_("reception.weekday.2"),
    N_("reception.weekday.3"),
    N_("reception.weekday.4"),
    N_("reception.weekday.5"),
    N_("reception.weekday.6"),
)
