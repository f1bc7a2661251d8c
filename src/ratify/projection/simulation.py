"""The Monte Carlo simulation of the entry-into-force date (design §5): the model.

The model in one paragraph (the README carries the same text): the data file is complete only up
to its data horizon, `min(as-of date, data_as_of)`; the simulation starts there. Every
participant that has not deposited by then draws a time to deposit from the reference class, the
other bundled treaties whose count condition was met (the projected treaty is always left out).
Each reference treaty is aligned at its opening for signature, its clock divided by its own time
to that threshold, and its participants reweighted so that those that had deposited by then make
up the share of the universe the projected treaty needs. Signatories draw from the reference
participants that had signed by the same point, the others from those that had not; a reference
participant that had not deposited when its treaty's data end is censored there (a weighted
Kaplan-Meier estimate), and the mass left after the last deposit is the share that never
deposits. Time runs on an operational clock in which each day of the late-September UN treaty
event (Tuesday to Friday of the General Assembly's high-level week, and any other known date
given) counts as several ordinary days, as many as makes the reference deposits bunch on those
days as they really did. The projected treaty's pace factor m stretches that clock: a log-normal
prior, updated by a negative-binomial likelihood of the count by each quarter of the observed
time (overdispersion estimated from the reference class), so that "no deposit in 13 months"
says the treaty is slow (`pace.py`). Each run draws m, then a time for every participant whose
instrument would count, in order (order statistics, only as many as needed): the time still to
go that a reference participant waiting at the same normalised age took, times m. The times of
those that cannot deposit (counted already, or pinned) are dropped, and the pinned deposits, and
the deposits the file records after its data horizon, are merged in at their dates. The deposits
go through the rule engine's fast path (`fastpath.FastRule`), which dates entry into force
exactly as `status` does. Each run, and each class of participants in it, has its own random
stream, so two projections that differ in one deposit share every other draw: a deposit added
on or before the data horizon, or moved earlier, makes the pace drawn no slower and no draw
later, so no run's date later (in the pooled model; the analogues variant draws a treaty and a
pace from one uniform, so it is not monotone).

The reference class and the event calendar come from `reference.py`, the standing at the data
horizon from `standing.py`, the pace factor and its evidence from `pace.py`; this module holds
the projection itself (`simulate`, its arguments and pins) and the runs (`Sampler`). `project.py`
turns a `Simulation` into the `project` view and the chart. Nothing here prints, reads the clock
or exits; `as_of` is a parameter. Deterministic for a seed.
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
from .fastpath import FastRule
from .pace import DEFAULT, GRID, Evidence, Options, PaceDistribution, pace_evidence
from .record import same_signature
from .reference import (
    INF,
    Pool,
    Reference,
    bundled_references,
    first_deposit,
    first_signature,
    nearest_rank,
    opening,
    universe,
)
from .standing import Standing, standing_on

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
    earliest_basis: dt.date   # the day `earliest` assumes every missing instrument deposited
    data_horizon: dt.date                         # where the runs start: min(as_of, data_as_of)
    counted_at_horizon: int
    paths: list[list[int]] = dataclasses.field(default_factory=list)
    pins: list[tuple[str, dt.date]] = dataclasses.field(default_factory=list)
    #: deposits the file records after its data horizon, merged into every run like pins
    recorded_later: list[tuple[str, dt.date]] = dataclasses.field(default_factory=list)

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


def data_horizon(treaty: Treaty, as_of: dt.date) -> dt.date:
    """The last day the data file is complete for: its `data_as_of` if earlier than `as_of`."""
    return min(treaty.data_as_of, as_of) if treaty.data_as_of else as_of


def recorded_after(treaty: Treaty, horizon_day: dt.date,
                   as_of: dt.date) -> list[tuple[str, dt.date]]:
    """The counted deposits the file records after the data horizon and by `as_of`, as pins:
    known facts in the time the file does not otherwise cover."""
    if horizon_day >= as_of:
        return []
    before = Engine(truncate(treaty, horizon_day))
    after = Engine(truncate(treaty, as_of))
    found = []
    for p in treaty.participants:
        day = first_deposit(after, p.code)
        if day is not None and day > horizon_day and first_deposit(before, p.code) is None:
            found.append((p.code, day))
    return found


def simulate(treaty: Treaty, as_of: dt.date, *, pins: Sequence[tuple[str, dt.date]] = (),
             runs: int = 10_000, seed: int = 0, horizon_years: int = 20,
             reference: Reference | None = None, events: Sequence[dt.date] = (),
             record: int = 0, options: Options = DEFAULT) -> Simulation:
    """Simulate `runs` deposit paths after the data horizon and their entry-into-force days.

    `treaty` may hold actions after `as_of`: they are ignored, so the projection sees only what
    was known on `as_of`; those after its `data_as_of` are pinned. `reference` defaults to every
    bundled treaty except this one. `pins` fix deposits (code, date); `events` add known dates
    that bunch deposits like the treaty event; `record` keeps the new counted-deposit days of
    that many runs (for the chart).
    """
    opens = _check_arguments(treaty, runs, horizon_years)
    check_pins(treaty, as_of, pins)
    known = _engine_on(treaty, as_of, pins)      # what the file and the pins say by as_of
    start = data_horizon(treaty, as_of)
    later = recorded_after(treaty, start, as_of)
    fixed = list(pins) + later
    engine = _engine_on(treaty, start, fixed) if start < as_of else known
    if reference is None:
        reference = Reference(bundled_references(exclude=(treaty.id,)), track=options.track)
    reference = reference.tracked(options.track)
    horizon_end = horizon(as_of, horizon_years)  # clamped to 9999-12-31
    standing = standing_on(engine, start, fixed, opens, horizon_end, reference.shape, events,
                           reference.classes, reference.track_bin)
    snap = known.snapshot(as_of)
    # the earliest entry into force: every missing instrument deposited the first day unknown
    basis = max(as_of if start == as_of else start + dt.timedelta(days=1), opens)
    earliest = snap if basis == as_of else engine.snapshot(basis)
    common = dict(treaty=treaty, as_of=as_of, runs=runs, seed=seed, horizon_years=horizon_years,
                  horizon_end=horizon_end, counted=snap.counted, required=standing.required,
                  signatories_waiting=standing.waiting_count(signed=True),
                  others_waiting=standing.waiting_count(signed=False), reference_ids=reference.ids,
                  earliest=earliest.earliest_entry_into_force, earliest_basis=basis,
                  pins=list(pins),
                  missing=missing_text(snap, known.treaty), data_horizon=start,
                  counted_at_horizon=standing.snapshot.counted, recorded_later=later)
    # settled: the threshold met by the data horizon, or an entry into force the file records;
    # a threshold met only by deposits after the horizon may have come sooner, unrecorded
    recorded = treaty.entered_into_force and treaty.entered_into_force <= as_of
    settled = FastRule(known, as_of) if recorded else standing.fast
    if settled.met_day is not None:
        return Simulation(eif=[settled.eif(settled.met_day)] * runs, deterministic=True,
                          pace=None, typical_days=None, analogs={}, **common)

    evidence = pace_evidence(standing, reference, options)
    sampler = Sampler(standing, evidence.pace, _cell_pools(reference, evidence),
                      _pinned_deposits(fixed, standing),
                      Start(evidence.age, reference.typical, evidence.age / reference.typical),
                      seed, runs, horizon_end.toordinal())
    result = sampler.run_all(record)
    typical_days = standing.calendar.day(reference.typical)
    return Simulation(eif=result.eif, deterministic=False, pace=evidence.pace.quantiles(),
                      typical_days=reference.typical if typical_days is None else typical_days,
                      analogs=evidence.pace.analog_weights(reference.ids), paths=result.paths,
                      **common)


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
    """The engine of the treaty as known on `as_of`, every state it is open to included; pins
    dated up to `as_of` count as observed deposits (and inform the pace)."""
    known = universe(truncate(treaty, as_of))
    base = Engine(known)
    if not base.evaluable:
        raise ProjectionError("a condition is not evaluable from the data, so no date can be "
                              "projected", hint="add the missing weights to the data file")
    past_pins = [(c, d) for c, d in pins if d <= as_of]
    return Engine(with_pins(known, past_pins)) if past_pins else base


class PinnedDeposit(NamedTuple):
    """A pin dated after the data horizon, fixed in every run."""

    age: float        # operational age, just after the start of its day
    day: int          # day number
    participant: int  # index in the engine's treaty


def _pinned_deposits(pins: Sequence[tuple[str, dt.date]],
                     standing: Standing) -> list[PinnedDeposit]:
    """The pins dated after the data horizon, in day order."""
    cal = standing.calendar
    later = sorted((d, c) for c, d in pins if d > standing.as_of)
    return [PinnedDeposit(cal.end_of((d - cal.opens).days - 1) + 1e-9, d.toordinal(),
                          standing.fast.index[c]) for d, c in later]


# -- the runs ---------------------------------------------------------------------------------


def _cell_pools(reference: Reference, evidence: Evidence) -> list[tuple[Pool, ...]]:
    """Per cell: the later deposit ages (normalised) of the reference participants still
    waiting at the data horizon's normalised age at the typical pace, per class (one set for
    the pooled class, shared by its cells; one per reference treaty followed). A class with no
    reference participant waiting there draws from its signature class, the track bins merged,
    so that no draw is impossible for want of a stratum."""
    z = evidence.age / reference.typical
    sets: dict[int | None, tuple[Pool, ...]] = {}
    for cell in evidence.pace.cells:
        if cell.treaty not in sets:
            _, _, items = reference.split(z, evidence.weights, only=cell.treaty)
            sets[cell.treaty] = tuple(
                Pool(found if found else [item for k in same_signature(c, len(items))
                                          for item in items[k]])
                for c, found in enumerate(items))
    return [sets[cell.treaty] for cell in evidence.pace.cells]


class Runs(NamedTuple):
    """Per run: the entry-into-force day (None: not within the horizon); the counted-deposit
    days of the recorded runs."""

    eif: list[int | None]
    paths: list[list[int]]


class Start(NamedTuple):
    """Where every run's draws start: the data horizon."""

    age: float      # its operational age
    typical: float  # the reference class's typical operational time to threshold
    z: float        # its normalised age (age / typical), where the pools are conditioned


