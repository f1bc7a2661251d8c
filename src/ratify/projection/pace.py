"""The pace factor and its evidence: how fast the projected treaty goes, learned from the reference
class and its own counts.

The pace factor is the treaty's time to its threshold over the reference class's typical time, on
`GRID`: a log-normal prior updated by the likelihood of the deposits counted by each point of the
elapsed time (`pace_evidence`, giving a `PaceDistribution` each run draws a cell from), or, as an
option, the time the reference treaties took to reach the same fraction of their threshold. Also
the blend of the simulation's median time to go with that reference-shape estimate
(`blend_stretch`), and the model variants (`Options`). Nothing here draws the runs
(`simulation.py` does) or prints.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from typing import NamedTuple

from .reference import (
    INF,
    Calendar,
    Reference,
    first_deposit,
    first_signature,
    interpolated_quantile,
    nearest_rank,
    shape_ratio,
)
from .standing import BySignature, Standing

#: the projected treaty's time to its threshold, as multiples of the reference class's typical
#: time: 1/8 to 16, in steps of 2^(1/8)
GRID = tuple(2 ** (i / 8) for i in range(-24, 33))


@dataclass(frozen=True)
class Options:
    """Model variants, for the benchmark's sensitivity table; the defaults are the model."""

    analogs: bool = False  # True: each run follows one reference treaty, not the pooled class
    bins: int = 4          # points of the elapsed time at which counts enter the likelihood
    #: weight of the reference-shape estimate of the time still to go in the geometric blend of
    #: medians (0: the simulation alone); "precision": inverse-variance weights from the two
    #: estimates' own 80 % spreads
    blend: float | str = "precision"
    #: where the pace factor comes from: "counts" (the likelihood of the count path), "shape"
    #: (the time the reference treaties took to reach the same fraction of their threshold)
    pace: str = "counts"
    #: False: a Poisson count likelihood instead of the negative binomial (no overdispersion)
    overdispersion: bool = True


DEFAULT = Options()


# -- the pace factor --------------------------------------------------------------------------


class Cell(NamedTuple):
    """One value of the pace factor a run can draw."""

    treaty: int | None  # the reference treaty the run follows (None: the pooled class)
    grid: int           # index in GRID of the treaty's time to its threshold / typical


class PaceDistribution:
    """Weighted cells of the pace factor: each run draws one, and the projection reports their
    spread."""

    def __init__(self, cells: list[Cell], probs: list[float]):
        self.cells = cells
        self.probs = probs
        self.cumulative = list(itertools.accumulate(probs))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> int:
        """The number of a cell drawn by weight (one random number)."""
        return min(bisect.bisect_left(self.cumulative, rng.random() * self.total),
                   len(self.cells) - 1)

    def quantiles(self) -> tuple[float, float, float]:
        """The 10th, 50th and 90th percentile of T / typical."""
        marginal = [0.0] * len(GRID)
        for cell, p in zip(self.cells, self.probs):
            marginal[cell.grid] += p / self.total
        return tuple(_grid_quantile(marginal, q) for q in (0.1, 0.5, 0.9))

    def analog_weights(self, ids: list[str]) -> dict[str, float]:
        """The weight of each reference treaty followed by runs (none for the pooled class)."""
        analogs: dict[str, float] = {}
        for cell, p in zip(self.cells, self.probs):
            if cell.treaty is not None:
                treaty_id = ids[cell.treaty]
                analogs[treaty_id] = analogs.get(treaty_id, 0.0) + p / self.total
        return analogs


@dataclass(frozen=True)
class Evidence:
    """What the deposits counted so far say about the pace."""

    pace: PaceDistribution
    weights: list[tuple[float, float]]  # per pooled reference treaty (`Reference.weights`)
    age: float                          # operational age at the end of the as-of date
    ratios: list[float]                 # the reference shape at the fraction reached


def pace_evidence(standing: Standing, reference: Reference, options: Options) -> Evidence:
    """The pace factor from the count path (or, as an option, from the fraction reached)."""
    engine = standing.engine
    countable = [p for p in engine.treaty.participants if engine.histories[p.code].counts]
    required = standing.required
    weights = reference.weights(required / len(countable) if required and countable else None)
    observations = _observations(standing, countable, options.bins)
    age = observations[-1].age
    ratios = _shape_ratios(reference, standing.snapshot.counted, required, standing.days_open)
    if options.pace == "shape" and ratios:
        pace = _shape_pace(reference, ratios, max(1, standing.days_open), age,
                           standing.days_open, standing.calendar)
    else:
        pace = _posterior(reference, observations, weights, options)
    return Evidence(pace, weights, age, ratios)


def _shape_ratios(reference: Reference, counted: int, required: int | None,
                  days_open: int) -> list[float]:
    """The reference treaties' ratios, time to go / time elapsed, at the fraction of the count
    reached; none without a fraction reached (at least one, short of the count: past it, what is
    missing is another condition) or a day elapsed."""
    if not (required and 1 <= counted < required and days_open >= 1):
        return []
    fraction = counted / required
    return [r for r in (shape_ratio(t, fraction) for t in reference.treaties) if r is not None]


class Observation(NamedTuple):
    """One point of the count path."""

    age: float                      # operational age
    participants: BySignature[int]  # countable participants, by whether signed by then
    counted: int                    # counted deposits by then


