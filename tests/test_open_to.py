"""`treaty.open_to`: who may join a treaty bounds the projection's universe, `--assume`, `record`
and `check` (issue 9, "who may join"), on a made-up regional agreement (fixtures/regional.yaml:
eight states, three instruments)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from ratify.checks import check
from ratify.datafile import store
from ratify.errors import DataFileError
from ratify.projection.reference import universe

REGIONAL = FIXTURES / "regional.yaml"
REGION = {"JAM", "TTO", "BRB", "BHS", "GUY", "SUR", "BLZ", "DMA"}
TODAY = "2025-01-01"


@pytest.fixture
def regional(tmp_path, monkeypatch):
    copy = tmp_path / "regional.yaml"
    copy.write_bytes(REGIONAL.read_bytes())
    monkeypatch.setenv("RATIFY_DATA", str(copy))
    return copy


def test_open_to_names_a_group_or_lists_codes_and_names(tmp_path):
    treaty = store.load(str(REGIONAL))
    assert set(treaty.open_to) == REGION and treaty.open_to_group == "region"
    assert treaty.may_join("GUY") and not treaty.may_join("FRA")
    listed = tmp_path / "listed.yaml"
    listed.write_text(REGIONAL.read_text().replace("open_to: region",
                                                   "open_to: [JAM, Trinidad and Tobago, BRB]"))
    treaty = store.load(str(listed))
    assert treaty.open_to == ("JAM", "TTO", "BRB") and treaty.open_to_group is None
    assert treaty.open_to_text == "open_to: JAM, TTO, BRB"
    assert store.load(str(FIXTURES / "hanoi-2026-02-23.yaml")).may_join("FRA")  # absent: all


@pytest.mark.parametrize("value, message", [
    ("open_to: nowhere", "treaty.open_to 'nowhere' is not a group defined in groups"),
    ("open_to: [JAM, Atlantis]", "treaty.open_to: unknown participant 'Atlantis'"),
    ("open_to: {JAM: 1}", "treaty.open_to must be a group's name or a list of codes"),
])
def test_a_bad_open_to_is_one_line_naming_it(tmp_path, value, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(REGIONAL.read_text().replace("open_to: region", value))
    with pytest.raises(DataFileError) as info:
        store.load(str(bad))
    assert message in info.value.render() and info.value.line == 13


def test_the_projection_universe_is_the_region():
    treaty = store.load(str(REGIONAL))
    assert {p.code for p in universe(treaty).participants} == REGION
    assert len(universe(treaty, open_only=False).participants) > 190


def test_project_counts_only_who_may_accede_and_refuses_an_outside_pin(cli, regional):
    done = cli("--today", TODAY, "project", "--runs", "300", "--format", "json")
    assert done.exit_code == 0
    drivers = json.loads(done.stdout)["drivers"]
    assert "2 signatories have yet to ratify and 5 other participants could accede" in drivers
    refused = cli("--today", TODAY, "project", "--runs", "300", "--assume", "France@2025-03-01")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == ("ratify: FRA: the treaty is not open to it "
                                      "(open_to: region)")
    pinned = cli("--today", TODAY, "project", "--runs", "300", "--assume", "Guyana@2025-03-01",
                 "--format", "json")
    assert pinned.exit_code == 0 and json.loads(pinned.stdout)["assumptions"][0]["participant"] \
        == "GUY"


def test_record_refuses_a_participant_outside_open_to_and_writes_nothing(cli, regional):
    before = regional.read_bytes()
    refused = cli("--today", TODAY, "record", "France", "signature", "2024-05-01",
                  "--source", "invented")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == ("ratify: France: the treaty is not open to it "
                                      "(open_to: region)")
    assert regional.read_bytes() == before
    taken = cli("--today", TODAY, "record", "Guyana", "signature", "2024-05-01",
                "--source", "invented")
    assert taken.exit_code == 0 and regional.read_bytes() != before


def test_check_reports_each_action_of_a_participant_outside_open_to(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(REGIONAL.read_text() + "  - code: FRA\n    actions:\n"
                       "      - {type: signature, date: 2024-03-01, source: \"invented\"}\n")
    treaty = store.load(str(outside))
    errors = [f for f in check(treaty, store.load(str(REGIONAL)).data_as_of)
              if f["level"] == "error"]
    assert [(f["code"], f["message"]) for f in errors] == [
        ("FRA", "FRA (France): signature 2024-03-01: the treaty is not open to it "
                "(open_to: region)")]
    assert errors[0]["line"] == len(outside.read_text().splitlines())
