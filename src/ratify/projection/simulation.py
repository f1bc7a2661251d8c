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
seed (`pace.blend_stretch`). The simulation's spread is kept.

The reference class and the event calendar come from `reference.py`, the standing on the as-of
date from `standing.py`, the pace factor, its evidence and the blend from `pace.py`; this module
holds the projection itself (`simulate`, its arguments and pins) and the runs (`Sampler`).
`project.py` turns a `Simulation` into the `project` view and the chart. Nothing here prints,
reads the clock or exits; `as_of` is a parameter. Deterministic for a seed.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..dates import horizon
from ..errors import Hint, ProjectionError, Remedy
from ..model import Action, Treaty
from ..rules import Engine
from ..status import missing_text
from .pace import (
    DEFAULT,
    GRID,
    NO_BLEND,
    Blend,
    Evidence,
    Options,
    PaceDistribution,
    blend_stretch,
    pace_evidence,
)
from .reference import (
    INF,
    Pool,
    Reference,
    bundled_references,
    first_signature,
    nearest_rank,
    opening,
    universe,
)
from .standing import BySignature, Standing, standing_on

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
        if not treaty.may_join(code):
            raise ProjectionError(f"{code}: the treaty is not open to it ({treaty.open_to_text})")
        if code not in codes:
            raise ProjectionError(f"{code} is not a participant of this treaty")
        if code in seen:
            raise ProjectionError(f"{code} is assumed twice",
                                  hint=Hint(Remedy.one_pin_each))
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
    opens = _check_arguments(treaty, runs, horizon_years)
    check_pins(treaty, as_of, pins)
    engine = _engine_on(treaty, as_of, pins)
    if reference is None:
        reference = Reference(bundled_references(exclude=(treaty.id,)))
    horizon_end = horizon(as_of, horizon_years)  # clamped to 9999-12-31
    standing = standing_on(engine, as_of, pins, opens, horizon_end, reference.shape, events)
    snap = standing.snapshot
    common = dict(treaty=treaty, as_of=as_of, runs=runs, seed=seed, horizon_years=horizon_years,
                  horizon_end=horizon_end, counted=snap.counted, required=standing.required,
                  signatories_waiting=len(standing.waiting.signed),
                  others_waiting=len(standing.waiting.unsigned), reference_ids=reference.ids,
                  earliest=snap.earliest_entry_into_force, pins=list(pins),
                  missing=missing_text(snap, engine.treaty))
    fast = standing.fast
    if fast.met_day is not None:
        return Simulation(eif=[fast.eif(fast.met_day)] * runs, deterministic=True, pace=None,
                          typical_days=None, analogs={}, **common)

    evidence = pace_evidence(standing, reference, options)
    sampler = Sampler(standing, evidence.pace, _cell_pools(reference, evidence),
                      _pinned_deposits(pins, standing), reference.typical, evidence.age,
                      seed, runs, horizon_end.toordinal())
    result, blend = _blended_runs(sampler, standing, evidence, options.blend, record)
    typical_days = standing.calendar.day(reference.typical)
    return Simulation(eif=result.eif, deterministic=False, pace=evidence.pace.quantiles(),
                      typical_days=reference.typical if typical_days is None else typical_days,
                      analogs=evidence.pace.analog_weights(reference.ids), paths=result.paths,
                      stretch=blend.stretch, blend_weight=blend.weight, **common)


def _check_arguments(treaty: Treaty, runs: int, horizon_years: int) -> dt.date:
    """Refuse a projection that cannot run; the treaty's opening day."""
    if runs < 1:
        raise ProjectionError("runs must be at least 1")
    if horizon_years < 1:
        raise ProjectionError("the horizon must be at least 1 year")
    opens = opening(treaty)
    if opens is None:
        raise ProjectionError("the data file gives no opening date and no action",
                              hint="add treaty.signature.opens")
    return opens


def _engine_on(treaty: Treaty, as_of: dt.date, pins: Sequence[tuple[str, dt.date]]) -> Engine:
    """The engine of the treaty as known on `as_of`, every state of the registry included; pins
    dated up to `as_of` count as observed deposits (and inform the pace)."""
    known = universe(truncate(treaty, as_of))
    base = Engine(known)
    if not base.evaluable:
        raise ProjectionError("a condition is not evaluable from the data, so no date can be "
                              "projected", hint="add the missing weights to the data file")
    past_pins = [(c, d) for c, d in pins if d <= as_of]
    return Engine(with_pins(known, past_pins)) if past_pins else base


class PinnedDeposit(NamedTuple):
    """A pin dated after the as-of date, fixed in every run."""

    age: float        # operational age, just after the start of its day
    day: int          # day number
    participant: int  # index in the engine's treaty


def _pinned_deposits(pins: Sequence[tuple[str, dt.date]],
                     standing: Standing) -> list[PinnedDeposit]:
    """The pins dated after the as-of date, in day order."""
    cal = standing.calendar
    later = sorted((d, c) for c, d in pins if d > standing.as_of)
    return [PinnedDeposit(cal.end_of((d - cal.opens).days - 1) + 1e-9, d.toordinal(),
                          standing.fast.index[c]) for d, c in later]


# -- the runs ---------------------------------------------------------------------------------


def _cell_pools(reference: Reference, evidence: Evidence) -> list[BySignature[Pool]]:
    """Per cell: the later deposit ages of the reference participants still waiting at the as-of
    date's normalised age, by signature."""
    pools = []
    for cell in evidence.pace.cells:
        x = evidence.age / (reference.typical * GRID[cell.grid])
        _, _, (unsigned, signed) = reference.split(x, evidence.weights, only=cell.treaty)
        pools.append(BySignature(Pool(unsigned), Pool(signed)))
    return pools


