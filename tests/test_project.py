"""reference.py, simulation.py, project.py and fastpath.py: the fast rule agrees with Engine;
projections are deterministic, see nothing after the as-of date, honour pinned deposits and the
rule; the `project` command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

import pytest

from conftest import HANOI as HANOI_FIXTURE
from conftest import OFFICIAL, TREATIES, d
from ratify.datafile import store
from ratify.errors import RatifyError
from ratify.model import Action
from ratify.projection.fastpath import FastRule
from ratify.projection.project import project
from ratify.projection.reference import (
    Calendar,
    Reference,
    bundled_references,
    first_deposit,
    treaty_event_day,
    universe,
)
from ratify.projection.simulation import simulate, truncate
from ratify.rules import Engine, counted_intervals

TODAY = "2026-11-29"
HANOI = str(HANOI_FIXTURE)  # frozen: real deposits recorded later change nothing

def load(treaty_id: str):
    return store.load(str(TREATIES / f"{treaty_id}.yaml"))


@pytest.fixture(scope="module")
def hanoi():
    return store.load(HANOI)


# -- fast path == Engine -----------------------------------------------------------------------


def later_deposits(full: Engine, fast: FastRule, as_of: dt.date):
    """The real counted deposits after `as_of`, as a fast-path stream."""
    stream = []
    for code, h in full.histories.items():
        for interval in counted_intervals(h, full.rule.instruments):
            if interval.start > as_of:
                stream.append((interval.start.toordinal(), fast.index[code]))
    return sorted(stream)


def cut_points(treaty) -> list[dt.date]:
    engine = Engine(treaty)
    opens = treaty.signature_opens
    days = [opens - dt.timedelta(days=1), opens]
    if engine.threshold_date:
        half = next(day for day, v in zip(engine.counted.days, engine.counted.values)
                    if v >= engine.counted.values[-1] // 4)
        days += [half, engine.threshold_date - dt.timedelta(days=1), engine.threshold_date]
    return days


@pytest.mark.parametrize("treaty_id", sorted(OFFICIAL))
def test_fast_path_replays_the_official_dates(treaty_id):
    treaty = load(treaty_id)
    full = Engine(treaty)
    threshold, eif = OFFICIAL[treaty_id]
    for as_of in cut_points(treaty):
        fast = FastRule(Engine(truncate(treaty, as_of)), as_of)
        day = fast.threshold(later_deposits(full, fast, as_of))
        assert dt.date.fromordinal(day) == d(threshold), as_of
        assert dt.date.fromordinal(fast.eif(day)) == d(eif), as_of


def test_fast_path_ctbt_stays_blocked_and_kyoto_is_refused():
    ctbt = load("ctbt")
    full = Engine(ctbt)
    for as_of in (d("1996-09-23"), d("2010-01-01"), d("2026-02-03")):
        fast = FastRule(Engine(truncate(ctbt, as_of)), as_of)
        assert fast.threshold(later_deposits(full, fast, as_of)) is None
    # if the nine missing Annex 2 States deposited on 2027-01-04, CTBT enters into force
    # 180 days later (not_before long past)
    as_of = d("2026-02-03")
    fast = FastRule(Engine(universe(ctbt)), as_of)
    missing = ["CHN", "EGY", "IND", "IRN", "ISR", "PAK", "PRK", "RUS", "USA"]
    stream = [(d("2027-01-04").toordinal(), fast.index[c]) for c in missing]
    assert dt.date.fromordinal(fast.entry_into_force(stream)) == d("2027-07-03")
    assert fast.entry_into_force(stream[:-1]) is None
    with pytest.raises(ValueError):
        FastRule(Engine(load("kyoto")), d("2000-01-01"))


CODES = ["AUT", "BEL", "FRA", "DEU", "ITA", "USA", "CHN", "IND", "BRA", "ZAF", "JPN", "EUU"]
FORMULAS = ["{days: 90}", "{days: 30}", "{months: 5, first_of_next_month: true}",
            "{days: 60, first_of_next_month: true}", "{years: 1}"]


def random_case(rng: random.Random):
    """A random treaty (conditions, formula, not_before, actions up to 2005-01-01) and a random
    stream of new deposits after it."""
    as_of = d("2005-01-01")
    kinds = rng.sample(["count", "group", "weight", "all_of"], rng.randint(1, 3))
    conditions = []
    for kind in kinds:
        if kind == "count":
            conditions.append(f"{{count: {rng.randint(1, 9)}}}")
        elif kind == "group":
            conditions.append(f"{{count: {rng.randint(1, 4)}, group: eu_members}}")
        elif kind == "weight":
            conditions.append(f"{{weight: emissions, at_least: {rng.randint(5, 60)}.5}}")
        else:
            named = rng.sample(CODES[:-1], rng.randint(1, 4))
            conditions.append(f"{{all_of: [{', '.join(named)}]}}")
    not_before = rng.choice(["null", "2006-06-30", "2003-01-01"])
    reio = rng.choice(["excluded", "counted"])
    text = f"""schema: 1
