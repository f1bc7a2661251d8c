"""The rule engine on small synthetic treaties: counting, REIOs, weights, named States, late
joiners, revocation and denunciation (design §3)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import d, make_engine

CODES = ["AUT", "BEL", "FRA", "DEU", "ITA", "ESP", "PRT", "IRL", "GRC", "POL"]


def test_threshold_is_the_date_of_the_nth_instrument():
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["accession 2001-02-01"],
                     "FRA": ["signature 2000-05-05", "approval 2001-03-05"], "DEU": []})
    assert e.threshold_date == d("2001-03-05")
    assert e.entry_into_force == d("2001-06-03")
    assert e.snapshot(d("2001-03-04")).counted == 2
    assert e.snapshot(d("2001-03-04")).threshold_date is None
    assert e.snapshot(d("2001-03-05")).threshold_date == d("2001-03-05")


def test_several_deposits_on_the_crossing_day_share_the_threshold_date():
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-04-01"],
                     "FRA": ["ratification 2001-04-01"], "DEU": ["ratification 2001-04-01"]})
    assert e.threshold_date == d("2001-04-01")
    assert e.effective_date(d("2001-04-01")) == e.entry_into_force == d("2001-06-30")


def test_reio_deposit_on_the_crossing_day_is_not_counted():
    # Minamata pattern: the EU deposits with its members; it never counts in addition.
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-05-18"],
                     "EUU": ["approval 2001-05-18"], "FRA": ["ratification 2001-06-01"]})
    snap = e.snapshot(d("2001-05-18"))
    assert snap.counted == 2 and snap.parties == 3
    assert e.threshold_date == d("2001-06-01")
    counted = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-05-18"],
                           "EUU": ["approval 2001-05-18"]}, reio="counted")
    assert counted.threshold_date == d("2001-05-18")


def test_late_joiners_after_threshold_get_the_later_of_their_own_date_and_eif():
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-02-01"],
                     "FRA": ["ratification 2001-03-01"], "DEU": ["ratification 2001-03-15"],
                     "ITA": ["ratification 2001-08-01"]})
    eif = d("2001-05-30")
    assert e.entry_into_force == eif
    assert e.effective_date(d("2001-03-15")) == eif          # 15 Mar + 30 < EIF
    assert e.effective_date(d("2001-05-10")) == d("2001-06-09")
    assert e.participant("ITA", d("2001-08-05")).effective == d("2001-08-31")


def test_late_joiners_after_entry_into_force_att_style():
    e = make_engine({"AUT": ["ratification 2014-09-01"], "BEL": ["ratification 2014-09-20"],
                     "FRA": ["ratification 2014-09-25"]},
                    late="{days: 90, after: entry_into_force}")
    assert e.entry_into_force == d("2014-12-24")
    assert e.effective_date(d("2014-12-24")) == d("2014-12-24")
    assert e.effective_date(d("2014-10-30")) == d("2014-12-24")
    assert e.effective_date(d("2014-12-25")) == d("2015-03-25")


def test_revoked_instrument_stops_counting_and_reverts_to_signatory():
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-02-01"],
                     "FRA": ["signature 2000-06-01", "ratification 2001-03-01",
                             "revocation 2001-04-01"],
                     "DEU": ["ratification 2001-06-01"]})
    assert e.snapshot(d("2001-03-15")).threshold_date is None or e.threshold_date == d("2001-03-01")
    # the threshold was met on 1 March and stands; without FRA it would have been 1 June
    assert e.threshold_date == d("2001-03-01")
    assert e.snapshot(d("2001-04-02")).counted == 2
    assert e.participant("FRA", d("2001-04-02")).status == "signatory"
    assert e.participant("FRA", d("2001-03-15")).status == "party"


def test_revocation_before_threshold_delays_it():
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-02-01"],
                     "FRA": ["accession 2001-01-05", "revocation 2001-01-20"],
                     "DEU": ["ratification 2001-06-01"]})
    assert e.threshold_date == d("2001-06-01")
    assert e.participant("FRA", d("2001-03-01")).status == "withdrawn"  # acceded, never signed


def test_denunciation_takes_effect_after_withdrawal_period_and_never_undoes_eif():
    e = make_engine({"AUT": ["ratification 2001-01-10", "denunciation 2003-03-17"],
                     "BEL": ["ratification 2001-02-01"], "FRA": ["ratification 2001-03-01"]})
    assert e.entry_into_force == d("2001-05-30")
    assert e.participant("AUT", d("2004-03-16")).status == "party"
    assert e.participant("AUT", d("2004-03-16")).withdrawal_effective == d("2004-03-17")
    assert e.participant("AUT", d("2004-03-17")).status == "withdrawn"
    snap = e.snapshot(d("2004-03-17"))
    assert snap.counted == 2 and snap.in_force and snap.entry_into_force == d("2001-05-30")


def test_denunciation_revoked_keeps_the_party():
    e = make_engine({"AUT": ["ratification 2001-01-10", "denunciation 2003-03-17",
                             "denunciation_revoked 2003-06-01"],
                     "BEL": ["ratification 2001-02-01"], "FRA": ["ratification 2001-03-01"]})
    assert e.participant("AUT", d("2005-01-01")).status == "party"


def test_count_within_a_group():
    e = make_engine({"USA": ["ratification 2001-01-01"], "CAN": ["ratification 2001-01-02"],
                     "AUT": ["ratification 2001-02-01"], "BEL": ["ratification 2001-03-01"]},
                    conditions=("{count: 3}", "{count: 2, group: eu_members}"))
    assert e.threshold_date == d("2001-03-01")
    snap = e.snapshot(d("2001-02-15"))
    assert [c.current for c in snap.conditions] == [3, 1]


def test_weight_condition_and_not_evaluable_weights():
    extra = """\
  - code: USA
    weights: {emissions: 18.0}
    actions:
      - {type: acceptance, date: 2016-09-03, source: test}
  - code: CHN
    weights: {emissions: 20.1}
    actions:
      - {type: ratification, date: 2016-09-03, source: test}
  - code: IND
    weights: {emissions: 4.1}
    actions:
      - {type: ratification, date: 2016-10-02, source: test}
  - code: DEU
    weights: {emissions: 2.5}
    actions:
      - {type: ratification, date: 2016-10-05, source: test}
  - code: EUU
    kind: reio
    members: eu_members
    weights: {emissions: 12.1}
    actions:
      - {type: approval, date: 2016-10-05, source: test}
