"""Encounter JSON (shared/reference/encounter-json.md) read into an ``Encounter`` and written back.

``parse_encounter`` checks everything and collects every problem before it refuses the input as a
whole, so that a user fixes a file in one pass: each problem is a (field path, message) pair such
as ``("injections[1].side", 'must be "left" or "right", got "both"')``. Indexes in paths count
from 0, as in the JSON array. ``encounter_to_json`` writes the same shape, and what it writes reads
back to an equal ``Encounter``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import fields
from decimal import Decimal
from typing import TypeVar

from tpi_desktop.domain._json_reader import JsonReader, key, show
from tpi_desktop.domain.catalog import MuscleCatalog
from tpi_desktop.domain.encounter import (
    Documentation,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Injection,
    OtherProcedure,
)
from tpi_desktop.domain.kinds import EM_CODES, Container, DoseUnit, Imaging, Side, TriggerPointSign
from tpi_desktop.domain.ndc import NdcError, normalise_ndc
from tpi_desktop.domain.result_json import encounter_to_json, result_from_json, result_to_json

__all__ = [
    "EM_CODES",
    "MAX_DIAGNOSES",
    "TOP_FIELDS",
    "EncounterError",
    "encounter_to_json",
    "parse_encounter",
    "result_from_json",
    "result_to_json",
]

TOP_FIELDS = (
    "date_of_service",
    "payer",
    "place_of_service",
    "injections",
    "em",
    "other_procedures",
    "imaging",
    "drugs",
    "diagnoses",
    "prior_sessions",
    "documentation",
)
_INJECTION_FIELDS = ("muscle", "side", "count")
_EM_FIELDS = ("code", "significant_separate")
_OTHER_FIELDS = ("code", "distinct_site")
_DOSE_FIELDS = {"dose_mg": DoseUnit.MG, "dose_units": DoseUnit.UNITS, "dose_ml": DoseUnit.ML}
_WASTED_FIELDS = {"wasted_mg": DoseUnit.MG, "wasted_units": DoseUnit.UNITS}
_DRUG_FIELDS = (
    "agent",
    "hcpcs",
    *_DOSE_FIELDS,
    *_WASTED_FIELDS,
    "container",
    "ndc",
    "concentration",
    "volume_ml",
    "lot",
    "expiry",
)
MAX_DIAGNOSES = 12
# ICD-10-CM: letter, digit, alphanumeric, then an optional dot and 1-4 more (e.g. S72.001A, Z3A.01).
_ICD_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")
# CPT (five digits, or four and F/T: categories II/III) or HCPCS level II (a letter, four digits).
_PROCEDURE_SHAPE = re.compile(r"^(\d{4}[0-9A-Z]|[A-Z]\d{4})$")
_HCPCS_SHAPE = re.compile(r"^[A-Z]\d{4}$")
_POS_SHAPE = re.compile(r"^\d{2}$")
_EM_SHAPE = re.compile(f"^({'|'.join(EM_CODES)})$")


class EncounterError(ValueError):
    """The input cannot be read as an encounter; ``problems`` are (field path, message) pairs."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in self.problems))


def parse_encounter(
    data: object,
    catalog: MuscleCatalog,
    payer_ids: Collection[str],
    *,
    extra_fields: Collection[str] = (),
) -> Encounter:
    """Read one encounter from parsed JSON, or raise ``EncounterError`` listing every problem.

    Muscles are resolved through ``catalog`` to their ids; ``payer_ids`` are the known payer
    profiles. ``extra_fields`` are further top-level keys the caller reads itself (``visit add``:
    "patient", "provider"); they are accepted and ignored here.
    """
    r = JsonReader()
    top = r.obj(data, "", (*TOP_FIELDS, *extra_fields), "a JSON object (one encounter)")
    if top is None:
        raise EncounterError(r.problems)

    date_of_service = None
    if top.get("date_of_service") is None:
        r.bad("date_of_service", "required: the date of service as YYYY-MM-DD")
    else:
        date_of_service = r.date(top["date_of_service"], "date_of_service")
    payer = _payer(r, top.get("payer"), payer_ids)
    place = _place_of_service(r, top.get("place_of_service"))
    injections = _list(
        r, top.get("injections"), "injections", lambda v, p: _injection(r, v, p, catalog)
    )
    em = None if top.get("em") is None else _em(r, top["em"], "em")
    others = _list(r, top.get("other_procedures"), "other_procedures", lambda v, p: _other(r, v, p))
    imaging = None if top.get("imaging") is None else r.choice(top["imaging"], "imaging", Imaging)
    drugs = _list(r, top.get("drugs"), "drugs", lambda v, p: _drug(r, v, p))
    diagnoses = _diagnoses(r, top.get("diagnoses"))
    prior = _prior_sessions(r, top.get("prior_sessions"), date_of_service)
    documentation = None
    if top.get("documentation") is not None:
        documentation = _documentation(r, top["documentation"], "documentation")

    if r.problems or date_of_service is None:
        raise EncounterError(r.problems)
    return Encounter(
        date_of_service=date_of_service,
        payer=payer or "commercial",
        place_of_service=place or "11",
        injections=injections,
        em=em,
        other_procedures=others,
        imaging=imaging,
        drugs=drugs,
        diagnoses=diagnoses,
        prior_sessions=prior,
        documentation=documentation,
    )


