"""`ratify report`: the treaty's status page, as one self-contained HTML file or as Markdown.

The page is drawn by Jinja2 templates in the package (`templates/report.html`,
`templates/report.md`, the charts' `templates/chart_*.svg`) from the data of `ratify.report`
(the `status` and `project` views, the history, the participants). Jinja2 is imported here only,
so no other command pays for it.

Every value from the data file is untrusted text. HTML: autoescaping on, and every value goes
through `page_text` first (`clean`: control characters made visible; noncharacters replaced),
so no name, note or source can open a tag or an attribute; only a whole http(s) source becomes
a link (`model.is_web_address`), and a Content-Security-Policy forbids scripts and every request
anyway. Markdown: every value goes through `output.md_text` (markup escaped, http(s) URLs as
autolinks), unless the renderer built it (`Markup`).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources

from ..dates import format_day
from ..model import is_web_address
from . import report_charts as charts
from .layout import percent
from .projection import year_rows
from .safe import clean

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: the participant table's sections, in order, and whether each starts open
GROUPS = (("party", "Parties", True), ("signatory", "Signatories, not yet parties", True),
          ("withdrawn", "Withdrawn", True), ("none", "Not signed", False))
UNTC_CITATION = ("Multilateral Treaties Deposited with the Secretary-General, United Nations, "
                 "New York (ST/LEG/SER.E), as available on https://treaties.un.org on {day}")
#: noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF): an HTML parse error, shown as U+FFFD
_NONCHARACTERS = {c: 0xFFFD for c in [*range(0xFDD0, 0xFDF0),
                                      *(p * 0x10000 + x for p in range(17)
                                        for x in (0xFFFE, 0xFFFF))]}


def as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def long_day(value) -> str:
    """'3 December 2026'."""
    day = as_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_day(value) -> str:
    """'3 Dec 2026'."""
    return format_day(as_date(value))


def page_text(value) -> str:
    """Untrusted text for the page: control characters visible, noncharacters replaced."""
    return clean(value).translate(_NONCHARACTERS)


def track_record() -> dict:
    """The back-test summary stored with the package (benchmarks/projection_accuracy.py writes
    it from the run recorded in benchmarks/RESULTS.md; a test keeps the two equal)."""
    path = resources.files(__package__).joinpath("templates/backtest_summary.json")
    return json.loads(path.read_text(encoding="utf-8"))


def track_sentence(record: dict) -> str:
    """One sentence on how the projection did on the bundled treaties' history."""
    coverage = record["coverage_80"]
    if coverage < 0.72:
        verdict = "fewer than the 80 % it aims at, so read the interval as too narrow"
    elif coverage > 0.88:
        verdict = "more than the 80 % it aims at, so read the interval as too wide"
    else:
        verdict = "about as often as an 80 % interval should"
    return (f"Track record: replayed on {record['cases']} past cases of {record['treaties']} "
            "treaties held out from its tuning, with only what was known at each date, the "
            "model's median date was off "
            f"by {record['median_abs_error_days']:g} days (median of the cases), and its 80 % "
            f"interval held the real date in {coverage:.0%} of them — {verdict}.")


class Sources:
    """Every distinct source, numbered in order of first use: {number, text, link}."""

    def __init__(self):
        self.found: dict[str, dict] = {}

    def ref(self, text: str | None) -> dict | None:
        if not text:
            return None
        if text not in self.found:
            self.found[text] = {"number": len(self.found) + 1, "text": text,
                                "link": text if is_web_address(text) else None}
        return self.found[text]

    def all(self) -> list[dict]:
        return list(self.found.values())


def participant_groups(rows: list[dict], sources: Sources) -> list[dict]:
    """The participant table's sections: parties, signatories, withdrawn, not signed (a section
    with nobody in it is left out, but for parties and signatories)."""
    groups = []
    for status, title, start_open in GROUPS:
        members = [{**r, "refs": [sources.ref(s) for s in r["sources"]]}
                   for r in rows if r["status"] == status]
        if members or status in ("party", "signatory"):
            groups.append({"status": status, "title": title, "rows": members,
                           "open": start_open,
                           "instrument": any(r["consent"] or r["effective"] for r in members)
                           or status in ("party", "withdrawn"),
                           "steps": any(r["pipeline"] or r["notes"] for r in members)})
    return groups


def gauges(status: dict) -> list[dict]:
    """One gauge per entry-into-force condition: current, required, share filled, words."""
    found = []
    for i, c in enumerate(status["conditions"]):
        key = f"status.conditions.{i}"
        gauge = {"kind": c["kind"], "key": key, "current": c["current"],
                 "required": c["required"], "evaluable": c["evaluable"], "met_on": c["met_on"]}
        if c["kind"] == "weight":
            gauge["label"] = f"share of {c['weight']}"
        elif c["kind"] == "all_of":
            gauge["label"] = "named participants" + (f" ({c['group']})" if c.get("group") else "")
        else:
            gauge["label"] = "instruments counted" + (f" from {c['group']}"
                                                      if c.get("group") else "")
        share = (c["current"] or 0) / c["required"] if c["required"] else 1.0
        gauge["share"] = min(1.0, share)
        gauge["cells"] = (int(c["required"]) if c["kind"] != "weight" and c["required"]
                          and c["required"] <= 100 else 0)
        gauge["filled"] = min(int(c["current"] or 0), gauge["cells"])
        found.append(gauge)
    return found


def window(status: dict) -> dict:
    """The signature window: a countdown while a closing day is ahead, else the words."""
    closes, as_of = status["signature_closes"], as_date(status["as_of"])
    if closes and as_of <= as_date(closes):
        return {"closes": closes, "days": (as_date(closes) - as_of).days, "text": None,
                "at_entry_into_force": status["signature_closes_at_entry_into_force"]}
    return {"closes": None, "days": None, "text": status["signature_window"],
            "at_entry_into_force": False}


