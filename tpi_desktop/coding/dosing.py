"""Drug arithmetic for rules D1-D5: table entry, dose in billing units, units, waste, NDC data.

All amounts are ``Decimal`` so 0.1 mg steps never round the wrong way; units are whole numbers,
always rounded up (D1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from tpi_desktop.coding.tables import CodeTables, DrugCode, DrugInfo, DrugKind, drug_key
from tpi_desktop.domain import Container, DoseUnit, Drug
from tpi_desktop.domain.ndc import NdcError, format_ndc, normalise_ndc

UNCLASSIFIED_CODES = ("J3490", "J3590")
# NDC unit of measure qualifiers (837P loop 2410): ML millilitre, UN unit/each, ME milligram,
# F2 international unit, GR gram.
_NDC_UNIT_FOR_DOSE = {DoseUnit.ML: "ML", DoseUnit.MG: "ME", DoseUnit.UNITS: "F2"}
_STRENGTH_IN_TEXT = re.compile(
    r"\d+(?:\.\d+)?\s*(?:mg|units?)\s*/\s*(?:\d+(?:\.\d+)?)?\s*ml\b", re.IGNORECASE
)
_CONCENTRATION = re.compile(
    r"^\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>mg|units?|u|iu|%)\s*(?:/\s*(?P<per>\d+(?:\.\d+)?)?\s*ml)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ResolvedDrug:
    """One entered drug with its table entry (``None`` when unknown) and its normalised NDC."""

    index: int
    drug: Drug
    info: DrugInfo | None
    kind: DrugKind
    label: str
    container: Container | None
    ndc: str | None
    ndc_problem: str | None
    explicit_code: str | None

    @property
    def field(self) -> str:
        """The encounter field path of this drug."""
        return f"drugs[{self.index}]"


def resolve_drugs(drugs: tuple[Drug, ...], tables: CodeTables) -> tuple[ResolvedDrug, ...]:
    """Match each drug to the table by agent name, then by HCPCS code."""
    resolved = []
    for index, entered in enumerate(drugs):
        drug = _with_decimals(entered)
        hcpcs = drug.hcpcs.strip().upper() if drug.hcpcs else None
        info = tables.drug_for(drug.agent, hcpcs)
        kind = info.kind if info is not None else DrugKind.UNCLASSIFIED
        explicit = hcpcs if info is None and hcpcs and hcpcs not in UNCLASSIFIED_CODES else None
        if info is not None and info.kind is DrugKind.UNCLASSIFIED and hcpcs in UNCLASSIFIED_CODES:
            explicit = None
        label = (
            (drug.agent or "").strip() or (info.name if info else None) or hcpcs or "unnamed drug"
        )
        ndc: str | None = None
        problem: str | None = None
        if drug.ndc and drug.ndc.strip():
            try:
                ndc = normalise_ndc(drug.ndc)
            except NdcError as exc:
                problem = str(exc)
        container = (
            drug.container if drug.container is not None else (info.container if info else None)
        )
        resolved.append(
            ResolvedDrug(index, drug, info, kind, label, container, ndc, problem, explicit)
        )
    return tuple(resolved)


def _decimal(value: object) -> Decimal:
    """Whatever number the caller built the Drug with, as a non-negative Decimal."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return Decimal(0)
    return number if number.is_finite() and number > 0 else Decimal(0)


def _with_decimals(drug: Drug) -> Drug:
    """The drug with ``Decimal`` amounts: ints or floats from a caller cannot upset the sums."""
    if _is_clean(drug):
        return drug  # what the parser builds: no copy needed
    volume = _decimal(drug.volume_ml) if drug.volume_ml is not None else None
    container = Container(drug.container) if drug.container is not None else None
    return replace(
        drug,
        dose=_decimal(drug.dose),
        wasted=_decimal(drug.wasted),
        volume_ml=volume or None,
        dose_unit=DoseUnit(drug.dose_unit),  # plain strings from a caller become the enum
        container=container,
    )


def _is_clean(drug: Drug) -> bool:
    """Already Decimal amounts (dose and waste finite and >= 0, volume > 0) and enum units."""
    dose, wasted, volume = drug.dose, drug.wasted, drug.volume_ml
    return (
        type(dose) is Decimal
        and type(wasted) is Decimal
        and dose.is_finite()
        and wasted.is_finite()
        and dose >= 0
        and wasted >= 0
        and (volume is None or (type(volume) is Decimal and volume.is_finite() and volume > 0))
        and type(drug.dose_unit) is DoseUnit
        and (drug.container is None or type(drug.container) is Container)
    )


def parse_concentration(text: str | None) -> tuple[Decimal, DoseUnit] | None:
    """ "40 mg/mL" -> (40, mg); "100 units/mL" -> (100, units); "1%" -> (10, mg) per mL."""
    if not text:
        return None
    match = _CONCENTRATION.match(text)
    if match is None:
        return None
    amount = Decimal(match["amount"])
    unit = match["unit"].lower()
    if unit == "%":
        return amount * 10, DoseUnit.MG  # 1 % w/v = 10 mg per mL
    per = Decimal(match["per"]) if match["per"] else Decimal(1)
    if per == 0:
        return None
    return amount / per, DoseUnit.MG if unit == "mg" else DoseUnit.UNITS


