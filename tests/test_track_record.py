"""record.py: each state's track record over the reference treaties, as the model's covariate."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ratify.datafile import store
from ratify.projection.pace import DEFAULT
from ratify.projection.record import TrackRecord, class_of, same_signature
from ratify.projection.reference import (
    Reference,
    RefTreaty,
    bundled_reference,
    bundled_references,
)
from ratify.projection.simulation import simulate


def ref(name: str, codes: str, deposited: list[int | None], count_days: int | None
        ) -> RefTreaty:
    """A reference treaty whose participants `codes` (one letter each) deposited on those days."""
    return RefTreaty(name, dt.date(2000, 1, 1), (None,) * len(codes), tuple(deposited),
                     count_days, True, count_days, 1000, 2, tuple(codes))


TREATIES = [
    ref("t1", "ABCD", [10, 20, 300, None], 20),    # A and B early (by day 20)
    ref("t2", "ABCD", [5, 400, 30, None], 30),     # A and C early
    ref("t3", "ABCD", [50, 60, None, 70], 60),     # A and B early
    ref("t4", "ABE", [1, 2, 3], None),             # its count never met: says nothing
]


def test_scores_count_early_joins_over_the_treaties_whose_count_was_met():
    record = TrackRecord(TREATIES)
    assert record.counts("A") == (3, 3) and record.counts("B") == (2, 3)
    assert record.counts("C") == (1, 3) and record.counts("D") == (0, 3)
    assert record.counts("E") == (0, 0)                        # only in t4
    assert record.score("A") == pytest.approx(3.5 / 4)
    assert record.score("D") == pytest.approx(0.5 / 4)
    assert record.score("E") is None                           # fewer than three treaties
    # the median of the four scores (3.5, 2.5, 1.5, 0.5) / 4 cuts the two bins
    assert record.cut == pytest.approx(2.0 / 4)
    assert [record.bin(c) for c in "ABCDE"] == [1, 1, 0, 0, 0]


def test_a_treaty_s_own_participants_are_binned_without_it():
    record = TrackRecord(TREATIES)
    assert record.counts("B", leave_out=0) == (1, 2)           # t1 (where B was early) left out
    assert record.score("B", leave_out=0) is None               # two treaties: no record
    assert record.bin("B", leave_out=0) == 0 and record.bin("B") == 1
    assert record.counts("B", leave_out=3) == record.counts("B")  # t4 never counted


def test_classes_are_signature_then_track_bin():
    assert [class_of(False, 0), class_of(True, 0), class_of(False, 1), class_of(True, 1)] == \
        [0, 1, 2, 3]
    assert list(same_signature(3, 4)) == [1, 3] and list(same_signature(2, 4)) == [0, 2]
    assert list(same_signature(1, 2)) == [1]


def test_the_track_record_off_is_the_classes_by_signature_alone():
    reference = Reference(bundled_references(exclude=("att",)))
    off, on = reference.tracked(False), reference.tracked(True)
    assert (off.classes, on.classes) == (2, 4) and on is reference
    assert reference.tracked(False) is off                        # built once
    assert {off.track_bin(c) for c in ("FRA", "BRA", "TUV")} == {0}
    assert {on.track_bin(c) for c in ("FRA", "BRA", "TUV", "NOPE")} <= {0, 1}
    assert on.track_bin("NOPE") == 0                             # no record: the lower bin


def test_states_with_a_record_fall_on_both_sides_of_the_median():
    reference = Reference(bundled_references())
    bins = [reference.track_bin(code) for code in reference.track.joined
            if reference.track.score(code) is not None]
    assert 0.3 < sum(bins) / len(bins) < 0.7


def test_the_track_record_moves_a_projection_and_stays_deterministic():
    """The ATT at 25 % (2014-03-19) projected with and without each state's record, against
    the same reference class: both well-formed, both reproducible, and not the same."""
    att = store.load(store.bundled_path("att"))
    reference = Reference([bundled_reference(t) for t in ("ccm", "crpd", "uncac", "untoc",
                                                          "rome", "fctc")])
    as_of = dt.date(2014, 3, 19)
    on = simulate(att, as_of, runs=400, reference=reference, options=DEFAULT)
    off = simulate(att, as_of, runs=400, reference=reference,
                   options=dataclasses.replace(DEFAULT, track=False))
    again = simulate(att, as_of, runs=400, reference=reference, options=DEFAULT)
    assert [on.quantile(q) for q in (0.1, 0.5, 0.9)] == \
        [again.quantile(q) for q in (0.1, 0.5, 0.9)]
    assert on.quantile(0.1) <= on.quantile(0.5) <= on.quantile(0.9)
    assert [on.quantile(q) for q in (0.1, 0.5, 0.9)] != [off.quantile(q) for q in (0.1, 0.5, 0.9)]
    assert on.signatories_waiting == off.signatories_waiting
