"""Rules added after the audit: guidance needs a procedure, guidance already in 20604/20606/20611,
20560 with 20561, E/M codes entered as procedures, and Medicare's 99211 with a drug
administration code."""

from __future__ import annotations

import pytest

from tests.test_engine_helpers import enc, line_set, run
from tpi_desktop.domain import EvaluationAndManagement, Imaging, OtherProcedure, Severity

# -- C1: guidance with no procedure ---------------------------------------------------------


@pytest.mark.parametrize(
    ("imaging", "code"),
    [(Imaging.ULTRASOUND, "76942"), (Imaging.FLUOROSCOPY, "77002"), (Imaging.MRI, "77021")],
)
@pytest.mark.parametrize("payer", ["medicare", "commercial"])
def test_guidance_alone_is_not_billed(imaging: Imaging, code: str, payer: str) -> None:
    result = run(enc(payer=payer, imaging=imaging))
    assert result.lines == ()
    (finding,) = [f for f in result.findings if f.id == "guidance_without_procedure"]
    assert finding.severity == Severity.INFO and finding.rule == "C1"
    assert code in finding.message and finding.field == "imaging"
    assert "imaging_not_covered" not in result.finding_ids()
    assert "no_injections" in result.finding_ids()  # the warning the user sees


def test_guidance_with_only_an_em_visit_is_not_billed() -> None:
    result = run(enc(em=EvaluationAndManagement("99213", True), imaging=Imaging.ULTRASOUND))
    assert line_set(result) == {("99213", (), 1)}
    assert "guidance_without_procedure" in result.finding_ids()


@pytest.mark.parametrize("other", ["20610", "20550", "64450", "20560"])
def test_guidance_beside_another_procedure_without_tpi_is_billed(other: str) -> None:
    result = run(
        enc(
            payer="commercial",
            other_procedures=(OtherProcedure(other),),
            imaging=Imaging.ULTRASOUND,
        )
    )
    assert ("76942", (), 1) in line_set(result)
    assert "guidance_without_procedure" not in result.finding_ids()


def test_guidance_beside_the_tpi_is_unchanged() -> None:
    result = run(enc("upper_trapezius", imaging=Imaging.ULTRASOUND))
    assert line_set(result) == {("20552", (), 1), ("76942", (), 1)}
    assert "imaging_not_covered" in result.finding_ids()


@pytest.mark.parametrize("code", ["76942", "77002"])
def test_guidance_code_typed_as_a_procedure_alone_is_not_billed(code: str) -> None:
    result = run(enc(payer="commercial", other_procedures=(OtherProcedure(code),)))
    assert result.lines == ()
    (finding,) = [f for f in result.findings if f.id == "guidance_without_procedure"]
    assert finding.field == "other_procedures[0].code" and finding.severity == Severity.INFO


def test_guidance_code_typed_as_a_procedure_and_in_the_imaging_field_is_billed_once() -> None:
    result = run(
        enc(
            "upper_trapezius",
            payer="commercial",
            other_procedures=(OtherProcedure("76942"), OtherProcedure("76942")),
            imaging=Imaging.ULTRASOUND,
        )
    )
    assert line_set(result) == {("20552", (), 1), ("76942", (), 1)}
    assert result.finding_ids().count("duplicate_guidance_code") == 2


def test_guidance_code_typed_as_a_procedure_beside_a_tpi_is_billed() -> None:
    result = run(
        enc("upper_trapezius", payer="commercial", other_procedures=(OtherProcedure("77002"),))
    )
    assert line_set(result) == {("20552", (), 1), ("77002", (), 1)}


def test_76942_typed_as_a_procedure_beside_20611_is_dropped() -> None:
    result = run(
        enc(payer="commercial", other_procedures=(OtherProcedure("20611"), OtherProcedure("76942")))
    )
    assert line_set(result) == {("20611", (), 1)}
    assert "ncci_conflict" in result.finding_ids()


# -- C1/B2: 76942 beside the ultrasound-guided joint codes ------------------------------------


