"""Properties of the engine over generated encounters (real catalog, drug table and ICD codes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_engine_helpers import FINDING_IDS, run, tables
from tpi_desktop.coding.tally import procedure_code_for
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

TABLES = tables()
MUSCLE_IDS = sorted(m.id for m in TABLES.catalog)
AGENTS = sorted(
    {term for drug in TABLES.drugs for term in drug.terms()} | {"wonder drug", "Kenalog-40"}
)
ICD_CODES = [
    "M79.12",
    "M79.11",
    "M79.18",
    "M79.7",
    "M79.1",
    "M54.2",
    "M54.50",
    "M54.6",
    "M25.511",
    "M62.830",
    "G44.209",
    "M75.41",
    "S46.011A",
    "M79.10",
    "M7918",
    "m79.12",
    "X99.99",
    "R52",
    "Z00.00",
    "QA0.0101",
]
OTHER_CODES = [
    "20610",
    "20611",
    "20550",
    "64405",
    "64450",
    "96372",
    "20560",
    "20561",
    "20552",
    "20553",
    "J2001",
    "01610",
    "99999",
    "76942",
    "20604",
    "20606",
    "99213",
    "99211",
]
NDCS = [None, "00003-0293-05", "12345678901", "bad", "0003029305"]
DOS = dt.date(2026, 6, 15)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

injections = st.lists(
    st.builds(
        Injection, st.sampled_from(MUSCLE_IDS), st.sampled_from(list(Side)), st.integers(1, 30)
    ),
    max_size=40,
)
drugs = st.lists(
    st.builds(
        Drug,
        agent=st.one_of(st.none(), st.sampled_from(AGENTS)),
        dose=st.decimals(min_value=0, max_value=1000, places=1),
        dose_unit=st.sampled_from(list(DoseUnit)),
        wasted=st.decimals(min_value=0, max_value=200, places=1),
        container=st.one_of(st.none(), st.sampled_from(list(Container))),
        hcpcs=st.one_of(
            st.none(), st.sampled_from(["J3301", "J1030", "J3490", "J3590", "J7999", "J2001"])
        ),
        ndc=st.sampled_from(NDCS),
        concentration=st.one_of(
            st.none(), st.sampled_from(["40 mg/mL", "1%", "100 units/mL", "x"])
        ),
        volume_ml=st.one_of(st.none(), st.decimals(min_value=0, max_value=20, places=2)),
    ),
    max_size=4,
)
documentation = st.one_of(
    st.none(),
    st.builds(
        Documentation,
        needle_gauge=st.one_of(st.none(), st.just("27G")),
        pain_before=st.one_of(st.none(), st.integers(0, 10)),
        trigger_point_signs=st.lists(st.sampled_from(list(TriggerPointSign)), max_size=4).map(
            tuple
        ),
        prior_relief_percent=st.one_of(st.none(), st.integers(0, 100)),
        conservative_care=st.one_of(st.none(), st.booleans()),
        referring_provider_npi=st.one_of(st.none(), st.sampled_from(["1234567893", "123"])),
    ),
)
encounters = st.builds(
    Encounter,
    date_of_service=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    payer=st.sampled_from(["medicare", "commercial"]),
    injections=injections.map(tuple),
    em=st.one_of(
        st.none(),
        st.builds(
            EvaluationAndManagement, st.sampled_from(["99213", "99204", "99211"]), st.booleans()
        ),
    ),
    other_procedures=st.lists(
        st.builds(OtherProcedure, st.sampled_from(OTHER_CODES), st.booleans()), max_size=3
    ).map(tuple),
    imaging=st.one_of(st.none(), st.sampled_from(list(Imaging))),
    drugs=drugs.map(tuple),
    diagnoses=st.lists(st.sampled_from(ICD_CODES), max_size=14).map(tuple),
    prior_sessions=st.lists(st.integers(1, 800), max_size=6).map(tuple),
    documentation=documentation,
).map(lambda e: _with_priors(e))


def _with_priors(encounter: Encounter) -> Encounter:
    """Prior sessions as days before the date of service (the parser refuses later ones)."""
    days = encounter.prior_sessions
    return Encounter(
        **{
            **{name: getattr(encounter, name) for name in Encounter.__dataclass_fields__},
            "prior_sessions": tuple(
                encounter.date_of_service - dt.timedelta(days=int(d)) for d in days
            ),  # type: ignore[arg-type]
        }
    )


def _distinct(items: tuple[Injection, ...]) -> int:
    return len({(TABLES.catalog.get(i.muscle_id).counts_as, i.side) for i in items})


@FAST
@given(encounters)
def test_engine_never_raises_and_lines_are_well_formed(encounter: Encounter) -> None:
    result = run(encounter)
    codes = [line.code for line in result.lines]
    assert not {"20552", "20553"} <= set(codes)
    for line in result.lines:
        assert line.units >= 1
        assert len(line.dx_pointers) <= 4
        letters = "ABCDEFGHIJKL"[: len(encounter.diagnoses)]
        assert all(p in letters for p in line.dx_pointers)
        assert len(set(line.dx_pointers)) == len(line.dx_pointers)
        assert len(set(line.modifiers)) == len(line.modifiers)
        assert not {"JW", "JZ"} <= set(line.modifiers)
        assert line.rule and line.description
        if line.code in ("20552", "20553"):
            assert line.units == 1 and not {"50", "RT", "LT"} & set(line.modifiers)
    for finding in result.findings:
        assert finding.rule and finding.message
        assert finding.severity == "info" or finding.id in FINDING_IDS, finding
    assert result.rationale
    assert result.procedure_code == procedure_code_for(_distinct(encounter.injections))


@FAST
@given(encounters)
def test_same_day_exclusions_always_hold(encounter: Encounter) -> None:
    """One office E/M at most; guidance only beside a procedure and never beside a code that
    includes it; 20560 and 20561 never together; an E/M with 25 only beside a procedure."""
    result = run(encounter)
    codes = [line.code for line in result.lines]
    ems = [line for line in result.lines if line.kind == "em"]
    # CPT procedures (a J-code typed as a procedure is not one an E/M stands apart from).
    procedures = [
        line for line in result.lines if line.kind == "procedure" and line.code[:1].isdigit()
    ]
    assert len(ems) <= 1
    assert all(("25" in line.modifiers) == bool(procedures) for line in ems)
    assert not any(line.kind == "em" for line in procedures)
    guided = [c for c in codes if c in ("76942", "77002", "77021")]
    assert not guided or any(line.code not in guided for line in procedures)
    assert len(set(guided)) == len(guided)
    assert not ("76942" in codes and {"20604", "20606", "20611"} & set(codes))
    assert not {"20560", "20561"} <= set(codes)


@FAST
@given(
    injections,
    st.randoms(use_true_random=False),
    st.lists(st.integers(0, 10), min_size=40, max_size=40),
)
def test_code_depends_only_on_distinct_muscle_side_pairs(
    items: list[Injection], rnd, extra: list[int]
) -> None:  # type: ignore[no-untyped-def]
    base = run(Encounter(date_of_service=DOS, injections=tuple(items), diagnoses=("M79.12",)))
    shuffled = list(items)
    rnd.shuffle(shuffled)
    raised = [
        Injection(i.muscle_id, i.side, i.count + more)
        for i, more in zip(shuffled, extra, strict=False)
    ]
    again = run(Encounter(date_of_service=DOS, injections=tuple(raised), diagnoses=("M79.12",)))
    assert (again.procedure_code, again.muscle_count) == (base.procedure_code, base.muscle_count)
    assert base.muscle_count == _distinct(tuple(items))
    assert base.procedure_code == procedure_code_for(base.muscle_count)
    tpi = [line for line in base.lines if line.code in ("20552", "20553")]
    assert len(tpi) == (1 if items else 0) and all(line.units == 1 for line in tpi)


@FAST
@given(injections, st.sampled_from(MUSCLE_IDS), st.sampled_from(list(Side)))
def test_adding_an_already_counted_muscle_part_never_changes_the_code(
    items: list[Injection], muscle: str, side: Side
) -> None:
    counts_as = TABLES.catalog.get(muscle).counts_as
    twin = next(m.id for m in TABLES.catalog if m.counts_as == counts_as)
    before = run(
        Encounter(
            date_of_service=DOS, injections=(*items, Injection(muscle, side)), diagnoses=("M79.12",)
        )
    )
    after = run(
        Encounter(
            date_of_service=DOS,
            injections=(*items, Injection(muscle, side), Injection(twin, side, 5)),
            diagnoses=("M79.12",),
        )
    )
    assert (
        after.procedure_code == before.procedure_code and after.muscle_count == before.muscle_count
    )


@FAST
@given(
    st.decimals(min_value=Decimal("0.1"), max_value=2000, places=1),
    st.sampled_from(["Kenalog", "Decadron", "Toradol", "Celestone", "Depo-Medrol"]),
)
def test_drug_units_cover_the_dose_with_less_than_one_unit_spare(dose: Decimal, agent: str) -> None:
    result = run(
        Encounter(
            date_of_service=DOS,
            payer="commercial",
            injections=(Injection("masseter", Side.LEFT),),
            drugs=(Drug(agent, dose),),
            diagnoses=("M79.11",),
        )
    )
    info = TABLES.drug_for(agent, None)
    assert info is not None
    amounts = {c.hcpcs: c.amount for c in info.codes}
    drug_lines = [line for line in result.lines if line.kind == "drug"]
    covered = sum(amounts[line.code] * line.units for line in drug_lines)
    assert covered >= dose
    assert covered - dose < min(amounts.values())


@FAST
@given(encounters)
def test_25_only_on_a_separate_em_beside_a_procedure(encounter: Encounter) -> None:
    """B1: the E/M line carries 25 exactly when it is marked separate (or, entered as another
    procedure, distinct) and a CPT procedure is on the claim; no other line ever carries 25;
    every line says why it is there."""
    result = run(encounter)
    procedures = [
        line for line in result.lines if line.kind == "procedure" and line.code[:1].isdigit()
    ]
    for line in result.lines:
        assert line.rationale.strip()
        if line.kind != "em":
            assert "25" not in line.modifiers
            continue
        # The visit: the E/M field, else an office E/M code entered as another procedure.
        entered = [(o.code, o.distinct_site) for o in encounter.other_procedures]
        em = (encounter.em.code, encounter.em.significant_separate) if encounter.em else None
        em = em or next(e for e in entered if e[0] in ("99213", "99211"))
        assert line.code == em[0]
        separate = em[1] and bool(procedures)
        assert ("25" in line.modifiers) == separate
        assert procedures or not line.modifiers
