"""`ratify record` and `ratify remove`: vet one action against the treaty's rules, write it through
`apply.apply_change` (or preview it), and say what changed and what it means, computed by the rule
engine on the new file. Also `ratify retire-note` (a note whose fact is now recorded, or wrong)
and `ratify reconcile` (move data_as_of), through the same safe write.

The vetting runs inside the transaction, on the text read under the lock, so two recordings at
the same moment each see the other's result. The action rules are `checks`' own, run on the one
new action; after them, `check` over the whole new file is the backstop: a change that would add
an error to the file is refused with that error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import checks, notes
from ..dates import format_range, iso
from ..errors import Hint, RefusedChange, Remedy, UnknownParticipant, UsageProblem
from ..model import ACTION_TYPES, CONSENT_TYPES, SIGNING_TYPES, Action, Treaty
from ..names import advice, registry, registry_resolver, treaty_resolver
from ..rules import Engine
from ..status import summary
from . import edit
from .apply import Edited, apply_change

DEPOSITED = ("ratification", "acceptance", "approval", "accession", "succession",
             "formal_confirmation")


@dataclass
class Outcome:
    """What a record or remove did (or, in a dry run, would do)."""

    change: str                 # "record" | "remove"
    code: str
    name: str
    action: dict                # {type, date, earliest, source, note, confidence}
    lines: list[str]            # what changed and what it means
    numbers: dict               # counted, required, remaining, threshold_date, entry_into_force
    warnings: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)   # record: retired, notes
    written: bool = False
    diff: str = ""

    def to_dict(self) -> dict:
        action = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                  for k, v in self.action.items()}
        return {"change": self.change, "participant": self.code, "name": self.name,
                "action": action, "written": self.written, "diff": self.diff, **self.numbers,
                "warnings": self.warnings, "lines": self.lines, **self.extra}


def record(path: str, name: str, kind: str, day: dt.date, *, today: dt.date,
           source: str | None = None, note: str | None = None, earliest: dt.date | None = None,
           confidence: str = "depositary", dry_run: bool = False,
           packaged: bool = False, retires: int | None = None) -> Outcome:
    """Add one action to the data file at `path`, refusing what would make the data wrong;
    with `retires`, remove that note (1-based) in the same write: the fact it reported is now
    recorded. The notes that still name the participant are listed, with their numbers."""
    if earliest and earliest > day:  # the options contradict each other: a usage mistake
        raise UsageProblem(f"--earliest {earliest} is after {day}; DATE is the latest "
                           "possible day and --earliest the first")
    action = {"type": kind, "date": day, "earliest": earliest, "confidence": confidence,
              "source": _text(source, "--source"), "note": _text(note, "--note")}

    def change(text: str, before: Treaty) -> Edited:
        code, display = resolve(before, name)
        warnings = vet(before, code, display, action, today)
        new = edit.add_action(text, code, action)
        retired = None
        if retires is not None:
            retired = _retirable(before, retires, code, display)
            new = edit.remove_note(new, retires)

        def outcome(after: Treaty) -> Outcome:
            lines, numbers = consequences(before, after, code, display, action, "record", today)
            extra = _note_lines(lines, after, code, display, kind, retires, retired)
            return Outcome("record", code, display, action, lines, numbers, warnings, extra)
        return Edited(new, outcome)

    return apply_change(path, change, dry_run=dry_run, packaged=packaged, checked_on=today)


def remove(path: str, name: str, kind: str, day: dt.date, *, today: dt.date,
           dry_run: bool = False, packaged: bool = False) -> Outcome:
    """Remove one wrongly recorded action, refusing if that would leave the data wrong."""

    def change(text: str, before: Treaty) -> Edited:
        code, display = resolve(before, name)
        p = before.participant(code)
        match = next((a for a in (p.actions if p else ()) if a.type == kind and a.date == day),
                     None)
        if match is None:
            recorded = ", ".join(f"{a.type} {a.date}" for a in p.actions) if p else ""
            raise RefusedChange(f"{display}: no {kind} dated {day} is recorded",
                                hint=f"recorded: {recorded}" if recorded else
                                "nothing is recorded for it")
        action = {"type": kind, "date": day, "earliest": match.earliest, "source": match.source,
                  "note": match.note, "confidence": match.confidence}

        def outcome(after: Treaty) -> Outcome:
            return Outcome("remove", code, display, action,
                           *consequences(before, after, code, display, action, "remove", today))
        return Edited(edit.remove_action(text, code, kind, day), outcome)

    return apply_change(path, change, dry_run=dry_run, packaged=packaged, checked_on=today,
                        refusal_lead="removing it would leave an error: ")


def resolve(treaty: Treaty, name: str) -> tuple[str, str]:
    """(code, display name): a participant of the file, else one the registry knows."""
    code = treaty_resolver(treaty).find(name)
    if code is not None:
        return code, treaty.participant(code).name
    code = registry_resolver().find(name)
    if code is not None:
        return code, registry()[code].name
    close = treaty_resolver(treaty).suggest(name) or registry_resolver().suggest(name)
    raise UnknownParticipant(f"unknown participant {name!r} — {advice(name, close)}")


def vet(treaty: Treaty, code: str, who: str, action: dict, today: dt.date) -> list[str]:
    """Refuse an action the treaty's rules (`checks`' action rules, and those only a new action
    can break) make impossible; return warnings for odd ones."""
    kind, day = action["type"], action["date"]
    if kind not in ACTION_TYPES:
        raise RefusedChange(f"unknown action {kind!r}", hint="one of " + ", ".join(ACTION_TYPES))
    judged = checks.Judged(Engine(treaty), code, who,
                           Action(kind, day, action.get("earliest"), action.get("source")),
                           today, in_file=False)
    _refuse_first_error(judged, checks.DATE_RULES)
    _refuse_repetition(treaty, judged)
    _refuse_first_error(judged, checks.STANDING_RULES)
    warnings = [finding.record_message for finding in checks.missing_source(judged)]
    signature = judged.signature
    if kind == "accession" and signature is not None and signature.date <= day:
        warnings.append(f"{who} signed on {signature.date}: a signatory usually ratifies, "
                        "accepts or approves; recording an accession as asked")
    return warnings


def _refuse_first_error(judged: checks.Judged, rules) -> None:
    for rule in rules:
        for finding in rule(judged):
            raise RefusedChange(finding.record_message, hint=finding.hint)


def _refuse_repetition(treaty: Treaty, judged: checks.Judged) -> None:
    """An action already recorded, or a second signature."""
    a, who = judged.action, judged.name
    p = treaty.participant(judged.code)
    same = next((b for b in (p.actions if p else ()) if b.type == a.type and b.date == a.date),
                None)
    if same is not None:
        raise RefusedChange(f"{who}: {judged.what} {a.date} is already recorded",
                            path=treaty.path, line=same.line)
    if a.type in SIGNING_TYPES and judged.signature is not None:
        raise RefusedChange(f"{who} already signed on {judged.signature.date}")


def _text(value: str | None, option: str) -> str | None:
    if not value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RefusedChange(f"{option} is not valid text (check the terminal's encoding)") \
            from None
    return value


# -- notes and data_as_of -------------------------------------------------------------------------


def _note(treaty: Treaty, number: int):
    """Note `number` (1-based) of `treaty`; refused when there is none."""
    if not 1 <= number <= len(treaty.notes):
        count = len(treaty.notes)
        raise RefusedChange(f"there is no note {number}" + (
            f"; the file has {count} (ratify status lists them)" if count else
            "; the file has no notes"))
    return treaty.notes[number - 1]


def _retirable(treaty: Treaty, number: int, code: str, who: str):
    """Note `number` of `treaty`, refused when there is none or when it names other
    participants but not `code` (a wrong number, most likely)."""
    note = _note(treaty, number)
    named = notes.naming(treaty, note)
    if named and code not in named:
        names = ", ".join(_name(treaty, c) for c in named)
        raise RefusedChange(f"note {number} is about {names}, not {who}: {_short(note.text)}",
                            hint=f"check the number (ratify show {code} lists the notes about "
                                 f"it), or retire it on its own: ratify retire-note {number}")
    return note


def _note_lines(lines: list[str], after: Treaty, code: str, who: str, kind: str,
                retires: int | None, retired) -> dict:
    """After a record: the note it retired, and the notes that still name the participant (a
    recorded signature or instrument may supersede them: say how to retire each)."""
    if retired is not None:
        lines.append(f"note {retires} retired: {_short(retired.text)}")
    left = notes.about(after, code)
    if left and (kind in SIGNING_TYPES or kind in CONSENT_TYPES):
        for number, note in left:
            lines.append(f"note {number} is about {who}: {_short(note.text)} — if this "
                         f"supersedes it: ratify retire-note {number}")
    return {"retired": None if retired is None else notes.as_dict(after, retires, retired),
            "notes": [notes.as_dict(after, n, note) for n, note in left]}


def retire_note(path: str, number: int, *, today: dt.date, dry_run: bool = False,
                packaged: bool = False) -> FileChange:
    """Remove note `number` (1-based, as `status` and `show` number them) from the data file,
    with the same safe write as `record`: the fact it reported is recorded, or it was wrong."""

    def change(text: str, before: Treaty) -> Edited:
        note = _note(before, number)

        def outcome(after: Treaty) -> FileChange:
            lines = [f"note {number} retired: {_short(note.text, 200)}"]
            if number <= len(after.notes):
                lines.append(f"{len(after.notes)} note{'s' if len(after.notes) != 1 else ''} "
                             f"left; those after it move up: note {number + 1} is now note "
                             f"{number}")
            else:
                lines.append(f"{len(after.notes)} note{'s' if len(after.notes) != 1 else ''} "
                             "left")
            return FileChange("retire-note", lines, [], {
                "retired": notes.as_dict(before, number, note), "notes_left": len(after.notes)})
        return Edited(edit.remove_note(text, number), outcome)

    return apply_change(path, change, dry_run=dry_run, packaged=packaged)


def reconcile(path: str, day: dt.date, *, today: dt.date, allow_earlier: bool = False,
              dry_run: bool = False, packaged: bool = False) -> FileChange:
    """Move treaty.data_as_of to `day`: the records are complete up to it (what the staleness
    warning and the projection read). Refused after today; before the file's current
    data_as_of unless `allow_earlier` (a date set wrongly); and always before the newest
    action the depositary confirmed (the file cannot be complete only up to an earlier day)."""
    if day > today:
        raise RefusedChange(f"--as-of {day} is after today ({today}): the records cannot be "
                            "complete up to a day that has not come",
                            hint=Hint(Remedy.set_today, str(today)))

    def change(text: str, before: Treaty) -> Edited:
        current = before.data_as_of
        if current is not None and day < current and not allow_earlier:
            raise RefusedChange(f"--as-of {day} is before the file's data_as_of {current}; "
                                "reconciling moves it forward",
                                hint=Hint(Remedy.allow_earlier))
        newest = _newest_depositary_action(before)
        if newest is not None and day < newest[0]:
            when, who, kind = newest
            raise RefusedChange(f"--as-of {day} is before {who}'s {kind.replace('_', ' ')} of "
                                f"{when}, confirmed by the depositary: the records are complete "
                                f"at least up to {when}")
        new = text if current == day else edit.set_data_as_of(text, day)
        return Edited(new, lambda after: _reconciled(before, after, day, today))

    return apply_change(path, change, dry_run=dry_run, packaged=packaged)


def _reconciled(before: Treaty, after: Treaty, day: dt.date, today: dt.date) -> FileChange:
    """What moving data_as_of to `day` did: the staleness warning, the projection, the notes."""
    current = before.data_as_of
    if current == day:
        lines = [f"data_as_of is already {day}; nothing to change"]
    else:
        lines = [f"data_as_of: {current or 'none'} -> {day}"]
    was = summary(Engine(before), today, today)["warnings"]
    now = summary(Engine(after), today, today)["warnings"]
    stale = [w for w in now if w.startswith("data last reconciled")]
    if not stale and any(w.startswith("data last reconciled") for w in was):
        lines.append(f"status no longer warns that the data are stale (as of {today})")
    if current != day:
        lines.append(f"the projection now takes the records as complete up to {day}: a "
                     "deposit not recorded by then is taken as not made")
    if after.notes:
        count = len(after.notes)
        lines.append(f"{count} note{'s' if count != 1 else ''} (reported facts without a "
                     "depositary date) remain: retire those the records now cover with "
                     "ratify retire-note N (ratify status numbers them)")
    return FileChange("reconcile", lines, stale, {
        "data_as_of_before": iso(current), "data_as_of": day.isoformat(),
        "notes_left": len(after.notes)})


@dataclass
class FileChange:
    """What a change to the file's treaty block did (or, in a dry run, would do)."""

    change: str                 # "reconcile" | "retire-note"
    lines: list[str]
    warnings: list[str]
    details: dict
    written: bool = False
    diff: str = ""

    def to_dict(self) -> dict:
        return {"change": self.change, **self.details, "written": self.written,
                "diff": self.diff, "warnings": self.warnings, "lines": self.lines}


