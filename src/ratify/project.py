"""Monte Carlo projection of the entry-into-force date (design §5).

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
seed (`_blend`). The simulation's spread is kept.

Nothing here prints, reads the clock or exits; `as_of` is a parameter. Deterministic for a seed.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import math
import random
from dataclasses import dataclass
from typing import Iterable, Sequence

from . import store
from .dates import add_months
from .errors import RatifyError
from .fastpath import FastRule
from .model import Action, Participant, Treaty
from .names import registry
from .rules import Engine, _counted_intervals
from .status import _missing_text

INF = float("inf")
#: the projected treaty's time to its threshold, as multiples of the reference class's typical
#: time: 1/8 to 16, in steps of 2^(1/8)
GRID = tuple(2 ** (i / 8) for i in range(-24, 33))
EVENT_DAYS = 4            # Tuesday to Friday of the treaty-event week
EVENT_SPAN_YEARS = 10     # deposits within this many years of opening inform the event weight
METHOD = "per-participant Monte Carlo"


class ProjectionError(RatifyError):
    """The treaty cannot be projected (no opening date, a condition not evaluable, a bad pin)."""


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


# -- the event calendar ----------------------------------------------------------------------


def treaty_event_day(year: int) -> dt.date:
    """The first day of the UN treaty event: the first Tuesday on or after 19 September.

    An approximation of the opening of the General Assembly's general debate, checked against the
    bundled data: ATT 2014-09-25, Paris 2016-09-21, TPNW 2018-09-26 and 2019-09-26 fall in the
    Tuesday-Friday window it starts.
    """
    day = dt.date(year, 9, 19)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


class Calendar:
    """Operational time from the opening day: ordinary days weigh 1, event days 1 + extra."""

    def __init__(self, opens: dt.date, days: int, shape: Sequence[float],
                 extra_events: Iterable[dt.date] = ()):
        self.opens = opens
        self.origin = opens.toordinal()
        extra = [0.0] * (days + 1)
        for year in range(opens.year, opens.year + days // 365 + 2):
            first = (treaty_event_day(year) - opens).days
            for k, weight in enumerate(shape):
                if 0 <= first + k <= days:
                    extra[first + k] += weight
        total = sum(shape)
        for day in extra_events:
            offset = (day - opens).days
            if 0 <= offset <= days:
                extra[offset] += total
        start = [0.0] * (days + 2)
        for d in range(days + 1):
            start[d + 1] = start[d] + 1.0 + extra[d]
        self.start = start
        self.days = days

    def age(self, offset: int) -> float:
        """Operational age of a deposit on day `offset` (the middle of that day)."""
        offset = min(max(offset, 0), self.days)
        return (self.start[offset] + self.start[offset + 1]) / 2

    def end_of(self, offset: int) -> float:
        """Operational age at the end of day `offset` (0 before the opening day)."""
        return self.start[min(max(offset, -1), self.days) + 1]

    def day(self, age: float) -> int | None:
        """The day offset whose operational span contains `age`; None beyond the calendar."""
        if age >= self.start[-1]:
            return None
        return bisect.bisect_right(self.start, age) - 1


# -- the reference class ---------------------------------------------------------------------


@dataclass(frozen=True)
class RefTreaty:
    """One reference treaty as the model sees it: per countable participant, days from opening to
    its first plain signature and to its first counted deposit (None: never, up to the data)."""

    id: str
    opens: dt.date
    signed: tuple[int | None, ...]
    deposited: tuple[int | None, ...]
    count_days: int | None         # opening to the day its count condition was met (None: not)
    has_count: bool                # whether it has a (plain) count condition at all
    threshold_days: int | None     # opening to the threshold date (evaluable and met only)
    observed_days: int             # opening to the end of the data
    count: int | None = None       # instruments its (plain) count condition requires


def opening(treaty: Treaty) -> dt.date | None:
    """Opening for signature (else adoption, else the first action)."""
    if treaty.signature_opens:
        return treaty.signature_opens
    if treaty.adopted:
        return treaty.adopted
    days = [a.date for p in treaty.participants for a in p.actions]
    return min(days) if days else None


def first_signature(participant: Participant, by: dt.date | None = None) -> dt.date | None:
    """The first plain signature (a definitive signature is a deposit, not a signature here)."""
    days = [a.date for a in participant.actions if a.type == "signature"
            and (by is None or a.date <= by)]
    return min(days) if days else None


def first_deposit(engine: Engine, code: str) -> dt.date | None:
    """The start of the participant's first counted instrument."""
    intervals = _counted_intervals(engine.histories[code], engine.rule.instruments)
    return intervals[0].start if intervals else None


