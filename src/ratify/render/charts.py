"""Terminal charts, readable at 80 columns and without colour: counted instruments over time
(`timeline --chart`) and the projection's fan (`project --chart`), with their titles and legends."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from .output import View
from .safe import styled

if TYPE_CHECKING:
    from rich.console import Console


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
    for line in lines:
        console.print(styled(line), soft_wrap=True)


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


def timeline_chart_view(treaty_name: str, series: dict) -> View:
    """`timeline --chart`: a table-format view only (a chart has no JSON or CSV)."""
    return View(None, draw=partial(draw_timeline_chart, treaty_name, series))


def draw_timeline_chart(treaty_name: str, series: dict, console: Console) -> None:
    """The step chart with its title, legend and the dates of its markers."""
    console.print(f"{treaty_name}: counted instruments, {series['start']} to {series['end']}")
    print_lines(step_chart(series["points"], series["threshold"], series["start"], series["end"],
                           series["markers"]), console)
    console.print(f"█ counted instruments   - threshold ({series['threshold']})")
    for label, day in series["markers"].items():
        console.print(f"{label[0]} {label}: {day}")


def draw_fan(treaty_name: str, series: dict, console: Console) -> None:
    """The fan chart with its title and legend, after a blank line."""
    console.print()
    console.print(f"{treaty_name}: counted instruments, {series['start']} to {series['end']}")
    print_lines(fan_chart(series), console)
    console.print(fan_legend(series))
