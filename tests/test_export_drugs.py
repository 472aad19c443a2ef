"""The drug table prints the codes the engine billed for each drug, and the container it assumed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers.store_worker import patient, provider
from tests.test_pdf_samples import pdf_pages, seed_visit, summary_of
from tpi_desktop import paths
from tpi_desktop.coding import CodeTables, evaluate, load_tables
from tpi_desktop.domain import (
    CodeLine,
    CodingResult,
    Container,
    DoseUnit,
    Drug,
    Encounter,
    Finding,
    Injection,
    LineKind,
    Severity,
    Side,
    Visit,
)
from tpi_desktop.export import render_claim_summary
from tpi_desktop.export.drug_codes import container_text, drug_billing
from tpi_desktop.export.sections_review import DOCUMENTATION_HEADING
from tpi_desktop.services import Workspace
from tpi_desktop.services.export import claim_summary_for, usual_containers

MP_NDC = "0009-3073-03"
DRUGS = (
    Drug("methylprednisolone acetate", Decimal(120), ndc=MP_NDC),  # J1040 + J1030 (D2)
    Drug("lidocaine 1%", Decimal(5), dose_unit=DoseUnit.ML),  # bundled (D3)
    Drug("triamcinolone acetonide", Decimal(40), ndc="00003-0293-05"),  # J3301, multi-dose
    Drug("dexamethasone", Decimal(6), wasted=Decimal(2), ndc="63323-0165-01"),  # J1100 + JW
    Drug("Sarapin", Decimal(2), dose_unit=DoseUnit.ML, ndc="12345-6789-01"),  # J3490 (D6)
    Drug("methylprednisolone acetate", Decimal(40), ndc=MP_NDC),  # entered twice: J1030 alone
)


@pytest.fixture(scope="module")
def tables() -> CodeTables:
    return load_tables(paths.resources_dir())


def _encounter(drugs: tuple[Drug, ...] = DRUGS) -> Encounter:
    return Encounter(
        dt.date(2026, 3, 2),
        "medicare",
        injections=(Injection("upper_trapezius", Side.RIGHT),),
        drugs=drugs,
        diagnoses=("M79.12",),
    )


def _coded(tables: CodeTables, drugs: tuple[Drug, ...] = DRUGS) -> Visit:
    enc = _encounter(drugs)
    return Visit(patient(), provider(), enc, id=5, coding=evaluate(enc, tables))


def test_each_drug_gets_the_lines_the_engine_wrote_for_it(tables: CodeTables) -> None:
    visit = _coded(tables)
    assert visit.coding is not None
    billed = drug_billing(DRUGS, visit.coding)
    assert [b.codes for b in billed] == [
        ("J1040", "J1030"),
        (),
        ("J3301",),
        ("J1100",),
        ("J3490",),
        ("J1030",),
    ]
    assert [m for line in billed[3].lines for m in line.modifiers] == ["JW"]  # its waste line
    assert [b.codes_text() for b in billed[:2]] == ["J1040\nJ1030", "bundled"]
    # every drug line of the claim is printed against exactly one drug
    drug_lines = [line for line in visit.coding.lines if line.kind is LineKind.DRUG]
    assert sorted(id(x) for b in billed for x in b.lines) == sorted(id(x) for x in drug_lines)


def test_a_typed_code_does_not_override_what_the_engine_billed(tables: CodeTables) -> None:
    typed = (dataclasses.replace(DRUGS[0], hcpcs="J1020"),)
    visit = _coded(tables, typed)
    assert visit.coding is not None
    assert drug_billing(typed, visit.coding)[0].codes == ("J1040", "J1030")


def test_lines_are_matched_by_ndc_when_the_rationale_does_not_name_the_drug() -> None:
    drug = Drug("triamcinolone acetonide", Decimal(40), ndc="00003-0293-05")
    line = CodeLine("J3301", LineKind.DRUG, "x", ndc="00003029305", rationale="40 mg / 10 mg")
    other = CodeLine("J3301", LineKind.DRUG, "x", ndc="99999999999", rationale="40 mg / 10 mg")
    coding = CodingResult(None, 0, (), (line, other), (), (), None)
    assert drug_billing((drug,), coding)[0].lines == (line,)
    bundled = Finding("local_anesthetic_bundled", Severity.INFO, "", "D3", "drugs[0]")
    none = drug_billing((Drug("procaine", Decimal(1)),), dataclasses.replace(coding, lines=()))
    assert none[0].codes_text() == "not billed"
    coding = dataclasses.replace(coding, lines=(), findings=(bundled,))
    assert drug_billing((Drug("procaine", Decimal(1)),), coding)[0].codes_text() == "bundled"


@pytest.mark.parametrize(
    ("container", "usual", "modifiers", "expected"),
    [
        (Container.SINGLE_DOSE, Container.MULTI_DOSE, (), "single-dose"),  # as entered wins
        (None, Container.MULTI_DOSE, (), "usual (multi-dose)"),  # the drug table's
        (None, None, ("JZ",), "usual (single-dose)"),  # what JZ says
        (None, None, (), "usual"),  # nothing known
    ],
)
def test_container_text(
    container: Container | None,
    usual: Container | None,
    modifiers: tuple[str, ...],
    expected: str,
) -> None:
    drug = Drug("x", Decimal(1), container=container)
    line = CodeLine("J3301", LineKind.DRUG, "x", modifiers)
    coding = CodingResult(None, 0, (), (line,), (), (), None)
    billing = drug_billing((drug,), dataclasses.replace(coding, lines=()))[0]
    if modifiers:
        billing = dataclasses.replace(billing, lines=(line,))
    assert container_text(drug, billing, usual) == expected


def _drug_rows(text: str) -> str:
    """The drug table's text, each run of white space (cell or wrapped line) one space."""
    return " ".join(text[text.index("Drugs given") : text.index(DOCUMENTATION_HEADING)].split())


