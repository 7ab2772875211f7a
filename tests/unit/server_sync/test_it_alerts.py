"""A kiosk's code-guessing alert, as the heartbeat carries it, in the IT view's words."""

from __future__ import annotations

from datetime import UTC, datetime

from server_sync import app as _app  # noqa: F401  (loads the routers in their order)
from server_sync.it.overview import device_alerts
from server_sync.it.pages import _alert_text
from server_sync.kernel.i18n import Translator

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_the_guessing_alert_is_told_in_each_language() -> None:
    beat = [{"device_id": "kiosk-1", "alert": "code_guessing", "last_seen": NOW.isoformat()}]
    (alert,) = device_alerts(beat, NOW, 120)
    assert _alert_text(Translator("en"), alert) == "Many unknown order codes typed (code guessing?)"
    assert "tanınmayan sifariş kodu" in _alert_text(Translator("az"), alert)
    assert "неизвестных кодов заказа" in _alert_text(Translator("ru"), alert)
