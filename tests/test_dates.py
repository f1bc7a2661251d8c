"""Depositary date arithmetic, pinned by real treaties' date pairs (eif_rules.md §2)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratify.dates import Formula, add_formula, add_months, format_range, parse_iso

D = dt.date.fromisoformat


@pytest.mark.parametrize("trigger, formula, expected", [
    ("2003-07-01", Formula(days=90), "2003-09-29"),   # UNTOC: 40th instrument -> in force
    ("2005-09-15", Formula(days=90), "2005-12-14"),   # UNCAC: 30th instrument
    ("2004-11-18", Formula(days=90), "2005-02-16"),   # Kyoto: Russian Federation
    ("2014-09-25", Formula(days=90), "2014-12-24"),   # ATT: 50th
    ("2020-10-24", Formula(days=90), "2021-01-22"),   # TPNW: 50th, a Saturday
    ("2017-05-18", Formula(days=90), "2017-08-16"),   # Minamata
    ("2025-09-19", Formula(days=120), "2026-01-17"),  # BBNJ
    ("2016-10-05", Formula(days=30), "2016-11-04"),   # Paris
    ("2008-04-03", Formula(days=30), "2008-05-03"),   # CRPD
    ("2010-11-23", Formula(days=30), "2010-12-23"),   # CED
    ("2006-10-27", Formula(days=30), "2006-11-26"),   # UNTOC late joiner: Switzerland
    ("2020-07-29", Formula(days=90), "2020-10-27"),   # ATT late joiner: Afghanistan
    ("2022-12-02", Formula(days=90), "2023-03-02"),   # ATT: Andorra
    ("2015-05-20", Formula(days=90), "2015-08-18"),   # ATT: Barbados
    ("2015-03-19", Formula(days=90), "2015-06-17"),   # ATT: Belize
    ("2016-11-07", Formula(days=90), "2017-02-05"),   # ATT: Benin
    ("2020-10-22", Formula(days=90), "2021-01-20"),   # Doha Amendment: Albania
    ("2002-04-11", Formula(days=60, first_of_next_month=True), "2002-07-01"),   # Rome
    ("2010-02-16", Formula(months=5, first_of_next_month=True), "2010-08-01"),  # CCM
    ("2006-01-20", Formula(months=3), "2006-04-20"),  # UNESCO ICH Convention
    ("2018-03-17", Formula(years=1), "2019-03-17"),   # Rome withdrawal: Philippines
    ("2019-11-04", Formula(years=1), "2020-11-04"),   # Paris withdrawal: USA
])
def test_real_date_pairs(trigger, formula, expected):
    assert add_formula(D(trigger), formula) == D(expected)


def test_months_clamp_to_month_end():
    assert add_months(D("2006-01-31"), 1) == D("2006-02-28")
    assert add_months(D("2008-01-31"), 1) == D("2008-02-29")
    assert add_months(D("2010-08-31"), 1) == D("2010-09-30")
    assert add_months(D("2010-12-15"), 1) == D("2011-01-15")


def test_29_february_plus_one_year_is_28_february():
    assert add_formula(D("2024-02-29"), Formula(years=1)) == D("2025-02-28")
    assert add_formula(D("2024-02-29"), Formula(years=4)) == D("2028-02-29")


def test_first_of_next_month_when_the_day_reached_is_a_first():
    # 2002-04-02 + 60 days = 2002-06-01, itself a 1st: the next month's 1st is 2002-07-01.
    assert add_formula(D("2002-04-02"), Formula(days=60)) == D("2002-06-01")
    assert add_formula(D("2002-04-02"),
                       Formula(days=60, first_of_next_month=True)) == D("2002-07-01")
    assert add_formula(D("2010-12-31"), Formula(first_of_next_month=True)) == D("2011-01-01")


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "26-02-01", "2026/02/01", "",
                                  "2026-2-1", "tomorrow"])
def test_parse_iso_refuses(text):
    with pytest.raises(ValueError):
        parse_iso(text)


def test_format_range():
    assert format_range(D("2025-10-25"), D("2025-10-26")) == "25–26 Oct 2025"
    assert format_range(None, D("2025-10-26")) == "2025-10-26"
    assert format_range(D("2025-10-30"), D("2025-11-02")) == "30 Oct 2025 – 2 Nov 2025"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
       st.integers(0, 400))
def test_days_formula_is_plain_calendar_days(start, days):
    assert add_formula(start, Formula(days=days)) == start + dt.timedelta(days=days)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
       st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
       st.integers(0, 36), st.booleans())
def test_formulas_never_reverse_order(a, b, months, first):
    """A later trigger never gives an earlier date (needed for 'earlier deposits never delay')."""
    early, late = sorted((a, b))
    f = Formula(months=months, first_of_next_month=first)
    assert add_formula(early, f) <= add_formula(late, f)
    assert add_formula(early, f) >= early
