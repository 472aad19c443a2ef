"""Demo data that a biller would find believable: doses, NDCs, spacing, codes and statuses."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tpi_desktop import paths
from tpi_desktop.coding.dosing import parse_concentration
from tpi_desktop.domain import Encounter, Severity, Visit, VisitStatus
from tpi_desktop.domain.ndc import normalise_ndc
from tpi_desktop.services import VisitQuery, Workspace, fill_demo, finalize_blockers

TODAY = dt.date(2026, 6, 30)
_L = "[AC-HJKMNP-RT-Y]"  # MBI letters: no S, L, O, I, B, Z
_A = rf"(?:{_L}|\d)"
MBI = re.compile(rf"^[1-9]{_L}{_A}\d{_L}{_A}\d{_L}{_L}\d\d$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, list[Visit]]]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ws = Workspace.open(path, paths.resources_dir(), user="demo")
    started = time.perf_counter()
    ids = fill_demo(ws, 120, today=TODAY)
    assert time.perf_counter() - started < 30  # about half a second on a laptop
    assert len(ids) == len(set(ids)) == 120 == ws.count_visits()
    yield ws, [ws.get_visit(i) for i in ids]
    ws.close()


def _lines(visit: Visit) -> list[tuple[str, tuple[str, ...]]]:
    assert visit.coding is not None
    return [(line.code, tuple(line.modifiers)) for line in visit.coding.lines]


def test_doses_agree_with_volume_and_strength(demo: tuple[Workspace, list[Visit]]) -> None:
    _, visits = demo
    drugs = [d for v in visits for d in v.encounter.drugs]
    lidocaine = [d for d in drugs if (d.agent or "").startswith("lidocaine 1%")]
    assert len(lidocaine) > 50
    for drug in lidocaine:
        assert drug.volume_ml is not None and drug.dose == drug.volume_ml * 10  # 10 mg/mL
    for drug in drugs:
        strength = parse_concentration(drug.concentration)
        assert strength is not None and drug.volume_ml is not None, drug
        assert drug.dose == strength[0] * drug.volume_ml, drug
        assert "E" not in str(drug.dose) and not str(drug.dose).endswith(".0"), drug.dose


def test_ndcs_are_in_billing_form(demo: tuple[Workspace, list[Visit]]) -> None:
    _, visits = demo
    ndcs = [d.ndc for v in visits for d in v.encounter.drugs if d.ndc is not None]
    assert len(ndcs) > 10
    for ndc in ndcs:
        assert re.fullmatch(r"\d{5}-\d{4}-\d{2}", ndc) and len(normalise_ndc(ndc)) == 11
    missing = [v for v in visits if v.coding and "ndc_missing" in v.coding.finding_ids()]
    billed = [v for v in visits if any(c.startswith("J") for c, _ in _lines(v))]
    assert 0 < len(missing) < len(billed) / 4  # now and then a vial's NDC was not copied


def _medicare_sessions(visits: list[Visit]) -> dict[int, list[dt.date]]:
    by_patient: dict[int, set[dt.date]] = defaultdict(set)
    for v in visits:
        if v.encounter.payer == "medicare" and v.amends is None:
            by_patient[v.patient.id or 0].add(v.encounter.date_of_service)
    return {pid: sorted(days) for pid, days in by_patient.items()}


def test_medicare_courses_are_plausibly_spaced(demo: tuple[Workspace, list[Visit]]) -> None:
    _, visits = demo
    sessions = _medicare_sessions(visits)
    gaps = [(b - a).days for days in sessions.values() for a, b in itertools.pairwise(days)]
    assert gaps and min(gaps) >= 27  # nobody is injected every two weeks
    assert sum(g < 42 for g in gaps) <= max(2, len(gaps) // 8)  # too soon is the exception
    for days in sessions.values():
        for day in days:  # never more than one over the limit of 3 in 12 months
            assert sum(0 < (day - d).days <= 365 for d in days) <= 3
    over = [
        v
        for v in visits
        if v.encounter.payer == "medicare"
        and v.coding
        and "frequency_limit" in v.coding.finding_ids()
    ]
    assert over
    for v in over:  # the 4th session comes months after the 3rd, not weeks
        prior = max(d for d in v.encounter.prior_sessions if d < v.encounter.date_of_service)
        assert (v.encounter.date_of_service - prior).days >= 27
    assert any(v.override_reason and "ABN" in v.override_reason for v in over) or any(
        v.status is VisitStatus.DRAFT for v in over
    )
    for patient in {v.patient for v in visits if v.encounter.payer == "medicare"}:
        assert MBI.match(patient.member_id), patient.member_id


def test_a_realistic_spread_of_codes_and_modifiers(demo: tuple[Workspace, list[Visit]]) -> None:
    _, visits = demo
    procedure = Counter(v.coding.procedure_code for v in visits if v.coding)
    assert procedure["20552"] >= 30 and procedure["20553"] >= 30
    lines = [(v.encounter.payer, code, mods) for v in visits for code, mods in _lines(v)]
    em_25 = [x for x in lines if x[1].startswith("99") and "25" in x[2]]
    assert len(em_25) >= 10
    joint = [v for v in visits if any(c == "20610" for c, _ in _lines(v))]
    assert 3 <= len(joint) <= 20
    assert ("medicare", "20552", ("XS",)) in lines or ("medicare", "20553", ("XS",)) in lines
    assert any(p == "commercial" and c in ("20552", "20553") and m == ("59",) for p, c, m in lines)
    assert not any(p == "medicare" and "59" in m for p, _, m in lines)  # Medicare uses XS
    findings = Counter(f for v in visits if v.coding for f in v.coding.finding_ids())
    assert findings["documentation_missing"] and findings["repeat_interval_short"]
    # findings are the exception, not the rule
    warned = [
        v
        for v in visits
        if v.coding and any(f.severity is not Severity.INFO for f in v.coding.findings)
    ]
    assert len(warned) < len(visits) / 2


def test_statuses_and_documentation(demo: tuple[Workspace, list[Visit]]) -> None:
    ws, visits = demo
    status = Counter(v.status for v in visits)
    assert status[VisitStatus.FINAL] > status[VisitStatus.DRAFT] > 0
    assert status[VisitStatus.AMENDED] == 3  # 120 // 40
    for v in visits:
        if v.status is VisitStatus.AMENDED:
            assert ws.amended_by(v.id or 0) is not None
    documented = [v for v in visits if v.encounter.documentation is not None]
    assert len(documented) >= 0.9 * len(visits)
    blocked = [
        v
        for v in visits
        if v.status is VisitStatus.DRAFT
        and v.coding
        and any("Documentation incomplete" in b for b in finalize_blockers(v, v.coding))
    ]
    assert blocked  # some drafts wait for their checklist
    drafts = [v for v in visits if v.status is VisitStatus.DRAFT]
    assert any(v.encounter.date_of_service > TODAY - dt.timedelta(days=14) for v in drafts)
    assert ws.check() == []
    rows = ws.search_visits(VisitQuery(), limit=500).rows
    assert min(r.date_of_service for r in rows) >= TODAY - dt.timedelta(days=730)
    assert max(r.date_of_service for r in rows) <= TODAY


def _snapshot(path: Path, seed: int) -> list[tuple[str, Encounter, VisitStatus, object]]:
    with Workspace.open(path, paths.resources_dir(), user="demo") as ws:
        ids = fill_demo(ws, 40, today=TODAY, seed=seed)
        assert len(ids) == 40
        out = []
        for i in ids:
            v = ws.get_visit(i)
            out.append((v.patient.last_name, v.encounter, v.status, _lines(v)))
        return out


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a.sqlite3", 11)
    assert first == _snapshot(tmp_path / "b.sqlite3", 11)
    assert first != _snapshot(tmp_path / "c.sqlite3", 12)
    assert Decimal(0) not in {d.dose for _, e, _, _ in first for d in e.drugs}
