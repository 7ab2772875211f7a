"""The request template of an HTTP SMS gateway: which fields, filled how.

Local SMS providers each want their own field names (`msisdn`, `msg`, `login`, …),
so the fields are data: `to={to}&text={text}` for a form body or a URL query, or a
JSON document whose strings carry the placeholders. The JSON template is parsed
first and filled value by value, so a quote or brace in an SMS text can never break
the document or add a field.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from server_sync.sms.port import SmsConfigError

PLACEHOLDERS = frozenset({"to", "text", "sender", "reference", "secret"})
DEFAULT_FORM = "to={to}&from={sender}&text={text}&ref={reference}"
DEFAULT_JSON = '{"to": "{to}", "from": "{sender}", "text": "{text}", "reference": "{reference}"}'


def check_placeholders(template: str) -> None:
    """SmsConfigError unless every `{…}` is a known placeholder, without format specs
    (which would let a template reach into Python objects)."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise SmsConfigError(f"sms.http_body: {exc} in {template!r}") from None
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise SmsConfigError(f"sms.http_body: unknown placeholder {{{name}}}; use {known}")


class RequestTemplate:
    """Fills the fields of one request from a message's values."""

    def __init__(self, body: str, body_format: str) -> None:
        self.format = body_format
        if body_format == "json":
            try:
                self._json: Any = json.loads(body or DEFAULT_JSON)
            except json.JSONDecodeError as exc:
                raise SmsConfigError(f"sms.http_body is not a JSON document: {exc}") from None
            for value in _strings(self._json):
                check_placeholders(value)
            self._pairs: list[tuple[str, str]] = []
        else:
            try:
                self._pairs = parse_qsl(
                    body or DEFAULT_FORM, keep_blank_values=True, strict_parsing=True
                )
            except ValueError:
                raise SmsConfigError(
                    f"sms.http_body must be name={{placeholder}}&… for {body_format}"
                ) from None
            for _, value in self._pairs:
                check_placeholders(value)

    def fill_json(self, values: Mapping[str, str]) -> Any:
        return _fill(self._json, values)

    def fill_pairs(self, values: Mapping[str, str]) -> list[tuple[str, str]]:
        return [(name, value.format_map(values)) for name, value in self._pairs]


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return node.format_map(values)
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, values) for v in node]
    return node


def json_field(document: Any, path: str) -> tuple[bool, Any]:
    """(found, value) of a dotted path such as `result.status` or `messages.0.id`."""
    node = document
    for key in path.split("."):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False, None
    return True, node
