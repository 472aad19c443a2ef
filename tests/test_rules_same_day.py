"""Rules B1-B5 and C1: E/M and 25, NCCI pairs with 59/XS, dry needling, other blocks, imaging."""

from __future__ import annotations

import pytest

from tests.test_engine_helpers import enc, line_set, lines_of, run
from tpi_desktop.domain import EvaluationAndManagement, Imaging, OtherProcedure

EM_SEPARATE = EvaluationAndManagement("99214", True)
EM_ROUTINE = EvaluationAndManagement("99213", False)


def test_em_significant_and_separate_gets_25_on_the_em_only() -> None:
    result = run(enc("upper_trapezius", em=EM_SEPARATE))
    assert line_set(result) == {("99214", ("25",), 1), ("20552", (), 1)}
    assert result.lines[0].code == "99214"  # claim order: E/M first
    assert "25" in result.lines[0].rationale


def test_em_not_separate_is_dropped() -> None:
    result = run(enc("upper_trapezius", em=EM_ROUTINE))
    assert line_set(result) == {("20552", (), 1)}
    (finding,) = [f for f in result.findings if f.id == "em_not_separately_billable"]
    assert finding.rule == "B1" and finding.field == "em.significant_separate"


@pytest.mark.parametrize("em", [EM_SEPARATE, EM_ROUTINE])
def test_em_without_tpi_stands_alone_without_25(em: EvaluationAndManagement) -> None:
    result = run(enc(em=em))
    assert line_set(result) == {(em.code, (), 1)}
    assert "em_not_separately_billable" not in result.finding_ids()


@pytest.mark.parametrize(
    ("column1", "payer", "modifier"),
    [
        ("20610", "medicare", "XS"),
        ("20610", "commercial", "59"),
        ("20600", "medicare", "XS"),
        ("20611", "commercial", "59"),
        ("20550", "medicare", "XS"),
        ("20551", "commercial", "59"),
        ("64405", "medicare", "XS"),
        ("64450", "commercial", "59"),
        ("64530", "medicare", "XS"),
    ],
)
def test_column1_with_distinct_site_puts_modifier_on_tpi(
    column1: str, payer: str, modifier: str
) -> None:
    result = run(
        enc("upper_trapezius", payer=payer, other_procedures=(OtherProcedure(column1, True),))
    )
    assert line_set(result) == {(column1, (), 1), ("20552", (modifier,), 1)}
    assert "ncci_conflict" not in result.finding_ids()
    codes = [line.code for line in result.lines]
    assert codes.index(column1) < codes.index("20552")  # column 1 first
    assert f"{modifier} on 20552" in " ".join(result.rationale)


@pytest.mark.parametrize("column1", ["20610", "20550", "64405"])
def test_column1_without_distinct_site_keeps_tpi_unmodified_and_warns(column1: str) -> None:
    result = run(enc("upper_trapezius", other_procedures=(OtherProcedure(column1, False),)))
    assert line_set(result) == {(column1, (), 1), ("20552", (), 1)}
    (finding,) = [f for f in result.findings if f.id == "ncci_conflict"]
    assert finding.rule == "B2" and finding.severity == "warning"


def test_code_outside_nerve_block_range_is_no_pair() -> None:
    result = run(
        enc("upper_trapezius", payer="commercial", other_procedures=(OtherProcedure("64531"),))
    )
    assert line_set(result) == {("64531", (), 1), ("20552", (), 1)}


@pytest.mark.parametrize(("payer", "modifier"), [("medicare", "XS"), ("commercial", "59")])
def test_96372_takes_the_modifier_itself(payer: str, modifier: str) -> None:
    result = run(
        enc("upper_trapezius", payer=payer, other_procedures=(OtherProcedure("96372", True),))
    )
    assert line_set(result) == {("20552", (), 1), ("96372", (modifier,), 1)}
    result = run(
        enc("upper_trapezius", payer=payer, other_procedures=(OtherProcedure("96372", False),))
    )
    assert line_set(result) == {("20552", (), 1), ("96372", (), 1)}
    assert "ncci_conflict" in result.finding_ids()


def test_modifier_indicator_0_drops_column2() -> None:
    result = run(enc("upper_trapezius", other_procedures=(OtherProcedure("J2001", True),)))
    assert line_set(result) == {("20552", (), 1)}
    assert "ncci_conflict" in result.finding_ids()


