"""Words of the citizen pages and e-mails in Azerbaijani, Russian and English."""

from __future__ import annotations

from datetime import date

from server_sync.kernel.catalogue import LANGUAGES

_T: dict[str, tuple[str, str, str]] = {
    "site_title": (
        "ASAN xidmət — onlayn növbə",
        "ASAN xidmət — онлайн-очередь",
        "ASAN xidmət — online booking",
    ),
    "skip": ("Əsas məzmuna keç", "Перейти к содержанию", "Skip to content"),
    "step_agency": ("Qurumu seçin", "Выберите ведомство", "Choose the agency"),
    "step_service": ("Xidməti seçin", "Выберите услугу", "Choose the service"),
    "step_centre": ("Mərkəzi seçin", "Выберите центр", "Choose the centre"),
    "step_date": ("Tarixi seçin", "Выберите дату", "Choose the date"),
    "step_time": ("Saatı seçin", "Выберите время", "Choose the time"),
    "step_form": ("Məlumatlarınızı yazın", "Заполните данные", "Fill in your details"),
    "agency": ("Qurum", "Ведомство", "Agency"),
    "first_name": ("Ad", "Имя", "First name"),
    "last_name": ("Soyad", "Фамилия", "Surname"),
    "father_name": ("Ata adı", "Отчество", "Father's name"),
    "id_document": (
        "Ş/V seriyası və nömrəsi",
        "Серия и номер удостоверения",
        "ID card series and number",
    ),
    "phone": ("Telefon", "Телефон", "Phone"),
    "email": ("E-poçt", "Эл. почта", "E-mail"),
    "service": ("Xidmətin adı", "Услуга", "Service"),
    "centre": ("Xidmətin Mərkəzi", "Центр обслуживания", "Service centre"),
    "date": ("Tarix", "Дата", "Date"),
    "time": ("Saat", "Время", "Time"),
    "confirmation_code": ("Təsdiqedici şifrə", "Код подтверждения", "Confirmation code"),
    "challenge": ("Robot yoxlaması", "Проверка на робота", "Anti-robot check"),
    "client": ("Cihaz", "Устройство", "Device"),
    "order_code": ("Sifariş kodu", "Код заказа", "Order code"),
    "address": ("Ünvan", "Адрес", "Address"),
    "required_note": (
        "* ilə işarələnmiş sahələr mütləqdir.",
        "Поля со * обязательны.",
        "Fields marked * are required.",
    ),
    "hint_id_document": (
        "Məsələn: AZE12345678 və ya AA1234567",
        "Например: AZE12345678 или AA1234567",
        "For example: AZE12345678 or AA1234567",
    ),
    "hint_phone": (
        "Məsələn: +994 50 123 45 67",
        "Например: +994 50 123 45 67",
        "For example: +994 50 123 45 67",
    ),
    "hint_code": (
        "E-poçtunuza göndərilən 6 rəqəmli şifrə",
        "6-значный код из письма",
        "The 6-digit code from the e-mail",
    ),
    "send_code": (
        "Təsdiqedici şifrə e-poçt ünvanına göndərilsin",
        "Отправить код подтверждения на почту",
        "Send the confirmation code to my e-mail",
    ),
    "code_sent": (
        "Təsdiqedici şifrə {email} ünvanına göndərildi. {minutes} dəqiqə etibarlıdır.",
        "Код подтверждения отправлен на {email}. Действует {minutes} минут.",
        "The confirmation code was sent to {email}. It is valid for {minutes} minutes.",
    ),
    "submit": ("Göndər", "Отправить", "Send"),
    "fix_errors": (
        "Sorğu qəbul edilmədi. Aşağıdakı səbəbləri düzəldin:",
        "Запрос не принят. Исправьте следующее:",
        "The request was not accepted. Please correct the following:",
    ),
    "places_left": ("{n} yer", "мест: {n}", "{n} left"),
    "full": ("dolub", "мест нет", "full"),
    "no_days": (
        "Yaxın günlərdə boş yer yoxdur.",
        "В ближайшие дни мест нет.",
        "No free places in the coming days.",
    ),
    "back": ("Geri", "Назад", "Back"),
    "change": ("dəyiş", "изменить", "change"),
    "success_title": (
        "Onlayn növbə qəbul edildi",
        "Онлайн-запись принята",
        "Your booking is confirmed",
    ),
    "success_sent": (
        "Sifariş kodu {email} ünvanına da göndərildi.",
        "Код заказа также отправлен на {email}.",
        "The order code was also sent to {email}.",
    ),
    "print": ("Çap et", "Распечатать", "Print"),
    "checkin_rule": (
        "{date} tarixində gəlin: {centre}. Sifariş kodunu növbə aparatına saat {earliest} "
        "ilə {start} arasında daxil edin; aparat sıra nömrənizi çap edəcək. "
        "Saat {start}-dan sonra kod qəbul edilmir.",
        "Приходите {date}: {centre}. Введите код заказа в терминал очереди с {earliest} "
        "до {start}; терминал напечатает ваш номер очереди. После {start} код не принимается.",
        "Come on {date} to {centre}. Enter the order code at the queue kiosk between "
        "{earliest} and {start}; the kiosk prints your ticket number. "
        "The code is not accepted after {start}.",
    ),
    "manage_title": (
        "Növbəni yoxla və ya ləğv et",
        "Проверить или отменить запись",
        "Check or cancel a booking",
    ),
    "manage_intro": (
        "Sifariş kodunu və növbəni tutarkən yazdığınız e-poçtu daxil edin.",
        "Введите код заказа и почту, указанную при записи.",
        "Enter the order code and the e-mail you booked with.",
    ),
    "find": ("Tap", "Найти", "Find"),
    "cancel_booking": ("Növbəni ləğv et", "Отменить запись", "Cancel the booking"),
    "cancelled_notice": (
        "Növbə ləğv edildi; yer boşaldı.",
        "Запись отменена; место освободилось.",
        "The booking is cancelled; the place is free again.",
    ),
    "status": ("Vəziyyət", "Статус", "Status"),
    "status_booked": ("qüvvədədir", "действует", "active"),
    "status_cancelled": ("ləğv edilib", "отменена", "cancelled"),
    "status_checked_in": ("aktivləşdirilib", "активирована", "checked in"),
    "status_called": ("çağırılıb", "вызван", "called"),
    "status_served": ("xidmət göstərilib", "обслужен", "served"),
    "status_no_show": ("gəlməyib", "не явился", "did not come"),
    "status_expired": ("vaxtı keçib", "истекла", "expired"),
    "new_booking": ("Yeni növbə tut", "Новая запись", "Make a booking"),
    "manage_link": ("Növbəni yoxla / ləğv et", "Проверить / отменить", "Check / cancel"),
    "free": (
        "Pulsuzdur. Kömək: 108 Çağrı Mərkəzi.",
        "Бесплатно. Помощь: колл-центр 108.",
        "Free of charge. Help: call centre 108.",
    ),
    "need_js": (
        "Robot yoxlaması üçün brauzerdə JavaScript açıq olmalıdır.",
        "Для проверки на робота включите JavaScript.",
        "The anti-robot check needs JavaScript enabled in the browser.",
    ),
    "working": ("Yoxlanılır…", "Проверка…", "Checking…"),
    "not_found_page": ("Səhifə tapılmadı.", "Страница не найдена.", "Page not found."),
    "mail_code_subject": (
        "Təsdiqedici şifrə: {code}",
        "Код подтверждения: {code}",
        "Confirmation code: {code}",
    ),
    "mail_code_body": (
        "Onlayn növbə üçün təsdiqedici şifrəniz: {code}\n\nŞifrə {minutes} dəqiqə etibarlıdır "
        "və bir dəfə istifadə olunur. Əgər siz istəməmisinizsə, bu məktubu nəzərə almayın.",
        "Ваш код подтверждения для онлайн-записи: {code}\n\nКод действует {minutes} минут и "
        "используется один раз. Если вы его не запрашивали, просто проигнорируйте письмо.",
        "Your confirmation code for the online booking: {code}\n\nIt is valid for {minutes} "
        "minutes and can be used once. If you did not ask for it, ignore this e-mail.",
    ),
    "mail_booked_subject": (
        "Onlayn növbə qəbul edildi — sifariş kodu {code}",
        "Онлайн-запись принята — код заказа {code}",
        "Booking confirmed — order code {code}",
    ),
    "mail_reminder_subject": (
        "Xatırlatma: sabah {time} — sifariş kodu {code}",
        "Напоминание: завтра в {time} — код заказа {code}",
        "Reminder: tomorrow at {time} — order code {code}",
    ),
    "mail_cancelled_subject": (
        "Onlayn növbə ləğv edildi — {code}",
        "Онлайн-запись отменена — {code}",
        "Booking cancelled — {code}",
    ),
    "mail_greeting": ("Hörmətli {name},", "Уважаемый(ая) {name},", "Dear {name},"),
    "mail_booked_intro": (
        "onlayn növbəniz qəbul edildi.",
        "ваша онлайн-запись принята.",
        "your online booking is confirmed.",
    ),
    "mail_reminder_intro": (
        "sabah ASAN xidmət mərkəzində növbəniz var.",
        "напоминаем о записи в центр ASAN xidmət на завтра.",
        "this is a reminder of your booking at the ASAN centre tomorrow.",
    ),
    "mail_cancelled_intro": (
        "onlayn növbəniz ləğv edildi.",
        "ваша онлайн-запись отменена.",
        "your online booking was cancelled.",
    ),
    "mail_manage": (
        "Növbəni yoxlamaq və ya ləğv etmək: {url}",
        "Проверить или отменить запись: {url}",
        "To check or cancel the booking: {url}",
    ),
}

_INDEX = {"az": 0, "ru": 1, "en": 2}

_MONTHS = {
    "az": (
        "yanvar",
        "fevral",
        "mart",
        "aprel",
        "may",
        "iyun",
        "iyul",
        "avqust",
        "sentyabr",
        "oktyabr",
        "noyabr",
        "dekabr",
    ),
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_WEEKDAYS = {
    "az": ("bazar ertəsi", "çərşənbə axşamı", "çərşənbə", "cümə axşamı", "cümə", "şənbə", "bazar"),
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def pick_language(*candidates: str | None) -> str:
    """The first supported language among the candidates, else Azerbaijani."""
    for value in candidates:
        if value and value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    return "az"


def t(key: str, language: str, **values: object) -> str:
    text = _T[key][_INDEX.get(language, 0)]
    return text.format(**values) if values else text


def long_date(day: date, language: str) -> str:
    """`25 noyabr 2026, çərşənbə` and its Russian and English forms."""
    lang = language if language in _MONTHS else "az"
    month = _MONTHS[lang][day.month - 1]
    weekday = _WEEKDAYS[lang][day.weekday()]
    if lang == "en":
        return f"{weekday}, {day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}, {weekday}"
