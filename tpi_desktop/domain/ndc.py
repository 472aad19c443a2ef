"""National Drug Codes: normalise the 10-digit package code to the 11-digit 5-4-2 billing form.

A 10-digit NDC is only unambiguous with its hyphens (4-4-2, 5-3-2 or 5-4-1); the missing digit is
a leading zero in the short segment (rule D5).
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"^\d+$")
_SEGMENT_LENGTHS = {(4, 4, 2), (5, 3, 2), (5, 4, 1), (5, 4, 2)}


class NdcError(ValueError):
    """The text is not an NDC; the message says which forms are allowed."""


ALLOWED_FORMS = "11 digits (5-4-2), or 10 digits with hyphens as 4-4-2, 5-3-2 or 5-4-1"


def normalise_ndc(text: str) -> str:
    """The 11-digit NDC with no hyphens, e.g. "0003-0293-05" -> "00003029305".

    Raises ``NdcError`` for anything else.
    """
    raw = text.strip().replace(" ", "")
    if not raw:
        raise NdcError(f"empty; must be {ALLOWED_FORMS}")
    if "-" in raw:
        parts = raw.split("-")
        lengths = tuple(len(p) for p in parts)
        if (
            len(parts) != 3
            or not all(_DIGITS.match(p) for p in parts)
            or lengths not in _SEGMENT_LENGTHS
        ):
            raise NdcError(f"{text!r} is not an NDC; must be {ALLOWED_FORMS}")
        labeler, product, package = parts
        return labeler.zfill(5) + product.zfill(4) + package.zfill(2)
    if not _DIGITS.match(raw):
        raise NdcError(f"{text!r} is not an NDC; must be {ALLOWED_FORMS}")
    if len(raw) == 11:
        return raw
    if len(raw) == 10:
        raise NdcError(
            f"{text!r} is a 10-digit NDC without hyphens, which is ambiguous; "
            "write it as 4-4-2, 5-3-2 or 5-4-1"
        )
    raise NdcError(f"{text!r} has {len(raw)} digits; must be {ALLOWED_FORMS}")


def format_ndc(ndc11: str) -> str:
    """ "00003029305" -> "00003-0293-05" for display."""
    return f"{ndc11[:5]}-{ndc11[5:9]}-{ndc11[9:]}" if len(ndc11) == 11 else ndc11
