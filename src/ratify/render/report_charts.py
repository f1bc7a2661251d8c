"""The status page's charts as geometry: numbers, path data and tick labels, for the SVG
templates (`templates/chart_history.svg`, `templates/chart_fan.svg`) to draw. Nothing here is
markup and nothing comes from the data file but dates and counts, so the templates can place
every value as it is (they escape it all the same).

Each chart comes in two sizes: WIDE (the page on a screen or paper, the Markdown's SVG file)
and NARROW (a phone: fewer ticks, the same font size, so the text stays readable at 375 px
instead of being scaled down with a wide picture).
"""

from __future__ import annotations

import datetime as dt

WIDE = {"name": "wide", "width": 640, "height": 330, "left": 44, "right": 16, "top": 58,
        "bottom": 46, "ticks": 8}
NARROW = {"name": "narrow", "width": 360, "height": 330, "left": 36, "right": 12, "top": 80,
          "bottom": 46, "ticks": 5}
STRIP = 50          # the fan chart's entry-into-force strip under the axis
MONTH_STEPS = (1, 3, 6, 12, 24, 60, 120, 240, 600)
ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def num(value: float) -> str:
    """A coordinate: one decimal at most."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class Frame:
    """Dates to x and counts to y inside the plot area of one chart size."""

    def __init__(self, size: dict, start: dt.date, end: dt.date, top: float):
        self.size, self.start, self.end, self.top = size, start, end, top
        self.x0, self.x1 = size["left"], size["width"] - size["right"]
        self.y1 = size["top"]
        self.y0 = size["height"] - size["bottom"]

    def x(self, day: dt.date) -> float:
        span = max(1, (self.end - self.start).days)
        days = min(max((day - self.start).days, 0), span)
        return self.x0 + (self.x1 - self.x0) * days / span

    def y(self, value: float) -> float:
        return self.y0 - (self.y0 - self.y1) * min(value, self.top) / self.top

    def box(self) -> dict:
        return {"x0": num(self.x0), "x1": num(self.x1), "y0": num(self.y0), "y1": num(self.y1),
                "mid": num((self.x0 + self.x1) / 2)}


def scale(value: float) -> tuple[int, int]:
    """(top, step) of a count axis: a round step giving at most 5 intervals, top above value."""
    value = max(value, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        top = -(-value * 1.05 // step) * step
        if top / step <= 5:
            return int(top), step
    return int(-(-value // 1000) * 1000), 1000


def date_ticks(start: dt.date, end: dt.date, most: int) -> list[tuple[dt.date, str]]:
    """First days of months (or Januaries) from `start` to `end`, at most `most` of them, at
    the smallest round step that fits."""
    first = start.year * 12 + start.month - 1 + (start.day > 1)
    last = end.year * 12 + end.month - 1
    for step in MONTH_STEPS:
        months = [m for m in range(first, last + 1) if m % step == 0]
        if len(months) <= most:
            break
    ticks = []
    for m in months:
        day = dt.date(m // 12, m % 12 + 1, 1)
        ticks.append((day, str(day.year) if step >= 12 else f"{ABBR[day.month - 1]} {day.year}"))
    return ticks


def axes(frame: Frame, step: int) -> dict:
    """The ticks of both axes: x at dates, y at counts."""
    size = frame.size
    return {
        "xticks": [{"x": num(frame.x(day)), "label": label}
                   for day, label in date_ticks(frame.start, frame.end, size["ticks"])],
        "yticks": [{"y": num(frame.y(v)), "label": f"{v:,}"}
                   for v in range(0, int(frame.top) + 1, step)],
        "box": frame.box(),
        "width": size["width"],
        "name": size["name"],
    }


def step_path(frame: Frame, points: list[tuple[dt.date, int]], until: dt.date) -> str:
    """A step line of counted instruments from the frame's start to `until`."""
    value = 0
    parts = []
    for day, v in points:
        if day <= frame.start:
            value = v
            continue
        if day > until:
            break
        parts.append(f"H{num(frame.x(day))}V{num(frame.y(v))}")
    return (f"M{num(frame.x0)} {num(frame.y(value))}" + "".join(parts)
            + f"H{num(frame.x(until))}")


def markers(frame: Frame, labelled: list[tuple[str, dt.date]]) -> list[dict]:
    """Vertical marker lines with their labels, stacked in rows so that none overlaps."""
    found = []
    for row, (label, day) in enumerate(sorted(labelled, key=lambda m: m[1])):
        if not frame.start <= day <= frame.end:
            continue
        x = frame.x(day)
        found.append({"x": num(x), "label": label, "y": num(frame.y1 + 14 + 16 * (row % 3)),
                      "anchor": "end" if x > (frame.x0 + frame.x1) / 2 else "start",
                      "dx": "-4" if x > (frame.x0 + frame.x1) / 2 else "4"})
    return found


