"""What the counter's application panel and ApplicationDesk share (no store here,
so presenters and widgets may import it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server_sync.kernel.personal_data import mask_address, mask_email, mask_phone

#: Answers that are personal data: masked until revealed.
PERSONAL = (
    "fin",
    "fins",
    "phone",
    "mobile",
    "email",
    "first_name",
    "last_name",
    "father_name",
    "address",
    "old_address",
)


class CentralUnreachable(Exception):
    """The central service did not answer: the application cannot be shown now."""


class ResultRefused(ValueError):
    """A result the counter cannot record (`code`: unknown status, a refusal without reason)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CounterApplication:
    number: str
    service_id: str
    status: str
    answers: dict[str, Any]
    files: tuple[dict[str, Any], ...]
    revealed: bool


def _mask(name: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_mask(name, v) for v in value]
    text = str(value)
    if name in ("phone", "mobile"):
        return mask_phone(text)
    if name == "email":
        return mask_email(text)
    if name in ("address", "old_address"):
        return mask_address(text)
    return text[:1] + "•" * max(len(text) - 1, 0)
