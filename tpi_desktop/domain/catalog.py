"""The muscle vocabulary: stable ids, display names, and what each entry counts as.

The catalog is parsed from the CSV text in ``resources/catalog/muscles.csv``; reading the file is
the caller's job (see ``tpi_desktop.paths``), so this module stays free of I/O.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

_SPACES = re.compile(r"[\s_]+")


def normalise_term(text: str) -> str:
    """Fold case, underscores and white space: "Upper_Trapezius" == "upper  trapezius"."""
    return _SPACES.sub(" ", text.strip().casefold()).strip()


class View(StrEnum):
    """Where a muscle is drawn on the body figure."""

    ANTERIOR = "anterior"
    POSTERIOR = "posterior"
    BOTH = "both"


LCD_REGIONS: tuple[str, ...] = (
    "cephalic",
    "facial",
    "cervical",
    "scapular",
    "thoracic",
    "lumbar",
    "abdominal",
    "gluteal",
    "upper_limb",
    "lower_limb",
)


@dataclass(frozen=True, slots=True)
class Muscle:
    """One entry of the catalog.

    ``counts_as`` is the muscle this entry is counted as (rule A4: the parts of one named muscle are
    one muscle); ``vague`` marks group words such as "lumbar paraspinals" (rule A5).
    """

    id: str
    name: str
    counts_as: str
    region: str
    view: View
    lcd_region: str
    vague: bool
    synonyms: tuple[str, ...] = ()

    def side_label(self, side: str) -> str:
        """ "Right trapezius (upper fibers)": the name with the patient's side in front."""
        return f"{side.capitalize()} {self.name[:1].lower()}{self.name[1:]}"


@dataclass(frozen=True, slots=True)
class MuscleCatalog:
    """All muscles, with lookup by id, display name or synonym (any case, ``_`` or space)."""

    muscles: tuple[Muscle, ...]
    _by_id: dict[str, Muscle] = field(init=False, repr=False, compare=False)
    _by_term: dict[str, Muscle] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Muscle] = {}
        by_term: dict[str, Muscle] = {}
        for muscle in self.muscles:
            if muscle.id in by_id:
                raise ValueError(f"duplicate muscle id {muscle.id!r}")
            by_id[muscle.id] = muscle
        # Ids win over names, and names over synonyms, when two entries share a term.
        for terms in (
            lambda m: (m.id,),
            lambda m: (m.name,),
            lambda m: m.synonyms,
        ):
            for muscle in self.muscles:
                for term in terms(muscle):
                    by_term.setdefault(normalise_term(term), muscle)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_term", by_term)

    @classmethod
    def from_csv_text(cls, text: str) -> MuscleCatalog:
        """Parse the catalog CSV (id,name,counts_as,region,view,lcd_region,vague,synonyms)."""
        muscles = []
        for row in csv.DictReader(io.StringIO(text)):
            synonyms = tuple(s.strip() for s in (row.get("synonyms") or "").split(";") if s.strip())
            muscles.append(
                Muscle(
                    id=row["id"].strip(),
                    name=row["name"].strip(),
                    counts_as=row["counts_as"].strip(),
                    region=row["region"].strip(),
                    view=View(row["view"].strip()),
                    lcd_region=row["lcd_region"].strip(),
                    vague=row["vague"].strip().lower() in {"yes", "true", "1"},
                    synonyms=synonyms,
                )
            )
        return cls(tuple(muscles))

    def __iter__(self) -> Iterator[Muscle]:
        return iter(self.muscles)

    def __len__(self) -> int:
        return len(self.muscles)

    def __contains__(self, muscle_id: object) -> bool:
        return muscle_id in self._by_id

    def get(self, muscle_id: str) -> Muscle:
        """The muscle with this exact id; ``KeyError`` when there is none."""
        return self._by_id[muscle_id]

    def lookup(self, text: str) -> Muscle | None:
        """The muscle named by an id, display name or synonym, or ``None``."""
        return self._by_term.get(normalise_term(text))

    def search(self, text: str, limit: int = 20) -> tuple[Muscle, ...]:
        """Muscles whose id, name or synonym contains every word of ``text``, best first."""
        words = normalise_term(text).split()
        if not words:
            return ()
        scored: list[tuple[int, int, Muscle]] = []
        for index, muscle in enumerate(self.muscles):
            terms = [normalise_term(t) for t in (muscle.name, muscle.id, *muscle.synonyms)]
            best = None
            for term in terms:
                if all(w in term for w in words):
                    score = 0 if term.startswith(words[0]) else 1
                    best = score if best is None else min(best, score)
            if best is not None:
                scored.append((best, index, muscle))
        scored.sort(key=lambda item: (item[0], item[1]))
        return tuple(m for _, _, m in scored[:limit])

    def terms(self) -> tuple[str, ...]:
        """Every name and synonym, for completion boxes."""
        seen: dict[str, None] = {}
        for muscle in self.muscles:
            seen.setdefault(muscle.name, None)
            for synonym in muscle.synonyms:
                seen.setdefault(synonym, None)
        return tuple(seen)


def muscle_label(counts_as: str, catalog: MuscleCatalog) -> str:
    """The plain name of what a muscle counts as: "trapezius", "occipitofrontalis"."""
    name = catalog.get(counts_as).name if counts_as in catalog else counts_as.replace("_", " ")
    # Keep acronyms ("SCM") as they are; lower-case an ordinary capital.
    return name if name[:2].isupper() else name[:1].lower() + name[1:]
