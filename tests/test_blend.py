"""pace.py's blend of the simulation with the reference-class shape: the ratios, the weights,
the stretch, and where it does not apply."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from conftest import HANOI, TREATIES, d
from ratify.datafile import store
from ratify.projection.backtest import bundled_engine, reference_shape, treaty_ids
from ratify.projection.pace import Z90, Options, blend_stretch
from ratify.projection.reference import Calendar, bundled_reference, shape_ratio
from ratify.projection.simulation import simulate


def load(treaty_id: str):
    return store.load(str(TREATIES / f"{treaty_id}.yaml"))


def test_shape_ratio_uses_the_reference_treatys_own_count():
    # CCM: 15 of 30 instruments on day 252 after opening, threshold (30th) on day 440
    assert shape_ratio(bundled_reference("ccm"), 0.5) == pytest.approx(188 / 252)
    # a count given explicitly wins (as the baseline passes it)
    assert shape_ratio(bundled_reference("ccm"), 0.5, 30) == pytest.approx(188 / 252)
    # Kyoto's threshold needs emissions figures the data lacks; the CTBT has no count condition
    assert shape_ratio(bundled_reference("kyoto"), 0.5) is None
    assert shape_ratio(bundled_reference("ctbt"), 0.5) is None


def flat_calendar(days: int) -> Calendar:
    return Calendar(d("2000-01-01"), days, (0.0, 0.0, 0.0, 0.0))   # operational = calendar days


def test_fixed_weight_moves_the_median_to_the_geometric_blend():
    cal = flat_calendar(5000)
    as_of = d("2000-04-10")                       # 100 days after opening
    a = 100
    met = [as_of.toordinal() + 100] * 9           # the simulation: 100 days to go
    # reference ratios with median 4: 400 days to go; half and half: sqrt(100 * 400) = 200
    stretch, weight = blend_stretch(met, [1.0, 4.0, 9.0], 100, 0.5, as_of, a, cal.end_of(a), cal)
    assert weight == 0.5
    assert stretch == pytest.approx(2.0)


def test_precision_weight_is_inverse_variance_of_the_log_spreads():
    cal = flat_calendar(5000)
    as_of = d("2000-04-10")
    a = 100
    day = as_of.toordinal()
    # nearest rank over 100 runs: 10th 50, median 100, 90th 200
    met = [day + 50] * 11 + [day + 100] * 78 + [day + 200] * 11
    ratios = [1.0, 2.0, 4.0]        # interpolated 10th 1.2, median 2, 90th 3.6
    stretch, weight = blend_stretch(met, ratios, 100, "precision", as_of, a, cal.end_of(a), cal)
    s_own = math.log(200 / 50) / (2 * Z90)
    s_shape = math.log(3.6 / 1.2) / (2 * Z90)
    expected = s_own ** 2 / (s_own ** 2 + s_shape ** 2)
    assert weight == pytest.approx(expected)
    # 100 days to go becomes 100 * 2 ** weight = 153.08, to the whole day
    assert stretch == round(100 * 2 ** expected) / 100 == 1.53


def test_no_blend_when_more_than_half_the_runs_miss_the_horizon():
    cal = flat_calendar(5000)
    as_of = d("2000-04-10")
    met = [as_of.toordinal() + 100] * 4 + [math.inf] * 6
    assert blend_stretch(met, [1.0, 2.0], 100, 0.5, as_of, 100, cal.end_of(100), cal) == (1.0, 0.0)


def shape_median(treaty_id: str, as_of: dt.date) -> dt.date:
    shapes = [(bundled_reference(t), bundled_engine(t).rule.headline_count.count)
              for t in treaty_ids() if t != treaty_id]
    return reference_shape(load(treaty_id), as_of, shapes)["median"]


def test_weight_one_reproduces_the_reference_shape_median_weight_zero_the_simulation():
    """UNCAC on 2004-12-15 (15 of 30): the reference shape says 2005-09-14; the simulation
    alone 2005-09-28; the blend lands between, and with weight 1 on the shape's date."""
    uncac = load("uncac")
    as_of = d("2004-12-15")
    target = shape_median("uncac", as_of)
    assert target == d("2005-09-14")
    alone = simulate(uncac, as_of, runs=1000, options=Options(blend=0))
    shape = simulate(uncac, as_of, runs=1000, options=Options(blend=1.0))
    mixed = simulate(uncac, as_of, runs=1000)
    assert alone.stretch == 1.0 and alone.blend_weight == 0.0
    assert dt.date.fromordinal(alone.quantile(0.5)) == d("2005-09-28")
    assert abs(shape.quantile(0.5) - target.toordinal()) <= 3
    assert shape.blend_weight == 1.0 and shape.stretch < 1
    assert 0 < mixed.blend_weight < 1
    assert shape.quantile(0.5) <= mixed.quantile(0.5) <= alone.quantile(0.5)
    # the stretch keeps the spread: the 80 % interval moves, it is not squeezed to a point
    assert mixed.quantile(0.9) - mixed.quantile(0.1) > 150


def test_no_blend_with_no_instrument_counted_or_the_count_already_met():
    hanoi = store.load(str(HANOI))  # frozen: 0 of 40
    sim = simulate(hanoi, d("2026-11-29"), runs=300)            # 0 of 40
    assert sim.blend_weight == 0.0 and sim.stretch == 1.0
    assert sim.eif == simulate(hanoi, d("2026-11-29"), runs=300, options=Options(blend=0)).eif
    # Paris on 2016-10-04: 62 of 55 counted, the emissions condition missing
    paris = simulate(load("paris"), d("2016-10-04"), runs=200)
    assert paris.blend_weight == 0.0
    # Paris on its opening day (15 deposited on 2016-04-22): no time elapsed, no ratio
    assert simulate(load("paris"), d("2016-04-22"), runs=200).blend_weight == 0.0


def test_blend_sees_nothing_after_the_as_of_date():
    """With the shape at full weight, moving ATT's later deposits changes nothing."""
    att = load("att")
    as_of = d("2014-03-19")
    moved = dataclasses.replace(att, entered_into_force=d("2030-01-01"), participants=tuple(
        dataclasses.replace(p, actions=tuple(
            dataclasses.replace(a, date=a.date + dt.timedelta(days=700)) if a.date > as_of
            else a for a in p.actions)) for p in att.participants))
    one = simulate(att, as_of, runs=300, seed=4, options=Options(blend=1.0))
    two = simulate(moved, as_of, runs=300, seed=4, options=Options(blend=1.0))
    assert one.blend_weight == 1.0
    assert one.eif == two.eif and one.stretch == two.stretch
