"""The corpus of UN treaties (data/corpus, issue 11): every file loads, `check` finds no error in
it (old records the depositary accepted are warnings), and every treaty in force whose rule the
data can evaluate enters into force, computed from its deposits and its clause, on its official
date — the golden test of each file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import ROOT
from ratify.checks import check
from ratify.datafile import store
from ratify.rules import Engine
from ratify.untc.sync import derived_url

CORPUS = sorted((ROOT / "data" / "corpus").glob("*.yaml"))
TODAY = dt.date(2026, 12, 3)
# Reserved for an independent out-of-sample check: never bundled (issue 11).
RESERVED = {"IV-9-b", "IV-11-b", "IV-11-c", "IV-16", "XXI-10", "XXVII-8-a", "XXVII-8-b",
            "XXVII-15", "XXVII-18"}


def load(path):
    return store.load(str(path))


def test_the_corpus_is_there():
    assert len(CORPUS) >= 40
    in_force = [p for p in CORPUS if load(p).entered_into_force]
    assert len(in_force) >= 35


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_treaty_in_force_enters_into_force_on_its_official_date(path):
    engine = Engine(load(path))
    official = engine.treaty.entered_into_force
    if official is None:  # not in force: its data must not reach the threshold either
        assert engine.entry_into_force is None
        return
    if not engine.evaluable:
        pytest.skip(f"{path.stem}: a condition the data cannot evaluate (the depositary's date "
                    "is shown)")
    assert engine.entry_into_force == official


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_file_checks_without_errors_and_names_its_sources(path):
    treaty = load(path)
    errors = [f["message"] for f in check(treaty, TODAY) if f["level"] == "error"]
    assert errors == []
    assert treaty.reference and treaty.reference.startswith("UNTC ")
    assert treaty.status_url == derived_url(treaty.reference)
    assert treaty.clause and treaty.source and treaty.data_as_of
    assert all(a.source for p in treaty.participants for a in p.actions)


def test_no_reserved_treaty_is_bundled():
    every = [*CORPUS, *sorted((ROOT / "data" / "treaties").glob("*.yaml")),
             ROOT / "data" / "states.yaml"]
    numbers = {load(p).reference.removeprefix("UNTC ") for p in every}
    assert not numbers & RESERVED
    assert len(numbers) == len(every)  # one file a treaty


def test_corpus_ids_are_their_own():
    ids = [load(p).id for p in CORPUS]
    assert ids == [p.stem for p in CORPUS]
    assert not set(ids) & set(store.bundled_treaty_ids())
    assert store.DEFAULT_TREATY_ID not in ids


def test_treaties_lists_the_corpus_with_computed_and_official_dates(cli):
    rows = json.loads(cli("--today", "2026-12-03", "treaties", "--format", "json").stdout)
    by_id = {r["id"]: r for r in rows}
    assert rows[0]["id"] == "uncc" and rows[0]["collection"] == "default"
    assert {r["collection"] for r in rows} == {"default", "reference", "corpus"}
    assert {p.stem for p in CORPUS} <= set(by_id)
    crc = by_id["crc"]
    assert (crc["reference"], crc["threshold_date"], crc["entry_into_force"],
            crc["entered_into_force"]) == ("UNTC IV-11", "1990-08-03", "1990-09-02",
                                           "1990-09-02")


def test_a_corpus_treaty_works_with_treaty(cli):
    result = cli("--treaty", "crc", "--today", "2026-12-03", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entry_into_force"] == "1990-09-02"
