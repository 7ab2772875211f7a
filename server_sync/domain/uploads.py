"""What an attached file may be (seed 000, "Fayl əlavə edin"): pure checks.

Only PDF, JPEG and PNG, recognised by their first bytes (never by the name or the
browser's content type, so a renamed executable or a zip is refused); a name without
any folder part; a picture no larger than `MAX_PIXELS` (a tiny PNG that inflates to
gigabytes is refused from its header, before anything is decoded).
"""

from __future__ import annotations

import re
import struct
import unicodedata

from server_sync.domain.validation import FieldProblem

MEDIA_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
MAX_PIXELS = 40_000_000
NAME_MAX = 120
#: How many first bytes `sniff` needs.
HEAD_BYTES = 32
_PNG = b"\x89PNG\r\n\x1a\n"


def sniff(head: bytes) -> str | None:
    """`pdf`, `jpeg` or `png` from the file's first bytes; None for anything else."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(_PNG):
        return "png"
    return None


def check_head(field: str, head: bytes) -> str:
    """The file's kind, or `file_empty` / `file_type` (an executable, a zip, a text...)."""
    if not head:
        raise FieldProblem(field, "file_empty")
    kind = sniff(head)
    if kind is None:
        raise FieldProblem(field, "file_type")
    if kind == "png":
        if len(head) < 24 or head[12:16] != b"IHDR":
            raise FieldProblem(field, "file_damaged")
        width, height = struct.unpack(">II", head[16:24])
        if width == 0 or height == 0:
            raise FieldProblem(field, "file_damaged")
        if width * height > MAX_PIXELS:
            raise FieldProblem(field, "image_too_large")
    return kind


def check_file_name(field: str, name: str) -> str:
    """The name as the citizen gave it, refused when it holds a folder part or control
    characters (`../../etc/passwd`, `C:\\x\\a.pdf`); it is only ever shown, never a path."""
    cleaned = unicodedata.normalize("NFC", name.strip())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise FieldProblem(field, "file_name")
    if "/" in cleaned or "\\" in cleaned or cleaned in (".", "..") or cleaned.startswith("."):
        raise FieldProblem(field, "file_name")
    if re.search(r"[\x00-\x1f\x7f:*?\"<>|]", cleaned):
        raise FieldProblem(field, "file_name")
    return cleaned


def check_jpeg_size(field: str, head: bytes) -> None:
    """Refuse a JPEG whose frame header (read from `head`, when present) is too large."""
    index = 2
    while index + 9 < len(head):
        if head[index] != 0xFF:
            return
        marker = head[index + 1]
        length = struct.unpack(">H", head[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", head[index + 5 : index + 9])
            if width * height > MAX_PIXELS:
                raise FieldProblem(field, "image_too_large")
            return
        index += 2 + length
