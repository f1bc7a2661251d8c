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

# -- untrusted text -------------------------------------------------------------------------
# Every string from a data file or a page is text, never markup, and never reaches the terminal
# as a control sequence. `clean` is the one escaping point: the console (below) applies it to
# every string it renders, the text writers to every cell, the CLI to every line it echoes.

_VISIBLE = {c: 0x2400 + c for c in range(0x20)}  # C0 -> control pictures: ESC shows as '␛'
_VISIBLE[0x7F] = 0x2421  # DEL -> '␡'
_VISIBLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})  # C1 (CSI 0x9b, OSC 0x9d, ...)
_VISIBLE.update({c: 0xFFFD for c in (0x200E, 0x200F, *range(0x202A, 0x202F),
                                     *range(0x2066, 0x206A))})  # bidirectional overrides
_VISIBLE_KEEP_NEWLINE = {**_VISIBLE, 0x0A: None}
del _VISIBLE_KEEP_NEWLINE[0x0A]


def clean(text, newlines: bool = False) -> str:
    """`text` with every control character made visible (newlines kept if `newlines`)."""
    return str(text).translate(_VISIBLE_KEEP_NEWLINE if newlines else _VISIBLE)


def console(stdout: bool = True):
    """A rich console that treats every string as plain text and cleans it before layout.

    Markup, emoji codes and highlighting are off; piped output is not wrapped, so file:line
    findings stay on one line. NO_COLOR and non-terminal output are rich's own rules.
    """
    import sys

    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text, **kwargs):
            kwargs.update(markup=False, emoji=False, highlight=False)
            return super().render_str(clean(text, newlines=True), **kwargs)

    stream = sys.stdout if stdout else sys.stderr
    return SafeConsole(file=stream, markup=False, emoji=False, highlight=False,
                       soft_wrap=not stream.isatty())


def _text(value, style: str = ""):
    """A rich Text of untrusted `value`: cleaned, never parsed as markup."""
    from rich.text import Text
    return Text(clean(value, newlines=True), style=style)


def show(renderable, console: Console, wrap: bool = False) -> None:
    """Print one renderable; off a terminal, without the padding rich adds to the right.
    `wrap` lays text out to the console's width even when piped (where lines are not cut)."""
    soft_wrap = None if wrap is False else False
    if console.is_terminal:
        console.print(renderable, soft_wrap=soft_wrap)
        return
    with console.capture() as captured:
        console.print(renderable, soft_wrap=soft_wrap)
    console.file.write("\n".join(line.rstrip() for line in captured.get().split("\n")))


def plural(n: int, noun: str) -> str:
    """'1 year', '10,000 runs'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# -- plain writers -------------------------------------------------------------------------

_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in _VISIBLE if c >= 0x7F}


def to_json(data) -> str:
    """JSON (UTF-8); C0 controls are escaped by json, DEL, C1 and bidi overrides here."""
    import json
    return json.dumps(data, indent=2, ensure_ascii=False, default=str).translate(_JSON_UNSAFE)


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


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading quote (OWASP);
    numbers stay numbers."""
    text = clean(_cell(value), newlines=True)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#!&"})
_URL = None  # compiled on first use below (one character class: linear)


def md_text(value) -> str:
    """Untrusted text in Markdown: punctuation that could start markup is escaped, http(s)
    URLs become <autolinks>, a newline becomes <br> (so a note cannot break a table row)."""
    global _URL
    if _URL is None:
        import re
        _URL = re.compile(r"https?://[^\s<>|\\`\[\]]+")
    text = clean(_cell(value), newlines=True)
    out, start = [], 0
    for match in _URL.finditer(text):
        out.append(text[start:match.start()].translate(_MD_ESCAPES))
        out.append(f"<{match.group()}>")
        start = match.end()
    out.append(text[start:].translate(_MD_ESCAPES))
    return "<br>".join(line.strip() for line in "".join(out).split("\n"))