"""
    e = make_engine({"AUT": ["ratification 2016-06-01"]}, extra_participants=extra,
                    conditions=("{count: 3}", "{weight: emissions, at_least: 44.0}"),
                    date="{days: 30}")
    assert e.threshold_date == d("2016-10-05")   # 42.2 % on 2 Oct; the EU's 12.1 % is excluded
    assert e.entry_into_force == d("2016-11-04")
    weight = e.snapshot(d("2016-10-03")).conditions[1]
    assert abs(weight.current - 42.2) < 1e-6 and not weight.met
    kyoto = make_engine({"AUT": ["ratification 2001-01-01"]},
                        conditions=("{count: 1}", "{weight: co2, at_least: 55}"))
    snap = kyoto.snapshot(d("2005-01-01"))
    assert not kyoto.evaluable and kyoto.threshold_date is None
    assert snap.conditions[1].current is None and snap.earliest_entry_into_force is None


def test_all_of_named_participants_and_not_before():
    e = make_engine({"AUT": ["ratification 1997-01-01"], "BEL": ["ratification 1997-02-01"],
                     "FRA": []},
                    conditions=("{all_of: [AUT, BEL, FRA]}",), date="{days: 180}",
                    not_before="1998-09-24")
    snap = e.snapshot(d("2000-01-01"))
    assert snap.conditions[0].missing == ("FRA",) and e.threshold_date is None
    e2 = make_engine({"AUT": ["ratification 1997-01-01"], "BEL": ["ratification 1997-02-01"],
                      "FRA": ["ratification 1997-03-01"]},
                     conditions=("{all_of: [AUT, BEL, FRA]}",), date="{days: 180}",
                     not_before="1998-09-24")
    assert e2.threshold_date == d("1997-03-01")
    assert e2.entry_into_force == d("1998-09-24")   # 1997-08-28 is before the floor


def test_earliest_entry_into_force_when_not_met():
    e = make_engine({"AUT": ["ratification 2001-01-10"]})
    assert e.snapshot(d("2026-11-29")).earliest_entry_into_force == d("2027-02-27")


def test_status_categories():
    e = make_engine({"AUT": ["signature 2000-02-01"], "BEL": ["signature 2000-02-01",
                                                             "ratification 2001-01-01"],
                     "FRA": [], "DEU": ["domestic_approval 2001-01-01"]})
    day = d("2002-01-01")
    assert [e.participant(c, day).status for c in ("AUT", "BEL", "FRA", "DEU")] == \
        ["signatory", "party", "none", "none"]
    assert [a.type for a in e.participant("DEU", day).pipeline] == ["domestic_approval"]
    assert e.participant("BEL", d("2000-12-31")).status == "signatory"


# -- properties -----------------------------------------------------------------------------

deposit_days = st.lists(st.integers(0, 2000), min_size=0, max_size=len(CODES))


def bundled_engine(days, threshold=4):
    start = dt.date(2001, 1, 1)
    parts = {c: [f"accession {start + dt.timedelta(days=n)}"] for c, n in zip(CODES, days)}
    return make_engine(parts, conditions=(f"{{count: {threshold}}}",))


def _eif(days):
    return bundled_engine(days).entry_into_force or dt.date.max


@settings(max_examples=60, deadline=None)
@given(deposit_days, st.integers(0, 2000))
def test_adding_a_deposit_never_delays_entry_into_force(days, extra):
    if len(days) < len(CODES):
        assert _eif(days + [extra]) <= _eif(days)


@settings(max_examples=60, deadline=None)
@given(deposit_days, st.data())
def test_moving_a_deposit_earlier_never_delays_it(days, data):
    if not days:
        return
    i = data.draw(st.integers(0, len(days) - 1))
    earlier = list(days)
    earlier[i] = data.draw(st.integers(0, days[i]))
    assert _eif(earlier) <= _eif(days)


@settings(max_examples=60, deadline=None)
@given(deposit_days)
def test_entry_into_force_never_before_threshold(days):
    e = bundled_engine(days)
    if e.threshold_date:
        assert e.entry_into_force >= e.threshold_date


def test_same_day_revocation_and_new_instrument_keeps_the_new_one():
    e = make_engine({"AUT": ["ratification 2001-01-10"], "BEL": ["ratification 2001-02-01"],
                     "FRA": ["signature 2000-06-01", "ratification 2000-08-01",
                             "revocation 2001-03-01", "accession 2001-03-01"]})
    state = e.participant("FRA", d("2001-03-02"))
    assert state.status == "party" and state.consent.type == "accession"
    assert e.snapshot(d("2001-03-02")).counted == 3


def test_withdrawal_not_shown_before_it_is_notified():
    e = make_engine({"AUT": ["ratification 2001-01-10", "denunciation 2005-03-01"],
                     "BEL": ["ratification 2001-02-01"], "FRA": ["ratification 2001-03-01"]})
    assert e.participant("AUT", d("2004-01-01")).withdrawal_effective is None
    assert e.participant("AUT", d("2005-03-01")).withdrawal_effective == d("2006-03-01")


def test_met_on_is_the_current_run_not_the_first_time_ever():
    e = make_engine({"AUT": ["accession 2001-01-10", "revocation 2001-06-01"],
                     "BEL": ["accession 2001-02-01"], "FRA": ["accession 2001-09-01"],
                     "ESP": []},
                    conditions=("{count: 2}", "{all_of: [ESP]}"))
    count = e.snapshot(d("2001-07-01")).conditions[0]
    assert count.current == 1 and count.met_on is None
    assert e.snapshot(d("2001-03-01")).conditions[0].met_on == d("2001-02-01")
    assert e.snapshot(d("2001-10-01")).conditions[0].met_on == d("2001-09-01")
