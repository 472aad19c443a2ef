"""National Provider Identifiers: the check digit that catches a mistyped NPI.

One implementation for the engine (referring provider), the store (providers, practice) and the
form (marking the field as the user types).
"""

from __future__ import annotations

# The Luhn sum of the "80840" prefix that the NPI standard puts in front of the nine digits.
_PREFIX_SUM = 24


def npi_is_valid(npi: str) -> bool:
    """True for 10 digits whose last is the Luhn check digit over "80840" + the first nine."""
    return npi_problem(npi) is None


def npi_problem(npi: str) -> str | None:
    """Why ``npi`` is not a valid NPI, in words for the user, or ``None`` when it is valid."""
    digits = npi.strip()
    if len(digits) != 10 or not digits.isdigit():
        return "an NPI has 10 digits"
    total = _PREFIX_SUM
    for index, char in enumerate(reversed(digits[:9])):
        value = int(char)
        if index % 2 == 0:  # from the right, every other payload digit is doubled
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    check = (10 - total % 10) % 10
    return None if check == int(digits[9]) else "the NPI's check digit is wrong (mistyped?)"
