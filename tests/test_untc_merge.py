"""`ratify import`: merging UNTC status pages and tables into a data file (merge.py + CLI).

The main proof: importing each sample of fixtures/untc into a file holding only the bundled
treaty block reproduces exactly the signatures and deposits of the matching history CSV
(fixtures/history, the project's reference compilation), and the rule engine then computes the
official entry-into-force date: ATT 2014-12-24, TPNW 2021-01-22, CRPD 2008-05-03, UNTOC 2003-09-29,
UNCAC 2005-12-14. Facts used in the merge tests: Albania signed the ATT on 2013-06-03 and ratified
on 2014-03-19; Afghanistan acceded on 2020-07-29; Antigua and Barbuda applied it provisionally
from 2013-08-12, the day it ratified.
"""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import TREATIES
from ratify.datafile import store
from ratify.errors import ImportFormatError, RefusedChange
from ratify.names import registry_resolver
from ratify.rules import Engine
from ratify.untc import merge

FIXTURES = Path(__file__).resolve().parent / "fixtures"
UNTC = FIXTURES / "untc"
HISTORY = FIXTURES / "history"
ATT_PAGE = UNTC / "untc-XXVI-8-att-2026-02-03.html"
TODAY = dt.date(2026, 11, 29)
D = dt.date


def treaty_block(tmp_path: Path, treaty_id: str, participants: str = "") -> Path:
    """A data file with the bundled treaty block (and groups) and the given participants."""
    text = (TREATIES / f"{treaty_id}.yaml").read_text(encoding="utf-8")
    head = text[:text.index("\nparticipants:") + 1]
    path = tmp_path / f"{treaty_id}.yaml"
    path.write_text(head + "participants:\n" + participants, encoding="utf-8")
    return path


