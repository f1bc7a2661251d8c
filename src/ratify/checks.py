"""`ratify check`: domain rules a schema cannot express, as errors and warnings.

Each rule on an action is written once, over a `Judged` action, and yields `Finding`s: `check`
runs them on every action of the file; `record` (`recording.vet`) on the action it is asked to
add, judged against the file before it, and refuses it with the first error, in its own words
(a finding carries both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import Hint, Remedy
from .model import CONSENT_TYPES, SIGNING_TYPES, Action, Treaty
from .names import registry
from .rules import Engine, History, Interval

NEEDS_SIGNATURE = ("ratification", "acceptance", "approval")


@dataclass(frozen=True)
class Finding:
    """Something wrong (an error) or doubtful (a warning) in a data file: `message` as `check`
    reports it; `record_message` and `hint` as `record` words it about the action it adds."""

    level: str                      # "error" | "warning"
    message: str
    participant: str | None = None  # its code
    line: int | None = None
    record_message: str | None = None
    hint: str | Hint | None = None

    def as_dict(self) -> dict:
        """The finding as `check` reports it."""
        return {"level": self.level, "code": self.participant, "line": self.line,
                "message": self.message}


@dataclass(frozen=True)
class Judged:
    """One action and the file it is judged against: the file that holds it (`check`), or the
    file it is about to be added to (`record`: `in_file` False, the engine has not applied it).
    The few rules that judge a new action otherwise than a recorded one say how."""

    engine: Engine
    code: str
    name: str
    action: Action
    today: dt.date
    in_file: bool = True
    strict: bool = False    # a write's check: what the depositary accepted gives no pass

    @property
    def treaty(self) -> Treaty:
        return self.engine.treaty

    @property
    def who(self) -> str:
        """The participant as `check` names it."""
        return f"{self.code} ({self.name})"

    @property
    def what(self) -> str:
        """The action's type as `record` words it."""
        return self.action.type.replace("_", " ")

    @property
    def history(self) -> History | None:
        return self.engine.histories.get(self.code)

    @property
    def signature(self) -> Action | None:
        return self.history.signature if self.history else None

    def instrument_in_effect(self) -> Interval | None:
        """The participant's consent instrument in effect on the action's day, other than the
        action itself."""
        day = self.action.date
        return next((i for i in (self.history.intervals if self.history else ())
                     if i.consent is not self.action and i.start <= day
                     and (i.end is None or day < i.end)), None)

    def revoked_instrument(self) -> Interval | None:
        """The instrument a revocation on the action's day ends: in the file, the one it ended;
        not yet recorded, the one in effect that day."""
        if not self.in_file:
            return self.instrument_in_effect()
        day = self.action.date
        return next((i for i in self.history.intervals
                     if i.end == day and i.ended_by == "revocation"), None)

    def denunciation_pending(self) -> bool:
        """Whether a denunciation notified by the action's day (by an action other than this
        one) has not taken effect by then. A new action needs the latest such step to be that
        denunciation (not its withdrawal); in the file, any denunciation does."""
        withdrawal, day = self.treaty.withdrawal, self.action.date
        if self.history is None or withdrawal is None:
            return False
        steps = sorted((a for a in self.history.participant.actions if a is not self.action
                        and a.date <= day and a.type in ("denunciation", "denunciation_revoked")),
                       key=lambda a: a.date)
        return any(step.type == "denunciation" and withdrawal.apply(step.date) > day
                   for step in (steps if self.in_file else steps[-1:]))

    def error(self, message: str, record_message: str | None = None,
              hint: str | Hint | None = None) -> Finding:
        return Finding("error", message, self.code, self.action.line, record_message, hint)

    def warning(self, message: str, record_message: str | None = None) -> Finding:
        return Finding("warning", message, self.code, self.action.line, record_message)

    def irregular(self, message: str, advice: str, record_message: str, hint: str) -> Finding:
        """An action the rules of signature do not allow: an error (with `advice`) for a new
        or a reported one, a warning for one the file records as the depositary's (old
        records hold instruments the depositary accepted all the same: the count follows
        them)."""
        if self.in_file and not self.strict and self.action.confidence == "depositary":
            return self.warning(f"{message}; the depositary accepted it")
        return self.error(f"{message}; {advice}", record_message, hint=hint)


def signature_closed_at_entry_into_force(engine: Engine, day: dt.date) -> dt.date | None:
    """Under `signature: {closes: entry_into_force}`, the entry-into-force date when a
    signature dated `day` comes on or after it (the window is closed from that day), else None."""
    if not engine.treaty.signature_closes_at_entry_into_force:
        return None
    eif = engine.known_entry_into_force()
    return eif if eif is not None and day >= eif else None


# -- the rules on one action -----------------------------------------------------------------


