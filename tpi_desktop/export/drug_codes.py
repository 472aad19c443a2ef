"""Which claim lines the engine billed for each drug given, and which container each came in.

A ``CodeLine`` does not name the drug it bills, so the drug table of the summary reads it back
from what the engine wrote: every drug line's rationale starts with the drug's label (its name as
entered: "Methylprednisolone acetate: 120 mg ..."), carries the drug's NDC, and a local
anesthetic has a ``local_anesthetic_bundled`` finding pointing at its ``drugs[i]`` field instead
of a line. What the user typed in the drug's HCPCS box is only a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tpi_desktop.domain import CodeLine, CodingResult, Container, Drug, LineKind
from tpi_desktop.domain.ndc import NdcError, normalise_ndc

BUNDLED = "bundled"
NOT_BILLED = "not billed"
_JW_JZ = frozenset({"JW", "JZ"})


@dataclass(frozen=True, slots=True)
class DrugBilling:
    """How one drug was billed: its lines (in claim order) or why it has none."""

    lines: tuple[CodeLine, ...]
    bundled: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        """The HCPCS codes billed, each once, in claim order ("J1040", "J1030")."""
        return tuple(dict.fromkeys(line.code for line in self.lines))

    def codes_text(self) -> str:
        """The codes one per line, else "bundled" (local anesthetic) or "not billed"."""
        if self.codes:
            return "\n".join(self.codes)
        return BUNDLED if self.bundled else NOT_BILLED

    @property
    def single_dose_modifier(self) -> bool:
        """True when a line carries JW or JZ, which the engine puts on single-dose drugs only."""
        return any(_JW_JZ.intersection(line.modifiers) for line in self.lines)


def _label(drug: Drug) -> str:
    """The engine's label for a drug that has a name: the name as entered."""
    return (drug.agent or "").strip().casefold()


def _ndc(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    try:
        return normalise_ndc(text)
    except NdcError:
        return None


def _names(line: CodeLine, label: str) -> bool:
    """True when the line's rationale opens with ``label`` as the engine writes it."""
    if not label:
        return False
    why = line.rationale.casefold()
    return why.startswith(f"{label}:") or why.startswith(f"{label} has no code")


def _score(drug: Drug, ndc: str | None, line: CodeLine) -> int:
    """How surely ``line`` bills ``drug``: rationale naming it 2, same NDC 2, typed code 1."""
    score = 2 if _names(line, _label(drug)) else 0
    if ndc is not None and line.ndc == ndc:
        score += 2
    if drug.hcpcs and drug.hcpcs.strip().upper() == line.code:
        score += 1
    return score


def drug_billing(drugs: Sequence[Drug], coding: CodingResult) -> tuple[DrugBilling, ...]:
    """One ``DrugBilling`` per drug, matching each drug line of ``coding`` to one drug.

    A line goes to the drug it matches best. Two drugs entered alike (same name and NDC) share
    their lines in order: the engine writes one drug's lines before the next one's, so a line
    whose code and modifiers the first drug already has starts the second drug's run.
    """
    ndcs = [_ndc(drug.ndc) for drug in drugs]
    taken: list[list[CodeLine]] = [[] for _ in drugs]
    for line in coding.lines:
        if line.kind is not LineKind.DRUG:
            continue
        scores = [_score(drug, ndc, line) for drug, ndc in zip(drugs, ndcs, strict=True)]
        best = max(scores, default=0)
        if best == 0:
            continue
        tied = [i for i, score in enumerate(scores) if score == best]
        key = (line.code, line.modifiers)
        free = [i for i in tied if all((t.code, t.modifiers) != key for t in taken[i])]
        taken[(free or tied)[0]].append(line)
    bundled = {f.field for f in coding.findings if f.id == "local_anesthetic_bundled" and f.field}
    return tuple(
        DrugBilling(tuple(lines), bundled=f"drugs[{i}]" in bundled) for i, lines in enumerate(taken)
    )


def container_text(
    drug: Drug, billing: DrugBilling | None = None, usual: Container | None = None
) -> str:
    """The container as entered ("single-dose"), else the drug table's usual one marked as such
    ("usual (multi-dose)"), else what the engine's JW/JZ shows, else plain "usual"."""
    if drug.container is not None:
        return _words(drug.container)
    if usual is not None:
        return f"usual ({_words(usual)})"
    if billing is not None and billing.single_dose_modifier:
        return f"usual ({_words(Container.SINGLE_DOSE)})"
    return "usual"


def _words(container: Container | str) -> str:
    return str(getattr(container, "value", container)).replace("_", "-")
