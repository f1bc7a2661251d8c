"""What changed: the timeline, `diff`, and the reports of record, remove and import."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from .layout import fitted_table
from .output import View, md_text, to_markdown
from .safe import plural, styled

if TYPE_CHECKING:
    from rich.console import Console


def timeline_table(rows: list[dict], console: Console, title: str) -> None:
    from ..dates import format_range
    cells = []
    for r in rows:
        star = " *" if r.get("confidence") == "reported" else ""
        day = r["date"]
        if r.get("earliest"):
            day = format_range(dt.date.fromisoformat(r["earliest"]), dt.date.fromisoformat(day))
        cells.append({"Date": day, "Participant": r["name"],
                      "Action": r["type"].replace("_", " ") + star, "Counted": str(r["counted"])})
    if not cells:
        console.print(styled(title))
        return
    fitted_table(title, cells, console, wrapping=("Participant", "Action"),
                 line=lambda c: f"{c['Date']} {c['Participant']}: {c['Action']} "
                                f"({c['Counted']} counted)")
    if any(r.get("confidence") == "reported" for r in rows):
        console.print(styled("* reported, not yet confirmed by the depositary", style="dim"))


def changes_table(result: dict, rows: list[dict], console: Console) -> None:
    """`ratify diff`: the changed actions, then what they did to the counts and dates."""
    title = f"{result['old']} → {result['new']}"
    if not rows:
        console.print(styled(f"{title}: no action added, removed or changed"))
    else:
        cells = [{"Change": r["change"], "Date": r["date"], "Participant": r["name"],
                  "Action": r["type"].replace("_", " "), "Detail": r["detail"] or ""}
                 for r in rows]
        fitted_table(f"{title}: {plural(len(rows), 'change')}", cells, console,
                     wrapping=("Detail", "Participant", "Action"),
                     line=lambda c: f"{c['Change']} {c['Date']} {c['Participant']}: "
                                    f"{c['Action']}" + (f"; {c['Detail']}" if c["Detail"] else ""))
    dates = result["data_as_of"]
    if dates["old"] != dates["new"]:
        console.print(styled(f"data as of: {dates['old'] or '—'} → {dates['new'] or '—'}"))
    for line in result["effects"]:
        console.print(styled(f"{line} (as of {result['as_of']})" if line.startswith("counts")
                           else line))


TIMELINE_COLUMNS = ["date", "earliest", "code", "name", "type", "counted", "confidence", "source"]


def timeline_view(rows: list[dict], treaty_name: str) -> View:
    return View(rows, rows, TIMELINE_COLUMNS,
                partial(timeline_table, rows, title=f"{treaty_name}: {len(rows)} actions"))


DIFF_COLUMNS = ["change", "date", "code", "name", "type", "detail"]


def diff_view(result: dict, changes: list[dict]) -> View:
    markdown = (to_markdown(changes, DIFF_COLUMNS) + "\n"
                + "\n".join(f"- {md_text(line)}" for line in result["effects"]))
    return View(result, changes, DIFF_COLUMNS, partial(changes_table, result, changes),
                markdown=markdown)


def change_view(data: dict, lines: list[str], diff: str, path: str, dry_run: bool) -> View:
    """What a write did (or, with --dry-run, would do, with its diff)."""
    text = "\n".join(lines)
    if dry_run and diff:
        text += f"\n(dry run: nothing written to {path})\n\n" + diff
    return View(data, text=text)