treaty:
  id: random
  title: Random Treaty
  signature: {{opens: 2000-01-01}}
  entry_into_force:
    instruments: [ratification, acceptance, approval, accession]
    reio: {reio}
    conditions: [{', '.join(conditions)}]
    date: {rng.choice(FORMULAS)}
    not_before: {not_before}
  withdrawal: {{years: 1}}
groups:
  eu_members: [AUT, BEL, FRA, DEU]
participants:
"""

    def day(start: str, end: str) -> dt.date:
        a, b = d(start).toordinal(), d(end).toordinal()
        return dt.date.fromordinal(rng.randint(a, b))

    for code in CODES:
        text += f"  - code: {code}\n"
        if code == "EUU":
            text += "    kind: reio\n    members: eu_members\n"
        text += f"    weights: {{emissions: {rng.randint(0, 300) / 10}}}\n"
        story = rng.choice(["none", "signed", "party", "revoked", "denounced", "pending",
                            "succeeded"])
        actions = []
        if story != "none":
            actions.append(("signature", day("2000-01-01", "2001-12-31")))
        if story in ("party", "revoked", "denounced", "pending"):
            actions.append(("ratification", day("2002-01-01", "2002-12-31")))
        if story == "revoked":
            actions.append(("revocation", day("2003-01-01", "2004-12-31")))
        if story == "denounced":
            actions.append(("denunciation", day("2003-01-01", "2003-12-31")))
        if story == "pending":      # notified, effective after as_of
            actions.append(("denunciation", day("2004-02-01", "2004-12-31")))
        if story == "succeeded":    # a party by an instrument this treaty does not count
            actions.append(("succession", day("2002-01-01", "2002-12-31")))
        if actions:
            text += "    actions:\n"
            for kind, when in actions:
                text += f"      - {{type: {kind}, date: {when}, source: test}}\n"
    treaty = store.parse(text, "random.yaml")
    deposits = []
    for code in rng.sample(CODES, rng.randint(0, len(CODES))):
        for _ in range(rng.choice([1, 1, 1, 2])):
            deposits.append((code, day("2005-01-02", "2007-12-31")))
    return treaty, as_of, deposits


def check_random_case(seed: int):
    rng = random.Random(seed)
    treaty, as_of, deposits = random_case(rng)
    fast = FastRule(Engine(treaty), as_of)
    by_code = {}
    for code, when in deposits:
        by_code.setdefault(code, []).append(Action("ratification", when, source="test"))
    full = Engine(dataclasses.replace(treaty, participants=tuple(
        dataclasses.replace(p, actions=p.actions + tuple(by_code.get(p.code, ())))
        for p in treaty.participants)))
    stream = sorted((when.toordinal(), fast.index[code]) for code, when in deposits)
    threshold = fast.threshold(stream)
    expected = full.threshold_date.toordinal() if full.threshold_date else None
    assert threshold == expected, seed
    eif = fast.eif(threshold)
    assert eif == (full.entry_into_force.toordinal() if full.entry_into_force else None), seed
    return threshold is not None


def test_fast_path_agrees_with_engine_on_random_paths():
    met = sum(check_random_case(seed) for seed in range(400))
    assert 40 < met < 400        # both outcomes are exercised


@pytest.mark.slow
def test_fast_path_agrees_with_engine_on_many_random_paths():
    for seed in range(400, 6400):
        check_random_case(seed)


# -- the projection ------------------------------------------------------------------------------


def test_treaty_event_days():
    assert treaty_event_day(2014) == d("2014-09-23")   # ATT's 8 deposits: Thursday 25 Sep
    assert treaty_event_day(2016) == d("2016-09-20")   # Paris' 31 deposits: Wednesday 21 Sep
    assert treaty_event_day(2025) == d("2025-09-23")


def test_reference_class_leaves_out_the_treaty_and_the_ctbt():
    ref = Reference(bundled_references(exclude=("att",)))
    assert "att" not in ref.ids and "ctbt" not in ref.ids and "kyoto" in ref.ids
    # every other bundled treaty that reached its count; the two corpus treaties not in force
    # are censored times to threshold
    assert len(ref.ids) == 68 and ref.censored == ["jurisdictional_immunities", "vclt_io"]
    assert 1.5 < sum(ref.shape) + 4 < 60           # an event day weighs more than an ordinary one
    assert 0.3 < ref.sigma < 1.5 and ref.size > 1


def test_simulated_deposits_bunch_on_the_treaty_event(hanoi):
    sim = simulate(hanoi, d(TODAY), runs=300, seed=1, record=300)
    days = [dt.date.fromordinal(n) for path in sim.paths for n in path]
    assert len(days) > 5000
    share = sum(0 <= (x - treaty_event_day(x.year)).days < 4 for x in days) / len(days)
    assert share > 0.05          # against 4/365 = 1.1 % if deposits fell evenly


def test_a_known_date_bunches_deposits_too(hanoi):
    day = d("2027-06-09")
    plain = simulate(hanoi, d(TODAY), runs=200, seed=2, record=200)
    event = simulate(hanoi, d(TODAY), runs=200, seed=2, record=200, events=[day])
    on_day = [sum(n == day.toordinal() for path in sim.paths for n in path)
              for sim in (plain, event)]
    assert on_day[0] < 10 < 50 < on_day[1]


def test_horizon_and_after_text(cli):
    result = cli("--today", TODAY, "project", "--runs", "300", "--horizon", "1")
    assert result.exit_code == 0
    assert "80 % interval" in result.output and "after 2027-11-29" in result.output
    view = json.loads(cli("--today", TODAY, "project", "--runs", "300", "--horizon", "1",
                          "--format", "json").stdout)
    assert view["p90"] is None and view["p_none_within_horizon"] > 0.5
    assert list(view["p_by"]) == ["2026-12-31"]


def test_same_seed_same_projection_other_seed_other_runs(hanoi):
    one, _ = project(hanoi, d(TODAY), runs=400, seed=7)
    two, _ = project(hanoi, d(TODAY), runs=400, seed=7)
    assert one == two
    a = simulate(hanoi, d(TODAY), runs=400, seed=7)
    b = simulate(hanoi, d(TODAY), runs=400, seed=8)
    assert a.eif != b.eif


def test_hanoi_projection_shape(hanoi):
    view, sim = project(hanoi, d(TODAY), runs=1000)
    keys = {"median", "p10", "p90", "p_by", "p_none_within_horizon", "horizon_years", "runs",
            "seed", "method", "assumptions", "earliest_entry_into_force"}
    assert keys <= set(view)
    # the data end on 2026-02-23: every instrument deposited the next day, 90 days later
    assert view["earliest_entry_into_force"] == "2026-05-25"
    assert view["earliest_if_deposited_on"] == "2026-02-24"
    assert min(x for x in sim.eif if x) >= d("2026-05-25").toordinal()
    assert view["counted"] == 0 and view["required"] == 40
    assert view["p10"] <= view["median"] <= view["p90"]
    probs = list(view["p_by"].values())
    assert list(view["p_by"])[:3] == ["2026-12-31", "2027-12-31", "2028-12-31"]
    assert probs == sorted(probs) and probs[0] < 0.05
    assert "0 of 40 instruments counted" in view["drivers"]
    assert "72 signatories" in view["drivers"]
    assert view["warnings"] and "2026-02-23" in view["warnings"][0]


@pytest.mark.parametrize("treaty_id, as_of", [("att", "2014-03-19"), ("paris", "2016-09-15"),
                                              ("rome", "1999-01-17"), ("uncac", "2005-05-23")])
def test_intervals_are_ordered_and_after_the_as_of_date(treaty_id, as_of):
    sim = simulate(load(treaty_id), d(as_of), runs=400)
    low, mid, high = (sim.quantile(q) for q in (0.1, 0.5, 0.9))
    assert low <= mid <= (high or mid)
    floor = Engine(truncate(load(treaty_id), d(as_of))).snapshot(d(as_of))
    assert all(day >= floor.earliest_entry_into_force.toordinal() for day in sim.eif if day)


def test_no_information_from_after_the_as_of_date_reaches_the_model():
    """Moving ATT's deposits after 2014-03-19 (and its recorded entry into force) changes
    nothing in the projection made on that date."""
    att = load("att")
    as_of = d("2014-03-19")
    moved = dataclasses.replace(att, entered_into_force=d("2030-01-01"), participants=tuple(
        dataclasses.replace(p, actions=tuple(
            dataclasses.replace(a, date=a.date + dt.timedelta(days=700)) if a.date > as_of
            else a for a in p.actions)) for p in att.participants))
    dropped = truncate(att, as_of)
    assert Engine(moved).threshold_date != Engine(att).threshold_date
    base, _ = project(att, as_of, runs=500, seed=3)
    assert project(moved, as_of, runs=500, seed=3)[0] == base
    assert project(dropped, as_of, runs=500, seed=3)[0] == base


def test_pinned_threshold_gives_the_date_in_every_run(hanoi):
    hanoi = dataclasses.replace(hanoi, data_as_of=d(TODAY))  # no unknown time before the pins
    signatories = [p.code for p in hanoi.participants if p.kind == "state"
                   and any(a.type == "signature" for a in p.actions)][:40]
    pins = [(code, d("2027-03-01")) for code in signatories]
    sim = simulate(hanoi, d(TODAY), pins=pins, runs=300)
    assert set(sim.eif) == {d("2027-05-30").toordinal()}          # 2027-03-01 + 90 days
    # the European Union's instrument is not counted in addition: 39 States + EU = 39 States
    with_eu = simulate(hanoi, d(TODAY), pins=pins[:39] + [("EUU", d("2027-03-01"))], runs=300)
    without = simulate(hanoi, d(TODAY), pins=pins[:39], runs=300)
    assert with_eu.eif == without.eif
    assert min(with_eu.eif) >= d("2027-05-30").toordinal()
    assert len(set(with_eu.eif)) > 50


def test_pins_shift_the_projection_and_are_reported(hanoi):
    pins = [("QAT", d("2026-03-01")), ("VNM", d("2026-05-01"))]
    view, _ = project(hanoi, d(TODAY), pins=pins, runs=500)
    assert view["assumptions"] == [
        {"participant": "QAT", "name": "Qatar", "deposit": "2026-03-01"},
        {"participant": "VNM", "name": "Viet Nam", "deposit": "2026-05-01"}]
    assert view["counted"] == 2                       # dated before the as-of date: observed
    assert view["shift"]["median"] < 0                # two deposits in hand: sooner
    assert view["unpinned"]["median"] > view["median"]
    assert view["shift"]["median"] == (d(view["median"]) - d(view["unpinned"]["median"])).days


def test_paris_weight_condition_decides_the_date():
    """On 2016-10-04 the count was met but emissions stood at 52.1 %: pinning the deposits of
    5 October (the EU and seven member States among them) gives 4 November in every run."""
    paris = load("paris")
    as_of = d("2016-10-04")
    day = d("2016-10-05")
    pins = [(p.code, day) for p in paris.participants
            if any(a.date == day and a.type != "signature" for a in p.actions)]
    assert len(pins) == 11 and ("EUU", day) in pins
    sim = simulate(paris, as_of, pins=pins, runs=200)
    assert set(sim.eif) == {d("2016-11-04").toordinal()}
    free = simulate(paris, as_of, runs=200)
    assert min(free.eif) >= d("2016-11-04").toordinal() and len(set(free.eif)) > 10


@pytest.mark.parametrize("treaty_id, as_of, eif", [
    ("att", "2015-06-01", "2014-12-24"),      # in force
    ("att", "2014-10-01", "2014-12-24"),      # threshold met, entry into force ahead
    ("rome", "2002-05-01", "2002-07-01"),
])
def test_a_treaty_past_its_threshold_projects_its_real_date(treaty_id, as_of, eif):
    view, _ = project(load(treaty_id), d(as_of), runs=50)
    assert view["median"] == view["p10"] == view["p90"] == eif
    assert view["p_none_within_horizon"] == 0.0
    assert "deterministic" in view["method"]


def test_ctbt_is_projected_as_blocked():
    view, _ = project(load("ctbt"), d(TODAY), runs=200)
    assert view["p90"] is None and view["p_none_within_horizon"] > 0.9
    assert "China" in view["drivers"]


@pytest.mark.parametrize("pins, message", [
    ([("QAT", d("2025-01-01"))], "before the treaty opened"),
    ([("QAT", d("2027-01-01")), ("QAT", d("2027-02-01"))], "twice"),
    ([("XXX", d("2027-01-01"))], "not a participant"),
])
def test_pins_that_cannot_be_honoured_are_refused(hanoi, pins, message):
    with pytest.raises(RatifyError, match=message):
        simulate(hanoi, d(TODAY), pins=pins, runs=10)


def test_pin_of_a_party_and_unevaluable_treaty_are_refused():
    with pytest.raises(RatifyError, match="already deposited its instrument on 2013-07-02"):
        simulate(load("att"), d("2014-03-19"), pins=[("ISL", d("2014-05-01"))], runs=10)
    with pytest.raises(RatifyError, match="not evaluable"):
        simulate(load("kyoto"), d("2001-01-01"), runs=10)


def test_universe_adds_the_states_that_never_acted():
    tpnw = load("tpnw")
    assert len(tpnw.participants) == 99
    assert len(universe(tpnw).participants) == 197
    engine = Engine(universe(tpnw))
    assert first_deposit(engine, "USA") is None


def test_calendar_round_trip():
    cal = Calendar(d("2013-06-03"), 800, (2.0, 10.0, 5.0, 3.0))
    for offset in (0, 100, 477, 478, 479, 799):
        assert cal.day(cal.age(offset)) == offset
    event = (treaty_event_day(2014) - d("2013-06-03")).days + 1      # Wednesday 2014-09-24
    assert cal.end_of(event) - cal.end_of(event - 1) == pytest.approx(11.0)


# -- the command ---------------------------------------------------------------------------------


def test_cli_project_json(cli):
    result = cli("--today", TODAY, "project", "--runs", "300", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["runs"] == 300 and view["seed"] == 0 and view["horizon_years"] == 20
    assert view["treaty"]["id"] == "uncc"
    assert view["p10"] <= view["median"]


def test_cli_project_table_chart_and_assumptions(cli):
    result = cli("--today", TODAY, "--treaty", "att", "project", "--as-of", "2014-03-19",
                 "--runs", "300", "--chart", "--assume", "Angola@2014-05-01")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Median" in out and "80 % interval" in out and "Chance of entry into force" in out
    assert "Assumed deposits: Angola on 2014-05-01" in out
    assert "█" in out and "•" in out and "░" in out and "threshold (50)" in out
    chart = [line for line in out.splitlines() if "┤" in line or "└" in line]
    assert chart and max(len(line) for line in chart) <= 80  # prose is not wrapped when piped


def test_cli_project_csv_md_and_horizon(cli):
    result = cli("--today", TODAY, "project", "--runs", "200", "--horizon", "5", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("key,value\n") and "p_by 2031-11-29" not in result.stdout
    assert "horizon_years,5" in result.stdout
    assert "\nwarning,\"data last reconciled" in result.stdout
    result = cli("--today", TODAY, "project", "--runs", "200", "--format", "md")
    assert result.exit_code == 0 and "| median |" in result.output


@pytest.mark.parametrize("args", [
    ["--assume", "Qatar-2027-01-01"], ["--assume", "@2027-01-01"],
    ["--assume", "Qatar@2027-02-30"], ["--runs", "0"], ["--horizon", "0"],
    ["--chart", "--format", "json"], ["--as-of", "2026-13-01"]])
def test_cli_project_usage_errors(cli, args):
    result = cli("--today", TODAY, "project", "--runs", "10", *args)
    assert result.exit_code == 2


def test_cli_project_unknown_participant(cli):
    result = cli("--today", TODAY, "project", "--runs", "10", "--assume", "Qatr@2027-01-01")
    assert result.exit_code == 1
    assert "did you mean Qatar" in result.output
    result = cli("--today", TODAY, "--treaty", "kyoto", "project", "--runs", "10")
    assert result.exit_code == 1 and "not evaluable" in result.output


# -- the calendar's end and assumptions that cannot move the projection (issue 8) ---------------


@pytest.mark.parametrize("as_of", ["9999-12-31", "9980-01-01", "9999-10-01"])
def test_horizon_clamps_to_the_last_date_of_the_calendar(hanoi, as_of):
    hanoi = dataclasses.replace(hanoi, data_as_of=None)  # complete up to any as-of date
    view, sim = project(hanoi, d(as_of), runs=50, record=50)
    assert view["horizon_end"] == "9999-12-31" and view["horizon_years"] == 20
    assert view["median"] is None and view["p90"] is None  # "after 9999-12-31"
    assert list(view["p_by"])[-1] == "9999-12-31"
    assert any("cut at 9999-12-31" in w for w in view["warnings"])
    engine = Engine(truncate(hanoi, d(as_of)))
    from ratify.projection.project import fan_series
    assert fan_series(sim, engine)["end"] == d("9999-12-31")


def test_horizon_within_the_calendar_gives_no_clamp_warning(hanoi):
    view, _ = project(hanoi, d(TODAY), runs=50)
    assert view["horizon_end"] == "2046-11-29"
    assert not any("cut at" in w for w in view["warnings"])


def test_cli_project_at_the_end_of_the_calendar(cli, tmp_path):
    complete = tmp_path / "complete.yaml"       # no data_as_of: complete up to any as-of date
    complete.write_text("".join(line for line in HANOI_FIXTURE.read_text().splitlines(True)
                                if not line.strip().startswith("data_as_of:")))
    data = ("--data", str(complete))
    result = cli(*data, "--today", "9999-12-31", "project", "--runs", "50")
    assert result.exit_code == 0, result.output
    assert "after 9999-12-31" in result.output and "Traceback" not in result.output
    result = cli(*data, "--today", TODAY, "project", "--as-of", "9980-01-01", "--runs", "50",
                 "--chart")
    assert result.exit_code == 0, result.output
    view = json.loads(cli(*data, "--today", TODAY, "project", "--as-of", "9980-01-01",
                          "--runs", "50", "--format", "json").stdout)
    assert view["horizon_end"] == "9999-12-31" and view["median"] is None
    assert any("cut at 9999-12-31" in w for w in view["warnings"])


def test_assumptions_that_cannot_move_the_projection_warn(hanoi):
    # the Hanoi Convention excludes REIOs (Art. 65(1)): the EU's instrument is not counted
    view, _ = project(hanoi, d(TODAY), runs=50, horizon_years=3,
                      pins=[("EUU", d("2027-01-01")), ("QAT", d("2035-01-01"))])
    eu, late = [w for w in view["warnings"] if w.startswith("--assume")]
    assert eu.startswith("--assume EUU@2027-01-01: European Union") and "reio: excluded" in eu
    assert late.startswith("--assume QAT@2035-01-01: the deposit is after the horizon's end "
                           "(2029-11-29)")
    plain, _ = project(hanoi, d(TODAY), runs=50, pins=[("QAT", d("2027-01-01"))])
    assert not any(w.startswith("--assume") for w in plain["warnings"])


def test_cli_assume_warnings_are_in_the_json(cli):
    result = cli("--today", TODAY, "project", "--runs", "50", "--horizon", "3",
                 "--assume", "EU@2027-01-01", "--assume", "Qatar@2035-01-01",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert sum(w.startswith("--assume") for w in view["warnings"]) == 2


def test_one_year_horizon_is_singular(cli):
    out = cli("--today", TODAY, "project", "--runs", "100", "--horizon", "1").stdout
    assert "horizon 1 year (to " in out and "1 years" not in out
    out = cli("--today", TODAY, "project", "--runs", "1").stdout
    assert " · 1 run · seed 0 · " in out
