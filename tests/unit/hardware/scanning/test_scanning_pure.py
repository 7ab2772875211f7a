"""Order codes from payloads, and keyboard-wedge bursts told from people typing."""

from __future__ import annotations

import pytest

from hardware.scanning import KeyboardWedgeDecoder, extract_order_code


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("40213377", "40213377"),
        ("https://queue.asan.example/o/402133771234", "402133771234"),
        ("https://queue.asan.example/o/40213377/", "40213377"),
        ("\x02 40213377 \x03", "40213377"),
        ("1234567", None),  # too short
        ("12345678901234567", None),  # too long: not silently cut
        ("ABCDEFGH", None),
        ("https://example.com/about", None),
        ("", None),
    ],
)
def test_the_trailing_digit_run_is_the_code(payload, code):
    assert extract_order_code(payload) == code


def _type(
    decoder: KeyboardWedgeDecoder, text: str, start: float, interval: float
) -> tuple[list[str], float]:
    results = []
    at = start
    for key in [*text, "Enter"]:
        results.append(decoder.feed(key, at))
        at += interval
    return [r for r in results if r is not None], at


def test_a_scanner_burst_ending_in_enter_is_a_code():
    decoder = KeyboardWedgeDecoder()
    codes, _ = _type(decoder, "40213377", 100.0, 0.008)
    assert codes == ["40213377"]


def test_a_person_typing_the_same_digits_is_not_a_scan():
    decoder = KeyboardWedgeDecoder()
    codes, _ = _type(decoder, "40213377", 100.0, 0.15)
    assert codes == []


def test_a_scan_right_after_typing_still_reads():
    decoder = KeyboardWedgeDecoder()
    _, at = _type(decoder, "12", 10.0, 0.3)  # a person pressed keys
    codes, _ = _type(decoder, "https://q.example/o/5544332211", at + 1.0, 0.005)
    assert codes == ["5544332211"]


def test_a_slow_key_in_the_middle_breaks_the_burst():
    decoder = KeyboardWedgeDecoder()
    at = 0.0
    for key in "4021":
        decoder.feed(key, at)
        at += 0.005
    at += 0.5
    for key in "3377":
        decoder.feed(key, at)
        at += 0.005
    assert decoder.feed("Enter", at) is None  # only 4 fast keys: not a code
    assert not decoder.in_burst
