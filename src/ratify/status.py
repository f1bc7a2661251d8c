"""The status summary and the participant table as of a date, as plain data for the renderers."""

from __future__ import annotations

import datetime as dt

from . import notes
from .dates import format_day, format_range, iso
from .errors import UsageProblem
from .model import Action, Treaty
from .names import registry
from .rules import Engine, ParticipantState, Snapshot

STALE_AFTER_DAYS = 60


def missing_text(snap: Snapshot, treaty: Treaty) -> list[str]:
    """What still stands between the treaty and its threshold, one phrase per condition."""
    texts = []
    for state in snap.conditions:
        c = state.condition
        if not state.evaluable:
            texts.append(f"{c.describe()} cannot be evaluated (no participant has figures "
                         f"for {c.weight} in this file)")
        elif state.met:
            continue
        elif c.kind == "count":
            remaining = int(state.required - state.current)
            within = f" from {c.group}" if c.group else ""
            texts.append(f"{remaining} more instrument{'s' if remaining != 1 else ''}{within}")
        elif c.kind == "weight":
            gap = max(0.0, state.required - state.current)
            texts.append(f"{gap:.2f} percentage points of {c.weight} ({state.current:.2f} % "
                         f"held, {state.required:g} % needed)")
        else:
            names = {code: entry.name for code, entry in registry().items()}
            names.update({p.code: p.name for p in treaty.participants})
            texts.append("blocked by: " + ", ".join(names.get(m, m) for m in state.missing))
    return texts


def summary(engine: Engine, as_of: dt.date, today: dt.date) -> dict:
    """The `status` view: the JSON contract keys of design §4 plus display extras."""
    treaty = engine.treaty
    snap = engine.snapshot(as_of)
    first_count = next((s for s in snap.conditions
                        if s.condition is treaty.rule.headline_count), None)
    required = first_count.required if first_count else None
    remaining = max(0, int(first_count.required - first_count.current)) if first_count else None
    eif = snap.entry_into_force
    view = {
        "treaty": {"id": treaty.id, "title": treaty.title, "reference": treaty.reference},
        "as_of": as_of.isoformat(),
        "data_as_of": iso(treaty.data_as_of),
        "signatories": snap.signatories,
        # the split `list --status signatory` shows: signatories counts every signature dated
        # by the as-of date, whether or not a ratification followed
        **_signatory_split(engine, as_of),
        "parties": snap.parties,
        "counted": snap.counted,
        "required": required,
        "remaining": remaining,
        "conditions": [_condition(s) for s in snap.conditions],
        "threshold_date": iso(snap.threshold_date),
        "entry_into_force": iso(eif),
        "in_force": snap.in_force,
        "signature_closes": iso(signature_closes(engine, as_of)),
        "earliest_entry_into_force": iso(snap.earliest_entry_into_force),
        # display extras (not part of the contract, stable all the same)
        "short_title": treaty.name,
        "rule": treaty.rule.describe(),
        "evaluable": snap.evaluable,
        "missing": missing_text(snap, treaty),
        "days_to_entry_into_force": (eif - as_of).days if eif and eif > as_of else None,
        "entered_into_force_recorded": iso(treaty.entered_into_force),
        "signature_window": window_text(treaty, as_of,
                                        engine.known_entry_into_force(as_of)),
        "signature_closes_at_entry_into_force": treaty.signature_closes_at_entry_into_force,
        "notes": [notes.as_dict(treaty, n, note) for n, note in notes.numbered(treaty, as_of)],
        "warnings": _warnings(engine, snap, as_of, today),
    }
    return view


def _condition(s) -> dict:
    """One condition's standing, as the JSON contract gives it."""
    kind = s.condition.kind
    return {
        "kind": kind,
        "required": s.required if kind == "weight" else int(s.required),
        "current": s.current if s.current is None or kind == "weight" else int(s.current),
        "missing": list(s.missing) if kind == "all_of" else None,
        "evaluable": s.evaluable,
        "met_on": iso(s.met_on),
        **({"group": s.condition.group} if s.condition.group else {}),
        **({"weight": s.condition.weight} if kind == "weight" else {}),
    }


def _warnings(engine: Engine, snap: Snapshot, as_of: dt.date, today: dt.date) -> list[str]:
    """Stale data, an unverified late-joiner clause, an earliest date past the calendar."""
    treaty = engine.treaty
    warnings = []
    stale = stale_warning(treaty, as_of, today)
    if stale:
        warnings.append(stale)
    late = treaty.rule.late_joiners
    if late and not late.verified and late.note:
        warnings.append(f"late joiners: {late.note}")
    if snap.evaluable and snap.threshold_date is None and snap.earliest_entry_into_force is None:
        warnings.append(f"a deposit on {as_of} would take effect after {dt.date.max}, the last "
                        "date ratify can compute: no earliest entry into force is given")
    return warnings


