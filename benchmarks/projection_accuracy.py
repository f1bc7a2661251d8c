"""Projection accuracy (the back-test) and projection speed (10,000 runs on the Hanoi Convention).

Accuracy: `ratify backtest` over every bundled treaty in force (Kyoto aside), leave-one-out, with
the two baselines in the same run; per-method and per-treaty tables, then the model variants
tried (same cases, same seed) so that the choice of the shipped model can be checked.
Targets (measured, not asserted): median absolute error of the median <= 0.75 x the better
baseline's; 80 % coverage in [0.70, 0.90]; pinball loss below both baselines; whole back-test
< 60 s.

Speed: `project` with 10,000 runs on the Hanoi Convention (as of 2026-11-29), against two
baselines timed in the same run: the full Engine evaluating each of the 10,000 paths (one Engine
build and threshold per path, measured on 50 paths and scaled), and drawing and sorting 198
random numbers 10,000 times (the least a per-participant simulation that sorts could do).
Target: under 2 s on this machine. Also the whole `ratify project` command, cold.
Run: python benchmarks/projection_accuracy.py [runs per back-test case, default 2000]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import median_time, write_section  # noqa: E402

from ratify.datafile import store  # noqa: E402
from ratify.model import Action  # noqa: E402
from ratify.projection.backtest import METHODS, backtest  # noqa: E402
from ratify.projection.pace import Options  # noqa: E402
from ratify.projection.project import project  # noqa: E402
from ratify.projection.reference import universe  # noqa: E402
from ratify.render.projection import backtest_markdown  # noqa: E402
from ratify.rules import Engine  # noqa: E402

AS_OF = dt.date(2026, 11, 29)
VARIANTS = {
    "shipped: counts at 4 points, median blended with the reference shape (precision weights)":
        Options(),
    "no blend (the previous model): pooled class, counts at 4 points": Options(blend=0),
    "no blend, count at the as-of date only": Options(blend=0, bins=1),
    "no blend, counts at 2 points": Options(blend=0, bins=2),
    "no blend, counts at 8 points": Options(blend=0, bins=8),
    "no blend, Poisson count likelihood (no overdispersion)":
        Options(blend=0, overdispersion=False),
    "no blend, one reference treaty per run (analogues)": Options(blend=0, analogs=True),
    "blend, fixed weight 0.5": Options(blend=0.5),
    "blend, fixed weight 0.25": Options(blend=0.25),
    "pace from the fraction reached (one pace per reference treaty), no blend":
        Options(blend=0, pace="shape"),
    "pace from the fraction reached, blend fixed 0.5": Options(blend=0.5, pace="shape"),
    "blend (precision), Poisson count likelihood": Options(overdispersion=False),
    "blend (precision), count at the as-of date only": Options(bins=1),
    "blend (precision), analogues": Options(analogs=True),
}


def accuracy(runs: int) -> tuple[str, dict, float]:
    start = time.perf_counter()
    result = backtest(runs=runs)
    elapsed = time.perf_counter() - start
    summary = result["summary"]
    lines = [f"{len(result['cases'])} cases on {len(result['treaties'])} treaties "
             f"({', '.join(result['treaties'])}); {runs:,} runs per case; seed 0; "
             f"whole back-test {elapsed:.1f} s.", "",
             backtest_markdown(result).strip(), "",
             "By as-of scheme (median absolute error, days / 80 % coverage):", ""]
    header = "| Scheme | Cases | " + " | ".join(METHODS) + " |"
    lines += [header, "|" + "---|" * (2 + len(METHODS))]
    for scheme, methods in result["by_scheme"].items():
        cells = [f"{s['median_abs_error_days']:g} / {s['coverage_80']:.2f}"
                 for s in methods.values()]
        lines.append(f"| {scheme} | {methods['model']['cases']} | " + " | ".join(cells) + " |")
    better = min(summary["constant_rate"]["median_abs_error_days"],
                 summary["reference_shape"]["median_abs_error_days"])
    model = summary["model"]
    ratio = model["median_abs_error_days"] / better
    checks = [
        (f"median abs. error of the median <= 0.75 x the better baseline ({better:g} days)",
         f"{model['median_abs_error_days']:g} days = {ratio:.2f} x", ratio <= 0.75),
        ("80 % coverage in [0.70, 0.90]", f"{model['coverage_80']:.3f}",
         0.70 <= model["coverage_80"] <= 0.90),
        ("pinball loss below both baselines",
         f"{model['pinball']:g} vs {summary['constant_rate']['pinball']:g} (constant rate), "
         f"{summary['reference_shape']['pinball']:g} (reference shape)",
         model["pinball"] < min(summary["constant_rate"]["pinball"],
                                summary["reference_shape"]["pinball"])),
        ("whole back-test < 60 s", f"{elapsed:.1f} s", elapsed < 60),
    ]
    rows = result["cases"]

    def days(row, method):
        value = row["methods"][method]["median"] or row["horizon_end"]
        return max(1, (dt.date.fromisoformat(value) - dt.date.fromisoformat(row["as_of"])).days)

    def blended_error(w):   # geometric blend of the two medians' days to go, fixed weight w
        return statistics.median(abs(
            days(r, "model") ** (1 - w) * days(r, "reference_shape") ** w
            - (dt.date.fromisoformat(r["actual"]) - dt.date.fromisoformat(r["as_of"])).days)
            for r in rows)
    best_w = min((w / 20 for w in range(21)), key=blended_error)
    lines += ["", f"Hindsight check: blending the medians above (days to entry into force, "
              f"geometric, one weight for all cases), the best weight chosen after seeing the "
              f"outcomes ({best_w:g} on the reference shape) gives a median absolute error of "
              f"{blended_error(best_w):.1f} days, against the target's {0.75 * better:.1f}."]
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {'yes' if ok else 'NO'} |" for name, value, ok in checks]
    return "\n".join(lines), result, elapsed


def variants(runs: int) -> str:
    lines = ["Model variants tried (same cases and seed; the first is the one shipped). The blend "
             "applies only with 1 <= counted < required and at least a day after opening:", "",
             "| variant | median abs. error | mean abs. error | 80 % coverage | mean width | "
             "pinball |",
             "|---|---|---|---|---|---|"]
    for name, options in VARIANTS.items():
        s = backtest(runs=runs, options=options)["summary"]["model"]
        lines.append(f"| {name} | {s['median_abs_error_days']:g} | {s['mean_abs_error_days']:g} "
                     f"| {s['coverage_80']:.3f} | {s['mean_width_days']:g} | {s['pinball']:g} |")
    return "\n".join(lines)


NOTES = """Reading the variants. The blend moves each case's median toward the reference-shape
estimate (time elapsed x the median ratio the other treaties showed at the same fraction of their
threshold) by stretching every run's time still to go by one factor, so the spread is kept. With a
fixed weight (0.5, 0.25) it fails badly in mean error and pinball: with 1-6 instruments counted the
reference-shape estimate runs to decades (half the reference treaties had their first deposits on
the opening day, so their ratio is in the hundreds), and a fixed weight drags the median there.
Weighting each estimate by the inverse square of its own 80 % log-spread (the shipped blend) gives
the shape almost no say when its ratios scatter (few instruments) and about half or more at 50-75 %
of the threshold, where it is sharp: the median error falls from 73 to 67.5 days, coverage rises
from 0.73 to 0.79 and pinball barely moves. Mean error is unchanged (5,866 vs 5,865 days in all):
gains such as Paris at 50 % (+185 -> +68 days) and UNTOC at 6 months (-83 -> -16) are offset by
Minamata at 6 months, with 1 instrument counted, where even a 6 % weight on a decades-long shape
estimate moves the median from +69 to +374 days. Taking the pace from the fraction reached (b)
instead of from the count path matches the baseline's median error but inherits its decade-long
tails (pinball x4). More or fewer count points and a Poisson likelihood change little. Analogues
with the blend have the lowest errors but over-cover (0.96): intervals too wide to be calibrated.
The shipped variant was chosen after trying these on the same 52 cases, so its edge over the
previous model (5.5 days) is an optimistic estimate."""


def speed() -> str:
    hanoi = store.load(store.bundled_path())
    projection = median_time(lambda: project(hanoi, AS_OF, runs=10_000), repeat=5)

    # baseline 1: the full Engine on each path (paths with 40 extra deposits), scaled to 10,000
    full = universe(hanoi)
    rng = random.Random(0)
    states = [p for p in full.participants if p.kind == "state"]

    def engine_paths(n=50):
        for _ in range(n):
            chosen = {p.code: AS_OF + dt.timedelta(days=rng.randint(1, 3000))
                      for p in rng.sample(states, 40)}
            parts = tuple(dataclasses.replace(p, actions=p.actions + (
                Action("ratification", chosen[p.code]),)) if p.code in chosen else p
                for p in full.participants)
            _ = Engine(dataclasses.replace(full, participants=parts)).entry_into_force  # its cost
    engine_time = median_time(engine_paths, repeat=3) / 50 * 10_000

    # baseline 2: 198 random numbers drawn and sorted, 10,000 times
    def sort_draws():
        r = random.Random(0)
        for _ in range(10_000):
            sorted(r.random() for _ in range(198))
    sort_time = median_time(sort_draws, repeat=3)

    def cli():
        subprocess.run([sys.executable, "-m", "ratify", "--today", str(AS_OF), "project",
                        "--format", "json"], check=True, capture_output=True)
    cli_time = median_time(cli, repeat=3)
    rows = [
        ("`project`, 10,000 runs, Hanoi Convention (library call)", projection),
        ("`ratify project` command, cold start, 10,000 runs", cli_time),
        ("baseline: full Engine on each of 10,000 paths (scaled from 50)", engine_time),
        ("baseline: draw and sort 198 random numbers, 10,000 times", sort_time),
    ]
    lines = ["| measurement | median | ratio to the projection |", "|---|---|---|"]
    lines += [f"| {name} | {t:.2f} s | {t / projection:.2f}× |" for name, t in rows]
    met = "met" if projection < 2 else "MISSED"
    lines += ["", f"Target: 10,000 runs in under 2 s — measured {projection:.2f} s ({met}); "
              f"pure Python, no numpy."]
    return "\n".join(lines)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    text, result, _ = accuracy(runs)
    print(text)
    more = variants(runs)
    print(more)
    fast = speed()
    print(fast)
    write_section("projection_accuracy", "### Back-test\n\n" + text + "\n\n" + more +
                  "\n\n" + NOTES + "\n\n### Speed\n\n" + fast)


if __name__ == "__main__":
    main()
