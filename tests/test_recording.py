"""`ratify record` and `ratify remove` through the CLI: what they print, what they write, and
every refusal (exit code, one line, the file byte-for-byte unchanged).

Hanoi Convention (UNTC XVIII-16): opened 2025-10-25, closes 2026-12-31, adopted 2024-12-24,
40 instruments + 90 days; Qatar signed 2025-10-25 and is reported to have ratified (the issue's
example date 2026-03-01); Mauritius signed 2025-11-19. TPNW: Honduras' 2020-10-24 ratification
was the 50th, entry into force 2021-01-22. ATT: Afghanistan acceded 2020-07-29, in force for it
2020-10-27. Paris: the United States' withdrawal notified 2019-11-04, effective 2020-11-04.
Rome Statute: South Africa notified withdrawal 2016-10-19 and revoked it 2017-03-07; Burundi's
took effect 2017-10-27. CTBT: the Russian Federation revoked its ratification on 2023-11-03.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import HANOI, TREATIES
from ratify.datafile import store

TODAY = ("--today", "2026-11-29")


@pytest.fixture
def hanoi(tmp_path):
    path = tmp_path / "states.yaml"
    path.write_bytes(HANOI.read_bytes())  # the frozen copy: data updates never break these tests
    return path


def copy_of(tmp_path, treaty_id: str, replace: tuple[str, str] | None = None):
    text = (TREATIES / f"{treaty_id}.yaml").read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    path = tmp_path / f"{treaty_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# the fixture's note 4 names Viet Nam: recording a deposit for it says how to retire the note
VNM_NOTE_HINT = ("note 4 is about Viet Nam: Viet Nam reported as having ratified (listed by "
                 "Wikipedia in May 2026, per the… — if this supersedes it: ratify retire-note 4\n")


def added_lines(diff: str) -> list[str]:
    return [line[1:] for line in diff.splitlines() if line.startswith("+")
            and not line.startswith("+++")]


def removed_lines(diff: str) -> list[str]:
    return [line[1:] for line in diff.splitlines() if line.startswith("-")
            and not line.startswith("---")]


# -- what record prints and writes --------------------------------------------------------------


def test_record_writes_one_line_and_says_what_it_means(cli, hanoi):
    before = hanoi.read_text(encoding="utf-8")
    result = cli("--data", str(hanoi), *TODAY, "record", "Vietnam", "ratification", "2026-03-01",
                 "--source", "C.N.1.2026.TREATIES-XVIII.16")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("Viet Nam: ratification deposited 2026-03-01 — 1 of 40 counted, "
                             "39 to go\n" + VNM_NOTE_HINT)
    assert result.stderr == ""
    after = hanoi.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(new_lines) == len(old_lines) + 1
    i = new_lines.index('      - {type: ratification, date: 2026-03-01, source: '
                        '"C.N.1.2026.TREATIES-XVIII.16"}')
    assert new_lines[:i] + new_lines[i + 1:] == old_lines
    assert new_lines[i - 3:i] == ["  - code: VNM", "    actions:", '      - {type: signature, '
                                  'date: 2025-10-25, confidence: reported, source: "nld"}']
    assert not [n for n in os.listdir(hanoi.parent) if n != "states.yaml"]


def test_second_record_counts_on(cli, hanoi):
    cli("--data", str(hanoi), *TODAY, "record", "Qatar", "ratification", "2026-03-01")
    out = cli("--data", str(hanoi), *TODAY, "record", "Viet Nam", "ratification",
              "2026-03-02").stdout
    assert out == ("Viet Nam: ratification deposited 2026-03-02 — 2 of 40 counted, 38 to go\n"
                   + VNM_NOTE_HINT)


def test_done_when_dry_run_on_the_bundled_file(tmp_path):
    """The issue's own check, run as a user would from a checkout (./data/states.yaml; here a
    checkout holding the frozen Hanoi data, so that real deposits recorded later change
    nothing)."""
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / "states.yaml"
    data.write_bytes(HANOI.read_bytes())
    before = data.read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "RATIFY_DATA"}
    result = subprocess.run([sys.executable, "-m", "ratify", *TODAY, "record", "Qatar",
                             "ratification", "2026-03-01", "--dry-run"], cwd=tmp_path,
                            capture_output=True, text=True, env={**env, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Qatar: ratification deposited 2026-03-01 — 1 of 40 counted, 39 to go"
    assert "(dry run: nothing written to data/states.yaml)" in lines[1:]
    assert "--- a/data/states.yaml" in lines and "+++ b/data/states.yaml" in lines
    assert added_lines(result.stdout) == ["      - {type: ratification, date: 2026-03-01}"]
    assert data.read_bytes() == before


def test_dry_run_from_anywhere_uses_the_packaged_copy_and_writes_nothing(cli, monkeypatch):
    frozen_packaged_copy(monkeypatch)  # fall back to the packaged copy
    before = HANOI.read_bytes()
    result = cli(*TODAY, "record", "Qatar", "ratification", "2026-03-01", "--dry-run")
    assert result.exit_code == 0
    assert "1 of 40 counted, 39 to go" in result.stdout
    assert added_lines(result.stdout) == ["      - {type: ratification, date: 2026-03-01}"]
    assert HANOI.read_bytes() == before


def test_dry_run_json(cli, hanoi):
    before = hanoi.read_bytes()
    result = cli("--data", str(hanoi), *TODAY, "record", "QAT", "ratification", "2026-03-01",
                 "--dry-run", "--format", "json")
    view = json.loads(result.stdout)
    assert set(view) >= {"participant", "action", "written", "diff", "counted", "required",
                         "remaining", "threshold_date", "entry_into_force", "warnings"}
    assert view["participant"] == "QAT" and view["written"] is False
    assert (view["counted"], view["required"], view["remaining"]) == (1, 40, 39)
    assert view["threshold_date"] is None and view["entry_into_force"] is None
    assert view["action"] == {"type": "ratification", "date": "2026-03-01", "earliest": None,
                              "confidence": "depositary", "source": None, "note": None}
    assert added_lines(view["diff"]) == ["      - {type: ratification, date: 2026-03-01}"]
    assert hanoi.read_bytes() == before


def test_range_confidence_note_and_new_participant_entry(cli, tmp_path, hanoi):
    text = hanoi.read_text(encoding="utf-8").replace("  - code: FJI\n", "")
    hanoi.write_text(text, encoding="utf-8")
    result = cli("--data", str(hanoi), *TODAY, "record", "Fiji", "signature", "2025-11-20",
                 "--earliest", "2025-11-19", "--confidence", "reported", "--note",
                 "New York; \"date not confirmed\"", "--source",
                 "https://www.fbcnews.com.fj/news/fiji-signs-historic-un-cybercrime-convention",
                 "--dry-run")
    assert result.stdout.splitlines()[0] == ("Fiji: signed 19–20 Nov 2025 — 74 signatories; "
                                             "0 of 40 counted, 40 to go")
    assert added_lines(result.stdout) == [
        "  - code: FJI", "    actions:",
        '      - {type: signature, date: 2025-11-20, earliest: 2025-11-19, confidence: reported, '
        'source: "https://www.fbcnews.com.fj/news/fiji-signs-historic-un-cybercrime-convention", '
        'note: "New York; \\"date not confirmed\\""}']


def test_accession_by_a_signatory_is_recorded_with_a_warning(cli, hanoi):
    result = cli("--data", str(hanoi), *TODAY, "record", "Qatar", "accession", "2026-03-01",
                 "--source", "test")
    assert result.exit_code == 0
    assert result.stderr == ("ratify: warning: Qatar signed on 2025-10-25: a signatory usually "
                             "ratifies, accepts or approves; recording an accession as asked\n")
    assert "accession, date: 2026-03-01" in hanoi.read_text(encoding="utf-8")
    view = json.loads(cli("--data", str(hanoi), *TODAY, "record", "Viet Nam", "accession",
                          "2026-03-01", "--source", "test", "--format", "json").stdout)
    assert view["warnings"] == ["Viet Nam signed on 2025-10-25: a signatory usually ratifies, "
                                "accepts or approves; recording an accession as asked"]


def test_threshold_met_and_lost_tpnw(cli, tmp_path):
    path = copy_of(tmp_path, "tpnw", ("entered_into_force: 2021-01-22", "entered_into_force: null"))
    original = path.read_bytes()
    args = ("--data", str(path), "--today", "2020-10-24")
    result = cli(*args, "remove", "Honduras", "ratification", "2020-10-24")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Honduras: ratification of 2020-10-24 removed — 49 of 50 counted, 1 to go",
        "the threshold is no longer met (it was on 2020-10-24); TPNW has no entry-into-force "
        "date"]
    result = cli(*args, "record", "Honduras", "ratification", "2020-10-24", "--source", "untc2026")
    assert result.stdout.splitlines() == [
        "Honduras: ratification deposited 2020-10-24",
        "50 of 50: threshold met on 2020-10-24; TPNW enters into force on 2021-01-22"]
    assert path.read_bytes() == original


def record_again(cli, tmp_path, participant: str, action: str, day: str) -> dict:
    """Remove one of the ATT's real actions, record it again (the file is then byte for byte
    the bundled one), and return record's JSON."""
    path = copy_of(tmp_path, "att")
    args = ("--data", str(path), "--today", "2026-02-03")
    assert cli(*args, "remove", participant, action, day).exit_code == 0
    result = cli(*args, "record", participant, action, day, "--source", "untc2026",
                 "--format", "json")
    assert path.read_bytes() == (TREATIES / "att.yaml").read_bytes()
    return json.loads(result.stdout)