@dataclass(slots=True)
class SlotClass:
    """The deposits of one class of slots during a run (`Standing.slots`)."""

    pool: Pool
    members: list[int]    # slots not yet drawn (a copy, shuffled as drawn)
    waiting: frozenset    # the members that may deposit: the others' draws are dropped
    random_: object       # the class's own stream of uniforms in this run
    age: float = 0.0      # operational age of the next draw (INF: none)
    uniform: float = 0.0  # the last uniform drawn (order statistics ascend)

    def advance(self, start: Start, pace: float) -> None:
        """Draw the class's next order statistic (INF when every slot is drawn): the pool's time
        still to go after the data horizon, stretched by the pace factor (a larger pace, a
        later deposit, for every uniform)."""
        n = len(self.members)
        if n == 0:
            self.age = INF
            return
        u = 1.0 - (1.0 - self.uniform) * self.random_() ** (1.0 / n)
        self.uniform = u
        t = self.pool.draw(u)
        self.age = INF if t == INF else start.age + start.typical * pace * (t - start.z)

    def take(self) -> int:
        """The participant whose slot the draw falls to, at random among those not yet drawn
        (lazily, a random permutation of the members in code order)."""
        members = self.members
        j = int(self.random_() * len(members))
        members[j], members[-1] = members[-1], members[j]
        return members.pop()