def universe(treaty: Treaty) -> Treaty:
    """The treaty with every state of the registry added (without actions) that is not in it:
    a state that never acted is a participant that has not deposited."""
    present = {p.code for p in treaty.participants}
    extra = tuple(Participant(code=e.code, name=e.name, kind="state", region=e.region)
                  for e in registry().values() if e.kind == "state" and e.code not in present)
    if not extra:
        return treaty
    return dataclasses.replace(treaty, participants=treaty.participants + extra)


def reference_treaty(treaty: Treaty) -> RefTreaty:
    """Digest a (complete) treaty into a RefTreaty."""
    engine = Engine(universe(treaty))
    opens = opening(treaty)
    signed, deposited = [], []
    for p in engine.treaty.participants:
        if not engine.histories[p.code].counts:
            continue
        sig = first_signature(p)
        dep = first_deposit(engine, p.code)
        signed.append((sig - opens).days if sig else None)
        deposited.append((dep - opens).days if dep else None)
    counts = [met for c, met in zip(engine.rule.conditions, engine.met_on)
              if c.kind == "count" and not c.group]
    count_day = counts[0] if counts else None
    threshold = None
    if engine.evaluable and engine.threshold_date:
        threshold = (engine.threshold_date - opens).days
    last = treaty.data_as_of or max((a.date for p in treaty.participants for a in p.actions),
                                    default=opens)
    required = next((c.count for c in engine.rule.conditions
                     if c.kind == "count" and not c.group), None)
    return RefTreaty(treaty.id, opens, tuple(signed), tuple(deposited),
                     (count_day - opens).days if count_day else None, bool(counts), threshold,
                     (last - opens).days, required)


@functools.lru_cache(maxsize=None)
def bundled_reference(treaty_id: str) -> RefTreaty:
    return reference_treaty(store.load(store.bundled_path(treaty_id)))


def bundled_references(exclude: Iterable[str] = ()) -> list[RefTreaty]:
    skip = set(exclude)
    return [bundled_reference(t) for t in store.bundled_treaty_ids() if t not in skip]


def shape_ratio(ref: RefTreaty, fraction: float, count: int | None = None) -> float | None:
    """(time to go) / (time elapsed), in days from opening, when a reference treaty first
    reached `fraction` of its count threshold (at least one instrument) and its threshold date
    came; None if it did not. `count` defaults to the treaty's own count condition."""
    count = ref.count if count is None else count
    if not count or ref.threshold_days is None:
        return None
    n = max(1, math.ceil(fraction * count - 1e-9))
    days = sorted(d for d in ref.deposited if d is not None)
    if len(days) < n:
        return None
    reached = days[n - 1]
    return max(0, ref.threshold_days - reached) / max(1, reached)


def interpolated_quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def censored_normal(values: Sequence[float], censored: Sequence[float]) -> tuple[float, float]:
    """Mean and standard deviation of a normal sample in which some values are only known to
    exceed a bound (EM for right-censored data); the spread with the n-1 correction."""
    n = len(values) + len(censored)
    mu = sum(values) / len(values)
    var = sum((x - mu) ** 2 for x in values) / max(1, len(values) - 1) or 0.25
    for _ in range(500):
        s = math.sqrt(var)
        first, second = list(values), [x * x for x in values]
        for c in censored:
            alpha = (c - mu) / s
            tail = 0.5 * math.erfc(alpha / math.sqrt(2))
            ratio = math.exp(-alpha * alpha / 2) / math.sqrt(2 * math.pi) / max(tail, 1e-300)
            first.append(mu + s * ratio)
            second.append(mu * mu + var + s * (c + mu) * ratio)
        new_mu = sum(first) / n
        new_var = max(sum(second) / n - new_mu ** 2, 1e-6)
        done = abs(new_mu - mu) < 1e-10 and abs(new_var - var) < 1e-10
        mu, var = new_mu, new_var
        if done:
            break
    return mu, math.sqrt(var * n / max(1, n - 1))


