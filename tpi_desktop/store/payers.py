"""Payers and the practice's own settings for each: reads and audited writes.

A stored setting of ``NULL`` means "as in the code tables"; the services lay the stored settings
over the tables' payer profiles (``services.apply_payer_settings``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from tpi_desktop.store.audit import field_changes
from tpi_desktop.store.core import StoreBase, utc_now
from tpi_desktop.store.errors import InvalidValue
from tpi_desktop.store.types import PayerSettings
from tpi_desktop.store.validate import check_text

_COLUMNS = (
    "id, name, fees, frequency_limit, covered_diagnoses, updated_at, window_days,"
    " repeat_interval_days"
)
MAX_DAYS = 3660  # ten years: a longer window or interval is a typing slip


def _whole(value: object, field: str, low: int, high: int) -> int | None:
    """``value`` when it is ``None`` or a whole number in ``low..high``, else ``InvalidValue``."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidValue(
            field, f"must be a whole number from {low} to {high} or empty, got {value!r}"
        )
    return value


def _stored(settings: PayerSettings | None) -> dict[str, Any]:
    """The settings as the columns hold them (JSON text for fees and diagnoses)."""
    if settings is None:
        return {}
    return {
        "fees": None if settings.fees is None else json.dumps(dict(sorted(settings.fees.items()))),
        "frequency_limit": settings.frequency_limit,
        "window_days": settings.window_days,
        "repeat_interval_days": settings.repeat_interval_days,
        "covered_diagnoses": (
            None if settings.covered_diagnoses is None else json.dumps(settings.covered_diagnoses)
        ),
    }


class PayerMixin(StoreBase):
    """Payers and their settings."""

    def ensure_payers(self, payers: Iterable[tuple[str, str]]) -> None:
        """Add payers (id, name) that are not yet stored, with no settings of their own."""
        wanted = list(payers)
        have = {r[0] for r in self.conn.execute("SELECT id FROM payers")}
        missing = [(pid, name) for pid, name in wanted if pid not in have]
        if missing:
            self.write(
                lambda conn: conn.executemany(
                    "INSERT OR IGNORE INTO payers (id, name) VALUES (?, ?)", missing
                )
            )

    def payer_settings(self) -> tuple[PayerSettings, ...]:
        """The practice's settings for every stored payer, by id."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM payers ORDER BY id")
        return tuple(
            PayerSettings(
                pid,
                name,
                None if fees is None else dict(json.loads(fees)),
                limit,
                None if dx is None else tuple(json.loads(dx)),
                updated,
                window,
                interval,
            )
            for pid, name, fees, limit, dx, updated, window, interval in rows
        )

    def save_payer_settings(self, settings: PayerSettings) -> None:
        """Store one payer's settings, audited field by field.

        Fees are whole cents >= 0; the frequency limit >= 1; the window and the repeat interval
        whole days from 1 to ``MAX_DAYS``; ``None`` anywhere means "as in the code tables".
        """
        if settings.fees is not None:
            for code, cents in settings.fees.items():
                if not isinstance(cents, int) or isinstance(cents, bool) or cents < 0:
                    raise InvalidValue(f"fees[{code}]", f"must be whole cents >= 0, got {cents!r}")
        limit = settings.frequency_limit
        if limit is not None and (
            not isinstance(limit, int) or isinstance(limit, bool) or limit < 1
        ):
            raise InvalidValue(
                "frequency_limit", f"must be a whole number >= 1 or empty, got {limit!r}"
            )
        _whole(settings.window_days, "window_days", 1, MAX_DAYS)
        _whole(settings.repeat_interval_days, "repeat_interval_days", 1, MAX_DAYS)
        dx = (
            None
            if settings.covered_diagnoses is None
            else tuple(c.strip().upper() for c in settings.covered_diagnoses if c.strip())
        )
        name = check_text(settings.name, "payer.name")
        after = _stored(
            PayerSettings(
                settings.payer_id,
                name,
                settings.fees,
                limit,
                dx,
                None,
                settings.window_days,
                settings.repeat_interval_days,
            )
        )
        before = _stored({s.payer_id: s for s in self.payer_settings()}.get(settings.payer_id))

        def run(conn: sqlite3.Connection) -> None:
            now = utc_now()
            conn.execute(
                "INSERT INTO payers (id, name, fees, frequency_limit, covered_diagnoses,"
                " window_days, repeat_interval_days, updated_at)"
                " VALUES (:id, :name, :fees, :frequency_limit, :covered_diagnoses, :window_days,"
                " :repeat_interval_days, :now)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, fees = excluded.fees,"
                " frequency_limit = excluded.frequency_limit,"
                " covered_diagnoses = excluded.covered_diagnoses,"
                " window_days = excluded.window_days,"
                " repeat_interval_days = excluded.repeat_interval_days,"
                " updated_at = excluded.updated_at",
                {**after, "id": settings.payer_id, "name": name, "now": now},
            )
            self.append_audit(conn, now, field_changes(f"payer.{settings.payer_id}", before, after))

        self.write(run)
