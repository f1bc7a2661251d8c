"""Real processes: many `ratify record` runs at once all land; a run killed with SIGKILL at any
moment leaves the file either as it was or as it would be, never half-written.

Hanoi Convention file; the ratification date is the issue's example (2026-03-01).
"""

import datetime as dt
import glob
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from conftest import HANOI as HANOI_FIXTURE
from ratify.datafile import store
from ratify.write import edit, safefile

TODAY = "2026-11-29"
HANOI = HANOI_FIXTURE.read_text(encoding="utf-8")


def ratify(path, *args):
    return [sys.executable, "-m", "ratify", "--data", str(path), "--today", TODAY, *args]


def signatories(n: int) -> list[str]:
    treaty = store.parse(HANOI, "states.yaml")
    codes = [p.code for p in treaty.participants
             if any(a.type == "signature" for a in p.actions) and p.kind == "state"]
    assert len(codes) >= n
    return codes[:n]


@pytest.mark.parametrize("n", [4, pytest.param(20, marks=pytest.mark.slow)])
def test_records_started_together_all_land(tmp_path, n):
    path = tmp_path / "states.yaml"
    path.write_text(HANOI, encoding="utf-8")
    env = {**os.environ, safefile.SLOW_WRITE_ENV: "0.02"}   # widen the window where writers collide
    codes = signatories(n)
    procs = [subprocess.Popen(ratify(path, "record", code, "ratification", "2026-03-01"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for code in codes]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in results] == [0] * n, [err for _, err, _ in results]
    treaty = store.load(str(path))
    ratified = sorted(p.code for p in treaty.participants
                      if any(a.type == "ratification" for a in p.actions))
    assert ratified == sorted(codes)
    # each run saw the others' writes: the counts they printed are 1..n in some order
    counts = sorted(int(out.split(" — ")[1].split(" of ")[0]) for out, _, _ in results)
    assert counts == list(range(1, n + 1))
    check = subprocess.run(ratify(path, "check", "--format", "json"), capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout
    assert sorted(os.listdir(tmp_path)) == ["states.yaml"]
    # only the n action lines were added
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(HANOI.splitlines()) + n


def temp_files(folder) -> list[str]:
    return glob.glob(os.path.join(folder, f".states.yaml.*{safefile.TEMP_SUFFIX}"))


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_broken_file(tmp_path):
    rng = random.Random(20261129)
    path = tmp_path / "states.yaml"
    new = edit.add_action(HANOI, "QAT", {"type": "ratification",
                                         "date": dt.date(2026, 3, 1)})
    env = {**os.environ, safefile.SLOW_WRITE_ENV: "0.2"}
    command = ratify(path, "record", "Qatar", "ratification", "2026-03-01")
    # how long one complete run takes here, so that random kills spread over all of it
    path.write_text(HANOI, encoding="utf-8")
    start = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    full = time.monotonic() - start
    outcomes = {"old": 0, "new": 0}
    in_window = 0
    for run in range(50):
        path.write_text(HANOI, encoding="utf-8")
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if run % 2 == 0:
            # inside the write: the temp file exists (being written or waiting), no replace yet
            deadline = time.monotonic() + 30
            while not temp_files(tmp_path) and proc.poll() is None and \
                    time.monotonic() < deadline:
                time.sleep(0.002)
            in_window += bool(temp_files(tmp_path)) and proc.poll() is None
        else:
            time.sleep(rng.uniform(0, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = path.read_text(encoding="utf-8")
        assert text in (HANOI, new), f"run {run}: the file is neither version"
        store.parse(text, str(path))
        outcomes["new" if text == new else "old"] += 1
    assert in_window >= 20          # the kills really hit the write window
    assert outcomes["old"] >= in_window and sum(outcomes.values()) == 50
    # what killed runs left (a lock file, temp files) does not disturb the next run
    path.write_text(HANOI, encoding="utf-8")
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8") == new
    assert sorted(os.listdir(tmp_path)) == ["states.yaml"]
