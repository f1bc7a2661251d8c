"""`ratify import`: merge a UN Treaty Collection status table into a data file.

`merge` (pure) compares the parsed rows with the loaded file, action by action:

- *already there*: the participant has an action of that type on that date;
- *conflict*: it has an action of the same kind (signature; consent instrument; provisional
  application) with another date or type — the file's is kept, never overwritten. A consent
  instrument after a revocation or denunciation in the file is a new deposit, not a conflict;
- *added*: everything else, participants missing from the file (but known to the registry)
  included. Names the file and the registry do not know are reported, never guessed.

`run` writes the additions and, when the page's "status as at" date is later than the file's,
`data_as_of`, through `apply.apply_change` (one `safefile.transaction`, or a preview for a dry
run): the plan is made again on the text read under the lock, so a concurrent `record` is never
lost. Errors `check` finds only after the import are reported, not refused: the depositary's
table is the record.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import checks
from ..errors import Hint, RefusedChange, Remedy
from ..model import CONSENT_TYPES, Treaty, is_web_address
from ..names import registry, registry_resolver, treaty_resolver
from ..write import edit
from ..write.apply import Edited, apply_change
from . import tables

RANK = {"signature": 0, "definitive_signature": 0, "provisional_application": 2}
ENDINGS = ("revocation", "denunciation")


def kinds_of(action_type: str) -> set[str]:
    """Which kinds of action a type is compared within (definitive signature is both)."""
    if action_type == "definitive_signature":
        return {"signature", "consent"}
    if action_type == "signature":
        return {"signature"}
    if action_type in CONSENT_TYPES:
        return {"consent"}
    if action_type == "provisional_application":
        return {"provisional"}
    return set()


@dataclass
class Known:
    """An action already decided on: in the file, or added from an earlier row of the table."""

    type: str
    date: dt.date
    where: str          # "file" | "table"
    line: int | None
    earliest: dt.date | None = None
    confidence: str = "depositary"


@dataclass
class Plan:
    added: list[dict] = field(default_factory=list)
    existing: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    withdrawn: list[dict] = field(default_factory=list)
    new_participants: list[str] = field(default_factory=list)
    items: list[tuple[str, dict]] = field(default_factory=list)   # for edit.add_actions
    data_as_of: dt.date | None = None       # the table's status date
    data_as_of_before: dt.date | None = None
    sets_data_as_of: bool = False
    warnings: list[str] = field(default_factory=list)


def source_label(table: tables.Table, file_name: str) -> str:
    """The `source` written on every imported action."""
    if table.kind == "page":
        when = f", status as at {table.data_as_of.isoformat()}" if table.data_as_of else ""
        return f"UNTC status page {file_name}{when}"
    return f"UNTC table {file_name}"


def same_reference(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        text = text.upper().replace("UNTC", "").replace(" ", "")
        return text.replace("CHAPTER", "").strip(" .-")
    return norm(a) == norm(b)


def match_rows(treaty: Treaty, table: tables.Table) -> tuple[list, list]:
    """The table's rows matched to codes (the file's names first, then the registry's), and
    the names neither knows."""
    in_file = treaty_resolver(treaty)
    reg = registry_resolver()

    def find(name: str) -> str | None:
        return in_file.find(name) or reg.find(name)

    return tables.match(table, find, reg.advice)


def merge(treaty: Treaty, table: tables.Table, source: str) -> Plan:
    """What importing `table` into `treaty` adds, finds there, and finds in conflict."""
    plan = Plan(data_as_of=table.data_as_of, data_as_of_before=treaty.data_as_of)
    entries = registry()
    matched, unmatched = match_rows(treaty, table)
    plan.unmatched = [{"name": u.name, "line": u.line, "suggestion": u.suggestion}
                      for u in unmatched]
    known: dict[str, list[Known]] = {
        p.code: [Known(a.type, a.date, "file", a.line, a.earliest, a.confidence)
                 for a in p.actions]
        for p in treaty.participants}
    names = {p.code: p.name for p in treaty.participants}
    for m in matched:
        code, row = m.code, m.row
        name = names.get(code) or (entries[code].name if code in entries else row.name)
        _merge_row(plan, known.setdefault(code, []), row, {
            "code": code, "name": name, "printed": row.name, "line": row.line}, source)
    present = {p.code for p in treaty.participants}
    plan.new_participants = sorted({code for code, _ in plan.items if code not in present})
    for item in plan.added:
        item["new_participant"] = item["code"] in plan.new_participants
    plan.items.sort(key=lambda item: (item[0], item[1]["date"], RANK.get(item[1]["type"], 1)))
    if table.data_as_of and (treaty.data_as_of is None or table.data_as_of > treaty.data_as_of):
        plan.sets_data_as_of = True
    plan.warnings += _table_warnings(table)
    return plan


def _merge_row(plan: Plan, history: list[Known], row: tables.Row, entry: dict,
               source: str) -> None:
    """Sort one participant's row of the table into `plan`: each cell already there, in
    conflict, or added (and then known to the cells after it)."""
    if row.withdrawn:
        plan.withdrawn.append(dict(entry))
    for cell in sorted(row.actions, key=lambda c: (c.date, RANK.get(c.type, 1))):
        about = {**entry, "type": cell.type, "date": cell.date}
        same = next((k for k in history if k.type == cell.type and k.date == cell.date), None)
        if same is not None:
            plan.existing.append({**about, "confirms_reported": same.confidence ==
                                  "reported" or same.earliest is not None})
            continue
        rival = _rival(history, cell)
        if rival is not None:
            plan.conflicts.append({**about, "has": {
                "type": rival.type, "date": rival.date, "earliest": rival.earliest,
                "confidence": rival.confidence, "in": rival.where, "line": rival.line},
                "within_range": rival.type == cell.type and rival.earliest is not None
                and rival.earliest <= cell.date <= rival.date})
            continue
        note = "; ".join(filter(None, [
            cell.note,
            "UNTC note " + ", ".join(cell.footnotes) if cell.footnotes else None,
            "shown in [brackets] (withdrawn) in the UNTC table" if row.withdrawn else None]))
        plan.items.append((entry["code"], {"type": cell.type, "date": cell.date,
                                           "source": source, "note": note or None}))
        plan.added.append({**about, "note": note or None})
        history.append(Known(cell.type, cell.date, "table", row.line))


def _table_warnings(table: tables.Table) -> list[str]:
    """What the table itself makes doubtful: counts that disagree, columns skipped."""
    warnings = []
    if table.page_counts:
        shown = tables.counts(table)
        if shown != table.page_counts:
            warnings.append(
                f"the page says {table.page_counts['signatories']} signatories and "
                f"{table.page_counts['parties']} parties, its table shows "
                f"{shown['signatories']} and {shown['parties']}: was the page saved whole?")
    for column in table.ignored_columns:
        warnings.append(f"column {tables.quote_short(column)} is not one ratify reads; it "
                        "was skipped")
    return warnings


def _rival(history: list[Known], cell: tables.Cell) -> Known | None:
    """The recorded action of the same kind that `cell` contradicts, if any (the latest)."""
    kinds = kinds_of(cell.type)
    rivals = [k for k in history if kinds & kinds_of(k.type)]
    if "consent" in kinds:  # a new deposit after the old one was revoked or denounced
        rivals = [k for k in rivals if not any(
            e.type in ENDINGS and k.date <= e.date <= cell.date for e in history)]
    return max(rivals, key=lambda k: k.date) if rivals else None


@dataclass
class ImportOutcome:
    file: str
    data_file: str
    kind: str
    source: str
    plan: Plan
    written: bool = False
    diff: str = ""

    def to_dict(self) -> dict:
        p = self.plan

        def day(value):
            return value.isoformat() if isinstance(value, dt.date) else value

        def clean(item: dict) -> dict:
            out = {k: day(v) for k, v in item.items() if k != "has"}
            if "has" in item:
                out["has"] = {k: day(v) for k, v in item["has"].items()}
            return out

        return {
            "file": self.file, "data_file": self.data_file, "kind": self.kind,
            "data_as_of": day(p.data_as_of),
            "data_as_of_before": day(p.data_as_of_before),
            "data_as_of_set": p.sets_data_as_of,
            "source": self.source,
            "added": [clean(a) for a in p.added],
            "existing": len(p.existing),
            "conflicts": [clean(c) for c in p.conflicts],
            "unmatched": [dict(u) for u in p.unmatched],
            "new_participants": p.new_participants,
            "withdrawn": [clean(w) for w in p.withdrawn],
            "warnings": p.warnings,
            "written": self.written,
            "diff": self.diff,
        }

    def lines(self) -> list[str]:
        """The report, for people: counts first, then each addition, conflict and name."""
        p = self.plan
        what = "status page" if self.kind == "page" else "table"
        when = f", status as at {p.data_as_of}" if p.data_as_of else ""
        verb = "Imported" if self.written else "Would import" if self.diff else "Nothing new in"
        shown = self.file if is_web_address(self.file) else os.path.basename(self.file)
        out = [f"{verb} UNTC {what} {shown}{when} "
               f"{'into' if self.diff else 'for'} {self.data_file}"]
        new = f" ({len(p.new_participants)} new participants)" if p.new_participants else ""
        out.append(f"added: {len(p.added)}{new}")
        for a in p.added:
            note = f" ({tables.cut_short(a['note'], 120)})" if a["note"] else ""
            out.append(f"  + {a['code']} {a['name']}: {_kind(a['type'])} {a['date']}{note}")
        confirmed = sum(e["confirms_reported"] for e in p.existing)
        out.append(f"already there: {len(p.existing)}" + (
            f" ({confirmed} marked reported or with an `earliest` range in the file: the "
            "table confirms them)" if confirmed else ""))
        out.append(f"conflicts: {len(p.conflicts)}" +
                   (" (not overwritten: check the depositary, then `ratify remove` and "
                    "`ratify record` by hand)" if p.conflicts else ""))
        for c in p.conflicts:
            has = c["has"]
            where = f"line {has['line']}" if has["in"] == "file" and has["line"] else \
                f"table line {has['line']}" if has["in"] == "table" else "the file"
            span = f"{has['earliest']} to {has['date']}" if has["earliest"] else has["date"]
            extra = "; reported" if has["confidence"] == "reported" else ""
            extra += "; the table's date is within that range" if c["within_range"] else ""
            out.append(f"  ! {c['code']} {c['name']}: the table says {_kind(c['type'])} "
                       f"{c['date']} (line {c['line']}); the file has {_kind(has['type'])} "
                       f"{span} ({where}{extra})")
        out.append(f"unmatched names: {len(p.unmatched)}" +
                   (" (not imported: add `aliases` or `name` to the participant)"
                    if p.unmatched else ""))
        for u in p.unmatched:
            hint = f" — {u['suggestion']}" if u["suggestion"] else ""
            out.append(f"  ? {tables.quote_short(u['name'], 80)} (line {u['line']}){hint}")
        for w in p.withdrawn:
            out.append(f"  withdrawn: {w['code']} {w['name']} is in [brackets] (line "
                       f"{w['line']}); record its denunciation from the depositary "
                       "notification")
        if p.sets_data_as_of:
            out.append(f"data_as_of: {p.data_as_of_before or 'none'} -> {p.data_as_of}")
        elif p.data_as_of:
            out.append(f"data_as_of: {p.data_as_of_before} kept (not earlier than the page)")
        return out


def _kind(action_type: str) -> str:
    return action_type.replace("_", " ")


def _refuse_future_cells(table: tables.Table, import_path: str, last: dt.date) -> None:
    """A status table lists what happened by its date: a cell dated later (31 Dec 9999) makes
    the whole page doubtful, and nothing of it is imported."""
    for row in table.rows:
        for cell in row.actions:
            if cell.date > last:
                raise RefusedChange(
                    f"{tables.quote_short(row.name)}: {cell.type} {cell.date.isoformat()} is "
                    f"after the page's status date or today ({last.isoformat()}); nothing "
                    "imported", path=import_path, line=row.line,
                    hint="check that cell of the page")


def run(path: str, import_path: str, *, today: dt.date | None = None, dry_run: bool = False,
        packaged: bool = False) -> ImportOutcome:
    """Import the UNTC page or table at `import_path` into the data file at `path`.

    `today` (the CLI passes it; the library never reads the clock) refuses a page whose status
    date is later: it would become `data_as_of` and silence the stale-data warning."""
    table = tables.read(import_path)
    return merge_into(path, table, import_path,
                      source_label(table, os.path.basename(import_path)), today=today,
                      dry_run=dry_run, packaged=packaged)


def merge_into(path: str, table: tables.Table, origin: str, source: str, *,
               today: dt.date | None, dry_run: bool, packaged: bool,
               vet: Callable[[Treaty], None] | None = None) -> ImportOutcome:
    """Merge the parsed `table` (read from `origin`, a file or an address) into the data file
    at `path`, each added action's source `source`; `vet(treaty)` may refuse the table against
    the file as it is under the lock (`ratify sync` does)."""
    if today is not None and table.data_as_of is not None and table.data_as_of > today:
        raise RefusedChange(
            f"the page's status date {table.data_as_of.isoformat()} is after today "
            f"({today.isoformat()}); nothing imported", path=origin,
            hint=Hint(Remedy.check_status_date))
    if today is not None:
        _refuse_future_cells(table, origin, min(today, table.data_as_of or today))
    shown = origin if is_web_address(origin) else os.path.basename(origin)

    def change(text: str, treaty: Treaty) -> Edited:
        if table.reference and treaty.reference and \
                not same_reference(table.reference, treaty.reference):
            raise RefusedChange(
                f"{shown} is the status page of UNTC {table.reference}, but this data file is "
                f"{treaty.reference}", path=path, hint=Hint(Remedy.matching_file))
        if vet is not None:
            vet(treaty)
        plan = merge(treaty, table, source)
        new = edit.add_actions(text, plan.items) if plan.items else text
        if plan.sets_data_as_of:
            new = edit.set_data_as_of(new, plan.data_as_of)

        def outcome(after: Treaty) -> ImportOutcome:
            if new != text:
                _renumber(plan, after)
                if today is not None:
                    plan.warnings += [f"check: {message}"
                                      for message in checks.new_errors(treaty, after, today)]
            return ImportOutcome(origin, path, table.kind, source, plan)
        return Edited(new, outcome)

    return apply_change(path, change, dry_run=dry_run, packaged=packaged)


def _renumber(plan: Plan, after: Treaty) -> None:
    """Conflicts point at the file's lines as they are after the import."""
    for conflict in plan.conflicts:
        has = conflict["has"]
        p = after.participant(conflict["code"]) if has["in"] == "file" else None
        line = next((a.line for a in (p.actions if p else ()) if a.type == has["type"]
                     and a.date == has["date"]), None)
        if line is not None:
            has["line"] = line