def in_the_future(j: Judged) -> Iterator[Finding]:
    a = j.action
    if a.date > j.today:
        yield j.error(f"{j.who}: {a.type} dated {a.date} is in the future (today is {j.today})",
                      f"{j.name}: {j.what} dated {a.date} is in the future (today is "
                      f"{j.today})", hint=Hint(Remedy.wait_or_set_today))


def before_adoption(j: Judged) -> Iterator[Finding]:
    """An action dated before the treaty was adopted: a new one on any day of its range
    (`earliest` to `date`), whatever its type; one in the file by its date, a domestic approval
    (a national step) excepted."""
    a, adopted = j.action, j.treaty.adopted
    first = a.date if j.in_file else a.earliest or a.date
    if adopted and first < adopted and not (j.in_file and a.type == "domestic_approval"):
        yield j.error(f"{j.who}: {a.type} {first} is before the treaty was adopted on "
                      f"{adopted}", f"{j.name}: {j.what} dated {first} is before the treaty "
                      f"was adopted on {adopted}")


def signature_window(j: Judged) -> Iterator[Finding]:
    a, treaty = j.action, j.treaty
    if a.type not in SIGNING_TYPES:
        return
    opens, closes = treaty.signature_opens, treaty.signature_closes
    if opens and a.date < opens:
        yield j.error(f"{j.who}: {a.type} {a.date} before the treaty opened for signature on "
                      f"{opens}", f"{j.name}: {j.what} {a.date} is before the treaty opened "
                      f"for signature on {opens}")
    if closes and a.date > closes:
        yield j.irregular(f"{j.who}: {a.type} {a.date} after signature closed on {closes}",
                          "a late participant accedes", f"{j.name}: signature closed on {closes}",
                          hint="a participant that did not sign in time accedes: record an "
                               "accession")
    closed = signature_closed_at_entry_into_force(j.engine, a.date)
    if closed:
        yield j.irregular(f"{j.who}: {a.type} {a.date}: the signature window closed on "
                          f"{closed} (entry into force)", "a state now accedes (type: accession)",
                          f"{j.name}: the signature window closed on {closed} (entry into "
                          "force); a state now accedes — record it as accession",
                          hint=f"ratify record {j.code} accession {a.date}")


def signature_needed(j: Judged) -> Iterator[Finding]:
    a, signature = j.action, j.signature
    if a.type not in NEEDS_SIGNATURE:
        return
    if signature is None:
        yield j.irregular(f"{j.who}: {a.type} {a.date} without a signature",
                          "a participant that never signed accedes (type: accession)",
                          f"{j.name} never signed: a {a.type} needs a signature first",
                          hint=f"a participant that did not sign accedes: ratify record "
                               f"{j.code} accession {a.date}")
    elif a.date < signature.date:
        yield j.error(f"{j.who}: {a.type} {a.date} is dated before its signature "
                      f"{signature.date}", f"{j.name}: {a.type} {a.date} would be dated before "
                      f"its signature ({signature.date})")


def second_instrument(j: Judged) -> Iterator[Finding]:
    a = j.action
    other = j.instrument_in_effect() if a.type in CONSENT_TYPES else None
    if other is not None:
        consent = other.consent
        yield j.error(f"{j.who}: {a.type} {a.date} while its {consent.type} of {other.start} "
                      "is in effect", f"{j.name}: its {consent.type} of {consent.date} is in "
                      f"effect on {a.date}; a second consent instrument is not possible",
                      hint=f"if it was recorded by mistake: ratify remove {j.code} "
                           f"{consent.type} {consent.date}")


def revocation(j: Judged) -> Iterator[Finding]:
    a = j.action
    if a.type != "revocation":
        return
    revoked = j.revoked_instrument()
    if revoked is None:
        yield j.error(f"{j.who}: revocation {a.date} with no instrument in effect",
                      f"{j.name} has no instrument deposited on {a.date} to revoke")
        return
    effective = j.engine.effective_date(revoked.consent.date, a.date)
    if effective is not None and effective <= a.date:
        yield j.error(f"{j.who}: revocation {a.date}, but the treaty was already in force for "
                      f"it (since {effective}); leaving now is a denunciation",
                      f"{j.name}: the treaty is in force for it since {effective}; leaving now "
                      "is a denunciation, not a revocation")


def denunciation(j: Judged) -> Iterator[Finding]:
    a = j.action
    if a.type != "denunciation":
        return
    state = j.engine.participant(j.code, a.date) if j.history else None
    status = state.status if state else "none"
    if status != "party" or state.effective is None or state.effective > a.date:
        yield j.error(f"{j.who}: denunciation {a.date}, but the treaty is not in force for it "
                      "on that date", f"{j.name}: the treaty is not in force for it on {a.date} "
                      f"({status}); there is nothing to denounce",
                      hint="an instrument that has not taken effect is revoked (revocation)"
                      if status == "party" else None)
    elif j.treaty.withdrawal is None:
        yield j.error(f"{j.who}: denunciation {a.date}, but treaty.withdrawal does not say when "
                      "a denunciation takes effect",
                      "the data file does not say when a denunciation takes effect",
                      hint="add treaty.withdrawal, e.g. {years: 1}, from the treaty's text")


