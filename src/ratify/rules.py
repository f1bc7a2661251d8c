"""The entry-into-force rule engine: pure functions of a treaty's actions and a date.

`Engine(treaty)` sorts the actions once into step functions (counted participants, parties,
signatories, weights, named participants present), so that each as-of date is answered by
binary search instead of a rescan. Semantics: design §3.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from .errors import DateOutOfRange
from .model import (
    CONSENT_TYPES,
    PIPELINE_TYPES,
    SIGNING_TYPES,
    Action,
    Condition,
    Participant,
    Treaty,
)

EPSILON = 1e-9


@dataclass(frozen=True)
class Interval:
    """A consent instrument in effect from `start` until `end` (exclusive; None = still)."""

    consent: Action
    start: dt.date
    end: dt.date | None
    ended_by: str | None  # "revocation" | "denunciation" | None
    notified: dt.date | None = None  # the denunciation's notification, when ended_by it


@dataclass(frozen=True)
class History:
    """One participant's actions digested: signature and consent intervals."""

    participant: Participant
    signature: Action | None
    intervals: tuple[Interval, ...]
    counts: bool  # whether its instruments count (not an excluded REIO)


@dataclass(frozen=True)
class ConditionState:
    condition: Condition
    required: float
    current: float | None
    missing: tuple[str, ...]
    evaluable: bool
    met_on: dt.date | None

    @property
    def met(self) -> bool:
        return self.met_on is not None


@dataclass(frozen=True)
class Snapshot:
    """The treaty's standing as of a date."""

    as_of: dt.date
    signatories: int
    parties: int
    counted: int
    conditions: tuple[ConditionState, ...]
    evaluable: bool
    threshold_date: dt.date | None
    entry_into_force: dt.date | None
    earliest_entry_into_force: dt.date | None

    @property
    def in_force(self) -> bool:
        return self.entry_into_force is not None and self.entry_into_force <= self.as_of


@dataclass(frozen=True)
class ParticipantState:
    """One participant as of a date."""

    participant: Participant
    status: str
    signature: Action | None
    consent: Action | None
    effective: dt.date | None
    withdrawal_effective: dt.date | None
    pipeline: tuple[Action, ...]
    actions: tuple[Action, ...]


class Step:
    """A step function of time built from (day, delta) changes."""

    def __init__(self, changes):
        totals: dict[dt.date, float] = {}
        for day, delta in changes:
            totals[day] = totals.get(day, 0) + delta
        self.days = sorted(totals)
        self.values = []
        running = 0
        for day in self.days:
            running += totals[day]
            self.values.append(running)

    def at(self, day: dt.date):
        i = bisect.bisect_right(self.days, day) - 1
        return self.values[i] if i >= 0 else 0


_SAME_DAY_RANK = {"signature": 0, "definitive_signature": 1, "revocation": 2,
                  "denunciation": 4, "denunciation_revoked": 5}


def _action_order(action: Action) -> tuple:
    """Date order; on one day a revocation precedes a new instrument (a withdrawn instrument
    replaced the same day), and a denunciation precedes its revocation."""
    return (action.date, _SAME_DAY_RANK.get(action.type, 3))


def digest(participant: Participant, treaty: Treaty) -> History:
    """Turn a participant's actions into its signature and consent intervals."""
    actions = sorted(participant.actions, key=_action_order)
    signature = next((a for a in actions if a.type in SIGNING_TYPES), None)
    intervals: list[Interval] = []
    current: Action | None = None
    start: dt.date | None = None
    pending: tuple[dt.date, dt.date] | None = None  # (notified, effective) of a denunciation

    def close(end: dt.date, why: str):
        nonlocal current, start, pending
        notified = pending[0] if why == "denunciation" else None
        intervals.append(Interval(current, start, end, why, notified))
        current = start = pending = None

    for action in actions:
        if pending and pending[1] <= action.date:
            close(pending[1], "denunciation")
        if action.type in CONSENT_TYPES:
            if current is None:
                current, start = action, action.date
        elif action.type == "revocation" and current is not None:
            close(action.date, "revocation")
        elif action.type == "denunciation" and current is not None and treaty.withdrawal:
            pending = (action.date, treaty.withdrawal.apply(action.date))
        elif action.type == "denunciation_revoked":
            pending = None
    if current is not None:
        if pending:
            intervals.append(Interval(current, start, pending[1], "denunciation", pending[0]))
        else:
            intervals.append(Interval(current, start, None, None))
    counts = not (participant.kind == "reio" and treaty.rule.reio == "excluded")
    return History(participant, signature, tuple(intervals), counts)


def counted_intervals(history: History, instruments) -> list[Interval]:
    if not history.counts:
        return []
    return [i for i in history.intervals if i.consent.type in instruments]


def _in(interval: Interval, day: dt.date) -> bool:
    return interval.start <= day and (interval.end is None or day < interval.end)


class Engine:
    """Answers status questions about one treaty at any number of dates."""

    def __init__(self, treaty: Treaty):
        self.treaty = treaty
        self.rule = treaty.rule
        self.histories = {p.code: digest(p, treaty) for p in treaty.participants}
        instruments = self.rule.instruments
        counted_changes, party_changes, signature_changes = [], [], []
        self._counted: dict[str, list[Interval]] = {}
        for code, h in self.histories.items():
            if h.signature:
                signature_changes.append((h.signature.date, 1))
            for interval in h.intervals:
                party_changes.append((interval.start, 1))
                if interval.end:
                    party_changes.append((interval.end, -1))
            counted = counted_intervals(h, instruments)
            self._counted[code] = counted
            for interval in counted:
                counted_changes.append((interval.start, 1))
                if interval.end:
                    counted_changes.append((interval.end, -1))
        self.counted = Step(counted_changes)
        self.parties = Step(party_changes)
        self.signatories = Step(signature_changes)
        self._condition_steps = [self._condition_step(c) for c in self.rule.conditions]
        self.evaluable = all(step is not None for step in self._condition_steps)
        # the first day each condition ever held (None: never, or not evaluable)
        self.met_on = [None if step is None else next(
            (d for d, v in zip(step.days, step.values) if self._holds(c, v)), None)
            for c, step in zip(self.rule.conditions, self._condition_steps)]
        self.threshold_date = self._threshold() if self.evaluable else None
        self.entry_into_force = self.eif_for_threshold(self.threshold_date)

    # -- conditions ------------------------------------------------------------------------
    def _condition_step(self, condition: Condition) -> Step | None:
        changes = []
        if condition.kind == "count":
            members = set(self.treaty.groups[condition.group]) if condition.group else None
            for code, intervals in self._counted.items():
                if members is None or code in members:
                    for i in intervals:
                        changes.append((i.start, 1))
                        if i.end:
                            changes.append((i.end, -1))
            return Step(changes)
        if condition.kind == "weight":
            if not any(condition.weight in p.weights for p in self.treaty.participants):
                return None
            for code, intervals in self._counted.items():
                weight = self.histories[code].participant.weights.get(condition.weight, 0.0)
                for i in intervals:
                    changes.append((i.start, weight))
                    if i.end:
                        changes.append((i.end, -weight))
            return Step(changes)
        for code in set(condition.codes):
            for i in self._counted.get(code, []):
                changes.append((i.start, 1))
                if i.end:
                    changes.append((i.end, -1))
        return Step(changes)

    def _required(self, condition: Condition) -> float:
        if condition.kind == "count":
            return condition.count
        if condition.kind == "weight":
            return condition.at_least
        return len(set(condition.codes))

    def _holds(self, condition: Condition, value) -> bool:
        return value >= self._required(condition) - EPSILON

    def _met_since(self, condition, step: Step, as_of: dt.date) -> dt.date | None:
        """The first day of the unbroken run of days, up to `as_of`, on which it holds."""
        i = bisect.bisect_right(step.days, as_of) - 1
        if i < 0 or not self._holds(condition, step.values[i]):
            return None
        while i > 0 and self._holds(condition, step.values[i - 1]):
            i -= 1
        return step.days[i]

    def _threshold(self) -> dt.date | None:
        """The first date on which every condition holds over the actions dated up to it."""
        days = sorted({d for s in self._condition_steps for d in s.days})
        for day in days:
            if all(self._holds(c, s.at(day)) for c, s in
                   zip(self.rule.conditions, self._condition_steps)):
                return day
        return None

    def eif_for_threshold(self, threshold: dt.date | None) -> dt.date | None:
        if threshold is None:
            return None
        day = self.rule.date.apply(threshold)
        if self.rule.not_before and self.rule.not_before > day:
            day = self.rule.not_before
        return day

    def known_entry_into_force(self, as_of: dt.date | None = None) -> dt.date | None:
        """The entry-into-force date as known on `as_of` (None: from all the data): the computed
        one once the threshold is met by then, else, when a condition cannot be evaluated, the
        depositary's recorded date once it has passed (its threshold date is not known)."""
        if self.evaluable:
            if self.threshold_date is None or (as_of is not None and self.threshold_date > as_of):
                return None
            return self.entry_into_force
        recorded = self.treaty.entered_into_force
        if recorded is None or (as_of is not None and recorded > as_of):
            return None
        return recorded

    # -- queries ---------------------------------------------------------------------------
    def snapshot(self, as_of: dt.date) -> Snapshot:
        """The standing of the treaty as the depositary would have shown it on `as_of`."""
        threshold = self.threshold_date if self.threshold_date and \
            self.threshold_date <= as_of else None
        states = []
        for condition, step in zip(self.rule.conditions, self._condition_steps):
            required = self._required(condition)
            if step is None:
                states.append(ConditionState(condition, required, None, (), False, None))
                continue
            current = step.at(as_of)
            missing = ()
            if condition.kind == "all_of":
                missing = tuple(c for c in dict.fromkeys(condition.codes)
                                if not any(_in(i, as_of) for i in self._counted.get(c, [])))
            if condition.kind == "weight":
                current = round(current, 6)
            states.append(ConditionState(condition, required, current, missing, True,
                                         self._met_since(condition, step, as_of)))
        eif = self.eif_for_threshold(threshold)
        if eif is not None:
            earliest = eif
        elif self.evaluable:
            try:
                earliest = self.eif_for_threshold(as_of)
            except DateOutOfRange:  # a deposit today could not take effect within the calendar
                earliest = None
        else:
            earliest = None
        return Snapshot(as_of=as_of, signatories=int(self.signatories.at(as_of)),
                        parties=int(self.parties.at(as_of)), counted=int(self.counted.at(as_of)),
                        conditions=tuple(states), evaluable=self.evaluable,
                        threshold_date=threshold, entry_into_force=eif,
                        earliest_entry_into_force=earliest)

    def effective_date(self, consent_date: dt.date, as_of: dt.date | None = None) -> dt.date | None:
        """The date on which a consent instrument deposited on `consent_date` takes effect."""
        threshold = self.threshold_date
        if threshold is None or (as_of is not None and threshold > as_of):
            return None
        eif = self.entry_into_force
        if consent_date <= threshold:
            return eif
        late = self.rule.late_joiners
        if late is None:
            return None
        own = late.formula.apply(consent_date)
        if late.after == "entry_into_force":
            return eif if consent_date <= eif else own
        return max(own, eif)

    def participant(self, code: str, as_of: dt.date) -> ParticipantState:
        """One participant's status, instrument and date of effect as of a date."""
        h = self.histories[code]
        p = h.participant
        signature = h.signature if h.signature and h.signature.date <= as_of else None
        known = [i for i in h.intervals if i.start <= as_of]
        current = next((i for i in reversed(known) if _in(i, as_of)), None)
        withdrawal_effective = None
        if current is not None:
            status, consent = "party", current.consent
            effective = self.effective_date(consent.date, as_of)
            if current.ended_by == "denunciation" and current.notified <= as_of:
                withdrawal_effective = current.end
        else:
            consent = effective = None
            last = known[-1] if known else None
            if last is not None and (last.ended_by == "denunciation" or signature is None):
                status = "withdrawn"
                if last.ended_by == "denunciation":
                    withdrawal_effective = last.end
            elif signature is not None:
                status = "signatory"
            else:
                status = "none"
        actions = tuple(a for a in sorted(p.actions, key=_action_order) if a.date <= as_of)
        pipeline = tuple(a for a in actions if a.type in PIPELINE_TYPES)
        return ParticipantState(p, status, signature, consent, effective, withdrawal_effective,
                                pipeline, actions)

    def participants(self, as_of: dt.date) -> list[ParticipantState]:
        return [self.participant(p.code, as_of) for p in self.treaty.participants]

    def deposits(self) -> list[tuple[dt.date, str, Action]]:
        """Every action in date order, with the participant's code."""
        rows = [(a.date, p.code, a) for p in self.treaty.participants for a in p.actions]
        rows.sort(key=lambda r: (r[0], _action_order(r[2])[1], r[1]))
        return rows
