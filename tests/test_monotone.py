"""The projection is monotone in the evidence (issue 9): a deposit added on or before the data
horizon, or moved earlier (recorded or assumed), never moves the median or either bound of the
80 % interval later. A hypothesis property over random made-up treaties, on a fixed seed; the
runs of the two projections compared share their random numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from ratify.datafile import store
from ratify.model import Action
from ratify.projection.reference import INF, Reference, bundled_references
from ratify.projection.simulation import simulate

CODES = ("JAM", "TTO", "BRB", "BHS", "GUY", "SUR", "BLZ", "DMA", "GRD", "LCA", "VCT", "KNA",
         "ATG", "HTI", "CUB", "DOM")
OPENS = dt.date(2024, 1, 10)
RUNS = 300


@functools.cache
def base():
    return store.load(str(FIXTURES / "regional.yaml"))


@functools.cache
def reference() -> Reference:
    return Reference(bundled_references(exclude=("regional",)))


def bounds(treaty, as_of, pins=()):
    sim = simulate(treaty, as_of, pins=pins, runs=RUNS, seed=5, reference=reference())
    return [INF if v is None else v for v in (sim.quantile(q) for q in (0.1, 0.5, 0.9))]


@st.composite
def treaties(draw):
    """A made-up treaty open to n states, k of whom must ratify, with signatures and fewer than
    k deposits up to its data horizon, and an as-of date up to a year and a half later."""
    n = draw(st.integers(4, len(CODES)))
    k = draw(st.integers(2, min(n, 9)))
    horizon = OPENS + dt.timedelta(days=draw(st.integers(30, 1500)))
    as_of = horizon + dt.timedelta(days=draw(st.integers(0, 540)))
    days = st.integers(0, (horizon - OPENS).days)
    parts, deposits = [], 0
    for code in CODES[:n]:
        actions = []
        if draw(st.booleans()):
            actions.append(Action("signature", OPENS + dt.timedelta(days=draw(days))))
        if deposits < k - 1 and draw(st.integers(0, 3)) == 0:
            day = OPENS + dt.timedelta(days=draw(days))
            kind = "ratification" if actions else "accession"
            if actions:
                day = max(day, actions[0].date)
            actions.append(Action(kind, day))
            deposits += 1
        parts.append(dataclasses.replace(base().participant("JAM"), code=code, name=code,
                                         actions=tuple(actions)))
    rule = base().rule
    condition = dataclasses.replace(rule.conditions[0], count=k)
    treaty = dataclasses.replace(base(), participants=tuple(parts), open_to=CODES[:n],
                                 open_to_group=None, groups={"region": CODES[:n]},
                                 data_as_of=horizon,
                                 rule=dataclasses.replace(rule, conditions=(condition,)))
    return treaty, as_of


def with_deposit(treaty, code, day):
    """The treaty with `code`'s deposit on `day` (added, or replacing its own)."""
    parts = []
    for p in treaty.participants:
        if p.code == code:
            kept = tuple(a for a in p.actions if a.type == "signature")
            kind = "ratification" if kept else "accession"
            p = dataclasses.replace(p, actions=kept + (Action(kind, day),))
        parts.append(p)
    return dataclasses.replace(treaty, participants=tuple(parts))


def deposit_of(participant):
    return next((a.date for a in participant.actions if a.type != "signature"), None)


def earliest_allowed(participant):
    signed = [a.date for a in participant.actions if a.type == "signature"]
    return signed[0] if signed else OPENS


SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(treaties(), st.data())
def test_a_deposit_added_by_the_data_horizon_never_delays(case, data):
    treaty, as_of = case
    free = [p for p in treaty.participants if deposit_of(p) is None]
    p = data.draw(st.sampled_from(free))
    low = earliest_allowed(p)
    day = low + dt.timedelta(days=data.draw(st.integers(0, (treaty.data_as_of - low).days)))
    before = bounds(treaty, as_of)
    after = bounds(with_deposit(treaty, p.code, day), as_of)
    assert all(a <= b for a, b in zip(after, before)), (p.code, day, before, after)


@SETTINGS
@given(treaties(), st.data())
def test_a_recorded_deposit_moved_earlier_never_delays(case, data):
    treaty, as_of = case
    held = [p for p in treaty.participants if deposit_of(p) is not None
            and deposit_of(p) > earliest_allowed(p)]
    if not held:
        return
    p = data.draw(st.sampled_from(held))
    low = earliest_allowed(p)
    day = low + dt.timedelta(days=data.draw(st.integers(0, (deposit_of(p) - low).days - 1)))
    before = bounds(treaty, as_of)
    after = bounds(with_deposit(treaty, p.code, day), as_of)
    assert all(a <= b for a, b in zip(after, before)), (p.code, day, before, after)


@SETTINGS
@given(treaties(), st.data())
def test_an_assumed_deposit_moved_earlier_never_delays(case, data):
    treaty, as_of = case
    free = [p for p in treaty.participants if deposit_of(p) is None]
    p = data.draw(st.sampled_from(free))
    low = max(earliest_allowed(p), treaty.data_as_of + dt.timedelta(days=1))
    later = low + dt.timedelta(days=data.draw(st.integers(1, 1500)))
    earlier = low + dt.timedelta(days=data.draw(st.integers(0, (later - low).days - 1)))
    before = bounds(treaty, as_of, pins=[(p.code, later)])
    after = bounds(treaty, as_of, pins=[(p.code, earlier)])
    assert all(a <= b for a, b in zip(after, before)), (p.code, earlier, later, before, after)
