"""``code``, ``muscles`` and ``icd``: the engine and its vocabularies on the command line.

``code`` reads one encounter (encounter-json.md), runs ``coding.evaluate`` and prints the result
as JSON. Bad input is refused as a whole: exit status 2, nothing on standard output, and one
``error: path: message`` line per problem on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tpi_desktop import paths
from tpi_desktop.commands._output import print_errors, print_json
from tpi_desktop.domain.encounter_json import EncounterError, parse_encounter, result_to_json

if TYPE_CHECKING:
    from tpi_desktop.coding import CodeTables

STDIN = "-"
ICD_LIMIT = 25


class _DuplicateKeyError(ValueError):
    """Raised from inside ``json.loads`` when an object has the same key twice."""


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    # json.loads would silently keep the last value; for a claim that hides a typo.
    out: dict[str, object] = {}
    for name, value in pairs:
        if name in out:
            raise _DuplicateKeyError(f'the key "{name}" appears twice in one object')
        out[name] = value
    return out


def read_json(source: str) -> object:
    """The JSON value in file ``source`` (``-``: standard input).

    Raises ``EncounterError`` with one ``(source, message)`` problem when the file cannot be read
    or is not JSON, e.g. ``not valid JSON (line 3, column 5): Expecting ',' delimiter``.
    """
    label = "<stdin>" if source == STDIN else source
    try:
        raw = sys.stdin.buffer.read() if source == STDIN else Path(source).read_bytes()
    except FileNotFoundError:
        raise EncounterError([(label, "no such file")]) from None
    except IsADirectoryError:
        raise EncounterError([(label, "is a folder, not a file")]) from None
    except OSError as error:
        raise EncounterError([(label, f"cannot read: {error.strerror or error}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start + 1})"
        raise EncounterError([(label, message)]) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        message = f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        raise EncounterError([(label, message)]) from None
    except (_DuplicateKeyError, RecursionError) as error:
        raise EncounterError([(label, f"not valid JSON: {error or 'nested too deeply'}")]) from None


def load_code_tables() -> CodeTables:
    """The engine's tables from the resources folder (loaded once per process)."""
    from tpi_desktop.coding import load_tables

    return load_tables(paths.resources_dir())


def cmd_code(args: argparse.Namespace) -> int:
    """``tpi-desktop code [FILE|-]``: encounter JSON in, coding result JSON out."""
    try:
        data = read_json(args.file)
        tables = load_code_tables()
        encounter = parse_encounter(data, tables.catalog, tables.payers.keys())
    except EncounterError as error:
        # A problem with the whole input (not one field) is named by where it came from.
        source = "stdin" if args.file == "-" else args.file
        return print_errors((path or source, message) for path, message in error.problems)
    from tpi_desktop.coding import evaluate

    print_json(result_to_json(evaluate(encounter, tables)))
    return 0


_MUSCLE_COLUMNS = (
    "id",
    "name",
    "counts as",
    "region",
    "view",
    "lcd region",
    "side handling",
    "synonyms",
)


def _side_handling(vague: bool) -> str:
    """How the engine counts sides for this entry (rules A3 and A5)."""
    return "L/R count apart; vague: 1 per side" if vague else "L/R count apart"


def cmd_muscles(args: argparse.Namespace) -> int:
    """``tpi-desktop muscles [--json]``: the catalog, as an aligned table or a JSON list."""
    catalog = load_code_tables().catalog
    if args.json:
        print_json(
            [
                {
                    "id": m.id,
                    "name": m.name,
                    "counts_as": m.counts_as,
                    "region": m.region,
                    "view": m.view.value,
                    "lcd_region": m.lcd_region,
                    "vague": m.vague,
                    "side_handling": _side_handling(m.vague),
                    "synonyms": list(m.synonyms),
                }
                for m in catalog
            ]
        )
        return 0
    rows = [
        (
            m.id,
            m.name,
            m.counts_as,
            m.region,
            m.view.value,
            m.lcd_region,
            _side_handling(m.vague),
            "; ".join(m.synonyms),
        )
        for m in catalog
    ]
    _print_table(_MUSCLE_COLUMNS, rows)
    sys.stdout.write(
        f"\n{len(rows)} muscles. Injections may name a muscle by id, name or synonym.\n"
    )
    return 0


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, ["-" * w for w in widths], *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


def cmd_icd(args: argparse.Namespace) -> int:
    """``tpi-desktop icd TEXT... [--all] [--json]``: search ICD-10-CM by code prefix or words."""
    text = " ".join(args.text).strip()
    if not text:
        return print_errors([("", "give a code (M79.1) or words (myalgia neck) to search for")])
    icd = load_code_tables().icd
    entries = icd.search(text, limit=ICD_LIMIT, billable_only=not args.all)
    if args.json:
        print_json(
            [
                {"code": e.code, "description": e.description, "billable": e.billable}
                for e in entries
            ]
        )
    if not entries:
        hint = ""
        if not args.all and icd.search(text, limit=1, billable_only=False):
            hint = " (only category codes, which are not billable, match: add --all to see them)"
        what = "ICD-10-CM code" if args.all else "billable ICD-10-CM code"
        sys.stderr.write(f'no {what} matches "{text}"{hint}\n')
        return 1
    if args.json:
        return 0
    width = max(len(e.code) for e in entries) + 2
    for entry in entries:
        mark = "" if entry.billable else "  [category: not billable]"
        sys.stdout.write(f"{entry.code.ljust(width)}{entry.description}{mark}\n")
    if len(entries) == ICD_LIMIT:
        sys.stderr.write(f"(the first {ICD_LIMIT} matches; narrow the search to see others)\n")
    return 0
