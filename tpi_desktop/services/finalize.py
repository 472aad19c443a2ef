"""What stops a visit from being finalized, in sentences a biller reads, and the outcome type."""

from __future__ import annotations

from dataclasses import dataclass

from tpi_desktop.domain import CodingResult, Severity, Visit


@dataclass(frozen=True, slots=True)
class FinalizeOutcome:
    """The answer to "finalize this visit".

    ``ok`` is true when the visit is now final; ``blockers`` lists what stood in the way (still
    listed when an override reason let the visit through; ``overridden`` is then true).
    """

    ok: bool
    blockers: tuple[str, ...]
    visit: Visit
    overridden: bool = False


def finalize_blockers(visit: Visit, coding: CodingResult) -> tuple[str, ...]:
    """Error findings and an incomplete documentation checklist, one sentence each."""
    blockers: list[str] = []
    for finding in coding.findings:
        if finding.severity is Severity.ERROR:
            blockers.append(f"{_sentence(finding.message)} [{finding.id}]")
    if visit.encounter.documentation is None:
        blockers.append(
            "The documentation checklist has not been filled in. [documentation_missing]"
        )
    else:
        for finding in coding.findings:
            if finding.id == "documentation_missing" and finding.severity is not Severity.ERROR:
                blockers.append(
                    f"Documentation incomplete: {_sentence(finding.message)} [{finding.id}]"
                )
    return tuple(blockers)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
