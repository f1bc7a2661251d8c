"""The projected treaty on the as-of date, where both the pace evidence (`pace.py`) and every run
of the simulation (`simulation.py`) start: the engine of the treaty as then known, its fast rule,
the count it needs, its operational clock, and the participants still to deposit by signature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from ..rules import Engine, Snapshot
from .fastpath import FastRule
from .reference import Calendar, first_signature

T = TypeVar("T")


class BySignature(NamedTuple, Generic[T]):
    """One value per class of participants, in the order the runs draw them: those that had not
    signed (by the point in question), then those that had."""

    unsigned: T
    signed: T


@dataclass(frozen=True)
class Standing:
    """The projected treaty on the as-of date, where every run starts."""

    as_of: dt.date
    engine: Engine                   # the treaty as known then, past pins recorded
    fast: FastRule
    snapshot: Snapshot
    required: int | None             # instruments the headline count condition requires
    days_open: int                   # days from the opening to the as-of date
    calendar: Calendar               # the operational clock, from the opening to the horizon
    waiting: BySignature[list[int]]  # participants (indices) that may still deposit, not pinned


def standing_on(engine: Engine, as_of: dt.date, pins: Sequence[tuple[str, dt.date]],
                opens: dt.date, horizon_end: dt.date, shape: Sequence[float],
                events: Sequence[dt.date]) -> Standing:
    """The standing on `as_of` of the treaty in `engine`, with its event calendar (`shape`, the
    reference class's event weights; `events`, other known dates) up to the horizon."""
    fast = FastRule(engine, as_of)
    headline = engine.rule.headline_count
    days_open = (as_of - opens).days
    calendar = Calendar(opens, max(days_open, 0) + (horizon_end - as_of).days + 1, shape, events)
    return Standing(as_of, engine, fast, engine.snapshot(as_of),
                    headline.count if headline else None, days_open, calendar,
                    _waiting(engine, fast, pins, as_of))


def _waiting(engine: Engine, fast: FastRule, pins: Sequence[tuple[str, dt.date]],
             as_of: dt.date) -> BySignature[list[int]]:
    """The open participants the runs draw deposits for (the pinned ones have theirs fixed), by
    whether they had signed by `as_of`."""
    pinned = {c for c, _ in pins}
    waiting = BySignature(unsigned=[], signed=[])
    for i in fast.open:
        if fast.codes[i] not in pinned:
            signed = first_signature(engine.treaty.participants[i], as_of)
            (waiting.signed if signed else waiting.unsigned).append(i)
    return waiting

