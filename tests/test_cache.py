"""The parsed-file cache: used only for identical bytes and code, one entry per file, never fatal,
never code. Entries are untrusted: a planted pickle never runs, a forged or foreign entry is never
used, a FIFO never hangs a command.
"""

import datetime as dt
import json
import os
import pickle
import shutil
import subprocess
import sys

import pytest

from conftest import HANOI, treaty_text
from ratify.datafile import cache, store
from ratify.write import edit


@pytest.fixture
def folder(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("RATIFY_CACHE_DIR", str(path))
    return path


def test_hit_only_for_identical_bytes_and_one_entry_per_file(folder, tmp_path):
    data = tmp_path / "t.yaml"
    data.write_text(treaty_text({"AUT": ["accession 2001-01-01"]}), encoding="utf-8")
    first = store.load(str(data))
    entries = len(os.listdir(folder))  # the file's, and the registry's on a first run
    assert entries in (1, 2)
    assert store.load(str(data)) == first
    data.write_text(treaty_text({"AUT": ["accession 2001-01-02"]}), encoding="utf-8")
    second = store.load(str(data))
    assert second.participants[0].actions[0].date.isoformat() == "2001-01-02"
    assert len(os.listdir(folder)) == entries  # the old version's entry was replaced


def test_a_hit_gives_back_the_model_exactly(folder):
    text = HANOI.read_text(encoding="utf-8")
    parsed = store.parse(text, "hanoi.yaml")
    identity = cache.key("treaty:hanoi.yaml", text.encode())
    hit = cache.get(identity)
    assert hit == parsed and hit is not parsed
    assert type(hit.rule.instruments) is frozenset and type(hit.participants) is tuple


def test_folder_and_entries_are_private(folder):
    cache.put(cache.key("k", b"v"), [1, "two", None])
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    (entry,) = folder.iterdir()
    assert oct(os.stat(entry).st_mode & 0o777) == "0o600"
    assert entry.read_bytes().startswith(b"ratify-cache-1 ")
    assert cache.get(cache.key("k", b"v")) == [1, "two", None]


def test_corrupt_or_other_entries_are_misses(folder):
    identity = cache.key("treaty:x", b"content")
    cache.put(identity, "value")
    (entry,) = folder.iterdir()
    entry.write_bytes(b"not an entry")
    assert cache.get(identity) is None
    cache.put(identity, "value")
    assert cache.get(cache.key("treaty:x", b"other")) is None
    assert cache.get(identity) == "value"


def _plant_everywhere(folder, content: bytes) -> None:
    for entry in folder.iterdir():
        entry.write_bytes(content)


class _Payload:
    """Unpickling this creates a folder: proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_planted_pickle_never_runs(folder, tmp_path):
    data = tmp_path / "t.yaml"
    data.write_text(treaty_text({"AUT": ["accession 2001-01-01"]}), encoding="utf-8")
    expected = store.load(str(data))
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_Payload(marker))
    _plant_everywhere(folder, evil)
    assert store.load(str(data)) == expected
    assert not marker.exists()
    identity = cache.key("treaty:" + str(data), data.read_bytes())   # even with the digest
    _plant_everywhere(folder, b"ratify-cache-1 " + identity.digest + b"\n" + evil)
    assert store.load(str(data)) == expected
    assert not marker.exists()


def _forge(folder, identity, value, mode=0o600):
    """An entry in the cache's own format, with the right digest, holding `value`."""
    path = folder / identity.name
    path.write_bytes(b"ratify-cache-1 " + identity.digest + b"\n" +
                     json.dumps(cache.encode(value)).encode())
    os.chmod(path, mode)
    return path


def _forty_five_ratifications() -> str:
    text = HANOI.read_text(encoding="utf-8")
    treaty = store.parse(text, "x.yaml")
    codes = [p.code for p in treaty.participants if p.kind == "state"
             and any(a.type == "signature" and a.confidence == "depositary" for a in p.actions)]
    return edit.add_actions(text, [(code, {"type": "ratification", "date": dt.date(2026, 3, 1),
                                           "source": "forged"}) for code in codes[:45]])


@pytest.mark.parametrize("how", ["other bytes", "0644", "0640", "foreign owner", "genuine"])
def test_a_forged_entry_is_never_trusted(cli, folder, monkeypatch, how):
    """The "Counted 45/40" attack: an entry holding 45 ratifications for a file with none."""
    if how == "foreign owner" and os.getuid() != 0:
        pytest.skip("giving an entry to another user needs root (see the getuid test)")
    data = os.environ["RATIFY_DATA"]
    commands = [("--today", "2026-11-29", "status"), ("--today", "2026-11-29", "check")]
    monkeypatch.setenv("RATIFY_CACHE_DIR", "off")
    truth = [cli(*command).stdout for command in commands]
    monkeypatch.setenv("RATIFY_CACHE_DIR", str(folder))
    assert [cli(*command).stdout for command in commands] == truth   # fills the cache
    identity = cache.key("treaty:" + data, open(data, "rb").read())
    if how == "other bytes":
        identity = identity._replace(digest=cache.key("treaty:" + data, b"x").digest)
    forged = store.parse(_forty_five_ratifications(), data)
    entry = _forge(folder, identity, forged, {"0644": 0o644, "0640": 0o640}.get(how, 0o600))
    if how == "foreign owner":
        os.chown(entry, 65534, -1)
    seen = [cli(*command).stdout for command in commands]
    if how == "genuine":   # the control: the forged entry is in the real format
        assert "45/40" in seen[0]
    else:
        assert seen == truth and "0/40" in seen[0]


def test_an_entry_or_folder_of_another_user_is_ignored(folder, monkeypatch):
    identity = cache.key("k", b"v")
    cache.put(identity, "value")
    assert cache.get(identity) == "value"
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    assert cache.get(identity) is None
    cache.put(cache.key("k2", b"v"), "other")   # nor written into
    assert len(os.listdir(folder)) == 1


def test_a_folder_that_is_not_private_is_ignored(folder):
    identity = cache.key("k", b"v")
    cache.put(identity, "value")
    os.chmod(folder, 0o755)
    assert cache.get(identity) is None
    cache.put(cache.key("k2", b"v"), "other")
    assert len(os.listdir(folder)) == 1
    os.chmod(folder, 0o700)
    assert cache.get(identity) == "value"


def test_symlinked_entry_is_ignored(folder, tmp_path):
    identity = cache.key("k", b"v")
    cache.put(identity, "value")
    real = tmp_path / "real"
    shutil.move(folder / identity.name, real)
    (folder / identity.name).symlink_to(real)
    assert cache.get(identity) is None


def test_a_fifo_entry_does_not_hang(folder, tmp_path):
    data = tmp_path / "t.yaml"
    data.write_text(treaty_text({"AUT": ["accession 2001-01-01"]}), encoding="utf-8")
    store.load(str(data))
    for entry in list(folder.iterdir()):
        entry.unlink()
        os.mkfifo(entry, 0o600)
    code = f"from ratify.datafile import store; print(store.load({str(data)!r}).id)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, env={**os.environ, "RATIFY_CACHE_DIR": str(folder)})
    assert done.returncode == 0 and done.stdout == "test\n", done.stderr


@pytest.mark.parametrize("setting", ["off", "OFF", "Off"])
def test_off_in_any_case_disables(tmp_path, monkeypatch, setting):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RATIFY_CACHE_DIR", setting)
    cache.put(cache.key("k", b"v"), 1)
    assert cache.get(cache.key("k", b"v")) is None
    assert os.listdir(tmp_path) == []


def test_unwritable_is_silent(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("RATIFY_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    cache.put(cache.key("k", b"v"), 1)
    assert cache.get(cache.key("k", b"v")) is None


def test_code_key_covers_every_module_of_the_package(tmp_path, monkeypatch):
    package = tmp_path / "ratify"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)

    def fresh():
        cache.code_key.cache_clear()
        return cache.code_key()
    try:
        before = fresh()
        assert b"render/output.py" in before and b"registry.yaml" in before and b"cli.py" in before
        with open(package / "render" / "output.py", "a") as handle:  # any module, in a subfolder
            handle.write("\n")
        assert fresh() != before
        changed = fresh()
        (package / "new_module.py").write_text("")
        assert fresh() != changed
        with_new = fresh()
        (package / "notes.txt").write_text("not code")
        assert fresh() == with_new
    finally:
        cache.code_key.cache_clear()


def test_an_entry_from_other_code_is_a_miss(folder, monkeypatch):
    identity = cache.key("k", b"v")
    cache.put(identity, "value")
    monkeypatch.setattr(cache, "code_key", lambda: b"another version")
    assert cache.get(cache.key("k", b"v")) is None