def pending_denunciation(j: Judged) -> Iterator[Finding]:
    a = j.action
    if a.type == "denunciation_revoked" and not j.denunciation_pending():
        yield j.error(f"{j.who}: denunciation_revoked {a.date} with no pending denunciation",
                      f"{j.name} has no pending denunciation to withdraw on {a.date}")


def outside_open_to(j: Judged) -> Iterator[Finding]:
    """An action by a participant the treaty is not open to (`treaty.open_to`)."""
    if not j.treaty.may_join(j.code):
        text = f"the treaty is not open to it ({j.treaty.open_to_text})"
        yield j.error(f"{j.who}: {j.action.type} {j.action.date}: {text}", f"{j.name}: {text}")


def missing_source(j: Judged) -> Iterator[Finding]:
    a = j.action
    if not a.source:
        yield j.warning(f"{j.who}: {a.type} {a.date} has no source",
                        f"{j.name}: {j.what} {a.date} has no source; pass --source (a URL, a "
                        "depositary notification or a key of treaty.sources) so the fact can be "
                        "checked")


def reported(j: Judged) -> Iterator[Finding]:
    a = j.action
    if a.confidence == "reported":
        yield j.warning(f"{j.who}: {a.type} {a.date} is reported, not confirmed by the "
                        "depositary" + (f" ({a.source})" if a.source else ""))


def after_dissolution(j: Judged) -> Iterator[Finding]:
    """An action of a former State dated after it ceased to exist (the registry's date)."""
    a, entry = j.action, registry().get(j.code)
    if entry is None or entry.dissolved is None or a.date <= entry.dissolved:
        return
    heir = registry().get(entry.continued_by or "")
    then = f"; {heir.name} continues it" if heir else ""
    yield j.error(f"{j.who}: {a.type} {a.date} is after {entry.name} ceased to exist on "
                  f"{entry.dissolved}{then}",
                  f"{j.name} ceased to exist on {entry.dissolved}{then}",
                  hint=f"record it for {heir.code}" if heir else None)


# `record` refuses an action that repeats one already recorded between these two groups
DATE_RULES = (in_the_future, before_adoption, after_dissolution)
STANDING_RULES = (outside_open_to, signature_window, signature_needed, second_instrument,
                  revocation, denunciation, pending_denunciation)
ACTION_RULES = DATE_RULES + STANDING_RULES + (missing_source, reported)


# -- the whole file ----------------------------------------------------------------------------


def check(treaty: Treaty, today: dt.date, engine: Engine | None = None, *,
          strict: bool = False) -> list[dict]:
    """Every finding about a loaded data file: {level, code, line, message}; `strict` makes
    the irregular records the depositary accepted errors too (a write must not create one)."""
    engine = engine or Engine(treaty)
    findings = [*_group_findings(treaty), *_action_findings(engine, today, strict),
                *_treaty_findings(engine, today)]
    return [finding.as_dict() for finding in findings]


def new_errors(before: Treaty, after: Treaty, today: dt.date, *,
               strict: bool = False) -> list[str]:
    """The errors `check` reports on `after` and not on `before` (any participant's: a change
    must not break another's record)."""
    old = {f["message"] for f in check(before, today, strict=strict) if f["level"] == "error"}
    return [f["message"] for f in check(after, today, strict=strict)
            if f["level"] == "error" and f["message"] not in old]


def _group_findings(treaty: Treaty) -> Iterator[Finding]:
    known = set(registry()) | {p.code for p in treaty.participants}
    for name, codes in treaty.groups.items():
        for code in codes:
            if code not in known:
                yield Finding("error", f"group {name}: unknown code {code}")


def _action_findings(engine: Engine, today: dt.date, strict: bool) -> Iterator[Finding]:
    for p in engine.treaty.participants:
        seen = set()
        for a in sorted(p.actions, key=lambda a: a.date):
            judged = Judged(engine, p.code, p.name, a, today, strict=strict)
            if (a.type, a.date) in seen:
                yield judged.error(f"{judged.who}: {a.type} {a.date} is recorded twice")
            seen.add((a.type, a.date))
            for rule in ACTION_RULES:
                yield from rule(judged)


def _treaty_findings(engine: Engine, today: dt.date) -> Iterator[Finding]:
    if not engine.evaluable:
        for state in engine.snapshot(today).conditions:
            if not state.evaluable:
                yield Finding("warning", f"condition {state.condition.describe()} is not "
                              f"evaluable: no participant has a {state.condition.weight!r} weight")
    recorded, computed = engine.treaty.entered_into_force, engine.entry_into_force
    if recorded and engine.evaluable and computed != recorded:
        yield Finding("error", f"entered_into_force is {recorded} but the rule gives "
                      f"{computed or 'no entry into force'} from these actions")
