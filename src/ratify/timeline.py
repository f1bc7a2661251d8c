"""The running history of a treaty: actions in date order with the count of counted instruments."""

from __future__ import annotations

import datetime as dt

from .rules import Engine, _action_order


def timeline_rows(engine: Engine, as_of: dt.date, since: dt.date | None = None) -> list[dict]:
    rows = []
    names = {p.code: p.name for p in engine.treaty.participants}
    # same-day actions are unordered (design §3): list them by name, as a reader looks them up;
    # one participant's own same-day steps keep their order (a revocation before a new deposit)
    entries = sorted(engine.deposits(),
                     key=lambda r: (r[0], names[r[1]].casefold(), _action_order(r[2])))
    for day, code, action in entries:
        if day > as_of:
            break
        if since and day < since:
            continue
        rows.append({"date": day.isoformat(), "code": code, "name": names[code],
                     "type": action.type, "counted": int(engine.counted.at(day)),
                     "earliest": action.earliest.isoformat() if action.earliest else None,
                     "confidence": action.confidence, "source": action.source})
    return rows


def chart_series(engine: Engine, as_of: dt.date) -> dict:
    """The counted-instruments step series (`points`), the date range (`start`, `end`), the
    `markers` (threshold met, entry into force) and the `threshold` count."""
    points = [(d, int(v)) for d, v in zip(engine.counted.days, engine.counted.values) if d <= as_of]
    actions = [d for d, _, _ in engine.deposits()]
    start = engine.treaty.signature_opens or (actions[0] if actions else as_of)
    markers = {}
    snap = engine.snapshot(as_of)
    end = as_of
    if snap.entry_into_force:
        markers["entry into force"] = snap.entry_into_force
        if snap.threshold_date:
            markers["threshold met"] = snap.threshold_date
        end = max(as_of, snap.entry_into_force)  # show the entry into force even if ahead
    headline = engine.rule.headline_count
    threshold = headline.count if headline else None
    return {"points": points, "start": start, "end": max(end, start + dt.timedelta(days=1)),
            "markers": markers, "threshold": threshold}
