"""A disk cache of parsed data files, so that repeated commands skip YAML parsing.

An entry is JSON of the validated model (dataclasses of ratify's own modules, dates, tuples):
nothing in it can run code. Its first line is a sha256 digest of what it was made from: the
entry's kind (which file), the file's bytes and the code key (name, size and mtime of every
*.py and *.yaml file of the package). The digest is compared before the payload is decoded, so
an edited file or an upgraded ratify never sees a stale entry.

Entry names are predictable (one per kind, so a new version of a file replaces the entry of the
old one): they are not trusted. Only a regular file (opened without following symlinks, never
blocking), owned by the user and private (no group or other access), in a folder owned by the
user and private, is read; anything else is a miss. An entry written by the user's own account
with a correct digest is trusted: whoever can write as the user can change the data file too.

The cache lives in $RATIFY_CACHE_DIR, else $XDG_CACHE_HOME/ratify, else ~/.cache/ratify; the
folder is created 0700. RATIFY_CACHE_DIR=off (any case) disables it. Any problem with the cache
(unwritable, corrupt, foreign) silently falls back to parsing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import NamedTuple

PACKAGE = Path(__file__).parent.parent  # ratify/
_MAGIC = b"ratify-cache-1 "
_HEADER = len(_MAGIC) + 64 + 1          # magic, hex digest, newline
_MAX_ENTRY = 64 * 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class Identity(NamedTuple):
    """Where an entry is stored and the digest it must carry."""

    name: str
    digest: bytes


def _folder() -> Path | None:
    setting = os.environ.get("RATIFY_CACHE_DIR")
    if setting and setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ratify"


@functools.lru_cache(maxsize=1)
def code_key() -> bytes:
    """Path, size and mtime of every module and data file of the package, in path order."""
    parts = []
    for folder, folders, names in os.walk(PACKAGE):
        folders[:] = [f for f in folders if f not in ("data", "__pycache__")]  # code only
        for name in names:
            if name.endswith((".py", ".yaml")):
                path = os.path.join(folder, name)
                info = os.stat(path)
                parts.append(f"{os.path.relpath(path, PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(sorted(parts)).encode()


def key(kind: str, content: bytes) -> Identity:
    """The identity of an entry: `kind` names the file, `content` is what it was made from."""
    name = hashlib.sha256(kind.encode()).hexdigest()[:32] + ".json"
    digest = hashlib.sha256(code_key() + b"\0" + kind.encode() + b"\0" + content)
    return Identity(name, digest.hexdigest().encode())


def _private(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def _open_folder(folder: Path) -> int | None:
    """A descriptor of the cache folder, or None when it is not the user's own private one."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    if not _private(os.fstat(fd)):
        os.close(fd)
        return None
    return fd


def _open_entry(name: str) -> int | None:
    folder = _folder()
    dir_fd = _open_folder(folder) if folder else None
    if dir_fd is None:
        return None
    try:
        return os.open(name, _OPEN_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None
    finally:
        os.close(dir_fd)


def get(identity: Identity):
    """The value stored for `identity`, or None."""
    fd = _open_entry(identity.name)
    if fd is None:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or not _private(info) or \
                    info.st_size > _MAX_ENTRY:
                return None
            if handle.read(_HEADER) != _MAGIC + identity.digest + b"\n":
                return None
            return decode(json.loads(handle.read()))
    except Exception:  # noqa: BLE001 - a partial or corrupt entry is just a miss
        return None


def put(identity: Identity, value) -> None:
    """Store `value` for `identity`; silently nothing when the cache cannot be written."""
    folder = _folder()
    if folder is None:
        return
    try:
        payload = json.dumps(encode(value), separators=(",", ":")).encode()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except Exception:  # noqa: BLE001 - a value the format cannot hold, an unwritable folder
        return
    dir_fd = _open_folder(folder)
    if dir_fd is None:
        return
    import secrets  # only a write needs it
    temp = f".{secrets.token_hex(8)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                     dir_fd=dir_fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + identity.digest + b"\n" + payload)
        os.replace(temp, identity.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError:
        try:
            os.unlink(temp, dir_fd=dir_fd)
        except OSError:
            pass
    finally:
        os.close(dir_fd)


# -- the format: JSON values, and [tag, ...] lists for everything else ------------------------


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    """The dataclasses an entry may hold: those defined in ratify's model, dates and names."""
    from .. import dates, model, names
    return {name: obj for module in (model, dates, names) for name, obj in vars(module).items()
            if isinstance(obj, type) and dataclasses.is_dataclass(obj)
            and obj.__module__ == module.__name__}


def encode(value):
    """`value` as JSON: dates, lists, tuples, sets, dicts and the model's dataclasses tagged."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return ["d", value.isoformat()]
    if isinstance(value, (list, tuple, frozenset)):
        tag = {list: "L", tuple: "T", frozenset: "S"}[type(value)]
        return [tag] + [encode(item) for item in value]
    if isinstance(value, dict):
        return ["D"] + [encode(part) for pair in value.items() for part in pair]
    name = type(value).__name__
    if _classes().get(name) is not type(value):
        raise TypeError(f"the cache cannot hold {name}")
    return ["C", name] + [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]


def decode(value):
    """The value `encode` made; only the dataclasses `_classes` lists are rebuilt."""
    if type(value) is not list:
        return value
    tag, items = value[0], value[1:]
    if tag == "d":
        return dt.date.fromisoformat(items[0])
    if tag == "C":
        return _classes()[items[0]](*[decode(item) for item in items[1:]])
    items = [decode(item) for item in items]
    if tag == "D":
        return dict(zip(items[::2], items[1::2]))
    return {"L": list, "T": tuple, "S": frozenset}[tag](items)
