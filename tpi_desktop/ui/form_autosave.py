"""The autosave payload: the form's state as encounter JSON plus who and which visit.

Kept in the database (``Workspace.autosave_put``), so nothing typed is lost if the program or the
machine stops; read back on the next start. Only ids are stored for the patient and provider.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from tpi_desktop.coding.tables import CodeTables
from tpi_desktop.domain import Patient, Provider
from tpi_desktop.domain.encounter_json import parse_encounter
from tpi_desktop.domain.result_json import encounter_to_json
from tpi_desktop.ui.encounter_form import FormState

AUTOSAVE_KEY = "main_window"


@dataclass(frozen=True, slots=True)
class Remembered:
    """A restored autosave."""

    state: FormState
    visit_id: int | None
    saved_at: dt.datetime


def to_payload(state: FormState, visit_id: int | None, saved_at: dt.datetime | None = None) -> str:
    """The JSON text kept for ``state``."""
    saved = saved_at or dt.datetime.now().astimezone()
    return json.dumps(
        {
            "version": 1,
            "saved_at": saved.isoformat(timespec="seconds"),
            "visit_id": visit_id,
            "patient_id": state.patient.id if state.patient else None,
            "provider_id": state.provider.id if state.provider else None,
            "encounter": encounter_to_json(state.encounter),
        },
        ensure_ascii=False,
    )


def from_payload(
    text: str,
    tables: CodeTables,
    patient: Callable[[int], Patient | None],
    provider: Callable[[int], Provider | None],
) -> Remembered | None:
    """Read a payload back; None when it cannot be read (a damaged payload is dropped)."""
    try:
        data = json.loads(text)
        encounter_data = dict(data["encounter"])
        encounter_data.pop("prior_sessions", None)
        encounter = parse_encounter(encounter_data, tables.catalog, tables.payers.keys())
        saved_at = dt.datetime.fromisoformat(data["saved_at"])
    except (ValueError, KeyError, TypeError):
        return None
    who = patient(data["patient_id"]) if data.get("patient_id") else None
    by = provider(data["provider_id"]) if data.get("provider_id") else None
    visit_id = data.get("visit_id")
    return Remembered(FormState(who, by, encounter), int(visit_id) if visit_id else None, saved_at)
