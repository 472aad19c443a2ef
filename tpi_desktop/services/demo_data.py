"""The fixed material the demo data is made from: people, complaints, drugs and checklist text.

All people are fictional. The NPIs pass the check digit but belong to no one; Medicare member ids
follow the MBI pattern; the NDCs are in the 11-digit 5-4-2 billing form. Drug doses always agree
with the volume and the strength (lidocaine 1 % is 10 mg/mL, so 3 mL is 30 mg).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from tpi_desktop.domain import Drug, Practice, Provider

PRACTICE = Practice(
    "Lakeside Pain & Spine (demo)", "12 Harbor Road, Springfield", "1003000126", "12-3456789"
)
PROVIDERS = (
    Provider("Dana Whitfield, MD", "1234567893", "208100000X"),
    Provider("Marcus Oyelaran, DO", "1245319599", "2084P0800X"),
)
LAST_NAMES = (
    "Rivera",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Castellano",
    "Brandt",
    "Haddad",
    "Nguyen",
    "Kowalski",
    "Abernathy",
    "Fairweather",
    "Quintero",
    "Sorensen",
    "Mbeki",
    "Delacroix",
)
FIRST_NAMES = (
    "Ana",
    "Samuel",
    "Greta",
    "Kenji",
    "Elodie",
    "Marco",
    "Hannah",
    "Yusuf",
    "Linh",
    "Piotr",
    "June",
    "Oscar",
    "Lucia",
    "Nils",
    "Thandi",
    "Remy",
)

#: A referring physician for box 17 (fictional; valid check digit).
REFERRER = ("Priya Raman, MD", "1497758544")


@dataclass(frozen=True, slots=True)
class Complaint:
    """Where a patient hurts: the muscles treated (most treated first) and the diagnoses."""

    name: str
    muscles: tuple[str, ...]
    diagnoses: tuple[str, ...]
    weight: int
    bilateral: float = 0.12  # how often both sides are injected (each side is its own muscle)


# Each complaint keeps to one LCD region except the last, which spans two (a Medicare finding).
COMPLAINTS = (
    Complaint(
        "upper trapezius and levator",
        ("upper_trapezius", "levator_scapulae", "rhomboid_minor", "supraspinatus"),
        ("M79.12", "M54.2"),
        5,
    ),
    Complaint(
        "neck",
        ("splenius_capitis", "sternocleidomastoid", "semispinalis_capitis", "splenius_cervicis"),
        ("M79.12", "M54.2"),
        3,
    ),
    Complaint(
        "shoulder blade",
        ("rhomboid_major", "middle_trapezius", "infraspinatus", "levator_scapulae"),
        ("M79.18", "M54.6"),
        3,
    ),
    Complaint(
        "rotator cuff",
        ("infraspinatus", "supraspinatus", "teres_minor", "posterior_deltoid"),
        ("M79.18", "M25.511"),
        2,
    ),
    Complaint(
        "low back",
        ("quadratus_lumborum", "multifidus"),
        ("M79.18", "M54.50"),
        4,
        bilateral=0.6,
    ),
    Complaint(
        "buttock",
        ("gluteus_medius", "piriformis", "gluteus_minimus", "gluteus_maximus"),
        ("M79.18", "M54.59"),
        2,
    ),
    Complaint("jaw", ("masseter", "lateral_pterygoid"), ("M79.11",), 1),
    Complaint(
        "low back and buttock",
        ("quadratus_lumborum", "gluteus_medius", "piriformis", "multifidus"),
        ("M79.18", "M54.50"),
        1,
    ),
)

# (agent, strength in mg per mL, NDC of the vial, how many mL are usual) for the steroids mixed
# into the injectate. The table's usual container decides JW/JZ.
STEROIDS = (
    (
        "triamcinolone acetonide (Kenalog-40)",
        Decimal(40),
        "00003-0293-05",
        (Decimal("0.5"), Decimal(1)),
    ),
    ("methylprednisolone acetate (Depo-Medrol)", Decimal(40), "00009-3073-01", (Decimal(1),)),
    ("dexamethasone sodium phosphate", Decimal(4), "63323-0165-01", (Decimal(1), Decimal(2))),
)


#: Kenalog-40, 40 mg in 1 mL, for a same-day knee injection (20610).
KNEE_STEROID = Drug(
    "triamcinolone acetonide (Kenalog-40)",
    Decimal(40),
    concentration="40 mg/mL",
    volume_ml=Decimal(1),
    ndc="00003-0293-05",
)


def exact(amount: Decimal) -> Decimal:
    """``20.0`` -> ``20``, ``7.50`` -> ``7.5`` (never ``2E+1``): doses as a person writes them."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def mbi(rng: random.Random) -> str:
    """A Medicare Beneficiary Identifier in the CMS pattern (letters without S L O I B Z)."""
    letters = "ACDEFGHJKMNPQRTUVWXY"
    alnum = letters + "0123456789"
    digit = "0123456789"
    pattern = ("123456789", letters, alnum, digit, letters, alnum, digit, letters, letters)
    return "".join(rng.choice(p) for p in pattern) + "".join(rng.choice(digit) for _ in range(2))


def commercial_member_id(rng: random.Random) -> str:
    """A plausible commercial plan member id (three letters, nine digits)."""
    return "".join(rng.choice("ABCDEFGHJKMNPRSTUWXYZ") for _ in range(3)) + str(
        rng.randint(100_000_000, 999_999_999)
    )


def anesthetic(rng: random.Random, muscles: int) -> Drug:
    """The local anesthetic: lidocaine 1 % (10 mg/mL) mostly, bupivacaine 0.25 % (2.5 mg/mL)
    sometimes; about 1 mL per muscle, dose = volume x strength."""
    volume = Decimal(min(6, max(2, muscles + rng.choice((0, 1)))))
    if rng.random() < 0.8:
        return Drug("lidocaine 1%", volume * 10, concentration="10 mg/mL", volume_ml=volume)
    return Drug(
        "bupivacaine 0.25%",
        exact(volume * Decimal("2.5")),
        concentration="2.5 mg/mL",
        volume_ml=volume,
    )


def steroid(rng: random.Random, *, with_ndc: bool = True) -> Drug:
    """A steroid with dose, strength, volume and (unless told otherwise) its NDC."""
    agent, per_ml, ndc, volumes = rng.choice(STEROIDS)
    volume = Decimal(rng.choice(volumes))
    return Drug(
        agent,
        exact(volume * per_ml),
        concentration=f"{per_ml} mg/mL",
        volume_ml=volume,
        ndc=ndc if with_ndc else None,
        lot=f"{rng.choice('ABCDEFGHK')}{rng.randint(1000, 9999)}",
    )
