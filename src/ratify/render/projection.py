"""The projection and the back-test: their Views, tables and key/value rows."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from .charts import draw_fan
from .layout import note_rows, percent, simple_table
from .output import View, to_markdown
from .safe import plural, show, styled

if TYPE_CHECKING:
    from rich.console import Console


def projection_interval(view: dict) -> str:
    """'2030-03-24 – 2036-07-14', or '2030-03-24 – after 2046-11-29' past the horizon."""
    if view["p10"] is None:
        return f"after {view['horizon_end']}"
    return f"{view['p10']} – {view['p90'] or 'after ' + view['horizon_end']}"


def projection_rows(view: dict) -> list[dict]:
    """`project` as key/value rows, for CSV and Markdown."""
    rows = [{"key": "treaty", "value": view["treaty"]["id"]}]
    for key in ("as_of", "data_as_of", "data_note", "median", "p10", "p90",
                "p_none_within_horizon", "horizon_years", "runs", "seed",
                "earliest_entry_into_force", "earliest_if_deposited_on", "counted", "required"):
        rows.append({"key": key, "value": view[key]})
    for day, p in view["p_by"].items():
        rows.append({"key": f"p_by {day}", "value": p})
    for a in view["assumptions"]:
        rows.append({"key": f"assume {a['participant']}", "value": a["deposit"]})
    for key, value in (view.get("shift") or {}).items():
        if key != "p_by":
            rows.append({"key": f"shift {key} (days)", "value": value})
    for kind, n in view["reported"].items():
        rows.append({"key": f"reported {kind}", "value": n})
    for a in view["recorded_after_data_as_of"]:
        rows.append({"key": f"recorded after data_as_of {a['participant']}",
                     "value": a["deposit"]})
    rows.append({"key": "drivers", "value": view["drivers"]})
    rows.append({"key": "method", "value": view["method"]})
    return rows + note_rows(view)


def year_rows(p_by: dict) -> list[tuple[str, float]]:
    """The year ends worth showing: up to the first at 95 % or more (3 to 12 rows)."""
    rows = []
    for day, p in p_by.items():
        rows.append((day, p))
        if p >= 0.95 and len(rows) >= 3:
            break
    return rows[:12]


def projection_table(view: dict, console: Console) -> None:
    from rich.table import Table
    console.print(styled(f"{view['short_title']}: projected entry into force", style="bold"))
    console.print(f"as of {view['as_of']} · {plural(view['runs'], 'run')} · seed {view['seed']} · "
                  f"horizon {plural(view['horizon_years'], 'year')} (to {view['horizon_end']})")
    if view["data_note"]:
        console.print(styled(view["data_note"][0].upper() + view["data_note"][1:] + ".",
                             style="bold"))
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
        grid.add_row(f"No entry into force within {plural(view['horizon_years'], 'year')}",
                     percent(view["p_none_within_horizon"]))
    if view["earliest_entry_into_force"] and not settled:
        grid.add_row("Earliest possible", f"{view['earliest_entry_into_force']} (if every "
                     f"missing instrument were deposited on {view['earliest_if_deposited_on']})")
    show(grid, console)
    console.print()
    years = year_rows(view["p_by"])
    if years:
        table = simple_table("Chance of entry into force by")
        table.add_column("Date")
        table.add_column("Chance", justify="right")
        table.add_column("")
        shift = (view.get("shift") or {}).get("p_by", {})
        if shift:
            table.add_column("Shift", justify="right")
        for day, p in years:
            bar = "█" * round(20 * p) + "░" * (20 - round(20 * p))
            cells = [day, percent(p), bar]
            if shift:
                delta = shift.get(day, 0.0)
                cells.append(f"{delta * 100:+.1f} pts" if delta else "0")
            table.add_row(*cells)
        show(table, console)
    console.print(styled(view["drivers"]))
    _facts(view, console)
    if view["assumptions"]:
        console.print()
        pins = ", ".join(f"{a.get('name') or a['participant']} on {a['deposit']}"
                         for a in view["assumptions"])
        console.print(styled(f"Assumed deposits: {pins}.", style="bold"))
        un = view["unpinned"]
        shift = view["shift"]

        def moved(key):
            if shift[key] is None:
                return f"{un[key] or 'after the horizon'} → {view[key] or 'after the horizon'}"
            return f"{shift[key]:+d} days ({un[key]} → {view[key]})"
        console.print(f"Shift against the projection without them: median {moved('median')}; "
                      f"80 % interval from {moved('p10')} to {moved('p90')}.")
    console.print(styled(f"method: {view['method']}", style="dim"))  # warnings: on stderr


def _facts(view: dict, console: Console) -> None:
    """The reported facts the projection relies on, and the deposits recorded after the data's
    date."""
    if view["reported"]:
        facts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}"
                          for kind, n in view["reported"].items())
        console.print(styled(f"Taken as facts on reports, not yet on the depositary's word: "
                             f"{facts} (confidence: reported)."))
    if view["recorded_after_data_as_of"]:
        later = ", ".join(f"{a['name']} on {a['deposit']}"
                          for a in view["recorded_after_data_as_of"])
        console.print(styled(f"Recorded after the data's date, fixed in every run: {later}."))


BACKTEST_COLUMNS = ["part", "method", "cases", "median_abs_error_days", "mean_abs_error_days",
                    "coverage_80", "mean_width_days", "pinball"]


BACKTEST_HEADERS = ["Part", "Method", "Cases", "Median abs. error (days)", "Mean abs. error (days)",
                    "80 % coverage", "Mean width (days)", "Pinball (days)"]


CASE_COLUMNS = ["treaty", "part", "as_of", "scheme", "actual", "method", "median", "p10", "p90",
                "error_days", "covered"]


SHORT = {"development": "dev"}  # the terminal's narrow Part column


def parts(result: dict) -> list[tuple[str, dict]]:
    """The summaries to show, each with its label: every case, then each part of the hold-out
    split; the part alone when the cases are all in one."""
    by_part = list(result.get("by_part", {}).items())
    if len(by_part) == 1:
        return by_part
    return [("all", result["summary"])] + by_part


def backtest_summary_rows(result: dict) -> list[dict]:
    return [{"part": part, "method": m,
             **{k: v for k, v in s.items() if k not in ("pinball_by_quantile", "bootstrap_90")}}
            for part, summary in parts(result) for m, s in summary.items()]


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
            rows.append({"treaty": case["treaty"], "part": case["part"], "as_of": case["as_of"],
                         "scheme": case["scheme"], "actual": case["actual"], "method": m,
                         "median": p["median"], "p10": p["p10"], "p90": p["p90"],
                         "error_days": (dt.date.fromisoformat(median) - actual).days,
                         "covered": covered})
    return rows


BOOTSTRAP_COLUMNS = ["part", "method", "median_abs_error_days", "ratio_to_best_baseline",
                     "coverage_80"]
BOOTSTRAP_HEADERS = ["Part", "Method", "Median abs. error (days), 90 % range",
                     "Ratio to the better baseline, 90 % range", "80 % coverage, 90 % range"]


def bootstrap_rows(result: dict) -> list[dict]:
    """Per method, the treaty-bootstrap 90 % range of each summary, as 'lo–hi' text."""
    rows = []
    for part, summary in parts(result):
        for m, s in summary.items():
            ranges = s.get("bootstrap_90")
            if ranges:
                rows.append({"part": part, "method": m,
                             **{k: f"{lo:g}–{hi:g}" for k, (lo, hi) in ranges.items()}})
    return rows


def replay_text(result: dict) -> str:
    """What the replay was, and how many cases it skipped."""
    if result["replay"] == "strict":
        text = ("Strict historical replay: at each as-of date the reference class is the other "
                "bundled treaties opened before it, each cut at that date.")
    else:
        text = ("Leave-one-out: the other bundled treaties, with all their data, whatever their "
                "dates, are the reference class.")
    skipped = result["skipped"]
    if skipped:
        reasons = "; ".join(sorted({s["reason"] for s in skipped}))
        text += f" {plural(len(skipped), 'case')} skipped: {reasons}."
    return text


def backtest_markdown(result: dict) -> str:
    """The summary table, its bootstrap ranges, then one row per treaty (what
    benchmarks/RESULTS.md shows)."""
    text = replay_text(result) + "\n\n"
    if not result["cases"]:
        return text
    text += to_markdown(backtest_summary_rows(result), BACKTEST_COLUMNS, BACKTEST_HEADERS)
    text += "\n" + to_markdown(bootstrap_rows(result), BOOTSTRAP_COLUMNS, BOOTSTRAP_HEADERS)
    methods = list(result["summary"])
    columns = ["treaty", "cases"] + [f"{m} {k}" for m in methods
                                     for k in ("median_abs_error_days", "coverage_80")]
    headers = ["Treaty", "Cases"] + [f"{m}: {k}" for m in methods
                                     for k in ("median abs. error", "coverage")]
    return text + "\n" + to_markdown(backtest_treaty_rows(result), columns, headers)


def backtest_table(result: dict, console: Console) -> None:
    n = len(result["cases"])
    if not n:
        console.print(styled(replay_text(result)))
        return
    treaties = len(result["by_treaty"])
    named = f" ({', '.join(result['by_treaty'])})" if treaties <= 8 else ""
    table = simple_table(f"Back-test: {plural(n, 'case')} on {treaties} "
                         f"treat{'y' if treaties == 1 else 'ies'}{named}, "
                         f"{plural(result['runs'], 'run')} each")
    for name in ("Part", "Method", "Cases", "Med. err", "Mean err", "Cov.", "Width", "Pinball"):
        table.add_column(name, justify="left" if name in ("Part", "Method") else "right",
                         no_wrap=True)
    for row in backtest_summary_rows(result):
        table.add_row(SHORT.get(row["part"], row["part"]), row["method"], str(row["cases"]),
                      *[f"{row[c]:.0f}" for c in ("median_abs_error_days", "mean_abs_error_days")],
                      f"{row['coverage_80']:.2f}",
                      *[f"{row[c]:.0f}" for c in ("mean_width_days", "pinball")])
    show(table, console)
    ranges = simple_table(f"Resampling the treaties ({result['bootstrap_draws']:,} draws): "
                          "90 % ranges")
    for name in ("Part", "Method", "Med. err", "Ratio to better baseline", "Cov."):
        ranges.add_column(name, justify="left" if name in ("Part", "Method") else "right",
                          no_wrap=True)
    for row in bootstrap_rows(result):
        ranges.add_row(SHORT.get(row["part"], row["part"]),
                       *(row[c] for c in BOOTSTRAP_COLUMNS[1:]))
    show(ranges, console)
    per = simple_table("Per treaty: median error (days) / coverage")
    per.add_column("Treaty")
    per.add_column("Cases", justify="right")
    for m in result["summary"]:
        per.add_column(m, justify="right")
    for treaty, methods in result["by_treaty"].items():
        cells = [treaty, str(next(iter(methods.values()))["cases"])]
        cells += [f"{s['median_abs_error_days']:g} / {s['coverage_80']:.2f}"
                  for s in methods.values()]
        per.add_row(*cells)
    show(per, console)
    console.print(styled("Part: dev(elopment) or test, the hold-out split by the last digit "
                         "of the UNTC number; Med./mean err: absolute error of the median; "
                         "Cov.: share of cases inside the 80 % interval; Width: of that "
                         "interval; Pinball: mean loss at 0.1/0.5/0.9. Days, for the "
                         "entry-into-force date.", style="dim"))
    console.print(styled(replay_text(result) + " Each treaty is projected with only its own "
                         "actions up to each as-of date.", style="dim"))


def projection_view(projection: dict, treaty_name: str, fan: dict | None = None) -> View:
    """`project`; with `fan` (project --chart) the table is followed by the fan chart."""
    return View(projection, projection_rows(projection), ["key", "value"],
                partial(_draw_projection, projection, treaty_name, fan))


def _draw_projection(projection: dict, treaty_name: str, fan: dict | None,
                     console: Console) -> None:
    projection_table(projection, console)
    if fan is not None:
        draw_fan(treaty_name, fan, console)


def backtest_view(result: dict) -> View:
    return View(result, backtest_case_rows(result), CASE_COLUMNS,
                partial(backtest_table, result), markdown=backtest_markdown(result))