@pytest.mark.parametrize("joint", ["20604", "20606", "20611"])
@pytest.mark.parametrize("distinct", [True, False])
def test_76942_is_dropped_beside_codes_that_include_ultrasound(joint: str, distinct: bool) -> None:
    result = run(
        enc(
            "upper_trapezius",
            payer="commercial",
            other_procedures=(OtherProcedure(joint, distinct),),
            imaging=Imaging.ULTRASOUND,
        )
    )
    codes = [line.code for line in result.lines]
    assert "76942" not in codes and joint in codes and "20552" in codes
    conflicts = [f for f in result.findings if f.id == "ncci_conflict" and "76942" in f.message]
    assert len(conflicts) == 1 and joint in conflicts[0].message
    assert conflicts[0].field == "imaging" and conflicts[0].severity == Severity.WARNING
    assert "76942" not in " ".join(result.rationale)


def test_76942_beside_20611_without_tpi_and_no_coverage_warning() -> None:
    result = run(enc(other_procedures=(OtherProcedure("20611"),), imaging=Imaging.ULTRASOUND))
    assert line_set(result) == {("20611", (), 1)}
    assert "imaging_not_covered" not in result.finding_ids()


@pytest.mark.parametrize("joint", ["20600", "20605", "20610"])
def test_76942_stays_beside_the_unguided_joint_codes(joint: str) -> None:
    result = run(
        enc(payer="commercial", other_procedures=(OtherProcedure(joint),), imaging="ultrasound")
    )
    assert line_set(result) == {(joint, (), 1), ("76942", (), 1)}


def test_fluoroscopy_beside_20611_stays() -> None:
    result = run(
        enc(payer="commercial", other_procedures=(OtherProcedure("20611"),), imaging="fluoroscopy")
    )
    assert ("77002", (), 1) in line_set(result)


# -- B4: 20560 with 20561 --------------------------------------------------------------------


@pytest.mark.parametrize("order", [("20560", "20561"), ("20561", "20560")])
def test_both_dry_needling_codes_keep_20561(order: tuple[str, str]) -> None:
    result = run(enc(payer="commercial", other_procedures=tuple(OtherProcedure(c) for c in order)))
    assert line_set(result) == {("20561", (), 1)}
    (finding,) = [f for f in result.findings if f.id == "ncci_conflict"]
    assert "20560 was left off" in finding.message and finding.rule == "B4"
    assert finding.field == f"other_procedures[{order.index('20560')}].code"


def test_both_dry_needling_codes_for_other_muscles_than_the_tpi() -> None:
    result = run(
        enc(
            "upper_trapezius",
            payer="medicare",
            other_procedures=(OtherProcedure("20560", True), OtherProcedure("20561", True)),
        )
    )
    assert line_set(result) == {("20552", (), 1), ("20561", ("XS",), 1)}
    assert result.finding_ids().count("dry_needling_not_covered") == 1
    assert "ncci_conflict" in result.finding_ids()


def test_both_dry_needling_codes_for_the_tpi_muscles_are_both_left_off() -> None:
    result = run(
        enc(
            "upper_trapezius",
            payer="commercial",
            other_procedures=(OtherProcedure("20560"), OtherProcedure("20561")),
        )
    )
    assert line_set(result) == {("20552", (), 1)}
    assert result.finding_ids().count("dry_needling_same_muscle") == 2
    assert "ncci_conflict" not in result.finding_ids()


def test_one_dry_needling_code_is_unchanged() -> None:
    result = run(enc(payer="commercial", other_procedures=(OtherProcedure("20560"),)))
    assert line_set(result) == {("20560", (), 1)}
    assert "ncci_conflict" not in result.finding_ids()


# -- B1: an E/M code entered as another procedure --------------------------------------------


@pytest.mark.parametrize(("distinct", "modifiers"), [(True, ("25",)), (False, None)])
def test_em_under_other_procedures_gets_the_em_rule(
    distinct: bool, modifiers: tuple[str, ...] | None
) -> None:
    result = run(enc("upper_trapezius", other_procedures=(OtherProcedure("99213", distinct),)))
    expected = {("20552", (), 1)} | ({("99213", modifiers, 1)} if modifiers else set())
    assert line_set(result) == expected
    (note,) = [f for f in result.findings if f.id == "em_entered_as_procedure"]
    assert note.severity == Severity.INFO and note.field == "other_procedures[0].code"
    if modifiers:
        assert result.lines[0].code == "99213"  # claim order: E/M first, not among procedures
    else:
        (left,) = [f for f in result.findings if f.id == "em_not_separately_billable"]
        assert left.field == "other_procedures[0].distinct_site"


