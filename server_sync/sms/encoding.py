"""SMS text on the wire: GSM 7-bit when every character allows it, UCS-2 otherwise,
split into concatenated parts with a UDH (3GPP TS 23.038 / 23.040).

Pure functions, shared by the SMPP adapter (to encode) and the SMSC emulator (to
decode). GSM 7-bit goes out *unpacked*, one septet per octet, as SMPP carries it
with data_coding 0; the SMS centre packs it for the radio. Azerbaijani needs UCS-2
for ə, ğ, ı, İ and ş, so most Azerbaijani texts fit 70 characters, not 160.
"""

from __future__ import annotations

from dataclasses import dataclass

DATA_CODING_GSM7 = 0x00
DATA_CODING_UCS2 = 0x08
ESM_CLASS_DEFAULT = 0x00
ESM_CLASS_UDHI = 0x40  # short_message starts with a user data header

GSM7_SINGLE, GSM7_PART = 160, 153  # septets; a part loses 7 to the 6-octet UDH
UCS2_SINGLE, UCS2_PART = 70, 67  # UTF-16 code units; a part loses 3 to the UDH
MAX_PARTS = 255  # the UDH counts parts in one octet

_ESC = 0x1B
# The default alphabet, index = septet value. 0x1B is the escape to the extension table.
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = {
    0x0A: "\x0c",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}
# 0x09 is drawn as Ç in the ETSI table but mapped to ç by Unicode's GSM0338.TXT, and
# handsets differ. Azerbaijani tells Ç from ç (Çörək, çay), so neither is sent as GSM 7:
# a text with either goes out as UCS-2 and shows the letter that was written.
_AMBIGUOUS = {"Ç", "ç"}
_GSM7_ENCODE: dict[str, bytes] = {
    ch: bytes((i,)) for i, ch in enumerate(GSM7_BASIC) if i != _ESC and ch not in _AMBIGUOUS
}
_GSM7_ENCODE.update({ch: bytes((_ESC, code)) for code, ch in GSM7_EXTENSION.items()})


class MessageTooLong(ValueError):
    """The text needs more than 255 parts."""


@dataclass(frozen=True)
class EncodedSms:
    """What goes into submit_sm: one short_message per part (UDH included)."""

    data_coding: int
    esm_class: int
    parts: tuple[bytes, ...]
    units: int  # septets (GSM 7) or UTF-16 code units (UCS-2) of the whole text

    @property
    def coding_name(self) -> str:
        return "GSM 7-bit" if self.data_coding == DATA_CODING_GSM7 else "UCS-2"


def gsm7_septets(text: str) -> int | None:
    """Septets `text` needs in GSM 7-bit (extension characters count 2), or None when
    some character is not in the default alphabet or its extension table."""
    total = 0
    for ch in text:
        code = _GSM7_ENCODE.get(ch)
        if code is None:
            return None
        total += len(code)
    return total