def per_ml(rd: ResolvedDrug) -> Decimal | None:
    """How much of the table's dose unit one mL holds: the entered strength, else the table's."""
    info = rd.info
    if info is None:
        return None
    entered = parse_concentration(rd.drug.concentration)
    if entered is not None and entered[1] is info.dose_unit:
        return entered[0]
    named = _strength_in_name(rd.drug.agent, info)
    if named is not None:
        return named
    if info.ndc_unit == "ML":
        return info.per_ndc_unit
    return None


def _strength_in_name(agent: str | None, info: DrugInfo) -> Decimal | None:
    """The strength the entered name states: "triamcinolone 10 mg/mL", or a brand that carries it
    ("Kenalog-10" is 10 mg per mL). Without it a dose in mL would take the table's usual strength
    and bill Kenalog-10 as if it were Kenalog-40."""
    if not agent:
        return None
    stated = _STRENGTH_IN_TEXT.search(agent)
    if stated is not None:
        found = parse_concentration(stated.group(0))
        if found is not None and found[1] is info.dose_unit:
            return found[0]
    if info.brand_strengths:
        padded = f" {drug_key(agent)} "
        for brand, strength in info.brand_strengths:
            if f" {brand} " in padded:
                return strength
    return None


def in_billing_unit(amount: Decimal, rd: ResolvedDrug) -> Decimal | None:
    """An entered amount (in the drug's ``dose_unit``) in the table's unit; ``None`` if unknown."""
    info = rd.info
    if info is None:
        return amount
    given = rd.drug.dose_unit
    if given is info.dose_unit:
        return amount
    if given is DoseUnit.ML:
        strength = per_ml(rd)
        return amount * strength if strength is not None else None
    return None


def ceil_units(amount: Decimal, per_unit: Decimal) -> int:
    """``amount / per_unit`` rounded up (D1)."""
    return int((amount / per_unit).to_integral_value(rounding=ROUND_CEILING))


def split_units(dose: Decimal, codes: tuple[DrugCode, ...]) -> list[tuple[DrugCode, int, Decimal]]:
    """D1/D2: ``(code, units, amount covered)`` lines, at least one unit in all.

    One code: ceil(dose / amount). Several (methylprednisolone): the largest code that fits,
    repeated, then the remainder with the smallest code.
    """
    smallest = codes[0]
    if len(codes) == 1:
        return [(smallest, max(1, ceil_units(dose, smallest.amount)), dose)]
    lines: list[tuple[DrugCode, int, Decimal]] = []
    remaining = dose
    for code in sorted(codes, key=lambda c: c.amount, reverse=True):
        count = int(remaining // code.amount)
        if count:
            lines.append((code, count, code.amount * count))
            remaining -= code.amount * count
    if remaining > 0 or not lines:
        units = max(1, ceil_units(remaining, smallest.amount))
        merged = False
        for position, (code, count, covered) in enumerate(lines):
            if code is smallest:
                lines[position] = (code, count + units, covered + remaining)
                merged = True
        if not merged:
            lines.append((smallest, units, remaining))
    return lines


def discarded_units(given: Decimal, wasted: Decimal, per_unit: Decimal) -> int:
    """D4: ceil((given + wasted) / amount) - ceil(given / amount), never below 0."""
    if wasted <= 0:
        return 0
    return max(0, ceil_units(given + wasted, per_unit) - ceil_units(given, per_unit))


def format_quantity(value: Decimal) -> str:
    """An NDC quantity with at most 3 decimals and no trailing zeros: 1, 0.5, 1.25."""
    if value == value.to_integral_value():
        return str(int(value))  # the common case, without quantize/normalize
    rounded = value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    return format(rounded, "f")


def ndc_quantity(
    rd: ResolvedDrug, amount: Decimal, whole_dose: bool
) -> tuple[str | None, str | None]:
    """The NDC quantity and unit for ``amount`` (in the table's dose unit) of this drug (D5).

    A documented volume wins for the whole administered dose; otherwise the strength converts the
    amount into the NDC unit (mL, or vials for powders).
    """
    info = rd.info
    drug = rd.drug
    if whole_dose and drug.volume_ml is not None and drug.volume_ml > 0:
        return format_quantity(drug.volume_ml), "ML"
    if info is None or info.kind is DrugKind.UNCLASSIFIED:
        return format_quantity(amount), _NDC_UNIT_FOR_DOSE[drug.dose_unit]
    if info.ndc_unit == "ML":
        strength = per_ml(rd)
        if strength:
            return format_quantity(amount / strength), "ML"
    elif info.per_ndc_unit:
        return format_quantity(amount / info.per_ndc_unit), info.ndc_unit
    return format_quantity(amount), _NDC_UNIT_FOR_DOSE[info.dose_unit]


def entered_quantity(rd: ResolvedDrug) -> tuple[str, str]:
    """The NDC quantity and unit of the dose as entered (when it cannot be converted)."""
    return format_quantity(rd.drug.dose), _NDC_UNIT_FOR_DOSE[rd.drug.dose_unit]


def box19_text(rd: ResolvedDrug) -> str:
    """D6: the drug's name, dose and NDC for item 19 of the CMS-1500."""
    unit = {DoseUnit.MG: "mg", DoseUnit.UNITS: "units", DoseUnit.ML: "mL"}[rd.drug.dose_unit]
    dose = format_quantity(rd.drug.dose)
    ndc = f"NDC {format_ndc(rd.ndc)}" if rd.ndc else "NDC not given"
    return f"{rd.label} {dose} {unit}, {ndc}"
