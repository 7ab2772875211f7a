"""Settings sections, and the one small validator that reads them from data.

A section is a class deriving from `Section`; each key is an annotated attribute
with its default, and `setting(...)` adds what the key may hold:

    class SmtpSettings(Section):
        host: str = "127.0.0.1"
        port: int = setting(default=25, ge=1, le=65535, doc="…")

A key's type is str, int, float, bool, a `Literal`, `X | None`, `list[X]`,
`dict[str, X]` or another section; `ge`/`gt`/`le`/`lt` bound a number, `doc` is
the line the sample file and the README show, `key` is its name in files where it
is not the attribute's, and `secret` keeps it out of `repr`. Sections are frozen
and keyword-only (type checkers see them as dataclasses). Rules that join several
keys live in `__post_init__` (raise ValueError); keys that moved elsewhere are
named in a `MOVED` class variable (key → where it is set now), so an old file
gets a pointer rather than "unknown". `hardware` (which imports nothing of ours)
writes its sections as frozen standard dataclasses with the same names in
`field(metadata=...)`; both read alike here.

Built in code, a section holds what it is given. `validated(cls, data)` builds
one from a file's or the environment's data: text becomes a number or a yes/no
where it can mean one (environment variables are text), and everything else
that does not fit is refused with the key's dotted path, all problems at once.
Sections are plain classes rather than dataclasses because a process reads some
thirty of them at start: a dataclass compiles five methods per class (about
0.1 s of CPU for all of them), a `Section` none.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
from collections.abc import Callable, Mapping
from typing import (
    Any,
    ClassVar,
    Literal,
    TypeVar,
    Union,
    dataclass_transform,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

from server_sync.kernel.settings_values import SCALARS, Unfit, check_limits, literal

T = TypeVar("T")

_NO_DEFAULT: Any = object()


@dataclasses.dataclass(frozen=True)
class _Spec:
    default: Any = _NO_DEFAULT
    default_factory: Callable[[], Any] | None = None
    limits: Mapping[str, float] = dataclasses.field(default_factory=dict)
    doc: str = ""
    key: str | None = None
    secret: bool = False

    def make_default(self) -> Any:
        return self.default_factory() if self.default_factory is not None else self.default


@overload
def setting(
    *,
    default: T,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    doc: str = "",
    key: str | None = None,
    secret: bool = False,
) -> T: ...
@overload
def setting(
    *,
    default_factory: Callable[[], T],
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    doc: str = "",
    key: str | None = None,
    secret: bool = False,
) -> T: ...
def setting(
    *,
    default: Any = _NO_DEFAULT,
    default_factory: Callable[[], Any] | None = None,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    doc: str = "",
    key: str | None = None,
    secret: bool = False,
) -> Any:
    """A key of a `Section`: its default and what it may hold (see the module)."""
    bounds = {"ge": ge, "gt": gt, "le": le, "lt": lt}
    limits = {name: value for name, value in bounds.items() if value is not None}
    return _Spec(default, default_factory, limits, doc, key, secret)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(setting,))
class Section:
    """Base of every settings section: frozen, keyword-only, compared by value."""

    _specs: ClassVar[dict[str, _Spec]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        specs = dict(cls._specs)
        for name, annotation in inspect.get_annotations(cls).items():
            if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            value = cls.__dict__.get(name, _NO_DEFAULT)
            spec = value if isinstance(value, _Spec) else _Spec(default=value)
            if spec.default is _NO_DEFAULT and spec.default_factory is None:
                raise TypeError(f"{cls.__name__}.{name} needs a default")
            if isinstance(value, _Spec):
                delattr(cls, name)  # the instance holds the value
            specs[name] = spec
        cls._specs = specs

    def __init__(self, **values: Any) -> None:
        for name, spec in self._specs.items():
            value = values.pop(name) if name in values else spec.make_default()
            object.__setattr__(self, name, value)
        if values:
            unknown = ", ".join(sorted(values))
            raise TypeError(f"{type(self).__name__} has no setting {unknown}")
        self.__post_init__()

    def __post_init__(self) -> None:
        """Check rules that join several keys (raise ValueError)."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"settings are read-only: {type(self).__name__}.{name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"settings are read-only: {type(self).__name__}.{name}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._specs)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = (
            f"{name}={'***' if spec.secret and getattr(self, name) else repr(getattr(self, name))}"
            for name, spec in self._specs.items()
        )
        return f"{type(self).__name__}({', '.join(shown)})"


