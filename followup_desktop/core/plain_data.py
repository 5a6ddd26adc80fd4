"""The domain's records as plain JSON values and back, led by their type hints: what is
kept on the laptop for later (the call sheets kept while a team server is away) is
written and read by one rule rather than a reader and a writer per record.

Dataclasses become objects of their fields, enums their values, times ISO 8601 with
their offset (a time read back without one is refused: a kept time is never guessed
into a zone), durations seconds, tuples and lists arrays. Reading back checks every
value against its hint and raises ``ValueError`` naming where it went wrong."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """``value`` as JSON's own types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} has no plain form")


def from_plain(kind: type[T], data: Any) -> T:
    """``data`` (from ``to_plain``, through JSON) as a ``kind`` again."""
    return typing.cast(T, _read(kind, data, kind.__name__))


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _read(hint: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        (only,) = [option for option in options if option is not type(None)]
        return _read(only, data, where)
    if origin is tuple:
        items = _list(data, where)
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], item, f"{where}[{n}]") for n, item in enumerate(items))
        if len(args) != len(items):
            raise ValueError(f"{where}: {len(items)} values where {len(args)} were expected")
        return tuple(
            _read(a, item, f"{where}[{n}]")
            for n, (a, item) in enumerate(zip(args, items, strict=True))
        )
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        return [
            _read(item_hint, item, f"{where}[{n}]") for n, item in enumerate(_list(data, where))
        ]
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint)
        if not isinstance(data, dict):
            raise ValueError(f"{where}: {type(data).__name__} where an object was expected")
        return {
            _read(key_hint, key, where): _read(value_hint, value, f"{where}.{key}")
            for key, value in data.items()
        }
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint, data, where)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except ValueError:
            raise ValueError(f"{where}: {data!r} is not a {hint.__name__}") from None
    if hint is datetime:
        return _moment(data, where)
    if hint is timedelta:
        return timedelta(seconds=_scalar(float, data, where))
    if hint in (str, int, float, bool):
        return _scalar(hint, data, where)
    raise TypeError(f"{where}: no plain form for {hint!r}")


def _record(kind: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: {type(data).__name__} where an object was expected")
    hints = _hints(kind)
    values = {}
    for field in dataclasses.fields(kind):
        if field.name in data:
            values[field.name] = _read(hints[field.name], data[field.name], f"{where}.{field.name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ValueError(f"{where}: {field.name} is missing")
    return kind(**values)


def _list(data: Any, where: str) -> list[Any]:
    if not isinstance(data, list):
        raise ValueError(f"{where}: {type(data).__name__} where a list was expected")
    return data


def _scalar(kind: type, data: Any, where: str) -> Any:
    # JSON has one number: an int is a float's value; a bool is neither an int nor a float.
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if type(data) is not kind:
        raise ValueError(f"{where}: {data!r} where a {kind.__name__} was expected")
    return data


def _moment(data: Any, where: str) -> datetime:
    if not isinstance(data, str):
        raise ValueError(f"{where}: {data!r} where a time was expected")
    try:
        moment = datetime.fromisoformat(data)
    except ValueError:
        raise ValueError(f"{where}: {data!r} is not a time") from None
    if moment.utcoffset() is None:
        raise ValueError(f"{where}: the time {data!r} has no offset")
    return moment
