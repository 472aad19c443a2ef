"""Look at a database file's bytes before SQLite touches it.

Opening a file with SQLite can already write to it (journal mode, a hot journal rollback, the
schema we would create). So the store first reads the 100-byte header with plain file I/O and
refuses, leaving the file byte-identical, anything that is not a TPI Desktop database, is
truncated, or carries a schema version newer than this program.
See https://www.sqlite.org/fileformat.html#the_database_header for the offsets.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from tpi_desktop.store.errors import Damaged, NotOurFile, TooNew

#: PRAGMA application_id of every TPI Desktop database: "TPI1" as a big-endian integer.
APPLICATION_ID = 0x54504931
_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class FileState:
    """What the header says: ``new`` (absent or empty) or ours with its schema version."""

    new: bool
    schema_version: int = 0
    page_size: int = 0
    pages: int = 0


def read_header(path: Path) -> FileState:
    """Classify ``path`` from its bytes alone; raise ``NotOurFile``/``Damaged`` otherwise.

    The schema version (``user_version``) is only a lower bound here: after a crash the newest
    header may still sit in the write-ahead log, so the caller checks it again through SQLite.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileState(new=True)
    if path.is_dir():
        raise NotOurFile(f"{path} is a folder, not a TPI Desktop database file")
    if size == 0:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            # An empty main file beside a non-empty log: not something we created.
            raise Damaged(f"{path} is empty but has a write-ahead log beside it; restore a backup")
        return FileState(new=True)
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(_MAGIC):
        if header[: len(_MAGIC) - 1] == _MAGIC[:-1] or size < 100:
            raise Damaged(
                f"{path} is not a complete SQLite database (truncated?); restore a backup"
            )
        raise NotOurFile(f"{path} is not a TPI Desktop database (not an SQLite file)")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise NotOurFile(
            f"{path} is an SQLite database of another program (application_id "
            f"{application_id:#x}), not a TPI Desktop database; it was left untouched"
        )
    if page_size < 512 or size % page_size:
        raise Damaged(f"{path} is truncated ({size} bytes, not whole pages); restore a backup")
    # A crash in the middle of a checkpoint leaves page 1 (with the new page count) written but
    # the file not yet extended; the write-ahead log still holds every page and SQLite finishes
    # the job on opening. So the size check only applies when no log is waiting beside the file.
    if (
        valid_for == change_counter
        and pages
        and size < pages * page_size
        and not _wal_pending(path, header)
    ):
        raise Damaged(
            f"{path} is truncated ({size} bytes, the header expects {pages * page_size}); "
            "restore a backup"
        )
    return FileState(new=False, schema_version=user_version, page_size=page_size, pages=pages)


def _wal_pending(path: Path, header: bytes) -> bool:
    """True when the file is in WAL mode and a non-empty log (beyond its 32-byte header) exists."""
    if header[18:20] != b"\x02\x02":
        return False
    try:
        return Path(f"{path}-wal").stat().st_size > 32
    except FileNotFoundError:
        return False


def refuse_newer(path: Path, schema_version: int, known: int) -> None:
    """Raise ``TooNew`` when the file's schema is newer than this program's."""
    if schema_version > known:
        raise TooNew(
            f"{path} was written by a newer TPI Desktop (schema version {schema_version}, this "
            f"program knows up to {known}); update TPI Desktop to open it. The file was left"
            f" untouched."
        )


def file_identity(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, or ``None``; used by tests and restore to spot changes."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns
