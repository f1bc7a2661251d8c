"""The entry-into-force rule over day numbers, for simulated deposit paths.

`FastRule(engine, as_of)` takes the treaty's standing on `as_of` (computed by the full `Engine`) and
answers, for a stream of new deposits after that date, the threshold day and the entry-into-force
day under the same semantics as `rules.py` (design §3): count, group-count, weight and all_of
conditions, REIO exclusion, scheduled withdrawals already notified, the date formula and
`not_before`. Day numbers are proleptic ordinals (`date.toordinal()`). tests/test_project.py
proves it agrees with `Engine` on every bundled treaty and on random paths.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..errors import DateOutOfRange
from ..model import Condition, Treaty
from ..rules import EPSILON, Engine, History, counted_intervals

NEVER = float("inf")  # blocked for good: a new deposit never counts


class Requirement(NamedTuple):
    """One condition over the participants: the amount it requires, and every participant that
    contributes to it (index) with its amount."""

    required: float
    contributors: list[tuple[int, float]]


def _requirement(condition: Condition, treaty: Treaty) -> Requirement:
    """The requirement of a count (of a group's members, if any), weight or all_of condition."""
    codes = [p.code for p in treaty.participants]
    if condition.kind == "count":
        members = set(treaty.groups[condition.group]) if condition.group else None
        return Requirement(condition.count - EPSILON,
                           [(i, 1.0) for i, code in enumerate(codes)
                            if members is None or code in members])
    if condition.kind == "weight":
        weights = [p.weights.get(condition.weight, 0.0) for p in treaty.participants]
        return Requirement(condition.at_least - EPSILON,
                           [(i, w) for i, w in enumerate(weights) if w])
    named = set(condition.codes)
    return Requirement(len(named) - EPSILON,
                       [(i, 1.0) for i, code in enumerate(codes) if code in named])


def _uncounted_block(history: History, as_of: dt.date) -> float | None:
    """The day until which a consent in effect on `as_of` but not counted (an instrument type the
    rule ignores) blocks a new instrument, as `digest` does (NEVER: it does not end); None
    without one."""
    blocked = None
    for interval in history.intervals:
        if interval.start <= as_of and (interval.end is None or interval.end > as_of):
            blocked = interval.end.toordinal() if interval.end else NEVER
    return blocked


class ScheduledEnd(NamedTuple):
    """A counted instrument in effect on the as-of date whose end is already known (a withdrawal
    notified)."""

    day: int
    participant: int


class FastRule:
    """Threshold and entry-into-force days for deposit paths that start after `as_of`."""

    def __init__(self, engine: Engine, as_of: dt.date):
        if not engine.evaluable:
            raise ValueError("a condition is not evaluable; no fast path")
        self.engine = engine
        self.as_of = as_of
        self.as_of_day = as_of.toordinal()
        rule = engine.rule
        self.codes = [p.code for p in engine.treaty.participants]
        self.index = {code: i for i, code in enumerate(self.codes)}
        requirements = [_requirement(c, engine.treaty) for c in rule.conditions]
        self.required = [r.required for r in requirements]
        self.counts = [engine.histories[code].counts for code in self.codes]
        # contributions[i] = tuple of (condition number, amount) for participant i
        contributions: list[list[tuple[int, float]]] = [[] for _ in self.codes]
        for k, r in enumerate(requirements):
            for i, amount in r.contributors:
                contributions[i].append((k, amount))
        self.contributions = [tuple(c) if self.counts[i] else () for i, c in
                              enumerate(contributions)]
        self._settle(as_of)
        snap = engine.snapshot(as_of)
        self.met_day = snap.threshold_date.toordinal() if snap.threshold_date else None
        # participants whose deposit could still change a condition
        self.open = [i for i in range(len(self.codes)) if self.contributions[i]
                     and not self.counting[i] and self.blocked_until[i] != NEVER]
        self._eif_cache: dict[int, int | None] = {}

    def _settle(self, as_of: dt.date) -> None:
        """The standing on `as_of`, and changes already scheduled after it (withdrawals
        notified)."""
        n = len(self.codes)
        self.base = [0.0] * len(self.required)
        self.counting = [False] * n          # counting on as_of
        self.blocked_until = [None] * n      # a new deposit counts only from this day
        scheduled = []
        for i, code in enumerate(self.codes):
            history = self.engine.histories[code]
            for interval in counted_intervals(history, self.engine.rule.instruments):
                if interval.start > as_of:
                    continue
                if interval.end is None or interval.end > as_of:
                    self.counting[i] = True
                    for k, amount in self.contributions[i]:
                        self.base[k] += amount
                    if interval.end is not None:
                        scheduled.append(ScheduledEnd(interval.end.toordinal(), i))
                        self.blocked_until[i] = interval.end.toordinal()
            if not self.counting[i]:
                self.blocked_until[i] = _uncounted_block(history, as_of)
        self.scheduled = sorted(scheduled)

    def holds(self, values) -> bool:
        return all(v >= r for v, r in zip(values, self.required))

    def threshold(self, deposits) -> int | None:
        """The threshold day, given new deposits as (day, participant index) in day order.

        Deposits must be dated after `as_of`; a deposit by a participant already counting, or by
        one whose instrument does not count, changes nothing (as in `Engine`).
        """
        if self.met_day is not None:
            return self.met_day
        values = list(self.base)
        required = self.required
        unmet = sum(1 for v, r in zip(values, required) if v < r)
        counting = list(self.counting)
        contributions = self.contributions
        blocked = self.blocked_until
        scheduled = self.scheduled
        s = 0
        for day, i in deposits:
            while s < len(scheduled) and scheduled[s].day <= day:
                j = scheduled[s].participant
                s += 1
                if counting[j]:
                    counting[j] = False
                    for k, amount in contributions[j]:
                        before = values[k] >= required[k]
                        values[k] -= amount
                        if before and values[k] < required[k]:
                            unmet += 1
            if counting[i] or not contributions[i]:
                continue
            b = blocked[i]
            if b is not None and day < b:
                continue
            counting[i] = True
            for k, amount in contributions[i]:
                before = values[k] >= required[k]
                values[k] += amount
                if not before and values[k] >= required[k]:
                    unmet -= 1
            if unmet == 0:
                return day
        return None

    def eif(self, threshold_day: int | None) -> int | None:
        """Entry into force for a threshold day: the date formula, then `not_before`; None for
        no threshold, or an entry into force past 9999-12-31 (beyond any horizon)."""
        if threshold_day is None:
            return None
        cached = self._eif_cache.get(threshold_day, 0)
        if cached == 0:
            try:
                day = self.engine.eif_for_threshold(dt.date.fromordinal(threshold_day))
                cached = day.toordinal()
            except (DateOutOfRange, ValueError):  # past 9999-12-31: beyond any horizon
                cached = None
            self._eif_cache[threshold_day] = cached
        return cached

    def entry_into_force(self, deposits) -> int | None:
        return self.eif(self.threshold(deposits))
