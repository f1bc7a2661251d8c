"""backtest.py: the cases, the baselines, the metrics, and the `backtest` command."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from conftest import TREATIES, d
from ratify.datafile import store
from ratify.errors import RatifyError
from ratify.projection.backtest import (
    PARTS,
    REPLAYS,
    backtest,
    bootstrap,
    cases_for,
    constant_rate,
    gamma_quantile,
    metrics,
    part_of,
    pinball,
    reference_class,
    reference_shape,
    treaty_ids,
)
from ratify.projection.reference import bundled_reference, opening


def load(treaty_id: str):
    return store.load(store.bundled_path(treaty_id))


def test_backtested_treaties_are_those_in_force_with_a_count_to_test():
    """Every bundled treaty, curated or corpus, but Kyoto (its emissions weights are not in the
    data), the CTBT (44 named States, no count) and the two corpus treaties not in force."""
    ids = treaty_ids()
    left_out = [t for t in store.reference_ids() if t not in ids]
    assert left_out == ["ctbt", "kyoto", "jurisdictional_immunities", "vclt_io"]
    assert ids[:10] == ["att", "ccm", "crpd", "fctc", "minamata", "paris", "rome", "tpnw",
                        "uncac", "untoc"]
    assert {"genocide", "cedaw", "unclos", "cwc"} <= set(ids) and len(ids) == 68


@pytest.mark.parametrize("reference, part", [
    ("UNTC XXVI-8", "development"), ("UNTC XXVII-7-a", "test"), ("UNTC IV-11-d", "test"),
    ("UNTC IV-8-b", "development"), ("UNTC XXVII-1-h", "test"), ("UNTC IV-1", "test"),
    ("UNTC XVIII-10", "development"), (None, "development"),
])
def test_the_hold_out_split_is_by_the_last_digit_of_the_treaty_number(reference, part):
    treaty = dataclasses.replace(load("att"), reference=reference)
    assert part_of(treaty) == part


def test_att_cases():
    cases = [(c.scheme, str(c.as_of)) for c in cases_for(load("att"))]
    # 13 of 50 on 19 Mar 2014; 25 reached on 2 Apr 2014 (18 that day); 38 on 3 Jun 2014;
    # 24 months (3 Jun 2015) is after the threshold date of 25 Sep 2014
    # (75 % and 12 months fall on the same day: one case)
    assert cases == [("6m", "2013-12-03"), ("25%", "2014-03-19"), ("50%", "2014-04-02"),
                     ("75%+12m", "2014-06-03")]
    assert {str(c.actual) for c in cases_for(load("att"))} == {"2014-12-24"}


def test_fractions_round_up():
    cases = {c.scheme: str(c.as_of) for c in cases_for(load("uncac"))}
    assert cases["25%"] == "2004-09-22"         # the 8th of 30 instruments (7.5 rounded up)
    assert "24m" not in cases                    # threshold 2005-09-15 comes first


def test_gamma_quantile():
    assert gamma_quantile(1, 0.01, 0.5) == pytest.approx(math.log(2) / 0.01, rel=1e-6)
    assert gamma_quantile(1, 0.01, 0.9) == pytest.approx(math.log(10) / 0.01, rel=1e-6)
    # the waiting time for 10 events at rate 1 has its median near 9.67
    assert gamma_quantile(10, 1.0, 0.5) == pytest.approx(9.6687, abs=1e-3)


def test_constant_rate_baseline_on_att():
    """13 instruments in 289 days: 37 more at 0.045 a day take about 822 days."""
    result = constant_rate(load("att"), d("2014-03-19"))
    assert result["p10"] < result["median"] < result["p90"]
    median_wait = gamma_quantile(37, 13 / 289, 0.5)
    assert str(result["median"]) == str(d("2014-03-19").fromordinal(
        d("2014-03-19").toordinal() + math.ceil(median_wait) + 90))


def test_reference_shape_baseline_uses_the_others_ratios():
    refs = [(bundled_reference("ccm"), 30), (bundled_reference("crpd"), 20),
            (bundled_reference("untoc"), 40)]
    # at half their thresholds (15 of 30, 10 of 20, 20 of 40) the ratios (to go / elapsed) were
    # CCM 188/252, CRPD 122/248, UNTOC 314/617; the median is CRPD's 0.49 (rounded)
    result = reference_shape(load("uncac"), d("2004-12-15"), refs)
    elapsed = (d("2004-12-15") - d("2003-12-09")).days              # 372 days, 15 of 30
    ratio = sorted([188 / 252, 122 / 248, 314 / 617])[1]
    expected = d("2004-12-15").toordinal() + math.ceil(elapsed * ratio) + 90
    assert result["median"].toordinal() == expected
    assert result["p10"] <= result["median"] <= result["p90"]


def test_pinball_and_metrics():
    assert pinball(100, 90, 0.9) == pytest.approx(9.0)
    assert pinball(90, 100, 0.9) == pytest.approx(1.0)
    rows = [
        {"actual": "2020-01-11", "horizon_end": "2040-01-01",
         "methods": {"m": {"p10": "2020-01-01", "median": "2020-01-11", "p90": "2020-01-21"}}},
        {"actual": "2020-03-01", "horizon_end": "2040-01-01",
         "methods": {"m": {"p10": "2020-01-01", "median": "2020-01-31", "p90": None}}},
        {"actual": "2019-12-01", "horizon_end": "2040-01-01",
         "methods": {"m": {"p10": "2020-01-01", "median": "2020-01-11", "p90": "2020-01-21"}}},
    ]
    m = metrics(rows, "m")
    assert m["cases"] == 3
    assert m["median_abs_error_days"] == 30          # errors 0, 30, 41
    assert m["mean_abs_error_days"] == pytest.approx(23.7)
    assert m["coverage_80"] == pytest.approx(0.667)   # an open upper bound covers
    assert m["pinball_by_quantile"]["0.5"] == pytest.approx((0 + 15 + 20.5) / 3, abs=0.1)


def test_backtest_one_treaty():
    result = backtest(["crpd"], runs=200)
    assert sorted(c["scheme"] for c in result["cases"]) == ["12m", "25%", "50%", "6m", "75%"]
    assert [c["as_of"] for c in result["cases"]] == sorted(c["as_of"] for c in result["cases"])
    assert set(result["summary"]) == {"model", "constant_rate", "reference_shape"}
    for case in result["cases"]:
        assert case["treaty"] == "crpd" and case["actual"] == "2008-05-03"
        for method in case["methods"].values():
            assert set(method) == {"median", "p10", "p90"}
            known = [method[k] for k in ("p10", "median", "p90") if method[k]]
            assert known == sorted(known) and method["p10"] is not None
    for summary in result["summary"].values():
        assert summary["cases"] == 5
        assert set(summary) >= {"median_abs_error_days", "mean_abs_error_days", "coverage_80",
                                "mean_width_days", "pinball"}
    assert backtest(["crpd"], runs=200) == result            # deterministic


def test_baseline_dates_beyond_the_horizon_are_null():
    """Rome at 6 months had no instrument: half a deposit in 184 days puts the constant rate's
    60th instrument centuries away, reported as after the 20-year horizon."""
    result = backtest(["rome"], runs=100, replay="loo")   # strict: no earlier treaty to learn
    case = next(c for c in result["cases"] if c["scheme"] == "6m")
    assert case["as_of"] == "1999-01-17" and case["horizon_end"] == "2019-01-17"
    assert case["methods"]["constant_rate"] == {"median": None, "p10": None, "p90": None}
    assert case["methods"]["reference_shape"]["p90"] is None


def test_backtest_refuses_what_it_cannot_test():
    with pytest.raises(Exception, match="cannot be back-tested"):
        backtest(["kyoto"], runs=10)
    with pytest.raises(Exception, match="no bundled treaty 'nope'"):
        backtest(["nope"], runs=10)


@pytest.mark.slow
def test_full_backtest_runs_every_case():
    """The whole corpus: 360 cases on 68 treaties, 168 in the development part and 192 in the
    test part; in the strict replay only Genocide's five have nothing earlier to learn from."""
    loo = backtest(runs=200, replay="loo", jobs=2)
    assert len(loo["cases"]) == 360 and len(loo["by_treaty"]) == 68 and not loo["skipped"]
    assert set(loo["by_scheme"]) == {"25%", "50%", "75%", "6m", "12m", "24m"}
    assert {p: s["model"]["cases"] for p, s in loo["by_part"].items()} == \
        {"development": 168, "test": 192}
    strict = backtest(runs=200, jobs=2)
    assert len(strict["cases"]) == 355
    assert {s["treaty"] for s in strict["skipped"]} == {"genocide"}
    for case in strict["cases"]:
        assert case["reference"], case
        for ref in case["reference"]:
            assert opening(load(ref)) < d(case["as_of"]), (ref, case["as_of"])