def test_two_column1_codes_put_one_modifier_on_tpi() -> None:
    others = (OtherProcedure("20610", True), OtherProcedure("64405", True))
    result = run(enc("upper_trapezius", other_procedures=others))
    assert lines_of(result, "20552")[0].modifiers == ("XS",)


def test_other_nerve_block_same_session_medicare_only() -> None:
    others = (OtherProcedure("64405", True),)
    result = run(enc("upper_trapezius", other_procedures=others))
    (finding,) = [f for f in result.findings if f.id == "other_block_same_session"]
    assert finding.rule == "B5" and "GA" in finding.message and "GZ" in finding.message
    assert (
        "other_block_same_session"
        not in run(
            enc("upper_trapezius", payer="commercial", other_procedures=others)
        ).finding_ids()
    )


@pytest.mark.parametrize("code", ["20560", "20561"])
def test_dry_needling_same_muscle_is_dropped(code: str) -> None:
    result = run(
        enc("upper_trapezius", payer="commercial", other_procedures=(OtherProcedure(code, False),))
    )
    assert line_set(result) == {("20552", (), 1)}
    assert result.finding_ids() == ("dry_needling_same_muscle",)


@pytest.mark.parametrize(("payer", "modifier"), [("medicare", "XS"), ("commercial", "59")])
def test_dry_needling_other_muscles_takes_distinct_modifier(payer: str, modifier: str) -> None:
    result = run(
        enc("upper_trapezius", payer=payer, other_procedures=(OtherProcedure("20561", True),))
    )
    assert line_set(result) == {("20552", (), 1), ("20561", (modifier,), 1)}
    assert ("dry_needling_not_covered" in result.finding_ids()) is (payer == "medicare")


def test_dry_needling_without_tpi_has_no_modifier() -> None:
    result = run(enc(payer="commercial", other_procedures=(OtherProcedure("20560"),)))
    assert line_set(result) == {("20560", (), 1)}


@pytest.mark.parametrize(
    ("imaging", "code"),
    [(Imaging.ULTRASOUND, "76942"), (Imaging.FLUOROSCOPY, "77002"), (Imaging.MRI, "77021")],
)
@pytest.mark.parametrize("payer", ["medicare", "commercial"])
def test_imaging_guidance_line(imaging: Imaging, code: str, payer: str) -> None:
    result = run(enc("upper_trapezius", "soleus", payer=payer, imaging=imaging))
    assert line_set(result) == {("20552", (), 1), (code, (), 1)}
    assert [line.code for line in result.lines] == ["20552", code]  # guidance after procedures
    assert lines_of(result, code)[0].rule == "C1"
    assert ("imaging_not_covered" in result.finding_ids()) is (payer == "medicare")


# B1 and CPT modifier 25: the E/M takes 25 beside ANY procedure or other service of the day (a
# 0/10-day global procedure, 96372, dry needling), not only beside a trigger point injection
# (NCCI Policy Manual ch. I, E&M with minor procedures; CMS CR 3631 for drug administration).
@pytest.mark.parametrize("code", ["20610", "20550", "64405", "20560", "96372"])
def test_em_beside_another_procedure_without_tpi_takes_25(code: str) -> None:
    result = run(enc(em=EM_SEPARATE, other_procedures=(OtherProcedure(code),)))
    assert line_set(result) == {("99214", ("25",), 1), (code, (), 1)}
    assert "em_not_separately_billable" not in result.finding_ids()


def test_em_not_separate_beside_another_procedure_is_dropped() -> None:
    result = run(enc(em=EM_ROUTINE, other_procedures=(OtherProcedure("20610"),)))
    assert line_set(result) == {("20610", (), 1)}
    (finding,) = [f for f in result.findings if f.id == "em_not_separately_billable"]
    assert "20610" in finding.message and finding.rule == "B1"


def test_em_beside_a_drug_code_only_stands_alone() -> None:
    # A HCPCS drug code entered as another procedure is no procedure to stand apart from.
    result = run(enc(em=EM_SEPARATE, other_procedures=(OtherProcedure("J1885"),)))
    assert ("99214", (), 1) in line_set(result)


def test_conflict_message_when_the_tpi_already_carries_the_modifier() -> None:
    # 64405 first: the message must not say the line will deny unmodified when it carries XS.
    others = (OtherProcedure("64405", False), OtherProcedure("20610", True))
    result = run(enc("upper_trapezius", other_procedures=others))
    assert lines_of(result, "20552")[0].modifiers == ("XS",)
    (conflict,) = [f for f in result.findings if f.id == "ncci_conflict"]
    assert "carries XS" in conflict.message and "64405" in conflict.message
