"""Where things are: the resources folder, the user's data, backups and logs.

This is the one module that knows locations. Everything else is handed a ``Path``.
``TPI_DESKTOP_DATA_DIR`` moves all user data (tests, portable installs); ``TPI_DESKTOP_DB``
names the database file itself.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "TPI Desktop"
APP_AUTHOR = "TPI Desktop"
DB_FILENAME = "tpi-desktop.sqlite3"


@cache
def resources_dir() -> Path:
    """The ``resources/`` folder: source tree, installed package, or PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [
        here.parent / "resources",
        here / "resources",
        Path(sys.prefix) / "share" / "tpi-desktop" / "resources",
    ]
    for candidate in candidates:
        if (candidate / "catalog" / "muscles.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "TPI Desktop resources folder not found (looked in: "
        + ", ".join(map(str, candidates))
        + ")"
    )


def resource(*parts: str) -> Path:
    """A file under ``resources/``."""
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    """The user data folder (created on demand)."""
    override = os.environ.get("TPI_DESKTOP_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """``TPI_DESKTOP_DB`` if set, else the database in the user data folder."""
    override = os.environ.get("TPI_DESKTOP_DB")
    return Path(override) if override else data_dir() / DB_FILENAME


def resolve_db_path(explicit: str | os.PathLike[str] | None) -> Path:
    """``--db PATH`` wins over ``TPI_DESKTOP_DB``, which wins over the default."""
    return Path(explicit).expanduser() if explicit else default_db_path()


def backups_dir(db_path: Path | None = None) -> Path:
    """The backups folder: beside the user's data (or beside an explicit database file)."""
    base = data_dir() if db_path is None or db_path.parent == data_dir() else db_path.parent
    path = base / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """The folder for the log file (rotated at start, see ``app.rotate_log``)."""
    override = os.environ.get("TPI_DESKTOP_DATA_DIR")
    path = (
        Path(override) / "logs"
        if override
        else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_db_path() -> Path:
    """The database ``--demo`` opens (filled on first use)."""
    return data_dir() / "demo.sqlite3"
