from __future__ import annotations

from pathlib import Path

import pytest

from kiosk_app.settings import Settings, SettingsError, load_settings
from kiosk_app.settings_doc import readme_table, sample_toml
from tests.paths import REPO_ROOT


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("ASANQ_"):
            monkeypatch.delenv(key)


def test_defaults_are_a_working_single_machine_centre() -> None:
    s = load_settings()
    assert s.db.url.startswith("sqlite:///")
    assert (s.booking.checkin_before_minutes, s.booking.checkin_grace_minutes) == (30, 0)
    assert s.checkin.offer_walk_in_when_late
    assert s.kiosk.language == "az"


def test_toml_file_then_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "centre.toml"
    cfg.write_text(
        '[db]\nurl = "sqlite:///from-file.db"\n[dispatch]\nbooked_credit_minutes = 5\n'
        '[printer]\nurl = "dummy://"\n',
        encoding="utf-8",
    )
    s = load_settings(cfg)
    assert (s.db.url, s.dispatch.booked_credit_minutes, s.printer.url) == (
        "sqlite:///from-file.db",
        5,
        "dummy://",
    )
    monkeypatch.setenv("ASANQ_DB__URL", "postgresql+psycopg://db/centre")
    monkeypatch.setenv("ASANQ_SMTP__HOST", "mail.example.az")
    s = load_settings(cfg)
    assert s.db.url == "postgresql+psycopg://db/centre"
    assert s.smtp.host == "mail.example.az"
    assert s.dispatch.booked_credit_minutes == 5


def test_config_from_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[centre]\nid = "gence"\n', encoding="utf-8")
    monkeypatch.setenv("ASANQ_CONFIG", str(cfg))
    assert load_settings().centre.id == "gence"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[db\nurl=1", "not valid TOML"),
        ("[booking]\ncheckin_before_minutes = -5\n", "booking.checkin_before_minutes"),
        (
            "[checkin]\nbefore_minutes = 45\n",
            "checkin.before_minutes: moved to booking.checkin_before_minutes",
        ),
        ('[kiosk]\nlanguage = "de"\n', "kiosk.language"),
        ("[nonsense]\nx = 1\n", "nonsense"),
    ],
)
def test_bad_config_files_get_one_clear_message(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(cfg)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_bad_environment_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASANQ_DISPATCH__BOOKED_CREDIT_MINUTES", "soon")
    with pytest.raises(SettingsError, match="dispatch.booked_credit_minutes"):
        load_settings()


def test_secrets_have_no_working_default_outside_the_demo() -> None:
    with pytest.raises(SettingsError, match="server.secret_key"):
        Settings().require_secrets()
    Settings(demo=True).require_secrets()


def test_overrides_are_validated() -> None:
    s = Settings().with_overrides({"db.url": "sqlite:///x.db", "dispatch.booked_credit_minutes": 3})
    assert (s.db.url, s.dispatch.booked_credit_minutes) == ("sqlite:///x.db", 3)
    with pytest.raises(SettingsError, match="booked_credit_minutes"):
        Settings().with_overrides({"dispatch.booked_credit_minutes": "many"})


def test_sample_config_is_valid_and_current() -> None:
    sample = REPO_ROOT / "assets" / "config" / "asan-queue.sample.toml"
    load_settings(sample)  # every key in it is accepted
    assert sample.read_text(encoding="utf-8") == sample_toml(), (
        "sample config is stale: python -c 'from kiosk_app.settings_doc import write_docs; write_docs()'"
    )


def test_readme_lists_every_setting() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme, (
        "README settings table is stale: python -c 'from kiosk_app.settings_doc import write_docs; write_docs()'"
    )


def test_environment_lists_are_json_and_names_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASANQ_SERVER__TRUSTED_PROXIES", '["10.0.0.1", "10.0.0.2"]')
    monkeypatch.setenv("asanq_centre__id", "gence")
    monkeypatch.setenv("ASANQ_SCREENSHOTS", "/tmp/x")  # not a setting: left alone
    s = load_settings()
    assert s.server.trusted_proxies == ["10.0.0.1", "10.0.0.2"]
    assert s.centre.id == "gence"
    monkeypatch.setenv("ASANQ_SERVER__TRUSTED_PROXIES", "10.0.0.1")
    with pytest.raises(SettingsError, match="ASANQ_SERVER__TRUSTED_PROXIES must be JSON"):
        load_settings()


def test_environment_sets_one_key_and_keeps_the_files_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[log]\njson = true\nlevel = "ERROR"\n', encoding="utf-8")
    monkeypatch.setenv("ASANQ_LOG__LEVEL", "DEBUG")
    s = load_settings(cfg)
    assert (s.log.level, s.log.json_lines) == ("DEBUG", True)


def test_the_keys_it_may_push_have_the_bounds_the_centre_declares() -> None:
    """The central service checks a push against `LIVE_SETTINGS` (it cannot import the
    centre's sections): the same type and bounds as the centre's own keys, so a push
    IT may send is one the centre takes, and one it refuses the centre would too."""
    from kiosk_app.settings import Settings
    from server_sync.kernel.centre_settings import LIVE_SETTINGS
    from server_sync.kernel.settings_model import fields_of

    sections = {f.key: f.type for f in fields_of(Settings)}
    for name, (kind, lowest, highest) in LIVE_SETTINGS.items():
        section, key = name.split(".")
        field = {f.key: f for f in fields_of(sections[section])}[key]
        assert field.type is kind, name
        assert field.limits.get("ge") == lowest, name
        assert field.limits.get("le") == highest, name
