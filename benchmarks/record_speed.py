"""What a safe, minimal-diff write costs.

1. `ratify record` (a real write into a copy of data/states.yaml, reset after each run) against
   `ratify status` on the same copy, interleaved: the price of vetting, locking, the proof that
   only one action changed, and the atomic replace, on top of what every command pays.
2. edit.add_action on the Hanoi file (418 lines) and the UNTOC file (743 lines) against one plain
   YAML parse of the same text (`yamlload.load`), its floor: an edit parses the text to find its
   place and once more to prove the result.
3. edit.add_actions with 100 actions (what an import of a status page does) against 100 parses.
4. safefile.transaction (lock, temp file, fsync, replace, fsync of the folder) against a plain
   `write_text` of the same bytes.

Run: python benchmarks/record_speed.py [runs]
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import median_time, write_section  # noqa: E402

from ratify.datafile import store, yamlload  # noqa: E402
from ratify.write import edit, safefile

ROOT = Path(__file__).resolve().parent.parent
HANOI = ROOT / "data" / "states.yaml"
UNTOC = ROOT / "data" / "treaties" / "untoc.yaml"
ACTION = {"type": "ratification", "date": dt.date(2026, 3, 1), "source": "C.N.1.2026"}


def cli_runs(runs: int) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp())
    copy = folder / "states.yaml"
    base = [sys.executable, "-m", "ratify", "--data", str(copy), "--today", "2026-11-29"]
    argv = {"status": base + ["status"],
            "record": base + ["record", "Qatar", "ratification", "2026-03-01"]}
    times = {name: [] for name in argv}
    for _ in range(runs):
        for name, command in argv.items():
            shutil.copyfile(HANOI, copy)
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    shutil.rmtree(folder)
    return statistics.median(times["status"]), statistics.median(times["record"])


def hundred_actions(text: str) -> list[tuple[str, dict]]:
    treaty = store.parse(text, "x")
    codes = [p.code for p in treaty.participants][:100]
    return [(code, {"type": "domestic_approval", "date": dt.date(2026, 3, 1)}) for code in codes]


def main(runs: int = 11) -> None:
    rows = []
    status, record = cli_runs(runs)
    rows.append(("`ratify record` (a real write)", record, status, "`ratify status`, same file"))
    for label, path, code in (("Hanoi, 418 lines", HANOI, "QAT"), ("UNTOC, 743 lines", UNTOC,
                                                                    "QAT")):
        text = path.read_text(encoding="utf-8")
        edit_time = median_time(lambda text=text, code=code: edit.add_action(text, code, ACTION),
                                runs)
        parse_time = median_time(lambda text=text: yamlload.load(text), runs)
        rows.append((f"edit.add_action, {label}", edit_time, parse_time,
                     "one `yamlload.load` of the text"))
    text = HANOI.read_text(encoding="utf-8")
    items = hundred_actions(text)
    batch = median_time(lambda: edit.add_actions(text, items), 3)
    parses = median_time(lambda: [yamlload.load(text) for _ in items], 3)
    rows.append(("edit.add_actions, 100 actions, Hanoi", batch, parses, "100 parses"))
    folder = Path(tempfile.mkdtemp())
    target = folder / "states.yaml"
    shutil.copyfile(HANOI, target)
    new = edit.add_action(text, "QAT", ACTION)
    write = median_time(lambda: safefile.transaction(str(target), lambda old: new if old == text
                                                  else text), runs)
    plain = median_time(lambda: target.write_text(new, encoding="utf-8"), runs)
    shutil.rmtree(folder)
    rows.append(("safefile.transaction (lock, validate, fsync, replace)", write, plain,
                 "plain `write_text`"))
    lines = ["| measurement | median | baseline | ratio | baseline is |", "|---|---|---|---|---|"]
    for name, value, baseline, what in rows:
        lines.append(f"| {name} | {value * 1000:.1f} ms | {baseline * 1000:.1f} ms | "
                     f"{value / baseline:.2f}× | {what} |")
    lines += ["", f"{runs} runs each (CLI runs interleaved). The edit proves its result by "
              "parsing it again, so about 2 parses per action is the floor for a checked edit; "
              "the transaction's cost is dominated by validating the new text and the two "
              "fsyncs."]
    text = "\n".join(lines)
    print(text)
    write_section("record_speed", text)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
