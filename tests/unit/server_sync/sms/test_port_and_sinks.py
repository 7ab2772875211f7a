"""The port's small rules, the fake sender, and the demo's folder of SMS files."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from server_sync.sms import FakeSmsSender, SmsMessage, SmsPermanentError, SmsTemporaryError
from server_sync.sms.file_sink import FileSmsSink
from server_sync.sms.files import write_new_file
from server_sync.sms.port import check_sender, destination_digits

WHEN = datetime(2025, 11, 24, 5, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("to", "digits"),
    [
        ("+994501234567", "994501234567"),
        ("+994 50 123-45-67", "994501234567"),
        ("994501234567", "994501234567"),
    ],
)
def test_destination_numbers(to: str, digits: str) -> None:
    assert destination_digits(to) == digits


@pytest.mark.parametrize(
    "to", ["", "+99450", "phone", "+994 50 123 45 67 89 01 23", "+99450123456x"]
)
def test_bad_destination_numbers_are_permanent_and_masked(to: str) -> None:
    with pytest.raises(SmsPermanentError) as caught:
        destination_digits(to)
    assert "0123" not in str(caught.value)  # the number is masked


def test_sender_ids() -> None:
    assert check_sender("ASAN") == ("ASAN", 5, 0)
    assert check_sender("ASAN-108") == ("ASAN-108", 5, 0)
    assert check_sender("+994125550108") == ("994125550108", 1, 1)
    for bad in ("", "ASAN xidmət", "TwelveCharsX", "A\x00"):
        with pytest.raises(ValueError, match="sender id"):
            check_sender(bad)


def test_a_message_repr_masks_the_number_and_hides_the_text() -> None:
    text = repr(SmsMessage("+994501234567", "Kodunuz: 123456", reference="r1"))
    assert "501234567" not in text
    assert "123456" not in text
    assert "+994 ** *** ** 67" in text


def test_the_fake_records_counts_parts_and_fails_on_demand() -> None:
    fake = FakeSmsSender()
    result = fake.send(SmsMessage("+994501234567", "ə" * 71))
    assert (result.parts, result.data_coding, result.message_ids) == (
        2,
        8,
        ("fake-1-1", "fake-1-2"),
    )
    fake.fail_next(SmsTemporaryError("link down"))
    with pytest.raises(SmsTemporaryError):
        fake.send(SmsMessage("+994501234567", "again"))
    fake.send(SmsMessage("+994501234567", "again"))
    assert fake.texts_to("+994501234567") == ["ə" * 71, "again"]
    assert fake.attempts == 3
    with pytest.raises(SmsPermanentError):
        fake.send(SmsMessage("nope", "x"))
    fake.close()
    with pytest.raises(SmsPermanentError, match="closed"):
        fake.send(SmsMessage("+994501234567", "x"))


def test_the_file_sink_writes_a_readable_utf8_file(tmp_path: Path) -> None:
    sink = FileSmsSink(tmp_path / "sms", "ASAN", now=lambda: WHEN)
    text = "Hörmətli vətəndaş, sifariş kodunuz: 1234 5678 9012"
    result = sink.send(SmsMessage("+994 50 123 45 67", text, reference="booking-7"))
    [path] = (tmp_path / "sms").glob("*.txt")
    assert result.message_ids == (path.name,)
    assert path.name == "sms-20251124T050500-" + path.name.split("-")[-1]
    content = path.read_text("utf-8")
    header, _, body = content.partition("\n\n")
    assert "To: +994501234567" in header
    assert "From: ASAN" in header
    assert "Reference: booking-7" in header
    assert "Parts: 1 (UCS-2, 50 UTF-16 units)" in header
    assert body == text + "\n"
    assert not list((tmp_path / "sms").glob(".*"))  # no temporary file left behind


def test_the_file_sink_never_overwrites_even_in_the_same_second(tmp_path: Path) -> None:
    folder = tmp_path / "sms"
    for run in range(3):  # three "restarts": new sinks, same clock second
        FileSmsSink(folder, "ASAN", now=lambda: WHEN).send(SmsMessage("+994501234567", f"n{run}"))
    occupied = folder / "sms-20251124T050500-9999.txt"
    occupied.write_text("someone else's", "utf-8")
    paths = sorted(folder.glob("sms-*.txt"))
    assert len(paths) == 4
    assert sorted(p.read_text("utf-8").rsplit("\n\n", 1)[-1] for p in paths if p != occupied) == [
        "n0\n",
        "n1\n",
        "n2\n",
    ]


def test_write_new_file_skips_a_taken_name(tmp_path: Path) -> None:
    first = write_new_file(tmp_path, "x", ".txt", b"1", WHEN)
    number = int(first.stem.rsplit("-", 1)[1])
    (tmp_path / f"x-20251124T050500-{number + 1:04d}.txt").write_bytes(b"taken")
    second = write_new_file(tmp_path, "x", ".txt", b"2", WHEN)
    assert second.read_bytes() == b"2"
    assert int(second.stem.rsplit("-", 1)[1]) > number + 1
    assert (tmp_path / f"x-20251124T050500-{number + 1:04d}.txt").read_bytes() == b"taken"


def test_an_unwritable_folder_is_a_temporary_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    sink = FileSmsSink(blocker / "sms", "ASAN")
    with pytest.raises(SmsTemporaryError, match="cannot write SMS"):
        sink.send(SmsMessage("+994501234567", "hi"))
    assert os.path.isfile(blocker)
