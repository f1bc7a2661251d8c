"""Start-up cost: median wall time of `ratify status` against importing its dependencies.

The baseline, measured in the same run and interleaved with the command, is
`python -c "import typer, rich.console, yaml, dateutil"`: what any Typer + rich + PyYAML tool pays
before doing anything. Target: ratio <= 1.3.
Run: python benchmarks/cli_latency.py [runs]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import interleaved, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "baseline: import typer, rich.console, yaml, dateutil":
        [sys.executable, "-c", "import typer, rich.console, yaml, dateutil"],
    "ratify status": [sys.executable, "-m", "ratify", "--today", "2026-11-29", "status"],
    "ratify list --status signatory": [sys.executable, "-m", "ratify", "--today", "2026-11-29",
                                       "list", "--status", "signatory"],
    "ratify status, parse cache off (RATIFY_CACHE_DIR=off)": ["env", "RATIFY_CACHE_DIR=off",
        sys.executable, "-m", "ratify", "--today", "2026-11-29", "status"],
    "ratify status --format json": [sys.executable, "-m", "ratify", "--today", "2026-11-29",
                                    "status", "--format", "json"],
    "ratify treaties (every bundled treaty, the corpus included)": [
        sys.executable, "-m", "ratify", "--today", "2026-11-29", "treaties"],
    "ratify state Brazil (every bundled treaty)": [
        sys.executable, "-m", "ratify", "--today", "2026-11-29", "state", "Brazil"],
}


def main(runs: int = 15) -> None:
    times = interleaved(COMMANDS, runs, ROOT)
    base = statistics.median(times[next(iter(COMMANDS))])
    lines = ["| command | median | ratio to baseline |", "|---|---|---|"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {median * 1000:.0f} ms | {median / base:.2f} |")
    ratio = statistics.median(times["ratify status"]) / base
    every = statistics.median(times["ratify treaties (every bundled treaty, the corpus included)"])
    lines += ["", f"{runs} interleaved runs each, after one warm-up run (bytecode compiled, parsed "
              "data file cached, as after the first run on a user's machine). Target for "
              "`ratify status`: ratio ≤ 1.3 — "
              f"measured {ratio:.2f} ({'met' if ratio <= 1.3 else 'missed'}); for `ratify "
              f"treaties`, every bundled treaty loaded and evaluated, ≤ 0.5 s warm — measured "
              f"{every:.2f} s ({'met' if every <= 0.5 else 'missed'})."]
    text = "\n".join(lines)
    print(text)
    write_section("cli_latency", text)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
