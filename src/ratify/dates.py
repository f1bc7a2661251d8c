"""Depositary date arithmetic and date parsing.

The UN depositary counts calendar days with the deposit day as day 0 ("the ninetieth day after
1 July 2003" is 29 September 2003); months keep the day of the month, clamped to the month's end;
years give the anniversary (29 February -> 28 February); "first day of the month after" always
moves to the next month's 1st, even when the day reached is itself a 1st.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ISO_FORMAT = "YYYY-MM-DD"


@dataclass(frozen=True)
class Formula:
    """A date formula: N days, M months or N years after a date, then optionally the next 1st."""

    days: int = 0
    months: int = 0
    years: int = 0
    first_of_next_month: bool = False

    def apply(self, start: dt.date) -> dt.date:
        return add_formula(start, self)

    def describe(self) -> str:
        parts = []
        if self.days:
            parts.append(f"{self.days} days")
        if self.months:
            parts.append(f"{self.months} month" + ("s" if self.months != 1 else ""))
        if self.years:
            parts.append(f"{self.years} year" + ("s" if self.years != 1 else ""))
        text = " + ".join(parts) or "0 days"
        if self.first_of_next_month:
            text += ", then the 1st of the next month"
        return text


#: the mean Gregorian month (365.2425 / 12), for months quoted in prose, never for a legal date
DAYS_PER_MONTH = 30.44


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of the month (31 Jan + 1 -> 28/29 Feb)."""
    from dateutil.relativedelta import relativedelta  # only months/years formulas need it
    return start + relativedelta(months=months)


def horizon(start: dt.date, years: int) -> dt.date:
    """`years` after `start` (the anniversary), clamped to the calendar's last day: a horizon
    that would pass 9999-12-31 ends there (the one place a look-ahead is cut to fit)."""
    try:
        return add_months(start, 12 * years)
    except (OverflowError, ValueError):
        return dt.date.max


def add_days_capped(start: dt.date, days: int) -> dt.date:
    """`start` + `days`, clamped to the calendar (9999-12-31 at most)."""
    try:
        return start + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def first_of_next_month(day: dt.date) -> dt.date:
    """The 1st of the month after the month containing `day`."""
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def add_formula(start: dt.date, formula: Formula) -> dt.date:
    """Apply a depositary formula to a trigger date."""
    day = start
    try:
        if formula.years:
            day = add_months(day, 12 * formula.years)
        if formula.months:
            day = add_months(day, formula.months)
        if formula.days:
            day = day + dt.timedelta(days=formula.days)
        if formula.first_of_next_month:
            day = first_of_next_month(day)
    except (OverflowError, ValueError):
        from .errors import DateOutOfRange
        raise DateOutOfRange(f"{start} + {formula.describe()} is after 9999-12-31, the last "
                             "date ratify can compute") from None
    return day


def parse_iso(text: str) -> dt.date:
    """Parse a strict ISO date (YYYY-MM-DD); ValueError with a readable message otherwise."""
    text = text.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"{text!r} is not a date in {ISO_FORMAT} form")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None


def format_day(day: dt.date) -> str:
    """'25 Oct 2025'."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


def format_range(earliest: dt.date | None, latest: dt.date) -> str:
    """'25–26 Oct 2025' when only a range of days is known, else the ISO date."""
    if earliest is None or earliest == latest:
        return latest.isoformat()
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return f"{earliest.day}–{latest.day} {latest.strftime('%b')} {latest.year}"
    return f"{format_day(earliest)} – {format_day(latest)}"


def iso(day: dt.date | int | None) -> str | None:
    """A date (or a day number, as the simulation keeps them) as ISO text; None stays None."""
    if day is None:
        return None
    if isinstance(day, int):
        day = dt.date.fromordinal(day)
    return day.isoformat()