def test_a_part_alone_and_the_workers_change_nothing_but_the_time():
    """The CEDAW's protocol (IV-8-b) is development, the CRC's communications protocol
    (IV-11-d) test: `part` keeps one of them, the same cases; `jobs` changes no result."""
    both = backtest(["cedaw_op", "crc_opic"], runs=100)
    assert set(both["by_part"]) == {"development", "test"}
    assert {c["treaty"]: c["part"] for c in both["cases"]} == \
        {"cedaw_op": "development", "crc_opic": "test"}
    dev = backtest(["cedaw_op", "crc_opic"], runs=100, part="development")
    assert dev["treaties"] == ["cedaw_op"] and set(dev["by_part"]) == {"development"}
    assert dev["cases"] == [c for c in both["cases"] if c["treaty"] == "cedaw_op"]
    assert backtest(["cedaw_op", "crc_opic"], runs=100, jobs=2) == both
    with pytest.raises(RatifyError, match="no part 'holdout'"):
        backtest(["cedaw_op"], runs=10, part="holdout")


def test_strict_reference_class_is_what_was_known_then():
    """UNCAC at 25 % (2004-09-22): only treaties opened before, curated or corpus, each cut at
    that date; a treaty not yet at its threshold then is a censored time to threshold, not a
    reference shape."""
    as_of = d("2004-09-22")
    reference, shapes = reference_class(load("uncac"), as_of, "strict")
    opened = {t.id for t in reference.treaties}
    before = {t for t in store.reference_ids()
              if opening(store.load(store.bundled_path(t))) < as_of} - {"uncac"}
    assert opened == before and {"ctbt", "fctc", "kyoto", "rome", "untoc", "cedaw"} <= opened
    assert not opened & {"att", "ccm", "crpd", "paris", "tpnw"}    # opened later
    for ref in reference.treaties:
        assert ref.observed_days == (as_of - ref.opens).days
        assert all(x is None or x <= ref.observed_days for x in ref.deposited + ref.signed)
    # count thresholds met by then: Kyoto's 55 Parties (2002), Rome (2002), UNTOC (2003)
    assert {"kyoto", "rome", "untoc", "cedaw", "genocide"} <= set(reference.ids)
    assert "fctc" in reference.censored and "fctc" not in reference.ids  # 40th: 2004-11-30
    assert "firearms_protocol" in reference.censored                     # in force 2005
    cut_fctc = next(r for r, _ in shapes if r.id == "fctc")
    assert cut_fctc.threshold_days is None               # so it gives no shape ratio
    loo, _ = reference_class(load("uncac"), as_of, "loo")
    assert "tpnw" in {t.id for t in loo.treaties}


