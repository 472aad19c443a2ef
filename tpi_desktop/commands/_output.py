"""Printing helpers shared by the command handlers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any


def print_errors(problems: Iterable[tuple[str, str]]) -> int:
    """Write one ``error: path: message`` line per problem to stderr; returns exit status 2."""
    for path, message in problems:
        sys.stderr.write(f"error: {path}: {message}\n" if path else f"error: {message}\n")
    return 2


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, UTF-8, keys in insertion order."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
