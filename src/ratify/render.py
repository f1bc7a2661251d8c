"""Renderers: rich tables and terminal charts; JSON, CSV and Markdown writers.

The only module besides cli.py that imports rich. Every table renderer prints to a Console the
CLI hands in (which honours NO_COLOR and plain output when not on a terminal); the text writers
return strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported where a table is drawn, so JSON/CSV output skips it
    from rich.console import Console

# -- plain writers -------------------------------------------------------------------------


def to_json(data) -> str:
    import json
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(v)}" for k, v in value.items() if v is not None)
    return str(value)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def to_markdown(rows: list[dict], columns: list[str], headers: list[str] | None = None) -> str:
    headers = headers or columns
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [_cell(row.get(c)).replace("|", "\\|") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# -- shared pieces -------------------------------------------------------------------------


def progress_bar(current: int, required: int, width: int = 30) -> str:
    """A bar readable without colour: '████████░░░░░░ 12/40'."""
    filled = min(width, round(width * current / required)) if required else width
    return "█" * filled + "░" * (width - filled) + f" {current}/{required}"


def _table(title: str | None = None):
    from rich.table import Table
    return Table(title=title, title_justify="left", header_style="bold", show_lines=False,
                 pad_edge=False, expand=False)


# -- status --------------------------------------------------------------------------------


def status_rows(view: dict) -> list[dict]:
    """Status as key/value rows, for CSV and Markdown."""
    rows = [{"key": k, "value": view[k]} for k in (
        "as_of", "data_as_of", "signatories", "parties", "counted", "required", "remaining",
        "threshold_date", "entry_into_force", "in_force", "signature_closes",
        "earliest_entry_into_force")]
    for i, c in enumerate(view["conditions"], 1):
        rows.append({"key": f"condition_{i}", "value": c})
    return [{"key": "treaty", "value": view["treaty"]["id"]}] + rows


def status_table(view: dict, console: Console) -> None:
    """The status summary, composed as one block of text (one write to the terminal)."""
    from rich.text import Text
    t = view["treaty"]
    out = Text()

    def line(text: str = "", style: str = "") -> None:
        out.append(text + "\n", style=style)

    out.append(view["short_title"], style="bold")
    line(f"  ({t['reference']})" if t.get("reference") else "")
    line(f"as of {view['as_of']} · data reconciled {view['data_as_of'] or 'unknown'}")
    line(f"rule: {view['rule']}")
    line()
    rows = [("Signatories", str(view["signatories"])), ("Parties", str(view["parties"]))]
    for c in view["conditions"]:
        if c["kind"] == "count":
            label = "Counted" if not c.get("group") else f"Counted ({c['group']})"
            rows.append((label, progress_bar(c["current"], c["required"])))
        elif c["kind"] == "weight":
            current = "not evaluable" if c["current"] is None else f"{c['current']:.2f} %"
            rows.append((f"Weight ({c['weight']})", f"{current} of {c['required']:g} % needed"))
        else:
            present = c["required"] - len(c["missing"])
            rows.append(("Named participants", progress_bar(present, c["required"])))
    if view["remaining"]:
        rows.append(("To go", f"{view['remaining']} more instrument"
                     f"{'s' if view['remaining'] != 1 else ''}"))
    if view["signature_window"]:
        rows.append(("Signature", view["signature_window"]))
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        out.append(label.ljust(width), style="bold")
        line(value)
    line()
    if view["entry_into_force"]:
        eif = view["entry_into_force"]
        if view["in_force"]:
            line(f"In force since {eif} (threshold met on {view['threshold_date']}).",
                 "bold green")
        else:
            line(f"Threshold met on {view['threshold_date']}; enters into force on {eif}, in "
                 f"{view['days_to_entry_into_force']} days.", "bold green")
    else:
        line("Not in force. Missing: " + "; ".join(view["missing"]) + ".", "bold")
        if view["earliest_entry_into_force"]:
            line(f"Earliest possible entry into force, if every missing instrument were "
                 f"deposited on {view['as_of']}: {view['earliest_entry_into_force']}.")
        if view["entered_into_force_recorded"]:
            line(f"The depositary records entry into force on "
                 f"{view['entered_into_force_recorded']}.")
    for note in view["notes"]:
        line(f"• {note['text']}", "dim")
    for warning in view["warnings"]:
        line(f"warning: {warning}", "yellow")
    out.rstrip()
    console.print(out)


# -- list and show -------------------------------------------------------------------------

LIST_COLUMNS = ["code", "name", "kind", "region", "status", "signature", "consent_type",
                "consent_date", "effective", "pipeline"]


def flat_rows(rows: list[dict]) -> list[dict]:
    """CSV/Markdown rows: `consent` flattened to consent_type and consent_date."""
    flat = []
    for r in rows:
        consent = r.get("consent") or {}
        flat.append({**r, "consent_type": consent.get("type"), "consent_date": consent.get("date"),
                     "pipeline": [f"{p['type']} {p['date']}" for p in r["pipeline"]]})
    return flat


def list_table(rows: list[dict], console: Console, title: str) -> None:
    """Participants as a table; columns that are empty for every row are left out."""
    from rich.text import Text
    cells = []
    for r in rows:
        consent = r["consent"]
        pipeline = r["pipeline"][-1] if r["pipeline"] else None
        cells.append({
            "Participant": r["name"] + (" (REIO)" if r["kind"] == "reio" else ""),
            "Code": r["code"],
            "Region": r["region"] or "—",
            "Status": r["status"],
            "Signature": (r["signature_display"] or "") + (" *" if r["reported"] else ""),
            "Instrument": f"{consent['type']} {consent['date']}" if consent else "",
            "In effect": r["effective"] or "",
            "Pipeline": f"{pipeline['type'].replace('_', ' ')} {pipeline['date']}"
            if pipeline else "",
        })
    table = _table(title)
    columns = [c for c in ("Participant", "Code", "Region", "Status", "Signature", "Instrument",
                           "In effect", "Pipeline") if any(row[c] for row in cells)]
    for name in columns:
        table.add_column(name, no_wrap=name not in ("Participant", "Pipeline"))
    for row in cells:
        table.add_row(*(row[c] for c in columns))
    console.print(table)
    if any(r["reported"] for r in rows):
        console.print(Text("* reported, not yet confirmed by the depositary", style="dim"))


def show_table(detail: dict, console: Console) -> None:
    kind = " (REIO)" if detail["kind"] == "reio" else ""
    from rich.text import Text
    console.print(Text(f"{detail['name']}{kind} [{detail['code']}]", style="bold"))
    console.print(f"status: {detail['status']} · region: {detail['region'] or '—'}")
    if detail["consent"]:
        c = detail["consent"]
        console.print(f"instrument: {c['type']} deposited {c['date']}")
        console.print(f"in effect: {detail['effective'] or 'not yet known'}"
                      + (f" ({detail['effective_basis']})" if detail["effective_basis"] else ""))
    if detail.get("withdrawal_effective"):
        console.print(f"withdrawal effective: {detail['withdrawal_effective']}")
    if detail.get("members"):
        console.print(f"members: {len(detail['members'])} ({', '.join(detail['members'])})")
    table = _table("Actions")
    for name in ("Date", "Action", "Confidence", "Source / note"):
        table.add_column(name, overflow="fold")
    for a in detail["actions"]:
        from .dates import format_range
        day = format_range(dt.date.fromisoformat(a["earliest"]) if a["earliest"] else None,
                           dt.date.fromisoformat(a["date"]))
        text = " — ".join(x for x in (a["source"], a["note"]) if x)
        table.add_row(day, a["type"].replace("_", " "), a["confidence"], text)
    if detail["actions"]:
        console.print(table)
    else:
        console.print("no action recorded")
    for d in detail["declarations"]:
        arts = f" (articles {', '.join(d['articles'])})" if d["articles"] else ""
        console.print(f"{d['kind']} {d['date'] or ''}{arts}: {d['text'] or ''}"
                      + (f" [{d['source']}]" if d["source"] else ""))


# -- check ---------------------------------------------------------------------------------


def check_report(findings: list[dict], console: Console, path: str) -> None:
    errors = [f for f in findings if f["level"] == "error"]
    from rich.text import Text
    warnings = [f for f in findings if f["level"] == "warning"]
    for f in errors + warnings:
        where = f"{path}:{f['line']}: " if f.get("line") else f"{path}: "
        style = "red" if f["level"] == "error" else "yellow"
        console.print(Text(f"{where}{f['level']}: {f['message']}", style=style))
    console.print(f"{path}: {len(errors)} error{'s' if len(errors) != 1 else ''}, "
                  f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")


# -- timeline and charts --------------------------------------------------------------------


def timeline_table(rows: list[dict], console: Console, title: str) -> None:
    table = _table(title)
    for name in ("Date", "Participant", "Action", "Counted"):
        table.add_column(name)
    for r in rows:
        table.add_row(r["date"], r["name"], r["type"].replace("_", " "), str(r["counted"]))
    console.print(table)


def step_chart(points: list[tuple[dt.date, int]], threshold: int | None,
               start: dt.date, end: dt.date, markers: dict[str, dt.date] | None = None,
               width: int = 60, height: int = 12) -> list[str]:
    """A text chart of a step series: '█' columns, a '-' threshold line, '|' date markers.

    Readable at 80 columns and without colour.
    """
    span = max(1, (end - start).days)
    top = max([threshold or 0] + [v for _, v in points] + [1])
    columns = []
    for x in range(width):
        day = start + dt.timedelta(days=round(span * (x + 1) / width))
        value = 0
        for when, v in points:
            if when <= day:
                value = v
        columns.append(value)
    marker_cols = {}
    for label, day in (markers or {}).items():
        if start <= day <= end:
            marker_cols[min(width - 1, round(width * (day - start).days / span))] = label[0]
    threshold_row = round(height * threshold / top) if threshold else None
    label_width = len(str(top))
    lines = []
    for row in range(height, 0, -1):
        level = top * row / height
        label = str(top) if row == height else str(threshold) if row == threshold_row else ""
        chars = []
        for x, value in enumerate(columns):
            if value >= level - 1e-9:
                chars.append("█")
            elif x in marker_cols:
                chars.append("|")
            elif row == threshold_row:
                chars.append("-")
            else:
                chars.append(" ")
        lines.append(f"{label:>{label_width}} ┤" + "".join(chars))
    axis = " " * label_width + " └" + "─" * width
    lines.append(axis)
    footer = [" "] * width
    for x, ch in marker_cols.items():
        footer[x] = ch
    lines.append(" " * (label_width + 2) + "".join(footer).rstrip())
    left, right = start.isoformat(), end.isoformat()
    lines.append(" " * (label_width + 2) + left + right.rjust(width - len(left)))
    return lines


def print_lines(lines: list[str], console: Console) -> None:
    from rich.text import Text
    for line in lines:
        console.print(Text(line), soft_wrap=True)


# -- treaties ------------------------------------------------------------------------------


def treaties_table(rows: list[dict], console: Console) -> None:
    table = _table("Bundled treaties")
    for name in ("ID", "Treaty", "Rule", "Entry into force", "Counted"):
        table.add_column(name, overflow="fold")
    for r in rows:
        eif = f"in force since {r['entry_into_force']}" if r["entry_into_force"] else \
            "not in force"
        if not r["evaluable"]:
            eif += " (the depositary's date; a condition is not evaluable from the data)"
        table.add_row(r["id"], r["title"], r["rule"], eif, str(r["counted"]))
    console.print(table)
