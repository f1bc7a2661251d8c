"""The projected treaty at its data horizon, where both the pace evidence (`pace.py`) and every
run of the simulation (`simulation.py`) start: the engine of the treaty as then known, its fast
rule, the count it needs, its operational clock, and its participants by class (whether they had
signed, and their track bin: `record.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..rules import Engine, Snapshot
from .fastpath import FastRule
from .record import class_of
from .reference import Calendar, first_signature


@dataclass(frozen=True)
class Standing:
    """The projected treaty at its data horizon (`as_of` here), where every run starts.

    Every participant whose instrument would count holds a slot in its class (`slots` and
    `waiting` are indexed by `record.class_of(signed, track bin)`), in code order,
    whether it may still deposit (`waiting`) or not (counted already, or pinned): the runs draw
    a time for every slot and drop those of the participants not waiting, so that two
    projections that differ only in one participant's deposit share every other draw (common
    random numbers)."""

    as_of: dt.date
    engine: Engine                   # the treaty as known then, past pins recorded
    fast: FastRule
    snapshot: Snapshot
    required: int | None             # instruments the headline count condition requires
    days_open: int                   # days from the opening to the as-of date
    calendar: Calendar               # the operational clock, from the opening to the horizon
    slots: tuple[list[int], ...]     # per class: participants (indices) whose instrument counts
    waiting: tuple[list[int], ...]   # per class: those of them that may still deposit, unpinned

    def waiting_count(self, signed: bool) -> int:
        """The participants that may still deposit and had signed (or had not), every bin."""
        return sum(len(w) for c, w in enumerate(self.waiting) if c % 2 == signed)


def standing_on(engine: Engine, as_of: dt.date, pins: Sequence[tuple[str, dt.date]],
                opens: dt.date, horizon_end: dt.date, shape: Sequence[float],
                events: Sequence[dt.date], classes: int = 2,
                track_bin: Callable[[str], int] = lambda code: 0) -> Standing:
    """The standing on `as_of` of the treaty in `engine`, with its event calendar (`shape`, the
    reference class's event weights; `events`, other known dates) up to the horizon, and its
    participants in `classes` classes (`track_bin`: a participant's track bin by its code)."""
    fast = FastRule(engine, as_of)
    headline = engine.rule.headline_count
    days_open = (as_of - opens).days
    calendar = Calendar(opens, max(days_open, 0) + (horizon_end - as_of).days + 1, shape, events)
    slots = _slots(engine, fast, as_of, classes, track_bin)
    pinned = {fast.index[c] for c, _ in pins if c in fast.index}
    free = set(fast.open) - pinned
    waiting = tuple([i for i in members if i in free] for members in slots)
    return Standing(as_of, engine, fast, engine.snapshot(as_of),
                    headline.count if headline else None, days_open, calendar, slots, waiting)


def _slots(engine: Engine, fast: FastRule, as_of: dt.date, classes: int,
           track_bin: Callable[[str], int]) -> tuple[list[int], ...]:
    """The participants whose instrument would count, in code order, by class: whether they had
    signed by `as_of`, and their track bin."""
    slots: tuple[list[int], ...] = tuple([] for _ in range(classes))
    for i in sorted(range(len(fast.codes)), key=fast.codes.__getitem__):
        if fast.contributions[i]:
            signed = first_signature(engine.treaty.participants[i], as_of) is not None
            slots[class_of(signed, track_bin(fast.codes[i]))].append(i)
    return slots