def test_strict_track_record_uses_only_deposits_known_then():
    """The CEDAW at 25 % (1980-07-30): a state's record comes from the earlier treaties cut at
    that date, so the Genocide Convention counts, the CAT (1984) does not."""
    reference, _ = reference_class(load("cedaw"), d("1980-07-30"), "strict")
    assert {"genocide", "cerd", "iccpr"} <= {t.id for t in reference.treaties}
    assert not {"cat", "crc", "ccw"} & {t.id for t in reference.treaties}
    early, joined = reference.track.counts("FRA")
    assert 0 < joined <= len(reference.ids) and 0 <= early <= joined


def test_cases_with_nothing_earlier_to_learn_from_are_skipped_and_counted():
    result = backtest(["genocide"], runs=50)      # the earliest bundled treaty (1948)
    assert result["cases"] == [] and result["replay"] == "strict"
    assert len(result["skipped"]) == len(cases_for(load("genocide")))
    assert all("reached" in s["reason"] for s in result["skipped"])
    assert result["by_treaty"] == {} and result["summary"]["model"] == {"cases": 0}


def test_bootstrap_resamples_treaties():
    def row(treaty, error, covered):
        actual = d("2020-01-01").toordinal()
        median = d("2020-01-01").fromordinal(actual + error).isoformat()
        bounds = ("2019-01-01", "2021-01-01") if covered else ("2020-06-01", "2020-07-01")
        method = {"p10": bounds[0], "median": median, "p90": bounds[1]}
        return {"treaty": treaty, "actual": "2020-01-01", "horizon_end": "2040-01-01",
                "methods": {"model": method, "constant_rate": dict(method, median="2021-01-01"),
                            "reference_shape": dict(method, median="2020-03-01")}}
    rows = [row("a", 10, True), row("a", 20, True), row("b", 40, False), row("b", 50, True)]
    ranges = bootstrap(rows, seed=1, draws=500)
    low, high = ranges["model"]["median_abs_error_days"]
    assert 15 <= low < high <= 45                # between the treaties' own medians
    assert ranges["model"]["coverage_80"][0] >= 0.5 and ranges["model"]["coverage_80"][1] == 1
    assert ranges["reference_shape"]["ratio_to_best_baseline"] == [1.0, 1.0]
    low, high = ranges["model"]["ratio_to_best_baseline"]
    assert 15 / 60 <= low < high <= 45 / 60      # against the reference shape's 60 days
    assert bootstrap(rows, seed=1, draws=500) == ranges
    same = bootstrap([row("a", 10, True), row("b", 10, True)], draws=100)
    assert same["model"]["median_abs_error_days"] == [10, 10]