def threshold_line(frame: Frame, threshold: int | None, marks: list[dict]) -> dict | None:
    """The threshold's line and label, the label on the side no marker label is on."""
    if not threshold:
        return None
    right = not any(m["anchor"] == "end" for m in marks)
    return {"y": num(frame.y(threshold)), "label": f"threshold: {threshold:,}",
            "x": num(frame.x1 if right else frame.x0 + 6), "anchor": "end" if right else "start"}


def legend(size: dict, items: list[tuple[str, str]]) -> list[dict]:
    """Legend entries (kind, label) laid out in rows in the chart's top margin: a 22 px
    swatch, the label (about 7.2 px a character at 13 px), then a gap."""
    found, x, row = [], float(size["left"]), 0
    for kind, label in items:
        width = 28 + 7.2 * len(label) + 20
        if x + width > size["width"] - size["right"] + 20 and x > size["left"]:
            x, row = float(size["left"]), row + 1
        found.append({"kind": kind, "label": label, "x": num(x), "y": num(16 + 20 * row)})
        x += width
    return found


def history(series: dict, as_of: dt.date, size: dict, short_day) -> dict:
    """The counted instruments from opening to the as-of date (or the entry into force, when
    it is ahead), the threshold and the dates that matter. `short_day` labels a date."""
    threshold = series["threshold"]
    top, step = scale(max([threshold or 0] + [v for _, v in series["points"]]))
    frame = Frame(size, series["start"], series["end"], top)
    line = step_path(frame, series["points"], min(as_of, series["end"]))
    labelled = [(f"{label} {short_day(day)}", day) for label, day in series["markers"].items()]
    if series["end"] > as_of:
        labelled.append((f"as of {short_day(as_of)}", as_of))
    items = [("line", "counted instruments")]
    if threshold:
        items.append(("threshold", f"threshold ({threshold:,})"))
    marks = markers(frame, labelled)
    return {**axes(frame, step), "line": line, "area": f"{line}V{num(frame.y0)}H{num(frame.x0)}Z",
            "threshold": threshold_line(frame, threshold, marks), "markers": marks,
            "legend": legend(size, items), "height": size["height"]}


def band(frame: Frame, fan: dict, start_value: int) -> tuple[str, str]:
    """(the 80 % band as a closed path, the median path), from the as-of date on."""
    future = [(d, lo, mid, hi) for d, lo, mid, hi in zip(fan["dates"], fan["low"], fan["mid"],
                                                         fan["high"]) if mid is not None]
    if not future:
        return "", ""
    start = (fan["as_of"], start_value, start_value, start_value)
    future = [start, *future]
    upper = [f"{num(frame.x(d))} {num(frame.y(hi))}" for d, _, _, hi in future]
    lower = [f"{num(frame.x(d))} {num(frame.y(lo))}" for d, lo, _, _ in reversed(future)]
    median = [f"{num(frame.x(d))} {num(frame.y(mid))}" for d, _, mid, _ in future]
    return "M" + " L".join(upper + lower) + "Z", "M" + " L".join(median)


def interval_strip(frame: Frame, projection: dict) -> dict:
    """The entry-into-force strip under the axis: the 80 % interval as a bar, the median as a
    dot (open-ended past the horizon)."""
    def day(key):
        return dt.date.fromisoformat(projection[key]) if projection.get(key) else None
    p10, median, p90 = day("p10"), day("median"), day("p90")
    y = frame.y0 + STRIP + 26
    return {"y": num(y), "label_y": num(y - 12),
            "x10": num(frame.x(p10)) if p10 else None,
            "x90": num(frame.x(p90)) if p90 else num(frame.x1),
            "open": p90 is None, "xm": num(frame.x(median)) if median else None}


def fan(series: dict, projection: dict, size: dict, short_day) -> dict:
    """Counted instruments so far, then the median path and the 80 % band of the runs, the
    threshold, the as-of date (and the data's, when earlier) and the entry-into-force strip."""
    threshold = series["threshold"]
    values = [v for v in series["high"] if v is not None] + [v for _, v in series["observed"]]
    top, step = scale(max([threshold or 0] + values))
    size = {**size, "height": size["height"] + STRIP}
    size["bottom"] += STRIP
    frame = Frame(size, series["start"], series["end"], top)
    as_of = series["as_of"]
    observed = [(d, v) for d, v in series["observed"] if d <= as_of]
    line = step_path(frame, observed, as_of)
    outline, median = band(frame, series, observed[-1][1] if observed else 0)
    labelled = [(f"as of {short_day(as_of)}", as_of)]
    horizon = projection.get("data_as_of")
    if horizon and dt.date.fromisoformat(horizon) < as_of:
        labelled.append((f"data as of {short_day(dt.date.fromisoformat(horizon))}",
                         dt.date.fromisoformat(horizon)))
    items = [("line", "counted so far"), ("median", "median path"), ("band", "80 % band"),
             ("threshold", f"threshold ({threshold:,})" if threshold else "threshold")]
    marks = markers(frame, labelled)
    return {**axes(frame, step), "line": line, "band": outline, "median": median,
            "threshold": threshold_line(frame, threshold, marks), "markers": marks,
            "legend": legend(size, items), "height": size["height"],
            "strip": interval_strip(frame, projection)}
