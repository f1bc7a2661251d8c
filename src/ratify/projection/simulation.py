"""The Monte Carlo simulation of the entry-into-force date (design §5): the model.

The model in one paragraph (the README carries the same text): every participant that has not
deposited draws a time to deposit from the reference class, the other bundled treaties whose count
condition was met (the projected treaty is always left out). Each reference treaty is aligned at
its opening for signature, its clock divided by its own time to that threshold, and its
participants reweighted so that those that had deposited by then make up the share of the
universe the projected treaty needs. Signatories draw from the reference participants that had
signed by the same point, the others from those that had not; reference participants that never
deposited make the share that never deposits. Time runs on an operational clock in which each day
of the late-September UN treaty event (Tuesday to Friday of the General Assembly's high-level week,
and any other known date given) counts as several ordinary days, as many as makes the reference
deposits bunch on those days as they really did. The projected treaty's own time to its
threshold, T, is the pace factor: a log-normal prior from the reference treaties' times, updated
by a negative-binomial likelihood of the deposits counted by each quarter of the time elapsed
(overdispersion estimated from the reference class), so that "no deposit in 13 months" says the
treaty is slow. Each run draws T, then the deposits in order (order statistics, only as many as
needed), and runs them through the rule engine's fast path (`fastpath.FastRule`), which dates
entry into force exactly as `status` does. Once the treaty has counted instruments (and is past its
opening day), the runs' time still to go (operational, after the as-of date) is stretched by one
factor so that its median moves to the geometric blend of its own median and the reference-class
shape estimate (time elapsed x the median ratio, time to go / time elapsed, that the reference
treaties showed when they first reached the same fraction of their threshold), weighted by the
inverse square of each estimate's own log 80 % spread; the runs are then drawn again with the same
seed (`blend_stretch`). The simulation's spread is kept.

The reference class and the event calendar come from `reference.py`; `project.py` turns a
`Simulation` into the `project` view and the chart. Nothing here prints, reads the clock or exits;
`as_of` is a parameter. Deterministic for a seed.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import horizon
from ..errors import ProjectionError
from ..model import Action, Treaty
from ..rules import Engine
from ..status import _missing_text
from .fastpath import FastRule
from .reference import (
    INF,
    Calendar,
    Pool,
    Reference,
    bundled_references,
    first_deposit,
    first_signature,
    interpolated_quantile,
    nearest_rank,
    opening,
    shape_ratio,
    universe,
)

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


# -- the projection ---------------------------------------------------------------------------


@dataclass
class Simulation:
    """Raw results: entry-into-force day numbers (None = not within the horizon), and context."""

    treaty: Treaty
    as_of: dt.date
    runs: int
    seed: int
    horizon_years: int
    horizon_end: dt.date
    eif: list
    deterministic: bool
    counted: int
    required: int | None
    signatories_waiting: int
    others_waiting: int
    pace: tuple[float, float, float] | None      # posterior 10th/50th/90th percentile of T/typical
    typical_days: float | None                   # the reference class's typical time, in days
    analogs: dict[str, float]                    # posterior weight of each reference treaty
    missing: list[str]                           # what still stands between it and the threshold
    reference_ids: list[str]
    earliest: dt.date | None
    paths: list[list[int]] = dataclasses.field(default_factory=list)
    pins: list[tuple[str, dt.date]] = dataclasses.field(default_factory=list)
    stretch: float = 1.0      # factor on the time still to go from the blend (1: no blend)
    blend_weight: float = 0.0  # weight the reference-shape estimate had in the blend

    def __post_init__(self):
        self._sorted = sorted(INF if d is None else d for d in self.eif)

    def quantile(self, q: float) -> int | None:
        """Nearest-rank quantile of the entry-into-force day; None when it falls among the runs
        with no entry into force within the horizon."""
        value = nearest_rank(self._sorted, q)
        return None if value == INF else value

    def p_by(self, day: dt.date) -> float:
        return bisect.bisect_right(self._sorted, day.toordinal()) / len(self._sorted)

    @property
    def p_none(self) -> float:
        return (len(self._sorted) - bisect.bisect_left(self._sorted, INF)) / len(self._sorted)


def truncate(treaty: Treaty, as_of: dt.date) -> Treaty:
    """The treaty as known on `as_of`: actions dated after it, and the recorded entry into
    force if later, are dropped."""
    participants = tuple(dataclasses.replace(p, actions=tuple(a for a in p.actions
                                                               if a.date <= as_of))
                         for p in treaty.participants)
    eif = treaty.entered_into_force if treaty.entered_into_force and \
        treaty.entered_into_force <= as_of else None
    data_as_of = min(treaty.data_as_of, as_of) if treaty.data_as_of else None
    return dataclasses.replace(treaty, participants=participants, entered_into_force=eif,
                               data_as_of=data_as_of)


def check_pins(treaty: Treaty, as_of: dt.date, pins: Sequence[tuple[str, dt.date]]) -> None:
    """Refuse pins that cannot be honoured."""
    seen = set()
    engine = Engine(truncate(treaty, as_of))
    opens = opening(treaty)
    codes = {p.code for p in universe(treaty).participants}
    for code, day in pins:
        if code not in codes:
            raise ProjectionError(f"{code} is not a participant of this treaty")
        if code in seen:
            raise ProjectionError(f"{code} is assumed twice",
                                  hint="give one --assume per participant")
        seen.add(code)
        if opens and day < opens:
            raise ProjectionError(f"{code}@{day}: before the treaty opened for signature on "
                                  f"{opens}")
        if code in engine.histories and engine.participant(code, as_of).status == "party":
            state = engine.participant(code, as_of)
            raise ProjectionError(
                f"{code} already deposited its instrument on {state.consent.date}",
                hint="assume deposits only for participants that have not deposited")


def with_pins(treaty: Treaty, pins: Sequence[tuple[str, dt.date]]) -> Treaty:
    """The treaty with a consent instrument added for every pin."""
    by_code = dict(pins)
    parts = []
    for p in treaty.participants:
        if p.code in by_code:
            kind = "ratification" if first_signature(p) else "accession"
            p = dataclasses.replace(p, actions=p.actions + (
                Action(kind, by_code[p.code], source="assumed (ratify project --assume)"),))
        parts.append(p)
    return dataclasses.replace(treaty, participants=tuple(parts))


def simulate(treaty: Treaty, as_of: dt.date, *, pins: Sequence[tuple[str, dt.date]] = (),
             runs: int = 10_000, seed: int = 0, horizon_years: int = 20,
             reference: Reference | None = None, events: Sequence[dt.date] = (),
             record: int = 0, options: Options = DEFAULT) -> Simulation:
    """Simulate `runs` deposit paths after `as_of` and their entry-into-force days.

    `treaty` may hold actions after `as_of`: they are ignored, so the projection sees only what
    was known on `as_of`. `reference` defaults to every bundled treaty except this one. `pins`
    fix deposits (code, date); `events` add known dates that bunch deposits like the treaty
    event; `record` keeps the new counted-deposit days of that many runs (for the chart).
    """
    if runs < 1:
        raise ProjectionError("runs must be at least 1")
    if horizon_years < 1:
        raise ProjectionError("the horizon must be at least 1 year")
    opens = opening(treaty)
    if opens is None:
        raise ProjectionError("the data file gives no opening date and no action",
                              hint="add treaty.signature.opens")
    check_pins(treaty, as_of, pins)
    known = universe(truncate(treaty, as_of))
    base = Engine(known)
    if not base.evaluable:
        raise ProjectionError("a condition is not evaluable from the data, so no date can be "
                              "projected", hint="add the missing weights to the data file")
    past_pins = [(c, d) for c, d in pins if d <= as_of]
    future_pins = sorted((d, c) for c, d in pins if d > as_of)
    engine = Engine(with_pins(known, past_pins)) if past_pins else base
    fast = FastRule(engine, as_of)
    horizon_end = horizon(as_of, horizon_years)  # clamped to 9999-12-31
    snap = engine.snapshot(as_of)
    headline = engine.rule.headline_count
    required = headline.count if headline else None
    if reference is None:
        reference = Reference(bundled_references(exclude=(treaty.id,)))
    a = (as_of - opens).days
    cal = Calendar(opens, max(a, 0) + (horizon_end - as_of).days + 1, reference.shape, events)

    pinned = {c for c, _ in pins}
    members: list[list[int]] = [[], []]    # open participants: [not signed, signed]
    for i in fast.open:
        if fast.codes[i] not in pinned:
            p = engine.treaty.participants[i]
            members[1 if first_signature(p, as_of) else 0].append(i)
    common = dict(treaty=treaty, as_of=as_of, runs=runs, seed=seed, horizon_years=horizon_years,
                  horizon_end=horizon_end, counted=snap.counted, required=required,
                  signatories_waiting=len(members[1]), others_waiting=len(members[0]),
                  reference_ids=reference.ids, earliest=snap.earliest_entry_into_force,
                  pins=list(pins), missing=_missing_text(snap, engine.treaty))
    if fast.met_day is not None:
        return Simulation(eif=[fast.eif(fast.met_day)] * runs, deterministic=True, pace=None,
                          typical_days=None, analogs={}, **common)

    # pins dated up to as_of count as observed deposits (and inform the pace); later ones are
    # fixed in every run
    countable = [p for p in engine.treaty.participants if engine.histories[p.code].counts]
    share = required / len(countable) if required and countable else None
    weights = reference.weights(share)
    observations = _observations(engine, countable, opens, a, cal, options.bins)
    age = observations[-1][0]
    elapsed = max(1, a)
    ratios = []
    # the reference-shape ratio needs a fraction of the count reached (at least one, short of
    # the count: past it, what is missing is another condition) and a day elapsed
    if required and 1 <= snap.counted < required and a >= 1:
        fraction = snap.counted / required
        ratios = [r for r in (shape_ratio(t, fraction) for t in reference.treaties)
                  if r is not None]
    if options.pace == "shape" and ratios:
        cells, probs = _shape_pace(reference, ratios, elapsed, age, a, cal)
    else:
        cells, probs = _posterior(reference, observations, weights, options)
    cum, running = [], 0.0
    for p in probs:
        running += p
        cum.append(running)
    pools = {}
    for c, (j, g) in enumerate(cells):
        _, _, items = reference.split(age / (reference.typical * GRID[g]), weights, only=j)
        pools[c] = (Pool(items[0]), Pool(items[1]))
    future = [(cal.end_of((d - opens).days - 1) + 1e-9, d.toordinal(), fast.index[c])
              for d, c in future_pins]
    last_day = horizon_end.toordinal()

    def run_all(stretch: float, keep: int):
        """Every run; `stretch` multiplies the operational time still to go of every simulated
        deposit (1: none)."""
        rng = random.Random(seed)
        eif: list[int | None] = []
        met: list[float] = []
        paths: list[list[int]] = []
        for run in range(runs):
            c = min(bisect.bisect_left(cum, rng.random() * running), len(cells) - 1)
            scale = reference.typical * GRID[cells[c][1]]
            log = [] if run < keep else None
            stream = _path(rng, scale, pools[c], members, fast.anonymous, future, cal, log,
                           age, stretch)
            day = fast.threshold(stream)
            met.append(INF if day is None else day)
            day = fast.eif(day)
            eif.append(day if day is not None and day <= last_day else None)
            if log is not None:
                paths.append(log)
        return eif, met, paths

    stretch, weight = 1.0, 0.0
    eif, met, paths = run_all(1.0, record)
    if options.blend and ratios:
        stretch, weight = blend_stretch(met, ratios, elapsed, options.blend, as_of, a, age, cal)
        if stretch != 1.0:
            eif, met, paths = run_all(stretch, record)
    marginal = [0.0] * len(GRID)
    analogs: dict[str, float] = {}
    for (j, g), p in zip(cells, probs):
        marginal[g] += p / running
        if j is not None:
            analogs[reference.ids[j]] = analogs.get(reference.ids[j], 0.0) + p / running
    pace = tuple(_grid_quantile(marginal, q) for q in (0.1, 0.5, 0.9))
    typical_days = cal.day(reference.typical)
    return Simulation(eif=eif, deterministic=False, pace=pace,
                      typical_days=reference.typical if typical_days is None else typical_days,
                      analogs=analogs, paths=paths, stretch=stretch, blend_weight=weight,
                      **common)


def _observations(engine: Engine, countable, opens, a, cal, bins):
    """The count path: at each of `bins` points of the elapsed time, (operational age,
    participants [not signed, signed] by then, counted deposits by then)."""
    signed = [first_signature(p) for p in countable]
    deposited = [first_deposit(engine, p.code) for p in countable]
    result = []
    for b in range(1, bins + 1):
        t = round(a * b / bins)
        when = opens + dt.timedelta(days=t)
        n = [0, 0]
        for s in signed:
            n[1 if s is not None and s <= when else 0] += 1
        k = sum(1 for d in deposited if d is not None and d <= when)
        result.append((cal.end_of(t), n, k))
    return result


def _posterior(reference: Reference, observations, weights, options: Options):
    """Posterior over (reference treaty or None, grid index of T): prior times likelihood of the
    counted deposits added between successive observation points."""
    treaties = range(len(reference.ages)) if options.analogs else [None]
    cells, logpost = [], []
    for j in treaties:
        for g, m in enumerate(GRID):
            scale = reference.typical * m
            ll, before, k_before = 0.0, 0.0, 0
            for age, n, k in observations:
                deposited, waiting, _ = reference.split(age / scale, weights, pools=False, only=j)
                lam = max(reference.expected(n, deposited, waiting), before)
                ll += reference.loglik(k - k_before, max(lam - before, 1e-6),
                                       options.overdispersion)
                before, k_before = lam, k
            cells.append((j, g))
            logpost.append(ll - math.log(m) ** 2 / (2 * reference.sigma ** 2))
    top = max(logpost)
    probs = [math.exp(x - top) for x in logpost]
    total = sum(probs)
    kept = [(c, p / total) for c, p in zip(cells, probs) if p / total > 1e-5]
    return [c for c, _ in kept], [p for _, p in kept]


Z90 = 1.2815515655446004   # the standard normal's 90th percentile
RATIO_FLOOR = 1e-3         # a reference ratio of 0 (threshold the same day) for the log spread


def _remaining_age(days: float, a: int, age: float, cal: Calendar) -> float:
    """Operational time from the as-of date (day offset `a`, age `age`) to `days` later; beyond
    the calendar, ordinary days."""
    offset = a + max(1, int(round(days)))
    if offset <= cal.days:
        return cal.end_of(offset) - age
    return cal.end_of(cal.days) - age + (offset - cal.days)


def blend_stretch(met, ratios, elapsed, weight, as_of, a, age, cal) -> tuple[float, float]:
    """The stretch of the time still to go that moves the simulation's median threshold date to
    the geometric blend of its own median time to go and the reference-shape one (elapsed x the
    median ratio), and the weight the latter had: `weight` if a number, else (\"precision\") the
    inverse-variance weight from the two estimates' log 80 % spreads. (1.0, 0.0) when more than
    half the runs miss the horizon."""
    day = as_of.toordinal()
    remaining = sorted(m - day for m in met)
    own = nearest_rank(remaining, 0.5)
    if own == INF:
        return 1.0, 0.0
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
    return stretch, weight


def _shape_pace(reference: Reference, ratios, elapsed, age, a, cal):
    """The pace factor from the fraction reached: one cell per reference treaty, the time to the
    threshold it implies (elapsed x (1 + its ratio)), on the grid; equal weights."""
    probs: dict[int, float] = {}
    for r in ratios:
        t = age + _remaining_age(elapsed * r, a, age, cal)
        g = round(8 * math.log2(t / reference.typical)) + 24
        g = min(max(g, 0), len(GRID) - 1)
        probs[g] = probs.get(g, 0.0) + 1.0 / len(ratios)
    cells = sorted(probs)
    return [(None, g) for g in cells], [probs[g] for g in cells]


def _grid_quantile(marginal: list[float], q: float) -> float:
    acc = 0.0
    for g, p in enumerate(marginal):
        acc += p
        if acc >= q - 1e-12:
            return GRID[g]
    return GRID[-1]


def _path(rng, scale, pools, members, anonymous, future, cal, log, origin_age=0.0,
          stretch=1.0):
    """One simulated path: new deposits as (day number, participant index), in day order.

    Each class of open participants yields its deposits as order statistics of uniform draws
    mapped through the class's inverse distribution function (so a run stops as soon as the
    threshold is met); `future` holds the pinned deposits. Operational ages past `origin_age`
    (the as-of date) are multiplied by `stretch`.
    """
    random_ = rng.random
    heads = []  # per class: [operational age, draws left, last uniform, pool, members, next]
    for c in (0, 1):
        if members[c]:
            head = [0.0, len(members[c]), 0.0, pools[c],
                    members[c] if anonymous else list(members[c]), 0]
            _advance(head, random_, scale, origin_age, stretch)
            heads.append(head)
    origin = cal.origin
    p = 0
    while True:
        best = None
        for h in heads:
            if h[0] < INF and (best is None or h[0] < best[0]):
                best = h
        pin_age = future[p][0] if p < len(future) else INF
        if best is None and pin_age == INF:
            return
        if best is None or pin_age <= best[0]:
            _, day, i = future[p]
            p += 1
        else:
            offset = cal.day(best[0])
            if offset is None:         # beyond the horizon: so are all later draws
                best[0] = INF
                continue
            day = origin + offset
            chosen = best[4]
            if anonymous:              # identities do not matter: take them in order
                i = chosen[best[5]]
                best[5] += 1
            else:
                j = int(random_() * len(chosen))
                chosen[j], chosen[-1] = chosen[-1], chosen[j]
                i = chosen.pop()
            _advance(best, random_, scale, origin_age, stretch)
        if log is not None:
            log.append(day)
        yield day, i


def _advance(head, random_, scale, origin_age=0.0, stretch=1.0):
    """Draw the head's next order statistic (INF when its class has no draw left)."""
    n = head[1]
    if n == 0:
        head[0] = INF
        return
    u = 1.0 - (1.0 - head[2]) * random_() ** (1.0 / n)
    head[2] = u
    head[1] = n - 1
    t = head[3].draw(u)
    if t == INF:
        head[0] = INF
    elif stretch == 1.0:
        head[0] = scale * t
    else:
        head[0] = origin_age + (scale * t - origin_age) * stretch
