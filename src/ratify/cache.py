"""A disk cache of parsed data files, so that repeated commands skip YAML parsing.

Entries are found by a checksum of the file's bytes and of ratify's own code and registry, and
hold the full bytes they were made from: a hit is only used when those bytes are identical, so
an edited file or an upgraded ratify never sees a stale entry. The cache lives in
$RATIFY_CACHE_DIR, else $XDG_CACHE_HOME/ratify, else ~/.cache/ratify; RATIFY_CACHE_DIR=off
disables it. Any problem with the cache (unwritable, corrupt) silently falls back to parsing.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

_PACKAGE = Path(__file__).parent
_CODE_FILES = ("model.py", "dates.py", "store.py", "names.py", "yamlload.py", "registry.yaml",
               "cache.py", "__init__.py")


def _folder() -> Path | None:
    setting = os.environ.get("RATIFY_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ratify"


def _salt() -> bytes:
    parts = []
    for name in _CODE_FILES:
        try:
            stat = (_PACKAGE / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:missing")
    return "|".join(parts).encode()


def key(kind: str, content: bytes) -> bytes:
    """The exact identity of an entry: what it was made from (`kind` names the file)."""
    return kind.encode() + b"\0" + _salt() + b"\0" + content


def _prefix(identity: bytes) -> str:
    """One prefix per kind: a new version of a file replaces the entry of the old one."""
    kind = identity.split(b"\0", 1)[0]
    return f"{zlib.crc32(kind):08x}-"


def _name(identity: bytes) -> str:
    return (f"{_prefix(identity)}{zlib.crc32(identity):08x}{zlib.adler32(identity):08x}"
            f"{len(identity):x}.pickle")


def get(identity: bytes):
    folder = _folder()
    if folder is None:
        return None
    try:
        with open(folder / _name(identity), "rb") as handle:
            stored, value = pickle.load(handle)
    except Exception:  # a missing, partial or foreign entry is just a miss
        return None
    return value if stored == identity else None


def put(identity: bytes, value) -> None:
    folder = _folder()
    if folder is None:
        return
    temp = None
    try:
        import tempfile
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((identity, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / _name(identity))
        for stale in folder.glob(_prefix(identity) + "*.pickle"):
            if stale.name != _name(identity):
                stale.unlink(missing_ok=True)
    except Exception:
        if temp:
            try:
                os.unlink(temp)
            except OSError:
                pass
