"""The code tables the engine reads: payer profiles, drugs, NCCI pairs, code descriptions.

All of them are frozen values built once from the JSON files in ``resources/coding/`` (see
``tpi_desktop.coding.loading``) and passed to ``evaluate``; the engine never reads a file. Lookups
the engine makes for every encounter are precomputed here, so ``evaluate`` stays a few dict hits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from tpi_desktop.coding.icd import IcdCodeSet
from tpi_desktop.domain import Container, DoseUnit, MuscleCatalog
from tpi_desktop.domain.catalog import muscle_label

DISTINCT_MODIFIERS = ("XS", "59", "XE", "XP", "XU")


@dataclass(frozen=True, slots=True)
class PayerProfile:
    """One payer's policy switches and fees (coding-rules.md sections B-F and H).

    ``frequency_limit`` ``None`` means no frequency rule (and no eligibility block);
    ``covered_diagnoses`` ``None`` means no diagnosis coverage check. ``fees`` maps a code to its
    charge in cents (drug codes per billing unit).
    """

    id: str
    name: str
    frequency_limit: int | None = None
    window_days: int = 365
    repeat_interval_days: int | None = None
    region_rule: bool = False
    jw_jz: bool = False
    imaging_covered: bool = True
    dry_needling_covered: bool = True
    other_block_rule: bool = False
    # False: 99211 is not paid beside a drug administration code, even with 25 (Medicare, B1).
    pays_99211_with_drug_administration: bool = True
    distinct_modifier: str = "59"
    covered_diagnoses: tuple[str, ...] | None = None
    fees: Mapping[str, int] = field(default_factory=dict)
    source: str = ""
    as_of: str = ""


class DrugKind(StrEnum):
    """How the engine bills an agent."""

    BILLABLE = "billable"  # has its own HCPCS code(s) with a billing amount (D1, D2)
    LOCAL_ANESTHETIC = "local_anesthetic"  # part of the procedure, no line (D3)
    UNCLASSIFIED = "unclassified"  # J3490 / J3590, one unit, item 19 (D6)


@dataclass(frozen=True, slots=True)
class DrugCode:
    """One HCPCS code of a drug and the amount one billing unit stands for."""

    hcpcs: str
    amount: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class DrugInfo:
    """One agent of the drug table (coding-rules.md D1-D6).

    ``codes`` are sorted by amount, smallest first (methylprednisolone has three).
    ``per_ndc_unit`` is how much of ``dose_unit`` one NDC unit (``ndc_unit``: ML, UN ...) holds,
    e.g. Kenalog-40 holds 40 mg per ML, so 40 mg is reported as 1 ML.
    """

    id: str
    name: str
    kind: DrugKind
    codes: tuple[DrugCode, ...] = ()
    dose_unit: DoseUnit = DoseUnit.MG
    container: Container | None = None
    per_ndc_unit: Decimal | None = None
    ndc_unit: str = "ML"
    brands: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    unapproved: bool = False
    biologic: bool = False
    not_covered_for_tpi: bool = False
    # Brands whose name carries the strength ("Kenalog-10": 10 mg per mL), keyed by ``drug_key``.
    brand_strengths: tuple[tuple[str, Decimal], ...] = ()
    diluent: bool = False  # saline: in a mixture the other agent is the drug

    @property
    def match_rank(self) -> int:
        """When a name mentions several agents ("Kenalog with lidocaine"), the lowest rank wins:
        the billable drug, then an unclassified injectant, then the local anesthetic (which has no
        line of its own), then a diluent."""
        if self.diluent:
            return 3
        return {DrugKind.BILLABLE: 0, DrugKind.UNCLASSIFIED: 1}.get(self.kind, 2)

    def terms(self) -> tuple[str, ...]:
        """Every name the agent is known by."""
        return (self.id, self.name, *self.brands, *self.synonyms)


@dataclass(frozen=True, slots=True)
class NcciPair:
    """A procedure-to-procedure edit: ``column2`` is bundled into ``column1``.

    ``modifier_indicator`` 1 lets a distinct-procedure modifier unbundle the pair; 0 never does.
    """

    column1: str
    column2: str
    modifier_indicator: int
    basis: str = ""


_WORDS = re.compile(r"[^0-9a-z']+")


def drug_key(text: str) -> str:
    """Fold a drug name for matching: lower case, punctuation to single spaces."""
    return " ".join(_WORDS.split(text.casefold())).strip()


@dataclass(frozen=True, slots=True, eq=False)
class CodeTables:
    """Everything the engine looks up, each table with its as-of date in ``versions``.

    Compared and hashed by identity (``eq=False``), so a loaded set of tables can key a cache.
    """

    catalog: MuscleCatalog
    icd: IcdCodeSet
    drugs: tuple[DrugInfo, ...]
    ncci_pairs: tuple[NcciPair, ...]
    payers: Mapping[str, PayerProfile]
    versions: tuple[tuple[str, str], ...] = ()
    descriptions: Mapping[str, str] = field(default_factory=dict)
    description_ranges: tuple[tuple[str, str, str], ...] = ()
    ncci_ranges: tuple[tuple[str, str, NcciPair], ...] = ()
    unclassified: Mapping[str, DrugCode] = field(default_factory=dict)
    _drug_terms: dict[str, DrugInfo] = field(init=False, repr=False, compare=False)
    _drug_phrases: tuple[tuple[str, DrugInfo], ...] = field(init=False, repr=False, compare=False)
    _drug_codes: dict[str, DrugInfo] = field(init=False, repr=False, compare=False)
    _pairs: dict[tuple[str, str], NcciPair] = field(init=False, repr=False, compare=False)
    _pair_codes: frozenset[str] = field(init=False, repr=False, compare=False)
    _range_column2: frozenset[str] = field(init=False, repr=False, compare=False)
    _in_ncci: dict[str, bool] = field(init=False, repr=False, compare=False)
    muscle_labels: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms: dict[str, DrugInfo] = {}
        codes: dict[str, DrugInfo] = {}
        for drug in self.drugs:
            for term in drug.terms():
                terms.setdefault(drug_key(term), drug)
            for code in drug.codes:
                codes.setdefault(code.hcpcs, drug)
        # Best first, so the first phrase found in a name wins: the billable agent of a mixture
        # ("Kenalog with lidocaine"), then the longest name ("lidocaine in saline" is lidocaine).
        phrases = tuple(
            (f" {term} ", drug)
            for term, drug in sorted(
                terms.items(), key=lambda item: (item[1].match_rank, -len(item[0]), item[0])
            )
        )
        pairs = {(p.column1, p.column2): p for p in self.ncci_pairs}
        object.__setattr__(self, "_drug_terms", terms)
        object.__setattr__(self, "_drug_phrases", phrases)
        object.__setattr__(self, "_drug_codes", codes)
        object.__setattr__(self, "_pairs", pairs)
        paired = {p.column1 for p in self.ncci_pairs} | {p.column2 for p in self.ncci_pairs}
        range_column2 = frozenset(t.column2 for _, _, t in self.ncci_ranges)
        object.__setattr__(self, "_pair_codes", frozenset(paired | range_column2))
        object.__setattr__(self, "_range_column2", range_column2)
        object.__setattr__(self, "_in_ncci", {})  # memo: every code asked about, either answer
        labels = {m.counts_as: muscle_label(m.counts_as, self.catalog) for m in self.catalog}
        object.__setattr__(self, "muscle_labels", MappingProxyType(labels))
        object.__setattr__(self, "payers", MappingProxyType(dict(self.payers)))

    def payer(self, payer_id: str) -> PayerProfile:
        """The payer profile with this id; ``KeyError`` naming the known ids when there is none."""
        try:
            return self.payers[payer_id]
        except KeyError:
            known = ", ".join(sorted(self.payers))
            raise KeyError(f"unknown payer {payer_id!r} (known: {known})") from None

    def with_payer(self, profile: PayerProfile) -> CodeTables:
        """A copy with ``profile`` added or replacing the payer of the same id."""
        payers = dict(self.payers)
        payers[profile.id] = profile
        return replace(self, payers=payers)

    def drug_for(self, agent: str | None, hcpcs: str | None = None) -> DrugInfo | None:
        """The drug named by ``agent`` (generic, brand or synonym, any case, extra words allowed),
        else the one billed with ``hcpcs``; ``None`` when neither is known."""
        if agent:
            key = drug_key(agent)
            found = self._drug_terms.get(key)
            if found is not None:
                return found
            padded = f" {key} "
            for phrase, drug in self._drug_phrases:
                if phrase in padded:
                    return drug
        if hcpcs:
            return self._drug_codes.get(hcpcs.strip().upper())
        return None

    def in_ncci(self, code: str) -> bool:
        """True when the code is in any NCCI pair of the table (a quick filter for the engine)."""
        known = self._in_ncci.get(code)
        if known is None:
            ranges = self.ncci_ranges
            known = code in self._pair_codes or any(_in_range(code, lo, hi) for lo, hi, _ in ranges)
            self._in_ncci[code] = known
        return known

    def ncci_pair(self, code_a: str, code_b: str) -> NcciPair | None:
        """The NCCI edit between two codes in either order, or ``None``."""
        for first, second in ((code_a, code_b), (code_b, code_a)):
            pair = self._pairs.get((first, second))
            if pair is not None:
                return pair
            if second in self._range_column2:
                for low, high, template in self.ncci_ranges:
                    if template.column2 == second and _in_range(first, low, high):
                        return replace(template, column1=first)
        return None

    def description(self, code: str) -> str:
        """Our short paraphrase of a code, or a plain fallback."""
        known = self.descriptions.get(code)
        if known is not None:
            return known
        for low, high, text in self.description_ranges:
            if _in_range(code, low, high):
                return text
        drug = self._drug_codes.get(code)
        if drug is not None:
            for drug_code in drug.codes:
                if drug_code.hcpcs == code:
                    return drug_code.description
        return "Service as entered"


def _in_range(code: str, low: str, high: str) -> bool:
    """``low <= code <= high`` for codes of the same shape (5 digits, or letter + 4 digits)."""
    return len(code) == len(low) and code.isalnum() and low <= code <= high
