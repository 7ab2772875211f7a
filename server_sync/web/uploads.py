"""Reading an application's multipart form as it streams in.

Starlette's `request.form()` spools every file whole before the route sees it; here
the body is parsed chunk by chunk (python-multipart's streaming parser) and each
file part is fed to `files.Incoming`, which refuses a file the moment it passes a
size cap or its first bytes are not PDF/JPEG/PNG. A size cap stops the reading
there: the rest of a 200 MB body is never read. A body whose Content-Length is
already over the caps is refused before a byte of it is read.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

from server_sync.domain.validation import FieldProblem
from server_sync.services.applications.files import Budget, FileStore, Incoming, StagedFile

MAX_TEXT = 2000
MAX_TEXT_TOTAL = 256 * 1024
MAX_PARTS = 200
#: Room for the form's text and the multipart framing above the files' cap.
FRAMING = 512 * 1024
_SIZE_CODES = ("file_too_big", "files_too_big")
_RAW_FILENAME = re.compile(rb'filename="((?:[^"\\]|\\.)*)"')


class BodyRefused(Exception):
    """The body cannot be read as an application form (`code`: why)."""

    def __init__(self, code: str, status: int = 400) -> None:
        super().__init__(code)
        self.code = code
        self.status = status


@dataclass
class ParsedForm:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[StagedFile] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)
    #: True when a size cap stopped the reading (the rest of the body was not read).
    stopped: bool = False

    def first(self, name: str) -> str:
        values = self.fields.get(name) or [""]
        return values[0]


class _Reader:
    def __init__(self, store: FileStore, budget: Budget, file_fields: frozenset[str]) -> None:
        self.store = store
        self.budget = budget
        self.file_fields = file_fields
        self.out = ParsedForm()
        self.text_total = 0
        self.parts = 0
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._text: bytearray | None = None
        self._file: Incoming | None = None
        self._skip = False
        self._stop: BodyRefused | None = None

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            self._stop = BodyRefused("too_many_parts")
        self._headers = {}
        self._name, self._text, self._file, self._skip = "", None, None, False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_name.strip().lower()] = self._header_value.strip()
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _kind, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")[:80]
        filename = options.get(b"filename")
        if filename is None:
            self._text = bytearray()
            return
        # python-multipart keeps only the last part of a Windows path: read the name
        # as sent, so that a path is refused rather than quietly cut.
        raw = _RAW_FILENAME.search(self._headers.get(b"content-disposition", b""))
        name = (raw.group(1) if raw else filename).decode("utf-8", "replace")
        if self._name not in self.file_fields:
            self._skip = True
            if name:
                self.out.problems.append(FieldProblem("files", "no_attachments"))
            return
        if not name:  # the browser's empty file input
            self._skip = True
            return
        try:
            self._file = self.store.incoming("files", name, self.budget)
        except FieldProblem as problem:
            self.out.problems.append(problem)
            self._skip = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._skip or self._stop is not None:
            return
        chunk = data[start:end]
        if self._text is not None:
            self.text_total += len(chunk)
            if self.text_total > MAX_TEXT_TOTAL:
                self._stop = BodyRefused("form_too_big", 413)
                return
            self._text += chunk
            return
        if self._file is None:
            return
        try:
            self._file.write(chunk)
        except FieldProblem as problem:
            self._file = None
            self.out.problems.append(problem)
            self._skip = True
            if problem.code in _SIZE_CODES:
                self.out.stopped = True
                self._stop = BodyRefused(problem.code, 413)

    def on_part_end(self) -> None:
        if self._text is not None:
            value = self._text.decode("utf-8", "replace")[:MAX_TEXT]
            self.out.fields.setdefault(self._name, []).append(value)
        elif self._file is not None and not self._skip:
            try:
                self.out.files.append(self._file.finish())
            except FieldProblem as problem:
                self.out.problems.append(problem)
        self._text, self._file = None, None

    def abandon(self) -> None:
        if self._file is not None:
            self._file.discard()
        for f in self.out.files:
            f.path.unlink(missing_ok=True)
        self.out.files = []


async def read_form(
    content_type: str,
    content_length: str | None,
    body: AsyncIterator[bytes],
    store: FileStore,
    budget: Budget,
    file_fields: frozenset[str] = frozenset({"files"}),
) -> ParsedForm:
    """The form's text fields, its accepted files (staged) and each file's refusal.

    A size cap ends the reading: `stopped` is set and the files read so far are
    discarded (the citizen sends again without the big file)."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind == b"application/x-www-form-urlencoded":
        raise BodyRefused("not_multipart", 415)
    if kind != b"multipart/form-data" or not boundary:
        raise BodyRefused("not_multipart", 415)
    if content_length is not None:
        try:
            length = int(content_length)
        except ValueError:
            raise BodyRefused("bad_length") from None
        if length > budget.max_total + FRAMING:
            return ParsedForm(problems=[FieldProblem("files", "files_too_big")], stopped=True)
    reader = _Reader(store, budget, file_fields)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": reader.on_part_begin,
            "on_part_data": reader.on_part_data,
            "on_part_end": reader.on_part_end,
            "on_header_field": reader.on_header_field,
            "on_header_value": reader.on_header_value,
            "on_header_end": reader.on_header_end,
            "on_headers_finished": reader.on_headers_finished,
        },
    )
    try:
        async for chunk in body:
            parser.write(chunk)
            if reader._stop is not None:
                break
    except Exception:
        reader.abandon()
        raise
    if reader._stop is not None:
        reader.abandon()
        if reader._stop.code in _SIZE_CODES:
            return reader.out
        raise reader._stop
    return reader.out
