"""Rules D1-D6: units, methylprednisolone split, JW/JZ, NDC, unclassified and non-covered agents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_engine_helpers import enc, line_set, lines_of, run, tables
from tpi_desktop.coding.dosing import discarded_units, parse_concentration, split_units
from tpi_desktop.domain import Container, DoseUnit, Drug


def drug_lines(*drugs: Drug, payer: str = "medicare") -> set[tuple[str, tuple[str, ...], int]]:
    result = run(enc("upper_trapezius", payer=payer, drugs=drugs))
    return line_set(result) - {("20552", (), 1)}


@pytest.mark.parametrize(
    ("agent", "dose", "code", "units"),
    [
        ("triamcinolone acetonide", "40", "J3301", 4),
        ("Kenalog-40", "40", "J3301", 4),
        ("KENALOG", "5", "J3301", 1),  # below one billing unit
        ("triamcinolone", "10.1", "J3301", 2),  # rounded up
        ("triamcinolone", "0.1", "J3301", 1),
        ("dexamethasone sodium phosphate", "4", "J1100", 4),
        ("Decadron", "0.5", "J1100", 1),
        ("betamethasone", "6", "J0702", 1),
        ("Celestone Soluspan", "12", "J0702", 2),
        ("celestone soluspan", "7", "J0702", 2),
        ("ketorolac", "30", "J1885", 2),
        ("Toradol", "60", "J1885", 4),
        ("Toradol", "16", "J1885", 2),
    ],
)
def test_units_are_dose_over_billing_amount_rounded_up(
    agent: str, dose: str, code: str, units: int
) -> None:
    lines = drug_lines(Drug(agent, Decimal(dose), container=Container.MULTI_DOSE))
    assert lines == {(code, (), units)}


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        ("40", {("J1030", 1)}),
        ("80", {("J1040", 1)}),
        ("120", {("J1040", 1), ("J1030", 1)}),
        ("60", {("J1030", 1), ("J1020", 1)}),
        ("20", {("J1020", 1)}),
        ("10", {("J1020", 1)}),
        ("50", {("J1030", 1), ("J1020", 1)}),
        ("160", {("J1040", 2)}),
        ("100", {("J1040", 1), ("J1020", 1)}),
        ("140", {("J1040", 1), ("J1030", 1), ("J1020", 1)}),
    ],
)
def test_methylprednisolone_split(dose: str, expected: set) -> None:
    lines = drug_lines(Drug("Depo-Medrol", Decimal(dose)), payer="commercial")
    assert {(code, units) for code, _, units in lines} == expected


def test_methylprednisolone_split_covers_the_dose_in_20_mg_steps() -> None:
    codes = tables().drug_for("methylprednisolone acetate", None).codes  # type: ignore[union-attr]
    for mg in range(1, 400):
        split = split_units(Decimal(mg), codes)
        covered = sum(code.amount * units for code, units, _ in split)
        assert covered == -(-mg // 20) * 20, mg


def test_jz_on_single_dose_with_nothing_wasted() -> None:
    assert drug_lines(Drug("dexamethasone", Decimal(4), container=Container.SINGLE_DOSE)) == {
        ("J1100", ("JZ",), 4)
    }


def test_jw_line_for_discarded_units() -> None:
    drug = Drug("ketorolac", Decimal(15), wasted=Decimal(15), container=Container.SINGLE_DOSE)
    assert drug_lines(drug) == {("J1885", (), 1), ("J1885", ("JW",), 1)}


def test_waste_inside_the_last_billed_unit_is_jz() -> None:
    drug = Drug("ketorolac", Decimal(10), wasted=Decimal(5), container=Container.SINGLE_DOSE)
    assert drug_lines(drug) == {("J1885", ("JZ",), 1)}
    assert discarded_units(Decimal(10), Decimal(5), Decimal(15)) == 0
    assert discarded_units(Decimal(10), Decimal(6), Decimal(15)) == 1


def test_usual_container_decides_when_none_given() -> None:
    assert drug_lines(Drug("ketorolac", Decimal(30))) == {("J1885", ("JZ",), 2)}  # single-dose
    assert drug_lines(Drug("Kenalog", Decimal(40), wasted=Decimal(40))) == {
        ("J3301", (), 4)
    }  # multi-dose


def test_multi_dose_never_gets_jw_jz() -> None:
    drug = Drug("dexamethasone", Decimal(4), wasted=Decimal(6), container=Container.MULTI_DOSE)
    assert drug_lines(drug) == {("J1100", (), 4)}


def test_commercial_has_no_jw_jz() -> None:
    drug = Drug("dexamethasone", Decimal(4), wasted=Decimal(6), container=Container.SINGLE_DOSE)
    assert drug_lines(drug, payer="commercial") == {("J1100", (), 4)}


def test_methylprednisolone_waste_is_billed_in_20_mg_units() -> None:
    drug = Drug(
        "methylprednisolone acetate",
        Decimal(40),
        wasted=Decimal(40),
        container=Container.SINGLE_DOSE,
    )
    assert drug_lines(drug) == {("J1030", (), 1), ("J1020", ("JW",), 2)}


def test_toxin_in_units() -> None:
    drug = Drug("Botox", Decimal(100), dose_unit=DoseUnit.UNITS, wasted=Decimal(0))
    result = run(enc("upper_trapezius", drugs=(drug,)))
    (line,) = lines_of(result, "J0585")
    assert (line.units, line.modifiers, line.ndc_quantity, line.ndc_unit) == (
        100,
        ("JZ",),
        "1",
        "UN",
    )
    assert "drug_not_covered_for_tpi" in result.finding_ids()


def test_dose_in_ml_uses_the_strength() -> None:
    kenalog = Drug("Kenalog-40", Decimal(1), dose_unit=DoseUnit.ML)
    assert drug_lines(kenalog) == {("J3301", (), 4)}
    kenalog10 = Drug("triamcinolone", Decimal(1), dose_unit=DoseUnit.ML, concentration="10 mg/mL")
    assert drug_lines(kenalog10) == {("J3301", (), 1)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40 mg/mL", (Decimal(40), DoseUnit.MG)),
        ("40mg/ml", (Decimal(40), DoseUnit.MG)),
        ("80 mg / 2 mL", (Decimal(40), DoseUnit.MG)),
        ("1%", (Decimal(10), DoseUnit.MG)),
        ("100 units/mL", (Decimal(100), DoseUnit.UNITS)),
        ("strong", None),
        (None, None),
    ],
)
def test_parse_concentration(text: str | None, expected: tuple | None) -> None:
    assert parse_concentration(text) == expected


@pytest.mark.parametrize(
    "agent",
    ["lidocaine", "Lidocaine HCl 1%", "bupivacaine 0.25%", "Marcaine", "ropivacaine", "procaine"],
)
def test_local_anesthetic_has_no_line(agent: str) -> None:
    result = run(enc("upper_trapezius", drugs=(Drug(agent, Decimal(50)),)))
    assert line_set(result) == {("20552", (), 1)}
    (finding,) = [f for f in result.findings if f.id == "local_anesthetic_bundled"]
    assert finding.severity == "info" and finding.rule == "D3"
    assert "ndc_missing" not in result.finding_ids()


@pytest.mark.parametrize(
    ("ndc", "expected"),
    [
        ("00003-0293-05", "00003029305"),
        ("0003-0293-05", "00003029305"),
        ("12345-678-90", "12345067890"),
        ("12345-6789-1", "12345678901"),
        ("12345678901", "12345678901"),
    ],
)
def test_ndc_is_11_digits_with_quantity_and_unit(ndc: str, expected: str) -> None:
    drug = Drug("Kenalog-40", Decimal(40), ndc=ndc)
    result = run(enc("upper_trapezius", drugs=(drug,)))
    (line,) = lines_of(result, "J3301")
    assert (line.ndc, line.ndc_quantity, line.ndc_unit) == (expected, "1", "ML")
    assert "ndc_missing" not in result.finding_ids()


def test_documented_volume_is_the_ndc_quantity() -> None:
    drug = Drug("dexamethasone", Decimal(4), ndc="00000-0000-00", volume_ml=Decimal("1.5"))
    (line,) = lines_of(run(enc("upper_trapezius", drugs=(drug,))), "J1100")
    assert (line.ndc_quantity, line.ndc_unit) == ("1.5", "ML")


@pytest.mark.parametrize("ndc", [None, "", "123", "0003029305"])
def test_missing_or_bad_ndc(ndc: str | None) -> None:
    result = run(enc("upper_trapezius", drugs=(Drug("Kenalog", Decimal(40), ndc=ndc),)))
    (finding,) = [f for f in result.findings if f.id == "ndc_missing"]
    assert finding.field == "drugs[0].ndc" and finding.rule == "D5"


@pytest.mark.parametrize(
    ("agent", "hcpcs", "code", "unapproved"),
    [
        ("sarapin (pitcher plant extract)", "J3490", "J3490", True),
        ("Sarapin", None, "J3490", True),
        ("normal saline", None, "J3490", True),
        ("dextrose 12.5% prolotherapy", None, "J3490", True),
        ("platelet-rich plasma", None, "J3590", True),
        ("amniotic membrane allograft", None, "J3590", True),
        ("wonder drug", None, "J3490", False),
        ("wonder biologic", "J3590", "J3590", True),
        (None, "J3490", "J3490", False),
    ],
)
def test_unclassified_and_unapproved(
    agent: str | None, hcpcs: str | None, code: str, unapproved: bool
) -> None:
    drug = Drug(
        agent,
        Decimal(2),
        dose_unit=DoseUnit.ML,
        hcpcs=hcpcs,
        container=Container.MULTI_DOSE,
        ndc="12345-6789-01",
    )
    result = run(enc("upper_trapezius", payer="commercial", drugs=(drug,)))
    (line,) = lines_of(result, code)
    assert (line.units, line.modifiers, line.rule) == (1, (), "D6")
    assert line.box19 is not None and "2 mL" in line.box19 and "12345-6789-01" in line.box19
    assert "unclassified_drug_box19" in result.finding_ids()
    assert ("unapproved_injectant" in result.finding_ids()) is unapproved


def test_unknown_explicit_hcpcs_is_billed_as_entered_with_a_warning() -> None:
    drug = Drug(None, Decimal(5), hcpcs="J7999", ndc="12345-6789-01")
    result = run(enc("upper_trapezius", payer="commercial", drugs=(drug,)))
    assert line_set(result) == {("20552", (), 1), ("J7999", (), 1)}
    assert ("drug_not_in_table", "info") in {(f.id, f.severity) for f in result.findings}


def test_drug_found_by_hcpcs_alone() -> None:
    assert drug_lines(Drug(None, Decimal(40), hcpcs="J3301")) == {("J3301", (), 4)}


def test_drug_lines_follow_procedures_and_are_priced_per_unit() -> None:
    result = run(enc("upper_trapezius", drugs=(Drug("Kenalog", Decimal(40)),)))
    assert [line.code for line in result.lines] == ["20552", "J3301"]
    fee = tables().payer("medicare").fees["J3301"]
    assert lines_of(result, "J3301")[0].charge_cents == 4 * fee


def test_toxin_waste_goes_on_a_jw_line() -> None:
    drug = Drug(
        "Botox", Decimal(80), dose_unit=DoseUnit.UNITS, wasted=Decimal(20), ndc="0023-1145-01"
    )
    result = run(enc("upper_trapezius", drugs=(drug,)))
    assert line_set(result) - {("20552", (), 1)} == {("J0585", (), 80), ("J0585", ("JW",), 20)}
    jw = next(line for line in result.lines if "JW" in line.modifiers)
    assert (jw.ndc, jw.ndc_quantity, jw.ndc_unit, jw.rule) == ("00023114501", "0.2", "UN", "D4")


def test_plain_values_from_a_caller_do_not_break_the_engine() -> None:
    drug = Drug("Kenalog", 40, dose_unit="mg", container="multi_dose")  # type: ignore[arg-type]
    assert drug_lines(drug) == {("J3301", (), 4)}


@pytest.mark.parametrize(
    ("agent", "ml", "units"),
    [
        ("Kenalog-10", "2", 2),  # 10 mg/mL: 20 mg, not 80 as if it were Kenalog-40
        ("kenalog 10", "1", 1),
        ("Kenalog-80", "1", 8),
        ("Kenalog-40", "0.5", 2),
        ("triamcinolone 10 mg/mL", "3", 3),  # the strength written in the name
    ],
)
def test_strength_in_the_name_converts_ml(agent: str, ml: str, units: int) -> None:
    assert drug_lines(Drug(agent, Decimal(ml), dose_unit=DoseUnit.ML)) == {("J3301", (), units)}


@pytest.mark.parametrize(
    ("agent", "drug_id"),
    [
        ("Kenalog mixed with lidocaine", "triamcinolone_acetonide"),
        ("lidocaine with Depo-Medrol", "methylprednisolone_acetate"),
        ("lidocaine 1% in normal saline", "lidocaine"),
        ("Sarapin with lidocaine", "sarapin"),
        ("dextrose 12.5% with lidocaine", "dextrose"),
        ("botox in saline", "onabotulinumtoxina"),
    ],
)
def test_a_mixture_is_billed_by_its_drug(agent: str, drug_id: str) -> None:
    found = tables().drug_for(agent)
    assert found is not None and found.id == drug_id
