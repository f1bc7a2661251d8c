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
    from rich import box
    from rich.table import Table
    return Table(title=title, title_justify="left", header_style="bold", show_lines=False,
                 pad_edge=False, expand=False, box=box.SIMPLE_HEAD)


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
            if c["current"] is None:
                value = f"not evaluable: no {c['weight']} figures in the data ({c['required']:g} % needed)"
            else:
                value = f"{c['current']:.2f} % of {c['required']:g} % needed"
            rows.append((f"Weight ({c['weight']})", value))
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
    elif not view["evaluable"] and view["entered_into_force_recorded"]:
        recorded = view["entered_into_force_recorded"]
        if recorded <= view["as_of"]:
            line(f"In force since {recorded} (the depositary's date: "
                 + "; ".join(view["missing"]) + ").", "bold green")
        else:
            line(f"Enters into force on {recorded} (the depositary's date: "
                 + "; ".join(view["missing"]) + ").", "bold green")
    else:
        line("Not in force. Missing: " + "; ".join(view["missing"]) + ".", "bold")
        if view["earliest_entry_into_force"]:
            line(f"Earliest possible entry into force, if every missing instrument were "
                 f"deposited on {view['as_of']}: {view['earliest_entry_into_force']}.")
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
    if console.width < 100 and len(columns) > 6:  # narrow terminal: the name says enough
        columns = [c for c in columns if c not in ("Code", "Region")]
    for name in columns:
        wraps = name in ("Participant", "Pipeline")
        table.add_column(name, no_wrap=not wraps, min_width=14 if name == "Participant" else None)
    for row in cells:
        table.add_row(*(row[c] for c in columns))
    if not cells:
        console.print(title)
        return
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


# -- diff ----------------------------------------------------------------------------------


def changes_table(result: dict, rows: list[dict], console: Console) -> None:
    """`ratify diff`: the changed actions, then what they did to the counts and dates."""
    from rich.text import Text
    title = f"{result['old']} → {result['new']}"
    if not rows:
        console.print(Text(f"{title}: no action added, removed or changed"))
    else:
        table = _table(f"{title}: {len(rows)} change{'s' if len(rows) != 1 else ''}")
        for name in ("Change", "Date", "Participant", "Action", "Detail"):
            table.add_column(name, overflow="fold")
        for r in rows:
            table.add_row(r["change"], r["date"], r["name"], r["type"].replace("_", " "),
                          r["detail"])
        console.print(table)
    dates = result["data_as_of"]
    if dates["old"] != dates["new"]:
        console.print(Text(f"data as of: {dates['old'] or '—'} → {dates['new'] or '—'}"))
    for line in result["effects"]:
        console.print(Text(f"{line} (as of {result['as_of']})" if line.startswith("counts")
                           else line))


# -- projection and back-test ----------------------------------------------------------------


def _percent(p: float) -> str:
    """'0 %', '<1 %', '37 %', '>99 %', '100 %': probabilities readable at a glance."""
    if p <= 0:
        return "0 %"
    if p >= 1:
        return "100 %"
    if p < 0.01:
        return "<1 %"
    if p > 0.99:
        return ">99 %"
    return f"{p * 100:.0f} %"


def projection_interval(view: dict) -> str:
    """'2030-03-24 – 2036-07-14', or '2030-03-24 – after 2046-11-29' past the horizon."""
    if view["p10"] is None:
        return f"after {view['horizon_end']}"
    return f"{view['p10']} – {view['p90'] or 'after ' + view['horizon_end']}"


def projection_rows(view: dict) -> list[dict]:
    """`project` as key/value rows, for CSV and Markdown."""
    rows = [{"key": "treaty", "value": view["treaty"]["id"]}]
    for key in ("as_of", "median", "p10", "p90", "p_none_within_horizon", "horizon_years",
                "runs", "seed", "earliest_entry_into_force", "counted", "required"):
        rows.append({"key": key, "value": view[key]})
    for day, p in view["p_by"].items():
        rows.append({"key": f"p_by {day}", "value": p})
    for a in view["assumptions"]:
        rows.append({"key": f"assume {a['participant']}", "value": a["deposit"]})
    for key, value in (view.get("shift") or {}).items():
        if key != "p_by":
            rows.append({"key": f"shift {key} (days)", "value": value})
    rows.append({"key": "drivers", "value": view["drivers"]})
    rows.append({"key": "method", "value": view["method"]})
    return rows


def _year_rows(p_by: dict) -> list[tuple[str, float]]:
    """The year ends worth showing: up to the first at 95 % or more (3 to 12 rows)."""
    rows = []
    for day, p in p_by.items():
        rows.append((day, p))
        if p >= 0.95 and len(rows) >= 3:
            break
    return rows[:12]