def _signatory_split(engine: Engine, as_of: dt.date) -> dict:
    """Signatories not yet ratified (status `signatory`: signed, no instrument in effect) and
    signatures whose confidence is `reported`, both as of `as_of`."""
    states = engine.participants(as_of)
    return {
        "signatories_not_ratified": sum(s.status == "signatory" for s in states),
        "signatories_reported": sum(1 for s in states if s.signature is not None
                                    and s.signature.confidence == "reported"),
    }


def stale_warning(treaty: Treaty, as_of: dt.date, today: dt.date) -> str | None:
    """The data are stale for a question about `as_of` when the file was last reconciled more
    than STALE_AFTER_DAYS before it (before today, for a later as-of date: what happens after
    today is not known to anyone). In force or not: parties keep joining after entry into force."""
    known = treaty.data_as_of
    asked = min(as_of, today)
    if known is None or (asked - known).days <= STALE_AFTER_DAYS:
        return None
    days = (asked - known).days
    when = f"{days} days ago ({known})" if asked == today else \
        f"on {known}, {days} days before {asked}"
    return (f"data last reconciled {when} — check the UN Treaty Collection (ratify import "
            "FILE, or ratify record, then ratify reconcile --as-of DATE)")


def refuse_before_start(treaty: Treaty, day: dt.date, option: str = "--as-of") -> None:
    """A date before the treaty existed has no standing to show: a usage error naming the
    option that gave it (its adoption, else its opening for signature, when the file has one)."""
    if treaty.adopted:
        start, what = treaty.adopted, "adoption"
    else:
        start, what = treaty.signature_opens, "opening for signature"
    if start and day < start:
        raise UsageProblem(f"{option} {day} is before the treaty's {what} on {start}")


def signature_closes(engine: Engine, as_of: dt.date) -> dt.date | None:
    """The day the signature window closes: `signature.closes` (its last day), or under
    `closes: entry_into_force` the entry-into-force date once it is known on `as_of`."""
    if engine.treaty.signature_closes_at_entry_into_force:
        return engine.known_entry_into_force(as_of)
    return engine.treaty.signature_closes


def window_text(treaty: Treaty, as_of: dt.date,
                entry_into_force: dt.date | None = None) -> str | None:
    """The signature window on `as_of`; under `closes: entry_into_force`, `entry_into_force` is
    the date as known on `as_of` (None: not yet known)."""
    opens, closes = treaty.signature_opens, treaty.signature_closes
    if opens and as_of < opens:
        return f"opens for signature on {format_day(opens)}"
    if treaty.signature_closes_at_entry_into_force:
        eif = entry_into_force
        if eif is None:
            return "open for signature until entry into force"
        if as_of < eif:
            days = (eif - as_of).days
            return (f"closes on {format_day(eif)} (entry into force), in {days} day"
                    f"{'s' if days != 1 else ''}")
        return f"closed on {format_day(eif)} (entry into force): new participants accede"
    if closes is None:
        return "open for signature" if opens else None
    if as_of <= closes:
        days = (closes - as_of).days
        return (f"closes on {format_day(closes)}, in {days} day"
                f"{'s' if days != 1 else ''}")
    return (f"closed on {format_day(closes)}: new participants accede")


def _action_dict(a: Action) -> dict:
    return {"type": a.type, "date": a.date.isoformat(), "earliest": iso(a.earliest),
            "source": a.source, "note": a.note, "confidence": a.confidence}


def participant_row(state: ParticipantState) -> dict:
    """One participant for `list` (design §4 keys) plus display extras."""
    p = state.participant
    entry = registry().get(p.code)
    sig, consent = state.signature, state.consent
    return {
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "region": p.region,
        "status": state.status,
        "signature": iso(sig.date) if sig else None,
        "consent": {"type": state.consent.type, "date": state.consent.date.isoformat()}
        if state.consent else None,
        "effective": iso(state.effective),
        "pipeline": [{"type": a.type, "date": a.date.isoformat(), "confidence": a.confidence}
                     for a in state.pipeline],
        # the earliest day (when only a range is known) and the confidence belong to the
        # action each field shows, never to the participant as a whole
        "signature_earliest": iso(sig.earliest) if sig else None,
        "signature_confidence": sig.confidence if sig else None,
        "consent_earliest": iso(consent.earliest) if consent else None,
        "consent_confidence": consent.confidence if consent else None,
        "signature_display": format_range(sig.earliest, sig.date) if sig else None,
        "consent_display": format_range(consent.earliest, consent.date) if consent else None,
        # whether the signature or the instrument shown is reported (pipeline steps carry
        # their own confidence)
        "reported": any(a is not None and a.confidence == "reported" for a in (sig, consent)),
        "un_group": entry.un_group if entry else None,
        "withdrawal_effective": iso(state.withdrawal_effective),
    }


