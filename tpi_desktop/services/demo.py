"""Demo data: fictional patients with believable courses of trigger point injections.

Each patient has one complaint, one provider and a series of sessions spaced as a clinic would
space them (Medicare: 8 to 16 weeks apart, a 4th session 3 to 4 months after the 3rd, so some
run into the 3-in-12-months limit; now and then one comes back too soon). Visits are saved in
date order through ``Workspace.save_visit``, so the engine codes each against the history built so
far. Older visits are finalized when nothing blocks them (an ABN override for some over the
limit); incomplete checklists stay drafts; a couple of final visits are amended. Deterministic
for a given ``seed`` and ``today``; 120 visits take well under a second or two.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from tpi_desktop.domain import (
    Documentation,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Imaging,
    Injection,
    OtherProcedure,
    Patient,
    Provider,
    Side,
    TriggerPointSign,
    Visit,
)
from tpi_desktop.services.demo_data import (
    COMPLAINTS,
    FIRST_NAMES,
    KNEE_STEROID,
    LAST_NAMES,
    PRACTICE,
    PROVIDERS,
    REFERRER,
    Complaint,
    anesthetic,
    commercial_member_id,
    mbi,
    steroid,
)

if TYPE_CHECKING:
    from tpi_desktop.services.workspace import Workspace

__all__ = ["PROVIDERS", "fill_demo"]

ABN_OVERRIDE = "ABN signed by the patient; billed with GA (demo)"
_SIGNS = tuple(TriggerPointSign)


@dataclass(frozen=True, slots=True)
class _Course:
    """One patient's course: who, where it hurts, the side, and the session dates."""

    patient: Patient
    provider: Provider
    complaint: Complaint
    side: Side
    days: tuple[dt.date, ...]


def _offsets(rng: random.Random, medicare: bool, sessions: int) -> list[int]:
    """Days from the first session to each session, spaced as a clinic would space them.

    Medicare: 8-16 weeks apart, the 4th 3-4 months after the 3rd (one over the 3-in-12-months
    limit), and any later one only once it is eligible again; now and then one too soon.
    """
    offsets = [0]
    for i in range(1, sessions):
        if not medicare:
            gap = rng.randint(28, 98)
        elif i == 3:
            gap = rng.randint(90, 125)
        else:
            gap = rng.randint(56, 112)
        if medicare and rng.random() < 0.06:
            gap = rng.randint(27, 38)  # back too soon: the repeat-interval warning
        day = offsets[-1] + gap
        if medicare and i >= 4:
            day = max(day, offsets[i - 3] + 366)  # eligible again: 2 sessions in the window
        offsets.append(day)
    return offsets


