"""``backup``, ``restore``, ``check`` and ``demo``: looking after the database file.

``restore`` never opens the current database through the store (it may be the broken one); it
verifies the new file, keeps a copy of the current one in the backups folder, then swaps.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from tpi_desktop import paths
from tpi_desktop.commands.visits import guarded, workspace
from tpi_desktop.services import Damaged, InvalidValue, fill_demo, restore_database


def cmd_backup(args: argparse.Namespace) -> int:
    """``backup [OUT]``: online backup (consistent while others write); prints the file written."""

    def run() -> int:
        with workspace(args) as ws:
            out = Path(args.out).expanduser() if args.out else None
            written = ws.backup(out)
        sys.stdout.write(f"{written}\n")
        return 0

    return guarded(run)


def cmd_restore(args: argparse.Namespace) -> int:
    """``restore FILE``: verify FILE, keep a copy of the current database, then replace it."""

    def run() -> int:
        db_path = paths.resolve_db_path(args.db)
        source = Path(args.file).expanduser()
        kept = restore_database(db_path, source, paths.backups_dir(db_path))
        sys.stdout.write(f"restored {source} into {db_path}\n")
        if kept is not None:
            sys.stdout.write(f"the previous database was kept as {kept}\n")
        return 0

    return guarded(run)


def cmd_check(args: argparse.Namespace) -> int:
    """``check``: integrity, foreign keys and the audit chain; exit 1 saying what is wrong."""

    def run() -> int:
        # A file that is not ours, or newer, is exit 2 like every command; a file of ours that is
        # damaged is what `check` is for: exit 1 and say what is wrong.
        where = paths.resolve_db_path(args.db)
        try:
            with workspace(args) as ws:
                problems = ws.check()
        except (Damaged, sqlite3.DatabaseError) as error:
            problems = [f"the database is damaged: {error}"]
        if problems:
            sys.stdout.write(
                f"{where}: {len(problems)} problem{'s' if len(problems) != 1 else ''}\n"
            )
            sys.stdout.write("".join(f"  - {p}\n" for p in problems))
            return 1
        sys.stdout.write(f"{where}: ok (integrity, foreign keys, audit chain)\n")
        return 0

    return guarded(run)


def cmd_demo(args: argparse.Namespace) -> int:
    """``demo [--visits N]``: fill the database with demo patients, providers and visits."""

    def run() -> int:
        if args.visits < 1 or args.visits > 100_000:
            raise InvalidValue(
                "--visits", f"must be a whole number from 1 to 100000, got {args.visits}"
            )
        with workspace(args, create=True) as ws:
            ids = fill_demo(ws, args.visits)
            where = ws.path
        sys.stdout.write(f"{len(ids)} demo visits stored in {where}\n")
        return 0

    return guarded(run)