_T = TypeVar("_T")


def _list(
    r: JsonReader, value: object, path: str, item: Callable[[object, str], _T | None]
) -> tuple[_T, ...]:
    items = r.array(value, path) or []
    read = (item(v, f"{path}[{i}]") for i, v in enumerate(items))
    return tuple(x for x in read if x is not None)


def _payer(r: JsonReader, value: object, payer_ids: Collection[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        for candidate in (value, value.strip().casefold()):
            if candidate in payer_ids:
                return candidate
    r.bad("payer", f"unknown payer {show(value)} (allowed: {', '.join(sorted(payer_ids))})")
    return None


def _place_of_service(r: JsonReader, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100:
        return f"{value:02d}"
    if isinstance(value, str) and _POS_SHAPE.match(value.strip()):
        return value.strip()
    r.bad(
        "place_of_service",
        f'must be a two-digit place-of-service code such as "11", got {show(value)}',
    )
    return None


def _injection(r: JsonReader, value: object, path: str, catalog: MuscleCatalog) -> Injection | None:
    d = r.obj(value, path, _INJECTION_FIELDS)
    if d is None:
        return None
    muscle_id = None
    if d.get("muscle") is None:
        r.bad(
            key(path, "muscle"),
            "required: a muscle id, name or synonym (try: tpi-desktop muscles)",
        )
    elif (name := r.text(d["muscle"], key(path, "muscle"))) is not None:
        muscle = catalog.lookup(name)
        if muscle is None:
            close = ", ".join(f'"{m.id}"' for m in catalog.search(name, limit=3))
            hint = f"did you mean {close}? " if close else ""
            r.bad(
                key(path, "muscle"), f"unknown muscle {show(name)} ({hint}try: tpi-desktop muscles)"
            )
        else:
            muscle_id = muscle.id
    side = None
    if d.get("side") is None:
        r.bad(key(path, "side"), 'required: "left" or "right"')
    else:
        side = r.choice(d["side"], key(path, "side"), Side)
    count = 1 if "count" not in d else r.whole(d["count"], key(path, "count"), 1)
    if muscle_id is None or side is None or count is None:
        return None
    return Injection(muscle_id=muscle_id, side=side, count=count)


def _em(r: JsonReader, value: object, path: str) -> EvaluationAndManagement | None:
    d = r.obj(value, path, _EM_FIELDS, "null or an object {code, significant_separate}")
    if d is None:
        return None
    code = r.code(
        d.get("code"),
        key(path, "code"),
        _EM_SHAPE,
        "an office E/M code 99202-99205 or 99211-99215",
    )
    # Not documented as separate work unless said so (B1 then drops the E/M with a warning).
    separate: bool | None = False
    if "significant_separate" in d:
        separate = r.boolean(d["significant_separate"], key(path, "significant_separate"))
    if code is None or separate is None:
        return None
    return EvaluationAndManagement(code=code, significant_separate=separate)


def _other(r: JsonReader, value: object, path: str) -> OtherProcedure | None:
    d = r.obj(value, path, _OTHER_FIELDS)
    if d is None:
        return None
    code = r.code(
        d.get("code"),
        key(path, "code"),
        _PROCEDURE_SHAPE,
        "a 5-character CPT or HCPCS code such as 20610 or J2001",
    )
    distinct = False
    if d.get("distinct_site") is not None:
        distinct = bool(r.boolean(d["distinct_site"], key(path, "distinct_site")))
    return None if code is None else OtherProcedure(code=code, distinct_site=distinct)


def _drug(r: JsonReader, value: object, path: str) -> Drug | None:
    d = r.obj(value, path, _DRUG_FIELDS)
    if d is None:
        return None
    ok = True
    before = len(r.problems)
    agent = None if d.get("agent") is None else r.text(d["agent"], key(path, "agent"))
    hcpcs = None
    if d.get("hcpcs") is not None:
        hcpcs = r.code(
            d["hcpcs"], key(path, "hcpcs"), _HCPCS_SHAPE, "a HCPCS drug code such as J3301"
        )
    if d.get("agent") is None and d.get("hcpcs") is None:
        r.bad(path, 'needs "agent" (the drug\'s name) or "hcpcs" (its code)')
    doses = {
        name: r.number(d[name], key(path, name)) for name in _DOSE_FIELDS if d.get(name) is not None
    }
    dose, unit = None, DoseUnit.MG
    if len(doses) != 1:
        got = f", got {' and '.join(doses)}" if doses else ""
        r.bad(path, f"needs exactly one dose: dose_mg, dose_units (toxins) or dose_ml{got}")
        ok = False
    else:
        [(name, dose)] = doses.items()
        unit = _DOSE_FIELDS[name]
    wasted = Decimal(0)
    for name, wasted_unit in _WASTED_FIELDS.items():
        if d.get(name) is None:
            continue
        if ok and wasted_unit is not unit:
            r.bad(key(path, name), f"is in {wasted_unit.value} but the dose is in {unit.value}")
        wasted = r.number(d[name], key(path, name), zero_ok=True) or Decimal(0)
    container = None
    if d.get("container") is not None:
        container = r.choice(d["container"], key(path, "container"), Container)
    ndc = None
    if d.get("ndc") is not None:
        if not isinstance(d["ndc"], str):
            r.bad(
                key(path, "ndc"), f"must be a string (leading zeros matter), got {show(d['ndc'])}"
            )
        else:
            try:
                ndc = normalise_ndc(d["ndc"])
            except NdcError:
                # Not refused: the visit is still coded, and the engine raises ndc_missing on
                # the drug line saying why this NDC cannot be billed (e.g. 10 digits, no hyphens).
                ndc = d["ndc"].strip() or None
    concentration = None
    if d.get("concentration") is not None:
        concentration = r.text(d["concentration"], key(path, "concentration"))
    volume = (
        None if d.get("volume_ml") is None else r.number(d["volume_ml"], key(path, "volume_ml"))
    )
    lot = None if d.get("lot") is None else r.text(d["lot"], key(path, "lot"))
    expiry = None if d.get("expiry") is None else r.date(d["expiry"], key(path, "expiry"))
    if len(r.problems) > before or dose is None:
        return None
    return Drug(
        agent=agent,
        dose=dose,
        dose_unit=unit,
        wasted=wasted,
        container=container,
        hcpcs=hcpcs,
        ndc=ndc,
        concentration=concentration,
        volume_ml=volume,
        lot=lot,
        expiry=expiry,
    )


def _diagnoses(r: JsonReader, value: object) -> tuple[str, ...]:
    items = r.array(value, "diagnoses") or []
    if len(items) > MAX_DIAGNOSES:
        r.bad(
            "diagnoses", f"at most {MAX_DIAGNOSES} diagnoses (A-L) on one claim, got {len(items)}"
        )
    codes: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        path = f"diagnoses[{i}]"
        code = item.strip().upper() if isinstance(item, str) else None
        if code is None or not _ICD_SHAPE.match(code):
            r.bad(path, f"must be an ICD-10-CM code such as M79.12 or M7912, got {show(item)}")
        elif code.replace(".", "") in seen:
            r.bad(path, f"{code} is listed twice")
        else:
            seen.add(code.replace(".", ""))
            codes.append(code)
    return tuple(codes)


def _prior_sessions(
    r: JsonReader, value: object, date_of_service: dt.date | None
) -> tuple[dt.date, ...]:
    dates: list[dt.date] = []
    for i, item in enumerate(r.array(value, "prior_sessions") or []):
        path = f"prior_sessions[{i}]"
        day = r.date(item, path)
        if day is None:
            continue
        if date_of_service is not None and day >= date_of_service:
            r.bad(path, f"{day} must be before the date of service {date_of_service}")
        elif day in dates:
            r.bad(path, f"{day} is listed twice")
        else:
            dates.append(day)
    return tuple(dates)


def _documentation(r: JsonReader, value: object, path: str) -> Documentation | None:
    d = r.obj(value, path, Documentation.field_names())
    if d is None:
        return None
    before = len(r.problems)
    values: dict[str, object] = {}
    for f in fields(Documentation):
        item = d.get(f.name)
        if item is None:
            continue
        where = key(path, f.name)
        kind = str(f.type).replace("decimal.", "")
        if kind.startswith("tuple[TriggerPointSign"):
            signs = [
                r.choice(s, f"{where}[{i}]", TriggerPointSign)
                for i, s in enumerate(r.array(item, where) or [])
            ]
            values[f.name] = tuple(dict.fromkeys(s for s in signs if s is not None))
        elif kind.startswith("int"):
            high = (
                10 if f.name.startswith("pain_") else 100 if f.name.endswith("_percent") else None
            )
            values[f.name] = r.whole(item, where, 0, high)
        elif kind.startswith("Decimal"):
            values[f.name] = r.number(item, where)
        elif kind.startswith("bool"):
            values[f.name] = r.boolean(item, where)
        else:
            values[f.name] = r.text(item, where)
    if len(r.problems) > before:
        return None
    return Documentation(**values)  # type: ignore[arg-type]
