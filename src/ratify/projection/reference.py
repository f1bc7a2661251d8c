"""The outside view: what the bundled treaties teach about how fast participants deposit.

The event calendar first: `Calendar` is an operational clock from a treaty's opening day in which
each day of the late-September UN treaty event (`treaty_event_day`, Tuesday to Friday) and any
other known date given counts as several ordinary days. Then the reference class: each bundled
treaty digested into a `RefTreaty` (per countable participant, days from opening to its first
signature and first counted deposit), `Reference` (the class as the simulation uses it: event
weights, deposit ages normalised by each treaty's own time to its count threshold, the log-normal
prior on that time and the overdispersion of the counts), `Pool` (an inverse distribution function
over reference deposit ages) and `shape_ratio` (time to go / time elapsed when a reference treaty
first reached a fraction of its threshold). `pace.py` and `simulation.py` draw from all this.

Nothing here prints, reads the clock or exits. The digests of the bundled treaties are cached.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..datafile import store
from ..errors import ProjectionError
from ..model import Participant, Treaty
from ..names import registry
from ..rules import Engine, counted_intervals
from .record import TRACK_BINS, TrackRecord, class_of, same_signature

INF = float("inf")
EVENT_DAYS = 4            # Tuesday to Friday of the treaty-event week
EVENT_SPAN_YEARS = 10     # deposits within this many years of opening inform the event weight


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
        for year in range(opens.year, min(opens.year + days // 365 + 2, dt.MAXYEAR + 1)):
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
    codes: tuple[str, ...] = ()    # the participants' codes, aligned with signed and deposited


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
    intervals = counted_intervals(engine.histories[code], engine.rule.instruments)
    return intervals[0].start if intervals else None


def universe(treaty: Treaty, open_only: bool = True) -> Treaty:
    """The treaty with every state of the registry added (without actions) that is not in it,
    that the treaty is open to (`treaty.open_to`) and that existed while its data run (`exists`;
    a participant of the file without any action that did not exist then is dropped); every
    current state, if not `open_only`. A state that never acted is a participant that has not
    deposited."""
    known = registry()
    opens = opening(treaty)
    end = treaty.data_as_of or max((a.date for p in treaty.participants for a in p.actions),
                                   default=opens)
    kept = tuple(p for p in treaty.participants
                 if p.actions or not open_only or p.code not in known
                 or exists(known[p.code], end))
    present = {p.code for p in treaty.participants}
    extra = tuple(Participant(code=e.code, name=e.name, kind="state", region=e.region)
                  for e in known.values()
                  if e.kind == "state" and e.code not in present
                  and (exists(e, end) and treaty.may_join(e.code) if open_only
                       else not e.former_state))
    if not extra and len(kept) == len(treaty.participants):
        return treaty
    return dataclasses.replace(treaty, participants=kept + extra)


def exists(entry, end: dt.date | None) -> bool:
    """Whether a registry state could have joined a treaty whose data end on `end`: admitted
    to the United Nations by `end` (a state the registry gives no admission date counts as
    always there), or acting in some bundled treaty by then (Italy acceded to the Genocide
    Convention in 1952, before its admission in 1955). A former State only if it was dissolved
    on or after `end` (one that ended before the data do can no longer deposit; one without a
    sourced day of dissolution joins only through its records) and no State continues it (the
    USSR's records are the Russian Federation's)."""
    if end is None:
        return False
    if entry.admitted is not None and entry.admitted > end:
        first = first_actions().get(entry.code)
        if first is None or first > end:
            return False
    if entry.former_state:
        return entry.continued_by is None and entry.dissolved is not None \
            and entry.dissolved >= end
    return True


@functools.cache
def first_actions() -> dict[str, dt.date]:
    """Per participant code, the day of its first action in any bundled treaty."""
    first: dict[str, dt.date] = {}
    for treaty_id in store.reference_ids():
        for p in store.load(store.bundled_path(treaty_id)).participants:
            for a in p.actions:
                if p.code not in first or a.date < first[p.code]:
                    first[p.code] = a.date
    return first


def reference_treaty(treaty: Treaty) -> RefTreaty:
    """Digest a (complete) treaty into a RefTreaty."""
    engine = Engine(universe(treaty))
    opens = opening(treaty)
    signed, deposited, codes = [], [], []
    for p in engine.treaty.participants:
        if not engine.histories[p.code].counts:
            continue
        sig = first_signature(p)
        dep = first_deposit(engine, p.code)
        codes.append(p.code)
        signed.append((sig - opens).days if sig else None)
        deposited.append((dep - opens).days if dep else None)
    headline = engine.rule.headline_count
    count_day = None if headline is None else \
        engine.met_on[engine.rule.conditions.index(headline)]
    threshold = None
    if engine.evaluable and engine.threshold_date:
        threshold = (engine.threshold_date - opens).days
    last = treaty.data_as_of or max((a.date for p in treaty.participants for a in p.actions),
                                    default=opens)
    required = headline.count if headline else None
    return RefTreaty(treaty.id, opens, tuple(signed), tuple(deposited),
                     (count_day - opens).days if count_day else None, headline is not None,
                     threshold, (last - opens).days, required, tuple(codes))


@functools.cache
def bundled_reference(treaty_id: str) -> RefTreaty:
    return reference_treaty(store.load(store.bundled_path(treaty_id)))


def bundled_references(exclude: Iterable[str] = ()) -> list[RefTreaty]:
    skip = set(exclude)
    return [bundled_reference(t) for t in store.reference_ids() if t not in skip]


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


def nearest_rank(ordered: Sequence, q: float):
    """The nearest-rank `q` quantile of values already in ascending order."""
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


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

    Its participants fall in `classes` classes (`record.class_of`): whether they had signed by
    the age in question, and, with the track record on (`track`), their track bin by their
    record on the other reference treaties (`record.TrackRecord`, over these treaties).
    """

    def __init__(self, treaties: Sequence[RefTreaty], track: bool = True):
        self.treaties = list(treaties)
        self.shape = self._event_shape()
        self.track = TrackRecord(self.treaties)
        self.track_bins = TRACK_BINS if track else 1
        self.classes = 2 * self.track_bins
        self.ages = []      # per pooled treaty: (signature ages, deposit ages, share by 1.0)
        self.observed = []  # per pooled treaty: normalised age at the end of its data
        self.pooled = []    # per pooled treaty: its index in `treaties`
        logs, censored = [], []
        for index, t in enumerate(self.treaties):
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
            self.observed.append(cal.end_of(t.observed_days) / scale)
            self.pooled.append(index)
        if not logs:
            raise ProjectionError("no reference treaty reached a count threshold to learn from")
        self.ids = [t.id for t in self.treaties if t.has_count and t.count_days is not None]
        self.censored = [t.id for t in self.treaties if t.has_count and t.count_days is None]
        if len(logs) >= 2:
            self.mu, self.sigma = censored_normal(logs, censored)
        else:
            self.mu, self.sigma = logs[0], 0.7
        self.typical = math.exp(self.mu)   # operational days to the threshold, typical treaty
        self.offsets = self._offsets()
        self.groups = self._groups()
        self.size = self._dispersion()
        self._variants = {track: self}

    def tracked(self, on: bool) -> Reference:
        """This reference class with the track record on (`TRACK_BINS` bins) or off (one bin:
        the classes by signature alone); built once, then shared."""
        other = self._variants.get(on)
        if other is None:
            other = copy.copy(self)
            other.track_bins = TRACK_BINS if on else 1
            other.classes = 2 * other.track_bins
            other.offsets = other._offsets()
            other.groups = other._groups()
            other.size = other._dispersion()
            self._variants[on] = other
        return other

    def track_bin(self, code: str) -> int:
        """The track bin of a participant of the projected treaty (never one of these treaties,
        so its whole record counts); 0 with one bin."""
        return self.track.bin(code) if self.track_bins > 1 else 0

    def _offsets(self) -> list[tuple[int, ...]]:
        """Per pooled treaty, per participant: the class offset of its track bin (2 per bin), by
        its record on the other reference treaties; 0 with one bin, or without codes."""
        result = []
        for index, (sig, _, _) in zip(self.pooled, self.ages):
            codes = self.treaties[index].codes
            if self.track_bins == 1 or len(codes) != len(sig):
                result.append((0,) * len(sig))
            else:
                result.append(tuple(class_of(False, self.track.bin(code, leave_out=index))
                                    for code in codes))
        return result

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

    def _groups(self) -> list[list[tuple[int, bool, list[float], list[float], list[float]]]]:
        """Per pooled treaty, its participants grouped by track offset and by whether they had
        deposited by the threshold (early), each group as sorted signature ages, deposit ages
        and the later of the two: what `split` counts by bisection."""
        result = []
        for (sig, dep, _), offsets in zip(self.ages, self.offsets):
            members: dict[tuple[int, bool], list[tuple[float, float]]] = {}
            for s, t, offset in zip(sig, dep, offsets):
                members.setdefault((offset, t <= 1.0), []).append((s, t))
            result.append([(offset, early, sorted(s for s, _ in pairs),
                            sorted(t for _, t in pairs), sorted(max(pair) for pair in pairs))
                           for (offset, early), pairs in sorted(members.items())])
        return result

    def split(self, x: float, weights, pools: bool = True, only: int | None = None):
        """At normalised age x: per class (`record.class_of`: whether signed by x, and the track
        bin), the weight of the reference participants deposited by x, the weight still
        waiting, and (if `pools`) the later deposit ages of those waiting, with their weights
        and whether the age is only a censoring (the end of that treaty's data: its participants
        that had not deposited by then may still). Only the treaties whose data reach x speak
        for it (all of them when none does). `only`: one treaty."""
        deposited = [0.0] * self.classes
        waiting = [0.0] * self.classes
        items: list[list[tuple[float, float, bool]]] = [[] for _ in range(self.classes)]
        reach = any(end >= x for end in self.observed)
        for j, (early, late) in enumerate(weights):
            if (early == 0.0 and late == 0.0) or (only is not None and j != only) \
                    or (reach and self.observed[j] < x):
                continue
            for offset, is_early, sig, dep, both in self.groups[j]:
                w = early if is_early else late
                signed = bisect.bisect_right(sig, x)
                done = bisect.bisect_right(dep, x)
                signed_done = bisect.bisect_right(both, x)
                deposited[offset + 1] += w * signed_done
                deposited[offset] += w * (done - signed_done)
                waiting[offset + 1] += w * (signed - signed_done)
                waiting[offset] += w * (len(sig) - signed - done + signed_done)
            if pools:
                self._waiting_items(j, x, weights[j], items)
        return deposited, waiting, items

    def _waiting_items(self, j: int, x: float, weight: tuple[float, float], items) -> None:
        """Add to `items` (per class) the later deposit ages of treaty j's participants still
        waiting at x, with their weights and whether the age is only a censoring."""
        (sig, dep, _), offsets, end = self.ages[j], self.offsets[j], self.observed[j]
        for s, t, offset in zip(sig, dep, offsets):
            if t > x:
                w = weight[0] if t <= 1.0 else weight[1]
                items[(1 if s <= x else 0) + offset].append(
                    (t, w, False) if t < INF else (end, w, True))

    @staticmethod
    def expected(n, deposited, waiting) -> float:
        """Expected count deposited, for n[c] participants of each class; a class with no
        reference weight at that age takes the share of its signature class, the track bins
        merged."""
        total = 0
        for c in range(len(n)):
            d, w = deposited[c], waiting[c]
            if not d + w:
                same = same_signature(c, len(n))
                d = sum(deposited[i] for i in same)
                w = sum(waiting[i] for i in same)
            if d + w:
                total += n[c] * d / (d + w)
        return total

    def _dispersion(self) -> float:
        """Negative-binomial size r of the count likelihood (variance = mean + mean^2 / r), by
        moments: each pooled treaty's counts at tenths of its own time to threshold, against what
        the other treaties, rescaled to its threshold, predict for its participants of each
        class."""
        excess = scale = 0.0
        for j, ((sig, dep, own), offsets) in enumerate(zip(self.ages, self.offsets)):
            weights = self.weights(own, skip=j)
            for tenth in range(1, 11):
                x = tenth / 10
                deposited, waiting, _ = self.split(x, weights, pools=False)
                n = [0] * self.classes
                k = 0
                for s, t, offset in zip(sig, dep, offsets):
                    n[(1 if s <= x else 0) + offset] += 1
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
    """Inverse distribution function over a weighted sample of deposit ages, some of them only
    censorings (a participant that had not deposited when its treaty's data end): the weighted
    Kaplan-Meier estimate, whose mass left after the last deposit is "never" (INF)."""

    def __init__(self, items: list[tuple[float, float, bool]]):
        items.sort(key=lambda item: (item[0], item[2]))   # a deposit before a tied censoring
        at_risk = sum(w for _, w, _ in items)
        self.values: list[float] = []
        self.cum: list[float] = []
        survival = 1.0
        for t, w, censored in items:
            if at_risk <= 0:
                break
            if not censored:
                survival *= max(0.0, 1.0 - w / at_risk)
                self.values.append(t)
                self.cum.append(1.0 - survival)
            at_risk -= w
        self.finite = self.cum[-1] if self.cum else 0.0  # probability of a finite deposit age

    def draw(self, u: float) -> float:
        if u >= self.finite or not self.values:
            return INF
        return self.values[min(bisect.bisect_right(self.cum, u), len(self.values) - 1)]
