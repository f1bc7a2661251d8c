"""The tables of status, list, show, check and treaties: each command's View and its drawing."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from .layout import fitted_table, note_rows, progress_bar
from .output import View
from .safe import clean, plural, show, styled

if TYPE_CHECKING:
    from rich.console import Console


def status_rows(view: dict) -> list[dict]:
    """Status as key/value rows, for CSV and Markdown."""
    rows = [{"key": k, "value": view[k]} for k in (
        "as_of", "data_as_of", "signatories", "signatories_not_ratified",
        "signatories_reported", "parties", "counted", "required", "remaining",
        "threshold_date", "entry_into_force", "in_force", "signature_closes",
        "earliest_entry_into_force")]
    for i, c in enumerate(view["conditions"], 1):
        rows.append({"key": f"condition_{i}", "value": c})
    return [{"key": "treaty", "value": view["treaty"]["id"]}] + rows + note_rows(view)


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
    out = styled("")

    def line(text: str = "", style: str = "") -> None:
        out.append(clean(text, newlines=True) + "\n", style=style)

    out.append(clean(view["short_title"]), style="bold")
    line(f"  ({t['reference']})" if t.get("reference") else "")
    line(f"as of {view['as_of']} · data reconciled {view['data_as_of'] or 'unknown'}")
    line(f"rule: {view['rule']}")
    line()
    rows = _figure_rows(view)
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        out.append(label.ljust(width), style="bold")
        line(value)
    line()
    for text, style in _standing(view):
        line(text, style)
    for note in view["notes"]:
        number = f"note {note['number']}: " if note.get("number") else ""
        line(f"• {number}{note['text']}", "dim")
    out.rstrip()
    console.print(out)  # the warnings go to stderr (the CLI's `warn`)


def _figure_rows(view: dict) -> list[tuple[str, str]]:
    """The labelled figures: signatories, parties, each condition's progress, what is to go."""
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
    return rows


def _standing(view: dict) -> list[tuple[str, str]]:
    """The closing sentences (text, style): in force, when it will be, or what is missing."""
    eif, missing = view["entry_into_force"], "; ".join(view["missing"])
    if eif and view["in_force"]:
        return [(f"In force since {eif} (threshold met on {view['threshold_date']}).",
                 "bold green")]
    if eif:
        return [(f"Threshold met on {view['threshold_date']}; enters into force on {eif}, in "
                 f"{view['days_to_entry_into_force']} days.", "bold green")]
    recorded = view["entered_into_force_recorded"]
    if not view["evaluable"] and recorded:
        verb = "In force since" if recorded <= view["as_of"] else "Enters into force on"
        return [(f"{verb} {recorded} (the depositary's date: {missing}).", "bold green")]
    lines = [(f"Not in force. Missing: {missing}.", "bold")]
    if view["earliest_entry_into_force"]:
        lines.append((f"Earliest possible entry into force, if every missing instrument were "
                      f"deposited on {view['as_of']}: {view['earliest_entry_into_force']}.", ""))
    return lines


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
        console.print(styled("* reported, not yet confirmed by the depositary", style="dim"))


def _action_lines(actions: list[dict], console: Console) -> None:
    """`show`'s actions, one a line, then their source and note indented below: a URL is
    printed whole (never broken to fit a column), prose wraps at spaces."""
    from ..dates import format_range
    console.print(styled("Actions", style="bold"))
    for a in actions:
        day = format_range(dt.date.fromisoformat(a["earliest"]) if a["earliest"] else None,
                           dt.date.fromisoformat(a["date"]))
        console.print(styled(f"  {day}  {a['type'].replace('_', ' ')}  ({a['confidence']})"))
        for label in ("source", "note"):
            if a[label]:
                text = " ".join(str(a[label]).split())
                if " " in text:  # prose: wrapped at spaces under its label
                    from rich.padding import Padding
                    show(Padding(styled(f"{label}: {text}"), (0, 0, 0, 6)), console, wrap=True)
                else:  # one word, a URL: printed whole, never cut
                    console.print(styled(f"      {label}: {text}"), soft_wrap=True)


def show_table(detail: dict, console: Console) -> None:
    kind = " (REIO)" if detail["kind"] == "reio" else ""
    console.print(styled(f"{detail['name']}{kind} [{detail['code']}]", style="bold"))
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
        console.print(styled("notes (reported, never counted):", style="bold"))
        for n in detail["notes"]:
            dated = f" ({n['date']})" if n.get("date") else ""
            source = f" — {n['source']}" if n.get("source") else ""
            console.print(styled(f"  note {n['number']}{dated}: {n['text']}{source}"))


