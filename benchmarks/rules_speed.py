"""Rule-engine speed: a 200-participant treaty at 1,000 as-of dates, and every bundled treaty.

Baselines measured in the same run: a naive evaluator that rescans every action for each date,
and plain YAML parsing of the bundled files (what loading costs before validation).
Run: python benchmarks/rules_speed.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from results import median_time, write_section  # noqa: E402

from ratify.datafile import store  # noqa: E402
from ratify.names import registry  # noqa: E402
from ratify.rules import Engine  # noqa: E402


def synthetic_treaty(n: int = 200, seed: int = 1) -> str:
    rng = random.Random(seed)
    codes = sorted(registry())[:n]
    lines = ["schema: 1", "treaty:", "  id: bench", "  title: Benchmark treaty",
             "  signature: {opens: 2000-01-01, closes: null}", "  entry_into_force:",
             "    conditions:", "      - {count: 60}", "    date: {days: 90}",
             "    late_joiners: {days: 30, after: threshold}", "participants:"]
    start = dt.date(2000, 1, 1)
    for code in codes:
        lines.append(f"  - code: {code}")
        if code == "EUU":
            continue
        sig = start + dt.timedelta(days=rng.randint(0, 700))
        lines += ["    actions:", f"      - {{type: signature, date: {sig}, source: bench}}"]
        if rng.random() < 0.7:
            dep = sig + dt.timedelta(days=rng.randint(30, 3000))
            lines.append(f"      - {{type: ratification, date: {dep}, source: bench}}")
    return "\n".join(lines) + "\n"


def naive_counts(treaty, day):
    """Baseline: rescan every participant's actions for one date."""
    counted = 0
    for p in treaty.participants:
        if any(a.type == "ratification" and a.date <= day for a in p.actions):
            counted += 1
    return counted


def main() -> None:
    treaty = store.parse(synthetic_treaty(), "bench.yaml")
    engine = Engine(treaty)
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=7 * i) for i in range(1000)]
    assert all(engine.snapshot(d).counted == naive_counts(treaty, d) for d in days[::50])

    t_engine = median_time(lambda: [engine.snapshot(d) for d in days])
    t_build = median_time(lambda: Engine(treaty))
    t_naive = median_time(lambda: [naive_counts(treaty, d) for d in days], repeat=3)

    ids = store.bundled_treaty_ids()
    paths = [store.bundled_path(i) for i in ids]
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    t_yaml = median_time(lambda: [yaml.load(t, Loader=loader) for t in texts], repeat=5)
    t_all = median_time(lambda: [Engine(store.load(p)).snapshot(dt.date(2026, 11, 29))
                                 for p in paths], repeat=5)

    rows = [
        ("200 participants, 1,000 as-of dates: Engine.snapshot", t_engine, t_naive,
         "naive rescan of every action per date (counts only)"),
        ("200 participants: build the Engine once", t_build, None, ""),
        (f"all {len(ids)} bundled treaties: load, validate, evaluate", t_all, t_yaml,
         "plain YAML parse of the same files"),
    ]
    table = ["| measurement | median | baseline | ratio | baseline is |", "|---|---|---|---|---|"]
    for name, value, base, what in rows:
        ratio = f"{value / base:.2f}×" if base else ""
        table.append(f"| {name} | {value * 1000:.1f} ms | "
                     f"{base * 1000:.1f} ms |" if base
                     else f"| {name} | {value * 1000:.1f} ms | — |")
        table[-1] += f" {ratio} | {what} |" if base else " | |"
    table.append("")
    table.append(f"Target: the 1,000 dates in under 0.2 s — measured {t_engine:.3f} s "
                 f"({'met' if t_engine < 0.2 else 'missed'}).")
    text = "\n".join(table)
    print(text)
    write_section("rules_speed", text)


if __name__ == "__main__":
    main()
