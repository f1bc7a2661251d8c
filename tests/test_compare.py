"""`ratify diff OLD [NEW]`: actions added, removed and changed, and what that did to the counts
and dates; process substitution (a pipe read once) included.

TPNW: Honduras' ratification of 2020-10-24 was the 50th; entry into force 2021-01-22.
Hanoi Convention: Qatar signed 2025-10-25 (the issue's example ratification date: 2026-03-01).
"""

import datetime as dt
import json
import os
import subprocess
import sys
import threading

import pytest

from conftest import HANOI as FROZEN
from conftest import TREATIES
from ratify.compare import compare
from ratify.datafile import store
from ratify.write import edit

D = dt.date.fromisoformat
HANOI = FROZEN.read_text(encoding="utf-8")
TPNW = (TREATIES / "tpnw.yaml").read_text(encoding="utf-8")


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_added_removed_and_changed(tmp_path):
    new = edit.add_action(HANOI, "QAT", {"type": "ratification", "date": D("2026-03-01"),
                                         "source": "C.N.1.2026"})
    new = edit.remove_action(new, "MUS", "signature", D("2025-11-19"))
    new = new.replace('{type: signature, date: 2025-10-25, confidence: reported, source: "nld"}',
                      '{type: signature, date: 2025-10-25, source: "untc"}')   # Viet Nam confirmed
    new = new.replace('- {type: signature, date: 2025-10-26, source: "nl"}\n  - code: SAU',
                      '- {type: signature, date: 2025-10-25, source: "nl"}\n  - code: SAU')
    result = compare(store.parse(HANOI, "old.yaml"), store.parse(new, "new.yaml"), D("2026-11-29"))
    assert [(r["code"], r["type"], r["date"]) for r in result["added"]] == \
        [("QAT", "ratification", "2026-03-01")]
    assert [(r["code"], r["type"], r["date"]) for r in result["removed"]] == \
        [("MUS", "signature", "2025-11-19")]
    changed = {r["code"]: r for r in result["changed"]}
    assert changed["VNM"]["fields"] == ["confidence", "source"]
    assert changed["VNM"]["old"]["confidence"] == "reported"
    assert changed["VNM"]["new"] == {  # a source key reads as the citation it stands for
        "date": "2025-10-25", "earliest": None, "confidence": "depositary", "note": None,
        "source": "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/"
                  "XVIII-16.en.xml"}
    assert changed["RWA"]["fields"] == ["date"]
    assert (changed["RWA"]["old"]["date"], changed["RWA"]["new"]["date"]) == \
        ("2025-10-26", "2025-10-25")
    assert result["before"]["counted"] == 0 and result["after"]["counted"] == 1
    assert result["effects"] == ["signatories: 73 → 72", "parties: 0 → 1",
                                 "counted: 0 → 1 of 40 (39 to go)"]


def test_threshold_and_entry_into_force_effects(cli, tmp_path):
    text = TPNW.replace("entered_into_force: 2021-01-22", "entered_into_force: null")
    old = edit.remove_action(text, "HND", "ratification", D("2020-10-24"))
    old_path, new_path = write(tmp_path, "old.yaml", old), write(tmp_path, "new.yaml", text)
    result = cli("--today", "2020-10-24", "diff", old_path, new_path, "--format", "json")
    assert result.exit_code == 0
    view = json.loads(result.stdout)
    assert view["effects"] == ["parties: 49 → 50", "counted: 49 → 50 of 50",
                               "threshold met on: not yet → 2020-10-24",
                               "entry into force: not yet → 2021-01-22"]
    assert view["before"]["remaining"] == 1 and view["after"]["threshold_date"] == "2020-10-24"
    table = cli("--today", "2020-10-24", "diff", old_path, new_path).stdout
    assert "1 change" in table and "Honduras" in table and "ratification" in table
    assert "entry into force: not yet → 2021-01-22" in table
    md = cli("--today", "2020-10-24", "diff", old_path, new_path, "--format", "md").stdout
    assert md.splitlines()[0] == "| change | date | code | name | type | detail |"
    assert "| added | 2020-10-24 | HND | Honduras | ratification | source github:mgaldino/" in md
    assert "- threshold met on: not yet → 2020-10-24" in md


def test_new_file_defaults_to_the_data_file(cli, tmp_path):
    current = write(tmp_path, "states.yaml", HANOI)
    cli("--data", current, "--today", "2026-11-29", "record", "Qatar", "ratification",
        "2026-03-01")
    old = write(tmp_path, "old.yaml", HANOI)
    view = json.loads(cli("--data", current, "--today", "2026-11-29", "diff", old,
                          "--format", "json").stdout)
    assert [r["code"] for r in view["added"]] == ["QAT"] and view["new"] == current


def test_no_change(cli, tmp_path):
    old = write(tmp_path, "old.yaml", HANOI)
    result = cli("--today", "2026-11-29", "diff", old, str(FROZEN))
    assert result.exit_code == 0
    assert "no action added, removed or changed" in result.stdout
    assert "counts and dates unchanged (0 of 40 counted) (as of 2026-11-29)" in result.stdout


def test_different_treaties_are_refused(cli):
    result = cli("--today", "2026-11-29", "diff", str(TREATIES / "att.yaml"), str(FROZEN))
    assert result.exit_code == 1
    assert result.stderr.endswith("the two files describe different treaties (att and uncc)\n")
    assert result.stderr.count("\n") == 1


def test_bad_old_file_names_it(cli, tmp_path):
    bad = write(tmp_path, "old.yaml", HANOI.replace("schema: 1", "schema: 1\nschema: 1"))
    result = cli("--today", "2026-11-29", "diff", bad, str(FROZEN))
    assert result.exit_code == 1
    assert result.stderr == f"ratify: {bad}:19: duplicate key 'schema'\n"


def test_reading_a_pipe_once():
    """`<(git show ...)` hands over /dev/fd/N: a pipe of size 0 that can be read only once."""
    read_fd, write_fd = os.pipe()
    payload = (HANOI * 1).encode("utf-8")

    def feed():
        with os.fdopen(write_fd, "wb") as handle:
            handle.write(payload)
    thread = threading.Thread(target=feed)
    thread.start()
    try:
        treaty = store.load(f"/dev/fd/{read_fd}")
    finally:
        thread.join()
        os.close(read_fd)
    assert treaty.id == "uncc" and len(treaty.participants) == 198


def test_process_substitution_with_git(tmp_path):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "NO_COLOR": "1",
           "COLUMNS": "200"}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "states.yaml").write_text(HANOI, encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "v1"]):
        subprocess.run(command, cwd=tmp_path, check=True, env=env)
    ratify = f"{sys.executable} -m ratify --today 2026-11-29"
    subprocess.run(f"{ratify} record Qatar ratification 2026-03-01", shell=True, cwd=tmp_path,
                   check=True, env=env, capture_output=True)
    result = subprocess.run(["bash", "-c", f"{ratify} diff <(git show HEAD:data/states.yaml) "
                             "--format json"], cwd=tmp_path, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["old"].startswith("/dev/fd/") and view["new"] == "data/states.yaml"
    assert [(r["code"], r["type"], r["date"]) for r in view["added"]] == \
        [("QAT", "ratification", "2026-03-01")]
    assert view["effects"] == ["parties: 0 → 1", "counted: 0 → 1 of 40 (39 to go)"]


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_every_format_runs_on_a_pipe(tmp_path, fmt):
    result = subprocess.run(["bash", "-c", f"{sys.executable} -m ratify --today 2026-11-29 "
                             f"diff <(cat {FROZEN}) {FROZEN} --format {fmt}"], capture_output=True,
                            text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stdout
