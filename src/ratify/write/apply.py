"""The one path of every change to a data file (record, remove, reconcile, retire-note, import).

`apply_change` refuses the read-only copy packaged with ratify (but for a dry run), computes the
change on the text read under the lock (`safefile.transaction`; `safefile.preview` for a dry
run), refuses one that adds an error `check` reports, works out what it did before anything is
written, and returns that outcome with its diff and whether it was written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from .. import checks
from ..datafile import store
from ..errors import Hint, RefusedChange, Remedy
from ..model import Treaty
from . import edit, safefile

Report = TypeVar("Report")  # what a change did: a dataclass with `written` and `diff` fields


class Edited(NamedTuple):
    """A change's new text, and how to say what it did from the file it makes."""

    text: str
    outcome: Callable[[Treaty], Report]


def refuse_packaged(path: str, packaged: bool, dry_run: bool) -> None:
    """The packaged data file is read-only: only a dry run may use it."""
    if packaged and not dry_run:
        raise RefusedChange("this is the data file packaged with ratify, which is read-only",
                            path=path, hint=Hint(Remedy.copy_packaged))


def apply_change(path: str, change: Callable[[str, Treaty], Edited], *, dry_run: bool,
                 packaged: bool, checked_on: dt.date | None = None,
                 refusal_lead: str = "") -> Report:
    """Apply `change(text, treaty)` to the data file at `path` (or preview it); with
    `checked_on`, refuse it when it adds an error a strict `check` reports on that day (its
    message led by `refusal_lead`). Return the change's outcome, with `written` and `diff`
    filled in."""
    refuse_packaged(path, packaged, dry_run)
    outcomes: list = []

    def new_text(text: str) -> str:
        before = store.parse(text, path)
        edited = change(text, before)
        after = before if edited.text == text else store.parse(edited.text, path)
        if checked_on is not None:
            added = checks.new_errors(before, after, checked_on, strict=True)
            if added:
                raise RefusedChange(refusal_lead + added[0])
        outcomes.append(edited.outcome(after))
        return edited.text

    old, new = (safefile.preview if dry_run else safefile.transaction)(path, new_text)
    return dataclasses.replace(outcomes[-1], written=not dry_run and new != old,
                               diff=edit.unified_diff(old, new, path))
