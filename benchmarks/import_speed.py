"""What `ratify import` costs on the largest sample, the CRPD status page (750 KB, 196 rows).

Every line is compared with a floor measured in the same run:

1. untc.read of the page against reading the file and feeding it to a do-nothing
   html.parser.HTMLParser (the least any standard-library parse of the page can cost).
2. untc.read of the UNTOC table (CSV) against reading it, running csv.reader over it and
   strptime on every date cell.
3. The usual import: the page into an up-to-date copy of the bundled crpd.yaml (nothing to add;
   dry run, so every run sees the same file), against the same floor as 1.
4. The ATT page into a copy of att.yaml that lacks its 22 provisional applications (a real write),
   against the same floor for the ATT page.
5. The worst case: the CRPD page into a file holding only the treaty block (357 actions and 193
   participants added; dry run), against one yamlload.load of the resulting file (what a
   single proof of the result costs): edit.add_actions parses the file once, inserts every
   participant's lines from that parse and proves the result with one more parse.

The parsed-file cache lives in a temporary folder (warm after the first run, as for a user).

Run: python benchmarks/import_speed.py [runs]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("RATIFY_CACHE_DIR", tempfile.mkdtemp())  # warm, but not the user's cache
from results import median_time, write_section  # noqa: E402

from ratify import importer, untc, yamlload  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "untc"
CRPD_PAGE = SAMPLES / "untc-IV-15-crpd-2026-02-03.html"
ATT_PAGE = SAMPLES / "untc-XXVI-8-att-2026-02-03.html"
UNTOC_TABLE = SAMPLES / "untc-18-12.csv"
TREATIES = ROOT / "data" / "treaties"


def feed(path: Path) -> None:
    parser = HTMLParser(convert_charrefs=True)
    parser.feed(path.read_bytes().decode("utf-8"))
    parser.close()


def csv_floor(path: Path) -> None:
    for record in csv.reader(io.StringIO(path.read_bytes().decode("utf-8"))):
        for cell in record[1:]:
            if cell[:1].isdigit():
                dt.datetime.strptime(" ".join(cell.split()[:3]), "%d %b %Y")


def treaty_block(folder: Path, treaty_id: str) -> Path:
    text = (TREATIES / f"{treaty_id}.yaml").read_text(encoding="utf-8")
    path = folder / f"{treaty_id}-empty.yaml"
    path.write_text(text[:text.index("\nparticipants:") + 1] + "participants:\n",
                    encoding="utf-8")
    return path


def main(runs: int = 7) -> None:
    folder = Path(tempfile.mkdtemp())
    crpd = folder / "crpd.yaml"
    crpd.write_bytes((TREATIES / "crpd.yaml").read_bytes())
    att_text = (TREATIES / "att.yaml").read_text(encoding="utf-8")
    att = folder / "att.yaml"
    empty = treaty_block(folder, "crpd")

    def att_import():
        att.write_text(att_text, encoding="utf-8")
        outcome = importer.run(str(att), str(ATT_PAGE))
        assert outcome.written and len(outcome.plan.added) == 22

    full = importer.run(str(empty), str(CRPD_PAGE), dry_run=True)
    assert len(full.plan.added) == 357
    importer.run(str(empty), str(CRPD_PAGE))
    filled_text = empty.read_text(encoding="utf-8")   # the text a full import ends with
    empty = treaty_block(folder, "crpd")

    rows = []

    def measure(label, fn, floor, floor_label, repeat=runs):
        value, base = median_time(fn, repeat), median_time(floor, repeat)
        rows.append((label, value, base, floor_label))

    page_floor = "read + html.parser feed of the page"
    measure("untc.read, CRPD page (750 KB, 196 rows)", lambda: untc.read(str(CRPD_PAGE)),
            lambda: feed(CRPD_PAGE), page_floor)
    measure("untc.read, UNTOC table (CSV, 185 rows)", lambda: untc.read(str(UNTOC_TABLE)),
            lambda: csv_floor(UNTOC_TABLE), "read + csv.reader + strptime of each date")
    measure("import CRPD page into up-to-date crpd.yaml (0 added)",
            lambda: importer.run(str(crpd), str(CRPD_PAGE), dry_run=True),
            lambda: feed(CRPD_PAGE), page_floor)
    measure("import ATT page into att.yaml (22 added, written)", att_import,
            lambda: feed(ATT_PAGE), "read + html.parser feed of the ATT page")
    few = max(3, runs // 2)
    measure("import CRPD page into the treaty block alone (357 added)",
            lambda: importer.run(str(empty), str(CRPD_PAGE), dry_run=True),
            lambda: yamlload.load(filled_text),
            "one yamlload.load of the result (a single proof)", repeat=few)

    table = ["| measurement | median | floor | ratio | floor is |", "|---|---|---|---|---|"]
    for label, value, base, floor_label in rows:
        table.append(f"| {label} | {value * 1000:.1f} ms | {base * 1000:.1f} ms | "
                     f"{value / base:.2f}× | {floor_label} |")
    text = "\n".join(table) + (
        f"\n\n{runs} runs each (the last line {few}). Parsing the page costs about what "
        "html.parser alone does; the usual import (a file that is nearly up to date) stays "
        "far under a second. Adding a whole table to an empty file costs a few parses: "
        "edit.add_actions inserts all actions from one parse and proves the result once.")
    print(text)
    write_section("import_speed", text)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
