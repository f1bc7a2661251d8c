"""`ratify check`: one invalid data file per rule, each reported as an error with its line."""

import json

import pytest

from conftest import treaty_text

TODAY = ("--today", "2026-11-29")

CASES = {
    "consent before signature": (
        {"AUT": ["signature 2001-05-01", "ratification 2001-04-01"]},
        {}, "ratification 2001-04-01 is dated before its signature 2001-05-01"),
    "signature before the window opens": (
        {"AUT": ["signature 1999-12-31"]}, {}, "before the treaty opened for signature"),
    "future date": (
        {"AUT": ["accession 2027-01-01"]}, {}, "is in the future (today is 2026-11-29)"),
    "second consent while one is in effect": (
        {"AUT": ["accession 2001-01-01", "accession 2002-01-01"]}, {},
        "accession 2002-01-01 while its accession of 2001-01-01 is in effect"),
    "revocation without instrument": (
        {"AUT": ["signature 2000-06-01", "revocation 2002-01-01"]}, {},
        "revocation 2002-01-01 with no instrument in effect"),
    "denunciation before entry into force": (
        {"AUT": ["accession 2001-01-01", "denunciation 2001-02-01"]}, {},
        "denunciation 2001-02-01, but the treaty is not in force for it"),
    "action of a former State after it ceased to exist": (
        {"CSK": ["accession 1993-01-05"]}, {},
        "CSK (Czechoslovakia): accession 1993-01-05 is after Czechoslovakia ceased to exist on "
        "1992-12-31"),
    "action recorded twice": (
        {"AUT": ["signature 2000-06-01", "signature 2000-06-01"]}, {}, "recorded twice"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_is_an_error_with_a_line(cli, tmp_path, name):
    participants, options, message = CASES[name]
    path = tmp_path / "bad.yaml"
    path.write_text(treaty_text(participants, **options), encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["level"] == "error"]
    assert any(message in f["message"] for f in errors), errors
    assert all(f["line"] for f in errors if f["code"])


IRREGULAR = {
    "ratification without signature": (
        {"AUT": ["ratification 2001-04-01"]}, {},
        "AUT (Austria): ratification 2001-04-01 without a signature",
        "a participant that never signed accedes (type: accession)"),
    "signature after the window closes": (
        {"AUT": ["signature 2003-01-02"]}, {"closes": "2002-12-31"},
        "AUT (Austria): signature 2003-01-02 after signature closed on 2002-12-31",
        "a late participant accedes"),
}


@pytest.mark.parametrize("name", sorted(IRREGULAR))
def test_what_the_depositary_accepted_is_a_warning_and_a_reported_one_an_error(cli, tmp_path,
                                                                               name):
    """Old records hold acceptances by non-signatories and successions to signatures after the
    window closed: the depositary accepted them, so `check` does (a warning); the same fact
    only reported stays an error, with the advice."""
    participants, options, message, advice = IRREGULAR[name]
    path = tmp_path / "old.yaml"
    path.write_text(treaty_text(participants, **options), encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "AUT"]
    assert finding == {"level": "warning", "code": "AUT", "line": finding["line"],
                       "message": f"{message}; the depositary accepted it"}
    path.write_text(path.read_text(encoding="utf-8").replace("source: test}",
                                                             "source: test, confidence: reported}"),
                    encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check", "--format", "json")
    assert result.exit_code == 1
    errors = [f for f in json.loads(result.stdout)["findings"] if f["level"] == "error"]
    assert [f["message"] for f in errors] == [f"{message}; {advice}"]


def test_recorded_entry_into_force_must_match_the_rule(cli, tmp_path):
    text = treaty_text({"AUT": ["accession 2001-01-01"], "BEL": ["accession 2001-02-01"],
                        "FRA": ["accession 2001-03-01"]})
    text = text.replace("  withdrawal:", "  entered_into_force: 2001-06-01\n  withdrawal:")
    path = tmp_path / "eif.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check")
    assert result.exit_code == 1
    assert "entered_into_force is 2001-06-01 but the rule gives 2001-05-30" in result.stdout


def test_unknown_code_and_duplicate_participant_are_errors(cli, tmp_path):
    for participants, message in (({"XYZ": []}, "unknown participant code 'XYZ'"),):
        path = tmp_path / "codes.yaml"
        path.write_text(treaty_text(participants), encoding="utf-8")
        result = cli("--data", str(path), *TODAY, "check")
        assert result.exit_code == 1 and message in result.stderr
    path = tmp_path / "dup.yaml"
    path.write_text(treaty_text({"AUT": []}) + "  - code: AUT\n", encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check", "--format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert "duplicate participant AUT (first at line" in finding["message"]
    assert finding["line"] == 18  # the second `- code: AUT`


def test_warnings_for_missing_source_and_reported_facts(cli, tmp_path):
    text = treaty_text({"AUT": ["signature 2000-06-01"]})
    text = text.replace("source: test}", "confidence: reported}")
    path = tmp_path / "warn.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check", "--format", "csv")
    assert result.exit_code == 0
    assert "warning" in result.stdout and "has no source" in result.stdout
    assert "is reported, not confirmed by the depositary" in result.stdout


def test_check_of_a_malformed_file_reports_the_line(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(treaty_text({"AUT": ["signature 2000-06-01"]}).replace(
        "2000-06-01", "2000-06-31"), encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.endswith("bad.yaml:19: 2000-06-31 is not a real calendar date\n")
    assert result.stderr.count("\n") == 1
    report = json.loads(cli("--data", str(path), *TODAY, "check", "--format", "json").stdout)
    assert report["findings"][0]["line"] == 19 and report["errors"] == 1


@pytest.mark.parametrize("mutation, message", [
    (("{count: 3}", "{all_of: [AUT, XXX]}"), "all_of: unknown participant code 'XXX'"),
    (("{days: 90}", "{days: 99999999}"), "must be between 0 and 36,600"),
    (("reio: excluded", "reio: excluded\n    instruments: []"), "lists no instrument"),
])
def test_schema_refuses_conditions_that_could_never_be_right(cli, tmp_path, mutation, message):
    path = tmp_path / "bad.yaml"
    path.write_text(treaty_text({"AUT": []}).replace(*mutation), encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "status")
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.count("\n") == 1 and "bad.yaml:" in result.stderr


def test_weights_must_be_finite(cli, tmp_path):
    text = treaty_text({}, conditions=("{weight: w, at_least: .nan}",))
    path = tmp_path / "nan.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "status")
    assert result.exit_code == 1 and "must be a finite number" in result.stderr


def test_check_agrees_with_record_on_late_revocation_and_dangling_denunciation_revoked(cli,
                                                                                    tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(treaty_text({"AUT": ["accession 2001-01-01"], "BEL": ["accession 2001-01-02"],
                                 "FRA": ["accession 2001-01-03", "revocation 2002-01-01",
                                         "denunciation_revoked 2003-01-01"]}), encoding="utf-8")
    report = json.loads(cli("--data", str(path), *TODAY, "check", "--format", "json").stdout)
    messages = " | ".join(f["message"] for f in report["findings"])
    assert "leaving now is a denunciation" in messages
    assert "denunciation_revoked 2003-01-01 with no pending denunciation" in messages


def test_record_refuses_an_action_of_a_former_state_and_names_its_successor(cli):
    """The registry's former States (admission and dissolution dates with their sources) join
    treaties only through their records: a new action after the end is refused, and the USSR's
    points at the Russian Federation, which continues it."""
    result = cli(*TODAY, "record", "USSR", "signature", "2025-10-25")
    assert result.exit_code == 1
    assert result.stderr == ("ratify: Union of Soviet Socialist Republics ceased to exist on "
                             "1991-12-23; Russian Federation continues it (record it for RUS)\n")
    listed = cli(*TODAY, "list", "--status", "none", "--format", "json").stdout
    assert not {"CSK", "SUN", "YUG", "DDR"} & {row["code"] for row in json.loads(listed)}
