"""Between domain values and table rows: a visit's encounter split over its tables and back.

Decimals are stored as their exact text, dates as ISO text, enums by value; reading a visit back
gives values equal to the ones saved. ``audit_fields`` renders the same rows as text per field,
which is what the audit log compares between two saves.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from tpi_desktop.domain import (
    Container,
    Documentation,
    DoseUnit,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Imaging,
    Injection,
    OtherProcedure,
    Side,
    TriggerPointSign,
)
from tpi_desktop.store.schema import DOCUMENTATION_COLUMNS

Row = tuple[Any, ...]
_DECIMAL_DOC = {"needle_length_in"}
_BOOL_DOC = {"conservative_care"}


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def child_rows(encounter: Encounter) -> dict[str, list[Row]]:
    """The rows of each child table for one encounter (without ``visit_id``)."""
    doc = encounter.documentation
    return {
        "injections": [
            (i, j.muscle_id, j.side.value, j.count) for i, j in enumerate(encounter.injections)
        ],
        "drugs": [
            (
                i,
                d.agent,
                d.hcpcs,
                str(d.dose),
                d.dose_unit.value,
                str(d.wasted),
                None if d.container is None else d.container.value,
                d.ndc,
                d.concentration,
                _dec(d.volume_ml),
                d.lot,
                None if d.expiry is None else d.expiry.isoformat(),
            )
            for i, d in enumerate(encounter.drugs)
        ],
        "diagnoses": [(i, code) for i, code in enumerate(encounter.diagnoses)],
        "other_procedures": [
            (i, p.code, int(p.distinct_site)) for i, p in enumerate(encounter.other_procedures)
        ],
        "documentation": []
        if doc is None
        else [tuple(_doc_value(doc, c) for c in DOCUMENTATION_COLUMNS)],
    }


def _doc_value(doc: Documentation, column: str) -> Any:
    value = getattr(doc, column)
    if column == "trigger_point_signs":
        return ",".join(sign.value for sign in value)
    if column in _DECIMAL_DOC:
        return _dec(value)
    if column in _BOOL_DOC:
        return None if value is None else int(value)
    return value


def visit_columns(encounter: Encounter) -> dict[str, Any]:
    """The encounter's own columns of the ``visits`` row."""
    em = encounter.em
    return {
        "payer": encounter.payer,
        "date_of_service": encounter.date_of_service.isoformat(),
        "place_of_service": encounter.place_of_service,
        "em_code": None if em is None else em.code,
        "em_significant_separate": None if em is None else int(em.significant_separate),
        "imaging": None if encounter.imaging is None else encounter.imaging.value,
    }


def encounter_from_rows(visit: dict[str, Any], children: dict[str, list[Row]]) -> Encounter:
    """Rebuild the encounter from its ``visits`` row and its child rows (see ``child_rows``)."""
    em = None
    if visit["em_code"] is not None:
        em = EvaluationAndManagement(visit["em_code"], bool(visit["em_significant_separate"]))
    docs = children["documentation"]
    return Encounter(
        date_of_service=dt.date.fromisoformat(visit["date_of_service"]),
        payer=visit["payer"],
        place_of_service=visit["place_of_service"],
        injections=tuple(Injection(m, Side(s), c) for _, m, s, c in children["injections"]),
        em=em,
        other_procedures=tuple(
            OtherProcedure(c, bool(d)) for _, c, d in children["other_procedures"]
        ),
        imaging=None if visit["imaging"] is None else Imaging(visit["imaging"]),
        drugs=tuple(_drug(row) for row in children["drugs"]),
        diagnoses=tuple(code for _, code in children["diagnoses"]),
        documentation=_documentation(docs[0]) if docs else None,
    )


def _drug(row: Row) -> Drug:
    _, agent, hcpcs, dose, unit, wasted, container, ndc, conc, volume, lot, expiry = row
    return Drug(
        agent=agent,
        dose=Decimal(dose),
        dose_unit=DoseUnit(unit),
        wasted=Decimal(wasted),
        container=None if container is None else Container(container),
        hcpcs=hcpcs,
        ndc=ndc,
        concentration=conc,
        volume_ml=_undec(volume),
        lot=lot,
        expiry=None if expiry is None else dt.date.fromisoformat(expiry),
    )


def _documentation(row: Row) -> Documentation:
    values: dict[str, Any] = {}
    for column, value in zip(DOCUMENTATION_COLUMNS, row, strict=True):
        if column == "trigger_point_signs":
            values[column] = (
                tuple(TriggerPointSign(s) for s in value.split(",") if s) if value else ()
            )
        elif column in _DECIMAL_DOC:
            values[column] = _undec(value)
        elif column in _BOOL_DOC:
            values[column] = None if value is None else bool(value)
        else:
            values[column] = value
    return Documentation(**values)


def audit_fields(columns: dict[str, Any], children: dict[str, list[Row]]) -> dict[str, str | None]:
    """Field name -> text, for comparing two versions of a visit in the audit log."""
    out: dict[str, str | None] = {}
    for name in (
        "patient_id",
        "provider_id",
        "payer",
        "date_of_service",
        "place_of_service",
        "em_code",
        "em_significant_separate",
        "imaging",
    ):
        value = columns.get(name)
        out[name] = None if value is None else str(value)
    for table, rows in children.items():
        if table == "claim_lines":
            continue
        out[table] = (
            json.dumps(
                [list(r[1:]) for r in rows]
                if table != "documentation"
                else [list(r) for r in rows],
                ensure_ascii=False,
            )
            if rows
            else None
        )
    return out
