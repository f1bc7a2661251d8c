"""Issue 8, items 15, 16, 17, 19 and 28 (part): the signature window that closes at entry into
force, `reconcile` and retiring notes, the notes `show` lists, as-of dates before adoption and
the stale-data warning judged against the as-of date.

Every test runs on the frozen Hanoi fixture (RATIFY_DATA, through the `cli` fixture), on a copy
of a bundled historical treaty, or on a small file written here: never on data/states.yaml.
"""

import json
import shutil

import pytest

from conftest import HANOI, TREATIES, treaty_text
from ratify import notes
from ratify.datafile import store
from ratify.errors import DataFileError, RefusedChange
from ratify.write import edit

TODAY = ("--today", "2026-11-29")


def copy_of(tmp_path, treaty_id):
    path = tmp_path / f"{treaty_id}.yaml"
    shutil.copy(TREATIES / f"{treaty_id}.yaml", path)
    return path


def hanoi_copy(tmp_path):
    path = tmp_path / "states.yaml"
    shutil.copy(HANOI, path)
    return path


def status_json(cli, *args, as_of=None):
    """`status --format json` (global options in `args`, as a user may give them first)."""
    result = cli(*args, "status", "--format", "json", *(("--as-of", as_of) if as_of else ()))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def with_notes(tmp_path, notes_yaml: str, **kwargs) -> str:
    """A small treaty file with the given `notes:` items, as a path."""
    text = treaty_text({"NER": ["signature 2000-06-01"], "NGA": [], "GIN": [], "GNQ": [],
                        "VNM": []}, **kwargs)
    text = text.replace("  withdrawal:", "  notes:\n" + notes_yaml + "  withdrawal:")
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- item 15: `closes: entry_into_force` -------------------------------------------------------


def test_att_and_ccm_windows_closed_at_entry_into_force(cli):
    att = status_json(cli, "--treaty", "att", *TODAY)
    assert att["signature_window"] == ("closed on 24 Dec 2014 (entry into force): new "
                                       "participants accede")
    assert att["signature_closes"] == "2014-12-24"
    assert att["signature_closes_at_entry_into_force"] is True
    ccm = status_json(cli, "--treaty", "ccm", *TODAY)
    assert ccm["signature_window"].startswith("closed on 1 Aug 2010 (entry into force)")
    assert ccm["signature_closes"] == "2010-08-01"


def test_att_window_as_known_on_the_as_of_date(cli):
    before = status_json(cli, "--treaty", "att", *TODAY, as_of="2014-06-01")
    assert before["signature_window"] == "open for signature until entry into force"
    assert before["signature_closes"] is None   # not known before the threshold (2014-09-25)
    between = status_json(cli, "--treaty", "att", *TODAY, as_of="2014-10-01")
    assert between["signature_window"] == ("closes on 24 Dec 2014 (entry into force), in 84 "
                                           "days")


def test_ctbt_open_until_entry_into_force_tpnw_open_indefinitely(cli):
    assert status_json(cli, "--treaty", "ctbt", *TODAY)["signature_window"] == \
        "open for signature until entry into force"
    tpnw = status_json(cli, "--treaty", "tpnw", *TODAY)
    assert tpnw["signature_window"] == "open for signature"   # closes: null = indefinitely
    assert tpnw["signature_closes_at_entry_into_force"] is False


def test_record_refuses_a_signature_after_the_att_entered_into_force(cli, tmp_path):
    path = copy_of(tmp_path, "att")
    before = path.read_bytes()
    result = cli("--data", str(path), *TODAY, "record", "Afghanistan", "signature",
                 "2020-01-01", "--source", "test")
    assert result.exit_code == 1
    assert result.stderr == (
        "ratify: Afghanistan: the signature window closed on 2014-12-24 (entry into force); a "
        "state now accedes — record it as accession (ratify record AFG accession "
        "2020-01-01)\n")
    assert path.read_bytes() == before
    # Angola signed on 2013-09-24, before entry into force: such a signature is still fine
    assert cli("--data", str(path), *TODAY, "remove", "Angola", "signature",
               "2013-09-24").exit_code == 0
    assert cli("--data", str(path), *TODAY, "record", "Angola", "signature", "2013-09-24",
               "--source", "untc2026").exit_code == 0
    assert path.read_bytes() == before


def test_record_refuses_a_signature_on_the_entry_into_force_day(cli, tmp_path):
    path = copy_of(tmp_path, "ccm")
    result = cli("--data", str(path), *TODAY, "record", "Cuba", "signature", "2010-08-01",
                 "--source", "test")
    assert result.exit_code == 1
    assert "the signature window closed on 2010-08-01 (entry into force)" in result.stderr


