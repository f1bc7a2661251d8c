"""`ratify check`: domain rules a schema cannot express, as errors and warnings."""

from __future__ import annotations

import datetime as dt

from .model import CONSENT_TYPES, SIGNING_TYPES, Treaty
from .names import registry
from .rules import Engine

NEEDS_SIGNATURE = ("ratification", "acceptance", "approval")


def signature_closed_at_entry_into_force(engine: Engine, day: dt.date) -> dt.date | None:
    """Under `signature: {closes: entry_into_force}`, the entry-into-force date when a
    signature dated `day` comes on or after it (the window is closed from that day), else None."""
    if not engine.treaty.signature_closes_at_entry_into_force:
        return None
    eif = engine.known_entry_into_force()
    return eif if eif is not None and day >= eif else None


def check(treaty: Treaty, today: dt.date, engine: Engine | None = None) -> list[dict]:
    """Every finding about a loaded data file: {level, code, line, message}."""
    engine = engine or Engine(treaty)
    findings: list[dict] = []

    def add(level, message, line=None, code=None):
        findings.append({"level": level, "code": code, "line": line, "message": message})

    opens, closes = treaty.signature_opens, treaty.signature_closes
    known = set(registry()) | {p.code for p in treaty.participants}
    for name, codes in treaty.groups.items():
        for code in codes:
            if code not in known:
                add("error", f"group {name}: unknown code {code}")
    for p in treaty.participants:
        history = engine.histories[p.code]
        actions = sorted(p.actions, key=lambda a: a.date)
        signature = history.signature
        seen = set()
        for a in actions:
            who = f"{p.code} ({p.name})"
            if (a.type, a.date) in seen:
                add("error", f"{who}: {a.type} {a.date} is recorded twice", a.line, p.code)
            seen.add((a.type, a.date))
            if a.date > today:
                add("error", f"{who}: {a.type} dated {a.date} is in the future (today is "
                    f"{today})", a.line, p.code)
            if treaty.adopted and a.date < treaty.adopted and a.type != "domestic_approval":
                add("error", f"{who}: {a.type} {a.date} is before the treaty was adopted on "
                    f"{treaty.adopted}", a.line, p.code)
            if a.type in SIGNING_TYPES:
                if opens and a.date < opens:
                    add("error", f"{who}: {a.type} {a.date} before the treaty opened for "
                        f"signature on {opens}", a.line, p.code)
                if closes and a.date > closes:
                    add("error", f"{who}: {a.type} {a.date} after signature closed on {closes}; "
                        "a late participant accedes", a.line, p.code)
                closed = signature_closed_at_entry_into_force(engine, a.date)
                if closed:
                    add("error", f"{who}: {a.type} {a.date}: the signature window closed on "
                        f"{closed} (entry into force); a state now accedes (type: accession)",
                        a.line, p.code)
            if a.type in NEEDS_SIGNATURE:
                if signature is None:
                    add("error", f"{who}: {a.type} {a.date} without a signature; a participant "
                        "that never signed accedes (type: accession)", a.line, p.code)
                elif a.date < signature.date:
                    add("error", f"{who}: {a.type} {a.date} is dated before its signature "
                        f"{signature.date}", a.line, p.code)
            if a.type in CONSENT_TYPES:
                earlier = next((i for i in history.intervals if i.consent is not a and
                                i.start <= a.date and (i.end is None or a.date < i.end)), None)
                if earlier is not None:
                    add("error", f"{who}: {a.type} {a.date} while its {earlier.consent.type} of "
                        f"{earlier.start} is in effect", a.line, p.code)
            if a.type == "revocation":
                revoked = next((i for i in history.intervals
                                if i.end == a.date and i.ended_by == "revocation"), None)
                if revoked is None:
                    add("error", f"{who}: revocation {a.date} with no instrument in effect",
                        a.line, p.code)
                else:
                    effective = engine.effective_date(revoked.consent.date)
                    if effective is not None and effective <= a.date:
                        add("error", f"{who}: revocation {a.date}, but the treaty was already in "
                            f"force for it (since {effective}); leaving now is a denunciation",
                            a.line, p.code)
            if a.type == "denunciation_revoked" and not any(
                    d.type == "denunciation" and d.date <= a.date and treaty.withdrawal and
                    treaty.withdrawal.apply(d.date) > a.date for d in actions):
                add("error", f"{who}: denunciation_revoked {a.date} with no pending denunciation",
                    a.line, p.code)
            if a.type == "denunciation":
                state = engine.participant(p.code, a.date)
                if state.status != "party" or state.effective is None or state.effective > a.date:
                    add("error", f"{who}: denunciation {a.date}, but the treaty is not in force "
                        "for it on that date", a.line, p.code)
                elif treaty.withdrawal is None:
                    add("error", f"{who}: denunciation {a.date}, but treaty.withdrawal does not "
                        "say when a denunciation takes effect", a.line, p.code)
            if not a.source:
                add("warning", f"{who}: {a.type} {a.date} has no source", a.line, p.code)
            if a.confidence == "reported":
                add("warning", f"{who}: {a.type} {a.date} is reported, not confirmed by the "
                    "depositary" + (f" ({a.source})" if a.source else ""), a.line, p.code)
    if not engine.evaluable:
        for state in engine.snapshot(today).conditions:
            if not state.evaluable:
                add("warning", f"condition {state.condition.describe()} is not evaluable: no "
                    f"participant has a {state.condition.weight!r} weight")
    recorded, computed = treaty.entered_into_force, engine.entry_into_force
    if recorded and engine.evaluable and computed != recorded:
        add("error", f"entered_into_force is {recorded} but the rule gives "
            f"{computed or 'no entry into force'} from these actions")
    return findings
