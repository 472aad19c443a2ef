"""Money for the screen: integer cents to "$52.00" and back.

Money is integer cents everywhere below the window (design.md); this module is the one place
that turns cents into text and a biller's typing back into cents. Parsing is strict: anything
that is not a plain amount with at most two decimals is refused with a reason, never rounded.
No Qt here, so the helpers are usable from any widget and testable without a display.
"""

from __future__ import annotations

import re

# "$1,234.56", "1234.5", "52", ".75", "$ 60.00": an optional dollar sign, digits with optional
# thousands separators, at most two decimals. A minus sign is refused: fees are never negative.
_AMOUNT = re.compile(r"^\$?\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d{0,2}))?$")

MAX_CENTS = 100_000_000  # $1,000,000.00: no single fee is larger; catches a slipped key


def format_cents(cents: int | None, *, blank: str = "") -> str:
    """``5200`` -> ``"$52.00"``; ``None`` -> ``blank``; thousands separated (``"$1,234.50"``)."""
    if cents is None:
        return blank
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(int(cents)), 100)
    return f"{sign}${dollars:,}.{rest:02d}"


def format_cents_plain(cents: int | None) -> str:
    """``5200`` -> ``"52.00"`` (for an editor that already shows the dollar sign)."""
    if cents is None:
        return ""
    return format_cents(cents).replace("$", "").replace(",", "")


def parse_cents(text: str) -> int:
    """``"$52"``, ``"52.00"``, ``"1,234.5"`` -> cents; raises ``ValueError`` saying why not.

    Blank text is an error here; callers that allow "no fee" check for blank first.
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("enter an amount, e.g. 52.00")
    if cleaned.startswith("-") or cleaned.startswith("$-"):
        raise ValueError("a fee cannot be negative")
    match = _AMOUNT.match(cleaned)
    if match is None or (not match["whole"] and not match["frac"]):
        raise ValueError(
            f"“{cleaned}” is not an amount; use digits with at most two decimals, e.g. 52.00"
        )
    whole = int(match["whole"].replace(",", "") or "0")
    frac = (match["frac"] or "").ljust(2, "0")
    cents = whole * 100 + int(frac)
    if cents > MAX_CENTS:
        raise ValueError(f"{format_cents(cents)} is larger than any fee; check the amount")
    return cents


def try_parse_cents(text: str) -> int | None:
    """``parse_cents`` that answers ``None`` instead of raising (blank text is ``None`` too)."""
    try:
        return parse_cents(text)
    except ValueError:
        return None
