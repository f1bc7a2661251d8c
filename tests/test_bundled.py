"""Golden: the engine reproduces, to the day, what the depositaries announced (history/README.md)."""

import pytest

from conftest import bundled, d

OFFICIAL = {  # treaty: (threshold date, entry into force), from the depositaries' announcements
    "untoc": ("2003-07-01", "2003-09-29"),
    "uncac": ("2005-09-15", "2005-12-14"),
    "att": ("2014-09-25", "2014-12-24"),
    "paris": ("2016-10-05", "2016-11-04"),
    "rome": ("2002-04-11", "2002-07-01"),
    "tpnw": ("2020-10-24", "2021-01-22"),
    "minamata": ("2017-05-18", "2017-08-16"),
    "crpd": ("2008-04-03", "2008-05-03"),
    "ccm": ("2010-02-16", "2010-08-01"),
    "fctc": ("2004-11-29", "2005-02-27"),
}


@pytest.mark.parametrize("treaty_id", sorted(OFFICIAL))
def test_threshold_and_entry_into_force_match_the_depositary(treaty_id):
    engine = bundled(treaty_id)
    threshold, eif = OFFICIAL[treaty_id]
    assert engine.threshold_date == d(threshold)
    assert engine.entry_into_force == d(eif)
    assert engine.treaty.entered_into_force == d(eif)  # the file's own record agrees


def test_paris_count_met_before_the_emissions_share():
    snap = bundled("paris").snapshot(d("2016-10-04"))
    count, weight = snap.conditions
    assert count.met_on == d("2016-09-21")
    assert not weight.met and 52.0 < weight.current < 55.0
    assert bundled("paris").snapshot(d("2016-10-05")).conditions[1].met_on == d("2016-10-05")


def test_kyoto_weight_condition_is_not_evaluable():
    engine = bundled("kyoto")
    assert not engine.evaluable
    assert engine.threshold_date is None and engine.entry_into_force is None
    snap = engine.snapshot(d("2010-01-01"))
    assert snap.conditions[0].met_on == d("2002-05-23")      # 55 Parties
    assert snap.conditions[1].current is None                 # 55 % of 1990 CO2: no data
    assert engine.treaty.entered_into_force == d("2005-02-16")


def test_ctbt_not_in_force_blocked_by_annex2_states():
    engine = bundled("ctbt")
    snap = engine.snapshot(d("2026-02-03"))
    assert engine.threshold_date is None and not snap.in_force
    assert set(snap.conditions[0].missing) == {"CHN", "EGY", "IND", "IRN", "ISR", "PAK", "PRK",
                                               "RUS", "USA"}
    # the Russian Federation's ratification counted until the depositary's 2023 notification
    assert "RUS" not in engine.snapshot(d("2023-11-02")).conditions[0].missing
    assert engine.participant("RUS", d("2026-02-03")).status == "signatory"
    assert engine.snapshot(d("2026-02-03")).earliest_entry_into_force == d("2026-08-02")


@pytest.mark.parametrize("code, effective", [
    ("AFG", "2020-10-27"), ("AND", "2023-03-02"), ("BRB", "2015-08-18"), ("BLZ", "2015-06-17"),
    ("BEN", "2017-02-05"),
])
def test_att_late_joiners_date_of_effect(code, effective):
    engine = bundled("att")
    assert engine.participant(code, d("2026-02-03")).effective == d(effective)


def test_att_deposits_up_to_entry_into_force_take_its_date():
    engine = bundled("att")
    for day in ("2014-09-25", "2014-10-01", "2014-12-24"):
        assert engine.effective_date(d(day)) == d("2014-12-24")
    assert engine.effective_date(d("2014-12-25")) == d("2015-03-25")


def test_untoc_late_joiner_switzerland():
    engine = bundled("untoc")
    assert engine.participant("CHE", d("2010-01-01")).consent.date == d("2006-10-27")
    assert engine.participant("CHE", d("2010-01-01")).effective == d("2006-11-26")


def test_paris_late_joiner_and_withdrawal():
    engine = bundled("paris")
    assert engine.effective_date(d("2016-10-06")) == d("2016-11-05")
    usa = engine.participant("USA", d("2020-11-03"))
    assert usa.status == "party" and usa.withdrawal_effective == d("2020-11-04")
    assert engine.participant("USA", d("2020-11-04")).status == "withdrawn"
    assert engine.participant("USA", d("2021-06-01")).status == "party"


def test_minamata_reio_on_the_crossing_day_is_not_counted():
    engine = bundled("minamata")
    eu = engine.participant("EUU", d("2017-05-18"))
    assert eu.status == "party" and eu.consent.date == d("2017-05-18")
    snap = engine.snapshot(d("2017-05-18"))
    assert snap.parties == snap.counted + 1


def test_time_travel_between_threshold_and_entry_into_force():
    snap = bundled("tpnw").snapshot(d("2020-12-01"))
    assert snap.threshold_date == d("2020-10-24") and snap.entry_into_force == d("2021-01-22")
    assert not snap.in_force
    assert bundled("tpnw").snapshot(d("2020-10-23")).threshold_date is None
