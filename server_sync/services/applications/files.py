"""Attached files: streamed in under the caps, checked by content, kept by content hash.

`Incoming` takes a file chunk by chunk as the request arrives: it refuses at once a
file that passes the per-file or per-application cap (nothing more is read), checks
the first bytes (PDF, JPEG, PNG only) and hashes as it writes to a staging file in
the attachment folder. `FileStore` keeps accepted files as `ab/abcdef…` (SHA-256)
outside the web root; nothing serves them but the owner's and the counter's pages.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from server_sync.domain.uploads import HEAD_BYTES, check_file_name, check_head, check_jpeg_size
from server_sync.domain.validation import FieldProblem


@dataclass(frozen=True)
class StagedFile:
    name: str
    kind: str
    size: int
    sha256: str
    path: Path


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _staging(self) -> Path:
        folder = self.root / "incoming"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a content hash")
        return self.root / sha256[:2] / sha256

    def adopt(self, staged: StagedFile) -> None:
        """Move a staged file to its content-hash name (a second copy is dropped)."""
        target = self.path_of(staged.sha256)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if target.exists():
            staged.path.unlink(missing_ok=True)
            return
        os.replace(staged.path, target)

    def read(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).exists()

    def delete(self, sha256: str) -> None:
        self.path_of(sha256).unlink(missing_ok=True)

    def incoming(self, field: str, name: str, budget: Budget) -> Incoming:
        return Incoming(self, field, name, budget)


@dataclass
class Budget:
    """The caps of one application: per file, all files, how many files."""

    max_file: int
    max_total: int
    max_files: int
    used: int = 0
    files: int = 0


class Incoming:
    """One file being received (see the module's text)."""

    def __init__(self, store: FileStore, field: str, name: str, budget: Budget) -> None:
        self.field = field
        self.name = check_file_name(field, name)
        budget.files += 1
        if budget.files > budget.max_files:
            raise FieldProblem(field, "too_many_files")
        self._budget = budget
        self._path = store._staging() / f"up-{secrets.token_hex(8)}"
        self._out: BinaryIO | None = self._path.open("xb")
        self._hash = hashlib.sha256()
        self._head = b""
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self._budget.used += len(chunk)
        if self.size > self._budget.max_file:
            self.discard()
            raise FieldProblem(self.field, "file_too_big")
        if self._budget.used > self._budget.max_total:
            self.discard()
            raise FieldProblem(self.field, "files_too_big")
        if len(self._head) < 4096:
            self._head += chunk[: 4096 - len(self._head)]
            if len(self._head) >= HEAD_BYTES:
                check = self._checked_head()
                if check is not None:
                    self.discard()
                    raise check
        self._hash.update(chunk)
        assert self._out is not None
        self._out.write(chunk)

    def _checked_head(self) -> FieldProblem | None:
        try:
            kind = check_head(self.field, self._head)
            if kind == "jpeg":
                check_jpeg_size(self.field, self._head)
        except FieldProblem as problem:
            return problem
        return None

    def finish(self) -> StagedFile:
        if self._out is not None:
            self._out.close()
            self._out = None
        try:
            kind = check_head(self.field, self._head)
            if kind == "jpeg":
                check_jpeg_size(self.field, self._head)
            if kind == "pdf" and not _pdf_ends(self._path):
                raise FieldProblem(self.field, "file_damaged")
        except FieldProblem:
            self.discard()
            raise
        return StagedFile(self.name, kind, self.size, self._hash.hexdigest(), self._path)

    def discard(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        self._path.unlink(missing_ok=True)


def _pdf_ends(path: Path) -> bool:
    """A whole PDF ends with `%%EOF` (within its last kilobyte)."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 1024))
        return b"%%EOF" in f.read()


def discard_all(staged: list[StagedFile]) -> None:
    for f in staged:
        f.path.unlink(missing_ok=True)