class Reference:
    """The reference class digested: event weights, normalised deposit ages, pace prior.

    Each reference treaty in which a plain count condition was met is rescaled twice: in time,
    its operational clock is divided by its own time to that threshold (1.0 = the day it was
    met); in numbers (see `weights`), its participants that had deposited by then are reweighted
    so that they make up the share of the universe the projected treaty needs. A treaty whose
    count condition has not been met is a censored observation of the time to threshold; one
    without a count condition (CTBT: 44 named States) says nothing about it and is left out.
    """

    def __init__(self, treaties: Sequence[RefTreaty]):
        self.treaties = list(treaties)
        self.shape = self._event_shape()
        self.ages = []      # per pooled treaty: (signature ages, deposit ages, share by 1.0)
        logs, censored = [], []
        for t in self.treaties:
            if not t.has_count:
                continue
            cal = Calendar(t.opens, t.observed_days + 1, self.shape)
            if t.count_days is None:
                censored.append(math.log(cal.end_of(t.observed_days)))
                continue
            scale = cal.age(t.count_days)
            logs.append(math.log(scale))
            sig = [cal.age(d) / scale if d is not None else INF for d in t.signed]
            dep = [cal.age(d) / scale if d is not None else INF for d in t.deposited]
            share = sum(1 for x in dep if x <= 1.0) / len(dep)
            self.ages.append((sig, dep, share))
        if not logs:
            raise ProjectionError("no reference treaty reached a count threshold to learn from")
        self.ids = [t.id for t in self.treaties if t.has_count and t.count_days is not None]
        self.censored = [t.id for t in self.treaties if t.has_count and t.count_days is None]
        if len(logs) >= 2:
            self.mu, self.sigma = censored_normal(logs, censored)
        else:
            self.mu, self.sigma = logs[0], 0.7
        self.typical = math.exp(self.mu)   # operational days to the threshold, typical treaty
        self.size = self._dispersion()

    def _event_shape(self) -> tuple[float, ...]:
        """Extra operational days on each day of the event week, from the reference deposits:
        the share s of deposits falling in the four event days, against 4/365 if they fell evenly,
        gives the extra J with (4 + J) / (365 + J) = s, split in proportion to each day's share."""
        on_day = [0] * EVENT_DAYS
        total = 0
        for t in self.treaties:
            for d in t.deposited:
                if d is None or d > 365 * EVENT_SPAN_YEARS:
                    continue
                total += 1
                day = t.opens + dt.timedelta(days=d)
                k = (day - treaty_event_day(day.year)).days
                if 0 <= k < EVENT_DAYS:
                    on_day[k] += 1
        inside = sum(on_day)
        if total == 0 or inside == 0:
            return (0.0,) * EVENT_DAYS
        share = inside / total
        extra = max(0.0, (share * 365 - EVENT_DAYS) / (1 - share))
        return tuple(max(0.0, n / inside * (EVENT_DAYS + extra) - 1) for n in on_day)

    def weights(self, share: float | None, skip: int | None = None) -> list[tuple[float, float]]:
        """Per pooled treaty: the weight of one participant that had deposited by its threshold,
        and of one that had not, so that the first make up `share` of the treaty's weight (each
        treaty weighs 1 in all)."""
        result = []
        for j, (_, dep, own) in enumerate(self.ages):
            n = len(dep)
            if j == skip:
                result.append((0.0, 0.0))
            elif share is None or own <= 0 or own >= 1:
                result.append((1.0 / n, 1.0 / n))
            else:
                share = min(max(share, 1e-6), 1 - 1e-6)
                result.append((share / own / n, (1 - share) / (1 - own) / n))
        return result

    def split(self, x: float, weights, pools: bool = True, only: int | None = None):
        """At normalised age x: per class (0 = not signed by x, 1 = signed), the weight of the
        reference participants deposited by x, the weight still waiting, and (if `pools`) the
        later deposit ages of those waiting, with their weights. `only`: one treaty."""
        deposited = [0.0, 0.0]
        waiting = [0.0, 0.0]
        items: list[list[tuple[float, float]]] = [[], []]
        for j, ((sig, dep, _), (early, late)) in enumerate(zip(self.ages, weights)):
            if (early == 0.0 and late == 0.0) or (only is not None and j != only):
                continue
            for s, t in zip(sig, dep):
                c = 1 if s <= x else 0
                w = early if t <= 1.0 else late
                if t <= x:
                    deposited[c] += w
                else:
                    waiting[c] += w
                    if pools:
                        items[c].append((t, w))
        return deposited, waiting, items

    @staticmethod
    def expected(n, deposited, waiting) -> float:
        """Expected count deposited, for n[c] participants of each class."""
        return sum(n[c] * deposited[c] / (deposited[c] + waiting[c])
                   for c in (0, 1) if deposited[c] + waiting[c])

    def _dispersion(self) -> float:
        """Negative-binomial size r of the count likelihood (variance = mean + mean^2 / r), by
        moments: each pooled treaty's counts at tenths of its own time to threshold, against what
        the other treaties, rescaled to its threshold, predict for its signatories and others."""
        excess = scale = 0.0
        for j, (sig, dep, own) in enumerate(self.ages):
            weights = self.weights(own, skip=j)
            for tenth in range(1, 11):
                x = tenth / 10
                deposited, waiting, _ = self.split(x, weights, pools=False)
                n = [0, 0]
                k = 0
                for s, t in zip(sig, dep):
                    n[1 if s <= x else 0] += 1
                    k += t <= x
                lam = self.expected(n, deposited, waiting)
                excess += (k - lam) ** 2 - lam
                scale += lam * lam
        if len(self.ages) < 2 or excess <= 0:
            return INF
        return scale / excess

    def loglik(self, observed: int, expected: float, overdispersed: bool = True) -> float:
        """Log-likelihood of `observed` counted deposits when `expected` were due (up to a
        constant): negative binomial with the reference class's overdispersion."""
        expected = max(expected, 1e-9)
        r = self.size if overdispersed else INF
        if r == INF:
            return observed * math.log(expected) - expected
        return r * math.log(r / (r + expected)) + observed * math.log(expected / (r + expected))


