"""The safe write of a data file: locked, validated, atomic, never outside its folder.

`transaction(path, change)` takes the file's lock, reads the text, lets `change` compute the new
text, validates it with `store.parse` and replaces the file atomically (temp file in the same
folder, fsync, `os.replace`, fsync of the folder). A file reached through a symlink is replaced
in place of its target. The lock is `fcntl.flock` on `<name>.lock` next to the target, opened
without following a symlink: the kernel releases it when a process dies, so a lock file or temp
file left by a killed run is simply ignored (and removed) by the next one. Nothing is created
outside the target's folder; a text over `store.MAX_BYTES` is never written; a file another
program changed since it was read is never replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import stat
import time
from collections.abc import Callable

from ..datafile import store
from ..errors import DataFileError, Hint, RefusedChange, Remedy

LOCK_SUFFIX = ".lock"
TEMP_SUFFIX = ".ratify-tmp"
LOCK_TIMEOUT = 30.0
# Test hook: seconds to pause between writing the temp file and replacing the data file, so that
# crash-safety tests can kill a process inside the write window.
SLOW_WRITE_ENV = "RATIFY_TEST_SLOW_WRITE"


# -- the safe write ---------------------------------------------------------------------------


def write_output(path: str, text: str) -> None:
    """Write an output file (a badge, a report) whole or not at all: a temp file in the same
    folder, fsync, `os.replace`; refused in one line when the folder cannot take it."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise RefusedChange("is a folder, not a file", path=path, hint="name a file")
    temp = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise RefusedChange(f"cannot write: {exc.strerror or exc}", path=path) from None


def transaction(path: str, change: Callable[[str], str], *,
                timeout: float = LOCK_TIMEOUT) -> tuple[str, str]:
    """Apply `change(old_text) -> new_text` to the data file at `path`, safely; return (old, new).

    Nothing is written when `change` raises, when the text is unchanged, or when the new text does
    not load (RefusedChange).
    """
    target = writable_target(path)
    with _locked(target, path, timeout):
        _remove_stale_temps(target)
        old = store.read_text(target)
        new = change(old)
        if new != old:
            validate(new, path)
            _atomic_write(target, new, path, old.encode("utf-8"))
    return old, new


def preview(path: str, change: Callable[[str], str]) -> tuple[str, str]:
    """What `transaction` would do, without lock or write (for --dry-run)."""
    old = store.read_text(path)
    new = change(old)
    if new != old:
        validate(new, path)
    return old, new


def validate(text: str, path: str) -> None:
    """Refuse text that does not load as a data file, or that is over the size cap."""
    size = len(text.encode("utf-8"))
    if size > store.MAX_BYTES:
        raise RefusedChange(f"refusing to write: the result would be {size:,} bytes, above the "
                            f"{store.MAX_BYTES:,}-byte cap", path=path)
    try:
        store.parse(text, path)
    except DataFileError as exc:
        raise RefusedChange(f"refusing to write: the result would not load ({exc.message})",
                            path=path, line=exc.line) from None


def writable_target(path: str) -> str:
    """The regular file to replace: the target of a symlink, never a pipe or a folder."""
    if not os.path.exists(path):
        raise DataFileError("no such file", path=path, hint=Hint(Remedy.file_path))
    if not os.path.isfile(path):
        raise RefusedChange("not a regular file; ratify can only write to a file", path=path)
    return os.path.realpath(path)


@contextlib.contextmanager
def _locked(target: str, label: str, timeout: float):
    lock_path = target + LOCK_SUFFIX
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if os.path.islink(lock_path):
                raise RefusedChange(f"the lock file {lock_path} is a symlink; ratify does not "
                                    "follow it", path=label, hint="remove it") from None
            raise RefusedChange(f"cannot create the lock file {lock_path}: "
                                f"{exc.strerror or exc}", path=label) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise RefusedChange("another ratify process is writing this file", path=label,
                                    hint=f"lock file {lock_path}; try again") from None
            time.sleep(0.01)
            continue
        # The holder we waited for removes the lock file on release: our lock must be on the
        # file that is there now, else another process may hold a lock on a newer one.
        try:
            now = os.stat(lock_path)
            mine = os.fstat(fd)
            if (now.st_ino, now.st_dev) == (mine.st_ino, mine.st_dev):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def _temp_name(name: str) -> re.Pattern:
    """The exact names of the temp files of the data file `name` (never another file's)."""
    return re.compile(rf"\.{re.escape(name)}\.[0-9a-f]{{16}}{re.escape(TEMP_SUFFIX)}")


def _remove_stale_temps(target: str) -> None:
    """Under the lock no other writer exists: any temp file of ours is left from a killed run."""
    folder, name = os.path.split(target)
    pattern = _temp_name(name)
    for leftover in os.listdir(folder):
        if pattern.fullmatch(leftover):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, leftover))


def _in_write_window() -> None:
    """Between writing the temp file and replacing the data file (a seam for tests)."""
    pause = os.environ.get(SLOW_WRITE_ENV)
    if pause:
        time.sleep(float(pause))


def _unchanged(target: str, expected: bytes) -> bool:
    try:
        with open(target, "rb") as handle:
            return handle.read(len(expected) + 1) == expected
    except OSError:
        return False


def _atomic_write(target: str, text: str, label: str, expected: bytes) -> None:
    """Replace `target` by `text`, unless its bytes are no longer `expected`."""
    folder, name = os.path.split(target)
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
    try:
        info = os.stat(target)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise RefusedChange(f"cannot write next to the data file: {exc.strerror or exc}",
                            path=label) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(OSError):
            os.chown(temp, info.st_uid, info.st_gid)
        _in_write_window()
        if not _unchanged(target, expected):
            raise RefusedChange("another program changed the file while ratify was writing it; "
                                "nothing written, its change is kept", path=label,
                                hint="run the command again")
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise RefusedChange(f"cannot write the data file: {exc.strerror or exc}",
                                path=label) from None
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
