from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server_sync.kernel.order_codes import (
    CODE_LENGTH,
    OrderCodeError,
    damm_check_digit,
    format_order_code,
    generate_order_code,
    is_valid,
    parse_order_code,
)

bodies = st.text(alphabet="0123456789", min_size=CODE_LENGTH - 1, max_size=CODE_LENGTH - 1)


def with_check(body: str) -> str:
    return body + str(damm_check_digit(body))


@given(bodies, st.integers(0, CODE_LENGTH - 1), st.integers(1, 9))
def test_every_single_digit_error_is_caught(body: str, pos: int, delta: int) -> None:
    code = with_check(body)
    wrong = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1 :]
    assert not is_valid(wrong)
    with pytest.raises(OrderCodeError) as err:
        parse_order_code(wrong)
    assert err.value.reason == "check_digit"


@given(bodies, st.integers(0, CODE_LENGTH - 2))
def test_every_adjacent_swap_is_caught(body: str, pos: int) -> None:
    code = with_check(body)
    if code[pos] == code[pos + 1]:
        return  # swapping equal digits changes nothing
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :]
    assert not is_valid(swapped)


def test_generated_codes_are_valid_distinct_digits() -> None:
    codes = {generate_order_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == CODE_LENGTH and c.isdigit() and is_valid(c) for c in codes)


def test_generated_codes_use_every_digit_in_every_position() -> None:
    codes = [generate_order_code() for _ in range(3000)]
    for pos in range(CODE_LENGTH - 1):
        assert {c[pos] for c in codes} == set("0123456789")


def test_known_damm_value() -> None:
    # Worked example from the Damm algorithm's description: 572 → check digit 4.
    assert damm_check_digit("572") == 4


@pytest.mark.parametrize("sep", [" ", "-", "  ", " - ", "\t"])
def test_parse_tolerates_spaces_and_dashes(sep: str) -> None:
    code = generate_order_code()
    typed = sep.join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    assert parse_order_code(f" {typed} ") == code


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12345678901a", "not_digits"),
        ("１２３", "not_digits"),
        ("12345", "length"),
        ("1234567890123", "length"),
    ],
)
def test_parse_refuses_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(OrderCodeError) as err:
        parse_order_code(text)
    assert err.value.reason == reason


def test_format_groups_by_four_even_while_typing() -> None:
    assert format_order_code("123456789012") == "1234 5678 9012"
    assert format_order_code("12345") == "1234 5"
    assert format_order_code("") == ""
