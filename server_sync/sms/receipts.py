"""Delivery receipts: the text an SMS centre puts in a deliver_sm, read and written.

SMPP 3.4 Appendix B suggests `id:… sub:… dlvrd:… submit date:YYMMDDhhmm done
date:YYMMDDhhmm stat:DELIVRD err:000 text:…`; centres also send the id and the
state as TLVs (receipted_message_id, message_state), which win when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from server_sync.sms.emulator_wire import cstr, deliver_sm_body
from server_sync.sms.smpp_codes import ESM_CLASS_RECEIPT, MESSAGE_STATES, STATE_NUMBERS, Tag

_FIELD = re.compile(rb"(id|stat|err|submit date|done date):(\S*)", re.IGNORECASE)


@dataclass(frozen=True)
class Receipt:
    message_id: str
    state: str  # DELIVRD, UNDELIV, EXPIRED, REJECTD, ... (MESSAGE_STATES)
    error: str = ""


def parse_receipt(
    short_message: bytes, receipted_message_id: bytes | None, message_state: int | None
) -> Receipt | None:
    """The receipt in a deliver_sm, or None when it names no message."""
    fields = {
        k.lower().decode(): v.decode("ascii", "replace") for k, v in _FIELD.findall(short_message)
    }
    message_id = (
        receipted_message_id.rstrip(b"\0").decode("ascii", "replace")
        if receipted_message_id
        else fields.get("id", "")
    )
    if not message_id:
        return None
    if message_state in MESSAGE_STATES:
        state = MESSAGE_STATES[message_state]
    else:
        state = fields.get("stat", "UNKNOWN").upper() or "UNKNOWN"
    return Receipt(message_id, state, fields.get("err", ""))


def receipt_text(
    message_id: str, state: str, submitted: datetime, done: datetime, text: str, error: int = 0
) -> bytes:
    """The receipt text an SMSC sends (ASCII; the first 20 characters of the text)."""
    delivered = 1 if state == "DELIVRD" else 0
    preview = text[:20].encode("ascii", "replace").decode()
    return (
        f"id:{message_id} sub:001 dlvrd:{delivered:03d} "
        f"submit date:{submitted:%y%m%d%H%M} done date:{done:%y%m%d%H%M} "
        f"stat:{state} err:{error:03d} text:{preview}"
    ).encode("ascii")


def receipt_deliver_sm(
    message_id: str, state: str, recipient: str, sender: str, text: str, at: datetime
) -> bytes:
    """The deliver_sm body of a receipt, from the recipient back to the sender, with
    the id and state both in the text and as TLVs (as most centres send them)."""
    tlvs: dict[int, bytes] = {
        Tag.RECEIPTED_MESSAGE_ID: cstr(message_id),
        Tag.MESSAGE_STATE: bytes((STATE_NUMBERS.get(state, 7),)),
    }
    short = receipt_text(message_id, state, at, at, text)
    return deliver_sm_body(recipient, sender, ESM_CLASS_RECEIPT, short, tlvs)
