"""A streaming ESC/POS parser: bytes in any chunks -> whole commands.

It knows the lengths of the commands a receipt printer is commonly sent, so it
never mistakes image or QR data for commands, and it waits for more bytes when
a command is cut across TCP reads. Unknown commands are skipped, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
MAX_COMMAND_BYTES = 4 * 1024 * 1024  # a larger declared size is garbage, not a picture


@dataclass(frozen=True)
class Command:
    """One command: `kind` names it, `args` are its parameters, `raw` its bytes."""

    kind: str
    raw: bytes
    args: tuple[int, ...] = ()
    data: bytes = b""


# ESC x commands with a fixed total length (including ESC and x), and their kind.
_ESC_FIXED: dict[int, tuple[int, str]] = {
    ord("@"): (2, "init"),
    ord("a"): (3, "align"),
    ord("E"): (3, "bold"),
    ord("G"): (3, "bold"),
    ord("!"): (3, "mode"),
    ord("-"): (3, "underline"),
    ord("M"): (3, "font"),
    ord("J"): (3, "feed_dots"),
    ord("d"): (3, "feed_lines"),
    ord("2"): (2, "line_spacing_default"),
    ord("3"): (3, "line_spacing"),
    ord("t"): (3, "code_page"),
    ord("R"): (3, "ignored"),
    ord("{"): (3, "ignored"),
    ord("V"): (3, "ignored"),
    ord(" "): (3, "ignored"),
    ord("r"): (3, "ignored"),
    ord("U"): (3, "ignored"),
    ord("$"): (4, "ignored"),
    ord("\\"): (4, "ignored"),
    ord("p"): (5, "ignored"),
    ord("c"): (4, "ignored"),
    ord("i"): (2, "cut"),
    ord("m"): (2, "cut"),
    ord("L"): (2, "ignored"),
    ord("S"): (2, "ignored"),
    ord("="): (3, "ignored"),
    ord("%"): (3, "ignored"),
}
_GS_FIXED: dict[int, tuple[int, str]] = {
    ord("!"): (3, "size"),
    ord("B"): (3, "invert"),
    ord("b"): (3, "ignored"),
    ord("H"): (3, "ignored"),
    ord("h"): (3, "ignored"),
    ord("w"): (3, "ignored"),
    ord("f"): (3, "ignored"),
    ord("a"): (3, "ignored"),
    ord("r"): (3, "ignored"),
    ord("I"): (3, "ignored"),
    ord("/"): (3, "ignored"),
    ord("T"): (3, "ignored"),
    ord("L"): (4, "ignored"),
    ord("W"): (4, "ignored"),
    ord("P"): (4, "ignored"),
    ord("$"): (4, "ignored"),
    ord("\\"): (4, "ignored"),
    ord("^"): (5, "ignored"),
}


def _need(buf: bytes, at: int, length: int) -> bytes | None:
    """`buf[at:at+length]` if all there, else None (wait for more bytes)."""
    return buf[at : at + length] if len(buf) - at >= length else None


def parse_one(buf: bytes, at: int) -> tuple[Command | None, int]:
    """The command starting at `buf[at]` and the index after it; (None, at) if incomplete."""
    first = buf[at]
    if first >= 0x20:
        end = at
        while end < len(buf) and buf[end] >= 0x20:
            end += 1
        return Command("text", buf[at:end]), end
    if first == 0x0A:
        return Command("line_feed", b"\n"), at + 1
    if first == 0x0C:
        return Command("line_feed", b"\x0c"), at + 1
    if first == 0x09:
        return Command("tab", b"\t"), at + 1
    if first == DLE:
        return _parse_dle(buf, at)
    if first == ESC:
        return _parse_esc(buf, at)
    if first == GS:
        return _parse_gs(buf, at)
    if first == FS:
        return _parse_fs(buf, at)
    return Command("ignored", buf[at : at + 1]), at + 1


def _parse_dle(buf: bytes, at: int) -> tuple[Command | None, int]:
    head = _need(buf, at, 2)
    if head is None:
        return None, at
    if head[1] == 0x04:
        raw = _need(buf, at, 3)
        return (None, at) if raw is None else (Command("status", raw, (raw[2],)), at + 3)
    length = {0x05: 3, 0x14: 5}.get(head[1], 1)
    raw = _need(buf, at, length)
    return (None, at) if raw is None else (Command("ignored", raw), at + length)


def _parse_esc(buf: bytes, at: int) -> tuple[Command | None, int]:
    head = _need(buf, at, 2)
    if head is None:
        return None, at
    op = head[1]
    if op in _ESC_FIXED:
        length, kind = _ESC_FIXED[op]
        raw = _need(buf, at, length)
        if raw is None:
            return None, at
        return Command(kind, raw, tuple(raw[2:])), at + length
    if op == ord("*"):  # column bit image: ESC * m nL nH d...
        hdr = _need(buf, at, 5)
        if hdr is None:
            return None, at
        columns = hdr[3] + 256 * hdr[4]
        length = 5 + columns * (1 if hdr[2] in (0, 1) else 3)
        raw = _need(buf, at, length)
        return (None, at) if raw is None else (Command("ignored", raw), at + length)
    if op == ord("D"):  # tab stops, NUL-terminated
        end = buf.find(b"\x00", at + 2)
        if end < 0:
            return None, at
        return Command("ignored", buf[at : end + 1]), end + 1
    return Command("ignored", head), at + 2


def _parse_gs(buf: bytes, at: int) -> tuple[Command | None, int]:
    head = _need(buf, at, 2)
    if head is None:
        return None, at
    op = head[1]
    if op in _GS_FIXED:
        length, kind = _GS_FIXED[op]
        raw = _need(buf, at, length)
        if raw is None:
            return None, at
        return Command(kind, raw, tuple(raw[2:])), at + length
    if op == ord("v"):  # GS v 0 m xL xH yL yH data
        hdr = _need(buf, at, 8)
        if hdr is None:
            return None, at
        width_bytes, height = hdr[4] + 256 * hdr[5], hdr[6] + 256 * hdr[7]
        return _with_payload(
            buf, at, 8, width_bytes * height, "raster", (hdr[3], width_bytes, height)
        )
    if op == ord("("):  # GS ( x pL pH payload
        hdr = _need(buf, at, 5)
        if hdr is None:
            return None, at
        kind = {ord("k"): "symbol", ord("L"): "graphics"}.get(hdr[2], "ignored")
        return _with_payload(buf, at, 5, hdr[3] + 256 * hdr[4], kind, (hdr[2],))
    if op == ord("8"):  # GS 8 L p1..p4 payload
        hdr = _need(buf, at, 7)
        if hdr is None:
            return None, at
        size = int.from_bytes(hdr[3:7], "little")
        return _with_payload(buf, at, 7, size, "graphics", ())
    if op == ord("V"):  # cut: GS V m [n]
        hdr = _need(buf, at, 3)
        if hdr is None:
            return None, at
        length = 4 if hdr[2] >= 65 else 3
        raw = _need(buf, at, length)
        return (None, at) if raw is None else (Command("cut", raw, (hdr[2],)), at + length)
    if op == ord("k"):  # barcode
        return _parse_barcode(buf, at)
    return Command("ignored", head), at + 2


def _parse_barcode(buf: bytes, at: int) -> tuple[Command | None, int]:
    hdr = _need(buf, at, 3)
    if hdr is None:
        return None, at
    if hdr[2] <= 6:
        end = buf.find(b"\x00", at + 3)
        if end < 0:
            return None, at
        return Command("ignored", buf[at : end + 1]), end + 1
    count = _need(buf, at, 4)
    if count is None:
        return None, at
    return _with_payload(buf, at, 4, count[3], "ignored", ())


def _parse_fs(buf: bytes, at: int) -> tuple[Command | None, int]:
    head = _need(buf, at, 2)
    if head is None:
        return None, at
    length = {ord("C"): 3, ord("p"): 4, ord("S"): 4, ord("W"): 3}.get(head[1], 2)
    raw = _need(buf, at, length)
    return (None, at) if raw is None else (Command("ignored", raw), at + length)


def _with_payload(
    buf: bytes, at: int, header: int, size: int, kind: str, args: tuple[int, ...]
) -> tuple[Command | None, int]:
    if size > MAX_COMMAND_BYTES:
        return Command("ignored", buf[at : at + header]), at + header
    raw = _need(buf, at, header + size)
    if raw is None:
        return None, at
    return Command(kind, raw, args, raw[header:]), at + header + size


class EscPosParser:
    """Feed it bytes as they arrive; it returns the commands completed so far."""

    def __init__(self) -> None:
        self._pending = b""

    @property
    def pending(self) -> int:
        """Bytes held back waiting for the rest of a command."""
        return len(self._pending)

    def feed(self, chunk: bytes) -> list[Command]:
        buf = self._pending + chunk
        commands: list[Command] = []
        at = 0
        while at < len(buf):
            command, after = parse_one(buf, at)
            if command is None:
                break
            commands.append(command)
            at = after
        self._pending = buf[at:]
        return commands
