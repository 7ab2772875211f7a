"""The reasons a booking request is refused, in Azerbaijani, Russian and English.

Each refusal has a stable code (the API's `code`); this table gives the words
shown next to the field (the seed's "panel of reasons for the refusal").
"""

from __future__ import annotations

from collections.abc import Mapping

_M: Mapping[str, tuple[str, str, str]] = {
    "required": ("Bu sahəni doldurun.", "Заполните это поле.", "Please fill in this field."),
    "too_short": (
        "Çox qısadır (ən azı 2 hərf).",
        "Слишком коротко (минимум 2 буквы).",
        "Too short (at least 2 letters).",
    ),
    "too_long": ("Çox uzundur.", "Слишком длинно.", "Too long."),
    "letters_only": (
        "Yalnız hərflər, defis və apostrof ola bilər.",
        "Допускаются только буквы, дефис и апостроф.",
        "Only letters, hyphens and apostrophes are allowed.",
    ),
    "id_document_format": (
        "Ş/V seriyası və nömrəsi AZE və 8 rəqəm və ya AA və 7 rəqəm olmalıdır.",
        "Серия и номер удостоверения: AZE и 8 цифр или AA и 7 цифр.",
        "ID card series and number: AZE and 8 digits, or AA and 7 digits.",
    ),
    "phone_format": (
        "Telefon nömrəsini +994 50 123 45 67 şəklində yazın.",
        "Введите номер телефона в виде +994 50 123 45 67.",
        "Write the phone number as +994 50 123 45 67.",
    ),
    "phone_not_mobile": (
        "Mobil nömrə daxil edin (010, 050, 051, 055, 060, 070, 077, 099).",
        "Введите мобильный номер (010, 050, 051, 055, 060, 070, 077, 099).",
        "Enter a mobile number (010, 050, 051, 055, 060, 070, 077, 099).",
    ),
    "email_format": (
        "E-poçt ünvanı düzgün deyil.",
        "Неверный адрес электронной почты.",
        "This e-mail address is not valid.",
    ),
    "unknown_service": ("Belə xidmət yoxdur.", "Такой услуги нет.", "There is no such service."),
    "unknown_centre": ("Belə mərkəz yoxdur.", "Такого центра нет.", "There is no such centre."),
    "service_not_offered": (
        "Bu xidmət seçilmiş mərkəzdə göstərilmir.",
        "Эта услуга не оказывается в этом центре.",
        "This service is not offered at the chosen centre.",
    ),
    "service_not_online": (
        "Bu xidmət üçün onlayn növbə yoxdur.",
        "На эту услугу нет онлайн-записи.",
        "This service cannot be booked online.",
    ),
    "date_format": (
        "Tarixi İİİİ-AA-GG şəklində seçin.",
        "Выберите дату в формате ГГГГ-ММ-ДД.",
        "Choose the date as YYYY-MM-DD.",
    ),
    "date_in_past": ("Bu tarix artıq keçib.", "Эта дата уже прошла.", "This date has passed."),
    "date_too_soon": (
        "Növbə ən geci 1 gün əvvəldən tutulur: sabah və ya daha sonrakı günü seçin.",
        "Запись возможна не позднее чем за 1 день: выберите завтра или позже.",
        "Bookings must be made at least one day ahead: choose tomorrow or later.",
    ),
    "date_beyond_horizon": (
        "Bu tarix üçün növbə hələ açılmayıb.",
        "Запись на эту дату ещё не открыта.",
        "Booking for this date is not open yet.",
    ),
    "centre_closed": (
        "Mərkəz bu gün işləmir.",
        "В этот день центр не работает.",
        "The centre is closed on this day.",
    ),
    "time_format": (
        "Saatı SS:DD şəklində seçin.",
        "Выберите время в формате ЧЧ:ММ.",
        "Choose the time as HH:MM.",
    ),
    "time_not_offered": (
        "Bu saatda növbə yoxdur; siyahıdan seçin.",
        "На это время записи нет; выберите из списка.",
        "There is no slot at this time; choose one from the list.",
    ),
    "slot_full": (
        "Bu saat üçün boş yer qalmayıb; başqa saat seçin.",
        "На это время мест не осталось; выберите другое время.",
        "No places are left at this time; choose another time.",
    ),
    "already_booked": (
        "Bu şəxsiyyət vəsiqəsi ilə bu xidmətə həmin gün üçün artıq növbə var.",
        "По этому удостоверению уже есть запись на эту услугу в этот день.",
        "This ID card already has a booking for this service on that day.",
    ),
    "code_missing": (
        "Əvvəlcə təsdiqedici şifrəni e-poçtunuza göndərin.",
        "Сначала отправьте код подтверждения на вашу почту.",
        "First send the confirmation code to your e-mail.",
    ),
    "code_expired": (
        "Təsdiqedici şifrənin vaxtı bitib; yenisini göndərin.",
        "Срок действия кода истёк; отправьте новый.",
        "The confirmation code has expired; send a new one.",
    ),
    "code_used": (
        "Bu təsdiqedici şifrə artıq istifadə olunub; yenisini göndərin.",
        "Этот код уже использован; отправьте новый.",
        "This confirmation code has been used; send a new one.",
    ),
    "code_wrong": (
        "Təsdiqedici şifrə səhvdir.",
        "Неверный код подтверждения.",
        "The confirmation code is wrong.",
    ),
    "code_burned": (
        "Çox səhv cəhd edildi; yeni təsdiqedici şifrə göndərin.",
        "Слишком много неверных попыток; отправьте новый код.",
        "Too many wrong tries; send a new confirmation code.",
    ),
    "resend_too_soon": (
        "Şifrə bir az əvvəl göndərilib; bir dəqiqə sonra yenidən cəhd edin.",
        "Код только что отправлен; попробуйте снова через минуту.",
        "A code was sent a moment ago; try again in a minute.",
    ),
    "too_many_codes_email": (
        "Bu ünvana çox şifrə göndərilib; bir saat sonra cəhd edin.",
        "На этот адрес отправлено слишком много кодов; попробуйте через час.",
        "Too many codes were sent to this address; try again in an hour.",
    ),
    "too_many_codes_client": (
        "Bu cihazdan çox sorğu gəlib; bir saat sonra cəhd edin.",
        "С этого устройства слишком много запросов; попробуйте через час.",
        "Too many requests from this device; try again in an hour.",
    ),
    "challenge_required": (
        "Robot yoxlaması tamamlanmayıb.",
        "Проверка на робота не пройдена.",
        "The anti-robot check was not completed.",
    ),
    "challenge_invalid": (
        "Robot yoxlaması düzgün deyil; səhifəni yeniləyin.",
        "Проверка на робота неверна; обновите страницу.",
        "The anti-robot check is not valid; reload the page.",
    ),
    "challenge_expired": (
        "Robot yoxlamasının vaxtı bitib; səhifəni yeniləyin.",
        "Срок проверки на робота истёк; обновите страницу.",
        "The anti-robot check has expired; reload the page.",
    ),
    "challenge_failed": (
        "Robot yoxlaması uğursuz oldu.",
        "Проверка на робота не удалась.",
        "The anti-robot check failed.",
    ),
    "order_code_format": (
        "Sifariş kodu 12 rəqəmdir; yoxlayın.",
        "Код заказа состоит из 12 цифр; проверьте.",
        "The order code has 12 digits; please check it.",
    ),
    "not_found": (
        "Bu sifariş kodu və e-poçt ilə növbə tapılmadı.",
        "Запись с таким кодом заказа и почтой не найдена.",
        "No booking was found with this order code and e-mail.",
    ),
    "not_cancellable": (
        "Bu növbə artıq ləğv edilib və ya istifadə olunub.",
        "Эта запись уже отменена или использована.",
        "This booking is already cancelled or used.",
    ),
    "unknown_field": (
        "Bu sahə bu xidmət üçün nəzərdə tutulmayıb.",
        "Это поле не предусмотрено для услуги.",
        "This field is not part of this service's form.",
    ),
    "invalid": ("Dəyər düzgün deyil.", "Неверное значение.", "This value is not valid."),
}

_INDEX = {"az": 0, "ru": 1, "en": 2}


def message(code: str, language: str) -> str:
    """The words for refusal `code` in `language` (Azerbaijani when unknown)."""
    texts = _M.get(code, _M["invalid"])
    return texts[_INDEX.get(language, 0)]


def known_codes() -> frozenset[str]:
    return frozenset(_M)