def _observations(standing: Standing, countable, bins: int) -> list[Observation]:
    """The count path at each of `bins` points of the elapsed time."""
    cal, days_open = standing.calendar, standing.days_open
    signed = [first_signature(p) for p in countable]
    deposited = [first_deposit(standing.engine, p.code) for p in countable]
    result = []
    for b in range(1, bins + 1):
        t = round(days_open * b / bins)
        when = cal.opens + dt.timedelta(days=t)
        signed_by = sum(1 for s in signed if s is not None and s <= when)
        counted = sum(1 for d in deposited if d is not None and d <= when)
        result.append(Observation(cal.end_of(t), BySignature(len(signed) - signed_by, signed_by),
                                  counted))
    return result


def _posterior(reference: Reference, observations: list[Observation], weights,
               options: Options) -> PaceDistribution:
    """Posterior over the cells: prior times likelihood of the counted deposits added between
    successive observation points."""
    treaties = range(len(reference.ages)) if options.analogs else [None]
    cells, logpost = [], []
    for j in treaties:
        for g, m in enumerate(GRID):
            scale = reference.typical * m
            ll, before, k_before = 0.0, 0.0, 0
            for point in observations:
                deposited, waiting, _ = reference.split(point.age / scale, weights, pools=False,
                                                        only=j)
                lam = max(reference.expected(point.participants, deposited, waiting), before)
                ll += reference.loglik(point.counted - k_before, max(lam - before, 1e-6),
                                       options.overdispersion)
                before, k_before = lam, point.counted
            cells.append(Cell(j, g))
            logpost.append(ll - math.log(m) ** 2 / (2 * reference.sigma ** 2))
    top = max(logpost)
    probs = [math.exp(x - top) for x in logpost]
    total = sum(probs)
    kept = [(c, p / total) for c, p in zip(cells, probs) if p / total > 1e-5]
    return PaceDistribution([c for c, _ in kept], [p for _, p in kept])


def _shape_pace(reference: Reference, ratios, elapsed, age, a, cal) -> PaceDistribution:
    """The pace factor from the fraction reached: one cell per reference treaty, the time to the
    threshold it implies (elapsed x (1 + its ratio)), on the grid; equal weights."""
    probs: dict[int, float] = {}
    for r in ratios:
        t = age + _remaining_age(elapsed * r, a, age, cal)
        g = round(8 * math.log2(t / reference.typical)) + 24
        g = min(max(g, 0), len(GRID) - 1)
        probs[g] = probs.get(g, 0.0) + 1.0 / len(ratios)
    cells = sorted(probs)
    return PaceDistribution([Cell(None, g) for g in cells], [probs[g] for g in cells])


def _grid_quantile(marginal: list[float], q: float) -> float:
    acc = 0.0
    for g, p in enumerate(marginal):
        acc += p
        if acc >= q - 1e-12:
            return GRID[g]
    return GRID[-1]


# -- the blend --------------------------------------------------------------------------------


Z90 = 1.2815515655446004   # the standard normal's 90th percentile
RATIO_FLOOR = 1e-3         # a reference ratio of 0 (threshold the same day) for the log spread


def _remaining_age(days: float, a: int, age: float, cal: Calendar) -> float:
    """Operational time from the as-of date (day offset `a`, age `age`) to `days` later; beyond
    the calendar, ordinary days."""
    offset = a + max(1, int(round(days)))
    if offset <= cal.days:
        return cal.end_of(offset) - age
    return cal.end_of(cal.days) - age + (offset - cal.days)


class Blend(NamedTuple):
    """The blend of the simulation's median time to go with the reference-shape one."""

    stretch: float  # factor on the operational time still to go (1: none)
    weight: float   # weight the reference-shape estimate had


NO_BLEND = Blend(1.0, 0.0)


def blend_stretch(met, ratios, elapsed, weight, as_of, a, age, cal) -> Blend:
    """The stretch of the time still to go that moves the simulation's median threshold date to
    the geometric blend of its own median time to go and the reference-shape one (elapsed x the
    median ratio), and the weight the latter had: `weight` if a number, else (\"precision\") the
    inverse-variance weight from the two estimates' log 80 % spreads. (1.0, 0.0) when more than
    half the runs miss the horizon."""
    day = as_of.toordinal()
    remaining = sorted(m - day for m in met)
    own = nearest_rank(remaining, 0.5)
    if own == INF:
        return NO_BLEND
    shape = max(1.0, elapsed * interpolated_quantile(ratios, 0.5))
    if weight == "precision":
        high = nearest_rank(remaining, 0.9)
        if high == INF:
            high = cal.days - a
        s_own = math.log(max(high, 1) / max(nearest_rank(remaining, 0.1), 1)) / (2 * Z90)
        s_shape = math.log(max(interpolated_quantile(ratios, 0.9), RATIO_FLOOR)
                           / max(interpolated_quantile(ratios, 0.1), RATIO_FLOOR)) / (2 * Z90)
        if s_own <= 0:
            weight = 0.0
        elif s_shape <= 0:
            weight = 1.0
        else:
            weight = s_own ** 2 / (s_own ** 2 + s_shape ** 2)
    weight = float(weight)
    target = math.exp((1 - weight) * math.log(own) + weight * math.log(shape))
    stretch = _remaining_age(target, a, age, cal) / _remaining_age(own, a, age, cal)
    return Blend(stretch, weight)