@pytest.mark.parametrize("closes, errors", [("entry_into_force", 1), ("null", 0)])
def test_check_notes_a_signature_after_entry_into_force(cli, tmp_path, closes, errors):
    text = treaty_text({"AUT": ["accession 2001-01-01"], "BEL": ["accession 2001-01-02"],
                        "FRA": ["accession 2001-01-03"], "DEU": ["signature 2002-01-01"]},
                       closes=closes)   # 3 instruments by 2001-01-03, + 90 days: 2001-04-03
    path = tmp_path / "window.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "check", "--format", "json")
    report = json.loads(result.stdout)
    window = [f for f in report["findings"] if "window closed" in f["message"]]
    assert len(window) == errors  # a depositary record after the window: a warning
    if errors:
        (finding,) = window
        assert finding["level"] == "warning" and finding["code"] == "DEU" and finding["line"]
        assert finding["message"] == (
            "DEU (Germany): signature 2002-01-01: the signature window closed on 2001-04-03 "
            "(entry into force); the depositary accepted it")


def test_closes_must_be_a_date_entry_into_force_or_null(tmp_path):
    text = treaty_text({}, closes="entry-into-force")
    with pytest.raises(DataFileError, match=r"x.yaml:5: treaty.signature.closes must be a date "
                                            r"YYYY-MM-DD, entry_into_force or null"):
        store.parse(text, "x.yaml")
    assert store.parse(treaty_text({}, closes="entry_into_force"),
                       "x.yaml").signature_closes_at_entry_into_force


# -- item 16: reconcile ------------------------------------------------------------------------