def test_the_pdf_prints_billed_codes_and_resolved_containers(tables: CodeTables) -> None:
    visit = _coded(tables)
    summary = summary_of(visit, usual_containers=usual_containers(tables, DRUGS))
    rows = _drug_rows("\n".join(pdf_pages(render_claim_summary(summary))))
    assert "methylprednisolone acetate J1040 J1030 120 mg 0 usual (single-dose)" in rows
    assert "lidocaine 1% bundled 5 mL 0 usual not recorded" in rows  # no container known
    assert "triamcinolone acetonide J3301 40 mg 0 usual (multi-dose) 00003-0293-05" in rows
    assert "dexamethasone J1100 6 mg 2 mg usual (single-dose)" in rows
    assert "Sarapin J3490 2 mL" in rows
    assert "methylprednisolone acetate J1030 40 mg 0 usual (single-dose)" in rows
    assert "J1020" not in rows


def test_without_the_drug_table_only_what_the_lines_show_is_claimed(tables: CodeTables) -> None:
    rows = _drug_rows("\n".join(pdf_pages(render_claim_summary(summary_of(_coded(tables))))))
    assert "triamcinolone acetonide J3301 40 mg 0 usual 00003-0293-05" in rows  # not known
    assert "dexamethasone J1100 6 mg 2 mg usual (single-dose)" in rows  # its JW line says so


def test_seed_drug_prints_its_entered_container() -> None:
    rows = _drug_rows("\n".join(pdf_pages(render_claim_summary(summary_of(seed_visit())))))
    assert "triamcinolone acetonide J3301 40 mg (1 mL of 40 mg/mL) 0 multi-dose 00003" in rows


def test_the_service_looks_up_the_usual_container(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws.sqlite3", paths.resources_dir(), user="b") as ws:
        saved = ws.save_visit(Visit(patient(), provider(), _encounter()))
        summary = claim_summary_for(ws, saved.id or 0)
    assert summary.usual_containers == (
        Container.SINGLE_DOSE,
        None,
        Container.MULTI_DOSE,
        Container.SINGLE_DOSE,
        None,
        Container.SINGLE_DOSE,
    )