def _courses(
    workspace: Workspace, rng: random.Random, wanted: int, today: dt.date
) -> list[_Course]:
    """Patients and their session dates, until there are ``wanted`` sessions up to ``today``."""
    providers = [workspace.save_provider(p) for p in PROVIDERS]
    start = today - dt.timedelta(days=729)
    courses: list[_Course] = []
    total, i = 0, 0
    while total < wanted:
        medicare = rng.random() < 0.5 if i >= 2 else i == 0  # both payers, however few
        born = dt.date(
            rng.randint(1938, 1959) if medicare else rng.randint(1962, 1999),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        patient = workspace.save_patient(
            Patient(
                LAST_NAMES[i % len(LAST_NAMES)],
                FIRST_NAMES[(i * 7 + i // len(LAST_NAMES)) % len(FIRST_NAMES)],
                born,
                rng.choice("FM"),
                mbi(rng) if medicare else commercial_member_id(rng),
                "medicare" if medicare else "commercial",
            )
        )
        i += 1
        weights = (22, 22, 24, 22, 10) if medicare else (30, 30, 20, 12, 8)
        offsets = _offsets(rng, medicare, rng.choices(range(1, 6), weights=weights)[0])
        # Most courses lie anywhere in the two years; some are the patients seen lately.
        if rng.random() < 0.7:
            first = start + dt.timedelta(days=rng.randint(0, max(0, 729 - offsets[-1])))
        else:
            first = today - dt.timedelta(days=offsets[-1] + rng.randint(0, 45))
        days = [first + dt.timedelta(days=d) for d in offsets]
        days = [d for d in days if d <= today][: wanted - total]
        complaint = rng.choices(COMPLAINTS, weights=[c.weight for c in COMPLAINTS])[0]
        side = rng.choice((Side.LEFT, Side.RIGHT))
        courses.append(_Course(patient, rng.choice(providers), complaint, side, tuple(days)))
        total += len(days)
    return courses


def _injections(rng: random.Random, course: _Course) -> tuple[Injection, ...]:
    """1-2 muscles (20552) or 3-4 (20553) from the complaint, most treated first; both sides of
    a muscle count as two (low back is often treated on both sides)."""
    muscles = list(course.complaint.muscles)
    other = Side.LEFT if course.side is Side.RIGHT else Side.RIGHT
    both = rng.random() < course.complaint.bilateral
    wanted = rng.choices((1, 2, 3, 4), weights=(10, 38, 36, 16))[0]
    k = min(len(muscles), (wanted + 1) // 2 if both else wanted)
    if k < len(muscles) and rng.random() < 0.3:
        muscles[k - 1], muscles[k] = muscles[k], muscles[k - 1]
    chosen = []
    for index, muscle in enumerate(muscles[:k]):
        chosen.append(Injection(muscle, course.side, rng.randint(1, 3)))
        if both and (index == 0 or wanted >= 3):
            chosen.append(Injection(muscle, other, rng.randint(1, 3)))
    return tuple(chosen)


def _documentation(
    rng: random.Random, course: _Course, repeat: bool, gap: int | None
) -> Documentation | None:
    """A filled checklist mostly; some with an item left out, a few not filled in at all."""
    roll = rng.random()
    if roll < 0.03:
        return None
    lower = course.complaint.muscles[0] in ("gluteus_medius", "quadratus_lumborum")
    before = rng.randint(5, 9)
    doc = Documentation(
        needle_gauge=rng.choice(("25G", "27G")),
        needle_length_in=Decimal("2") if lower else rng.choice((Decimal("1.25"), Decimal("1.5"))),
        technique=rng.choice(("fanning, aspirated before each injection", "dry-to-wet, peppering")),
        pain_before=before,
        pain_after=rng.randint(0, min(4, before - 2)),
        relief_percent=rng.choice((50, 60, 70, 80, 90)),
        medical_history=f"chronic myofascial pain, {course.complaint.name}",
        physical_exam="palpable taut bands with reproduction of the referred pain pattern",
        diagnostic_tests=rng.choice(("none", "X-ray unremarkable", "MRI without red flags")),
        trigger_point_signs=tuple(rng.sample(_SIGNS, rng.choice((2, 3)))),
        trigger_point_activity="active",
        reason=rng.choice(
            (
                "failed 6 weeks of physical therapy and NSAIDs",
                "persistent pain despite home exercise programme",
            )
        ),
        prior_relief_percent=rng.choice((50, 60, 70, 80)) if repeat else None,
        # Relief lasts until the patient comes back: a short gap documents short relief.
        prior_relief_weeks=(max(3, min(12, (gap or 56) // 7 - 1)) if repeat else None),
        functional_change=rng.choice(("sleeps through the night", "back at work full time"))
        if repeat
        else None,
        conservative_care=True if repeat else None,
    )
    if not repeat and rng.random() < 0.3:
        doc = replace(doc, referring_provider_name=REFERRER[0], referring_provider_npi=REFERRER[1])
    if roll < 0.13:  # one item left out: finalize is blocked until it is filled in
        left_out = ["medical_history", "physical_exam", "pain_after", "reason"]
        if repeat:
            left_out += ["functional_change", "prior_relief_weeks"]
        # Every field named here takes None; mypy cannot see that through **.
        doc = replace(doc, **{rng.choice(left_out): None})  # type: ignore[arg-type]
    return doc


def _encounter(
    rng: random.Random, course: _Course, index: int, payer: str, gap: int | None
) -> Encounter:
    injections = _injections(rng, course)
    diagnoses = course.complaint.diagnoses
    if payer == "medicare" and rng.random() < 0.04:
        diagnoses = diagnoses[1:] or diagnoses  # the myalgia code forgotten: not covered
    elif payer == "commercial" and rng.random() < 0.2:
        diagnoses += ("G89.29",)
    em = None
    if index == 0 and rng.random() < 0.7:
        em = EvaluationAndManagement(rng.choice(("99203", "99204")), rng.random() < 0.92)
    elif index > 0 and rng.random() < 0.2:
        em = EvaluationAndManagement(rng.choice(("99213", "99214")), rng.random() < 0.85)
    drugs: tuple[Drug, ...] = (anesthetic(rng, len(injections)),)
    others: tuple[OtherProcedure, ...] = ()
    if rng.random() < (0.1 if payer == "commercial" else 0.06):
        # A knee injection the same day, at a distinct site: XS (Medicare) or 59 on the TPI.
        others = (OtherProcedure("20610", distinct_site=rng.random() < 0.9),)
        diagnoses += (rng.choice(("M17.11", "M17.12")),)
        drugs += (KNEE_STEROID,)
    elif rng.random() < 0.25:
        drugs += (steroid(rng, with_ndc=rng.random() > 0.15),)
    return Encounter(
        date_of_service=course.days[index],
        payer=payer,
        place_of_service="11",
        injections=injections,
        em=em,
        other_procedures=others,
        imaging=Imaging.ULTRASOUND if rng.random() < 0.04 else None,
        drugs=drugs,
        diagnoses=diagnoses,
        documentation=_documentation(rng, course, index > 0, gap),
    )


def fill_demo(
    workspace: Workspace, visits: int = 120, *, today: dt.date | None = None, seed: int = 7
) -> list[int]:
    """Add demo patients, providers, practice and ``visits`` visits over the two years up to
    ``today``; returns the ids of the ``visits`` visits made (a couple of amendments included)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    if not workspace.practice().name:
        workspace.save_practice(PRACTICE)
    amendments = visits // 40 if visits >= 40 else int(visits >= 10)
    courses = _courses(workspace, rng, visits - amendments, today)
    sessions = sorted((day, n, i) for n, c in enumerate(courses) for i, day in enumerate(c.days))
    ids: list[int] = []
    finals: list[int] = []
    for day, n, index in sessions:
        course = courses[n]
        gap = (day - course.days[index - 1]).days if index else None
        payer = course.patient.default_payer or "commercial"
        encounter = _encounter(rng, course, index, payer, gap)
        saved = workspace.save_visit(Visit(course.patient, course.provider, encounter))
        visit_id = saved.id or 0
        ids.append(visit_id)
        if day > today - dt.timedelta(days=14) or rng.random() < 0.08:
            continue  # recent, or not yet reviewed: stays a draft
        outcome = workspace.finalize(visit_id)
        over_limit = any("[frequency_limit]" in b for b in outcome.blockers)
        if not outcome.ok and over_limit and rng.random() < 0.6:
            outcome = workspace.finalize(visit_id, override_reason=ABN_OVERRIDE)
        if outcome.ok:
            finals.append(visit_id)
    # A couple of final visits corrected afterwards (amendments count towards the total).
    for visit_id in sorted(rng.sample(finals, min(amendments, len(finals)))):
        ids.append(_amend(workspace, rng, visit_id))
    return ids


def _amend(workspace: Workspace, rng: random.Random, visit_id: int) -> int:
    """Correct a final visit: a late secondary diagnosis or a referral found on the chart."""
    draft = workspace.amend(visit_id)
    enc = draft.encounter
    if enc.documentation is not None and enc.documentation.referring_provider_npi is None:
        enc = replace(
            enc,
            documentation=replace(
                enc.documentation,
                referring_provider_name=REFERRER[0],
                referring_provider_npi=REFERRER[1],
            ),
        )
    elif "G89.29" not in enc.diagnoses:
        enc = replace(enc, diagnoses=(*enc.diagnoses, "G89.29"))
    saved = workspace.save_visit(replace(draft, encounter=enc))
    if rng.random() < 0.5:
        workspace.finalize(saved.id or 0)
    return saved.id or 0
