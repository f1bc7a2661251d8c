"""The data horizon (issue 9): a file is complete only up to its `data_as_of`; after it, deposits
it does not record are unknown, not absent. Pinned on the frozen Hanoi file (data as of
2026-02-23) and its two failures: the median drifting with the as-of date on the same facts, and
an earlier assumed ratification (Qatar) delaying the projection."""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import HANOI as HANOI_FIXTURE
from conftest import d
from ratify.datafile import store
from ratify.model import Action
from ratify.projection.project import project
from ratify.projection.simulation import simulate

TODAY = "2026-11-29"
RUNS = 2000


@pytest.fixture(scope="module")
def hanoi():
    return store.load(str(HANOI_FIXTURE))


def key(eif):
    """Entry-into-force days, with none within the horizon as the latest."""
    return [10 ** 7 if x is None else x for x in eif]


def dates(view):
    return view["p10"], view["median"], view["p90"]


def test_unobserved_months_are_not_read_as_no_deposits(hanoi):
    """Before: 2028-12-14 as of 2026-02-23, 2030-05-20 as of 2026-06-30, 2032-05-21 as of
    2026-11-29, on the same facts. Now the three are one projection, run for run."""
    views = [project(hanoi, d(day), runs=RUNS)[0] for day in ("2026-02-23", "2026-06-30", TODAY)]
    assert dates(views[0]) == dates(views[1]) == dates(views[2])
    early, late = (simulate(hanoi, d(day), runs=RUNS) for day in ("2026-02-23", TODAY))
    end = early.horizon_end.toordinal()     # the earlier projection looks 20 years from 02-23
    assert early.eif == [x if x is not None and x <= end else None for x in late.eif]
    assert [v["data_as_of"] for v in views] == ["2026-02-23"] * 3
    assert views[0]["data_note"] is None
    assert views[2]["data_note"] == ("projected from the data as of 2026-02-23; deposits since "
                                     "are unknown")


def test_an_as_of_date_before_the_data_horizon_is_unaffected(hanoi):
    complete = dataclasses.replace(hanoi, data_as_of=None)
    as_of = d("2026-01-15")
    assert simulate(hanoi, as_of, runs=500).eif == simulate(complete, as_of, runs=500).eif
    assert project(hanoi, as_of, runs=100)[0]["data_as_of"] == "2026-01-15"


def test_a_ratification_in_the_unobserved_gap_moves_the_projection_earlier(hanoi):
    """Before: --assume Qatar@2026-03-01 gave 2033-11-04 against 2032-05-21 without it (and
    Qatar@2026-11-01 2031-05-20). Both dates fall after the file's data horizon: the deposit
    replaces Qatar's simulated date, every other draw shared, so the earlier can never come
    later than the later in any run."""
    free = simulate(hanoi, d(TODAY), runs=RUNS)
    march = simulate(hanoi, d(TODAY), runs=RUNS, pins=[("QAT", d("2026-03-01"))])
    november = simulate(hanoi, d(TODAY), runs=RUNS, pins=[("QAT", d("2026-11-01"))])
    for a, b in zip(key(march.eif), key(november.eif)):
        assert a <= b                                 # run for run
    # (a run in which Qatar would have deposited before 1 November can come later with the
    # pin than without it; the median cannot, here)
    assert march.quantile(0.5) < free.quantile(0.5)
    assert november.quantile(0.5) < free.quantile(0.5)
    # the earlier date never gains less (Qatar is counted long before the 40th instrument in
    # nearly every run, so the two pins mostly give the same dates)
    assert sum(key(march.eif)) <= sum(key(november.eif))
    view, _ = project(hanoi, d(TODAY), runs=RUNS, pins=[("QAT", d("2026-03-01"))])
    assert view["shift"]["median"] < 0 and view["counted"] == 1


