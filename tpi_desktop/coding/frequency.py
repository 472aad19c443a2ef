"""Rules F1-F4: sessions per rolling window, the repeat interval, regions, and eligibility.

A prior session counts when it falls 1 to ``window_days`` days before the date of service (F1,
365 for Medicare): day arithmetic only, so leap years need no special case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tpi_desktop.coding.context import (
    GA_GZ,
    Context,
    Item,
    finding,
    join_words,
    ordinal,
    plural,
    window_label,
)
from tpi_desktop.coding.tables import PayerProfile
from tpi_desktop.domain import Eligibility, Encounter, Severity


def priors(encounter: Encounter) -> list[dt.date]:
    """Distinct earlier session dates, oldest first (same-day or later dates are not priors)."""
    return sorted({d for d in encounter.prior_sessions if d < encounter.date_of_service})


def in_window(day: dt.date, sessions: list[dt.date], window_days: int) -> list[dt.date]:
    """The sessions 1..window_days days before ``day``."""
    return [s for s in sessions if 1 <= (day - s).days <= window_days]


def repeat_ok_from(sessions: list[dt.date], payer: PayerProfile) -> dt.date | None:
    """The first day the repeat interval allows after the last session, or ``None``."""
    if payer.repeat_interval_days is None or not sessions:
        return None
    return sessions[-1] + dt.timedelta(days=payer.repeat_interval_days)


def eligibility(encounter: Encounter, payer: PayerProfile) -> Eligibility | None:
    """Standing against the payer's frequency rule; ``None`` when the payer has none.

    ``next_eligible_date`` is the earliest day on or after the date of service with fewer than
    ``limit`` sessions in the window before it and the repeat interval met. Priors only ever leave
    the window as the day moves on, so both conditions, once met, stay met.
    """
    limit = payer.frequency_limit
    if limit is None:
        return None
    sessions = priors(encounter)
    day = encounter.date_of_service
    counted = in_window(day, sessions, payer.window_days)
    earliest = day
    excess = len(counted) - limit + 1
    if excess > 0:
        # The oldest `excess` sessions must drop out: the day after the window passes them.
        earliest = max(earliest, counted[excess - 1] + dt.timedelta(days=payer.window_days + 1))
    repeat = repeat_ok_from(sessions, payer)
    if repeat is not None:
        earliest = max(earliest, repeat)
    return Eligibility(
        sessions_in_window=len(counted),
        limit=limit,
        window_days=payer.window_days,
        next_eligible_date=earliest,
        repeat_interval_ok_from=repeat,
    )


def frequency_limit(ctx: Context) -> Iterator[Item]:
    """F1: the (limit + 1)th session inside the window."""
    limit = ctx.payer.frequency_limit
    if limit is None or ctx.procedure_code is None:
        return
    sessions = priors(ctx.encounter)
    counted = in_window(ctx.encounter.date_of_service, sessions, ctx.payer.window_days)
    if len(counted) < limit:
        return
    standing = eligibility(ctx.encounter, ctx.payer)
    after = f" Next eligible date: {standing.next_eligible_date.isoformat()}." if standing else ""
    dates = ", ".join(d.isoformat() for d in counted)
    yield finding(
        "frequency_limit",
        Severity.ERROR,
        f"{ordinal(len(counted) + 1)} TPI session in {window_label(ctx.payer.window_days)}"
        f" (limit {limit}: {dates}). {ctx.payer_label()} will deny: {GA_GZ}.{after}",
        "prior_sessions",
    )


def repeat_interval(ctx: Context) -> Iterator[Item]:
    """F2: a repeat session sooner than the payer's interval (42 days for Medicare)."""
    interval = ctx.payer.repeat_interval_days
    sessions = priors(ctx.encounter)
    if interval is None or not sessions or ctx.procedure_code is None:
        return
    last = sessions[-1]
    days = (ctx.encounter.date_of_service - last).days
    if days >= interval:
        return
    weeks = f"{interval // 7} weeks ({interval} days)" if interval % 7 == 0 else f"{interval} days"
    ok_from = last + dt.timedelta(days=interval)
    yield finding(
        "repeat_interval_short",
        Severity.WARNING,
        f"Only {plural(days, 'day')} since the last TPI session ({last.isoformat()}):"
        f" {ctx.payer_label()} asks for at least {weeks} between sessions in the same location,"
        " after documented relief of at least 50 % for 6 weeks. The same location is allowed"
        f" from {ok_from.isoformat()}; a different location may be billed now.",
        "prior_sessions",
    )


def regions(ctx: Context) -> Iterator[Item]:
    """F3: payers with the LCD rule do not cover several anatomical regions in one session."""
    if not ctx.payer.region_rule or ctx.procedure_code is None:
        return
    by_region: dict[str, list[str]] = {}
    for muscle, label in zip(ctx.counted.muscles, ctx.counted.labels, strict=True):
        if muscle.lcd_region:
            by_region.setdefault(muscle.lcd_region, []).append(label)
    if len(by_region) < 2:
        return
    parts = "; ".join(
        f"{region.replace('_', ' ')}: {join_words(labels)}" for region, labels in by_region.items()
    )
    yield finding(
        "multiple_regions",
        Severity.WARNING,
        f"Injections in {len(by_region)} anatomical regions in one session ({parts})."
        f" {ctx.payer_label()}'s"
        " trigger point policy does not cover several regions in one session: expect a denial;"
        f" {GA_GZ}.",
        "injections",
    )