def test_em_under_other_procedures_alone_stands_without_25() -> None:
    result = run(enc(other_procedures=(OtherProcedure("99204"),)))
    assert line_set(result) == {("99204", (), 1)}
    assert result.lines[0].kind == "em"


def test_em_under_other_procedures_beside_the_em_field_is_left_off() -> None:
    result = run(
        enc(
            "upper_trapezius",
            em=EvaluationAndManagement("99214", True),
            other_procedures=(OtherProcedure("99213", True),),
        )
    )
    assert line_set(result) == {("99214", ("25",), 1), ("20552", (), 1)}
    (note,) = [f for f in result.findings if f.id == "em_entered_as_procedure"]
    assert "99214 is already the visit" in note.message


def test_two_em_codes_under_other_procedures_keep_the_first() -> None:
    result = run(enc(other_procedures=(OtherProcedure("99213"), OtherProcedure("99212"))))
    assert line_set(result) == {("99213", (), 1)}
    assert result.finding_ids().count("em_entered_as_procedure") == 2


def test_a_non_office_code_in_the_e_m_range_is_still_a_procedure() -> None:
    result = run(enc(payer="commercial", other_procedures=(OtherProcedure("99291"),)))
    assert line_set(result) == {("99291", (), 1)}
    assert "em_entered_as_procedure" not in result.finding_ids()


# -- B1: Medicare 99211 with a drug administration code ---------------------------------------


def test_medicare_99211_with_96372_warns() -> None:
    result = run(
        enc(
            em=EvaluationAndManagement("99211", True),
            other_procedures=(OtherProcedure("96372"),),
        )
    )
    assert line_set(result) == {("99211", ("25",), 1), ("96372", (), 1)}
    (warning,) = [f for f in result.findings if f.id == "em_not_separately_billable"]
    assert warning.severity == Severity.WARNING and warning.rule == "B1"
    assert "99211" in warning.message and "96372" in warning.message


def test_medicare_99211_with_96372_and_a_tpi_warns_once() -> None:
    result = run(
        enc(
            "upper_trapezius",
            em=EvaluationAndManagement("99211", True),
            other_procedures=(OtherProcedure("96372", True),),
        )
    )
    assert result.finding_ids().count("em_not_separately_billable") == 1


@pytest.mark.parametrize(
    ("payer", "code", "other", "warned"),
    [
        ("commercial", "99211", "96372", False),  # a Medicare payment rule
        ("medicare", "99212", "96372", False),  # above the 99211 level Medicare pays with 25
        ("medicare", "99211", "20610", False),  # not a drug administration code
        ("medicare", "99211", "96374", True),  # IV push: drug administration too
    ],
)
def test_99211_rule_scope(payer: str, code: str, other: str, warned: bool) -> None:
    result = run(
        enc(
            payer=payer,
            em=EvaluationAndManagement(code, True),
            other_procedures=(OtherProcedure(other),),
        )
    )
    assert ("em_not_separately_billable" in result.finding_ids()) is warned


def test_medicare_99211_not_separate_is_left_off_by_b1_only() -> None:
    result = run(
        enc(em=EvaluationAndManagement("99211", False), other_procedures=(OtherProcedure("96372"),))
    )
    assert line_set(result) == {("96372", (), 1)}
    assert result.finding_ids().count("em_not_separately_billable") == 1


def test_a_lone_guidance_code_does_not_earn_the_visit_a_25() -> None:
    result = run(
        enc(em=EvaluationAndManagement("99213", True), other_procedures=(OtherProcedure("76942"),))
    )
    assert line_set(result) == {("99213", (), 1)}
    assert "guidance_without_procedure" in result.finding_ids()