def projection_table(view: dict, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text
    console.print(Text(f"{view['short_title']}: projected entry into force", style="bold"))
    console.print(f"as of {view['as_of']} · {view['runs']:,} runs · seed {view['seed']} · "
                  f"horizon {view['horizon_years']} years (to {view['horizon_end']})")
    console.print()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    settled = view["pace"] is None
    if settled:
        grid.add_row("Entry into force", f"{view['median']} (threshold already met)")
    else:
        grid.add_row("Median", view["median"] or f"after {view['horizon_end']}")
        grid.add_row("80 % interval", projection_interval(view))
        grid.add_row(f"No entry into force within {view['horizon_years']} years",
                     _percent(view["p_none_within_horizon"]))
    if view["earliest_entry_into_force"] and not settled:
        grid.add_row("Earliest possible", f"{view['earliest_entry_into_force']} (if every "
                     f"missing instrument were deposited on {view['as_of']})")
    console.print(grid)
    console.print()
    years = _year_rows(view["p_by"])
    if years:
        table = _table("Chance of entry into force by")
        table.add_column("Date")
        table.add_column("Chance", justify="right")
        table.add_column("")
        shift = (view.get("shift") or {}).get("p_by", {})
        if shift:
            table.add_column("Shift", justify="right")
        for day, p in years:
            bar = "█" * round(20 * p) + "░" * (20 - round(20 * p))
            cells = [day, _percent(p), bar]
            if shift:
                delta = shift.get(day, 0.0)
                cells.append(f"{delta * 100:+.1f} pts" if delta else "0")
            table.add_row(*cells)
        console.print(table)
    console.print(Text(view["drivers"]))
    if view["assumptions"]:
        console.print()
        pins = ", ".join(f"{a.get('name') or a['participant']} on {a['deposit']}"
                         for a in view["assumptions"])
        console.print(Text(f"Assumed deposits: {pins}.", style="bold"))
        un = view["unpinned"]
        shift = view["shift"]

        def moved(key):
            if shift[key] is None:
                return f"{un[key] or 'after the horizon'} → {view[key] or 'after the horizon'}"
            return f"{shift[key]:+d} days ({un[key]} → {view[key]})"
        console.print(f"Shift against the projection without them: median {moved('median')}; "
                      f"80 % interval from {moved('p10')} to {moved('p90')}.")
    for warning in view["warnings"]:
        console.print(Text(f"warning: {warning}", style="yellow"))
    console.print(Text(f"method: {view['method']}", style="dim"))


def fan_chart(series: dict, width: int = 60, height: int = 12) -> list[str]:
    """Counted instruments so far ('█'), then the median path ('•') and the 80 % band ('░') to
    the threshold ('-'). Readable at 80 columns and without colour."""
    threshold = series["threshold"] or 1
    values = [v for v in series["high"] if v is not None] + [v for _, v in series["observed"]]
    top = max([threshold] + values + [1])
    as_of = series["as_of"]
    threshold_row = round(height * threshold / top)
    columns = []
    for day, low, mid, high in zip(series["dates"], series["low"], series["mid"],
                                   series["high"]):
        if day <= as_of or mid is None:
            value = 0
            for when, v in series["observed"]:
                if when <= min(day, as_of):
                    value = v
            columns.append(("observed", round(height * value / top), None, None))
        else:
            columns.append(("future", round(height * low / top), round(height * mid / top),
                            round(height * high / top)))
    label_width = len(str(top))
    lines = []
    for row in range(height, 0, -1):
        label = str(top) if row == height else str(threshold) if row == threshold_row else ""
        chars = []
        for kind, a, mid, high in columns:
            if kind == "observed":
                chars.append("█" if row <= a else ("-" if row == threshold_row else " "))
            elif row == mid:
                chars.append("•")
            elif a <= row <= high:
                chars.append("░")
            else:
                chars.append("-" if row == threshold_row else " ")
        lines.append(f"{label:>{label_width}} ┤" + "".join(chars))
    lines.append(" " * label_width + " └" + "─" * width)
    marks = [" "] * width
    for x, day in enumerate(series["dates"]):
        if day >= as_of:
            marks[x] = "^"
            break
    if series.get("median"):
        for x, day in enumerate(series["dates"]):
            if day >= series["median"]:
                marks[x] = "M"
                break
    lines.append(" " * (label_width + 2) + "".join(marks).rstrip())
    left, right = series["start"].isoformat(), series["end"].isoformat()
    lines.append(" " * (label_width + 2) + left + right.rjust(width - len(left)))
    return lines


def fan_legend(series: dict) -> str:
    text = "█ counted so far  • median path  ░ 80 % band  " \
        f"- threshold ({series['threshold']})"
    text += f"  ^ as of {series['as_of']}"
    if series.get("median"):
        text += f"  M median entry into force {series['median']}"
    return text


BACKTEST_COLUMNS = ["method", "cases", "median_abs_error_days", "mean_abs_error_days",
                    "coverage_80", "mean_width_days", "pinball"]
BACKTEST_HEADERS = ["Method", "Cases", "Median abs. error (days)", "Mean abs. error (days)",
                    "80 % coverage", "Mean width (days)", "Pinball (days)"]
CASE_COLUMNS = ["treaty", "as_of", "scheme", "actual", "method", "median", "p10", "p90",
                "error_days", "covered"]


def backtest_summary_rows(result: dict) -> list[dict]:
    return [{"method": m, **{k: v for k, v in s.items() if k != "pinball_by_quantile"}}
            for m, s in result["summary"].items()]


def backtest_treaty_rows(result: dict) -> list[dict]:
    """One row per treaty: median absolute error and coverage per method."""
    rows = []
    for treaty, methods in result["by_treaty"].items():
        row = {"treaty": treaty, "cases": next(iter(methods.values()))["cases"]}
        for m, s in methods.items():
            row[f"{m} median_abs_error_days"] = f"{s['median_abs_error_days']:g}"
            row[f"{m} coverage_80"] = f"{s['coverage_80']:.2f}"
        rows.append(row)
    return rows


def backtest_case_rows(result: dict) -> list[dict]:
    rows = []
    for case in result["cases"]:
        actual = dt.date.fromisoformat(case["actual"])
        for m, p in case["methods"].items():
            median = p["median"] or case["horizon_end"]
            covered = p["p10"] is not None and p["p10"] <= case["actual"] and \
                (p["p90"] is None or case["actual"] <= p["p90"])
            rows.append({"treaty": case["treaty"], "as_of": case["as_of"],
                         "scheme": case["scheme"], "actual": case["actual"], "method": m,
                         "median": p["median"], "p10": p["p10"], "p90": p["p90"],
                         "error_days": (dt.date.fromisoformat(median) - actual).days,
                         "covered": covered})
    return rows


def backtest_markdown(result: dict) -> str:
    """The summary table, then one row per treaty (what benchmarks/RESULTS.md shows)."""
    text = to_markdown(backtest_summary_rows(result), BACKTEST_COLUMNS, BACKTEST_HEADERS)
    methods = list(result["summary"])
    columns = ["treaty", "cases"] + [f"{m} {k}" for m in methods
                                     for k in ("median_abs_error_days", "coverage_80")]
    headers = ["Treaty", "Cases"] + [f"{m}: {k}" for m in methods
                                     for k in ("median abs. error", "coverage")]
    return text + "\n" + to_markdown(backtest_treaty_rows(result), columns, headers)


def backtest_table(result: dict, console: Console) -> None:
    from rich.text import Text
    n = len(result["cases"])
    table = _table(f"Back-test: {n} cases on {len(result['treaties'])} treaties "
                   f"({', '.join(result['treaties'])}), {result['runs']:,} runs each")
    for name in ("Method", "Cases", "Med. err", "Mean err", "Cov.", "Width", "Pinball"):
        table.add_column(name, justify="left" if name == "Method" else "right", no_wrap=True)
    for row in backtest_summary_rows(result):
        table.add_row(row["method"], str(row["cases"]),
                      *[f"{row[c]:.0f}" for c in ("median_abs_error_days", "mean_abs_error_days")],
                      f"{row['coverage_80']:.2f}",
                      *[f"{row[c]:.0f}" for c in ("mean_width_days", "pinball")])
    console.print(table)
    per = _table("Per treaty: median error (days) / coverage")
    per.add_column("Treaty")
    per.add_column("Cases", justify="right")
    for m in result["summary"]:
        per.add_column(m, justify="right")
    for treaty, methods in result["by_treaty"].items():
        cells = [treaty, str(next(iter(methods.values()))["cases"])]
        cells += [f"{s['median_abs_error_days']:g} / {s['coverage_80']:.2f}"
                  for s in methods.values()]
        per.add_row(*cells)
    console.print(per)
    console.print(Text("Med./mean err: absolute error of the median; Cov.: share of cases "
                       "inside the 80 % interval; Width: of that interval; Pinball: mean loss "
                       "at 0.1/0.5/0.9. Days, for the entry-into-force date.", style="dim"))
    console.print(Text("Leave-one-out: each treaty is projected with the other bundled treaties "
                       "as the reference class and only its own actions up to each as-of date.",
                       style="dim"))
