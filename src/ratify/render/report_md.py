"""`ratify report --md`: the status page's content as Markdown, for a GitHub README or wiki,
and the charts as standalone SVG files to write next to it.

With chart files (`-o FILE` given) the Markdown shows them as images; without, the charts are
drawn as text (render/charts.py, as `timeline --chart` and `project --chart` draw them).
Every value from the data file goes through `md_text` (the template environment's finalize);
only what is built here is `Markup`: the text charts (dates, counts and box characters), the
links to whole http(s) sources and the image names.
"""

from __future__ import annotations

from urllib.parse import quote

from .charts import fan_chart, step_chart
from .report import chart_context, context, environment


def text_bar(gauge: dict, width: int = 40) -> str:
    """'██████░░░░ 24/55' for one condition."""
    filled = round(width * gauge["share"])
    current = gauge["current"] if gauge["current"] is not None else "?"
    unit = " %" if gauge["kind"] == "weight" else ""
    return f"{'█' * filled}{'░' * (width - filled)} {current}{unit}/{gauge['required']}{unit}"


def text_charts(data: dict) -> dict:
    """The history and the fan as lines of text (the fan at half its columns: 60)."""
    history = data["history"]
    lines = {"history_lines": step_chart(history["points"], history["threshold"],
                                         history["start"], history["end"], history["markers"]),
             "fan_lines": []}
    fan = data["fan"]
    if fan:
        half = {**fan, **{k: fan[k][1::2] for k in ("dates", "low", "mid", "high")}}
        lines["fan_lines"] = fan_chart(half, width=len(half["dates"]))
    return lines


def md_ref(ref: dict):
    """A source number: a link to a whole http(s) source, else the bare number."""
    from markupsafe import Markup
    link = ref["link"]
    if link and not any(c in link for c in "<>\\"):
        return Markup(f"[\\[{ref['number']}\\]](<{link}>)")
    return Markup(f"\\[{ref['number']}\\]")


def markdown(data: dict, version: str, images: dict[str, str] | None = None) -> str:
    """The page as Markdown; `images` names the chart files written next to it
    ({"history": ..., "fan": ...}), else the charts are text."""
    from markupsafe import Markup
    page = context(data, version)
    page.update({key: [Markup(line) for line in lines]
                 for key, lines in text_charts(data).items()})
    page["bars"] = [Markup(text_bar(g)) for g in page["gauges"] if g["evaluable"]]
    page["images"] = {k: Markup(quote(v)) for k, v in images.items()} if images else None
    page.update(star=Markup("\\*"), br=Markup("<br>"), md_ref=md_ref)
    return environment("md").get_template("report.md").render(page)


def chart_files(data: dict, base: str) -> dict[str, tuple[str, str]]:
    """{chart: (file name, standalone SVG)} for the charts the page has; `base` is the
    Markdown file's name without its extension."""
    found = chart_context(data)
    page = context(data, "")
    template = environment("html")
    files = {"history": (f"{base}-history.svg", template.get_template("chart_history.svg")
                         .render(c=found["history"]["wide"], id="history", standalone=True,
                                 title=page["history_title"], desc=page["history_desc"]))}
    if found["fan"]:
        files["fan"] = (f"{base}-projection.svg", template.get_template("chart_fan.svg")
                        .render(c=found["fan"]["wide"], id="fan", standalone=True,
                                title=page["fan_title"], desc=page["fan_desc"]))
    return files

