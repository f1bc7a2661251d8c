"""Frozen dataclasses for a treaty file: the treaty, its rule, its participants and their
actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .dates import Formula

CONSENT_TYPES = ("ratification", "acceptance", "approval", "accession", "succession",
                 "formal_confirmation", "definitive_signature")
ACTION_TYPES = ("signature",) + CONSENT_TYPES + (
    "revocation", "denunciation", "denunciation_revoked", "provisional_application",
    "domestic_approval")
PIPELINE_TYPES = ("provisional_application", "domestic_approval")
SIGNING_TYPES = ("signature", "definitive_signature")
STATUSES = ("party", "signatory", "withdrawn", "none")


@dataclass(frozen=True)
class Action:
    type: str
    date: dt.date
    earliest: dt.date | None = None
    source: str | None = None
    note: str | None = None
    confidence: str = "depositary"
    line: int | None = None


@dataclass(frozen=True)
class Declaration:
    kind: str
    date: dt.date | None = None
    articles: tuple[str, ...] = ()
    text: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Participant:
    code: str
    name: str
    kind: str = "state"
    region: str | None = None
    aliases: tuple[str, ...] = ()
    members: str | None = None
    weights: dict[str, float] = field(default_factory=dict)
    actions: tuple[Action, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Condition:
    """One entry-into-force condition: `count`, `weight` or `all_of`."""

    kind: str
    count: int | None = None
    group: str | None = None
    weight: str | None = None
    at_least: float | None = None
    codes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "count":
            within = f" of {self.group}" if self.group else ""
            return f"{self.count} instruments{within}"
        if self.kind == "weight":
            return f"{self.at_least:g} % of {self.weight}"
        return f"all of {len(self.codes)} named participants"


@dataclass(frozen=True)
class LateJoiners:
    formula: Formula
    after: str = "threshold"
    verified: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Rule:
    instruments: frozenset[str]
    conditions: tuple[Condition, ...]
    date: Formula
    reio: str = "excluded"
    not_before: dt.date | None = None
    late_joiners: LateJoiners | None = None
    note: str | None = None

    @property
    def headline_count(self) -> Condition | None:
        """The first count of instruments over all participants (not within a named group): the
        threshold that `status`, `project`, `timeline` and the back-test speak of."""
        return next((c for c in self.conditions if c.kind == "count" and not c.group), None)

    def describe(self) -> str:
        conds = " and ".join(c.describe() for c in self.conditions)
        text = f"{conds}, then {self.date.describe()}"
        if self.not_before:
            text += f", not before {self.not_before.isoformat()}"
        return text


@dataclass(frozen=True)
class Note:
    """A fact without a depositary date: shown, never counted. `date` is the day of the report
    (a note dated after an as-of date is not shown for it); `participants` are the codes the
    note is about (given in the file, else none: `notes.naming` then reads the text)."""

    text: str
    source: str | None = None
    date: dt.date | None = None
    participants: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Treaty:
    """A whole data file: the treaty, its rule, its groups and its participants."""

    id: str
    title: str
    rule: Rule
    participants: tuple[Participant, ...]
    short_title: str | None = None
    reference: str | None = None
    depositary: str | None = None
    adopted: dt.date | None = None
    signature_opens: dt.date | None = None
    signature_closes: dt.date | None = None
    data_as_of: dt.date | None = None
    entered_into_force: dt.date | None = None
    source: str | None = None
    clause: str | None = None
    status_url: str | None = None   # where `ratify sync` reads the depositary's status page
    withdrawal: Formula | None = None
    notes: tuple[Note, ...] = ()
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: str | None = None
    # `signature: {closes: entry_into_force}` (ATT Art. 21(1), CCM Art. 15, CTBT Art. XI): the
    # window closes on the entry-into-force date, whatever `signature_closes` says (then None)
    signature_closes_at_entry_into_force: bool = False
    # `treaty.open_to`: who may join (codes), from a group (`open_to_group`) or a list; None:
    # every participant of the registry
    open_to: tuple[str, ...] | None = None
    open_to_group: str | None = None

    @property
    def name(self) -> str:
        return self.short_title or self.title

    def may_join(self, code: str) -> bool:
        """Whether the treaty is open to `code` (every participant when `open_to` is absent)."""
        return self.open_to is None or code in self.open_to

    @property
    def open_to_text(self) -> str:
        """The data file's `open_to`, as a refusal names it."""
        return "open_to: " + (self.open_to_group or ", ".join(self.open_to or ()))

    def participant(self, code: str) -> Participant | None:
        for p in self.participants:
            if p.code == code:
                return p
        return None


def is_web_address(text: str) -> bool:
    """Whether `text` is one whole http(s) address (a scheme, a host, no space or control
    character): only such a source becomes a link, and only such a `status_url` is fetched."""
    scheme, sep, rest = text.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return bool(sep) and scheme.lower() in ("http", "https") and bool(host) and \
        all(" " < ch != "\x7f" for ch in text)
