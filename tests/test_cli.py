"""The command line, in-process through typer's CliRunner: every command, option and error path."""

import csv
import io
import json

import pytest

from conftest import DATA, HANOI, treaty_text

TODAY = ("--today", "2026-11-29")


def test_status_json_contract(cli):
    result = cli(*TODAY, "status", "--format", "json")
    assert result.exit_code == 0
    view = json.loads(result.stdout)
    assert view["required"] == 40 and view["remaining"] == 40
    assert view["signatories"] >= 72 and view["in_force"] is False
    assert view["treaty"] == {"id": "uncc", "title": view["treaty"]["title"],
                              "reference": "UNTC XVIII-16"}
    assert view["earliest_entry_into_force"] == "2027-02-27"
    assert view["signature_closes"] == "2026-12-31"
    assert view["conditions"][0] == {"kind": "count", "required": 40, "current": 0,
                                     "missing": None, "evaluable": True, "met_on": None}


def test_status_table_shows_progress_window_notes_and_stale_warning(cli):
    result = cli(*TODAY, "status")
    out = result.stdout
    assert "0/40" in out and "40 more instruments" in out
    assert "closes on 31 Dec 2026, in 32 days" in out
    assert "Fiji" in out
    # a warning goes to stderr, in every format; the output itself stays clean
    assert "warning" not in out
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("ratify: warning: ") for line in lines)
    assert any("data last reconciled 279 days ago (2026-02-23)" in line for line in lines)
    assert "\x1b[" not in out  # NO_COLOR / not a terminal: plain text


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_every_format_keeps_notes_and_warnings(cli, fmt):
    result = cli(*TODAY, "status", "--format", fmt)
    assert result.stderr.startswith("ratify: warning: data last reconciled 279 days ago")
    assert "data last reconciled 279 days ago" in result.stdout
    assert "Fiji reported as the 74th signatory" in result.stdout


def test_status_after_the_window_closes(cli):
    out = cli("--today", "2027-01-05", "status").stdout
    assert "closed on 31 Dec 2026: new participants accede" in out


def test_status_as_of_before_mauritius_signed(cli):
    view = json.loads(cli(*TODAY, "status", "--as-of", "2025-11-18", "--format", "json").stdout)
    assert view["signatories"] == 72 and view["as_of"] == "2025-11-18"


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_status_csv_and_markdown(cli, fmt):
    out = cli(*TODAY, "status", "--format", fmt).stdout
    assert "signatories" in out and "73" in out


def test_list_signatories_includes_the_eu_as_reio(cli):
    rows = json.loads(cli(*TODAY, "list", "--status", "signatory", "--format", "json").stdout)
    eu = next(r for r in rows if r["code"] == "EUU")
    assert eu["kind"] == "reio" and eu["status"] == "signatory"
    assert len(rows) == 73
    assert set(rows[0]) == {"code", "name", "kind", "region", "status", "signature", "consent",
                            "effective", "pipeline", "signature_earliest", "signature_confidence",
                            "consent_earliest", "consent_confidence"}
    aze = next(r for r in rows if r["code"] == "AZE")
    assert [p["type"] for p in aze["pipeline"]] == ["domestic_approval", "domestic_approval"]
    # the mark belongs to the action: Azerbaijan's signature is confirmed, its steps reported
    assert aze["signature_confidence"] == "depositary"
    assert {p["confidence"] for p in aze["pipeline"]} == {"reported"}
    uganda = next(r for r in rows if r["code"] == "UGA")
    assert (uganda["signature"], uganda["signature_earliest"],
            uganda["signature_confidence"]) == ("2025-10-26", "2025-10-25", "reported")


def test_csv_and_timeline_carry_the_earliest_day_and_the_confidence(cli):
    rows = list(csv.DictReader(io.StringIO(cli(*TODAY, "list", "--format", "csv").stdout)))
    uganda = next(r for r in rows if r["code"] == "UGA")
    assert (uganda["signature_earliest"], uganda["signature_confidence"]) == ("2025-10-25",
                                                                              "reported")
    out = cli(*TODAY, "timeline").stdout
    assert any(line.split()[:4] == ["25–26", "Oct", "2025", "Uganda"] and "signature *" in line
               for line in out.splitlines())
    assert "* reported, not yet confirmed by the depositary" in out