def cite(status: dict, version: str) -> str:
    """'Cite this page', in the form the UN Treaty Collection suggests for its status pages."""
    reference = status["treaty"]["reference"]
    name = f"Status of the {status['short_title']}" + (f" ({reference})" if reference else "")
    day = long_day(status["data_as_of"] or status["as_of"])
    if reference and reference.upper().startswith("UNTC"):
        base = UNTC_CITATION.format(day=day)
    else:
        base = f"the depositary's records, as reconciled on {day}"
    return (f"“{name}”, status as at {long_day(status['as_of'])}, compiled with ratify "
            f"{version} from {base}.")


def chart_context(data: dict) -> dict:
    """Both charts in both sizes (None when there is nothing to draw)."""
    as_of = as_date(data["status"]["as_of"])
    found = {"history": {size["name"]: charts.history(data["history"], as_of, size, short_day)
                         for size in (charts.WIDE, charts.NARROW)}, "fan": None}
    if data["fan"]:
        found["fan"] = {size["name"]: charts.fan(data["fan"], data["projection"], size,
                                                 short_day)
                        for size in (charts.WIDE, charts.NARROW)}
    return found


def chart_texts(data: dict) -> dict:
    """The charts' titles and text alternatives (also their captions)."""
    status, projection, history = data["status"], data["projection"], data["history"]
    counted = history["points"][-1][1] if history["points"] else 0
    desc = (f"Counted instruments from {short_day(history['start'])} to "
            f"{short_day(min(history['end'], as_date(status['as_of'])))}: {counted:,}")
    desc += f" of the {history['threshold']:,} needed." if history["threshold"] else "."
    for label, day in history["markers"].items():
        desc += f" {label[0].upper()}{label[1:]}: {short_day(day)}."
    found = {"history_title": f"{status['short_title']}: counted instruments over time",
             "history_desc": desc, "fan_title": None, "fan_desc": None}
    if data["fan"]:
        def when(key):
            value = projection[key]
            return short_day(value) if value else f"after {short_day(projection['horizon_end'])}"
        found["fan_title"] = f"{status['short_title']}: projected counted instruments"
        found["fan_desc"] = (
            f"Counted instruments up to {short_day(status['as_of'])}, then the median path and "
            f"the 80 % band of the simulated runs to {short_day(data['fan']['end'])}. Median "
            f"entry into force: {when('median')}; 80 % interval: {when('p10')} – {when('p90')}.")
    return found


def page_title(status: dict) -> str:
    if status["in_force"] or status["required"] is None:
        return f"{status['short_title']} — status as at {long_day(status['as_of'])}"
    return (f"{status['short_title']}: {status['counted']:,} of {status['required']:,} — status "
            f"as at {long_day(status['as_of'])}")


def context(data: dict, version: str) -> dict:
    """What the templates show."""
    status, projection = data["status"], data["projection"]
    sources = Sources()
    treaty_source = sources.ref(data["treaty_source"])
    notes = [{**n, "ref": sources.ref(n["source"])} for n in status["notes"]]
    groups = participant_groups(data["participants"], sources)
    settled = projection is not None and projection["pace"] is None
    record = track_record()
    return {
        "version": version, "s": status, "p": projection, "settled": settled,
        "title": status["short_title"],
        "full_title": status["treaty"]["title"]
        if status["treaty"]["title"] != status["short_title"] else None,
        "depositary": data["depositary"], "clause": data["clause"],
        "stale": data["stale"], "stale_days": data["stale_days"],
        "gauges": gauges(status), "window": window(status),
        "headline": gauges(status)[0] if status["conditions"] else None,
        "charts": chart_context(data),
        "years": year_rows(projection["p_by"]) if projection and not settled else [],
        "track": record, "track_sentence": track_sentence(record),
        "unavailable": data["projection_unavailable"],
        "groups": groups, "notes": notes, "warnings": data["warnings"],
        "treaty_source": treaty_source, "sources": sources.all(),
        "cite": cite(status, version),
        "page_title": page_title(status),
        "eif": status["entry_into_force"] or status["entered_into_force_recorded"],
        "stale_against": (as_date(status["data_as_of"]) + dt.timedelta(days=data["stale_days"])
                          ).isoformat() if data["stale"] else None,
        "counts": [(day.isoformat(), value) for day, value in data["history"]["points"]],
        "unverified": any(r["effective_unverified"] for r in data["participants"]),
        **chart_texts(data),
    }


@cache
def environment(kind: str):
    """The Jinja2 environment for "html" (autoescaped, every value through `page_text`) or
    "md" (every value through `md_text` unless the renderer marked it `Markup`)."""
    import jinja2
    from markupsafe import Markup

    from .output import md_text

    if kind == "html":
        def finalize(value):
            return value if isinstance(value, Markup) or not isinstance(value, str) \
                else page_text(value)
    else:
        def finalize(value):
            if value is None:
                return ""
            return value if isinstance(value, Markup) else md_text(value)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ratify.render", "templates"),
        autoescape=jinja2.select_autoescape(("html", "svg"), default_for_string=True,
                                            default=kind == "html"),
        finalize=finalize, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(long=long_day, short=short_day, percent=percent,
                       number=lambda n: f"{n:,}" if isinstance(n, int) else f"{n:g}")
    return env


def html(data: dict, version: str) -> str:
    """The page: one self-contained HTML file."""
    return environment("html").get_template("report.html").render(context(data, version))
