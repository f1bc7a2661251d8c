"""A state's own track record over the reference treaties: the second covariate of the classes
the simulation draws from (`simulation.py`), after whether the participant had signed.

A state is an early joiner of a reference treaty whose count condition was met if its counted
deposit came on or before the day it was met. Over the N such treaties it is a participant of,
E of them early, its score is (E + 0.5) / (N + 1); its track bin is 1 if the score is at or
above the median score of the states with a record (N >= `MIN_TREATIES`), else 0, and 0 for a
state with no record. A reference treaty's own participants are binned by their record on the
other treaties (`leave_out`), the projected treaty's by the whole reference class, of which it
is never part. The record uses only what the reference digests hold: the back-test cuts each
reference treaty at the as-of date before building its `Reference`, so a record built from the
`Reference`'s own treaties uses only the deposits known on that date.

The class of a participant is `class_of(signed, track bin)`: with `TRACK_BINS` bins there are
2 × `TRACK_BINS` classes, one bin (the track record off) the two classes by signature alone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reference import RefTreaty

TRACK_BINS = 2      # track bins with the track record on: below the median, at or above it
MIN_TREATIES = 3    # reference treaties a state must be a participant of to have a record


def class_of(signed: bool, track_bin: int) -> int:
    """The class index of a participant: 0 or 1 by whether it had signed, plus 2 per track bin."""
    return (1 if signed else 0) + 2 * track_bin


def same_signature(c: int, classes: int) -> range:
    """The classes of the same signature as class `c`, every track bin (the bins merged)."""
    return range(c % 2, classes, 2)


class TrackRecord:
    """Early joins (E) and treaties joined (N) per state code over reference treaties whose count
    condition was met, and the median score that cuts the two track bins."""

    def __init__(self, treaties: Sequence[RefTreaty]):
        self.early: dict[str, int] = {}
        self.joined: dict[str, int] = {}
        self._early_in: list[frozenset[str]] = []   # per treaty: its early joiners
        self._joined_in: list[frozenset[str]] = []  # per treaty: its participants (if it counts)
        for t in treaties:
            codes: frozenset[str] = frozenset()
            early: frozenset[str] = frozenset()
            if t.count_days is not None:
                codes = frozenset(t.codes)
                early = frozenset(code for code, day in zip(t.codes, t.deposited)
                                  if day is not None and day <= t.count_days)
            for code in codes:
                self.joined[code] = self.joined.get(code, 0) + 1
            for code in early:
                self.early[code] = self.early.get(code, 0) + 1
            self._joined_in.append(codes)
            self._early_in.append(early)
        scores = [self.score(code) for code, n in self.joined.items() if n >= MIN_TREATIES]
        self.cut: float | None = statistics.median(scores) if scores else None

    def counts(self, code: str, leave_out: int | None = None) -> tuple[int, int]:
        """(E, N) of a state, without treaty number `leave_out` (an index in the treaties)."""
        early, joined = self.early.get(code, 0), self.joined.get(code, 0)
        if leave_out is not None:
            early -= code in self._early_in[leave_out]
            joined -= code in self._joined_in[leave_out]
        return early, joined

    def score(self, code: str, leave_out: int | None = None) -> float | None:
        """(E + 0.5) / (N + 1); None without a record (N < `MIN_TREATIES`)."""
        early, joined = self.counts(code, leave_out)
        return None if joined < MIN_TREATIES else (early + 0.5) / (joined + 1)

    def bin(self, code: str, leave_out: int | None = None) -> int:
        """1 if the state's score is at or above the cut, else 0 (and 0 without a record)."""
        score = self.score(code, leave_out)
        return 1 if score is not None and self.cut is not None and score >= self.cut else 0