@dataclass(frozen=True)
class Sampler:
    """Every run of one simulation, seeded."""

    standing: Standing
    pace: PaceDistribution
    pools: list[tuple[Pool, ...]]   # per cell of `pace`: per class
    pinned: list[PinnedDeposit]
    start: Start
    seed: int
    runs: int
    last_day: int                   # the horizon's end

    def run_all(self, keep: int) -> Runs:
        """Every run, keeping the path of the first `keep`."""
        fast = self.standing.fast
        rng = random.Random()
        streams = tuple(random.Random() for _ in self.standing.slots)
        waiting = tuple(frozenset(w) for w in self.standing.waiting)
        result = Runs([], [])
        for run in range(self.runs):
            # each run, and each class in it, its own stream: common random numbers
            base = (len(streams) + 1) * (self.seed * 2 ** 32 + run)
            rng.seed(base)
            for c, stream in enumerate(streams, 1):
                stream.seed(base + c)
            cell = self.pace.draw(rng)
            pace = GRID[self.pace.cells[cell].grid]
            log = [] if run < keep else None
            classes = self._slot_classes(streams, pace, self.pools[cell], waiting)
            day = fast.eif(fast.threshold(self._path(pace, classes, log)))
            result.eif.append(day if day is not None and day <= self.last_day else None)
            if log is not None:
                result.paths.append(log)
        return result

    def _path(self, pace, classes: list[SlotClass], log):
        """One simulated path: new deposits as (day number, participant index), in day order.

        Each class of slots yields its draws as order statistics of uniform draws mapped through
        the class's inverse distribution function (so a run stops as soon as the threshold is
        met); the draws of participants that cannot deposit are dropped and the pinned deposits
        merged in; `log` (if a list) collects the days.
        """
        cal, pinned = self.standing.calendar, self.pinned
        p = 0
        while True:
            best = None
            for slots in classes:
                if slots.age < INF and (best is None or slots.age < best.age):
                    best = slots
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
                i = best.take()
                best.advance(self.start, pace)
                if i not in best.waiting:
                    continue
                day = cal.origin + offset
            if log is not None:
                log.append(day)
            yield day, i

    def _slot_classes(self, streams: tuple[random.Random, ...], pace, pools: tuple[Pool, ...],
                      waiting: tuple[frozenset, ...]) -> list[SlotClass]:
        """The classes of slots, each with its first draw (a class none of whose members may
        deposit draws all the same, so that every projection compared shares its draws)."""
        classes = []
        for pool, members, free, stream in zip(pools, self.standing.slots, waiting, streams):
            if members:
                slots = SlotClass(pool, list(members), free, stream.random)
                slots.advance(self.start, pace)
                classes.append(slots)
        return classes
