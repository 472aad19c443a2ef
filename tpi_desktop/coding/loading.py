"""Read the code tables from ``resources/coding/*.json`` (the only I/O in ``coding``).

Each file carries top-level ``source`` and ``as_of`` fields; a malformed file raises ``ValueError``
naming the file and the field, because a wrong table would silently code every claim wrong.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from tpi_desktop.coding.icd import RELEASE, IcdCodeSet
from tpi_desktop.coding.tables import (
    DISTINCT_MODIFIERS,
    CodeTables,
    DrugCode,
    DrugInfo,
    DrugKind,
    NcciPair,
    PayerProfile,
    drug_key,
)
from tpi_desktop.domain import Container, DoseUnit, MuscleCatalog


class TableError(ValueError):
    """A code table file is malformed; the message names the file and the field."""


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TableError(f"{path}: cannot read code table: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("as_of"), str) or "source" not in data:
        raise TableError(f"{path}: must be a JSON object with 'source' and 'as_of' fields")
    return data


def _decimal(value: object, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise TableError(f"{where}: must be a number, got {value!r}") from None
    if not number.is_finite() or number <= 0:
        raise TableError(f"{where}: must be a positive number, got {value!r}")
    return number


def parse_drug(raw: dict[str, Any], where: str) -> DrugInfo:
    """One entry of ``drugs.json``."""
    try:
        kind = DrugKind(raw["kind"])
        codes = tuple(
            sorted(
                (
                    DrugCode(
                        c["hcpcs"],
                        _decimal(c["amount"], f"{where}.codes[{i}].amount"),
                        c["description"],
                    )
                    for i, c in enumerate(raw.get("codes", []))
                ),
                key=lambda c: c.amount,
            )
        )
        per_unit = raw.get("per_ndc_unit")
        return DrugInfo(
            id=raw["id"],
            name=raw["name"],
            kind=kind,
            codes=codes,
            dose_unit=DoseUnit(raw.get("dose_unit", "mg")),
            container=Container(raw["container"]) if raw.get("container") else None,
            per_ndc_unit=_decimal(per_unit, f"{where}.per_ndc_unit")
            if per_unit is not None
            else None,
            ndc_unit=raw.get("ndc_unit", "ML"),
            brands=tuple(raw.get("brands", ())),
            synonyms=tuple(raw.get("synonyms", ())),
            unapproved=bool(raw.get("unapproved", False)),
            biologic=bool(raw.get("biologic", False)),
            not_covered_for_tpi=bool(raw.get("not_covered_for_tpi", False)),
            brand_strengths=tuple(
                (drug_key(brand), _decimal(value, f"{where}.brand_strengths.{brand}"))
                for brand, value in raw.get("brand_strengths", {}).items()
            ),
            diluent=bool(raw.get("diluent", False)),
        )
    except KeyError as exc:
        raise TableError(f"{where}: missing field {exc.args[0]!r}") from None
    except ValueError as exc:
        raise TableError(f"{where}: {exc}") from None


def parse_payer(raw: dict[str, Any], where: str) -> PayerProfile:
    """One entry of ``payers.json`` (also used for payer settings the store keeps as JSON)."""
    try:
        modifier = raw.get("distinct_modifier", "59")
        if modifier not in DISTINCT_MODIFIERS:
            raise TableError(
                f"{where}.distinct_modifier: must be one of {', '.join(DISTINCT_MODIFIERS)}"
            )
        fees = {str(code): int(cents) for code, cents in (raw.get("fees") or {}).items()}
        if any(cents < 0 for cents in fees.values()):
            raise TableError(f"{where}.fees: charges must be whole cents >= 0")
        covered = raw.get("covered_diagnoses")
        limit = raw.get("frequency_limit")
        interval = raw.get("repeat_interval_days")
        return PayerProfile(
            id=str(raw["id"]),
            name=str(raw.get("name", raw["id"])),
            frequency_limit=int(limit) if limit is not None else None,
            window_days=int(raw.get("window_days", 365)),
            repeat_interval_days=int(interval) if interval is not None else None,
            region_rule=bool(raw.get("region_rule", False)),
            jw_jz=bool(raw.get("jw_jz", False)),
            imaging_covered=bool(raw.get("imaging_covered", True)),
            dry_needling_covered=bool(raw.get("dry_needling_covered", True)),
            other_block_rule=bool(raw.get("other_block_rule", False)),
            pays_99211_with_drug_administration=bool(
                raw.get("pays_99211_with_drug_administration", True)
            ),
            distinct_modifier=modifier,
            covered_diagnoses=tuple(IcdCodeSet.normalise(c) for c in covered)
            if covered is not None
            else None,
            fees=fees,
            source=str(raw.get("source", "")),
            as_of=str(raw.get("as_of", "")),
        )
    except KeyError as exc:
        raise TableError(f"{where}: missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, TableError):
            raise
        raise TableError(f"{where}: {exc}") from None


def _ncci(
    data: dict[str, Any], where: str
) -> tuple[tuple[NcciPair, ...], tuple[tuple[str, str, NcciPair], ...]]:
    pairs: list[NcciPair] = []
    ranges: list[tuple[str, str, NcciPair]] = []
    for i, raw in enumerate(data.get("pairs", [])):
        indicator = raw.get("modifier_indicator")
        if indicator not in (0, 1):
            raise TableError(f"{where}.pairs[{i}].modifier_indicator: must be 0 or 1")
        basis = str(raw.get("basis", ""))
        for column2 in raw["column2"]:
            for column1 in raw.get("column1", []):
                pairs.append(NcciPair(column1, column2, indicator, basis))
            if "column1_range" in raw:
                low, high = raw["column1_range"]
                ranges.append((low, high, NcciPair(low, column2, indicator, basis)))
    return tuple(pairs), tuple(ranges)


@cache
def load_tables(resources_dir: Path) -> CodeTables:
    """All code tables from ``resources_dir`` (callers pass ``tpi_desktop.paths.resources_dir()``).

    Cached per folder: the command line, the store and the window share one loaded copy.
    """
    coding = resources_dir / "coding"
    catalog = MuscleCatalog.from_csv_text(
        (resources_dir / "catalog" / "muscles.csv").read_text(encoding="utf-8")
    )
    drugs_doc = _read(coding / "drugs.json")
    ncci_doc = _read(coding / "ncci.json")
    payers_doc = _read(coding / "payers.json")
    codes_doc = _read(coding / "codes.json")
    drugs = tuple(
        parse_drug(raw, f"drugs.json: drugs[{i}]") for i, raw in enumerate(drugs_doc["drugs"])
    )
    unclassified = {
        key: DrugCode(value["hcpcs"], Decimal(1), value["description"])
        for key, value in drugs_doc.get("unclassified", {}).items()
    }
    unclassified.setdefault("drug", DrugCode("J3490", Decimal(1), "Unclassified drug"))
    unclassified.setdefault("biologic", DrugCode("J3590", Decimal(1), "Unclassified biologic"))
    payers = {}
    for i, raw in enumerate(payers_doc["payers"]):
        profile = parse_payer(raw, f"payers.json: payers[{i}]")
        payers[profile.id] = profile
    for required in ("medicare", "commercial"):
        if required not in payers:
            raise TableError(f"payers.json: the {required!r} payer profile is required")
    pairs, ranges = _ncci(ncci_doc, "ncci.json")
    descriptions = {str(k): str(v) for k, v in codes_doc.get("codes", {}).items()}
    description_ranges = tuple(
        (r["from"], r["to"], r["description"]) for r in codes_doc.get("ranges", [])
    )
    versions = (
        ("icd10cm", RELEASE),
        ("drugs", drugs_doc["as_of"]),
        ("ncci", ncci_doc["as_of"]),
        ("payers", payers_doc["as_of"]),
        ("codes", codes_doc["as_of"]),
    )
    return CodeTables(
        catalog=catalog,
        icd=IcdCodeSet(),
        drugs=drugs,
        ncci_pairs=pairs,
        payers=payers,
        versions=versions,
        descriptions=descriptions,
        description_ranges=description_ranges,
        ncci_ranges=ranges,
        unclassified=unclassified,
    )
