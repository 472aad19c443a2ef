"""Rules A1-A8: counting distinct muscles and the trigger point code."""

from __future__ import annotations

import pytest

from tests.test_engine_helpers import enc, line_set, lines_of, run
from tpi_desktop.domain import OtherProcedure


@pytest.mark.parametrize(
    ("muscles", "count", "code"),
    [
        (["upper_trapezius"], 1, "20552"),
        ([("upper_trapezius", "left"), ("upper_trapezius", "right")], 2, "20552"),  # A3
        (["upper_trapezius", "middle_trapezius", "lower_trapezius", "trapezius"], 1, "20552"),  # A4
        (["anterior_deltoid", "middle_deltoid", "posterior_deltoid"], 1, "20552"),
        (["gastrocnemius_medial_head", "gastrocnemius_lateral_head", "gastrocnemius"], 1, "20552"),
        (["frontalis", "occipitalis"], 1, "20552"),  # occipitofrontalis
        (["biceps_femoris_long_head", "biceps_femoris_short_head"], 1, "20552"),
        (["upper_trapezius", "posterior_deltoid", "supraspinatus"], 3, "20553"),
        (["longissimus_thoracis", "iliocostalis_lumborum", "multifidus"], 3, "20553"),  # A5 named
        ([("gastrocnemius", "left", 4), ("soleus", "left", 2)], 2, "20552"),  # A2
        (
            [("upper_trapezius", "right", 2), ("upper_trapezius", "right", 3)],
            1,
            "20552",
        ),  # duplicates
        (
            [
                (m, s)
                for m in ("temporalis", "masseter", "soleus", "piriformis")
                for s in ("left", "right")
            ],
            8,
            "20553",
        ),
    ],
)
def test_count_and_code(muscles: list, count: int, code: str) -> None:
    result = run(enc(*muscles))
    assert result.muscle_count == count
    assert result.procedure_code == code
    assert lines_of(result, code)[0].units == 1
    assert not {"50", "RT", "LT"} & set(lines_of(result, code)[0].modifiers)  # A7


def test_muscle_counts_merge_duplicates_and_list_picked_ids() -> None:
    result = run(
        enc(
            ("upper_trapezius", "right", 2),
            ("middle_trapezius", "right", 1),
            ("upper_trapezius", "right", 3),
        )
    )
    (muscle,) = result.muscles
    assert (muscle.muscle, muscle.side, muscle.injections) == ("trapezius", "right", 6)
    assert muscle.picked == ("upper_trapezius", "middle_trapezius")
    assert muscle.lcd_region == "scapular"
    assert "A4" in " ".join(result.rationale)


def test_rationale_names_the_counted_muscles() -> None:
    result = run(enc("upper_trapezius", "posterior_deltoid", "supraspinatus"))
    assert result.rationale[0] == (
        "3 distinct muscles: right trapezius, right deltoid and right supraspinatus → 20553 ×1."
    )
    assert result.lines[0].rule == "A1"
    assert "no 50, RT or LT" in result.lines[0].rationale


@pytest.mark.parametrize(
    "group", ["lumbar_paraspinals", "cervical_paraspinals", "thoracic_paraspinals", "suboccipitals"]
)
def test_vague_term_counts_once_per_side_and_asks_for_names(group: str) -> None:
    result = run(enc((group, "left", 3), (group, "right", 3), (group, "right", 1)))
    assert result.muscle_count == 2
    vague = [f for f in result.findings if f.id == "vague_muscle"]
    assert len(vague) == 2 and all(f.rule == "A5" and f.severity == "warning" for f in vague)
    assert vague[0].field == "injections[0].muscle" and vague[1].field == "injections[1].muscle"
    assert "e.g." in vague[0].message
    assert all(m.vague for m in result.muscles)


def test_vague_and_named_muscles_count_separately() -> None:
    result = run(
        enc(("lumbar_paraspinals", "left"), ("multifidus", "left"), ("quadratus_lumborum", "left"))
    )
    assert (result.muscle_count, result.procedure_code) == (3, "20553")


def test_no_injections() -> None:
    result = run(enc())
    assert result.procedure_code is None and result.lines == () and result.muscle_count == 0
    (finding,) = [f for f in result.findings if f.id == "no_injections"]
    assert finding.rule == "A8"


@pytest.mark.parametrize(
    ("muscles", "entered", "kept", "finding"),
    [
        (["upper_trapezius"], "20553", "20552", "both_tpi_codes"),
        (["upper_trapezius", "soleus", "masseter"], "20552", "20553", "both_tpi_codes"),
        (["upper_trapezius"], "20552", "20552", "duplicate_tpi_code"),
    ],
)
def test_hand_entered_tpi_code(muscles: list, entered: str, kept: str, finding: str) -> None:
    result = run(enc(*muscles, other_procedures=(OtherProcedure(entered),)))
    assert line_set(result) == {(kept, (), 1)}
    assert finding in result.finding_ids()


def test_hand_entered_tpi_code_without_injections_is_left_off() -> None:
    result = run(enc(other_procedures=(OtherProcedure("20553"),)))
    assert result.lines == ()
    (finding,) = [f for f in result.findings if f.id == "no_injections"]
    assert "20553" in finding.message


def test_anesthesia_code_is_not_reported_with_tpi() -> None:
    result = run(enc("upper_trapezius", other_procedures=(OtherProcedure("01610"),)))
    assert line_set(result) == {("20552", (), 1)}
    assert [f.rule for f in result.findings if f.id == "ncci_conflict"] == ["A7"]


def test_unknown_muscle_id_is_counted_and_flagged() -> None:
    result = run(enc("no_such_muscle", "upper_trapezius"))
    assert result.muscle_count == 2
    assert "unknown_muscle" in result.finding_ids()