class Pool:
    """Inverse distribution function over a weighted sample of deposit ages (INF = never)."""

    def __init__(self, items: list[tuple[float, float]]):
        items.sort()
        total = sum(w for _, w in items) or 1.0
        self.values: list[float] = []
        self.cum: list[float] = []
        running = 0.0
        for t, w in items:
            if t == INF:
                break
            running += w / total
            self.values.append(t)
            self.cum.append(running)
        self.finite = running  # probability of a finite deposit age

    def draw(self, u: float) -> float:
        if u >= self.finite or not self.values:
            return INF
        return self.values[min(bisect.bisect_right(self.cum, u), len(self.values) - 1)]


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
        value = self._sorted[max(0, math.ceil(q * len(self._sorted)) - 1)]
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
    horizon_end = add_months(as_of, 12 * horizon_years)
    snap = engine.snapshot(as_of)
    counts = [c for c in engine.rule.conditions if c.kind == "count" and not c.group]
    required = counts[0].count if counts else None
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
        stretch, weight = _blend(met, ratios, elapsed, options.blend, as_of, a, age, cal)
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


def _blend(met, ratios, elapsed, weight, as_of, a, age, cal) -> tuple[float, float]:
    """The stretch of the time still to go that moves the simulation's median threshold date to
    the geometric blend of its own median time to go and the reference-shape one (elapsed x the
    median ratio), and the weight the latter had: `weight` if a number, else (\"precision\") the
    inverse-variance weight from the two estimates' log 80 % spreads. (1.0, 0.0) when more than
    half the runs miss the horizon."""
    day = as_of.toordinal()
    remaining = sorted(m - day for m in met)
    pick = lambda q: remaining[max(0, math.ceil(q * len(remaining)) - 1)]  # noqa: E731
    own = pick(0.5)
    if own == INF:
        return 1.0, 0.0
    shape = max(1.0, elapsed * interpolated_quantile(ratios, 0.5))
    if weight == "precision":
        high = pick(0.9)
        if high == INF:
            high = cal.days - a
        s_own = math.log(max(high, 1) / max(pick(0.1), 1)) / (2 * Z90)
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


