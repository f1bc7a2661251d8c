"""Rolling-origin evaluation of the projection, and of two baselines, on the bundled treaties.

Cases: every bundled treaty in force whose conditions the engine can evaluate (Kyoto aside: its
emissions weights are not in the data), at the days its counted instruments first reached 25 %,
50 % and 75 % of its count threshold (rounded up: 8 of 30) and 6, 12 and 24 months after opening,
those before its threshold date; one case per distinct day (ATT reached 75 % twelve months
after opening: one case, scheme "75%+12m"). At each, every method sees only that treaty's
actions dated up to the as-of date. Each case is in a part of the hold-out split (`part_of`):
development, where the model's variants are chosen, or test.

Replays (`replay`):
- `strict` (the default): what a forecaster could have known on the as-of date. The reference
  class is the other bundled treaties opened before it, each cut at that date (its participants
  that had not deposited by then are censored there, not "never"; a treaty whose threshold had
  not come is a censored time to threshold). A case with no earlier treaty that had reached its
  threshold is skipped, and counted (`skipped`).
- `loo`: leave-one-out over treaties: every other bundled treaty, whatever its dates, with all
  its data. A cross-validation, kept for comparison; it lets later treaties inform earlier cases.

Each method gives a median and an 80 % interval for the entry-into-force date, compared with the
official one (`entered_into_force`). Methods:
- `model`: `simulation.simulate`.
- `constant_rate`: deposits continue at the average rate since opening (a Poisson process; with
  no deposit yet, half a deposit over the time elapsed); median and interval from the waiting
  time for the missing count.
- `reference_shape`: time still to go = time elapsed × the median ratio (time to go / time
  elapsed) the reference treaties showed when they first reached the same fraction of their
  threshold (at least one instrument); the interval from their 10th and 90th percentile ratios.
Both baselines date the count condition, then apply the treaty's date formula. Every method's
dates beyond the 20-year horizon are reported as null, and scored as the horizon's end (errors,
widths, losses) or as unbounded (coverage). `bootstrap_90` resamples the treaties (not the
cases, which are not independent within a treaty) to give the 90 % range of each summary.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from ..datafile import store
from ..dates import add_months, iso
from ..errors import ProjectionError, RatifyError
from ..model import Treaty
from ..rules import Engine
from .pace import DEFAULT, Options
from .reference import (
    Reference,
    RefTreaty,
    bundled_reference,
    interpolated_quantile,
    opening,
    reference_treaty,
    shape_ratio,
)
from .simulation import simulate, truncate

METHODS = ("model", "constant_rate", "reference_shape")
QUANTILES = (0.1, 0.5, 0.9)
KEYS = ("p10", "median", "p90")
FRACTIONS = (0.25, 0.5, 0.75)
MONTHS = (6, 12, 24)
HORIZON_YEARS = 20
RUNS = 2000


REPLAYS = ("strict", "loo")
PARTS = ("development", "test")
BOOTSTRAP_DRAWS = 2000


@dataclass(frozen=True)
class Case:
    treaty: str
    as_of: dt.date
    scheme: str      # the as-of schemes that fall on this day, joined by "+"
    actual: dt.date


@functools.cache
def bundled_engine(treaty_id: str) -> Engine:
    """The engine of a bundled treaty, built once per run."""
    return Engine(store.load(store.bundled_path(treaty_id)))


def eligible(treaty_id: str) -> bool:
    """In force per the data file, evaluable, with a count condition."""
    return testable(bundled_engine(treaty_id))


def testable(engine: Engine) -> bool:
    return bool(engine.evaluable and engine.treaty.entered_into_force and engine.threshold_date
                and engine.rule.headline_count)


def treaty_ids() -> list[str]:
    return [t for t in store.reference_ids() if eligible(t)]


def part_of(treaty: Treaty) -> str:
    """The hold-out split, fixed before any result was looked at: a treaty whose UNTC number's
    last digit is odd is `test`, even (or no number) is `development` (XXVI-8 development,
    XXVII-7-a test)."""
    digits = [c for c in (treaty.reference or "") if c.isdigit()]
    return "test" if digits and int(digits[-1]) % 2 else "development"


def cases_for(treaty: Treaty) -> list[Case]:
    """The as-of dates of one treaty (25/50/75 % of the threshold, 6/12/24 months), one case per
    distinct day, in day order."""
    engine = Engine(treaty)
    count = engine.rule.headline_count
    threshold = engine.threshold_date
    found: dict[dt.date, list[str]] = {}
    for f in FRACTIONS:
        n = math.ceil(f * count.count)
        day = next((d for d, v in zip(engine.counted.days, engine.counted.values) if v >= n),
                   None)
        if day is not None and day < threshold:
            found.setdefault(day, []).append(f"{round(f * 100)}%")
    for months in MONTHS:
        day = add_months(opening(treaty), months)
        if day < threshold:
            found.setdefault(day, []).append(f"{months}m")
    return [Case(treaty.id, day, "+".join(schemes), treaty.entered_into_force)
            for day, schemes in sorted(found.items())]


@functools.cache
def _cut(treaty_id: str, as_of: dt.date) -> RefTreaty:
    """A bundled treaty as a reference, as it stood on `as_of`."""
    return reference_treaty(truncate(bundled_engine(treaty_id).treaty, as_of))


def same_treaty(a: Treaty, b: Treaty) -> bool:
    """The same treaty under two files: the same id, treaty number or title."""
    from ..untc.merge import same_reference
    if a.id == b.id or a.title.casefold().strip() == b.title.casefold().strip():
        return True
    return bool(a.reference and b.reference and same_reference(a.reference, b.reference))


def reference_class(treaty: Treaty, as_of: dt.date, replay: str
                    ) -> tuple[Reference, list[tuple[RefTreaty, int]]]:
    """The model's reference class and the reference-shape baseline's treaties (with their
    counts) for one case: the bundled treaties other than this one (by id, treaty number or
    title, so a user's copy of a bundled treaty never learns from itself). Raises
    ProjectionError when no reference treaty had reached its threshold."""
    others = [t for t in store.reference_ids() if not same_treaty(bundled_engine(t).treaty, treaty)]
    if replay == "strict":
        others = [t for t in others if opening(bundled_engine(t).treaty) < as_of]
        digests = {t: _cut(t, as_of) for t in others}
    else:
        digests = {t: bundled_reference(t) for t in others}
    shapes = [(digests[t], bundled_engine(t).rule.headline_count.count)
              for t in others if eligible(t)]
    return Reference(list(digests.values())), shapes


# -- baselines --------------------------------------------------------------------------------


def gamma_quantile(events: int, rate: float, q: float) -> float:
    """Quantile (days) of the waiting time for `events` events of a Poisson process."""
    def cdf(t: float) -> float:
        mean = rate * t
        term = total = math.exp(-mean)
        for k in range(1, events):
            term *= mean / k
            total += term
        return 1.0 - total
    low, high = 0.0, max(1.0, events / rate)
    while cdf(high) < q:
        high *= 2
    for _ in range(100):
        mid = (low + high) / 2
        if cdf(mid) < q:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _eif_after(engine: Engine, as_of: dt.date, days: float) -> dt.date:
    return engine.eif_for_threshold(as_of + dt.timedelta(days=max(1, math.ceil(days))))


def _known(treaty: Treaty, as_of: dt.date) -> tuple[Engine, int, int, int]:
    engine = Engine(truncate(treaty, as_of))
    count = engine.rule.headline_count
    k = int(engine.counted.at(as_of))
    elapsed = max(1, (as_of - opening(treaty)).days)
    return engine, count.count, k, elapsed


def constant_rate(treaty: Treaty, as_of: dt.date) -> dict[str, dt.date]:
    engine, required, k, elapsed = _known(treaty, as_of)
    rate = max(k, 0.5) / elapsed
    return {key: _eif_after(engine, as_of, gamma_quantile(required - k, rate, q))
            for key, q in zip(KEYS, QUANTILES)}


def _ratio(ref: RefTreaty, count: int, fraction: float) -> float | None:
    """(time to go) / (time elapsed) when a reference treaty first reached `fraction` of its
    count threshold (at least one instrument)."""
    return shape_ratio(ref, fraction, count)


def reference_shape(treaty: Treaty, as_of: dt.date, references: list[tuple[RefTreaty, int]]
                    ) -> dict[str, dt.date]:
    engine, required, k, elapsed = _known(treaty, as_of)
    fraction = max(k, 1) / required
    ratios = [r for r in (_ratio(ref, count, fraction) for ref, count in references)
              if r is not None]
    if not ratios:
        raise RatifyError("no reference treaty reached that fraction of its threshold")
    return {key: _eif_after(engine, as_of, elapsed * interpolated_quantile(ratios, q))
            for key, q in zip(KEYS, QUANTILES)}


# -- metrics ------------------------------------------------------------------------------------


def pinball(actual: int, predicted: int, q: float) -> float:
    diff = actual - predicted
    return q * diff if diff >= 0 else (q - 1) * diff


def metrics(rows: list[dict], method: str) -> dict:
    """Errors of the median, coverage and width of the 80 % interval, pinball loss (days).

    A bound reported as beyond the horizon (null) counts as the horizon's end for errors,
    widths and losses, and as unbounded for coverage."""
    if not rows:
        return {"cases": 0}
    errors, widths, covered = [], [], 0
    losses = {q: 0.0 for q in QUANTILES}
    for row in rows:
        pred = row["methods"][method]
        actual = dt.date.fromisoformat(row["actual"]).toordinal()
        horizon = dt.date.fromisoformat(row["horizon_end"]).toordinal()
        value = {k: dt.date.fromisoformat(pred[k]).toordinal() if pred[k] else horizon
                 for k in KEYS}
        errors.append(abs(value["median"] - actual))
        widths.append(value["p90"] - value["p10"])
        covered += value["p10"] <= actual and (pred["p90"] is None or actual <= value["p90"])
        for q, key in zip(QUANTILES, KEYS):
            losses[q] += pinball(actual, value[key], q)
    n = len(rows)
    return {
        "cases": n,
        "median_abs_error_days": round(statistics.median(errors), 1),
        "mean_abs_error_days": round(sum(errors) / n, 1),
        "coverage_80": round(covered / n, 3),
        "mean_width_days": round(sum(widths) / n, 1),
        "pinball": round(sum(losses.values()) / n / len(QUANTILES), 1),
        "pinball_by_quantile": {str(q): round(v / n, 1) for q, v in losses.items()},
    }


# -- the back-test ------------------------------------------------------------------------------


def backtest(only: list[str] | None = None, *, subject: Treaty | None = None,
             part: str | None = None, runs: int = RUNS, seed: int = 0,
             options: Options = DEFAULT, replay: str = "strict", jobs: int = 1,
             progress: Callable[[int, int], None] | None = None) -> dict:
    """Every case: `cases` and `summary` (design §4), plus `by_part`, `by_treaty`,
    `by_scheme` and the cases skipped for want of a reference treaty. `subject`: back-test
    that treaty alone (a user's own file) against the bundled reference class; `part`: only
    the treaties of that part of the hold-out split (`part_of`); `jobs`: worker processes (the
    result does not depend on it: each case has its own seeds). `progress(done, total)` is
    called after each case."""
    if replay not in REPLAYS:
        raise RatifyError(f"no replay {replay!r}", hint="one of " + ", ".join(REPLAYS))
    if part is not None and part not in PARTS:
        raise RatifyError(f"no part {part!r}", hint="one of " + ", ".join(PARTS))
    if subject is not None and not testable(Engine(subject)):
        raise RatifyError(f"{subject.id} cannot be back-tested: its file records no entry into "
                          "force (entered_into_force), or a condition is not evaluable from "
                          "its data, or it has no count condition", path=subject.path)
    treaties = {subject.id: subject} if subject is not None else \
        {t: bundled_engine(t).treaty for t in _chosen(only)}
    if part is not None:
        treaties = {t: treaty for t, treaty in treaties.items() if part_of(treaty) == part}
    ids = list(treaties)
    work = [(treaties[case.treaty], case, runs, seed, options, replay)
            for t in ids for case in cases_for(treaties[t])]
    outcomes = _run(work, jobs, progress)
    rows = [row for kind, row in outcomes if kind == "case"]
    skipped = [row for kind, row in outcomes if kind == "skipped"]
    labels = [label for r in rows for label in r["scheme"].split("+")]
    schemes = sorted(set(labels), key=lambda x: (not x.endswith("%"), len(x), x))
    return {
        "cases": rows,
        "summary": summaries(rows, seed),
        "by_part": {part: summaries([r for r in rows if r["part"] == part], seed)
                    for part in PARTS if any(r["part"] == part for r in rows)},
        "by_treaty": {t: {m: metrics([r for r in rows if r["treaty"] == t], m) for m in METHODS}
                      for t in ids if any(r["treaty"] == t for r in rows)},
        "by_scheme": {s: {m: metrics([r for r in rows if s in r["scheme"].split("+")], m)
                          for m in METHODS} for s in schemes},
        "skipped": skipped,
        "replay": replay,
        "part": part,
        "bootstrap_draws": BOOTSTRAP_DRAWS,
        "treaties": ids,
        "runs": runs,
        "seed": seed,
        "horizon_years": HORIZON_YEARS,
    }


def _run(work: list[tuple], jobs: int, progress) -> list[tuple[str, dict]]:
    """Every case's outcome, in the order given: ("case", row) or ("skipped", why)."""
    if jobs <= 1 or len(work) <= 1:
        outcomes = []
        for done, item in enumerate(work, 1):
            outcomes.append(_outcome(*item))
            if progress:
                progress(done, len(work))
        return outcomes
    from concurrent.futures import ProcessPoolExecutor, as_completed
    outcomes: list = [None] * len(work)
    with ProcessPoolExecutor(min(jobs, len(work))) as pool:
        futures = {pool.submit(_outcome, *item): k for k, item in enumerate(work)}
        for done, future in enumerate(as_completed(futures), 1):
            outcomes[futures[future]] = future.result()
            if progress:
                progress(done, len(work))
    return outcomes


def _outcome(treaty: Treaty, case: Case, runs: int, seed: int, options: Options,
             replay: str) -> tuple[str, dict]:
    try:
        return "case", _case_row(treaty, case, runs, seed, options, replay)
    except ProjectionError as error:
        return "skipped", {"treaty": case.treaty, "as_of": case.as_of.isoformat(),
                           "scheme": case.scheme, "reason": str(error)}


def _chosen(only: list[str] | None) -> list[str]:
    """The treaties to back-test: all that can be, or those asked for (refusing the others)."""
    ids = treaty_ids()
    if not only:
        return ids
    every = store.reference_ids()
    for t in only:
        if t not in every:
            raise RatifyError(f"no bundled treaty {t!r}", hint="one of " + ", ".join(ids))
        if t not in ids:
            raise RatifyError(f"{t} cannot be back-tested: not in force, or a condition is "
                              "not evaluable from the data", hint="one of " + ", ".join(ids))
    return [t for t in ids if t in only]


def _case_row(treaty: Treaty, case: Case, runs: int, seed: int, options: Options,
              replay: str) -> dict:
    """One case projected by every method (ProjectionError: no reference to learn from)."""
    reference, shapes = reference_class(treaty, case.as_of, replay)
    try:
        shape = reference_shape(treaty, case.as_of, shapes)
    except RatifyError as error:
        raise ProjectionError(str(error)) from None
    sim = simulate(treaty, case.as_of, runs=runs, seed=seed, reference=reference,
                   horizon_years=HORIZON_YEARS, options=options)
    horizon = sim.horizon_end

    def capped(dates: dict) -> dict:  # beyond the horizon: null, as the model reports it
        return {k: iso(v) if v <= horizon else None for k, v in dates.items()}
    methods = {
        "model": {k: iso(sim.quantile(q)) for k, q in zip(KEYS, QUANTILES)},
        "constant_rate": capped(constant_rate(treaty, case.as_of)),
        "reference_shape": capped(shape),
    }
    return {"treaty": case.treaty, "part": part_of(treaty), "as_of": case.as_of.isoformat(),
            "scheme": case.scheme, "actual": case.actual.isoformat(),
            "methods": {m: {"median": v["median"], "p10": v["p10"], "p90": v["p90"]}
                        for m, v in methods.items()},
            "counted": sim.counted, "required": sim.required,
            "reference": reference.ids, "horizon_end": sim.horizon_end.isoformat()}


# -- the bootstrap over treaties ----------------------------------------------------------------


def summaries(rows: list[dict], seed: int = 0) -> dict:
    """`metrics` of every method, each with its `bootstrap_90` ranges."""
    result = {m: metrics(rows, m) for m in METHODS}
    if rows:
        for m, ranges in bootstrap(rows, seed).items():
            result[m]["bootstrap_90"] = ranges
    return result


def _scores(row: dict, method: str) -> tuple[int, bool]:
    """The absolute error of a case's median (days) and whether its 80 % interval covers."""
    pred = row["methods"][method]
    actual = dt.date.fromisoformat(row["actual"]).toordinal()
    horizon = dt.date.fromisoformat(row["horizon_end"]).toordinal()
    value = {k: dt.date.fromisoformat(pred[k]).toordinal() if pred[k] else horizon
             for k in KEYS}
    covered = value["p10"] <= actual and (pred["p90"] is None or actual <= value["p90"])
    return abs(value["median"] - actual), covered


def bootstrap(rows: list[dict], seed: int = 0, draws: int = BOOTSTRAP_DRAWS) -> dict:
    """Per method, the 90 % range (5th and 95th percentile) over `draws` resamples of the
    treaties (with replacement, each bringing all its cases) of: the median absolute error,
    its ratio to the better baseline in the same resample, and the 80 % coverage."""
    by_treaty: dict[str, list[dict]] = {}
    for row in rows:
        by_treaty.setdefault(row["treaty"], []).append(row)
    scores = {t: {m: [_scores(r, m) for r in cases] for m in METHODS}
              for t, cases in by_treaty.items()}
    treaties = sorted(scores)
    rng = random.Random(seed)
    samples: dict[str, dict[str, list[float]]] = {
        m: {"median_abs_error_days": [], "ratio_to_best_baseline": [], "coverage_80": []}
        for m in METHODS}
    for _ in range(draws):
        drawn = [rng.choice(treaties) for _ in treaties]
        error = {}
        for m in METHODS:
            cases = [c for t in drawn for c in scores[t][m]]
            error[m] = statistics.median(e for e, _ in cases)
            samples[m]["median_abs_error_days"].append(error[m])
            samples[m]["coverage_80"].append(sum(c for _, c in cases) / len(cases))
        best = min(error[m] for m in METHODS if m != "model")
        for m in METHODS:
            samples[m]["ratio_to_best_baseline"].append(error[m] / max(best, 1))
    return {m: {k: [round(interpolated_quantile(v, 0.05), 3),
                    round(interpolated_quantile(v, 0.95), 3)] for k, v in kinds.items()}
            for m, kinds in samples.items()}