def _newest_depositary_action(treaty: Treaty):
    """(date, participant name, type) of the newest action the depositary confirmed (national
    steps such as domestic_approval are not the depositary's), or None."""
    found = None
    for p in treaty.participants:
        for a in p.actions:
            if a.confidence == "depositary" and a.type != "domestic_approval" and \
                    (found is None or a.date > found[0]):
                found = (a.date, p.name, a.type)
    return found


def _name(treaty: Treaty, code: str) -> str:
    p = treaty.participant(code)
    if p is not None:
        return p.name
    entry = registry().get(code)
    return entry.name if entry else code


def _short(text: str, most: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def consequences(before: Treaty, after: Treaty, code: str, name: str, action: dict, verb: str,
                 today: dt.date) -> tuple[list[str], dict]:
    """One line on what changed, then what it means for the counts and dates."""
    engine = Engine(after)
    old, new = summary(Engine(before), today, today), summary(engine, today, today)
    kind, day = action["type"], action["date"]
    when = format_range(action.get("earliest"), day)
    head = f"{name}: {_describe(kind, when)}" if verb == "record" else \
        f"{name}: {kind.replace('_', ' ')} of {when} removed"
    met = new["threshold_date"] is not None
    counted, required = new["counted"], new["required"]
    signed = f"{new['signatories']} signatories" if kind in SIGNING_TYPES else ""
    if required is not None and not met:
        head += f" — {signed + '; ' if signed else ''}{counted} of {required} counted, " \
                f"{new['remaining']} to go"
    elif not met:
        head += f" — {signed + '; ' if signed else ''}{counted} counted"
    elif signed:
        head += f" — {signed}"
    lines = [head]
    title = after.name
    if met:
        count = "" if required is None else f"{counted} of {required}: " \
            if counted <= required else f"{counted} counted ({required} needed): "
        tense = "entered" if new["in_force"] else "enters"
        lines.append(f"{count}threshold met on {new['threshold_date']}; {title} {tense} into "
                     f"force on {new['entry_into_force']}")
    elif any(c["kind"] != "count" for c in new["conditions"]) and new["missing"]:
        lines.append("still needed: " + "; ".join(new["missing"]))
    if old["threshold_date"] and not met:
        lines.append(f"the threshold is no longer met (it was on {old['threshold_date']}); "
                     f"{title} has no entry-into-force date")
    elif old["threshold_date"] and old["threshold_date"] != new["threshold_date"]:
        lines.append(f"the threshold date moves from {old['threshold_date']} to "
                     f"{new['threshold_date']}; entry into force from "
                     f"{old['entry_into_force']} to {new['entry_into_force']}")
    if verb == "record" and kind in CONSENT_TYPES and met:
        effective = engine.participant(code, today).effective
        # a deposit after the threshold date is not in the threshold line: say when the treaty
        # binds it, even when that is the entry-into-force date (deposited before it)
        if effective and (day > engine.threshold_date or effective != engine.entry_into_force):
            lines.append(f"in force for {name} from {effective}")
    if verb == "record" and kind == "denunciation" and after.withdrawal:
        lines.append(f"the denunciation takes effect on {after.withdrawal.apply(day)}")
    numbers = {k: new[k] for k in ("counted", "required", "remaining", "threshold_date",
                                   "entry_into_force")}
    return lines, numbers


def _describe(kind: str, when: str) -> str:
    if kind in DEPOSITED:
        return f"{kind.replace('_', ' ')} deposited {when}"
    return {
        "signature": f"signed {when}",
        "definitive_signature": f"signed definitively (no ratification needed) {when}",
        "revocation": f"instrument revoked {when}",
        "denunciation": f"denunciation notified {when}",
        "denunciation_revoked": f"denunciation withdrawn {when}",
        "provisional_application": f"provisional application recorded {when} (never counted)",
        "domestic_approval": f"domestic approval recorded {when} (not a deposit; never counted)",
    }[kind]