class SettingsInvalid(ValueError):
    """Data that does not make a section: `problems` holds (dotted key, what is wrong)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{where}: {what}" if where else what for where, what in problems)
        )


@dataclasses.dataclass(frozen=True)
class SettingField:
    """One key of a section, as files and the documentation see it."""

    name: str  # the attribute
    key: str  # the name in files and environment variables
    type: Any
    doc: str
    limits: Mapping[str, float]


def is_section(tp: Any) -> bool:
    return isinstance(tp, type) and (issubclass(tp, Section) or dataclasses.is_dataclass(tp))


def fields_of(cls: type) -> tuple[SettingField, ...]:
    """The keys of section class `cls`, in order, with their resolved types."""
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = _read_fields(cls)
    return known


_FIELDS: dict[type, tuple[SettingField, ...]] = {}


def _read_fields(cls: type) -> tuple[SettingField, ...]:
    hints = get_type_hints(cls)
    specs: list[tuple[str, _Spec]]
    if issubclass(cls, Section):
        specs = list(cls._specs.items())
    else:  # a standard dataclass (hardware's sections)
        specs = [(f.name, _spec_of(f)) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return tuple(
        SettingField(name, spec.key or name, hints[name], spec.doc, spec.limits)
        for name, spec in specs
    )


def _spec_of(f: dataclasses.Field[Any]) -> _Spec:
    meta = f.metadata
    limits = {k: meta[k] for k in ("ge", "gt", "le", "lt") if k in meta}
    return _Spec(limits=limits, doc=meta.get("doc", ""), key=meta.get("key"))


def validated(cls: type[T], data: Any, path: str = "") -> T:
    """A `cls` made of `data` (a mapping of keys, or a `cls` already), or SettingsInvalid."""
    if isinstance(data, cls):
        return data
    if not isinstance(data, Mapping):
        raise SettingsInvalid([(path, "must be a table of settings")])
    problems: list[tuple[str, str]] = []
    known = {f.key: f for f in fields_of(cls)} | {f.name: f for f in fields_of(cls)}
    moved: Mapping[str, str] = getattr(cls, "MOVED", {})
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        field = known.get(key)
        if field is None:
            problems.append(
                (where, f"moved to {moved[key]}" if key in moved else _unknown(key, cls))
            )
            continue
        try:
            values[field.name] = _convert(field.type, value, where)
            check_limits(field.limits, values[field.name])
        except SettingsInvalid as exc:
            problems += exc.problems
        except Unfit as exc:
            problems.append((where, str(exc)))
    if problems:
        raise SettingsInvalid(problems)
    try:
        return cls(**values)
    except ValueError as exc:  # a rule of __post_init__
        raise SettingsInvalid([(path, str(exc))]) from None


def as_data(section: Any) -> dict[str, Any]:
    """A section as plain data keyed as in files (the inverse of `validated`)."""
    out: dict[str, Any] = {}
    for f in fields_of(type(section)):
        value = getattr(section, f.name)
        out[f.key] = as_data(value) if is_section(type(value)) else _copy(value)
    return out


def evolve(section: T, changes: Mapping[str, Any]) -> T:
    """`section` with attributes replaced by values already checked (sections, say)."""
    if not changes:
        return section
    if isinstance(section, Section):
        values = {name: getattr(section, name) for name in section._specs}
        return type(section)(**{**values, **changes})
    return dataclasses.replace(section, **changes)  # type: ignore[type-var]


def replaced(section: T, changes: Mapping[str, Any]) -> T:
    """`section` with the keys in `changes` replaced, validated like any other source."""
    return validated(type(section), {**as_data(section), **changes})


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _unknown(key: object, cls: type) -> str:
    from difflib import get_close_matches

    close = get_close_matches(str(key), [f.key for f in fields_of(cls)], n=1)
    return "unknown setting" + (f" (did you mean {close[0]}?)" if close else "")


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if value is None and type(None) in options:
            return None
        (inner,) = [a for a in options if a is not type(None)]
        return _convert(inner, value, where)
    if origin is Literal:
        return literal(get_args(tp), value)
    if origin is list:
        if not isinstance(value, list | tuple):
            raise Unfit("must be a list")
        (item,) = get_args(tp)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, Mapping):
            raise Unfit("must be a table")
        key_type, item = get_args(tp)
        return {
            _convert(key_type, k, where): _convert(item, v, f"{where}.{k}")
            for k, v in value.items()
        }
    if is_section(tp):
        return validated(tp, value, where)
    convert = SCALARS.get(tp)
    if convert is None:  # pragma: no cover - a section declared with a type we do not read
        raise TypeError(f"{where}: settings of type {tp!r} are not supported")
    return convert(value)