def ucs2_units(text: str) -> int:
    """UTF-16 code units: characters beyond U+FFFF (emoji) take a surrogate pair."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def gsm7_encode(text: str) -> bytes:
    """Unpacked GSM 7-bit (one septet per octet); KeyError on a character it lacks."""
    return b"".join(_GSM7_ENCODE[ch] for ch in text)


def gsm7_decode(data: bytes) -> str:
    """Unpacked GSM 7-bit back to text; an unknown escape shows its basic character."""
    out: list[str] = []
    escaped = False
    for octet in data:
        if octet > 0x7F:
            out.append("\ufffd")
            escaped = False
        elif escaped:
            out.append(GSM7_EXTENSION.get(octet, GSM7_BASIC[octet]))
            escaped = False
        elif octet == _ESC:
            escaped = True
        else:
            out.append(GSM7_BASIC[octet])
    return "".join(out)


def choose_data_coding(text: str) -> int:
    """0x00 (GSM 7-bit) when the text allows it, else 0x08 (UCS-2)."""
    return DATA_CODING_GSM7 if gsm7_septets(text) is not None else DATA_CODING_UCS2


def _split(text: str, cost: dict[str, int] | None, single: int, part: int) -> list[str]:
    """Chunks of whole characters: an escape pair or a surrogate pair is never cut."""

    def weight(ch: str) -> int:
        if cost is not None:
            return cost[ch]
        return 2 if ord(ch) > 0xFFFF else 1

    if sum(weight(ch) for ch in text) <= single:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for ch in text:
        w = weight(ch)
        if used + w > part:
            chunks.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += w
    chunks.append("".join(current))
    return chunks


def split_text(text: str) -> tuple[int, list[str]]:
    """The data coding and the text of each part (one part when it fits a single SMS)."""
    if gsm7_septets(text) is not None:
        costs = {ch: len(_GSM7_ENCODE[ch]) for ch in set(text)}
        return DATA_CODING_GSM7, _split(text, costs, GSM7_SINGLE, GSM7_PART)
    return DATA_CODING_UCS2, _split(text, None, UCS2_SINGLE, UCS2_PART)


def concat_udh(reference: int, total: int, sequence: int) -> bytes:
    """The 6-octet UDH of a concatenated part: UDHL 5, IEI 0x00 (8-bit reference),
    IEDL 3, reference, total parts, this part's number (from 1)."""
    if not (0 <= reference <= 0xFF and 1 <= sequence <= total <= MAX_PARTS):
        raise ValueError(f"bad concatenation header {reference}/{total}/{sequence}")
    return bytes((0x05, 0x00, 0x03, reference, total, sequence))


def encode_sms(text: str, reference: int) -> EncodedSms:
    """Encode `text` for submit_sm; `reference` (0-255) ties the parts together.

    Raises MessageTooLong beyond 255 parts and ValueError for an empty text.
    """
    if not text:
        raise ValueError("an SMS needs some text")
    coding, chunks = split_text(text)
    if len(chunks) > MAX_PARTS:
        raise MessageTooLong(f"the text needs {len(chunks)} parts; at most {MAX_PARTS}")
    payloads = [
        gsm7_encode(chunk) if coding == DATA_CODING_GSM7 else chunk.encode("utf-16-be")
        for chunk in chunks
    ]
    units = len(b"".join(payloads)) if coding == DATA_CODING_GSM7 else ucs2_units(text)
    if len(payloads) == 1:
        return EncodedSms(coding, ESM_CLASS_DEFAULT, (payloads[0],), units)
    total = len(payloads)
    parts = tuple(
        concat_udh(reference, total, seq) + payload for seq, payload in enumerate(payloads, 1)
    )
    return EncodedSms(coding, ESM_CLASS_UDHI, parts, units)


@dataclass(frozen=True)
class Concat:
    """The concatenation element of a UDH (8- or 16-bit reference)."""

    reference: int
    total: int
    sequence: int


def split_udh(short_message: bytes) -> tuple[bytes, bytes]:
    """(UDH including its length octet, payload) of a short_message sent with UDHI."""
    if not short_message:
        raise ValueError("empty short_message with a UDH indicator")
    end = 1 + short_message[0]
    if end > len(short_message):
        raise ValueError("the UDH is longer than the message")
    return short_message[:end], short_message[end:]


def parse_concat(udh: bytes) -> Concat | None:
    """The concatenation element of `udh` (IEI 0x00 or 0x08), if it has one."""
    pos, end = 1, len(udh)
    while pos + 2 <= end:
        iei, length = udh[pos], udh[pos + 1]
        data = udh[pos + 2 : pos + 2 + length]
        if len(data) != length:
            raise ValueError("truncated UDH element")
        if iei == 0x00 and length == 3:
            return Concat(data[0], data[1], data[2])
        if iei == 0x08 and length == 4:
            return Concat(int.from_bytes(data[:2], "big"), data[2], data[3])
        pos += 2 + length
    return None


def decode_payload(payload: bytes, data_coding: int) -> str | None:
    """Text of a (reassembled) payload, or None for a data coding we do not read."""
    if data_coding == DATA_CODING_GSM7:
        return gsm7_decode(payload)
    if data_coding == DATA_CODING_UCS2:
        return payload.decode("utf-16-be", errors="replace")
    if data_coding == 0x01:  # IA5 (ASCII)
        return payload.decode("ascii", errors="replace")
    if data_coding == 0x03:  # Latin-1
        return payload.decode("latin-1")
    return None
