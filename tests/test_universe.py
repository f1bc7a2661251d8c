"""The universe of a treaty (`reference.universe`): the states that could have joined it while
its data run, from the registry's dates of admission and dissolution."""

from __future__ import annotations

import pytest

from conftest import d
from ratify.datafile import store
from ratify.names import registry
from ratify.projection.reference import exists, universe
from ratify.projection.simulation import truncate


def codes(treaty_id: str, as_of: str | None = None) -> set[str]:
    treaty = store.load(store.bundled_path(treaty_id))
    if as_of:
        treaty = truncate(treaty, d(as_of))
    return {p.code for p in universe(treaty).participants}


def test_an_old_treaty_cut_early_has_the_states_of_its_time():
    """CEDAW on 30 Jul 1980: Zimbabwe was admitted on 25 Aug 1980, South Sudan in 2011 and
    Czechia in 1993; Czechoslovakia and the German Democratic Republic still existed."""
    then = codes("cedaw", "1980-07-30")
    assert {"ZWE", "SSD", "CZE", "SVK", "MNE"}.isdisjoint(then)
    assert {"CSK", "DDR", "FRA", "RUS"} <= then
    now = codes("cedaw")
    assert {"ZWE", "SSD", "CZE", "MNE"} <= now
    assert "DDR" in now and "CSK" in now      # they acted: their records stay


def test_a_continued_former_state_is_never_added():
    """The Russian Federation continues the USSR, so a 1980 universe holds RUS, not SUN as
    well; the SFRY has no sourced day of dissolution and joins only through its records."""
    then = codes("cedaw", "1980-07-30")
    assert "SUN" not in then and "RUS" in then
    reg = registry()
    assert not exists(reg["SUN"], d("1980-07-30"))
    assert not exists(reg["YUG"], d("1980-07-30"))


@pytest.mark.parametrize("code, end, expected", [
    ("SSD", "2011-07-13", False), ("SSD", "2011-07-14", True),     # admitted 14 Jul 2011
    ("MNE", "2006-06-27", False), ("MNE", "2006-06-28", True),     # admitted 28 Jun 2006
    ("CSK", "1992-12-31", True), ("CSK", "1993-01-01", False),     # ceased 31 Dec 1992
    ("DDR", "1973-03-22", False), ("DDR", "1973-03-23", True),    # first bundled act
    ("DDR", "1990-10-02", True), ("DDR", "1990-10-03", False),
])
def test_exists_follows_the_registry_dates(code, end, expected):
    assert exists(registry()[code], d(end)) is expected


def test_a_treaty_of_today_keeps_every_current_state():
    today = codes("att")
    assert {"SSD", "MNE", "CZE", "ZWE"} <= today
    assert {"SUN", "DDR", "CSK", "YUG"}.isdisjoint(today)


def test_a_participant_of_the_file_without_actions_then_is_dropped():
    """Genocide Convention cut at 1953: Jamaica (admitted 1962, accession 1968) is in the file
    but had no action by then, and is dropped; Italy, admitted only in 1955, had acceded to
    it on 4 Jun 1952, so it stays, and so would a state that had acted in another bundled
    treaty by then."""
    treaty = truncate(store.load(store.bundled_path("genocide")), d("1953-01-01"))
    assert treaty.participant("JAM") is not None and not treaty.participant("JAM").actions
    then = {p.code for p in universe(treaty).participants}
    assert "JAM" not in then and "FRA" in then
    assert "JAM" in {p.code for p in universe(treaty, open_only=False).participants}
    assert registry()["ITA"].admitted > d("1953-01-01") and "ITA" in then
    early = truncate(store.load(store.bundled_path("genocide")), d("1951-01-01"))
    assert "ITA" not in {p.code for p in universe(early).participants}


def test_a_state_acting_before_its_admission_could_join():
    """Switzerland joined the UN on 10 Sep 2002 but had long acted in other treaties; on the
    Rome Statute's opening day (17 Jul 1998, before its signature of the 18th) it could join."""
    then = codes("rome", "1998-07-17")
    assert registry()["CHE"].admitted == d("2002-09-10")
    assert "CHE" in then
    assert "TLS" not in then        # Timor-Leste: admitted 27 Sep 2002, no earlier action
