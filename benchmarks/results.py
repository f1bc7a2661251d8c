"""Shared by the benchmark scripts: medians, and one section per script in RESULTS.md."""

from __future__ import annotations

import platform
import re
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def median_time(fn, repeat: int = 7) -> float:
    """Median wall time of `fn()` in seconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(commands: dict[str, list[str]], runs: int, cwd) -> dict[str, list[float]]:
    """Wall times of each command over `runs` interleaved rounds (so drift hits all equally),
    after one warm-up run each, as installed: bytecode may be written, the parse cache fills."""
    import os
    import subprocess
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for argv in commands.values():
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - start)
    return times


def write_section(name: str, markdown: str) -> None:
    """Replace (or append) the section `name` of RESULTS.md, leaving the others alone."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else \
        "# Benchmark results\n\nWritten by the scripts in this folder; rerun them to refresh.\n"
    stamp = f"_{time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, " \
            f"{platform.machine()}_"
    block = (f"<!-- {name}:start -->\n## {name}\n\n{stamp}\n\n{markdown.strip()}\n"
             f"<!-- {name}:end -->")
    pattern = re.compile(rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->",
                         re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else \
        text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