def check_report(findings: list[dict], console: Console, path: str) -> None:
    errors = [f for f in findings if f["level"] == "error"]
    warnings = [f for f in findings if f["level"] == "warning"]
    for f in errors + warnings:
        where = f"{path}:{f['line']}: " if f.get("line") else f"{path}: "
        style = "red" if f["level"] == "error" else "yellow"
        # one finding, one line: a newline in the data shows as ␊ and cannot fake a summary
        console.print(styled(clean(f"{where}{f['level']}: {f['message']}"), style=style))
    console.print(f"{path}: {len(errors)} error{'s' if len(errors) != 1 else ''}, "
                  f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")


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


def status_view(summary: dict) -> View:
    return View(summary, status_rows(summary), ["key", "value"], partial(status_table, summary))


LIST_JSON_KEYS = ("code", "name", "kind", "region", "status", "signature", "signature_earliest",
                  "signature_confidence", "consent", "consent_earliest", "consent_confidence",
                  "effective", "pipeline")


def list_view(rows: list[dict], status: str | None, day: dt.date) -> View:
    return View([{k: r[k] for k in LIST_JSON_KEYS} for r in rows], flat_rows(rows),
                LIST_COLUMNS, partial(list_table, rows, title=list_title(len(rows), status, day)))


SHOW_COLUMNS = ["code", "type", "date", "earliest", "confidence", "source", "note"]


def show_view(detail: dict) -> View:
    rows = [{**a, "code": detail["code"]} for a in detail["actions"]]
    return View(detail, rows, SHOW_COLUMNS, partial(show_table, detail))


def check_view(findings: list[dict], path: str) -> View:
    errors = sum(f["level"] == "error" for f in findings)
    data = {"file": path, "errors": errors, "warnings": len(findings) - errors,
            "findings": findings}
    return View(data, findings, ["level", "line", "code", "message"],
                partial(check_report, findings, path=path))


def treaties_view(rows: list[dict]) -> View:
    return View(rows, rows, ["id", "reference", "title", "collection", "rule", "threshold_date",
                             "entry_into_force", "entered_into_force", "counted"],
                partial(treaties_table, rows))


STATE_COLUMNS = ["treaty", "reference", "status", "signature", "consent_type", "consent_date",
                 "effective", "days_to_consent", "confidence"]


def state_view(data: dict) -> View:
    """`ratify state`: one participant across the bundled treaties, with its summary line."""
    rows = [{**{k: r[k] for k in STATE_COLUMNS if k in r},
             "consent_type": r["consent"]["type"] if r["consent"] else None,
             "consent_date": r["consent"]["date"] if r["consent"] else None}
            for r in data["treaties"]]
    return View(data, rows, STATE_COLUMNS, partial(state_table, data))


def days_text(days) -> str:
    """'1,120 days (3.1 years)'."""
    if days is None:
        return "—"
    return f"{days:,.0f} days ({days / 365.25:.1f} years)"


def state_summary(data: dict) -> str:
    p, s = data["participant"], data["summary"]
    line = (f"{p['name']}: party to {s['parties']}, signatory of {s['signatories']} of "
            f"{s['treaties']} bundled {'treaty' if s['treaties'] == 1 else 'treaties'}")
    if s["withdrawn"]:
        line += f", withdrawn from {s['withdrawn']}"
    line += ". "
    if s["median_days_to_consent"] is None:
        return line + "No consent instrument to time."
    return line + (f"Median time from a treaty's opening to its instrument: "
                   f"{days_text(s['median_days_to_consent'])} over "
                   f"{plural(s['consents'], 'instrument')}; all participants: "
                   f"{days_text(s['all_median_days_to_consent'])} over "
                   f"{s['all_consents']:,}.")


def state_table(data: dict, console: Console) -> None:
    cells = []
    for r in data["treaties"]:
        consent = f"{r['consent']['type']} {r['consent']['date']}" if r["consent"] else "—"
        mark = " (reported)" if r["confidence"] == "reported" else ""
        cells.append({"Treaty": r["title"], "Status": r["status"] + mark,
                      "Signed": r["signature"] or "—", "Consent": consent,
                      "In effect": r["effective"] or "—",
                      "Days from opening": f"{r['days_to_consent']:,}"
                      if r["days_to_consent"] is not None else "—"})
    p = data["participant"]
    title = f"{p['name']} ({p['code']}) in the bundled treaties, as of {data['as_of']}"
    if not cells:
        console.print(styled(f"{title}: no treaty of these was open yet"))
        return
    fitted_table(title, cells, console, wrapping=("Treaty", "Consent"),
                 spare=("Days from opening", "In effect", "Signed"),
                 line=lambda c: "; ".join(f"{k}: {v}" for k, v in c.items()))
    console.print(styled("\n" + state_summary(data)))
