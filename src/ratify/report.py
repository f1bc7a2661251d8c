"""The status page's data (`ratify report`): the `status` view, the `project` view with its fan
series, the counted-instruments history and every participant with its sources and notes, as
plain data for the renderer (render/report.py).

The figures are those of `status` and `project` for the same dates, not recomputed: the page
quotes `summary` and `project` as they are. Nothing here prints, reads the clock or exits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import notes
from .errors import ProjectionError
from .rules import Engine
from .status import participant_row, stale_warning, summary
from .timeline import chart_series

#: `project`'s defaults: the page shows the projection `ratify project` gives
RUNS, SEED, HORIZON_YEARS = 10_000, 0, 20
#: runs whose deposit dates are kept for the fan chart (as `project --chart` keeps them)
FAN_RUNS = 2000
FAN_COLUMNS = 120


def report(engine: Engine, as_of: dt.date, today: dt.date,
           progress: Callable[[int, int], None] | None = None) -> dict:
    """Everything the page shows, as of `as_of` (today: the day the stale-data warning is
    judged against)."""
    treaty = engine.treaty
    status = summary(engine, as_of, today)
    stale = stale_warning(treaty, as_of, today)
    projection, fan, why_not = _projection(engine, as_of, progress)
    return {
        "status": status,
        "projection": projection,
        "projection_unavailable": why_not,
        "fan": fan,
        "history": chart_series(engine, as_of),
        "participants": participants(engine, as_of),
        "stale": stale is not None,
        "stale_days": (min(as_of, today) - treaty.data_as_of).days if stale else None,
        "warnings": [w for w in status["warnings"] if w != stale]
        + [w for w in (projection or {}).get("warnings", ())
           if not w.startswith("data last reconciled")],
        "treaty_source": treaty.source,
        "depositary": treaty.depositary,
        "clause": treaty.clause,
    }


def _projection(engine: Engine, as_of: dt.date, progress) -> tuple[dict | None, dict | None,
                                                                     str | None]:
    """(the `project` view, its fan series, None), or (None, None, why) when the treaty cannot
    be projected (a condition not evaluable from the data, no opening date)."""
    from .projection.project import fan_series, project
    from .projection.simulation import truncate
    treaty = engine.treaty
    try:
        view, sim = project(treaty, as_of, runs=RUNS, seed=SEED, horizon_years=HORIZON_YEARS,
                            record=FAN_RUNS, progress=progress)
    except ProjectionError as exc:
        return None, None, exc.message
    if view["pace"] is None:        # the threshold was met: the date follows from the rule
        return view, None, None
    return view, fan_series(sim, Engine(truncate(treaty, as_of)), columns=FAN_COLUMNS), None


def participants(engine: Engine, as_of: dt.date) -> list[dict]:
    """Every participant's `list` row (design §4 keys), with `sources` (the distinct sources of
    its actions up to `as_of`, in date order), `notes` (the numbers of the notes about it) and
    `effective_unverified` (its date of effect rests on a late-joiner clause the data file
    marks as not verified)."""
    treaty = engine.treaty
    late = treaty.rule.late_joiners
    threshold = engine.snapshot(as_of).threshold_date
    about: dict[str, list[int]] = {}
    for number, note in notes.numbered(treaty, as_of):
        for code in notes.naming(treaty, note):
            about.setdefault(code, []).append(number)
    rows = []
    for state in engine.participants(as_of):
        row = participant_row(state)
        row["sources"] = list(dict.fromkeys(a.source for a in state.actions if a.source))
        row["notes"] = about.get(state.participant.code, [])
        row["effective_unverified"] = bool(
            late and not late.verified and state.effective and threshold
            and state.consent.date > threshold)
        rows.append(row)
    rows.sort(key=lambda r: r["name"].casefold())
    return rows
