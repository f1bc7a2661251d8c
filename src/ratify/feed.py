"""What happened to a treaty, as feed entries, newest first: every signature, instrument,
revocation, denunciation and domestic step the file records up to a date, plus the threshold
and the entry into force the rules compute. Stable ids (`tag:` URIs from the treaty, the
participant, the action and its date) and dates taken from the actions, never from the clock, so
the same file gives the same feed. `render/atom.py` writes it as Atom 1.0.
"""

from __future__ import annotations

import datetime as dt

from .model import Action, Participant, is_web_address
from .rules import Engine, counted_intervals

TAG = "tag:ratify,2025:"
VERBS = {"signature": "signed", "ratification": "ratified", "acceptance": "accepted",
         "approval": "approved", "accession": "acceded", "succession": "succeeded",
         "formal_confirmation": "confirmed formally", "definitive_signature":
         "signed definitively", "revocation": "revoked an instrument",
         "denunciation": "denounced the treaty", "denunciation_revoked":
         "withdrew its denunciation", "provisional_application": "applies it provisionally",
         "domestic_approval": "took a domestic step (not a deposit)"}


def entries(engine: Engine, as_of: dt.date, since: dt.date | None = None) -> list[dict]:
    """The feed entries dated up to `as_of` (and from `since`), newest first."""
    treaty = engine.treaty
    headline = engine.rule.headline_count
    found = [_action_entry(engine, p, a, headline.count if headline else None)
             for p in treaty.participants for a in p.actions if a.date <= as_of]
    found += _rule_entries(engine, as_of)
    if since:
        found = [e for e in found if e["date"] >= since.isoformat()]
    return sorted(found, key=lambda e: (e["date"], e["id"]), reverse=True)


def _action_entry(engine: Engine, participant: Participant, action: Action,
                  required: int | None) -> dict:
    title = f"{participant.name} {VERBS[action.type]}"
    starts = {i.start for i in counted_intervals(engine.histories[participant.code],
                                                  engine.rule.instruments)}
    if action.date in starts and action.type not in ("signature", "domestic_approval"):
        count = int(engine.counted.at(action.date))
        title += f" — {count} of {required}" if required else f" — {count} counted"
        if count - engine.counted.at(action.date - dt.timedelta(days=1)) > 1:
            title += " by the day's end"     # several that day, in no order the file gives
    if action.confidence == "reported":
        title += " (reported, not yet confirmed by the depositary)"
    source = action.source or ""
    return {"id": f"{TAG}{engine.treaty.id}/{participant.code}/{action.type}/{action.date}",
            "title": title, "date": action.date.isoformat(), "kind": action.type,
            "participant": participant.code, "name": participant.name, "source": source,
            "link": source if is_web_address(source) else None, "note": action.note,
            "confidence": action.confidence}


def _rule_entries(engine: Engine, as_of: dt.date) -> list[dict]:
    """The threshold and the entry into force, as the rules date them, once they came."""
    snap = engine.snapshot(as_of)
    treaty, found = engine.treaty, []
    if snap.threshold_date:
        eif = snap.entry_into_force
        found.append({"id": f"{TAG}{treaty.id}/threshold/{snap.threshold_date}",
                      "title": f"Threshold met: {engine.rule.describe()}"
                      + (f"; in force on {eif}" if eif else ""),
                      "date": snap.threshold_date.isoformat(), "kind": "threshold_met"})
    if snap.entry_into_force and snap.entry_into_force <= as_of:
        found.append({"id": f"{TAG}{treaty.id}/entry_into_force/{snap.entry_into_force}",
                      "title": f"{treaty.name} entered into force",
                      "date": snap.entry_into_force.isoformat(), "kind": "entry_into_force"})
    for entry in found:
        entry.update(participant=None, name=None, source=None, link=None, note=None,
                     confidence="computed")
    return found
