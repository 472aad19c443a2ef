"""Demo data: fictional patients, two providers, both payers, and two years of coded visits.

Every visit goes through ``Workspace.save_visit`` (so the engine codes it against the history
built so far); some run past Medicare's frequency limit, some carry findings, most older ones are
finalized and a few are amended. Deterministic for a given ``seed`` and ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from tpi_desktop.domain import (
    Documentation,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Injection,
    Patient,
    Practice,
    Provider,
    Side,
    TriggerPointSign,
    Visit,
)

if TYPE_CHECKING:
    from tpi_desktop.services.workspace import Workspace

# Fictional people; the NPIs are valid check-digit examples, not real providers.
PROVIDERS = (
    Provider("Dana Whitfield, MD", "1234567893", "208100000X"),
    Provider("Marcus Oyelaran, DO", "1245319599", "2084P0800X"),
)
_LAST = (
    "Rivera",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Castellano",
    "Brandt",
    "Haddad",
    "Nguyen",
    "Kowalski",
    "Abernathy",
    "Fairweather",
    "Quintero",
    "Sorensen",
    "Mbeki",
    "Delacroix",
)
_FIRST = (
    "Ana",
    "Samuel",
    "Greta",
    "Kenji",
    "Elodie",
    "Marco",
    "Hannah",
    "Yusuf",
    "Linh",
    "Piotr",
    "June",
    "Oscar",
    "Lucia",
    "Nils",
    "Thandi",
    "Remy",
)

# (injections, diagnoses) scenarios: 2 muscles -> 20552, 3+ -> 20553, one spanning regions.
_SCENARIOS = (
    ((("upper_trapezius", Side.RIGHT, 2), ("levator_scapulae", Side.RIGHT, 1)), ("M79.11",)),
    (
        (
            ("upper_trapezius", Side.LEFT, 1),
            ("levator_scapulae", Side.LEFT, 1),
            ("rhomboid_major", Side.LEFT, 2),
        ),
        ("M79.12", "M54.2"),
    ),
    (
        (
            ("quadratus_lumborum", Side.RIGHT, 2),
            ("gluteus_medius", Side.RIGHT, 1),
            ("multifidus", Side.RIGHT, 1),
        ),
        ("M79.18",),
    ),
    (
        (
            ("infraspinatus", Side.RIGHT, 1),
            ("teres_minor", Side.RIGHT, 1),
            ("supraspinatus", Side.RIGHT, 1),
            ("upper_trapezius", Side.RIGHT, 1),
        ),
        ("M79.12",),
    ),
    ((("sternocleidomastoid", Side.LEFT, 1),), ("M79.12",)),
)


def _documentation(rng: random.Random, repeat: bool, complete: bool) -> Documentation:
    before = rng.randint(5, 9)
    return Documentation(
        needle_gauge="27G",
        needle_length_in=Decimal("1.25"),
        technique="dry-to-wet, fanning",
        pain_before=before,
        pain_after=rng.randint(0, 3),
        relief_percent=rng.choice((60, 70, 80)),
        medical_history="chronic myofascial pain" if complete else None,
        physical_exam="palpable taut bands with referral",
        diagnostic_tests="none",
        trigger_point_signs=(TriggerPointSign.TAUT_BAND, TriggerPointSign.LOCAL_TWITCH_RESPONSE),
        trigger_point_activity="active",
        reason="failed 6 weeks of physical therapy",
        prior_relief_percent=70 if repeat else None,
        prior_relief_weeks=8 if repeat else None,
        functional_change="sleeps through the night" if repeat else None,
        conservative_care=True if repeat else None,
    )


def _encounter(rng: random.Random, day: dt.date, payer: str, repeat: bool) -> Encounter:
    muscles, dx = rng.choice(_SCENARIOS)
    em = EvaluationAndManagement("99213", rng.random() < 0.7) if rng.random() < 0.3 else None
    drugs: tuple[Drug, ...] = (Drug("lidocaine 1%", Decimal(3), volume_ml=Decimal(3)),)
    if rng.random() < 0.3:
        drugs += (
            Drug(
                "triamcinolone acetonide",
                Decimal(40),
                concentration="40 mg/mL",
                volume_ml=Decimal(1),
                ndc="00003-0293-05",
            ),
        )
    complete = rng.random() < 0.85
    return Encounter(
        date_of_service=day,
        payer=payer,
        place_of_service="11",
        injections=tuple(Injection(m, s, c) for m, s, c in muscles),
        em=em,
        drugs=drugs,
        diagnoses=dx if rng.random() < 0.9 else ("M54.2",),
        documentation=_documentation(rng, repeat, complete) if rng.random() < 0.95 else None,
    )


def fill_demo(
    workspace: Workspace, visits: int = 120, *, today: dt.date | None = None, seed: int = 7
) -> list[int]:
    """Add demo patients, providers, practice and ``visits`` visits over the two years up to
    ``today``; returns the ids of the ``visits`` visits made (amendments included)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    if not workspace.practice().name:
        workspace.save_practice(
            Practice(
                "Lakeside Pain & Spine (demo)",
                "12 Harbor Road, Springfield",
                "1003000126",
                "12-3456789",
            )
        )
    providers = [workspace.save_provider(p) for p in PROVIDERS]
    n_patients = max(2, min(len(_LAST) * 2, visits // 6 + 1))
    patients = []
    for i in range(n_patients):
        born = dt.date(rng.randint(1942, 1995), rng.randint(1, 12), rng.randint(1, 28))
        payer = "medicare" if born.year < 1960 or i % 3 == 0 else "commercial"
        patients.append(
            workspace.save_patient(
                Patient(
                    _LAST[i % len(_LAST)],
                    _FIRST[(i * 7) % len(_FIRST)],
                    born,
                    rng.choice("FM"),
                    f"{rng.randint(1, 9)}EG{rng.randint(1000, 9999)}MK{rng.randint(10, 99)}",
                    payer,
                )
            )
        )
    start = today - dt.timedelta(days=730)
    days = sorted(start + dt.timedelta(days=rng.randint(0, 730)) for _ in range(visits))
    ids: list[int] = []
    seen: set[int] = set()
    for day in days:
        if len(ids) >= visits:  # amendments count towards the total
            break
        # A few frequent patients make Medicare's 3-in-12-months limit bite.
        patient = patients[0] if rng.random() < 0.12 else rng.choice(patients)
        encounter = _encounter(rng, day, patient.default_payer or "commercial", patient.id in seen)
        seen.add(patient.id or 0)
        saved = workspace.save_visit(Visit(patient, rng.choice(providers), encounter))
        ids.append(saved.id or 0)
        if day < today - dt.timedelta(days=30) and rng.random() < 0.7:
            outcome = workspace.finalize(saved.id or 0)
            if not outcome.ok and rng.random() < 0.3:
                outcome = workspace.finalize(
                    saved.id or 0, override_reason="payer pre-approved (demo)"
                )
            if outcome.ok and rng.random() < 0.06 and len(ids) < visits:
                draft = workspace.amend(saved.id or 0)
                ids.append(draft.id or 0)
    return ids
