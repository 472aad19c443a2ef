"""The JSON the program writes: an encounter (input shape) and a coding result (output shape).

Both shapes are in shared/reference/encounter-json.md. ``encounter_to_json`` writes input JSON
that ``encounter_json.parse_encounter`` reads back to an equal ``Encounter``; ``result_to_json``
writes the output of ``tpi-desktop code`` and ``result_from_json`` reads it back to an equal
``CodingResult`` (the store keeps a finalized visit's result as this JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields
from decimal import Decimal

from tpi_desktop.domain.catalog import MuscleCatalog
from tpi_desktop.domain.encounter import Documentation, Drug, Encounter
from tpi_desktop.domain.kinds import DoseUnit, LineKind, Severity
from tpi_desktop.domain.result import CodeLine, CodingResult, Eligibility, Finding, MuscleCount

__all__ = ["encounter_to_json", "result_from_json", "result_to_json"]


def _number(value: Decimal) -> int | float:
    """A JSON number that reads back (via ``Decimal(str(x))``) to an equal ``Decimal``."""
    return int(value) if value == value.to_integral_value() else float(value)


def encounter_to_json(
    encounter: Encounter, catalog: MuscleCatalog | None = None
) -> dict[str, object]:
    """The encounter as input JSON that ``parse_encounter`` reads back to an equal encounter.

    With a ``catalog``, a muscle id it does not know raises ``ValueError`` (the JSON would not read
    back); without one, ids are written as they are.
    """
    injections: list[dict[str, object]] = []
    for injection in encounter.injections:
        if catalog is not None and injection.muscle_id not in catalog:
            raise ValueError(f"muscle id {injection.muscle_id!r} is not in the catalog")
        injections.append(
            {"muscle": injection.muscle_id, "side": injection.side.value, "count": injection.count}
        )
    em = encounter.em
    return {
        "date_of_service": encounter.date_of_service.isoformat(),
        "payer": encounter.payer,
        "place_of_service": encounter.place_of_service,
        "injections": injections,
        "em": None
        if em is None
        else {"code": em.code, "significant_separate": em.significant_separate},
        "other_procedures": [
            {"code": p.code, "distinct_site": p.distinct_site} for p in encounter.other_procedures
        ],
        "imaging": None if encounter.imaging is None else encounter.imaging.value,
        "drugs": [_drug_to_json(drug) for drug in encounter.drugs],
        "diagnoses": list(encounter.diagnoses),
        "prior_sessions": [day.isoformat() for day in encounter.prior_sessions],
        "documentation": _documentation_to_json(encounter.documentation),
    }


def _drug_to_json(drug: Drug) -> dict[str, object]:
    out: dict[str, object] = {}
    if drug.agent is not None:
        out["agent"] = drug.agent
    if drug.hcpcs is not None:
        out["hcpcs"] = drug.hcpcs
    out[f"dose_{drug.dose_unit.value}"] = _number(drug.dose)
    if drug.dose_unit is not DoseUnit.ML:
        out[f"wasted_{drug.dose_unit.value}"] = _number(drug.wasted)
    elif drug.wasted:
        raise ValueError("a discarded amount in ml cannot be written (use mg or units)")
    optional: dict[str, object] = {
        "container": None if drug.container is None else drug.container.value,
        "ndc": drug.ndc,
        "concentration": drug.concentration,
        "volume_ml": None if drug.volume_ml is None else _number(drug.volume_ml),
        "lot": drug.lot,
        "expiry": None if drug.expiry is None else drug.expiry.isoformat(),
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def _documentation_to_json(documentation: Documentation | None) -> dict[str, object] | None:
    if documentation is None:
        return None
    out: dict[str, object] = {}
    for f in fields(Documentation):
        value = getattr(documentation, f.name)
        if value is None or value == ():
            continue
        if isinstance(value, Decimal):
            out[f.name] = _number(value)
        elif isinstance(value, tuple):
            out[f.name] = [sign.value for sign in value]
        else:
            out[f.name] = value
    return out


# --- the coding result ---------------------------------------------------------------------------


def result_to_json(result: CodingResult) -> dict[str, object]:
    """The coding result in the output shape of encounter-json.md (plus descriptive extra keys)."""
    eligibility = result.eligibility
    return {
        "procedure_code": result.procedure_code,
        "muscle_count": result.muscle_count,
        "muscles": [
            {
                "muscle": m.muscle,
                "side": m.side,
                "injections": m.injections,
                "picked": list(m.picked),
                "lcd_region": m.lcd_region,
                "vague": m.vague,
            }
            for m in result.muscles
        ],
        "lines": [_line_to_json(line) for line in result.lines],
        "findings": [_finding_to_json(finding) for finding in result.findings],
        "rationale": list(result.rationale),
        "eligibility": None
        if eligibility is None
        else {
            "sessions_in_window": eligibility.sessions_in_window,
            "limit": eligibility.limit,
            "window_days": eligibility.window_days,
            "next_eligible_date": eligibility.next_eligible_date.isoformat(),
            "repeat_interval_ok_from": None
            if eligibility.repeat_interval_ok_from is None
            else eligibility.repeat_interval_ok_from.isoformat(),
        },
        "engine_version": result.engine_version,
        "data_versions": dict(result.data_versions),
    }


def _line_to_json(line: CodeLine) -> dict[str, object]:
    out: dict[str, object] = {
        "code": line.code,
        "modifiers": list(line.modifiers),
        "units": line.units,
        "dx_pointers": list(line.dx_pointers),
    }
    # The NDC keys belong to drug lines only (837P loop 2410).
    if line.kind is LineKind.DRUG or line.ndc is not None:
        out.update(ndc=line.ndc, ndc_quantity=line.ndc_quantity, ndc_unit=line.ndc_unit)
    out.update(kind=line.kind.value, description=line.description, charge_cents=line.charge_cents)
    if line.box19 is not None:
        out["box19"] = line.box19
    out.update(rule=line.rule, rationale=line.rationale)
    return out


def _finding_to_json(finding: Finding) -> dict[str, object]:
    out: dict[str, object] = {
        "id": finding.id,
        "severity": finding.severity.value,
        "message": finding.message,
        "rule": finding.rule,
    }
    if finding.field is not None:
        out["field"] = finding.field
    return out


def _obj(value: object, what: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise ValueError(f"{what}: expected an object, got {type(value).__name__}")
    return value


def _items(d: Mapping[str, object], name: str) -> list[object]:
    value = d.get(name, [])
    if not isinstance(value, list):
        raise ValueError(f"{name}: expected a list, got {type(value).__name__}")
    return value


def _str(d: Mapping[str, object], name: str, default: str | None = None) -> str:
    value = d.get(name, default)
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected a string, got {type(value).__name__}")
    return value


def _opt_str(d: Mapping[str, object], name: str) -> str | None:
    return None if d.get(name) is None else _str(d, name)


def _int(d: Mapping[str, object], name: str, default: int | None = None) -> int:
    value = d.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}: expected a whole number, got {type(value).__name__}")
    return value


def _strs(d: Mapping[str, object], name: str) -> tuple[str, ...]:
    items = _items(d, name)
    if not all(isinstance(item, str) for item in items):
        raise ValueError(f"{name}: expected a list of strings")
    return tuple(str(item) for item in items)


def _date(d: Mapping[str, object], name: str) -> dt.date:
    return dt.date.fromisoformat(_str(d, name))


def result_from_json(data: object) -> CodingResult:
    """Read back what ``result_to_json`` wrote; ``ValueError`` when it is not that shape."""
    d = _obj(data, "result")
    eligibility = None
    if d.get("eligibility") is not None:
        e = _obj(d["eligibility"], "eligibility")
        eligibility = Eligibility(
            sessions_in_window=_int(e, "sessions_in_window"),
            limit=_int(e, "limit"),
            window_days=_int(e, "window_days"),
            next_eligible_date=_date(e, "next_eligible_date"),
            repeat_interval_ok_from=None
            if e.get("repeat_interval_ok_from") is None
            else _date(e, "repeat_interval_ok_from"),
        )
    versions = _obj(d.get("data_versions", {}), "data_versions")
    return CodingResult(
        procedure_code=_opt_str(d, "procedure_code"),
        muscle_count=_int(d, "muscle_count"),
        muscles=tuple(_muscle_from_json(_obj(m, "muscles[]")) for m in _items(d, "muscles")),
        lines=tuple(_line_from_json(_obj(line, "lines[]")) for line in _items(d, "lines")),
        findings=tuple(_finding_from_json(_obj(f, "findings[]")) for f in _items(d, "findings")),
        rationale=_strs(d, "rationale"),
        eligibility=eligibility,
        engine_version=_str(d, "engine_version", ""),
        data_versions=tuple((str(k), str(v)) for k, v in versions.items()),
    )


def _muscle_from_json(m: Mapping[str, object]) -> MuscleCount:
    return MuscleCount(
        muscle=_str(m, "muscle"),
        side=_str(m, "side"),
        injections=_int(m, "injections"),
        picked=_strs(m, "picked"),
        lcd_region=_str(m, "lcd_region", ""),
        vague=bool(m.get("vague", False)),
    )


def _line_from_json(line: Mapping[str, object]) -> CodeLine:
    charge = line.get("charge_cents")
    return CodeLine(
        code=_str(line, "code"),
        kind=LineKind(_str(line, "kind")),
        description=_str(line, "description", ""),
        modifiers=_strs(line, "modifiers"),
        units=_int(line, "units", 1),
        dx_pointers=_strs(line, "dx_pointers"),
        ndc=_opt_str(line, "ndc"),
        ndc_quantity=_opt_str(line, "ndc_quantity"),
        ndc_unit=_opt_str(line, "ndc_unit"),
        box19=_opt_str(line, "box19"),
        charge_cents=None if charge is None else _int(line, "charge_cents"),
        rule=_str(line, "rule", ""),
        rationale=_str(line, "rationale", ""),
    )


def _finding_from_json(f: Mapping[str, object]) -> Finding:
    return Finding(
        id=_str(f, "id"),
        severity=Severity(_str(f, "severity")),
        message=_str(f, "message", ""),
        rule=_str(f, "rule", ""),
        field=_opt_str(f, "field"),
    )
