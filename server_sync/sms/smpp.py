"""`smpp://`: SMS through an SMS centre over SMPP 3.4 (smpplib underneath).

One transmitter link carries submit_sm; it is bound on first use, kept alive with
enquire_link, and bound again on the next send after it drops. Long texts go as
UDH-concatenated parts (GSM 7-bit, or UCS-2 for Azerbaijani letters), sent back to
back in windows and answered by message id. With a receipt callback, delivery
receipts come on a second, receiver link (or on one transceiver link).

A send never waits more than about three `sms.timeout_s`: connect, bind, answer.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
import zlib
from datetime import UTC, datetime
from typing import Any

from server_sync.config import SmsSettings
from server_sync.kernel.personal_data import mask_phone
from server_sync.sms.encoding import EncodedSms, encode_sms
from server_sync.sms.port import (
    ReceiptCallback,
    SendResult,
    SmsConfigError,
    SmsError,
    SmsMessage,
    SmsPermanentError,
    SmsTemporaryError,
    check_sender,
    destination_digits,
)
from server_sync.sms.receipts import parse_receipt
from server_sync.sms.smpp_codes import (
    BIND_REFUSALS,
    ESM_CLASS_RECEIPT,
    REGISTERED_DELIVERY_RECEIPT,
    TEMPORARY_STATUSES,
    Status,
    status_name,
)
from server_sync.sms.smpp_link import BindMode, BindRefused, LinkDown, SmppLink
from server_sync.sms.url import SmppAddress

log = logging.getLogger("asanq.sms")
WINDOW = 10  # submit_sm sent before waiting for answers
BIND_RETRY_S = 30.0  # after a refused bind, do not knock again sooner


def udh_reference(reference: str) -> int:
    """The concatenation reference of a message: the same for every retry of one
    outbox entry, so a handset can match parts sent again."""
    if not reference:
        return secrets.randbelow(256)
    return zlib.crc32(reference.encode("utf-8")) & 0xFF


def user_message_reference(reference: str) -> int | None:
    """The `user_message_reference` TLV of a message (16 bits of its outbox reference):
    the same for every try, so a centre that filters repeats can tell a copy."""
    if not reference:
        return None
    return (zlib.crc32(reference.encode("utf-8")) >> 8) & 0xFFFF


class SmppSender:
    """The SMPP adapter of the SMS port; safe to share between threads."""

    def __init__(
        self,
        address: SmppAddress,
        settings: SmsSettings,
        on_receipt: ReceiptCallback | None = None,
    ) -> None:
        try:
            check_sender(settings.sender)
        except ValueError as exc:
            raise SmsConfigError(f"sms.sender: {exc}") from None
        self.address = address
        self._settings = settings
        self._on_receipt = on_receipt
        self._receipts = address.receipts if on_receipt else "off"
        self._lock = threading.Lock()
        self._tx: SmppLink | None = None
        self._rx: SmppLink | None = None
        self._tx_refused: tuple[float, str] | None = None  # (until, why)
        self._rx_retry_at = 0.0

    # -- the port -----------------------------------------------------------
    def send(self, message: SmsMessage) -> SendResult:
        digits = destination_digits(message.to)
        try:
            source, source_ton, source_npi = check_sender(message.sender or self._settings.sender)
            encoded = encode_sms(message.text, udh_reference(message.reference))
        except ValueError as exc:
            raise SmsPermanentError(str(exc)) from None
        fields = {
            "source_addr_ton": source_ton,
            "source_addr_npi": source_npi,
            "source_addr": source,
            "dest_addr_ton": 1,
            "dest_addr_npi": 1,
            "destination_addr": digits,
            "esm_class": encoded.esm_class,
            "data_coding": encoded.data_coding,
            "registered_delivery": REGISTERED_DELIVERY_RECEIPT if self._receipts != "off" else 0,
        }
        user_reference = user_message_reference(message.reference)
        if user_reference is not None:
            fields["user_message_reference"] = user_reference
        with self._lock:
            link = self._transmitter()
            if self._receipts == "receiver":
                self._receiver()
            ids = self._submit(link, encoded, fields)
        log.info(
            "sms to %s accepted: %d part(s), %s, ids %s",
            mask_phone(message.to),
            len(ids),
            encoded.coding_name,
            ",".join(ids),
        )
        return SendResult(ids, len(ids), encoded.data_coding)

    @property
    def linked(self) -> bool:
        """Whether a transmitter link is bound right now (for status pages and tests)."""
        link = self._tx
        return link is not None and link.alive

    def open(self) -> None:
        """Bind now (instead of at the first send), so receipts queued at the centre
        since the last run start coming in. Raises like `send`."""
        with self._lock:
            self._transmitter()
            if self._receipts == "receiver":
                self._receiver()

    def close(self) -> None:
        with self._lock:
            for link in (self._tx, self._rx):
                if link is not None:
                    link.close()
            self._tx = self._rx = None

    # -- links --------------------------------------------------------------
    def _transmitter(self) -> SmppLink:
        if self._tx is not None and self._tx.alive:
            return self._tx
        if self._tx is not None:
            self._tx.close()
            self._tx = None
        now = time.monotonic()
        if self._tx_refused and now < self._tx_refused[0]:
            raise SmsTemporaryError(self._tx_refused[1], retry_after_s=self._tx_refused[0] - now)
        mode: BindMode = "transceiver" if self._receipts == "transceiver" else "transmitter"
        link = self._link(mode)
        try:
            link.open()
        except LinkDown as exc:
            raise SmsTemporaryError(f"SMS centre {self.address.redacted}: {exc}") from None
        except BindRefused as exc:
            why = (
                f"SMS centre {self.address.redacted} refused bind_{mode} as "
                f"{self.address.system_id!r}: {status_name(exc.status)}"
            )
            if exc.status in BIND_REFUSALS:
                why += "; check the system_id and password in sms.url"
            log.error("%s", why)
            self._tx_refused = (now + BIND_RETRY_S, why)
            raise SmsTemporaryError(why, retry_after_s=BIND_RETRY_S) from None
        self._tx_refused = None
        self._tx = link
        return link

    def _receiver(self) -> None:
        """Keep a receiver link for receipts; its failure never stops sending."""
        if self._rx is not None and self._rx.alive:
            return
        if self._rx is not None:
            self._rx.close()
            self._rx = None
        if time.monotonic() < self._rx_retry_at:
            return
        link = self._link("receiver")
        try:
            link.open()
        except (LinkDown, BindRefused) as exc:
            detail = status_name(exc.status) if isinstance(exc, BindRefused) else str(exc)
            log.warning("no receipt link to %s: %s", self.address.redacted, detail)
            self._rx_retry_at = time.monotonic() + self._settings.enquire_link_s
            return
        self._rx = link

    def _link(self, mode: BindMode) -> SmppLink:
        a, s = self.address, self._settings
        return SmppLink(
            a.host,
            a.port,
            mode,
            system_id=a.system_id,
            password=a.password,
            system_type=a.system_type,
            timeout_s=s.timeout_s,
            enquire_link_s=s.enquire_link_s,
            on_deliver=self._delivered if mode != "transmitter" else None,
        )

    # -- submit_sm ----------------------------------------------------------
    def _submit(
        self, link: SmppLink, encoded: EncodedSms, fields: dict[str, Any]
    ) -> tuple[str, ...]:
        ids: list[str] = []
        parts = encoded.parts
        for start in range(0, len(parts), WINDOW):
            pdus = [
                link.pdu("submit_sm", short_message=p, **fields)
                for p in parts[start : start + WINDOW]
            ]
            try:
                answers = link.request(pdus, self._settings.timeout_s)
            except LinkDown as exc:
                link.close()
                raise SmsTemporaryError(
                    f"SMS centre {self.address.redacted}: {exc}",
                    maybe_sent=exc.maybe_sent or bool(ids),
                ) from None
            for answer in answers:
                status = int(answer.status)
                if status != Status.ROK or answer.command == "generic_nack":
                    raise self._refusal(link, status or Status.RUNKNOWNERR, len(ids), len(parts))
                ids.append(bytes(answer.message_id or b"").decode("ascii", "replace"))
        return tuple(ids)

    def _refusal(self, link: SmppLink, status: int, accepted: int, total: int) -> SmsError:
        what = f"SMS centre refused part {accepted + 1} of {total}: {status_name(status)}"
        if status not in TEMPORARY_STATUSES:
            return SmsPermanentError(what)
        if status == Status.RINVBNDSTS:  # our session is not what we think: bind afresh
            link.close()
        retry = 1.0 if status in (Status.RTHROTTLED, Status.RMSGQFUL) else None
        return SmsTemporaryError(what, maybe_sent=accepted > 0, retry_after_s=retry)

    # -- receipts (called by a link's reader thread) ------------------------
    def _delivered(self, pdu: Any) -> int:
        if not int(pdu.esm_class or 0) & ESM_CLASS_RECEIPT:
            source = bytes(pdu.source_addr or b"").decode("ascii", "replace")
            log.info("ignored an incoming SMS from %s", mask_phone(source))
            return Status.ROK
        receipt = parse_receipt(
            bytes(pdu.short_message or b""), pdu.receipted_message_id, pdu.message_state
        )
        if receipt is None or self._on_receipt is None:
            log.warning("a delivery receipt without a message id was ignored")
            return Status.ROK
        try:
            self._on_receipt(receipt.message_id, receipt.state, datetime.now(UTC))
        except Exception:  # our bug or our store: the centre will send it again later
            log.exception("cannot record the receipt of SMS %s", receipt.message_id)
            return Status.RX_T_APPN
        log.info("sms %s: receipt %s", receipt.message_id, receipt.state)
        return Status.ROK
