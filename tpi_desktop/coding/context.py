"""What a rule sees and what it may yield.

A rule is ``(ctx: Context) -> Iterator[Item]``. It reads the encounter, the tables, the analysis
done once before the rules run (counted muscles, parsed diagnoses, drugs resolved against the
table) and the lines earlier rules produced. It yields new lines (``Draft``), changes to earlier
lines (``Edit``), findings, and rationale sentences (``Why``); the engine applies them in order
and stamps each finding and line with the rule's id. Rules never change ``ctx`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from enum import StrEnum

from tpi_desktop.coding.dosing import ResolvedDrug
from tpi_desktop.coding.tables import CodeTables, PayerProfile
from tpi_desktop.coding.tally import Counted
from tpi_desktop.domain import CodeLine, Encounter, Finding, Severity

TPI_CODES = ("20552", "20553")
DRY_NEEDLING_CODES = ("20560", "20561")
GA_GZ = "get a signed ABN and bill with GA, or bill with GZ when there is no ABN"


class Role(StrEnum):
    """Why a line is on the claim: decides its diagnosis pointers and NCCI handling."""

    EM = "em"
    TPI = "tpi"
    ENTERED = "entered"
    DRY_NEEDLING = "dry_needling"
    GUIDANCE = "guidance"
    DRUG = "drug"


@dataclass(slots=True, eq=False)
class Draft:
    """A claim line under construction, with what the rules need to know about it."""

    line: CodeLine
    role: Role
    distinct_site: bool = False
    field: str | None = None
    dropped: bool = False
    # What later rules add; the engine builds the final CodeLine once (cheaper than replace()).
    added: list[str] = _field(default_factory=list)
    reasons: list[str] = _field(default_factory=list)
    pointers: tuple[str, ...] = ()
    rule: str = ""

    @property
    def modifiers(self) -> tuple[str, ...]:
        """The line's modifiers so far."""
        return (*self.line.modifiers, *self.added)

    def build(self, charge_cents: int | None) -> CodeLine:
        """The finished claim line."""
        line = self.line
        rationale = " ".join((line.rationale, *self.reasons)).strip()
        rationale = rationale[:1].upper() + rationale[1:]  # a drug name as entered: "ketorolac"
        return CodeLine(
            code=line.code,
            kind=line.kind,
            description=line.description,
            modifiers=self.modifiers,
            units=line.units,
            dx_pointers=self.pointers,
            ndc=line.ndc,
            ndc_quantity=line.ndc_quantity,
            ndc_unit=line.ndc_unit,
            box19=line.box19,
            charge_cents=charge_cents,
            rule=line.rule or self.rule,
            rationale=rationale,
        )


@dataclass(frozen=True, slots=True)
class Edit:
    """A change to an earlier line: add a modifier (``reason`` joins its rationale), set the
    pointers, or drop it."""

    target: Draft
    add_modifier: str | None = None
    dx_pointers: tuple[str, ...] | None = None
    drop: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Why:
    """One sentence of the result's rationale."""

    text: str


@dataclass(frozen=True, slots=True)
class Dx:
    """One entered diagnosis: its claim letter, the dotted code, and what the code set says."""

    index: int
    entered: str
    code: str
    letter: str
    valid: bool
    billable: bool


Item = Draft | Edit | Finding | Why


@dataclass(slots=True)
class Context:
    """The encounter, its payer and tables, the up-front analysis, and the lines so far."""

    encounter: Encounter
    tables: CodeTables
    payer: PayerProfile
    counted: Counted
    procedure_code: str | None
    diagnoses: tuple[Dx, ...]
    drugs: tuple[ResolvedDrug, ...]
    lines: list[Draft] = _field(default_factory=list)

    def live(self) -> Iterator[Draft]:
        """Lines not dropped, in the order they were added."""
        return (d for d in self.lines if not d.dropped)

    def live_codes(self) -> set[str]:
        """Codes of the lines not dropped."""
        return {d.line.code for d in self.lines if not d.dropped}

    def tpi_line(self) -> Draft | None:
        """The trigger point line, when the count gave one."""
        return next((d for d in self.live() if d.role is Role.TPI), None)

    def payer_label(self) -> str:
        """ "Medicare" or the profile's name, for messages."""
        return "Medicare" if self.payer.id == "medicare" else self.payer.name


def finding(id: str, severity: Severity, message: str, field: str | None = None) -> Finding:
    """A finding without its rule id (the engine stamps it); the message starts with a capital,
    even when it opens with a drug name as entered ("botox is ...")."""
    return Finding(
        id=id, severity=severity, message=message[:1].upper() + message[1:], rule="", field=field
    )


def ordinal(number: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def join_words(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 muscle", "3 muscles"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def window_label(days: int) -> str:
    """365 -> "12 months", anything else in days."""
    return "12 months" if days == 365 else f"{days} days"
