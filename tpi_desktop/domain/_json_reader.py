"""Small checks for reading user-written JSON: each records a (path, message) problem on failure.

Used by ``encounter_json``: checking every value and collecting the problems (instead of stopping
at the first) lets the command line print one ``error: path: message`` line per problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

_E = TypeVar("_E", bound=StrEnum)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def show(value: object) -> str:
    """A value as the user wrote it in JSON, shortened for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def key(path: str, name: str) -> str:
    """The path of field ``name`` inside ``path`` ("" is the top level)."""
    return f"{path}.{name}" if path else name


def enum_choices(enum: type[StrEnum]) -> str:
    """'"left" or "right"': the allowed values of an enum, for a message."""
    names = [f'"{m.value}"' for m in enum]
    return " or ".join(names) if len(names) < 3 else f"one of {', '.join(names)}"


class JsonReader:
    """Checks one value at a time: a failed check records its problem and returns ``None``."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def bad(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def obj(
        self, value: object, path: str, allowed: Collection[str], what: str = "an object"
    ) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.bad(path, f"{'' if path else 'the input '}must be {what}, got {show(value)}")
            return None
        for name in value:
            if name not in allowed:
                self.bad(key(path, str(name)), f"unknown field (allowed: {', '.join(allowed)})")
        return {str(k): v for k, v in value.items()}

    def array(self, value: object, path: str) -> list[object] | None:
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(path, f"must be a list, got {show(value)}")
            return None
        return value

    def text(self, value: object, path: str) -> str | None:
        if not isinstance(value, str):
            self.bad(path, f"must be a string, got {show(value)}")
            return None
        if not value.strip():
            self.bad(path, "must not be empty")
            return None
        return value

    def date(self, value: object, path: str) -> dt.date | None:
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            self.bad(path, f"must be a date as YYYY-MM-DD, got {show(value)}")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.bad(path, f"not a real date: {show(value)}")
            return None

    def whole(self, value: object, path: str, low: int, high: int | None = None) -> int | None:
        allowed = f"a whole number {low}-{high}" if high is not None else f"a whole number ≥ {low}"
        if isinstance(value, bool) or not isinstance(value, int):
            self.bad(path, f"must be {allowed}, got {show(value)}")
            return None
        if value < low or (high is not None and value > high):
            self.bad(path, f"must be {allowed}, got {value}")
            return None
        return value

    def number(self, value: object, path: str, *, zero_ok: bool = False) -> Decimal | None:
        allowed = "a number ≥ 0" if zero_ok else "a number > 0"
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self.bad(path, f"must be {allowed}, got {show(value)}")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.bad(path, f"must be {allowed}, got {show(value)}")
            return None
        if number < 0 or (number == 0 and not zero_ok):
            self.bad(path, f"must be {allowed}, got {show(value)}")
            return None
        return number

    def boolean(self, value: object, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.bad(path, f"must be true or false, got {show(value)}")
            return None
        return value

    def choice(self, value: object, path: str, enum: type[_E]) -> _E | None:
        if isinstance(value, str):
            folded = re.sub(r"[\s-]+", "_", value.strip().casefold())
            for member in enum:
                if member.value == folded:
                    return member
        self.bad(path, f"must be {enum_choices(enum)}, got {show(value)}")
        return None

    def code(self, value: object, path: str, shape: re.Pattern[str], allowed: str) -> str | None:
        # A code written as a JSON number is accepted when it is still the whole code (20610).
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if isinstance(text, str) and shape.match(text.strip().upper()):
            return text.strip().upper()
        self.bad(path, f"must be {allowed}, got {show(value)}")
        return None