def participant_detail(engine: Engine, state: ParticipantState, as_of: dt.date) -> dict:
    """`show`: the row plus every action and declaration, and how its date of effect is known."""
    row = participant_row(state)
    p = state.participant
    row["actions"] = [_action_dict(a) for a in state.actions]
    row["declarations"] = [
        {"kind": d.kind, "date": iso(d.date), "articles": list(d.articles), "text": d.text,
         "source": d.source}
        for d in p.declarations if d.date is None or d.date <= as_of]
    row["members"] = list(engine.treaty.groups.get(p.members, ())) if p.members else None
    row["effective_basis"] = effective_basis(engine, state)
    # the notes about it (reported facts without a depositary date), as the as-of date shows them
    row["notes"] = [notes.as_dict(engine.treaty, n, note)
                    for n, note in notes.about(engine.treaty, p.code, as_of)]
    return row


def effective_basis(engine: Engine, state: ParticipantState) -> str | None:
    """How the date of effect was computed, flagging an unverified late-joiner clause."""
    if state.consent is None:
        return None
    threshold = engine.threshold_date
    if state.effective is None:
        if not engine.evaluable:
            recorded = engine.treaty.entered_into_force
            return ("a condition cannot be evaluated from the data" +
                    (f"; the depositary dates entry into force {recorded}" if recorded else ""))
        if threshold is None or threshold > state.consent.date:
            return "takes effect when the treaty enters into force (threshold not yet met)"
        return "late-joiner clause not described in the data file"
    if state.consent.date <= threshold:
        return "deposited by the threshold date: the treaty's entry-into-force date"
    late = engine.rule.late_joiners
    text = f"late joiner: {late.formula.describe()} after deposit"
    text += ", or the entry-into-force date if later" if late.after == "threshold" else \
        " (deposits up to entry into force take its date)"
    if not late.verified:
        text += " — clause not verified: " + (late.note or "see the data file")
    return text


def known_regions(treaty: Treaty) -> set[str]:
    """Every M49 region and UN regional group a `list --region` can name."""
    regions = {p.region for p in treaty.participants if p.region}
    regions |= {e.un_group for e in registry().values() if e.un_group}
    return regions


#: the UN regional groups' usual abbreviations (DGACM, UN Protocol) -> the registry's group names
GROUP_ABBREVIATIONS = {
    "AG": "African", "APG": "Asia-Pacific", "EEG": "Eastern European",
    "GRULAC": "Latin American and Caribbean", "WEOG": "Western European and others",
}


def resolve_region(treaty: Treaty, text: str) -> str | None:
    """The region or UN group `text` names, in the spelling `known_regions` gives: case-blind;
    a group also by its abbreviation (WEOG, GRULAC, EEG, APG, AG) or with "Group"/"States"
    after its name ("African Group", "Western European and Other States"). None if unknown."""
    regions = {r.casefold(): r for r in known_regions(treaty)}
    key = " ".join(text.split()).casefold()
    if key in regions:
        return regions[key]
    abbreviation = {k.casefold(): v for k, v in GROUP_ABBREVIATIONS.items()}.get(key)
    if abbreviation and abbreviation.casefold() in regions:
        return regions[abbreviation.casefold()]
    for suffix in (" group", " states"):
        if key.endswith(suffix):
            stem = key[:-len(suffix)]
            for candidate in (stem, stem.replace("other", "others")):
                if candidate in regions:
                    return regions[candidate]
    return None


def list_rows(engine: Engine, as_of: dt.date, status: str | None = None,
              region: str | None = None, sort: str = "name") -> list[dict]:
    rows = [participant_row(s) for s in engine.participants(as_of)]
    if status:
        rows = [r for r in rows if r["status"] == status]
    if region:
        wanted = (resolve_region(engine.treaty, region) or region).casefold()
        rows = [r for r in rows if wanted in ((r["region"] or "").casefold(),
                                              (r["un_group"] or "").casefold())]
    if sort == "date":
        def key(r):
            day = (r["consent"] or {}).get("date") or r["signature"] or "9999-12-31"
            return (day, r["name"])
        rows.sort(key=key)
    else:
        rows.sort(key=lambda r: r["name"].casefold())
    return rows


def bundled_rows(today: dt.date) -> list[dict]:
    """`ratify treaties`: every bundled treaty, the default one first, as of `today`."""
    from .datafile import store
    from .track import collection_of
    rows = []
    for treaty_id in store.treaty_choices():
        engine = Engine(store.load(store.bundled_path(treaty_id)))
        t, snap = engine.treaty, engine.snapshot(today)
        eif = snap.entry_into_force or (t.entered_into_force if not engine.evaluable else None)
        rows.append({
            "id": t.id, "title": t.name, "reference": t.reference, "rule": t.rule.describe(),
            "collection": collection_of(treaty_id),
            "threshold_date": iso(snap.threshold_date), "entry_into_force": iso(eif),
            "entered_into_force": iso(t.entered_into_force), "counted": snap.counted,
            "evaluable": engine.evaluable, "data_as_of": iso(t.data_as_of)})
    return rows