def to_markdown(rows: list[dict], columns: list[str], headers: list[str] | None = None) -> str:
    headers = headers or columns
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(md_text(row.get(c)) for c in columns) + " |")
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
        "as_of", "data_as_of", "signatories", "signatories_not_ratified",
        "signatories_reported", "parties", "counted", "required", "remaining",
        "threshold_date", "entry_into_force", "in_force", "signature_closes",
        "earliest_entry_into_force")]
    for i, c in enumerate(view["conditions"], 1):
        rows.append({"key": f"condition_{i}", "value": c})
    return [{"key": "treaty", "value": view["treaty"]["id"]}] + rows + _notes_and_warnings(view)


def signatories_text(view: dict) -> str:
    """'73 (72 not yet ratified; 8 reported)': every signature, whether or not ratified, then
    the signatories `list --status signatory` lists and the signatures not yet confirmed."""
    text = str(view["signatories"])
    if "signatories_not_ratified" not in view:
        return text
    split = [f"{view['signatories_not_ratified']} not yet ratified"]
    if view.get("signatories_reported"):
        split.append(f"{view['signatories_reported']} reported")
    return f"{text} ({'; '.join(split)})"


def status_table(view: dict, console: Console) -> None:
    """The status summary, composed as one block of text (one write to the terminal)."""
    t = view["treaty"]
    out = _text("")

    def line(text: str = "", style: str = "") -> None:
        out.append(clean(text, newlines=True) + "\n", style=style)

    out.append(clean(view["short_title"]), style="bold")
    line(f"  ({t['reference']})" if t.get("reference") else "")
    line(f"as of {view['as_of']} · data reconciled {view['data_as_of'] or 'unknown'}")
    line(f"rule: {view['rule']}")
    line()
    rows = [("Signatories", signatories_text(view)), ("Parties", str(view["parties"]))]
    for c in view["conditions"]:
        if c["kind"] == "count":
            label = "Counted" if not c.get("group") else f"Counted ({c['group']})"
            rows.append((label, progress_bar(c["current"], c["required"])))
        elif c["kind"] == "weight":
            if c["current"] is None:
                value = (f"not evaluable: no {c['weight']} figures in the data "
                         f"({c['required']:g} % needed)")
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
        number = f"note {note['number']}: " if note.get("number") else ""
        line(f"• {number}{note['text']}", "dim")
    out.rstrip()
    console.print(out)  # the warnings go to stderr (the CLI's `warn`)


# -- list and show -------------------------------------------------------------------------

LIST_COLUMNS = ["code", "name", "kind", "region", "status", "signature", "signature_earliest",
                "signature_confidence", "consent_type", "consent_date", "consent_earliest",
                "consent_confidence", "effective", "pipeline"]


def flat_rows(rows: list[dict]) -> list[dict]:
    """CSV/Markdown rows: `consent` flattened to consent_type and consent_date."""
    flat = []
    for r in rows:
        consent = r.get("consent") or {}
        flat.append({**r, "consent_type": consent.get("type"), "consent_date": consent.get("date"),
                     "pipeline": [f"{p['type']} {p['date']}" for p in r["pipeline"]]})
    return flat


_LIST_NOUNS = {None: ("participant", "participants"), "party": ("party", "parties"),
               "signatory": ("signatory not yet a party", "signatories not yet parties"),
               "none": ("participant with no signature or instrument",
                        "participants with no signature or instrument"),
               "withdrawn": ("withdrawn participant", "withdrawn participants")}


def list_title(n: int, status: str | None, day) -> str:
    """'3 parties as of 2026-12-03', '1 signatory not yet a party as of ...'."""
    one, many = _LIST_NOUNS[status]
    return f"{n} {one if n == 1 else many} as of {day}"


def _drawn(table, console: Console) -> list[str] | None:
    """`table` drawn for `console` (lines without trailing spaces), or None if it is wider."""
    from rich.cells import cell_len
    from rich.text import Text
    with console.capture() as captured:
        console.print(table, soft_wrap=True)  # as drawn, without cropping
    lines = [line.rstrip() for line in captured.get().split("\n")]
    if all(cell_len(Text.from_ansi(line).plain) <= console.width for line in lines):
        return lines
    return None


