"""What one setting's value may be: text read as a number, a yes/no or one of a few
choices, and a number's bounds. `settings_model.validated` applies these to each key
and reports an `Unfit` with the key's dotted path.

Environment variables are text, so "8080", " 2.5 " and "yes" are read as what they
mean; a bool is never a number, and NaN and infinities are not numbers a key holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


class Unfit(Exception):
    """A value that does not fit its key; the message says what would."""


def check_limits(limits: Mapping[str, float], value: Any) -> None:
    """Unfit when the number `value` is outside `limits` (ge, gt, le, lt)."""
    if value is None or not limits:
        return
    if "ge" in limits and not value >= limits["ge"]:
        raise Unfit(f"must be at least {limits['ge']:g}, not {value!r}")
    if "gt" in limits and not value > limits["gt"]:
        raise Unfit(f"must be more than {limits['gt']:g}, not {value!r}")
    if "le" in limits and not value <= limits["le"]:
        raise Unfit(f"must be at most {limits['le']:g}, not {value!r}")
    if "lt" in limits and not value < limits["lt"]:
        raise Unfit(f"must be less than {limits['lt']:g}, not {value!r}")


def literal(choices: tuple[Any, ...], value: Any) -> Any:
    """The one of `choices` that `value` is, or names as text."""
    for choice in choices:
        if value == choice and type(value) is type(choice):
            return choice
        if isinstance(value, str) and str(choice) == value.strip():  # "80" from the environment
            return choice
    raise Unfit("must be one of " + ", ".join(map(str, choices)) + f", not {value!r}")


def _to_str(value: Any) -> str:
    if not isinstance(value, str):
        raise Unfit(f"must be text, not {value!r}")
    return value


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise Unfit(f"must be a whole number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise Unfit(f"must be a whole number, not {value!r}")


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise Unfit(f"must be a number, not {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise Unfit(f"must be a number, not {value!r}") from None
    else:
        raise Unfit(f"must be a number, not {value!r}")
    if number != number or number in (float("inf"), float("-inf")):
        raise Unfit(f"must be a finite number, not {value!r}")
    return number


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise Unfit(f"must be true or false, not {value!r}")


#: The reader of each scalar type a key may have.
SCALARS: dict[Any, Any] = {str: _to_str, int: _to_int, float: _to_float, bool: _to_bool}