# -- the view -----------------------------------------------------------------------------------


def _iso(day) -> str | None:
    if day is None:
        return None
    if isinstance(day, int):
        day = dt.date.fromordinal(day)
    return day.isoformat()


def year_ends(sim: Simulation) -> list[dt.date]:
    """31 December of every year from the as-of date's to the horizon's."""
    return [dt.date(y, 12, 31) for y in range(sim.as_of.year, sim.horizon_end.year + 1)
            if sim.as_of <= dt.date(y, 12, 31) <= sim.horizon_end]


def summary(sim: Simulation) -> dict:
    """median, p10, p90 (None when more than 10 % of runs reach no entry into force within the
    horizon), p_by, p_none_within_horizon."""
    p_none = sim.p_none
    return {
        "median": _iso(sim.quantile(0.5)),
        "p10": _iso(sim.quantile(0.1)),
        "p90": _iso(sim.quantile(0.9)) if p_none <= 0.10 else None,
        "p_by": {d.isoformat(): round(sim.p_by(d), 4) for d in year_ends(sim)},
        "p_none_within_horizon": round(p_none, 4),
    }


def drivers(sim: Simulation) -> str:
    """One sentence on what drives the projection."""
    if sim.deterministic:
        return (f"The threshold was met by {sim.as_of}: the date follows from the rule, nothing "
                "is left to chance.")
    months = max(0, round((sim.as_of - opening(sim.treaty)).days / 30.44))
    if sim.required and sim.counted < sim.required:
        need = f"{sim.counted} of {sim.required} instruments counted"
    else:
        need = f"{sim.counted} instruments counted"
    text = f"{months} month{'s' if months != 1 else ''} after opening, {need}; "
    others = [m for m in sim.missing if "more instrument" not in m]
    if others:
        text += "still missing: " + "; ".join(others) + "; "
    text += (f"{sim.signatories_waiting} signatories have yet to ratify and "
             f"{sim.others_waiting} other participants could accede; ")
    low, mid, high = sim.pace
    typical = sim.typical_days / 30.44
    text += (f"at its pace so far the treaty needs about {mid:.1f}× the reference treaties' "
             f"typical {typical:.0f} months to reach its threshold "
             f"(80 % range {low:.1f}–{high:.1f}×)")
    if sim.analogs:
        top = sorted(sim.analogs.items(), key=lambda kv: -kv[1])[:2]
        text += ", closest in profile to " + " and ".join(f"{t} ({p:.0%})" for t, p in top)
    return text + "."


