from __future__ import annotations

import io
import json
import logging

from server_sync.kernel.personal_data import mask_text
from server_sync.logs import setup_logging
from server_sync.settings import LogSettings


def test_json_log_lines_mask_personal_data() -> None:
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO", json_lines=True), stream=stream)
    logging.getLogger("asanq.test").info(
        "booking for %s", "AZE12345678", extra={"phone": "+994501234567", "ticket": "A042"}
    )
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["logger"] == "asanq.test"
    assert entry["msg"] == "booking for AZE*****678"
    assert entry["phone"] == "+994 ** *** ** 67"
    assert entry["ticket"] == "A042"


def test_plain_log_lines_are_masked_too() -> None:
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO"), stream=stream)
    logging.getLogger("asanq.test").warning("mail to aysel@mail.az failed")
    assert "a***@mail.az" in stream.getvalue()
    assert "aysel@" not in stream.getvalue()


def test_url_encoded_personal_data_is_masked() -> None:
    line = "GET /api/v1/bookings/123456789012?email=aysel%40mail.az&phone=%2B994501234567 HTTP/1.1"
    masked = mask_text(line)
    assert "aysel" not in masked
    assert "501234567" not in masked
    assert "a***@mail.az" in masked
    assert "+994 ** *** ** 67" in masked
    assert "/api/v1/bookings/123456789012" in masked  # an order code is not personal data
    form = "first_name=Aysel&id_document=AZE12345678&email=aysel.m%40mail.az&phone=050+123+45+67"
    masked_form = mask_text(form)
    assert "AZE12345678" not in masked_form
    assert "aysel.m" not in masked_form
    assert "123 45 67" not in masked_form
    assert "123+45+67" not in masked_form


def test_encoded_text_without_personal_data_is_left_as_it_is() -> None:
    line = "GET /search?q=%C9%99l%C9%99&page=2"
    assert mask_text(line) == line


def _raise_chained() -> None:
    try:
        raise ValueError("bad phone +994501234567")
    except ValueError as inner:
        raise RuntimeError("cannot save booking of aysel@mail.az (AZE12345678)") from inner


def test_plain_tracebacks_and_their_causes_are_masked() -> None:
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO"), stream=stream)
    try:
        _raise_chained()
    except RuntimeError:
        logging.getLogger("asanq.test").exception("booking failed")
    out = stream.getvalue()
    assert "Traceback" in out
    assert "The above exception was the direct cause" in out
    for clear in ("aysel@mail.az", "AZE12345678", "501234567"):
        assert clear not in out


def test_json_tracebacks_and_stacks_are_masked() -> None:
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO", json_lines=True), stream=stream)
    try:
        _raise_chained()
    except RuntimeError:
        logging.getLogger("asanq.test").error("failed", exc_info=True, stack_info=True)
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert "a***@mail.az" in entry["exc"]
    assert "AZE12345678" not in entry["exc"]
    assert "501234567" not in entry["exc"]
    assert "stack" in entry


def test_sqlalchemy_parameters_in_an_error_are_masked() -> None:
    import sqlalchemy as sa

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE b (id_document TEXT UNIQUE, email TEXT)"))
        conn.execute(sa.text("INSERT INTO b VALUES ('AZE12345678', 'aysel@mail.az')"))
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO"), stream=stream)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("INSERT INTO b VALUES (:d, :e)"), {"d": "AZE12345678", "e": "aysel@mail.az"}
            )
    except sa.exc.IntegrityError:
        logging.getLogger("asanq.test").exception("insert failed")
    out = stream.getvalue()
    assert "[parameters:" in out
    assert "AZE12345678" not in out
    assert "aysel@mail.az" not in out