def history(name: str) -> set[tuple]:
    """(code, signature|deposit, date, type) rows of a history CSV, names through the registry."""
    resolver = registry_resolver()
    rows = set()
    with open(HISTORY / f"{name}.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = resolver.find(row["participant"])
            assert code, row["participant"]
            kind = row["type"] if row["action"] == "deposit" else ""
            rows.add((code, row["action"], D.fromisoformat(row["date"]), kind))
    return rows


def recorded(path: Path) -> set[tuple]:
    """The same rows from a data file (provisional applications apart: never deposits)."""
    rows = set()
    for p in store.load(str(path)).participants:
        for a in p.actions:
            if a.type == "signature":
                rows.add((p.code, "signature", a.date, ""))
            elif a.type != "provisional_application":
                rows.add((p.code, "deposit", a.date, a.type.replace("_", " ")))
    return rows


def provisional(path: Path) -> set[tuple]:
    return {(p.code, a.date) for p in store.load(str(path)).participants for a in p.actions
            if a.type == "provisional_application"}


# -- the samples reproduce the reference history -----------------------------------------------


@pytest.mark.parametrize("sample, treaty_id, actions, as_of, eif", [
    ("untc-XXVI-8-att-2026-02-03.html", "att", 247 + 22, D(2026, 2, 3), D(2014, 12, 24)),
    ("untc-XXVI-9-tpnw-2026-02-03.html", "tpnw", 169, D(2026, 2, 3), D(2021, 1, 22)),
    ("untc-IV-15-crpd-2026-02-03.html", "crpd", 357, D(2026, 2, 3), D(2008, 5, 3)),
    ("untc-18-12.csv", "untoc", 326, None, D(2003, 9, 29)),
    ("untc-18-14.csv", "uncac", 311, None, D(2005, 12, 14)),
    ("untc-27-7-a.csv", "kyoto", 277, None, None),
])
def test_import_reproduces_the_history(tmp_path, sample, treaty_id, actions, as_of, eif):
    path = treaty_block(tmp_path, treaty_id)
    before = store.load(str(path)).data_as_of
    outcome = merge.run(str(path), str(UNTC / sample), today=TODAY)
    assert outcome.written and len(outcome.plan.added) == actions
    assert outcome.plan.conflicts == [] and outcome.plan.unmatched == []
    assert outcome.plan.warnings == []
    assert recorded(path) == history(treaty_id)
    treaty = store.load(str(path))
    assert treaty.data_as_of == (as_of or before)
    engine = Engine(treaty)
    if eif is not None:
        assert engine.entry_into_force == eif


def test_att_page_records_provisional_application_apart(tmp_path):
    path = treaty_block(tmp_path, "att")
    merge.run(str(path), str(ATT_PAGE), today=TODAY)
    applied = provisional(path)
    assert len(applied) == 22
    assert {("ATG", D(2013, 8, 12)), ("DNK", D(2014, 4, 2)), ("ESP", D(2013, 6, 3))} <= applied
    antigua = store.load(str(path)).participant("ATG")
    assert [(a.type, a.date) for a in antigua.actions] == [
        ("signature", D(2013, 6, 3)), ("ratification", D(2013, 8, 12)),
        ("provisional_application", D(2013, 8, 12))]
    assert antigua.actions[0].source == \
        "UNTC status page untc-XXVI-8-att-2026-02-03.html, status as at 2026-02-03"


@pytest.mark.parametrize("sample, treaty_id, actions", [
    ("untc-26-4.csv", "ctbt", 345), ("untc-26-8-2014.csv", "att", 159)])
def test_older_tables_give_a_subset(tmp_path, sample, treaty_id, actions):
    path = treaty_block(tmp_path, treaty_id)
    outcome = merge.run(str(path), str(UNTC / sample), today=TODAY)
    rows = recorded(path)
    assert len(rows) == actions and rows < history(treaty_id)
    assert outcome.plan.unmatched == [] and outcome.plan.conflicts == []
    source = store.load(str(path)).participants[0].actions[0].source
    assert source == f"UNTC table {sample}"


def test_older_table_names_match_todays_codes(tmp_path):
    """The 2014 CTBT table says Swaziland, Turkey, Czech Republic, Netherlands and The former
    Yugoslav Republic of Macedonia; the file holds their codes."""
    path = treaty_block(tmp_path, "ctbt")
    merge.run(str(path), str(UNTC / "untc-26-4.csv"), today=TODAY)
    treaty = store.load(str(path))
    assert [(a.type, a.date) for a in treaty.participant("SWZ").actions] == \
        [("signature", D(1996, 9, 24))]
    assert [(a.type, a.date) for a in treaty.participant("TUR").actions] == \
        [("signature", D(1996, 9, 24)), ("ratification", D(2000, 2, 16))]
    assert treaty.participant("CZE").actions[-1].date == D(1997, 9, 11)
    assert treaty.participant("MKD").actions[-1].date == D(2000, 3, 14)
    montenegro = treaty.participant("MNE").actions
    assert [(a.type, a.date, a.note) for a in montenegro] == [
        ("signature", D(2006, 10, 23), "succession to signature (d)"),
        ("succession", D(2006, 10, 23), None)]


# -- merging ------------------------------------------------------------------------------------


def test_second_import_adds_nothing(tmp_path):
    path = treaty_block(tmp_path, "tpnw")
    merge.run(str(path), str(UNTC / "untc-XXVI-9-tpnw-2026-02-03.html"), today=TODAY)
    first = path.read_bytes()
    again = merge.run(str(path), str(UNTC / "untc-XXVI-9-tpnw-2026-02-03.html"), today=TODAY)
    assert (len(again.plan.added), len(again.plan.existing), again.written, again.diff) == \
        (0, 169, False, "")
    assert path.read_bytes() == first


def test_bundled_file_is_already_up_to_date(tmp_path):
    path = tmp_path / "crpd.yaml"
    path.write_bytes((TREATIES / "crpd.yaml").read_bytes())
    outcome = merge.run(str(path), str(UNTC / "untc-IV-15-crpd-2026-02-03.html"), today=TODAY)
    assert (len(outcome.plan.added), len(outcome.plan.existing), outcome.written) == (0, 357, False)
    assert path.read_bytes() == (TREATIES / "crpd.yaml").read_bytes()


def test_import_into_a_commented_file_only_adds_lines(tmp_path):
    path = tmp_path / "att.yaml"
    original = (TREATIES / "att.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    outcome = merge.run(str(path), str(ATT_PAGE), today=TODAY)
    changed = [line for line in outcome.diff.splitlines()
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 22 and all(line.startswith("+      - {type: provisional_application")
                                      for line in changed)
    text = path.read_text(encoding="utf-8")
    assert "  - code: AFG   # Afghanistan\n" in text   # comments survive


ALBANIA_LATER = """\
  - code: ALB
    actions:
      - {type: signature, date: 2013-06-03, source: test}
      - {type: ratification, date: 2014-03-20, source: test}
  - code: AFG
    actions:
      - {type: ratification, date: 2020-07-29, source: test}
"""


def test_conflicts_are_reported_and_not_overwritten(tmp_path):
    path = treaty_block(tmp_path, "att", ALBANIA_LATER)
    outcome = merge.run(str(path), str(ATT_PAGE), today=TODAY)
    conflicts = {(c["code"], c["type"], c["date"], c["has"]["type"], c["has"]["date"])
                 for c in outcome.plan.conflicts}
    assert conflicts == {
        ("ALB", "ratification", D(2014, 3, 19), "ratification", D(2014, 3, 20)),
        ("AFG", "accession", D(2020, 7, 29), "ratification", D(2020, 7, 29))}
    treaty = store.load(str(path))
    assert [(a.type, a.date) for a in treaty.participant("ALB").actions] == \
        [("signature", D(2013, 6, 3)), ("ratification", D(2014, 3, 20))]
    assert [(a.type, a.date) for a in treaty.participant("AFG").actions] == \
        [("ratification", D(2020, 7, 29))]
    assert len(outcome.plan.existing) == 1          # Albania's signature
    assert len(outcome.plan.added) == 269 - 3       # all the rest, written
    assert ("ALB", "signature", D(2013, 6, 3), "") in recorded(path)


def test_a_deposit_after_a_denunciation_is_not_a_conflict(tmp_path):
    path = treaty_block(tmp_path, "att", """\
  - code: AFG
    actions:
      - {type: ratification, date: 2015-01-01, source: test}
      - {type: denunciation, date: 2016-01-01, source: test}
""")
    outcome = merge.run(str(path), str(ATT_PAGE), today=TODAY)
    assert outcome.plan.conflicts == []
    assert [(a.type, a.date) for a in store.load(str(path)).participant("AFG").actions][-1] == \
        ("accession", D(2020, 7, 29))


def test_two_rows_for_one_participant_conflict_with_each_other(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Participant,Signature,Ratification\nTurkey,1 Jan 2001,2 Feb 2002\n"
                     "Türkiye,1 Jan 2001,3 Mar 2003\n", encoding="utf-8")
    path = treaty_block(tmp_path, "untoc")
    outcome = merge.run(str(path), str(table), today=TODAY)
    assert [(a["code"], a["type"]) for a in outcome.plan.added] == \
        [("TUR", "signature"), ("TUR", "ratification")]
    assert len(outcome.plan.existing) == 1
    (conflict,) = outcome.plan.conflicts
    assert (conflict["date"], conflict["line"], conflict["has"]["in"], conflict["has"]["line"]) \
        == (D(2003, 3, 3), 3, "table", 2)


def test_data_as_of_only_moves_forward(tmp_path):
    path = treaty_block(tmp_path, "tpnw")
    text = path.read_text(encoding="utf-8").replace("data_as_of: 2026-02-03",
                                                    "data_as_of: 2026-03-01")
    path.write_text(text, encoding="utf-8")
    outcome = merge.run(str(path), str(UNTC / "untc-XXVI-9-tpnw-2026-02-03.html"), today=TODAY)
    assert not outcome.plan.sets_data_as_of
    assert store.load(str(path)).data_as_of == D(2026, 3, 1)
    imported = path.read_text(encoding="utf-8")
    path.write_text(imported.replace("data_as_of: 2026-03-01", "data_as_of: 2025-12-01"),
                    encoding="utf-8")
    outcome = merge.run(str(path), str(UNTC / "untc-XXVI-9-tpnw-2026-02-03.html"), today=TODAY)
    assert outcome.plan.sets_data_as_of and outcome.plan.added == []
    assert store.load(str(path)).data_as_of == D(2026, 2, 3)
    assert [line for line in outcome.diff.splitlines() if line.startswith(("+ ", "- "))] == \
        ["-  data_as_of: 2025-12-01", "+  data_as_of: 2026-02-03"]


def test_withdrawn_rows_footnotes_and_unmatched_names(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Participant,Signature,\"Ratification, Accession(a)\"\n"
                     "[Burundi]2,13 Jan 1999,21 Sep 2004\nNarnia,1 Jan 2001,\n"
                     "Algeria,12 Dec 2000,7 Oct 2002 3\n", encoding="utf-8")
    path = treaty_block(tmp_path, "untoc")
    outcome = merge.run(str(path), str(table), today=TODAY)
    assert outcome.plan.unmatched == [{"name": "Narnia", "line": 3,
                                       "suggestion": outcome.plan.unmatched[0]["suggestion"]}]
    assert [w["code"] for w in outcome.plan.withdrawn] == ["BDI"]
    treaty = store.load(str(path))
    assert {a.note for a in treaty.participant("BDI").actions} == \
        {"shown in [brackets] (withdrawn) in the UNTC table"}
    assert [(a.type, a.date, a.note) for a in treaty.participant("DZA").actions] == [
        ("signature", D(2000, 12, 12), None), ("ratification", D(2002, 10, 7), "UNTC note 3")]
    assert treaty.participant("NAR") is None


def test_a_participant_known_to_the_file_by_its_own_name(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Participant,Signature\nNorthland Federation,1 Jan 2001\n", encoding="utf-8")
    path = treaty_block(tmp_path, "untoc", "  - code: XNF\n    name: Northland Federation\n")
    outcome = merge.run(str(path), str(table), today=TODAY)
    assert [(a["code"], a["new_participant"]) for a in outcome.plan.added] == [("XNF", False)]


def test_dry_run_writes_nothing(tmp_path):
    path = treaty_block(tmp_path, "att")
    before = path.read_bytes()
    outcome = merge.run(str(path), str(ATT_PAGE), today=TODAY, dry_run=True)
    assert not outcome.written and len(outcome.plan.added) == 269
    assert outcome.diff.count("\n+      - {type: ") == 269
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["att.yaml"]


def test_page_of_another_treaty_is_refused(tmp_path):
    path = treaty_block(tmp_path, "tpnw")
    before = path.read_bytes()
    with pytest.raises(RefusedChange, match="UNTC XXVI-8, but this data file is UNTC XXVI-9"):
        merge.run(str(path), str(ATT_PAGE), today=TODAY)
    assert path.read_bytes() == before


def test_packaged_file_is_read_only_except_for_a_dry_run(tmp_path):
    with pytest.raises(RefusedChange, match="read-only"):
        merge.run(str(TREATIES / "att.yaml"), str(ATT_PAGE), packaged=True)
    outcome = merge.run(str(TREATIES / "att.yaml"), str(ATT_PAGE), packaged=True,
                           dry_run=True)
    assert len(outcome.plan.added) == 22 and not outcome.written


def test_bad_table_changes_nothing(tmp_path):
    path = treaty_block(tmp_path, "att")
    before = path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("Participant,Signature\nAlgeria,1 Jan 2001\nChile,30 Feb 2001\n")
    with pytest.raises(ImportFormatError, match="bad.csv:3: column 'Signature' \\(Chile\\)"):
        merge.run(str(path), str(bad), today=TODAY)
    assert path.read_bytes() == before


# -- the command line ---------------------------------------------------------------------------


def test_cli_import_report(cli, tmp_path):
    path = treaty_block(tmp_path, "att", ALBANIA_LATER)
    result = cli("--data", str(path), "--today", "2026-11-29", "import", str(ATT_PAGE))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Imported UNTC status page untc-XXVI-8-att-2026-02-03.html, status as "
                        f"at 2026-02-03 into {path}")
    assert lines[1] == "added: 266 (140 new participants)"
    assert "  + AND Andorra: signature 2014-12-18" in lines
    assert "already there: 1" in lines
    assert lines[lines.index("already there: 1") + 1].startswith("conflicts: 2 (not overwritten")
    albania = 1 + path.read_text(encoding="utf-8").split("\n").index(
        next(line for line in path.read_text(encoding="utf-8").split("\n")
             if "ratification, date: 2014-03-20" in line))
    assert "  ! ALB Albania: the table says ratification 2014-03-19 (line 978); the file has " \
           f"ratification 2014-03-20 (line {albania})" in lines
    assert "unmatched names: 0" in lines
    assert lines[-1] == "data_as_of: 2026-02-03 kept (not earlier than the page)"


def test_cli_json(cli, tmp_path):
    path = treaty_block(tmp_path, "att", ALBANIA_LATER)
    table = tmp_path / "t.csv"
    table.write_text("Participant,Signature,Ratification\nAlbania,3 Jun 2013,19 Mar 2014\n"
                     "Narnia,1 Jan 2014,\nBahamas (The),3 Jun 2013,25 Sep 2014\n",
                     encoding="utf-8")
    result = cli("--data", str(path), "--today", "2026-11-29", "import", str(table),
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"file", "data_as_of", "added", "existing", "conflicts", "unmatched",
            "written"} <= set(data)
    assert (data["file"], data["data_as_of"], data["existing"], data["written"]) == \
        (str(table), None, 1, True)
    assert [(a["code"], a["type"], a["date"]) for a in data["added"]] == \
        [("BHS", "signature", "2013-06-03"), ("BHS", "ratification", "2014-09-25")]
    assert [(c["code"], c["date"], c["has"]["date"]) for c in data["conflicts"]] == \
        [("ALB", "2014-03-19", "2014-03-20")]
    assert [u["name"] for u in data["unmatched"]] == ["Narnia"]


def test_cli_dry_run_shows_the_diff(cli, tmp_path):
    path = treaty_block(tmp_path, "tpnw")
    before = path.read_bytes()
    result = cli("--data", str(path), "import", str(UNTC / "untc-XXVI-9-tpnw-2026-02-03.html"),
                 "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Would import UNTC status page")
    assert f"(dry run: nothing written to {path})" in result.stdout
    assert "+  - code: ZAF\n" in result.stdout
    assert path.read_bytes() == before


def test_cli_packaged_file_is_refused(cli):
    result = cli("--treaty", "att", "import", str(ATT_PAGE))
    assert result.exit_code == 1 and "read-only" in result.stderr
    result = cli("--treaty", "att", "import", str(ATT_PAGE), "--dry-run", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["written"] is False


@pytest.mark.parametrize("name, content, words", [
    ("empty.csv", b"", "empty.csv: file is empty"),
    ("garbage.html", b"\x00\x01\x02binary\x00", "garbage.html:1: binary content"),
    ("page.html", b"<html><body><h1>Treaty</h1><p>No table.</p></body></html>",
     "page.html: no table at all in this HTML page"),
    ("unknown.csv", b"Country,When\nAlgeria,2001\n", "unknown.csv:1: no `Participant` header"),
    ("columns.csv", b"Participant,Colour,Size\nAlgeria,blue,3\n",
     "columns.csv:1: no Signature, Ratification or Accession column in the header"),
])
def test_cli_bad_files_exit_1_with_one_line(cli, tmp_path, name, content, words):
    path = treaty_block(tmp_path, "att")
    before = path.read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    result = cli("--data", str(path), "import", str(bad))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("ratify: " + str(tmp_path)) and words in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_cli_missing_file_and_folder(cli, tmp_path):
    path = treaty_block(tmp_path, "att")
    for target, words in ((tmp_path / "nope.html", "no such file"), (tmp_path, "is a directory")):
        result = cli("--data", str(path), "import", str(target))
        assert result.exit_code == 1 and words in result.stderr
        assert result.stderr.count("\n") == 1


def test_cli_help_says_conflicts_exit_0(cli):
    result = cli("import", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Conflicts and unmatched names still exit 0" in text
    assert "--dry-run" in text and "exits 1" in text


def test_reported_facts_and_day_ranges(cli, tmp_path):
    """As data/states.yaml once did for the Hanoi Convention: Sweden's signature recorded as 25 or
    26 Oct 2025 (reported), the United Kingdom's as 25 Oct 2025 (reported). A depositary table
    settles both; the file is not changed by the import."""
    path = treaty_block(tmp_path, "untoc", """\
  - code: DZA
    actions:
      - {type: signature, date: 2025-10-25, source: "untc"}
  - code: GBR
    actions:
      - {type: signature, date: 2025-10-25, confidence: reported, source: "news"}
  - code: SWE
    actions:
      - {type: signature, date: 2025-10-26, earliest: 2025-10-25, confidence: reported}
""")
    before = path.read_bytes()
    sweden_line = next(i for i, line in enumerate(before.decode().splitlines(), 1)
                       if "earliest: 2025-10-25" in line)
    table = tmp_path / "xviii-16.csv"
    table.write_text("Participant,Signature\nSweden,25 Oct 2025\n"
                     "United Kingdom of Great Britain and Northern Ireland,25 Oct 2025\n"
                     "Algeria,25 Oct 2025\n", encoding="utf-8")
    outcome = merge.run(str(path), str(table), today=TODAY)
    (conflict,) = outcome.plan.conflicts
    assert (conflict["code"], conflict["has"]["earliest"], conflict["has"]["date"],
            conflict["within_range"]) == ("SWE", D(2025, 10, 25), D(2025, 10, 26), True)
    assert [(e["code"], e["confirms_reported"]) for e in outcome.plan.existing] == \
        [("GBR", True), ("DZA", False)]
    assert path.read_bytes() == before
    result = cli("--data", str(path), "import", str(table))
    assert "already there: 2 (1 marked reported or with an `earliest` range in the file: the " \
           "table confirms them)" in result.stdout
    assert "  ! SWE Sweden: the table says signature 2025-10-25 (line 2); the file has " \
           f"signature 2025-10-25 to 2025-10-26 (line {sweden_line}; reported; the table's " \
           "date is within that range)" in result.stdout


def test_references_and_kinds():
    assert merge.same_reference("XXVI-8", "UNTC XXVI-8")
    assert merge.same_reference("xviii-16", "UNTC XVIII-16")
    assert not merge.same_reference("XXVI-8", "UNTC XXVI-9")
    assert merge.kinds_of("definitive_signature") == {"signature", "consent"}
    assert merge.kinds_of("formal_confirmation") == {"consent"}
    assert merge.kinds_of("provisional_application") == {"provisional"}
    assert merge.kinds_of("domestic_approval") == set()
