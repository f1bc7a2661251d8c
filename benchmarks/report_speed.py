"""`ratify report` start to finish (the Hanoi page, with the projection's 10,000 runs), against
`ratify status` timed in the same run: medians of interleaved runs, after one warm-up run
each (bytecode compiled, parsed data file cached). Also the page's size.
Targets: the command <= 2.5 s; the Hanoi page <= 300 KB.
Run: python benchmarks/report_speed.py [runs]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import interleaved, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "hanoi-2026-02-23.yaml"
TODAY = "2026-11-29"


def commands(folder: str) -> dict[str, list[str]]:
    ratify = [sys.executable, "-m", "ratify", "--data", str(DATA), "--today", TODAY]
    return {
        "baseline: `ratify status`": [*ratify, "status"],
        "`ratify report -o hanoi.html` (HTML, 10,000 runs)":
            [*ratify, "report", "-o", os.path.join(folder, "hanoi.html")],
        "`ratify report --md -o hanoi.md` (Markdown and two SVG files)":
            [*ratify, "report", "--md", "-o", os.path.join(folder, "hanoi.md")],
    }


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as folder:
        times = interleaved(commands(folder), runs, ROOT)
        size = os.path.getsize(os.path.join(folder, "hanoi.html"))
    base = statistics.median(times["baseline: `ratify status`"])
    lines = ["| command | median | ratio to `ratify status` |", "|---|---|---|"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {median:.2f} s | {median / base:.2f}× |")
    report = statistics.median(times["`ratify report -o hanoi.html` (HTML, 10,000 runs)"])
    lines += ["", f"{runs} interleaved runs each, after one warm-up run, on the frozen Hanoi data "
              f"(today {TODAY}). Targets: `ratify report` ≤ 2.5 s — measured {report:.2f} s "
              f"({'met' if report <= 2.5 else 'MISSED'}); the Hanoi page ≤ 300 KB — "
              f"{size / 1000:.0f} KB ({'met' if size <= 300_000 else 'MISSED'})."]
    text = "\n".join(lines)
    print(text)
    write_section("report_speed", text)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
