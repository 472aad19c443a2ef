"""The closed sets every layer names: sides, containers, units, severities, statuses (enums),
and the E/M codes an encounter may carry.

They live apart from the dataclasses that use them so that the window can be built (its combo
boxes list these) before those are created: ``tpi_desktop.domain`` loads the encounter, result
and visit modules on first use.
"""

from __future__ import annotations

from enum import StrEnum

# The office/outpatient E/M codes an encounter may carry (99201 and 99210 no longer exist or
# never existed; 99206-99209 are not codes).
EM_CODES = ("99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215")


class Side(StrEnum):
    """The patient's side."""

    LEFT = "left"
    RIGHT = "right"


class Container(StrEnum):
    """How the drug was supplied: it decides whether JW/JZ apply (rule D4)."""

    SINGLE_DOSE = "single_dose"
    MULTI_DOSE = "multi_dose"


class DoseUnit(StrEnum):
    """The unit a dose is written in: milligrams, toxin units, or millilitres."""

    MG = "mg"
    UNITS = "units"
    ML = "ml"


class Imaging(StrEnum):
    """Imaging guidance used for the injections (rule C1)."""

    ULTRASOUND = "ultrasound"
    FLUOROSCOPY = "fluoroscopy"
    MRI = "mri"


class TriggerPointSign(StrEnum):
    """Examination findings that identify a trigger point (documentation, section G)."""

    TAUT_BAND = "taut_band"
    HYPERIRRITABLE_SPOT = "hyperirritable_spot"
    LOCAL_TWITCH_RESPONSE = "local_twitch_response"
    REFERRED_PAIN = "referred_pain"


class Severity(StrEnum):
    """How bad a finding is: ``error`` wrong or will deny, ``warning`` likely denial."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class LineKind(StrEnum):
    """What a claim line is, which also fixes its place in claim order."""

    EM = "em"
    PROCEDURE = "procedure"
    GUIDANCE = "guidance"
    DRUG = "drug"


class VisitStatus(StrEnum):
    """A visit's life: a draft is edited, a final one is read-only, an amended one was corrected."""

    DRAFT = "draft"
    FINAL = "final"
    AMENDED = "amended"