class Runs(NamedTuple):
    """Per run: the entry-into-force day (None: not within the horizon) and the threshold day
    (INF: none); the counted-deposit days of the recorded runs."""

    eif: list[int | None]
    met: list[float]
    paths: list[list[int]]


@dataclass(slots=True)
class WaitingClass:
    """The next deposit of one class of waiting participants during a run."""

    pool: Pool
    members: list[int]    # those yet to deposit (anonymous: all, taken in order)
    left: int             # draws left
    age: float = 0.0      # operational age of the next deposit (INF: none)
    uniform: float = 0.0  # the last uniform drawn (order statistics ascend)
    taken: int = 0        # members taken (anonymous)

    def advance(self, random_, scale: float, origin_age: float, stretch: float) -> None:
        """Draw the class's next order statistic (INF when it has no draw left); operational
        ages past `origin_age` (the as-of date) are multiplied by `stretch`."""
        n = self.left
        if n == 0:
            self.age = INF
            return
        u = 1.0 - (1.0 - self.uniform) * random_() ** (1.0 / n)
        self.uniform = u
        self.left = n - 1
        t = self.pool.draw(u)
        if t == INF:
            self.age = INF
        elif stretch == 1.0:
            self.age = scale * t
        else:
            self.age = origin_age + (scale * t - origin_age) * stretch

    def take(self, random_, anonymous: bool) -> int:
        """The participant that makes the deposit: when identities do not matter, the next in
        order; else one drawn at random."""
        if anonymous:
            i = self.members[self.taken]
            self.taken += 1
            return i
        members = self.members
        j = int(random_() * len(members))
        members[j], members[-1] = members[-1], members[j]
        return members.pop()


@dataclass(frozen=True)
class Sampler:
    """Every run of one simulation, seeded."""

    standing: Standing
    pace: PaceDistribution
    pools: list[BySignature[Pool]]  # per cell of `pace`
    pinned: list[PinnedDeposit]
    typical: float                  # the reference class's typical operational time
    age: float                      # operational age at the end of the as-of date
    seed: int
    runs: int
    last_day: int                   # the horizon's end

    def run_all(self, stretch: float, keep: int) -> Runs:
        """Every run, keeping the path of the first `keep`; `stretch` multiplies the operational
        time still to go of every simulated deposit (1: none)."""
        fast = self.standing.fast
        rng = random.Random(self.seed)
        result = Runs([], [], [])
        for run in range(self.runs):
            cell = self.pace.draw(rng)
            scale = self.typical * GRID[self.pace.cells[cell].grid]
            log = [] if run < keep else None
            day = fast.threshold(self._path(rng, scale, self.pools[cell], log, stretch))
            result.met.append(INF if day is None else day)
            day = fast.eif(day)
            result.eif.append(day if day is not None and day <= self.last_day else None)
            if log is not None:
                result.paths.append(log)
        return result

    def _path(self, rng, scale, pools: BySignature[Pool], log, stretch):
        """One simulated path: new deposits as (day number, participant index), in day order.

        Each class of waiting participants yields its deposits as order statistics of uniform
        draws mapped through the class's inverse distribution function (so a run stops as soon as
        the threshold is met), merged with the pinned deposits; `log` (if a list) collects the
        days.
        """
        random_ = rng.random
        anonymous = self.standing.fast.anonymous
        classes = self._waiting_classes(random_, scale, pools, stretch)
        cal, pinned = self.standing.calendar, self.pinned
        p = 0
        while True:
            best = None
            for waiting in classes:
                if waiting.age < INF and (best is None or waiting.age < best.age):
                    best = waiting
            pin_age = pinned[p].age if p < len(pinned) else INF
            if best is None and pin_age == INF:
                return
            if best is None or pin_age <= best.age:
                day, i = pinned[p].day, pinned[p].participant
                p += 1
            else:
                offset = cal.day(best.age)
                if offset is None:         # beyond the horizon: so are all later draws
                    best.age = INF
                    continue
                day = cal.origin + offset
                i = best.take(random_, anonymous)
                best.advance(random_, scale, self.age, stretch)
            if log is not None:
                log.append(day)
            yield day, i

    def _waiting_classes(self, random_, scale, pools: BySignature[Pool],
                         stretch) -> list[WaitingClass]:
        """The classes of waiting participants that have members, each with its first deposit
        drawn."""
        anonymous = self.standing.fast.anonymous
        classes = []
        for pool, members in zip(pools, self.standing.waiting):
            if members:
                waiting = WaitingClass(pool, members if anonymous else list(members),
                                       len(members))
                waiting.advance(random_, scale, self.age, stretch)
                classes.append(waiting)
        return classes


def _blended_runs(sampler: Sampler, standing: Standing, evidence: Evidence,
                  blend: float | str, record: int) -> tuple[Runs, Blend]:
    """The runs, drawn again with the same seed when the blend with the reference shape (if
    any) stretches the time still to go."""
    result = sampler.run_all(1.0, record)
    if not (blend and evidence.ratios):
        return result, NO_BLEND
    days_open = standing.days_open
    chosen = blend_stretch(result.met, evidence.ratios, max(1, days_open), blend,
                           standing.as_of, days_open, evidence.age, standing.calendar)
    if chosen.stretch != 1.0:
        result = sampler.run_all(chosen.stretch, record)
    return result, chosen