def test_late_joiner_att(cli, tmp_path):
    view = record_again(cli, tmp_path, "Afghanistan", "accession", "2020-07-29")
    assert view["lines"] == [
        "Afghanistan: accession deposited 2020-07-29",
        f"{view['counted']} counted (50 needed): threshold met on 2014-09-25; ATT entered into "
        "force on 2014-12-24",
        "in force for Afghanistan from 2020-10-27"]
    assert view["threshold_date"] == "2014-09-25" and view["entry_into_force"] == "2014-12-24"


def test_denunciation_paris_and_rome(cli, tmp_path):
    path = copy_of(tmp_path, "paris")
    args = ("--data", str(path), "--today", "2026-02-03")
    assert cli(*args, "remove", "USA", "acceptance", "2021-01-20").exit_code == 0
    assert cli(*args, "remove", "USA", "denunciation", "2019-11-04").exit_code == 0
    out = cli(*args, "record", "United States", "denunciation", "2019-11-04").stdout.splitlines()
    assert out[0] == "United States of America: denunciation notified 2019-11-04"
    assert out[-1] == "the denunciation takes effect on 2020-11-04"
    rome = copy_of(tmp_path, "rome")
    args = ("--data", str(rome), "--today", "2018-01-01")
    out = cli(*args, "record", "Burundi", "denunciation", "2016-10-27").stdout.splitlines()
    assert out[-1] == "the denunciation takes effect on 2017-10-27"
    assert cli(*args, "record", "South Africa", "denunciation", "2016-10-19").exit_code == 0
    result = cli(*args, "record", "South Africa", "denunciation_revoked", "2017-03-07")
    assert result.exit_code == 0
    assert result.stdout.startswith("South Africa: denunciation withdrawn 2017-03-07")
    status = json.loads(cli(*args, "show", "Burundi", "--format", "json").stdout)
    assert status["status"] == "withdrawn"


