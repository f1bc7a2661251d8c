"""A participant's track record across the bundled treaties (`ratify state`).

For each bundled treaty: the participant's status, signature, consent instrument (type, date),
date of effect, and the days from the treaty's opening (its signature opening, else its
adoption) to the instrument. The summary sets the participant's median against every
participant's median over the same treaties: "how fast does Brazil usually ratify?"
"""

from __future__ import annotations

import datetime as dt
import statistics

from .datafile import store
from .model import CONSENT_TYPES, Treaty
from .names import Resolver, registry, registry_resolver
from .rules import Engine


def opening(treaty: Treaty) -> dt.date | None:
    """The day from which a treaty's time to consent is counted."""
    return treaty.signature_opens or treaty.adopted


def first_consent(actions) -> tuple[str, dt.date] | None:
    """The participant's first consent instrument (a later one after a withdrawal does not
    make it slower)."""
    found = [a for a in actions if a.type in CONSENT_TYPES]
    return (found[0].type, found[0].date) if found else None


def treaty_row(engine: Engine, code: str, as_of: dt.date) -> dict:
    treaty = engine.treaty
    opened = opening(treaty)
    row = {"treaty": treaty.id, "title": treaty.name, "reference": treaty.reference,
           "opened": opened.isoformat() if opened else None, "status": "none",
           "signature": None, "consent": None, "effective": None, "days_to_consent": None,
           "confidence": None}
    if treaty.open_to is not None and code not in treaty.open_to:
        row["status"] = "not open to it"
    if treaty.participant(code) is None:
        return row
    state = engine.participant(code, as_of)
    consent = first_consent(a for a in state.actions if a.date <= as_of)
    shown = [a for a in (state.signature, state.consent) if a is not None]
    row.update(status=state.status,
               signature=state.signature.date.isoformat() if state.signature else None,
               effective=state.effective.isoformat() if state.effective else None,
               confidence="reported" if any(a.confidence == "reported" for a in shown)
               else "depositary" if shown else None)
    if consent:
        row["consent"] = {"type": consent[0], "date": consent[1].isoformat()}
        if opened:
            row["days_to_consent"] = max(0, (consent[1] - opened).days)
    return row


def everyones_days(engine: Engine, as_of: dt.date) -> list[int]:
    """Days from opening to first consent of every participant of a treaty, up to `as_of`."""
    opened = opening(engine.treaty)
    if opened is None:
        return []
    days = []
    for p in engine.treaty.participants:
        consent = first_consent(a for a in p.actions if a.date <= as_of)
        if consent:
            days.append(max(0, (consent[1] - opened).days))
    return days


def collection_of(treaty_id: str) -> str:
    """default, reference or corpus: where a bundled treaty belongs (`ratify treaties`)."""
    if treaty_id == store.DEFAULT_TREATY_ID:
        return "default"
    return "corpus" if treaty_id in store.corpus_ids() else "reference"


def treaties(current: str | None = None, collection: str | None = None) -> list[Treaty]:
    """The data file in use (`current`) first, then every bundled treaty with another id;
    only those of `collection` when it is given."""
    found = [store.load(current)] if current else []
    ids = {t.id for t in found}
    chosen = [t for t in found if collection in (None, "default")]
    return chosen + [store.load(store.bundled_path(i)) for i in store.treaty_choices()
                     if i not in ids and collection in (None, collection_of(i))]


def resolve(name: str, current: str | None = None) -> dict:
    """{code, name, region, kind} of the participant `name` names: a registry name, alias or
    code, else a participant the bundled files name outside the registry (a former State:
    Czechoslovakia, the German Democratic Republic, Yugoslavia)."""
    reg = registry()
    code = registry_resolver().find(name)
    if code is None:
        outside = {p.code: p for t in treaties(current) for p in t.participants
                   if p.code not in reg}
        code = Resolver([*((e.code, e.name, e.alpha2, e.aliases + e.former)
                           for e in reg.values()),
                         *((c, p.name, None, p.aliases) for c, p in outside.items())]
                        ).resolve(name)
        if code in outside:
            p = outside[code]
            return {"code": code, "name": p.name, "region": p.region, "kind": p.kind}
    entry = reg[code]
    return {"code": code, "name": entry.name, "region": entry.region, "kind": entry.kind}


def record(code: str, as_of: dt.date, current: str | None = None,
           collection: str | None = None) -> dict:
    """The participant `code` on the data file in use and every other bundled treaty (or those
    of `collection`), as of `as_of`, with the summary; `participant` is filled by the caller,
    who resolved the name."""
    rows, pooled = [], []
    for treaty in treaties(current, collection):
        engine = Engine(treaty)
        if (opening(engine.treaty) or as_of) > as_of:
            continue
        rows.append(treaty_row(engine, code, as_of))
        pooled += everyones_days(engine, as_of)
    own = [r["days_to_consent"] for r in rows if r["days_to_consent"] is not None]
    summary = {
        "treaties": len(rows),
        "parties": sum(r["status"] == "party" for r in rows),
        "signatories": sum(r["status"] == "signatory" for r in rows),
        "withdrawn": sum(r["status"] == "withdrawn" for r in rows),
        "consents": len(own),
        "median_days_to_consent": statistics.median(own) if own else None,
        "all_median_days_to_consent": statistics.median(pooled) if pooled else None,
        "all_consents": len(pooled),
    }
    return {"as_of": as_of.isoformat(), "treaties": rows, "summary": summary}
