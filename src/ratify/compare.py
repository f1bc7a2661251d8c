"""`ratify diff`: what changed between two versions of a data file, and what that did to the
counts and dates (both versions run through the same rule engine, as of the same day)."""

from __future__ import annotations

import datetime as dt

from .dates import iso
from .errors import RefusedChange
from .model import Action, Treaty
from .rules import Engine
from .status import summary

FIELDS = ("date", "earliest", "confidence", "source", "note")
NUMBERS = ("signatories", "parties", "counted", "required", "remaining", "threshold_date",
           "entry_into_force")


def compare(old: Treaty, new: Treaty, as_of: dt.date) -> dict:
    """Actions added, removed and changed (same participant and type, other date, range,
    confidence, source or note), participants added or removed, and the counts before and after."""
    if old.id != new.id:
        raise RefusedChange(f"the two files describe different treaties ({old.id} and {new.id})",
                            path=new.path)
    names = {p.code: p.name for p in old.participants}
    names.update({p.code: p.name for p in new.participants})
    old_actions = {p.code: p.actions for p in old.participants}
    new_actions = {p.code: p.actions for p in new.participants}
    added, removed, changed = [], [], []
    for code in sorted(set(old_actions) | set(new_actions)):
        before, after = old_actions.get(code, ()), new_actions.get(code, ())
        for kind in sorted({a.type for a in before} | {a.type for a in after}):
            gone, came, moved = _match([a for a in before if a.type == kind],
                                       [a for a in after if a.type == kind])
            row = {"code": code, "name": names[code], "type": kind}
            removed += [{**row, **_fields(a)} for a in gone]
            added += [{**row, **_fields(a)} for a in came]
            changed += [{**row, "old": _fields(a), "new": _fields(b),
                         "fields": [f for f in FIELDS if getattr(a, f) != getattr(b, f)]}
                        for a, b in moved]
    for rows in (added, removed):
        rows.sort(key=lambda r: (r["date"], r["code"], r["type"]))
    changed.sort(key=lambda r: (r["new"]["date"], r["code"], r["type"]))
    numbers_before = _numbers(old, as_of)
    numbers_after = _numbers(new, as_of)
    return {
        "old": old.path, "new": new.path, "as_of": as_of.isoformat(),
        "data_as_of": {"old": iso(old.data_as_of), "new": iso(new.data_as_of)},
        "added": added, "removed": removed, "changed": changed,
        "participants_added": sorted(set(new_actions) - set(old_actions)),
        "participants_removed": sorted(set(old_actions) - set(new_actions)),
        "before": numbers_before, "after": numbers_after,
        "effects": effects(numbers_before, numbers_after),
    }


def rows(result: dict) -> list[dict]:
    """One flat row per changed action, for tables: change, date, code, name, type, detail."""
    out = []
    for kind in ("added", "removed"):
        for r in result[kind]:
            detail = "; ".join(f"{f} {r[f]}" for f in FIELDS[1:]
                               if r[f] and r[f] != "depositary")
            out.append({"change": kind, "date": r["date"], "code": r["code"], "name": r["name"],
                        "type": r["type"], "detail": detail})
    for r in result["changed"]:
        detail = "; ".join(f"{f} {r['old'][f] or '—'} → {r['new'][f] or '—'}"
                           for f in r["fields"])
        out.append({"change": "changed", "date": r["new"]["date"], "code": r["code"],
                    "name": r["name"], "type": r["type"], "detail": detail})
    out.sort(key=lambda r: (r["date"], r["code"], r["type"]))
    return out


def effects(before: dict, after: dict) -> list[str]:
    """What the changes did, one line per figure that moved."""
    lines = []
    for key, label in (("signatories", "signatories"), ("parties", "parties"),
                       ("counted", "counted")):
        if before[key] != after[key]:
            of = f" of {after['required']}" if key == "counted" and after["required"] else ""
            to_go = f" ({after['remaining']} to go)" if key == "counted" and \
                after["remaining"] else ""
            lines.append(f"{label}: {before[key]} → {after[key]}{of}{to_go}")
    for key, label in (("threshold_date", "threshold met on"),
                       ("entry_into_force", "entry into force")):
        if before[key] != after[key]:
            lines.append(f"{label}: {before[key] or 'not yet'} → {after[key] or 'not yet'}")
    if not lines:
        counted = f"{after['counted']} of {after['required']} counted" if after["required"] \
            else f"{after['counted']} counted"
        lines.append(f"counts and dates unchanged ({counted})")
    return lines


def _match(before: list[Action], after: list[Action]):
    """Pair one participant's actions of one type: identical ones drop out, then same-date
    pairs and the rest in date order are changes; what is left was removed or added."""
    before, after = sorted(before, key=_key), sorted(after, key=_key)
    for a in list(before):
        twin = next((b for b in after if _key(b) == _key(a)), None)
        if twin is not None:
            before.remove(a)
            after.remove(twin)
    moved = []
    for a in list(before):
        twin = next((b for b in after if b.date == a.date), None)
        if twin is not None:
            moved.append((a, twin))
            before.remove(a)
            after.remove(twin)
    while before and after:
        moved.append((before.pop(0), after.pop(0)))
    return before, after, moved


def _key(action: Action) -> tuple:
    return tuple(str(getattr(action, f) or "") for f in FIELDS)


def _fields(action: Action) -> dict:
    return {f: iso(v) if isinstance(v, dt.date) else v
            for f, v in ((f, getattr(action, f)) for f in FIELDS)}


def _numbers(treaty: Treaty, as_of: dt.date) -> dict:
    view = summary(Engine(treaty), as_of, as_of)
    return {k: view[k] for k in NUMBERS}

