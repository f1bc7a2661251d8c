"""`ratify state PARTICIPANT` (issue 11, each state's track record): one participant across every
bundled treaty. Facts used: Brazil signed the ATT on its opening day, 3 Jun 2013, and ratified
on 14 Aug 2018 (1,898 days later), in effect 90 days after, 12 Nov 2018; it has neither signed
nor joined the CCM; it signed the TPNW on 20 Sep 2017 (the day it opened) without ratifying."""

from __future__ import annotations

import csv
import io
import json
import statistics

from conftest import ROOT, TREATIES
from ratify.datafile import store
from ratify.rules import Engine
from ratify.track import everyones_days, treaty_row

TODAY = "2026-12-03"
CORPUS = ROOT / "data" / "corpus"


def state(cli, *args):
    result = cli("--today", TODAY, "state", *args)
    assert result.exit_code == 0, result.output
    return result


def test_brazil_across_the_bundled_treaties(cli):
    data = json.loads(state(cli, "Brazil", "--format", "json").stdout)
    assert data["participant"] == {"code": "BRA", "name": "Brazil", "region": "Americas",
                                   "kind": "state"}
    by_id = {row["treaty"]: row for row in data["treaties"]}
    assert list(by_id) == store.treaty_choices()  # the default treaty first
    assert by_id["att"] == {
        "treaty": "att", "title": "ATT", "reference": "UNTC XXVI-8", "opened": "2013-06-03",
        "status": "party", "signature": "2013-06-03",
        "consent": {"type": "ratification", "date": "2018-08-14"}, "effective": "2018-11-12",
        "days_to_consent": 1898, "confidence": "depositary"}
    assert by_id["ccm"]["status"] == "none" and by_id["ccm"]["consent"] is None
    assert by_id["tpnw"]["status"] == "signatory" and by_id["tpnw"]["days_to_consent"] is None


def test_the_summary_is_computed_from_the_rows_and_every_participant(cli):
    data = json.loads(state(cli, "BRA", "--format", "json").stdout)
    rows, summary = data["treaties"], data["summary"]
    own = [r["days_to_consent"] for r in rows if r["days_to_consent"] is not None]
    assert summary["median_days_to_consent"] == statistics.median(own)
    assert summary["parties"] == sum(r["status"] == "party" for r in rows)
    paths = [*sorted(TREATIES.glob("*.yaml")), *sorted(CORPUS.glob("*.yaml"))]
    pooled = [d for path in paths
              for d in everyones_days(Engine(store.load(str(path))), store.dt.date(2026, 12, 3))]
    assert summary["all_consents"] == len(pooled) > 1000
    assert summary["all_median_days_to_consent"] == statistics.median(pooled)


def test_the_table_ends_with_the_summary_line_and_a_collection_narrows_it(cli):
    out = state(cli, "Brazil", "--collection", "reference").stdout
    assert out.startswith("Brazil (BRA) in the bundled treaties, as of 2026-12-03")
    last = out.strip().splitlines()[-1]
    assert last.startswith("Brazil: party to 10, signatory of 1 of 12 bundled treaties.")
    assert "Median time from a treaty's opening to its instrument: 1,007 days (2.8 years) over " \
        "10 instruments" in last


def test_csv_flattens_the_instrument(cli):
    rows = list(csv.DictReader(io.StringIO(state(cli, "Brazil", "--format", "csv").stdout)))
    att = next(r for r in rows if r["treaty"] == "att")
    assert (att["consent_type"], att["consent_date"], att["days_to_consent"]) == (
        "ratification", "2018-08-14", "1898")


def test_as_of_leaves_out_what_came_later(cli):
    data = json.loads(state(cli, "Brazil", "--as-of", "2015-01-01", "--format", "json").stdout)
    by_id = {row["treaty"]: row for row in data["treaties"]}
    assert by_id["att"]["status"] == "signatory" and by_id["att"]["consent"] is None
    assert "uncc" not in by_id and "paris" not in by_id  # not yet open then


def test_an_unknown_name_is_one_line_with_a_suggestion(cli):
    result = cli("--today", TODAY, "state", "Brasil")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "did you mean Brazil" in result.stderr


def test_a_participant_a_treaty_is_not_open_to_says_so(tmp_path):
    text = (TREATIES / "att.yaml").read_text(encoding="utf-8")
    path = tmp_path / "att.yaml"
    path.write_text(text.replace("  status_url:", "  open_to: [ALB, AFG, SSD]\n  status_url:", 1),
                    encoding="utf-8")
    engine = Engine(store.load(str(path)))
    assert treaty_row(engine, "PRK", store.dt.date(2026, 1, 1))["status"] == "not open to it"
    assert treaty_row(engine, "SSD", store.dt.date(2026, 1, 1))["status"] == "none"
    assert treaty_row(engine, "ALB", store.dt.date(2026, 1, 1))["status"] == "party"


def test_a_former_state_the_corpus_names_has_its_record(cli):
    """Czechoslovakia, a former State of the registry (code CSK, dissolved 1992-12-31), in the
    corpus: it ratified the CCW on 31 Aug 1982 (UNTC XXVI-2, footnote 3)."""
    data = json.loads(state(cli, "Czechoslovakia", "--collection", "corpus", "--format",
                            "json").stdout)
    assert data["participant"] == {"code": "CSK", "name": "Czechoslovakia", "region": "Europe",
                                   "kind": "state"}
    ccw = next(r for r in data["treaties"] if r["treaty"] == "ccw")
    assert ccw["consent"] == {"type": "ratification", "date": "1982-08-31"}
    assert state(cli, "CSK").stdout.startswith("Czechoslovakia (CSK) in the bundled treaties")