def test_cli_backtest(cli):
    result = cli("backtest", "--only", "ccm", "--runs", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"cases", "summary"} <= set(data)
    assert data["cases"][0] == {**data["cases"][0], "treaty": "ccm", "actual": "2010-08-01"}
    assert set(data["summary"]) == {"model", "constant_rate", "reference_shape"}
    table = cli("backtest", "--only", "ccm", "--runs", "100")
    assert table.exit_code == 0 and "reference_shape" in table.output
    assert "Med. err" in table.output and "ccm" in table.output
    csv = cli("backtest", "--only", "ccm", "--runs", "100", "--format", "csv")
    assert csv.output.startswith("treaty,part,as_of,scheme,actual,method,median,p10,p90,")
    assert len(csv.output.strip().splitlines()) == 1 + 5 * 3
    md = cli("backtest", "--only", "ccm", "--runs", "100", "--format", "md")
    assert md.output.startswith("Strict historical replay") and "| Method |" in md.output
    assert data["summary"]["model"]["bootstrap_90"].keys() == {
        "median_abs_error_days", "ratio_to_best_baseline", "coverage_80"}
    loo = cli("backtest", "--only", "ccm", "--runs", "100", "--replay", "LOO")
    assert loo.exit_code == 0 and "Leave-one-out" in loo.output
    for fmt in ("table", "md", "csv", "json"):     # Genocide: every strict case skipped
        first = cli("backtest", "--only", "genocide", "--runs", "20", "--format", fmt)
        assert first.exit_code == 0, first.output
        assert fmt == "csv" or "skipped" in first.output


def test_cli_replay_and_part_choices_are_the_library_s():
    from ratify.cli import Part, Replay
    assert tuple(r.value for r in Replay) == REPLAYS
    assert tuple(p.value for p in Part) == PARTS


def test_cli_part_and_jobs(cli):
    args = ["backtest", "--only", "cedaw_op", "--only", "crc_opic", "--runs", "50",
            "--format", "json"]
    one = json.loads(cli(*args, "--jobs", "1").stdout)
    assert json.loads(cli(*args, "--jobs", "2").stdout) == one
    test = json.loads(cli(*args, "--part", "TEST").stdout)
    assert test["treaties"] == ["crc_opic"] and test["part"] == "test"
    assert test["cases"] == [c for c in one["cases"] if c["part"] == "test"]
    table = cli(*args[:-2], "--jobs", "1")
    assert "dev " in table.output and "test" in table.output and "Part" in table.output


@pytest.mark.parametrize("args, code, message", [
    (["--only", "kyoto"], 1, "cannot be back-tested"),
    (["--only", "nope"], 1, "no bundled treaty"),
    (["--runs", "0"], 2, ""),
    (["--replay", "future"], 2, ""),
    (["--part", "holdout"], 2, ""),
    (["--jobs", "-1"], 2, ""),
])
def test_cli_backtest_errors(cli, args, code, message):
    result = cli("backtest", *args)
    assert result.exit_code == code
    assert message in result.output


def test_a_users_own_file_is_backtested_against_the_bundled_class(cli, tmp_path):
    """--data FILE: a copy of the bundled UNCAC under another id gives exactly `--only uncac`:
    the same cases, dates and metrics, and the bundled UNCAC (same treaty number) is never in
    its own reference class."""
    mine = tmp_path / "mine.yaml"
    mine.write_text((TREATIES / "uncac.yaml").read_text(encoding="utf-8").replace(
        "  id: uncac", "  id: mine", 1), encoding="utf-8")
    own = json.loads(cli("--data", str(mine), "backtest", "--runs", "200", "--format",
                         "json").stdout)
    bundled = json.loads(cli("backtest", "--only", "uncac", "--runs", "200", "--format",
                             "json").stdout)
    assert own["treaties"] == ["mine"] and bundled["treaties"] == ["uncac"]
    assert [(c["as_of"], c["methods"]) for c in own["cases"]] == \
        [(c["as_of"], c["methods"]) for c in bundled["cases"]]
    assert all("uncac" not in c["reference"] for c in own["cases"])
    assert own["summary"] == bundled["summary"]


def test_treaty_id_backtests_that_treaty(cli):
    via_treaty = json.loads(cli("--treaty", "att", "backtest", "--runs", "100", "--format",
                                "json").stdout)
    assert via_treaty["treaties"] == ["att"]


def test_a_users_file_that_cannot_be_backtested_says_why(cli, tmp_path):
    text = (TREATIES / "uncac.yaml").read_text(encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(text.replace("  entered_into_force: 2005-12-14", "  entered_into_force: null"),
                    encoding="utf-8")
    result = cli("--data", str(mine), "backtest", "--runs", "50")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "mine.yaml: uncac cannot be back-tested: its file records no entry into force" in \
        result.stderr
    both = cli("--data", str(mine), "backtest", "--only", "att")
    assert both.exit_code == 2 and "give --data FILE or --only ID, not both" in both.stderr
