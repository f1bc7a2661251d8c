"""The `project` view and chart: a simulation's dates, drivers and fan series.

`project` runs `simulation.simulate` (with the bundled treaties as the reference class unless one
is given) and turns the result into the view design §4 specifies: median, 10th and 90th
percentile dates, the chance of entry into force by each year end, the method, the assumptions
and their shift against the unpinned projection, and one sentence on what drives it. `fan_series`
gives the counted instruments over time, observed then simulated, for the terminal chart. The
model itself is described in `simulation.py`. Nothing here prints, reads the clock or exits.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence

from ..dates import DAYS_PER_MONTH, add_days_capped, iso
from ..model import PIPELINE_TYPES, Treaty
from ..rules import Engine
from ..status import STALE_AFTER_DAYS
from .reference import Reference, bundled_references, nearest_rank, opening, universe
from .simulation import Simulation, simulate

METHOD = "per-participant Monte Carlo"


# -- the view -----------------------------------------------------------------------------------


def year_ends(sim: Simulation) -> list[dt.date]:
    """31 December of every year from the as-of date's to the horizon's."""
    return [dt.date(y, 12, 31) for y in range(sim.as_of.year, sim.horizon_end.year + 1)
            if sim.as_of <= dt.date(y, 12, 31) <= sim.horizon_end]


def summary(sim: Simulation) -> dict:
    """median, p10, p90 (None when more than 10 % of runs reach no entry into force within the
    horizon), p_by, p_none_within_horizon."""
    p_none = sim.p_none
    return {
        "median": iso(sim.quantile(0.5)),
        "p10": iso(sim.quantile(0.1)),
        "p90": iso(sim.quantile(0.9)) if p_none <= 0.10 else None,
        "p_by": {d.isoformat(): round(sim.p_by(d), 4) for d in year_ends(sim)},
        "p_none_within_horizon": round(p_none, 4),
    }


def drivers(sim: Simulation) -> str:
    """One sentence on what drives the projection."""
    if sim.deterministic:
        return (f"The threshold was met by {sim.as_of}: the date follows from the rule, nothing "
                "is left to chance.")
    months = max(0, round((sim.data_horizon - opening(sim.treaty)).days / DAYS_PER_MONTH))
    counted = sim.counted_at_horizon
    if sim.required and counted < sim.required:
        need = f"{counted} of {sim.required} instruments counted"
    else:
        need = f"{counted} instruments counted"
    when = f" (the data's date, {sim.data_horizon})" if sim.data_horizon < sim.as_of else ""
    text = f"{months} month{'s' if months != 1 else ''} after opening{when}, {need}; "
    others = [m for m in sim.missing if "more instrument" not in m]
    if others:
        text += "still missing: " + "; ".join(others) + "; "
    text += (f"{sim.signatories_waiting} signatories have yet to ratify and "
             f"{sim.others_waiting} other participants could accede; ")
    low, mid, high = sim.pace
    typical = sim.typical_days / DAYS_PER_MONTH
    text += (f"at its pace so far the treaty needs about {mid:.1f}× the reference treaties' "
             f"typical {typical:.0f} months to reach its threshold "
             f"(80 % range {low:.1f}–{high:.1f}×)")
    if sim.analogs:
        top = sorted(sim.analogs.items(), key=lambda kv: -kv[1])[:2]
        text += ", closest in profile to " + " and ".join(f"{t} ({p:.0%})" for t, p in top)
    return text + "."


def project(treaty: Treaty, as_of: dt.date, *, pins: Sequence[tuple[str, dt.date]] = (),
            runs: int = 10_000, seed: int = 0, horizon_years: int = 20,
            reference: Reference | None = None, record: int = 0,
            events: Sequence[dt.date] = (),
            progress: Callable[[int, int], None] | None = None) -> tuple[dict, Simulation]:
    """The `project` view (design §4 keys plus extras) and the simulation behind it.
    `progress(done, total)` is called after each simulation (two with pins: with and without)."""
    if reference is None:
        reference = Reference(bundled_references(exclude=(treaty.id,)))
    steps = 2 if pins else 1
    sim = simulate(treaty, as_of, pins=pins, runs=runs, seed=seed, horizon_years=horizon_years,
                   reference=reference, record=record, events=events)
    if progress:
        progress(1, steps)
    view = _view(sim, reference)
    if pins:
        unpinned = summary(simulate(treaty, as_of, runs=runs, seed=seed,
                                    horizon_years=horizon_years, reference=reference,
                                    events=events))
        if progress:
            progress(2, steps)
        view["unpinned"] = unpinned
        view["shift"] = _shifts(view, unpinned)
    return view, sim


def _view(sim: Simulation, reference: Reference) -> dict:
    """The view of one simulation, before any comparison with the unpinned one."""
    treaty, as_of = sim.treaty, sim.as_of
    names = {p.code: p.name for p in universe(treaty).participants}
    known = sim.data_horizon if treaty.data_as_of else None
    return {
        "treaty": {"id": treaty.id, "title": treaty.title, "reference": treaty.reference},
        "as_of": as_of.isoformat(),
        **summary(sim),
        "horizon_years": sim.horizon_years,
        "runs": sim.runs,
        "seed": sim.seed,
        "method": _method(sim, reference),
        "assumptions": [{"participant": code, "name": names.get(code, code),
                         "deposit": d.isoformat()} for code, d in sim.pins],
        "earliest_entry_into_force": iso(sim.earliest),
        "earliest_if_deposited_on": sim.earliest_basis.isoformat(),
        # extras (not part of the contract)
        "short_title": treaty.name,
        "horizon_end": sim.horizon_end.isoformat(),
        "counted": sim.counted,
        "required": sim.required,
        "pace": None if sim.pace is None else dict(zip(("p10", "median", "p90"),
                                                         (round(x, 3) for x in sim.pace))),
        "typical_months": None if sim.typical_days is None
        else round(sim.typical_days / DAYS_PER_MONTH, 1),
        "analogs": {k: round(v, 3) for k, v in sorted(sim.analogs.items(), key=lambda kv: -kv[1])},
        "drivers": drivers(sim),
        "data_as_of": iso(known),
        "data_note": _data_note(sim),
        "recorded_after_data_as_of": [{"participant": code, "name": names.get(code, code),
                                       "deposit": d.isoformat()}
                                      for code, d in sim.recorded_later],
        "reported": reported_facts(treaty, sim.data_horizon),
        "warnings": _warnings(sim, names, known),
    }


def _method(sim: Simulation, reference: Reference) -> str:
    """How the dates were found."""
    if sim.deterministic:
        return "deterministic: the threshold was met by the as-of date"
    track = (", and by their track record on those treaties (early joiners or not)"
             if reference.track_bins > 1 else "")
    method = (f"{METHOD}: time to deposit per participant from the reference class "
              f"({len(reference.ids)} bundled treaties that reached their count threshold, "
              f"this one left out: ratify treaties lists them), signatories and others "
              f"apart{track}, never-depositors included; pace updated by the deposits "
              "counted so far; UN treaty-event bursts in late September")
    return method


def _data_note(sim: Simulation) -> str | None:
    """The data horizon in words, when it is earlier than the as-of date."""
    if sim.deterministic or sim.data_horizon >= sim.as_of:
        return None
    note = f"projected from the data as of {sim.data_horizon}; deposits since are unknown"
    if sim.recorded_later:
        n = len(sim.recorded_later)
        note += f", but for the {n} deposit{'s' if n != 1 else ''} the file records after it"
    return note


def reported_facts(treaty: Treaty, as_of: dt.date) -> dict[str, int]:
    """How many signatures and instruments the projection takes as facts on reports, not yet on
    the depositary's word (`confidence: reported`), by action type, up to `as_of` (the data
    horizon: later facts other than deposits are not used)."""
    found: dict[str, int] = {}
    for p in treaty.participants:
        for a in p.actions:
            if a.confidence == "reported" and a.date <= as_of \
                    and a.type not in PIPELINE_TYPES:
                found[a.type] = found.get(a.type, 0) + 1
    return dict(sorted(found.items()))


def _warnings(sim: Simulation, names: dict, known: dt.date | None) -> list[str]:
    """Stale data (`known`: the data's date, if earlier than the as-of date), assumptions that
    cannot move the projection, a horizon cut at the end of the calendar."""
    as_of, horizon_years = sim.as_of, sim.horizon_years
    warnings = []
    if known and (as_of - known).days > STALE_AFTER_DAYS:
        warnings.append(
            f"data last reconciled on {known}, {(as_of - known).days} days before {as_of}: the "
            "projection starts from that date and simulates the deposits since")
    warnings.extend(pin_warnings(sim.treaty, sim.pins, names, sim.horizon_end))
    if as_of.year + horizon_years > dt.MAXYEAR:
        warnings.append(
            f"the {horizon_years}-year horizon is cut at {dt.date.max}, the last date ratify "
            "can compute")
    return warnings


def _shifts(view: dict, unpinned: dict) -> dict:
    """The pinned projection against the unpinned: days for each date, the change in the chance
    by each year end."""
    shift = {key: _shift(view[key], unpinned[key]) for key in ("median", "p10", "p90")}
    shift["p_by"] = {d: round(view["p_by"][d] - unpinned["p_by"][d], 4) for d in view["p_by"]}
    return shift


def pin_warnings(treaty: Treaty, pins: Sequence[tuple[str, dt.date]], names: dict,
                 horizon_end: dt.date) -> list[str]:
    """Assumptions that are honoured but cannot move the projection: an instrument the rule
    does not count (a REIO under `reio: excluded`), or a deposit after the horizon."""
    kinds = {p.code: p.kind for p in treaty.participants}
    warnings = []
    for code, day in pins:
        who = names.get(code, code)
        if kinds.get(code) == "reio" and treaty.rule.reio == "excluded":
            warnings.append(f"--assume {code}@{day}: {who} is a regional organization whose "
                            "instrument this treaty does not count (reio: excluded), so the "
                            "assumption changes nothing")
        if day > horizon_end:
            warnings.append(f"--assume {code}@{day}: the deposit is after the horizon's end "
                            f"({horizon_end}); within the horizon it only means that {who} "
                            "does not deposit (pass a longer --horizon)")
    return warnings


def _shift(new: str | None, old: str | None) -> int | None:
    if new is None or old is None:
        return None
    return (dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days


# -- the chart ----------------------------------------------------------------------------------


def fan_series(sim: Simulation, engine: Engine, columns: int = 60) -> dict:
    """Counted instruments so far, then the 10th/50th/90th percentile of the counted instruments
    over the recorded runs (counted at the data horizon, then the runs' deposits after it), up to
    the 90th percentile of entry into force (or the horizon)."""
    opens = opening(sim.treaty)
    observed = [(d, int(v)) for d, v in zip(engine.counted.days, engine.counted.values)
                if d <= sim.as_of]
    end_day = sim.quantile(0.9) or sim.horizon_end.toordinal()
    end = max(dt.date.fromordinal(end_day), add_days_capped(sim.as_of, 30))
    start = min(opens, sim.as_of)
    span = (end - start).days
    dates = [start + dt.timedelta(days=round(span * (x + 1) / columns)) for x in range(columns)]
    runs = sim.paths
    low, mid, high = [], [], []
    for day in dates:
        if day <= sim.as_of or not runs:
            low.append(None)
            mid.append(None)
            high.append(None)
            continue
        n = day.toordinal()
        values = sorted(sim.counted_at_horizon + bisect.bisect_right(path, n) for path in runs)
        low.append(nearest_rank(values, 0.1))
        mid.append(nearest_rank(values, 0.5))
        high.append(nearest_rank(values, 0.9))
    median = sim.quantile(0.5)
    return {"observed": observed, "dates": dates, "low": low, "mid": mid, "high": high,
            "threshold": sim.required, "start": start, "end": end, "as_of": sim.as_of,
            "median": dt.date.fromordinal(median) if median else None}