def fitted_table(title: str, cells: list[dict], console: Console, *, wrapping=(),
                 spare=(), line=None) -> None:
    """Print `cells` (dicts of column -> text, in column order) as the widest table that fits
    the console: columns in `wrapping` wrap at spaces, the others never wrap, and no word is
    ever cut ("…"); the `spare` columns are left out, in that order, until it fits. If even
    that is too wide, each row is printed as `line(row)`, whole."""
    columns = list(cells[0])
    drawn = _fit(title, columns, cells, console, wrapping, spare)
    if drawn is not None:
        console.file.write("\n".join(drawn))
        return
    console.print(_text(title))
    for row in cells:
        console.print(_text(line(row) if line else "; ".join(v for v in row.values() if v)))


def _fit(title, columns, cells, console, wrapping, spare) -> list[str] | None:
    """The table drawn, with widths computed here (rich need not measure every row again for
    each layout it tries); None if it cannot fit."""
    from rich.cells import cell_len
    widest = {c: max(cell_len(t) for t in [c] + [row[c] for row in cells]) for c in columns}
    narrowest = {c: max(cell_len(w) for t in [c] + [row[c] for row in cells]
                        for w in t.split() or [""]) if c in wrapping else widest[c]
                 for c in columns}
    columns = list(columns)
    while True:
        # one space at either edge (the SIMPLE_HEAD box) and three between columns
        room = console.width - (3 * len(columns) - 1) - sum(narrowest[c] for c in columns)
        if room >= 0:
            widths = {c: narrowest[c] for c in columns}
            wants = {c: widest[c] - narrowest[c] for c in wrapping if c in columns}
            if sum(wants.values()) <= room:  # every wrapping column gets all it wants
                widths.update({c: widest[c] for c in wants})
            else:  # the room shared in proportion to what each wants; the rest in order
                total = sum(wants.values())
                for c, want in wants.items():
                    widths[c] += room * want // total
                left = room - sum(room * want // total for want in wants.values())
                for c in wants:
                    extra = min(left, widest[c] - widths[c])
                    widths[c] += extra
                    left -= extra
            table = _table(title)
            for c in columns:
                table.add_column(c, width=widths[c], no_wrap=c not in wrapping, overflow="fold")
            for row in cells:
                table.add_row(*(row[c] for c in columns))
            drawn = _drawn(table, console)
            if drawn is not None:
                return drawn
        left = [c for c in spare if c in columns]
        if not left:
            return None
        columns.remove(left[0])


def list_table(rows: list[dict], console: Console, title: str) -> None:
    """Participants as a table; columns that are empty for every row are left out."""
    cells = []
    starred = False

    def star(confidence) -> str:  # the mark follows the action a cell shows
        nonlocal starred
        if confidence == "reported":
            starred = True
            return " *"
        return ""
    for r in rows:
        consent = r["consent"]
        pipeline = r["pipeline"][-1] if r["pipeline"] else None
        cells.append({
            "Participant": r["name"] + (" (REIO)" if r["kind"] == "reio" else ""),
            "Code": r["code"],
            "Region": r["region"] or "—",
            "Status": r["status"],
            "Signature": (r["signature_display"] or "") + star(r.get("signature_confidence")),
            "Instrument": f"{consent['type']} {r.get('consent_display') or consent['date']}"
            + star(r.get("consent_confidence")) if consent else "",
            "In effect": r["effective"] or "",
            "Pipeline": f"{pipeline['type'].replace('_', ' ')} {pipeline['date']}"
            + star(pipeline.get("confidence")) if pipeline else "",
        })
    if not cells:
        console.print(title)
        return
    columns = [c for c in ("Participant", "Code", "Region", "Status", "Signature", "Instrument",
                           "In effect", "Pipeline") if any(row[c] for row in cells)]

    def line(row: dict) -> str:  # too narrow for a table: one participant a line, name whole
        facts = ", ".join(f"{c.lower()} {row[c]}" for c in columns
                          if c not in ("Participant", "Code", "Status") and row[c])
        return f"{row['Participant']}: {row['Status']}" + (f"; {facts}" if facts else "")
    fitted_table(title, [{c: row[c] for c in columns} for row in cells], console,
                 wrapping=("Participant", "Pipeline"),
                 spare=("Code", "Region", "In effect", "Pipeline", "Instrument"), line=line)
    if starred:
        console.print(_text("* reported, not yet confirmed by the depositary", style="dim"))


def _action_lines(actions: list[dict], console: Console) -> None:
    """`show`'s actions, one a line, then their source and note indented below: a URL is
    printed whole (never broken to fit a column), prose wraps at spaces."""
    from .dates import format_range
    console.print(_text("Actions", style="bold"))
    for a in actions:
        day = format_range(dt.date.fromisoformat(a["earliest"]) if a["earliest"] else None,
                           dt.date.fromisoformat(a["date"]))
        console.print(_text(f"  {day}  {a['type'].replace('_', ' ')}  ({a['confidence']})"))
        for label in ("source", "note"):
            if a[label]:
                text = " ".join(str(a[label]).split())
                if " " in text:  # prose: wrapped at spaces under its label
                    from rich.padding import Padding
                    show(Padding(_text(f"{label}: {text}"), (0, 0, 0, 6)), console, wrap=True)
                else:  # one word, a URL: printed whole, never cut
                    console.print(_text(f"      {label}: {text}"), soft_wrap=True)


def show_table(detail: dict, console: Console) -> None:
    kind = " (REIO)" if detail["kind"] == "reio" else ""
    console.print(_text(f"{detail['name']}{kind} [{detail['code']}]", style="bold"))
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
    if not detail["actions"]:
        console.print("no action recorded")
    else:
        _action_lines(detail["actions"], console)
    for d in detail["declarations"]:
        arts = f" (articles {', '.join(d['articles'])})" if d["articles"] else ""
        console.print(f"{d['kind']} {d['date'] or ''}{arts}: {d['text'] or ''}"
                      + (f" [{d['source']}]" if d["source"] else ""))
    if detail.get("notes"):  # reported facts without a depositary date that name it
        console.print(_text("notes (reported, never counted):", style="bold"))
        for n in detail["notes"]:
            dated = f" ({n['date']})" if n.get("date") else ""
            source = f" — {n['source']}" if n.get("source") else ""
            console.print(_text(f"  note {n['number']}{dated}: {n['text']}{source}"))


# -- check ---------------------------------------------------------------------------------


def check_report(findings: list[dict], console: Console, path: str) -> None:
    errors = [f for f in findings if f["level"] == "error"]
    warnings = [f for f in findings if f["level"] == "warning"]
    for f in errors + warnings:
        where = f"{path}:{f['line']}: " if f.get("line") else f"{path}: "
        style = "red" if f["level"] == "error" else "yellow"
        # one finding, one line: a newline in the data shows as ␊ and cannot fake a summary
        console.print(_text(clean(f"{where}{f['level']}: {f['message']}"), style=style))
    console.print(f"{path}: {len(errors)} error{'s' if len(errors) != 1 else ''}, "
                  f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")


# -- timeline and charts --------------------------------------------------------------------


def timeline_table(rows: list[dict], console: Console, title: str) -> None:
    from .dates import format_range
    cells = []
    for r in rows:
        star = " *" if r.get("confidence") == "reported" else ""
        day = r["date"]
        if r.get("earliest"):
            day = format_range(dt.date.fromisoformat(r["earliest"]), dt.date.fromisoformat(day))
        cells.append({"Date": day, "Participant": r["name"],
                      "Action": r["type"].replace("_", " ") + star, "Counted": str(r["counted"])})
    if not cells:
        console.print(_text(title))
        return
    fitted_table(title, cells, console, wrapping=("Participant", "Action"),
                 line=lambda c: f"{c['Date']} {c['Participant']}: {c['Action']} "
                                f"({c['Counted']} counted)")
    if any(r.get("confidence") == "reported" for r in rows):
        console.print(_text("* reported, not yet confirmed by the depositary", style="dim"))


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
        console.print(_text(line), soft_wrap=True)


# -- treaties ------------------------------------------------------------------------------


def treaties_table(rows: list[dict], console: Console) -> None:
    cells = []
    for r in rows:
        eif = f"in force since {r['entry_into_force']}" if r["entry_into_force"] else \
            "not in force"
        if not r["evaluable"]:
            eif += " (the depositary's date; a condition is not evaluable from the data)"
        cells.append({"ID": r["id"], "Treaty": r["title"], "Rule": r["rule"],
                      "Entry into force": eif, "Counted": str(r["counted"])})
    fitted_table("Bundled treaties", cells, console,
                 wrapping=("Treaty", "Rule", "Entry into force"), spare=("Counted",),
                 line=lambda c: f"{c['ID']}: {c['Treaty']}; {c['Rule']}; {c['Entry into force']}; "
                                f"{c['Counted']} counted")


# -- diff ----------------------------------------------------------------------------------


def changes_table(result: dict, rows: list[dict], console: Console) -> None:
    """`ratify diff`: the changed actions, then what they did to the counts and dates."""
    title = f"{result['old']} → {result['new']}"
    if not rows:
        console.print(_text(f"{title}: no action added, removed or changed"))
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
        console.print(_text(f"data as of: {dates['old'] or '—'} → {dates['new'] or '—'}"))
    for line in result["effects"]:
        console.print(_text(f"{line} (as of {result['as_of']})" if line.startswith("counts")
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
    return rows + _notes_and_warnings(view)


def _notes_and_warnings(view: dict) -> list[dict]:
    """A view's notes and warnings as key/value rows: CSV and Markdown keep what the table says."""
    return ([{"key": "note", "value": n["text"]} for n in view.get("notes", ())]
            + [{"key": "warning", "value": w} for w in view.get("warnings", ())])


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
    console.print(_text(f"{view['short_title']}: projected entry into force", style="bold"))
    console.print(f"as of {view['as_of']} · {plural(view['runs'], 'run')} · seed {view['seed']} · "
                  f"horizon {plural(view['horizon_years'], 'year')} (to {view['horizon_end']})")
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
                     _percent(view["p_none_within_horizon"]))
    if view["earliest_entry_into_force"] and not settled:
        grid.add_row("Earliest possible", f"{view['earliest_entry_into_force']} (if every "
                     f"missing instrument were deposited on {view['as_of']})")
    show(grid, console)
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
        show(table, console)
    console.print(_text(view["drivers"]))
    if view["assumptions"]:
        console.print()
        pins = ", ".join(f"{a.get('name') or a['participant']} on {a['deposit']}"
                         for a in view["assumptions"])
        console.print(_text(f"Assumed deposits: {pins}.", style="bold"))
        un = view["unpinned"]
        shift = view["shift"]

        def moved(key):
            if shift[key] is None:
                return f"{un[key] or 'after the horizon'} → {view[key] or 'after the horizon'}"
            return f"{shift[key]:+d} days ({un[key]} → {view[key]})"
        console.print(f"Shift against the projection without them: median {moved('median')}; "
                      f"80 % interval from {moved('p10')} to {moved('p90')}.")
    console.print(_text(f"method: {view['method']}", style="dim"))  # warnings: on stderr


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
    n = len(result["cases"])
    treaties = len(result["treaties"])
    table = _table(f"Back-test: {plural(n, 'case')} on {treaties} "
                   f"treat{'y' if treaties == 1 else 'ies'} "
                   f"({', '.join(result['treaties'])}), {plural(result['runs'], 'run')} each")
    for name in ("Method", "Cases", "Med. err", "Mean err", "Cov.", "Width", "Pinball"):
        table.add_column(name, justify="left" if name == "Method" else "right", no_wrap=True)
    for row in backtest_summary_rows(result):
        table.add_row(row["method"], str(row["cases"]),
                      *[f"{row[c]:.0f}" for c in ("median_abs_error_days", "mean_abs_error_days")],
                      f"{row['coverage_80']:.2f}",
                      *[f"{row[c]:.0f}" for c in ("mean_width_days", "pinball")])
    show(table, console)
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
    show(per, console)
    console.print(_text("Med./mean err: absolute error of the median; Cov.: share of cases "
                       "inside the 80 % interval; Width: of that interval; Pinball: mean loss "
                       "at 0.1/0.5/0.9. Days, for the entry-into-force date.", style="dim"))
    console.print(_text("Leave-one-out: each treaty is projected with the other bundled treaties "
                       "as the reference class and only its own actions up to each as-of date.",
                       style="dim"))