def test_list_table_marks_the_eu_and_reported_dates(cli):
    out = cli(*TODAY, "list", "--status", "signatory").stdout
    assert "European Union (REIO)" in out
    assert "25–26 Oct 2025" in out          # Sweden and Uganda: day not confirmed
    assert "reported, not yet confirmed" in out


def test_list_none_region_and_sort(cli):
    rows = json.loads(cli(*TODAY, "list", "--status", "none", "--region", "Americas",
                          "--format", "json").stdout)
    codes = {r["code"] for r in rows}
    assert "USA" in codes and "BRA" not in codes
    assert all(r["region"] == "Americas" for r in rows)
    dated = json.loads(cli(*TODAY, "list", "--status", "signatory", "--sort", "date",
                           "--format", "json").stdout)
    assert dated[-1]["code"] == "MUS"  # New York, 19 Nov 2025: the latest signature


def test_list_csv_flattens_consent(cli):
    out = cli(*TODAY, "list", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 198
    assert "consent_type" in rows[0] and "consent_date" in rows[0]


def test_list_markdown(cli):
    out = cli(*TODAY, "list", "--status", "signatory", "--format", "md").stdout
    assert out.startswith("| code | name |") and "| EUU | European Union |" in out


def test_show_resolves_names_and_codes(cli):
    for name in ("Vietnam", "VNM", "VN", "viet nam", "Viet Nam"):
        detail = json.loads(cli(*TODAY, "show", name, "--format", "json").stdout)
        assert detail["code"] == "VNM" and detail["status"] == "signatory"
    detail = json.loads(cli(*TODAY, "show", "Azerbaijan", "--format", "json").stdout)
    assert detail["declarations"][0]["articles"] == ["7(2)", "9(2)", "11(3)", "63(3)"]
    assert detail["actions"][0]["source"].startswith("https://")


def test_show_unknown_name_suggests(cli):
    result = cli(*TODAY, "show", "Vietnm")
    assert result.exit_code == 1
    assert result.stderr.strip() == "ratify: unknown participant 'Vietnm' — did you mean Viet Nam?"


def test_show_table_marks_unverified_late_joiner_rule(cli, tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text(HANOI.read_text(encoding="utf-8"), encoding="utf-8")
    out = cli("--data", str(path), *TODAY, "show", "Sweden").stdout
    assert "25–26 Oct 2025" in out and "reported" in out


def test_show_effective_for_att_late_joiner(cli):
    detail = json.loads(cli("--treaty", "att", *TODAY, "show", "Afghanistan", "--format",
                            "json").stdout)
    assert detail["effective"] == "2020-10-27"
    assert detail["consent"] == {"type": "accession", "date": "2020-07-29"} or \
        detail["consent"]["date"] == "2020-07-29"


def test_check_bundled_file_passes_with_warnings(cli):
    result = cli("--data", str(DATA), *TODAY, "check", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] > 0
    assert all(f["level"] == "warning" for f in report["findings"])


@pytest.mark.parametrize("treaty_id", ["untoc", "uncac", "att", "paris", "rome", "tpnw",
                                       "minamata", "crpd", "ccm", "fctc", "kyoto", "ctbt"])
def test_check_every_bundled_treaty(cli, treaty_id):
    result = cli("--treaty", treaty_id, *TODAY, "check", "--format", "json")
    assert json.loads(result.stdout)["errors"] == 0, result.stdout
    assert result.exit_code == 0


def test_treaty_status_json_gives_official_dates(cli):
    view = json.loads(cli("--treaty", "rome", *TODAY, "status", "--format", "json").stdout)
    assert view["entry_into_force"] == "2002-07-01" and view["in_force"]
    kyoto = json.loads(cli("--treaty", "kyoto", *TODAY, "status", "--format", "json").stdout)
    assert kyoto["entry_into_force"] is None and kyoto["conditions"][1]["evaluable"] is False
    assert kyoto["entered_into_force_recorded"] == "2005-02-16"


def test_ctbt_status_names_missing_annex2_states(cli):
    out = cli("--treaty", "ctbt", *TODAY, "status").stdout
    assert "blocked by:" in out and "India" in out and "Pakistan" in out


def test_between_threshold_and_entry_into_force(cli):
    out = cli("--treaty", "tpnw", *TODAY, "status", "--as-of", "2020-12-01").stdout
    assert "Threshold met on 2020-10-24; enters into force on 2021-01-22, in 52 days" in out


def test_treaties_lists_every_bundled_treaty(cli):
    rows = json.loads(cli(*TODAY, "treaties", "--format", "json").stdout)
    curated = {"uncc", "untoc", "uncac", "att", "paris", "rome", "tpnw", "minamata", "crpd",
               "ccm", "fctc", "kyoto", "ctbt"}
    assert {r["id"] for r in rows if r["collection"] != "corpus"} == curated
    reference = json.loads(cli(*TODAY, "treaties", "--collection", "reference", "--format",
                               "json").stdout)
    assert {r["id"] for r in reference} == curated - {"uncc"}
    ctbt = next(r for r in rows if r["id"] == "ctbt")
    assert ctbt["entry_into_force"] is None
    assert "in force since 2002-07-01" in cli(*TODAY, "treaties").stdout


def test_timeline_running_count_and_since(cli):
    rows = json.loads(cli("--treaty", "untoc", *TODAY, "timeline", "--since", "2003-07-01",
                          "--as-of", "2003-07-01", "--format", "json").stdout)
    assert rows[-1]["date"] == "2003-07-01" and rows[-1]["counted"] == 40
    assert all(r["date"] >= "2003-07-01" for r in rows)


def test_timeline_chart_fits_80_columns(cli):
    out = cli("--treaty", "tpnw", *TODAY, "timeline", "--chart").stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "█" in out and "-" in out and "entry into force: 2021-01-22" in out
    assert any(line.startswith("50 ┤") for line in lines)  # the threshold line, labelled


def test_unknown_treaty_is_a_usage_error_naming_the_choices(cli):
    result = cli("--treaty", "nope", "status")
    assert result.exit_code == 2 and "no bundled treaty 'nope'; one of uncc, att," in result.stderr


@pytest.mark.parametrize("spelling", ["uncc", "UNCC", " Uncc "])
def test_the_default_treaty_is_one_of_the_bundled_ones(cli, spelling):
    view = json.loads(cli(*TODAY, "--treaty", spelling, "status", "--format", "json").stdout)
    assert view["treaty"]["id"] == "uncc" and view["treaty"]["reference"] == "UNTC XVIII-16"


@pytest.mark.parametrize("args", [("--treaty", "ATT", "status"), ("status", "--treaty", "Att"),
                                  ("--treaty", "att", "list", "--status", "Party",
                                   "--format", "JSON"),
                                  ("--treaty", "att", "list", "--sort", "DATE")])
def test_choices_are_case_blind(cli, args):
    result = cli(*TODAY, *args)
    assert result.exit_code == 0, result.output


def test_data_and_treaty_together_is_a_usage_error(cli):
    result = cli("--data", "x.yaml", "--treaty", "att", "status")
    assert result.exit_code == 2 and "give --data FILE or --treaty ID, not both" in result.stderr


@pytest.mark.parametrize("args", [
    ("status", "--as-of", "2026-02-30"),
    ("status", "--format", "xml"),
    ("list", "--status", "ratified"),
    ("--today", "yesterday", "status"),
    ("status", "--bogus"),
])
def test_usage_errors_exit_2(cli, args):
    assert cli(*args).exit_code == 2


def test_missing_data_file_one_line(cli, tmp_path):
    result = cli("--data", str(tmp_path / "none.yaml"), "status")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "none.yaml: no such file" in result.stderr


def test_environment_variable_selects_the_file(cli, tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_text(treaty_text({"AUT": ["ratification 2001-01-01"]}), encoding="utf-8")
    monkeypatch.setenv("RATIFY_DATA", str(path))
    view = json.loads(cli(*TODAY, "status", "--format", "json").stdout)
    assert view["treaty"]["id"] == "test" and view["counted"] == 1


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("ratify ")
    help_text = cli("--help").stdout
    for command in ("status", "list", "show", "check", "timeline", "treaties"):
        assert command in help_text
    assert "ratify list --status signatory" in cli("list", "--help").stdout


def test_kyoto_reads_in_force_by_the_depositarys_date(cli):
    result = cli("--treaty", "kyoto", *TODAY, "status")
    out = result.stdout
    assert "In force since 2005-02-16 (the depositary's date" in out
    assert "Not in force" not in out
    # its 2014 data are stale all the same: parties join after entry into force (issue 8, 28)
    assert "data last reconciled 4689 days ago (2014-01-27)" in result.stderr


def test_unknown_region_is_a_usage_error_and_empty_lists_say_so(cli):
    result = cli(*TODAY, "list", "--region", "Mars")
    assert result.exit_code == 2 and "unknown region 'Mars'" in result.output
    out = cli("--treaty", "ctbt", *TODAY, "list", "--status", "withdrawn").stdout
    assert out.strip() == "0 withdrawn participants as of 2026-11-29"


def test_list_fits_80_columns_with_names(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("--treaty", "att", *TODAY, "list").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Afghanistan" in out and "accession 2020-07-29" in out and "2020-10-27" in out


def test_piped_findings_stay_on_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    path = tmp_path / "t.yaml"
    path.write_text(treaty_text({"AUT": ["signature 2000-06-01", "ratification 2000-05-01"]}),
                    encoding="utf-8")
    out = cli("--data", str(path), *TODAY, "check").stdout
    line = next(x for x in out.splitlines() if "dated before its signature" in x)
    assert line.startswith(f"{path}:") and len(line) > 80


# -- issue 8: reported marks per action, signatory split, Paris wording, regions, names ---------


def test_reported_mark_belongs_to_the_action_not_the_participant(cli):
    """Azerbaijan's signature is the depositary's; only its domestic approvals are reported."""
    import datetime as dt

    from conftest import HANOI
    from ratify.datafile import store
    from ratify.rules import Engine
    from ratify.status import list_rows
    engine = Engine(store.load(str(HANOI)))
    rows = {r["code"]: r for r in list_rows(engine, dt.date(2026, 11, 29))}
    aze, swe = rows["AZE"], rows["SWE"]
    assert (aze["signature"], aze["signature_earliest"], aze["signature_confidence"]) == \
        ("2025-10-25", None, "depositary")
    assert aze["reported"] is False and aze["consent_confidence"] is None
    assert [p["confidence"] for p in aze["pipeline"]] == ["reported", "reported"]
    assert (swe["signature"], swe["signature_earliest"], swe["signature_confidence"]) == \
        ("2025-10-26", "2025-10-25", "reported")
    detail = json.loads(cli(*TODAY, "show", "Azerbaijan", "--format", "json").stdout)
    assert detail["reported"] is False
    assert [a["confidence"] for a in detail["actions"]] == ["depositary", "reported", "reported"]
    line = next(x for x in cli(*TODAY, "list", "--status", "signatory").stdout.splitlines()
                if "Azerbaijan" in x)
    assert "2025-10-25 *" not in line and "domestic approval 2026-02-23 *" in line
    line = next(x for x in cli(*TODAY, "list", "--status", "signatory").stdout.splitlines()
                if "Sweden" in x)
    assert "25–26 Oct 2025 *" in line


def test_consent_confidence_and_earliest_come_from_the_instrument(cli, tmp_path):
    from conftest import HANOI
    path = tmp_path / "h.yaml"
    path.write_bytes(HANOI.read_bytes())
    assert cli("--data", str(path), *TODAY, "record", "Qatar", "ratification", "2026-03-01",
               "--earliest", "2026-02-27", "--confidence", "reported", "--source",
               "test").exit_code == 0
    import datetime as dt

    from ratify.datafile import store
    from ratify.rules import Engine
    from ratify.status import list_rows
    qat = next(r for r in list_rows(Engine(store.load(str(path))), dt.date(2026, 11, 29))
               if r["code"] == "QAT")
    assert (qat["consent_earliest"], qat["consent_confidence"]) == ("2026-02-27", "reported")
    assert (qat["signature_earliest"], qat["signature_confidence"]) == (None, "depositary")
    line = next(x for x in cli("--data", str(path), *TODAY, "list").stdout.splitlines()
                if "Qatar" in x)
    assert "ratification 27 Feb 2026 – 1 Mar 2026 *" in line and "2025-10-25 *" not in line


def test_status_splits_the_signatories(cli, tmp_path):
    """73 signatories, whether or not ratified; after one ratification 72 are still signatories
    in `list --status signatory`; 8 signatures are reported (news, not yet the depositary)."""
    from conftest import HANOI
    path = tmp_path / "h.yaml"
    path.write_bytes(HANOI.read_bytes())
    assert cli("--data", str(path), *TODAY, "record", "Qatar", "ratification", "2026-03-01",
               "--source", "test").exit_code == 0
    view = json.loads(cli("--data", str(path), *TODAY, "status", "--format", "json").stdout)
    assert (view["signatories"], view["signatories_not_ratified"],
            view["signatories_reported"]) == (73, 72, 8)
    rows = json.loads(cli("--data", str(path), *TODAY, "list", "--status", "signatory",
                          "--format", "json").stdout)
    assert len(rows) == view["signatories_not_ratified"]
    out = cli("--data", str(path), *TODAY, "status").stdout
    line = next(x for x in out.splitlines() if x.startswith("Signatories"))
    assert line.split(None, 1)[1] == "73 (72 not yet ratified; 8 reported)"
    csv_out = cli("--data", str(path), *TODAY, "status", "--format", "csv").stdout
    assert "signatories_not_ratified,72" in csv_out and "signatories_reported,8" in csv_out


def test_paris_missing_weight_says_the_gap_not_the_share_held(cli):
    """Paris, 2016-10-01: 61 Parties (55 needed) held 47.79 % of emissions; 7.21 points missing."""
    view = json.loads(cli("--treaty", "paris", "--today", "2016-10-01", "status", "--as-of",
                          "2016-10-01", "--format", "json").stdout)
    assert view["missing"] == ["7.21 percentage points of emissions (47.79 % held, 55 % needed)"]
    out = cli("--treaty", "paris", "--today", "2016-10-01", "status", "--as-of",
              "2016-10-01").stdout
    assert "Missing: 7.21 percentage points of emissions (47.79 % held, 55 % needed)." in out


def test_timeline_same_day_rows_by_name(cli):
    rows = json.loads(cli(*TODAY, "timeline", "--format", "json").stdout)
    opening_day = [r["name"] for r in rows if r["date"] == "2025-10-25"]
    assert len(opening_day) > 60
    assert opening_day == sorted(opening_day, key=str.casefold)
    assert opening_day[:3] == ["Algeria", "Angola", "Australia"]


@pytest.mark.parametrize("typed, inside, outside", [
    ("WEOG", "FRA", "BRA"), ("weog", "DEU", "POL"), ("GRULAC", "BRA", "FRA"),
    ("EEG", "POL", "DEU"), ("APG", "VNM", "DZA"), ("AG", "DZA", "VNM"),
    ("African Group", "AGO", "VNM"),
])
def test_region_accepts_the_un_groups_abbreviations(cli, typed, inside, outside):
    result = cli(*TODAY, "list", "--region", typed, "--format", "json")
    assert result.exit_code == 0, result.output
    codes = {r["code"] for r in json.loads(result.stdout)}
    assert inside in codes and outside not in codes


def test_taiwan_is_not_a_un_participant(cli):
    result = cli(*TODAY, "show", "Taiwan")
    assert result.exit_code == 1
    assert "Taiwan is not a UN member State" in result.output
    assert "Thailand" not in result.output


@pytest.mark.parametrize("args", [
    ("record", "Japan", "signature", "2026-12-20", "--dry-run", "--today", "2026-12-21"),
    ("status", "--today", "2026-03-01"),
    ("show", "Qatar", "--treaty", "uncc"),
])
def test_global_options_work_after_the_command(cli, args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    if "--today" in args and args[0] == "status":
        assert "as of 2026-03-01" in result.stdout


def test_a_hint_works_where_it_stands(cli):
    # the hint says "pass --today"; passing it after the command, as the hint reads, works
    refused = cli("--today", "2026-12-19", "record", "Japan", "signature", "2026-12-20")
    assert refused.exit_code == 1 and "pass --today" in refused.stderr
    accepted = cli("record", "Japan", "signature", "2026-12-20", "--today", "2026-12-20")
    assert accepted.exit_code == 0, accepted.output


def test_diff_names_its_argument_not_data(cli, tmp_path):
    result = cli("diff", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1 and "check the path given as OLD_FILE" in result.stderr
    assert "--data" not in result.stderr


def test_diff_csv_and_exit_code(cli, tmp_path):
    import os
    old = tmp_path / "old.yaml"
    old.write_bytes(open(os.environ["RATIFY_DATA"], "rb").read())
    same = cli("diff", str(old), "--exit-code")
    assert same.exit_code == 0 and "no action added" in same.stdout
    assert cli("record", "Japan", "signature", "2026-12-20", "--today", "2026-12-20",
               "--source", "x").exit_code == 0
    changed = cli("diff", str(old), "--exit-code", "--format", "csv")
    assert changed.exit_code == 3
    rows = list(csv.DictReader(io.StringIO(changed.stdout)))
    assert [(r["change"], r["code"], r["type"], r["date"]) for r in rows] == [
        ("added", "JPN", "signature", "2026-12-20")]
    assert cli("diff", str(old), "--format", "csv").exit_code == 0  # without --exit-code


def test_list_titles_and_narrow_terminals(cli, monkeypatch):
    assert cli(*TODAY, "list", "--status", "party").stdout.startswith("0 parties as of")
    monkeypatch.setenv("COLUMNS", "60")
    out = cli(*TODAY, "list").stdout
    lines = out.splitlines()
    assert max(map(len, lines)) <= 60 and not [line for line in lines if line != line.rstrip()]
    assert "…" not in out and "Antigua and" in out and "Barbuda" in out
    monkeypatch.setenv("COLUMNS", "40")
    out = cli(*TODAY, "list").stdout
    assert "…" not in out
    assert "United Kingdom of Great Britain and Northern Ireland: signatory" in out


def test_show_prints_a_url_whole_at_any_width(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = cli(*TODAY, "show", "Uganda").stdout
    assert ("source: http://www.ecofinagency.com/news-digital/2710-49864-at-hanoi-forum-21-"
            "african-nations-sign-on-to-un-cyber-treaty") in out
    assert " show [OPTIONS] PARTICIPANT\n" in cli("show", "--help").stdout  # not {participant}


def test_shell_completion_is_offered(cli):
    import os
    import subprocess
    import sys
    assert "--install-completion" in cli("--help").stdout
    # what the installed completion script asks the program for at `ratify statu<TAB>`
    env = {**os.environ, "_RATIFY_COMPLETE": "complete_bash", "COMP_WORDS": "ratify statu",
           "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-c", "from ratify.cli import main; main()"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["status"]


def test_progress_is_reported_by_the_library_and_silent_when_piped(cli):
    from ratify.projection.backtest import backtest
    seen = []
    backtest(["att"], runs=20, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 4) for i in range(1, 5)]   # ATT: 4 distinct as-of days
    result = cli("backtest", "--only", "ATT", "--runs", "20")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("width", ["40", "60", "80", "120"])
def test_every_table_fits_and_keeps_words_whole(cli, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    for args in (("timeline",), ("treaties",), ("list",)):
        out = cli(*TODAY, *args).stdout
        lines = out.splitlines()
        assert "…" not in out and not [line for line in lines if line != line.rstrip()], args
        if args == ("timeline",):
            assert "Mauritius" in out and "2025-11-19" in out
        if args == ("treaties",):
            assert "Convention" in out and "instruments" in out  # never "Conve/ntion"
        if int(width) >= 80:
            assert max(map(len, lines)) <= int(width), args


def test_status_project_and_timeline_speak_of_the_same_threshold(cli, tmp_path):
    """A group count listed first (2 of the EU members) is not the headline threshold: the
    count over all participants (3) is, for status, project and the timeline chart alike."""
    path = tmp_path / "groups.yaml"
    path.write_text(treaty_text({"USA": ["signature 2000-01-05", "ratification 2001-01-01"],
                                 "AUT": ["signature 2000-01-05"], "BEL": ["signature 2000-01-05"]},
                                conditions=("{count: 2, group: eu_members}", "{count: 3}")),
                    encoding="utf-8")
    status = json.loads(cli("--data", str(path), "--today", "2001-06-01", "status",
                            "--format", "json").stdout)
    project = json.loads(cli("--data", str(path), "--today", "2001-06-01", "project",
                             "--runs", "50", "--format", "json").stdout)
    assert (status["required"], status["remaining"]) == (3, 2)
    assert project["required"] == 3 and project["counted"] == 1
    chart = cli("--data", str(path), "--today", "2001-06-01", "timeline", "--chart").stdout
    assert "- threshold (3)" in chart
