"""Letters for the staff test page: every Azerbaijani letter that a code page gets wrong.

Test data, not words for people: the test page's own words come translated from
the kiosk (`kiosk_app.services.kiosk.ticket_words`).
"""

from __future__ import annotations

#: Every Azerbaijani letter that a code page would get wrong, both cases.
AZ_LETTERS = "ə Ə ğ Ğ ı I İ i ö Ö ü Ü ş Ş ç Ç"
#: Place names that use them, printed as the test page's last line.
AZ_PLACE_NAMES = "Şəki · Gəncə · Quba · İsmayıllı · Ağdaş · Göyçay · Oğuz"
#: The test page's ticket number: a letter no code page has.
TEST_NUMBER = "Ə001"