def test_revocation_ctbt(cli, tmp_path):
    path = copy_of(tmp_path, "ctbt")
    args = ("--data", str(path), "--today", "2026-02-03")
    assert cli(*args, "remove", "Russia", "revocation", "2023-11-03").exit_code == 0
    result = cli(*args, "record", "Russia", "revocation", "2023-11-03", "--source", "rus2023",
                 "--note", "depositary notification of 3 Nov 2023 withdrawing the instrument of "
                 "ratification")
    lines = result.stdout.splitlines()
    assert lines[0] == "Russian Federation: instrument revoked 2023-11-03 — 178 counted"
    assert lines[1].startswith("still needed: ") and "Russian Federation" in lines[1]
    assert path.read_bytes() == (TREATIES / "ctbt.yaml").read_bytes()


def test_record_through_a_symlink_updates_the_target(cli, hanoi, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(hanoi)
    assert cli("--data", str(link), *TODAY, "record", "Qatar", "ratification",
               "2026-03-01").exit_code == 0
    assert link.is_symlink() and "ratification" in hanoi.read_text(encoding="utf-8")


def test_remove_json(cli, hanoi):
    original = hanoi.read_bytes()
    cli("--data", str(hanoi), *TODAY, "record", "Qatar", "ratification", "2026-03-01")
    view = json.loads(cli("--data", str(hanoi), *TODAY, "remove", "Qatar", "ratification",
                          "2026-03-01", "--format", "json").stdout)
    assert view["change"] == "remove" and view["written"] is True
    assert removed_lines(view["diff"]) == ["      - {type: ratification, date: 2026-03-01}"]
    assert view["lines"] == ["Qatar: ratification of 2026-03-01 removed — 0 of 40 counted, "
                             "40 to go"]
    assert hanoi.read_bytes() == original


# -- refusals: exit code, one line, nothing changed -----------------------------------------------

REFUSALS = [
    # (setup records, command, exit code, the line on stderr, or a part of it)
    ([], ("record", "Qatr", "ratification", "2026-03-01"), 1,
     "ratify: unknown participant 'Qatr' — did you mean Qatar?"),
    ([], ("record", "Atlantis", "signature", "2025-10-25"), 1,
     "ratify: unknown participant 'Atlantis' — use a UN name, an alias or an ISO code "
     "(ratify list shows them)"),
    ([], ("record", "Qatar", "ratification", "2026-12-01"), 1,
     "ratify: Qatar: ratification dated 2026-12-01 is in the future (today is 2026-11-29) "
     "(record it once it has happened, or pass --today)"),
    ([], ("record", "Qatar", "ratification", "2024-01-01"), 1,
     "ratify: Qatar: ratification dated 2024-01-01 is before the treaty was adopted on "
     "2024-12-24"),
    ([], ("record", "USA", "signature", "2025-10-24"), 1,
     "ratify: United States of America: signature 2025-10-24 is before the treaty opened for "
     "signature on 2025-10-25"),
    ([], ("--today", "2027-02-01", "record", "USA", "signature", "2027-01-05"), 1,
     "ratify: United States of America: signature closed on 2026-12-31 (a participant that did "
     "not sign in time accedes: record an accession)"),
    ([], ("record", "USA", "ratification", "2026-03-01"), 1,
     "ratify: United States of America never signed: a ratification needs a signature first "
     "(a participant that did not sign accedes: ratify record USA accession 2026-03-01)"),
    ([], ("record", "Mauritius", "acceptance", "2025-11-01"), 1,
     "ratify: Mauritius: acceptance 2025-11-01 would be dated before its signature (2025-11-19)"),
    ([("Qatar", "ratification", "2026-03-01")], ("record", "Qatar", "approval", "2026-04-01"), 1,
     "ratify: Qatar: its ratification of 2026-03-01 is in effect on 2026-04-01; a second consent "
     "instrument is not possible (if it was recorded by mistake: ratify remove QAT ratification "
     "2026-03-01)"),
    ([("Qatar", "ratification", "2026-04-01")], ("record", "Qatar", "accession", "2026-03-01"), 1,
     "while its accession of 2026-03-01 is in effect"),
    ([], ("record", "Qatar", "revocation", "2026-03-01"), 1,
     "ratify: Qatar has no instrument deposited on 2026-03-01 to revoke"),
    ([], ("record", "Qatar", "denunciation", "2026-03-01"), 1,
     "ratify: Qatar: the treaty is not in force for it on 2026-03-01 (signatory); there is "
     "nothing to denounce"),
    ([("Qatar", "ratification", "2026-03-01")], ("record", "Qatar", "denunciation", "2026-04-01"),
     1, "(an instrument that has not taken effect is revoked (revocation))"),
    ([], ("record", "Qatar", "denunciation_revoked", "2026-03-01"), 1,
     "ratify: Qatar has no pending denunciation to withdraw on 2026-03-01"),
    ([], ("record", "Qatar", "signature", "2025-10-25"), 1,
     ":335: Qatar: signature 2025-10-25 is already recorded"),
    ([], ("record", "Qatar", "signature", "2025-10-26"), 1,
     "ratify: Qatar already signed on 2025-10-25"),
    ([], ("remove", "Qatar", "ratification", "2026-03-01"), 1,
     "ratify: Qatar: no ratification dated 2026-03-01 is recorded (recorded: signature "
     "2025-10-25)"),
    ([], ("remove", "USA", "signature", "2025-10-25"), 1,
     "ratify: United States of America: no signature dated 2025-10-25 is recorded (nothing is "
     "recorded for it)"),
    ([("Qatar", "ratification", "2026-03-01")], ("remove", "Qatar", "signature", "2025-10-25"), 1,
     "ratify: removing it would leave an error: QAT (Qatar): ratification 2026-03-01 without a "
     "signature; a participant that never signed accedes (type: accession)"),
    ([], ("remove", "Qatr", "signature", "2025-10-25"), 1,
     "ratify: unknown participant 'Qatr' — did you mean Qatar?"),
    # usage errors: exit 2
    ([], ("record", "Qatar", "ratification", "2026-03-01", "--earliest", "2026-03-05"), 2,
     "ratify: --earliest 2026-03-05 is after 2026-03-01; DATE is the latest possible day and "
     "--earliest the first"),
    ([], ("record", "Qatar", "ratification", "2026-02-30"), 2, "is not a real calendar date"),
    ([], ("record", "Qatar", "ratify", "2026-03-01"), 2,
     "'ratify' is not one of 'signature', 'ratification', 'acceptance', 'approval', 'accession', "
     "'succession', 'formal_confirmation', 'definitive_signature', 'revocation', 'denunciation', "
     "'denunciation_revoked', 'provisional_application', 'domestic_approval'"),
    ([], ("record", "Qatar", "ratification", "2026-03-01", "--earliest", "2026-13-01"), 2,
     "is not a real calendar date"),
    ([], ("record", "Qatar", "ratification", "2026-3-1"), 2, "is not a date in YYYY-MM-DD form"),
    ([], ("record", "Qatar", "ratification", "2026-03-01", "--confidence", "rumour"), 2,
     "'rumour' is not one of 'depositary', 'reported'"),
    ([], ("remove", "Qatar", "signature"), 2, "Missing argument"),
]


@pytest.mark.parametrize("setup,command,code,message", REFUSALS,
                         ids=[" ".join(r[1]) for r in REFUSALS])
def test_refusals_change_nothing(cli, hanoi, setup, command, code, message):
    for name, kind, day in setup:
        assert cli("--data", str(hanoi), *TODAY, "record", name, kind, day).exit_code == 0
    before = hanoi.read_bytes()
    args = ("--data", str(hanoi), *TODAY) if command[0] != "--today" else \
        ("--data", str(hanoi), *command[:2])
    command = command if command[0] != "--today" else command[2:]
    result = cli(*args, *command)
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    if code == 1:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("ratify: ")
    assert "Traceback" not in result.stderr
    assert hanoi.read_bytes() == before
    assert sorted(os.listdir(hanoi.parent)) == ["states.yaml"]


def frozen_packaged_copy(monkeypatch):
    """The packaged default file is the frozen Hanoi data for this test."""
    monkeypatch.delenv("RATIFY_DATA")
    packaged = store.bundled_path
    monkeypatch.setattr(store, "bundled_path", lambda treaty_id=None: str(HANOI)
                        if treaty_id in (None, store.DEFAULT_TREATY_ID) else packaged(treaty_id))


def test_writing_into_the_packaged_copy_is_refused(cli, monkeypatch):
    frozen_packaged_copy(monkeypatch)  # fall back to the packaged copy
    before = HANOI.read_bytes()
    result = cli(*TODAY, "record", "Qatar", "ratification", "2026-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("ratify: ") and result.stderr.count("\n") == 1
    assert "packaged with ratify, which is read-only (copy it and pass --data PATH" in \
        result.stderr
    result = cli("--treaty", "att", *TODAY, "remove", "Afghanistan", "accession", "2020-07-29")
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert HANOI.read_bytes() == before


def test_in_force_treaty_refuses_what_breaks_its_recorded_date(cli, tmp_path):
    path = copy_of(tmp_path, "tpnw")
    before = path.read_bytes()
    result = cli("--data", str(path), "--today", "2026-02-03", "remove", "Honduras",
                 "ratification", "2020-10-24")
    assert result.exit_code == 1
    assert result.stderr == ("ratify: removing it would leave an error: entered_into_force is "
                             "2021-01-22 but the rule gives 2021-03-11 from these actions\n")
    assert path.read_bytes() == before


def test_revocation_after_entry_into_force_is_a_denunciation(cli, tmp_path):
    path = copy_of(tmp_path, "att")
    before = path.read_bytes()
    result = cli("--data", str(path), "--today", "2026-02-03", "record", "Austria",
                 "revocation", "2020-01-01")
    assert result.exit_code == 1
    assert result.stderr == ("ratify: Austria: the treaty is in force for it since 2014-12-24; "
                             "leaving now is a denunciation, not a revocation\n")
    # the ATT's Art. 24(2): a withdrawal takes effect 90 days after the notification
    result = cli("--data", str(path), "--today", "2026-02-03", "record", "Austria",
                 "denunciation", "2020-01-01", "--source", "C.N.1.2020", "--dry-run")
    assert result.exit_code == 0 and "the denunciation takes effect on 2020-03-31" in result.stdout
    text = before.decode("utf-8")
    assert text.count("  withdrawal: {days: 90}\n") == 1
    path.write_text(text.replace("  withdrawal: {days: 90}\n", ""), encoding="utf-8")
    result = cli("--data", str(path), "--today", "2026-02-03", "record", "Austria",
                 "denunciation", "2020-01-01", "--source", "C.N.1.2020")
    assert result.stderr == ("ratify: the data file does not say when a denunciation takes "
                             "effect (add treaty.withdrawal, e.g. {years: 1}, from the treaty's "
                             "text)\n")
    assert "withdrawal: {days" not in path.read_text(encoding="utf-8")


def test_rome_denunciation_revoked_after_it_took_effect_is_refused(cli, tmp_path):
    path = copy_of(tmp_path, "rome")
    args = ("--data", str(path), "--today", "2026-02-03")
    assert cli(*args, "record", "Burundi", "denunciation", "2016-10-27").exit_code == 0
    before = path.read_bytes()
    result = cli(*args, "record", "Burundi", "denunciation_revoked", "2018-01-01")
    assert result.stderr == ("ratify: Burundi has no pending denunciation to withdraw on "
                             "2018-01-01\n")
    assert path.read_bytes() == before


def test_record_without_source_warns(cli, hanoi):
    view = json.loads(cli("--data", str(hanoi), *TODAY, "record", "Qatar", "ratification",
                          "2026-03-01", "--format", "json").stdout)
    assert view["written"] is True
    assert view["warnings"] == [
        "Qatar: ratification 2026-03-01 has no source; pass --source (a URL, a depositary "
        "notification or a key of treaty.sources) so the fact can be checked"]
    result = cli("--data", str(hanoi), *TODAY, "record", "Viet Nam", "ratification",
                 "2026-03-01", "--source", "C.N.1.2026.TREATIES-XVIII.16", "--format", "json")
    assert json.loads(result.stdout)["warnings"] == []


def test_deposit_between_threshold_and_entry_into_force_says_when_it_binds(cli, tmp_path):
    """ATT: threshold 2014-09-25, entry into force 2014-12-24; Guinea ratified on 2014-10-21,
    after the threshold, and the treaty bound it from 2014-12-24 (Art. 22)."""
    view = record_again(cli, tmp_path, "Guinea", "ratification", "2014-10-21")
    assert view["lines"][-1] == "in force for Guinea from 2014-12-24"
    assert view["lines"][1].endswith("threshold met on 2014-09-25; ATT entered into force on "
                                     "2014-12-24")
