"""The pace factor and its evidence: how fast the projected treaty goes, learned from the reference
class and its own counts.

The pace factor m, on `GRID`, stretches the reference class's clock: the projected treaty counts
by operational age a what the reference counted by a / m (in units of its typical time to
threshold), and a participant still waiting at the data horizon takes m times the time still to
go that a reference participant waiting at the same age took (`simulation.py` draws it). A
log-normal prior (`Options.spread` times the spread of the reference treaties' log times to
threshold) is updated by the likelihood of the deposits counted by each point of the observed
time (`pace_evidence`, giving a `PaceDistribution` each run draws a cell from); the model
variants are `Options`. Monotone in the evidence by construction (the pooled model; with
`analogs` a cell is a treaty and a pace, and its draw is not ordered in the pace): the
likelihood is the (tempered) product of negative-binomial terms, one per point, of the count
*by* that point, whose expected value never rises with m, so more instruments counted, or
counted earlier, never favour a slower pace; and a larger m never makes a waiting participant's
deposit earlier. Nothing here draws the runs (`simulation.py` does) or prints.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from typing import NamedTuple

from .record import class_of
from .reference import Reference, first_deposit, first_signature
from .standing import Standing

#: the projected treaty's time to its threshold, as multiples of the reference class's typical
#: time: 1/8 to 16, in steps of 2^(1/8)
GRID = tuple(2 ** (i / 8) for i in range(-24, 33))


@dataclass(frozen=True)
class Options:
    """Model variants, for the benchmark's choice among them; the defaults are the model: the
    variant with the lowest pinball loss on the development part of the strict back-test
    (benchmarks/projection_accuracy.py)."""

    analogs: bool = False  # True: each run follows one reference treaty, not the pooled class
    bins: int = 1          # points of the observed time at which counts enter the likelihood
    #: False: a Poisson count likelihood instead of the negative binomial (no overdispersion)
    overdispersion: bool = True
    #: the prior's spread of log m, as a multiple of the reference treaties' spread of log time
    #: to threshold
    spread: float = 1.0
    #: participants classed by their track record over the reference treaties (`record.py`)
    #: as well as by signature; False: by signature alone
    track: bool = True


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
        """The 10th, 50th and 90th percentile of the pace factor m."""
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
    age: float                          # operational age at the end of the data horizon


def pace_evidence(standing: Standing, reference: Reference, options: Options) -> Evidence:
    """The pace factor from the count path up to the data horizon."""
    engine = standing.engine
    countable = [p for p in engine.treaty.participants if engine.histories[p.code].counts]
    required = standing.required
    weights = reference.weights(required / len(countable) if required and countable else None)
    observations = _observations(standing, reference, countable, options.bins)
    pace = _posterior(reference, observations, weights, options)
    return Evidence(pace, weights, observations[-1].age)


class Observation(NamedTuple):
    """One point of the count path."""

    age: float                     # operational age
    participants: tuple[int, ...]  # countable participants per class (signed by then, track)
    counted: int                   # counted deposits by then


def _observations(standing: Standing, reference: Reference, countable,
                  bins: int) -> list[Observation]:
    """The count path at each of `bins` points of the elapsed time."""
    cal, days_open = standing.calendar, standing.days_open
    signed = [first_signature(p) for p in countable]
    track = [reference.track_bin(p.code) for p in countable]
    deposited = [first_deposit(standing.engine, p.code) for p in countable]
    result = []
    for b in range(1, bins + 1):
        t = round(days_open * b / bins)
        when = cal.opens + dt.timedelta(days=t)
        participants = [0] * reference.classes
        for s, k in zip(signed, track):
            participants[class_of(s is not None and s <= when, k)] += 1
        counted = sum(1 for d in deposited if d is not None and d <= when)
        result.append(Observation(cal.end_of(t), tuple(participants), counted))
    return result


def _posterior(reference: Reference, observations: list[Observation], weights,
               options: Options) -> PaceDistribution:
    """Posterior over the cells: prior times the likelihood of the count by each observation
    point, tempered (each point's term to the power 1 / points, as they overlap)."""
    treaties = range(len(reference.ages)) if options.analogs else [None]
    temper = 1.0 / len(observations)
    sigma = reference.sigma * options.spread
    cells, logpost = [], []
    for j in treaties:
        loglik = [0.0] * len(GRID)
        for point in observations:
            for g, expected in enumerate(_expected_counts(reference, point, weights, j)):
                loglik[g] += reference.loglik(point.counted, expected, options.overdispersion)
        for g, m in enumerate(GRID):
            cells.append(Cell(j, g))
            logpost.append(loglik[g] * temper - math.log(m) ** 2 / (2 * sigma ** 2))
    top = max(logpost)
    probs = [math.exp(x - top) for x in logpost]
    total = sum(probs)
    kept = [(c, p / total) for c, p in zip(cells, probs) if p / total > 1e-5]
    return PaceDistribution([c for c, _ in kept], [p for _, p in kept])


def _expected_counts(reference: Reference, point: Observation, weights,
                     only: int | None) -> list[float]:
    """The count expected by the point for each cell of GRID (the reference's count by the
    point's age divided by m), made non-increasing in m (a running maximum from the slowest
    cell): a slower treaty never expects more deposits, so more deposits counted never favour a
    slower pace."""
    expected = []
    for m in GRID:
        deposited, waiting, _ = reference.split(point.age / (reference.typical * m), weights,
                                                pools=False, only=only)
        expected.append(reference.expected(point.participants, deposited, waiting))
    for g in range(len(expected) - 2, -1, -1):
        expected[g] = max(expected[g], expected[g + 1])
    return expected


def _grid_quantile(marginal: list[float], q: float) -> float:
    acc = 0.0
    for g, p in enumerate(marginal):
        acc += p
        if acc >= q - 1e-12:
            return GRID[g]
    return GRID[-1]
