"""The treaty's notes (facts without a depositary date): which an as-of date shows, and which
participants each one names.

A note is about the participants its `participants` field lists. A note without that field
names the participants whose name, alias or former name appears in its text as whole words,
case-sensitively (so "US" is the United States and "us" is not), the longest name winning where
names nest: "Equatorial Guinea" and "Guinea-Bissau" do not name Guinea, "South Sudan" does not
name Sudan, "Niger" is not found in "Nigeria". Notes are numbered from 1 in file order; the
number is what `ratify retire-note N` takes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from .dates import iso
from .model import Note, Treaty
from .names import registry


def numbered(treaty: Treaty, as_of: dt.date | None = None) -> list[tuple[int, Note]]:
    """(number, note) of every note, or of those an as-of date shows (undated, or dated by it)."""
    return [(n, note) for n, note in enumerate(treaty.notes, 1)
            if as_of is None or note.date is None or note.date <= as_of]


def naming(treaty: Treaty, note: Note) -> tuple[str, ...]:
    """The codes of the participants `note` is about, in order of first mention."""
    if note.participants:
        return note.participants
    return tuple(dict.fromkeys(_mentions(note.text, _index(_names(treaty)))))


def about(treaty: Treaty, code: str, as_of: dt.date | None = None) -> list[tuple[int, Note]]:
    """The notes (numbered) that name participant `code`, as an as-of date shows them."""
    return [(n, note) for n, note in numbered(treaty, as_of) if code in naming(treaty, note)]


def as_dict(treaty: Treaty, number: int, note: Note) -> dict:
    """A note for JSON and the renderers."""
    return {"number": number, "text": note.text, "source": note.source, "date": iso(note.date),
            "participants": list(naming(treaty, note))}


# -- matching names in text ---------------------------------------------------------------------

def _names(treaty: Treaty) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, names) of every participant of the file and of the registry: the registry's own
    too, so that a longer name of a participant the file lacks still hides a shorter one."""
    reg = registry()
    rows = {}
    for code, entry in reg.items():
        rows[code] = {entry.name, *entry.aliases, *entry.former}
    for p in treaty.participants:
        rows.setdefault(p.code, set()).update({p.name, *p.aliases})
    return tuple(sorted((code, tuple(sorted(n for n in names if len(n) >= 2)))
                        for code, names in rows.items()))


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=8)
def _index(rows: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[tuple[str, str]]]:
    """Names by their first word: {word: [(name, code), ...] longest name first}."""
    index: dict[str, list[tuple[str, str]]] = {}
    for code, names in rows:
        for name in names:
            first = _WORD.match(name)
            if first:
                index.setdefault(first.group(), []).append((name, code))
    for candidates in index.values():
        candidates.sort(key=lambda item: (-len(item[0]), item))
    return index


def _mentions(text: str, index: dict[str, list[tuple[str, str]]]):
    """The codes named in `text`, in order: at each word, the longest name starting there that
    ends at a word boundary; the words it covers are then skipped. Linear in the text (each
    word is looked up once, against the few names starting with it)."""
    end = 0
    for word in _WORD.finditer(text):
        start = word.start()
        if start < end:
            continue
        for name, code in index.get(word.group(), ()):
            stop = start + len(name)
            if text.startswith(name, start) and not (stop < len(text) and
                                                     _WORD.match(text[stop])):
                yield code
                end = stop
                break