def test_a_deposit_recorded_after_the_data_horizon_is_a_known_fact(hanoi):
    """Recorded (not reconciled: data_as_of stays 2026-02-23), Qatar's ratification is pinned
    like --assume: the same runs, and the view says so."""
    parts = tuple(dataclasses.replace(p, actions=p.actions + (
        Action("ratification", d("2026-03-01"), source="test"),)) if p.code == "QAT" else p
        for p in hanoi.participants)
    recorded = dataclasses.replace(hanoi, participants=parts)
    assumed = simulate(hanoi, d(TODAY), runs=500, pins=[("QAT", d("2026-03-01"))])
    assert simulate(recorded, d(TODAY), runs=500).eif == assumed.eif
    view, _ = project(recorded, d(TODAY), runs=200)
    assert view["recorded_after_data_as_of"] == [
        {"participant": "QAT", "name": "Qatar", "deposit": "2026-03-01"}]
    assert view["counted"] == 1
    assert view["data_note"].endswith("but for the 1 deposit the file records after it")
    # the file's own fact cannot be assumed again
    with pytest.raises(Exception, match="already deposited"):
        simulate(recorded, d(TODAY), runs=10, pins=[("QAT", d("2026-04-01"))])


def test_the_output_shows_the_data_horizon_and_the_reported_facts(cli):
    table = cli("--today", TODAY, "project", "--runs", "200")
    assert table.exit_code == 0, table.output
    assert ("Projected from the data as of 2026-02-23; deposits since are unknown."
            in table.output)
    assert "if every missing instrument were deposited on 2026-02-24" in table.output
    assert "Taken as facts on reports" in table.output and "signatures" in table.output
    view = json.loads(cli("--today", TODAY, "project", "--runs", "200", "--format",
                          "json").stdout)
    assert view["data_as_of"] == "2026-02-23"
    assert view["reported"]["signature"] >= 1
    md = cli("--today", TODAY, "project", "--runs", "200", "--format", "md").stdout
    assert "| data\\_as\\_of | 2026-02-23 |" in md
    assert "deposits since are unknown" in md
    old = cli("--today", TODAY, "project", "--as-of", "2026-01-15", "--runs", "100")
    assert "deposits since are unknown" not in old.output


def test_a_threshold_met_only_in_the_unknown_time_is_not_settled():
    """The made-up regional agreement (3 of 8 needed; JAM deposited; data as of 2025-01-01):
    two deposits assumed on 2025-05-01 meet the threshold by the as-of date, but deposits the
    file does not know of may have met it sooner, so the date is not certain: at most
    2025-05-31 (30 days later), sometimes earlier."""
    regional = store.load(str(HANOI_FIXTURE.parent / "regional.yaml"))
    pins = [("TTO", d("2025-05-01")), ("BRB", d("2025-05-01"))]
    sim = simulate(regional, d("2025-06-01"), pins=pins, runs=500)
    assert not sim.deterministic
    assert max(sim.eif) == d("2025-05-31").toordinal() > min(sim.eif)
    complete = dataclasses.replace(regional, data_as_of=d("2025-06-01"))
    settled = simulate(complete, d("2025-06-01"), pins=pins, runs=50)
    assert settled.deterministic and set(settled.eif) == {d("2025-05-31").toordinal()}


def test_the_earliest_date_never_assumes_a_deposit_before_the_opening(hanoi):
    """A file whose data end before the treaty opened (2025-10-25): the earliest possible date
    assumes deposits from the opening day, not from the day after the data."""
    early = dataclasses.replace(hanoi, data_as_of=d("2025-06-01"))
    view, _ = project(early, d(TODAY), runs=50)
    assert view["earliest_if_deposited_on"] == "2025-10-25"
    assert view["earliest_entry_into_force"] == "2026-01-23"          # 90 days later
    assert view["reported"] == {}          # the reported signatures all came after its data


def test_reported_facts_are_counted_up_to_the_data_horizon(hanoi):
    usa = [p for p in hanoi.participants if p.code == "USA"]
    parts = tuple(dataclasses.replace(p, actions=p.actions + (
        Action("signature", d("2026-06-01"), confidence="reported", source="test"),))
        if p.code == "USA" else p for p in hanoi.participants)
    later = dataclasses.replace(hanoi, participants=parts)
    assert usa and project(later, d(TODAY), runs=50)[0]["reported"] == \
        project(hanoi, d(TODAY), runs=50)[0]["reported"]
