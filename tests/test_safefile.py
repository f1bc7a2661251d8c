"""safefile.py: the locked, validated, atomic write — what it refuses and what it never leaves
behind. The texts are test_edit's small Arms Trade Treaty file and its edits."""

import os
import signal
import stat
import subprocess
import sys

import pytest
from test_edit import MINI, RATIFIED, actions_of

from ratify.datafile import store
from ratify.errors import DataFileError, RefusedChange
from ratify.write import edit, safefile


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "att.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != "att.yaml")


def test_transaction_writes_and_leaves_nothing_behind(data_file):
    old, new = safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert old == MINI and data_file.read_text(encoding="utf-8") == new != MINI
    assert leftovers(data_file.parent) == []


def test_failing_change_writes_nothing_and_releases_the_lock(data_file):
    def boom(text):
        raise RefusedChange("no")
    with pytest.raises(RefusedChange):
        safefile.transaction(str(data_file), boom)
    assert data_file.read_text(encoding="utf-8") == MINI and leftovers(data_file.parent) == []
    safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED), timeout=0.5)
    assert actions_of(data_file.read_text(encoding="utf-8"), "AUT")[-1][0] == "ratification"


def test_result_that_does_not_load_is_refused(data_file):
    with pytest.raises(RefusedChange, match="refusing to write: the result would not load"):
        safefile.transaction(str(data_file), lambda t: t.replace("schema: 1", "schema: 2"))
    assert data_file.read_text(encoding="utf-8") == MINI


def test_symlink_target_is_updated_in_place(data_file, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(data_file)
    safefile.transaction(str(link), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert link.is_symlink() and os.readlink(link) == str(data_file)
    assert "ratification" in data_file.read_text(encoding="utf-8")


def test_file_mode_is_kept(data_file):
    os.chmod(data_file, 0o640)
    safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert stat.S_IMODE(os.stat(data_file).st_mode) == 0o640


def test_stale_lock_and_temp_files_are_ignored_and_cleaned(data_file):
    lock = data_file.parent / "att.yaml.lock"
    lock.write_text("12345\n")
    temp = data_file.parent / ".att.yaml.0123456789abcdef.ratify-tmp"
    temp.write_text("schema: 1\ntreaty: {half written")
    safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED), timeout=0.5)
    assert leftovers(data_file.parent) == []
    assert actions_of(data_file.read_text(encoding="utf-8"), "AUT")[-1][0] == "ratification"


def test_a_result_over_the_size_cap_is_never_written(data_file, monkeypatch):
    # a file just under the cap: one more action takes it over, and nothing could read it back
    cap = len(MINI.encode("utf-8")) + 10
    monkeypatch.setattr(store, "MAX_BYTES", cap)
    with pytest.raises(RefusedChange, match=f"above the {cap:,}-byte cap"):
        safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert data_file.read_text(encoding="utf-8") == MINI and leftovers(data_file.parent) == []


def test_a_symlinked_lock_is_refused_and_its_target_never_created(data_file, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "created-by-ratify"
    (data_file.parent / "att.yaml.lock").symlink_to(target)
    with pytest.raises(RefusedChange, match="is a symlink"):
        safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert not target.exists() and data_file.read_text(encoding="utf-8") == MINI


def test_clean_up_spares_the_temp_file_of_a_longer_name(data_file):
    # `.att.yaml.b.yaml.<hex>.ratify-tmp` belongs to `att.yaml.b.yaml`, written right now
    other = data_file.parent / ".att.yaml.b.yaml.0123456789abcdef.ratify-tmp"
    other.write_text("in flight")
    safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert other.read_text() == "in flight"


def test_a_change_by_another_program_in_the_write_window_is_kept(data_file, monkeypatch):
    theirs = MINI.replace("# Austria comes first", "# edited by hand meanwhile")
    monkeypatch.setattr(safefile, "_in_write_window",
                        lambda: data_file.write_text(theirs, encoding="utf-8"))
    with pytest.raises(RefusedChange, match="another program changed the file"):
        safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert data_file.read_text(encoding="utf-8") == theirs
    assert [n for n in leftovers(data_file.parent) if n.endswith(safefile.TEMP_SUFFIX)] == []


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


def _holder(lock_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock_path)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_lock_of_a_killed_process_is_released(data_file):
    proc = _holder(str(data_file) + ".lock")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED), timeout=5)
    assert leftovers(data_file.parent) == []


def test_lock_held_by_a_live_process_is_waited_for_then_refused(data_file):
    proc = _holder(str(data_file) + ".lock")
    try:
        with pytest.raises(RefusedChange, match="another ratify process is writing this file"):
            safefile.transaction(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED),
                             timeout=0.2)
    finally:
        proc.kill()
        proc.wait()
    assert data_file.read_text(encoding="utf-8") == MINI


def test_pipe_or_missing_file_is_refused(tmp_path):
    read_fd, write_fd = os.pipe()
    try:
        with pytest.raises(RefusedChange, match="not a regular file"):
            safefile.transaction(f"/dev/fd/{read_fd}", lambda t: t)
    finally:
        os.close(read_fd)
        os.close(write_fd)
    with pytest.raises(DataFileError, match="no such file"):
        safefile.transaction(str(tmp_path / "missing.yaml"), lambda t: t)


def test_preview_writes_nothing(data_file):
    old, new = safefile.preview(str(data_file), lambda t: edit.add_action(t, "AUT", RATIFIED))
    assert old == MINI and new != MINI
    assert data_file.read_text(encoding="utf-8") == MINI and leftovers(data_file.parent) == []