def project(treaty: Treaty, as_of: dt.date, *, pins: Sequence[tuple[str, dt.date]] = (),
            runs: int = 10_000, seed: int = 0, horizon_years: int = 20,
            reference: Reference | None = None, record: int = 0,
            events: Sequence[dt.date] = ()) -> tuple[dict, Simulation]:
    """The `project` view (design §4 keys plus extras) and the simulation behind it."""
    if reference is None:
        reference = Reference(bundled_references(exclude=(treaty.id,)))
    sim = simulate(treaty, as_of, pins=pins, runs=runs, seed=seed, horizon_years=horizon_years,
                   reference=reference, record=record, events=events)
    names = {p.code: p.name for p in universe(treaty).participants}
    known = min(treaty.data_as_of, as_of) if treaty.data_as_of else None
    if sim.deterministic:
        method = "deterministic: the threshold was met by the as-of date"
    else:
        method = (f"{METHOD}: time to deposit per participant from the reference class "
                  f"({', '.join(reference.ids)}; this treaty left out), signatories and others "
                  "apart, never-depositors included; pace updated by the deposits counted so "
                  "far; UN treaty-event bursts in late September")
        if sim.blend_weight:
            method += (f"; median time to go blended with the reference-class shape (weight "
                       f"{sim.blend_weight:.2f})")
    view = {
        "treaty": {"id": treaty.id, "title": treaty.title, "reference": treaty.reference},
        "as_of": as_of.isoformat(),
        **summary(sim),
        "horizon_years": horizon_years,
        "runs": runs,
        "seed": seed,
        "method": method,
        "assumptions": [{"participant": code, "name": names.get(code, code),
                         "deposit": d.isoformat()} for code, d in pins],
        "earliest_entry_into_force": _iso(sim.earliest),
        # extras (not part of the contract)
        "short_title": treaty.name,
        "horizon_end": sim.horizon_end.isoformat(),
        "counted": sim.counted,
        "required": sim.required,
        "pace": None if sim.pace is None else dict(zip(("p10", "median", "p90"),
                                                         (round(x, 3) for x in sim.pace))),
        "typical_months": None if sim.typical_days is None else round(sim.typical_days / 30.44, 1),
        "analogs": {k: round(v, 3) for k, v in sorted(sim.analogs.items(), key=lambda kv: -kv[1])},
        "blend": {"shape_weight": round(sim.blend_weight, 3), "stretch": round(sim.stretch, 3)},
        "drivers": drivers(sim),
        "data_as_of": _iso(known),
        "warnings": [],
    }
    if known and (as_of - known).days > 60:
        view["warnings"].append(
            f"data last reconciled on {known}: a deposit made since is unknown to the model, "
            f"which counts none up to {as_of}")
    if pins:
        unpinned = summary(simulate(treaty, as_of, runs=runs, seed=seed,
                                    horizon_years=horizon_years, reference=reference,
                                    events=events))
        view["unpinned"] = unpinned
        view["shift"] = {key: _shift(view[key], unpinned[key]) for key in ("median", "p10", "p90")}
        view["shift"]["p_by"] = {d: round(view["p_by"][d] - unpinned["p_by"][d], 4)
                                 for d in view["p_by"]}
    return view, sim


def _shift(new: str | None, old: str | None) -> int | None:
    if new is None or old is None:
        return None
    return (dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days


# -- the chart ----------------------------------------------------------------------------------


def fan_series(sim: Simulation, engine: Engine, columns: int = 60) -> dict:
    """Counted instruments so far, then the 10th/50th/90th percentile of the counted instruments
    over the recorded runs, up to the 90th percentile of entry into force (or the horizon)."""
    opens = opening(sim.treaty)
    observed = [(d, int(v)) for d, v in zip(engine.counted.days, engine.counted.values)
                if d <= sim.as_of]
    end_day = sim.quantile(0.9) or sim.horizon_end.toordinal()
    end = max(dt.date.fromordinal(end_day), sim.as_of + dt.timedelta(days=30))
    start = min(opens, sim.as_of)
    span = (end - start).days
    dates = [start + dt.timedelta(days=round(span * (x + 1) / columns)) for x in range(columns)]
    runs = sim.paths
    low, mid, high = [], [], []
    for day in dates:
        if day <= sim.as_of or not runs:
            low.append(None)
            mid.append(None)
            high.append(None)
            continue
        n = day.toordinal()
        values = sorted(sim.counted + bisect.bisect_right(path, n) for path in runs)
        pick = lambda q: values[max(0, math.ceil(q * len(values)) - 1)]  # noqa: E731
        low.append(pick(0.1))
        mid.append(pick(0.5))
        high.append(pick(0.9))
    median = sim.quantile(0.5)
    return {"observed": observed, "dates": dates, "low": low, "mid": mid, "high": high,
            "threshold": sim.required, "start": start, "end": end, "as_of": sim.as_of,
            "median": dt.date.fromordinal(median) if median else None}