def test_reconcile_moves_data_as_of_one_line_and_silences_the_stale_warning(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    assert "data last reconciled 279 days ago" in cli("--data", str(path), *TODAY,
                                                      "status").stderr
    result = cli("--data", str(path), *TODAY, "reconcile", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "data_as_of: 2026-02-23 -> 2026-11-20"
    assert "status no longer warns that the data are stale (as of 2026-11-29)" in lines
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("  data_as_of: 2026-02-23\n", "  data_as_of: 2026-11-20\n")
    status = cli("--data", str(path), *TODAY, "status")
    assert "data last reconciled" not in status.stderr
    view = json.loads(cli("--data", str(path), *TODAY, "project", "--runs", "50",
                          "--format", "json").stdout)
    assert view["data_as_of"] == "2026-11-20"
    assert not any("a deposit made since is unknown" in w for w in view["warnings"])


def test_record_never_moves_data_as_of(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    assert cli("--data", str(path), *TODAY, "record", "Qatar", "ratification", "2026-03-01",
               "--source", "C.N.1").exit_code == 0
    assert store.load(str(path)).data_as_of.isoformat() == "2026-02-23"


def test_reconcile_refusals(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    before = path.read_bytes()

    def refused(*args):
        result = cli("--data", str(path), *TODAY, "reconcile", *args)
        assert result.exit_code == 1, result.output
        assert path.read_bytes() == before
        return result.stderr

    assert refused("--as-of", "2026-12-01") == (
        "ratify: --as-of 2026-12-01 is after today (2026-11-29): the records cannot be "
        "complete up to a day that has not come (if today is not 2026-11-29, pass --today)\n")
    assert "is before the file's data_as_of 2026-02-23; reconciling moves it forward (if " \
           "data_as_of was set wrongly, pass --allow-earlier)" in refused("--as-of", "2026-01-01")
    # Mauritius signed on 2025-11-19 (depositary): the file is complete at least up to then
    assert refused("--as-of", "2025-11-01", "--allow-earlier") == (
        "ratify: --as-of 2025-11-01 is before Mauritius's signature of 2025-11-19, confirmed by "
        "the depositary: the records are complete at least up to 2025-11-19\n")
    result = cli("--data", str(path), *TODAY, "reconcile", "--as-of", "2026-01-01",
                 "--allow-earlier", "--format", "json")
    view = json.loads(result.stdout)
    assert view["data_as_of_before"] == "2026-02-23" and view["data_as_of"] == "2026-01-01"
    assert view["written"] is True


def test_reconcile_dry_run_same_day_and_packaged_copy(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    before = path.read_bytes()
    result = cli("--data", str(path), *TODAY, "reconcile", "--as-of", "2026-03-01", "--dry-run")
    assert result.exit_code == 0
    assert "(dry run: nothing written to" in result.stdout
    assert "+  data_as_of: 2026-03-01" in result.stdout
    assert path.read_bytes() == before
    same = json.loads(cli("--data", str(path), *TODAY, "reconcile", "--as-of", "2026-02-23",
                          "--format", "json").stdout)
    assert same["written"] is False and same["diff"] == ""
    assert same["lines"][0] == "data_as_of is already 2026-02-23; nothing to change"
    packaged = cli("--treaty", "att", *TODAY, "reconcile", "--as-of", "2026-03-01")
    assert packaged.exit_code == 1 and "read-only" in packaged.stderr


# -- item 16: notes with date and participants; retiring a note -------------------------------


def test_notes_take_date_and_participants_by_code_or_name(tmp_path):
    path = with_notes(tmp_path, '    - {text: "A report", date: 2026-05-21, '
                                'participants: [QAT, "Viet Nam"], source: x}\n'
                                '    - {text: "Plain note", source: y}\n')
    treaty = store.load(path)
    first, second = treaty.notes
    assert first.date.isoformat() == "2026-05-21" and first.participants == ("QAT", "VNM")
    assert second.date is None and second.participants == ()


def test_a_note_naming_an_unknown_participant_is_refused_with_its_line(tmp_path):
    path = with_notes(tmp_path, '    - {text: "A report", participants: [Vietnum]}\n')
    with pytest.raises(DataFileError) as info:
        store.load(path)
    assert "a note's participants: unknown participant 'Vietnum'" in info.value.message
    assert "did you mean Viet Nam" in info.value.message and info.value.line


def test_retire_note_removes_its_line_only(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    qatar = next(line for line in before.splitlines() if line.startswith('    - {text: "Qatar'))
    result = cli("--data", str(path), *TODAY, "retire-note", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "note 3 retired: Qatar reported as having ratified (the only ratification as of about "
        "March 2026, citing Wikipedia); date and instrument type not found",
        "5 notes left; those after it move up: note 4 is now note 3"]
    assert path.read_text(encoding="utf-8") == before.replace(qatar + "\n", "")
    refused = cli("--data", str(path), *TODAY, "retire-note", "6")
    assert refused.exit_code == 1
    assert refused.stderr == ("ratify: there is no note 6; the file has 5 (ratify status lists "
                              "them)\n")


def test_retiring_the_last_note_drops_the_key(tmp_path):
    path = with_notes(tmp_path, '    - {text: "Only note"}\n')
    text = open(path, encoding="utf-8").read()
    new = edit.remove_note(text, 1)
    assert "notes:" not in new and store.parse(new, "x").notes == ()
    with pytest.raises(RefusedChange, match="the file has no notes"):
        edit.remove_note(new, 1)


def test_record_retires_a_note_in_the_same_write(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    result = cli("--data", str(path), *TODAY, "record", "Qatar", "ratification", "2026-03-01",
                 "--source", "C.N.1", "--retires", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["retired"]["number"] == 3 and view["retired"]["participants"] == ["QAT"]
    assert view["notes"] == []
    assert view["lines"][-1].startswith("note 3 retired: Qatar reported as having ratified")
    treaty = store.load(str(path))
    assert not any(n.text.startswith("Qatar") for n in treaty.notes) and len(treaty.notes) == 5
    assert treaty.participant("QAT").actions[-1].type == "ratification"


def test_record_refuses_to_retire_a_note_about_someone_else(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    before = path.read_bytes()
    result = cli("--data", str(path), *TODAY, "record", "Qatar", "ratification", "2026-03-01",
                 "--source", "C.N.1", "--retires", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("ratify: note 1 is about Fiji, not Qatar: Fiji reported")
    assert path.read_bytes() == before


def test_record_lists_the_notes_that_name_the_participant(cli, tmp_path):
    path = hanoi_copy(tmp_path)
    result = cli("--data", str(path), *TODAY, "record", "Fiji", "signature", "2025-11-20",
                 "--earliest", "2025-11-19", "--confidence", "reported", "--source", "fbc",
                 "--format", "json")
    view = json.loads(result.stdout)
    assert [n["number"] for n in view["notes"]] == [1]
    assert view["lines"][-1].startswith("note 1 is about Fiji: Fiji reported as the 74th")
    assert view["lines"][-1].endswith("— if this supersedes it: ratify retire-note 1")


# -- item 17: `show` lists the notes that name the participant --------------------------------


def test_show_lists_the_notes_about_qatar_and_viet_nam(cli):
    out = cli(*TODAY, "show", "Qatar").stdout
    assert "notes (reported, never counted):" in out
    assert "note 3: Qatar reported as having ratified" in out
    view = json.loads(cli(*TODAY, "show", "Viet Nam", "--format", "json").stdout)
    assert [(n["number"], n["participants"]) for n in view["notes"]] == [(4, ["VNM"])]
    assert view["notes"][0]["text"].startswith("Viet Nam reported as having ratified")
    assert json.loads(cli(*TODAY, "show", "Japan", "--format", "json").stdout)["notes"] == []


def test_names_in_note_text_are_whole_words_and_the_longest_wins(cli, tmp_path):
    path = with_notes(tmp_path, '    - {text: "Nigeria and Equatorial Guinea reported"}\n'
                                '    - {text: "Guinea-Bissau signed; Vietnam too"}\n'
                                '    - {text: "About Niger", participants: [NGA]}\n')

    def numbers(name):
        view = json.loads(cli("--data", path, *TODAY, "show", name, "--format", "json").stdout)
        return [n["number"] for n in view["notes"]]

    assert numbers("Niger") == []               # "Nigeria" is not Niger; note 3 says NGA
    assert numbers("Nigeria") == [1, 3]
    assert numbers("Guinea") == []              # nor "Equatorial Guinea", "Guinea-Bissau"
    assert numbers("Equatorial Guinea") == [1]
    assert numbers("Viet Nam") == [2]           # by its alias


def test_note_matching_is_linear_on_a_long_text():
    treaty = store.load(str(HANOI))
    text = ("Guinea " * 20_000) + "Qatar"
    from ratify.model import Note
    assert notes.naming(treaty, Note(text)) == ("GIN", "QAT")


# -- item 19: as-of dates before adoption; dated notes; the stale warning ---------------------


@pytest.mark.parametrize("command", [("status",), ("list",), ("show", "Qatar"), ("timeline",),
                                     ("project", "--runs", "10")])
def test_as_of_before_adoption_is_a_usage_error(cli, command):
    result = cli(*TODAY, *command, "--as-of", "1990-01-01")
    assert result.exit_code == 2
    assert result.stderr == ("ratify: --as-of 1990-01-01 is before the treaty's adoption on "
                             "2024-12-24\n")


def test_as_of_before_opening_when_the_file_has_no_adoption_date(cli):
    result = cli("--treaty", "att", *TODAY, "status", "--as-of", "2000-01-01")
    assert result.exit_code == 2
    assert result.stderr == ("ratify: --as-of 2000-01-01 is before the treaty's opening for "
                             "signature on 2013-06-03\n")


def test_notes_dated_after_the_as_of_date_are_not_shown(cli, tmp_path):
    path = with_notes(tmp_path, '    - {text: "Niger report", date: 2005-01-01}\n'
                                '    - {text: "Niger, undated"}\n')
    early = status_json(cli, "--data", path, *TODAY, as_of="2004-12-31")
    assert [n["number"] for n in early["notes"]] == [2]
    late = status_json(cli, "--data", path, *TODAY, as_of="2005-01-01")
    assert [(n["number"], n["date"]) for n in late["notes"]] == [(1, "2005-01-01"), (2, None)]
    view = json.loads(cli("--data", path, *TODAY, "show", "Niger", "--as-of", "2004-12-31",
                          "--format", "json").stdout)
    assert [n["number"] for n in view["notes"]] == [2]


def test_stale_warning_is_judged_against_the_as_of_date(cli):
    fresh = status_json(cli, *TODAY, as_of="2026-03-01")   # 6 days after data_as_of
    assert not any(w.startswith("data last reconciled") for w in fresh["warnings"])
    later = status_json(cli, *TODAY, as_of="2026-06-01")
    assert ("data last reconciled on 2026-02-23, 98 days before 2026-06-01 — check the UN "
            "Treaty Collection") in later["warnings"][0]
    future = status_json(cli, *TODAY, as_of="2027-06-01")  # after today: judged on today
    assert future["warnings"][0].startswith("data last reconciled 279 days ago (2026-02-23)")


# -- item 28: Kyoto's 2014 data --------------------------------------------------------------


@pytest.mark.parametrize("treaty_id, data_as_of", [("kyoto", "2014-01-27"),
                                                   ("untoc", "2014-01-27")])
def test_old_data_of_a_treaty_in_force_get_the_stale_warning(cli, treaty_id, data_as_of):
    view = status_json(cli, "--treaty", treaty_id, *TODAY)
    assert any(w.startswith("data last reconciled") and data_as_of in w
               for w in view["warnings"])
    # as of a day the file covers, they are not stale
    then = status_json(cli, "--treaty", treaty_id, *TODAY, as_of="2003-01-01")
    assert not any(w.startswith("data last reconciled") for w in then["warnings"])
