"""Words of the ticket's live status page, in Azerbaijani, Russian and English."""

from __future__ import annotations

_T: dict[str, tuple[str, str, str]] = {
    "title": ("Növbə biletiniz", "Ваш талон", "Your ticket"),
    "ticket": ("Bilet", "Талон", "Ticket"),
    "waiting": ("Gözləyir", "Ожидает", "Waiting"),
    "ahead": ("Sizdən əvvəl: {n} nəfər", "Перед вами: {n} чел.", "People ahead of you: {n}"),
    "next": ("Növbəti sizsiniz", "Вы следующий", "You are next"),
    "wait": ("Təxmini gözləmə: ~{m} dəq", "Ожидание: ~{m} мин", "Estimated wait: ~{m} min"),
    "called": (
        "{c} nömrəli pəncərəyə yaxınlaşın",
        "Подойдите к окну № {c}",
        "Please go to counter {c}",
    ),
    "serving": (
        "Pəncərə {c}: xidmət göstərilir",
        "Окно № {c}: вас обслуживают",
        "Counter {c}: being served",
    ),
    "served": (
        "Xidmət başa çatıb. Təşəkkür edirik!",
        "Обслуживание завершено. Спасибо!",
        "Service completed. Thank you!",
    ),
    "no_show": (
        "Bilet çağırıldı, lakin siz gəlmədiniz",
        "Талон вызывали, но вы не подошли",
        "Your ticket was called but you did not come",
    ),
    "transferred": (
        "Bilet başqa xidmətə yönləndirildi",
        "Талон передан в другую услугу",
        "Your ticket was moved to another service",
    ),
    "unknown": (
        "Bu bilet haqqında hələ məlumat yoxdur",
        "Сведений об этом талоне пока нет",
        "No information about this ticket yet",
    ),
    "unknown_hint": (
        "Məlumat mərkəzdən bir neçə saniyəyə gəlir. Səhifə özü yenilənir.",
        "Данные приходят из центра за несколько секунд. Страница обновляется сама.",
        "The centre sends news within seconds. This page refreshes itself.",
    ),
    "updated": ("Yenilənib: {t}", "Обновлено: {t}", "Updated: {t}"),
    "stale": (
        "Mərkəzlə əlaqə yoxdur: məlumat köhnə ola bilər",
        "Нет связи с центром: данные могут быть устаревшими",
        "No contact with the centre: this may be out of date",
    ),
    "refresh": (
        "Səhifə hər 20 saniyədən bir yenilənir",
        "Страница обновляется каждые 20 секунд",
        "This page refreshes every 20 seconds",
    ),
    "listen": (
        "Nömrənizi tabloda və səsli elanda izləyin",
        "Следите за номером на табло",
        "Watch for your number on the hall display",
    ),
}
_INDEX = {"az": 0, "ru": 1, "en": 2}


def text(key: str, language: str, **values: object) -> str:
    return _T[key][_INDEX.get(language, 0)].format(**values)
