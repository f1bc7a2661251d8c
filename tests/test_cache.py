"""The parsed-file cache: used only for identical bytes, one entry per file, never fatal."""

import os

import pytest

from ratify import cache, store
from conftest import treaty_text


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


def test_corrupt_or_foreign_entries_are_misses(folder):
    identity = cache.key("treaty:x", b"content")
    cache.put(identity, "value")
    (entry,) = folder.iterdir()
    entry.write_bytes(b"not a pickle")
    assert cache.get(identity) is None
    cache.put(identity, "value")
    assert cache.get(cache.key("treaty:x", b"other")) is None
    assert cache.get(identity) == "value"


def test_off_disables_and_unwritable_is_silent(tmp_path, monkeypatch):
    monkeypatch.setenv("RATIFY_CACHE_DIR", "off")
    cache.put(cache.key("k", b"v"), 1)
    assert cache.get(cache.key("k", b"v")) is None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("RATIFY_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    cache.put(cache.key("k", b"v"), 1)
    assert cache.get(cache.key("k", b"v")) is None
