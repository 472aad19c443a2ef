"""The engine as a whole: rule stamping, claim order, prices, versions, tables API."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.test_engine_helpers import ROOT, enc, run, tables
from tpi_desktop.coding import (
    ENGINE_VERSION,
    RULES,
    PayerProfile,
    TableError,
    evaluate,
    load_tables,
)
from tpi_desktop.domain import Drug, EvaluationAndManagement, Imaging, OtherProcedure

BUSY = enc(
    "upper_trapezius",
    "supraspinatus",
    ("gluteus_medius", "left"),
    em=EvaluationAndManagement("99214", True),
    other_procedures=(OtherProcedure("20610", True), OtherProcedure("96372", False)),
    imaging=Imaging.ULTRASOUND,
    drugs=(Drug("Kenalog-40", Decimal(40), ndc="00003-0293-05"), Drug("lidocaine", Decimal(50))),
    dx=("M79.12", "M75.41"),
)


def test_claim_order_em_procedures_guidance_drugs() -> None:
    result = run(BUSY)
    assert [line.code for line in result.lines] == [
        "99214",
        "20610",
        "20553",
        "96372",
        "76942",
        "J3301",
    ]
    assert [line.kind.value for line in result.lines] == [
        "em",
        "procedure",
        "procedure",
        "procedure",
        "guidance",
        "drug",
    ]


def test_every_line_and_finding_carries_its_rule_and_text() -> None:
    result = run(BUSY)
    rule_ids = {rule.id for rule in RULES}
    for line in result.lines:
        assert line.rule in rule_ids | {"D2", "D4"}
        assert line.description and line.rationale
        assert 1 <= len(line.dx_pointers) <= 4
    for finding in result.findings:
        assert finding.rule and finding.message


def test_charges_come_from_the_payer_fees() -> None:
    result = run(BUSY)
    fees = tables().payer("medicare").fees
    for line in result.lines:
        assert line.charge_cents == fees[line.code] * line.units
    assert next(line for line in result.lines if line.code == "20553").charge_cents == 6000


def test_versions() -> None:
    result = run(BUSY)
    assert result.engine_version == ENGINE_VERSION
    versions = dict(result.data_versions)
    assert versions["icd10cm"] == "2026-04-01"
    assert set(versions) >= {"drugs", "ncci", "payers"}


def test_payer_lookup_and_replacement() -> None:
    with pytest.raises(KeyError, match="known: commercial, medicare"):
        tables().payer("acme")
    cheaper = PayerProfile(
        id="commercial", name="Commercial", fees={"20552": 4000}, distinct_modifier="XU"
    )
    custom = tables().with_payer(cheaper)
    result = evaluate(
        enc(
            "upper_trapezius", payer="commercial", other_procedures=(OtherProcedure("20610", True),)
        ),
        custom,
    )
    tpi = next(line for line in result.lines if line.code == "20552")
    assert (tpi.charge_cents, tpi.modifiers) == (4000, ("XU",))
    assert tables().payer("commercial").fees["20552"] != 4000


def test_unknown_payer_is_a_finding_not_an_exception() -> None:
    result = run(enc("upper_trapezius", payer="acme"))
    assert result.procedure_code == "20552"
    assert "unknown_payer" in result.finding_ids()


@pytest.mark.parametrize(
    ("agent", "drug_id"),
    [
        ("Kenalog", "triamcinolone_acetonide"),
        ("kenalog-40", "triamcinolone_acetonide"),
        ("DEPO-MEDROL", "methylprednisolone_acetate"),
        ("Toradol 30 mg", "ketorolac_tromethamine"),
        ("lidocaine with epinephrine", "lidocaine"),
        ("Sarapin", "sarapin"),
    ],
)
def test_drug_for_names(agent: str, drug_id: str) -> None:
    found = tables().drug_for(agent, None)
    assert found is not None and found.id == drug_id


def test_drug_for_unknown() -> None:
    assert tables().drug_for("flux", None) is None
    assert tables().drug_for(None, "J1100").id == "dexamethasone_sodium_phosphate"  # type: ignore[union-attr]


def test_load_tables_is_cached() -> None:
    assert load_tables(ROOT / "resources") is load_tables(ROOT / "resources")


def test_every_table_file_names_its_source_and_date() -> None:
    for path in (ROOT / "resources" / "coding").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["source"] and len(data["as_of"]) == 10, path


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "payers.json",
            lambda d: d["payers"][0].update(distinct_modifier="99"),
            "distinct_modifier",
        ),
        ("payers.json", lambda d: d.update(payers=d["payers"][1:]), "medicare"),
        ("drugs.json", lambda d: d["drugs"][0]["codes"][0].update(amount="-1"), "amount"),
        ("ncci.json", lambda d: d["pairs"][0].update(modifier_indicator=9), "modifier_indicator"),
        ("codes.json", lambda d: d.pop("as_of"), "as_of"),
    ],
)
def test_malformed_tables_are_refused_with_the_field(
    tmp_path: Path, file: str, change, message: str
) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(ROOT / "resources" / "coding", tmp_path / "coding")
    shutil.copytree(ROOT / "resources" / "catalog", tmp_path / "catalog")
    path = tmp_path / "coding" / file
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TableError, match=message):
        load_tables(tmp_path)
