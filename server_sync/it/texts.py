"""Words of the IT pages (az / ru / en)."""

from __future__ import annotations

_T: dict[str, tuple[str, str, str]] = {
    "title": ("İT paneli: mərkəzlər", "Панель ИТ: центры", "IT view: centres"),
    "sign_in": ("Daxil ol", "Войти", "Sign in"),
    "sign_out": ("Çıxış", "Выйти", "Sign out"),
    "username": ("İstifadəçi adı", "Имя пользователя", "Username"),
    "password": ("Şifrə", "Пароль", "Password"),
    "bad_sign_in": (
        "İstifadəçi adı və ya şifrə yanlışdır (və ya hesab bloklanıb).",
        "Неверное имя или пароль (или учётная запись заблокирована).",
        "Wrong username or password (or the account is locked).",
    ),
    "centre": ("Mərkəz", "Центр", "Centre"),
    "state": ("Vəziyyət", "Состояние", "State"),
    "ok": ("Əlaqədə", "На связи", "Online"),
    "stale": ("Cavab vermir", "Нет связи", "Stale"),
    "never": ("heç vaxt", "никогда", "never"),
    "not_connected": ("Qoşulmayıb", "Не подключён", "Not set up"),
    "heartbeat": ("Son siqnal", "Последний сигнал", "Last heartbeat"),
    "last_pull": ("Son sinxron", "Последняя синхр.", "Last sync"),
    "version": ("Versiya", "Версия", "Version"),
    "skew": ("Saat fərqi", "Разница часов", "Clock skew"),
    "backlog": ("Göndərilməmiş", "Не отправлено", "Outbox backlog"),
    "queue": ("Növbədə", "В очереди", "Queue"),
    "config": ("Konfiqurasiya", "Конфигурация", "Config"),
    "pending": ("gözləyir", "ожидает", "pending"),
    "conflicts": ("Ziddiyyətlər", "Конфликты", "Conflicts"),
    "devices": ("Qurğular", "Устройства", "Devices"),
    "alerts": ("Xəbərdarlıqlar", "Предупреждения", "Alerts"),
    "no_token": ("token yoxdur", "нет токена", "no token"),
    "pushes": ("Konfiqurasiya göndərişləri", "Рассылки конфигурации", "Config pushes"),
    "push_kind": ("Növ", "Вид", "Kind"),
    "target": ("Kimə", "Кому", "Target"),
    "all": ("bütün mərkəzlər", "все центры", "all centres"),
    "applied": ("Tətbiq edib", "Применили", "Applied by"),
    "waiting": ("Gözlənilir", "Ожидаются", "Waiting for"),
    "when": ("Vaxt", "Время", "When"),
    "note": ("Qeyd", "Примечание", "Note"),
    "recent_conflicts": ("Son ziddiyyətlər", "Последние конфликты", "Recent conflicts"),
    "kind": ("Növ", "Вид", "Kind"),
    "booking": ("Sifariş kodu", "Код заказа", "Order code"),
    "none": ("Yoxdur", "Нет", "None"),
    "refreshes": (
        "Səhifə hər 30 saniyədən bir yenilənir",
        "Страница обновляется каждые 30 с",
        "This page refreshes every 30 s",
    ),
    "signed_in_as": ("İstifadəçi: {u}", "Пользователь: {u}", "Signed in as {u}"),
    # devices and their alerts
    "printer": ("Printer", "Принтер", "Printer"),
    "paper": ("Kağız", "Бумага", "Paper"),
    "v_online": ("işləyir", "в сети", "online"),
    "v_offline": ("qoşulmayıb", "не в сети", "offline"),
    "v_unknown": ("naməlum", "неизвестно", "unknown"),
    "v_ok": ("var", "есть", "ok"),
    "v_near_end": ("qurtarır", "заканчивается", "near end"),
    "v_out": ("qurtarıb", "закончилась", "out"),
    "a_printer_offline": ("printer qoşulmayıb", "принтер не в сети", "printer offline"),
    "a_paper_near_end": ("kağız qurtarır", "бумага заканчивается", "paper near end"),
    "a_paper_out": ("kağız qurtarıb", "бумага закончилась", "paper out"),
    "a_cover_open": ("qapaq açıqdır", "крышка открыта", "cover open"),
    "a_silent": ("{d} vaxtından səssizdir", "молчит с {d}", "silent since {d}"),
    "a_device": ("{d}", "{d}", "{d}"),
    # kinds of pushes and conflicts
    "k_catalogue": ("Kataloq", "Каталог", "Catalogue"),
    "k_hours": ("İş saatları", "Часы работы", "Opening hours"),
    "k_settings": ("Parametrlər", "Параметры", "Settings"),
    "c_checked_in_after_cancel": (
        "Ləğv edilmiş sifarişlə qeydiyyat",
        "Регистрация по отменённой записи",
        "Checked in after cancellation",
    ),
    "c_duplicate_check_in": ("Təkrar qeydiyyat", "Повторная регистрация", "Second check-in"),
    "c_unknown_booking": ("Naməlum sifariş", "Неизвестная запись", "Unknown booking"),
    "centre_time": ("Mərkəzin saatı ilə", "По часам центра", "Centre clock"),
}
_INDEX = {"az": 0, "ru": 1, "en": 2}


def text(key: str, language: str, **values: object) -> str:
    """The words for `key`; an unknown key is shown as itself (a newer kind)."""
    if key not in _T:
        return key.split("_", 1)[-1].replace("_", " ")
    return _T[key][_INDEX.get(language, 0)].format(**values)
