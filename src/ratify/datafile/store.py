"""Load and validate a data file into the model, reporting `path:line: what is wrong`."""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from pathlib import Path

from ..dates import Formula
from ..errors import DataFileError, Hint, Remedy
from ..model import (
    ACTION_TYPES,
    CONSENT_TYPES,
    Action,
    Condition,
    Declaration,
    LateJoiners,
    Note,
    Participant,
    Rule,
    Treaty,
    is_web_address,
)
from ..names import registry
from . import cache

MAX_BYTES = 5 * 1024 * 1024
FORMULA_CAPS = {"days": 36_600, "months": 1_200, "years": 100}  # a century: far above any treaty
MAX_NUMBER = 1e6   # weights and at_least: percentages, shares; far above any real one
SCHEMA = 1

TREATY_KEYS = {"id", "title", "short_title", "reference", "depositary", "adopted", "signature",
               "data_as_of", "entered_into_force", "source", "sources", "clause",
               "entry_into_force", "withdrawal", "notes", "open_to", "status_url"}
RULE_KEYS = {"instruments", "reio", "conditions", "date", "not_before", "late_joiners", "note"}
FORMULA_KEYS = {"days", "months", "years", "first_of_next_month"}
PARTICIPANT_KEYS = {"code", "name", "aliases", "region", "kind", "members", "weights", "actions",
                    "declarations"}
ACTION_KEYS = {"type", "date", "earliest", "source", "note", "confidence"}
DECLARATION_KEYS = {"kind", "date", "articles", "text", "source"}
NOTE_KEYS = {"text", "source", "date", "participants"}


def read_bytes(path: str, error=DataFileError, what: str = "data file",
               hint: Hint | None = Hint(Remedy.other_file)) -> bytes:
    """Read a regular file of at most MAX_BYTES, refusing anything else with `error`."""
    try:
        if os.path.isdir(path):
            raise error(f"is a directory, not a {what}", path=path)
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise error(f"file is {size:,} bytes, above the {MAX_BYTES:,}-byte cap; "
                        f"is this really a {what}?", path=path)
        # non-blocking open: a FIFO nobody writes to reads as empty instead of hanging
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)  # a pipe with a writer is then read to its end
        with open(fd, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise error("no such file", path=path, hint=hint) from None
    except PermissionError:
        raise error("permission denied", path=path) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {what}", path=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=path) from None
    if len(raw) > MAX_BYTES:  # a pipe or a file that grew: its size was not known in advance
        raise error(f"file is above the {MAX_BYTES:,}-byte cap", path=path)
    return raw


def read_text(path: str) -> str:
    """Read a data file as UTF-8, refusing what is not a regular, small, text file."""
    raw = read_bytes(path)
    if b"\x00" in raw:
        line = raw[:raw.index(b"\x00")].count(b"\n") + 1
        raise DataFileError("binary content (NUL byte); not a YAML data file", path=path, line=line)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataFileError("not valid UTF-8 (save the file as UTF-8)", path=path,
                            line=line) from None


def load(path: str, label: str | None = None) -> Treaty:
    """Read, parse and validate the data file at `path`."""
    return parse(read_text(path), label or path)


#: the id of the default treaty (data/states.yaml: the UN Convention against Cybercrime)
DEFAULT_TREATY_ID = "uncc"


def bundled_path(treaty_id: str | None = None) -> str:
    """The path of a data file packaged with ratify: states.yaml, treaties/<id>.yaml (the
    reference class) or corpus/<id>.yaml."""
    base = _bundled_folder()
    if treaty_id in (None, DEFAULT_TREATY_ID):
        return str(base / "states.yaml")
    if (base / "treaties" / f"{treaty_id}.yaml").is_file():
        return str(base / "treaties" / f"{treaty_id}.yaml")
    return str(base / "corpus" / f"{treaty_id}.yaml")


def bundled_treaty_ids() -> list[str]:
    """The curated treaties other than the default one (data/treaties)."""
    return sorted(path.stem for path in (_bundled_folder() / "treaties").glob("*.yaml"))


def corpus_ids() -> list[str]:
    """The treaties of the corpus (data/corpus): UN deposit histories."""
    return list(_corpus())


def reference_ids() -> list[str]:
    """Every bundled treaty but the default one, curated then corpus: the projection's
    reference class."""
    return bundled_treaty_ids() + corpus_ids()


@functools.cache
def _corpus() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in (_bundled_folder() / "corpus").glob("*.yaml")))


def treaty_choices() -> list[str]:
    """Every id `--treaty` accepts: the default treaty first, then the curated ones, then the
    corpus."""
    return [DEFAULT_TREATY_ID] + reference_ids()


def _bundled_folder() -> Path:
    from .. import data  # the data/ folder, packaged as ratify.data
    return Path(data.__file__).parent


def parse(text: str, path: str) -> Treaty:
    """Parse and validate data-file text; `path` names the file in messages."""
    if not text.strip():
        raise DataFileError("file is empty; a data file starts with `schema: 1`", path=path)
    cache_key = cache.key("treaty:" + path, text.encode("utf-8"))
    treaty = cache.get(cache_key)
    if isinstance(treaty, Treaty):
        return treaty
    from . import yamlload  # parsing YAML is only needed on a cache miss
    try:
        data = yamlload.load(text)
    except yamlload.YamlProblem as exc:
        raise DataFileError(exc.message, path=path, line=exc.line) from None
    treaty = _Validator(path).treaty_file(data)
    cache.put(cache_key, treaty)
    return treaty


class _Validator:
    def __init__(self, path: str):
        self.path = path
        self.sources: dict[str, str] = {}

    # -- helpers -------------------------------------------------------------------------
    def fail(self, message: str, line: int | None, hint: str | None = None):
        raise DataFileError(message, path=self.path, line=line, hint=hint)

    def mapping(self, value, where: str, line, allowed: set, required: set = frozenset()):
        if not isinstance(value, dict):
            self.fail(f"{where} must be a mapping, not {_kind(value)}", line)
        for key in value:
            if key not in allowed:
                near = _closest(str(key), allowed)
                self.fail(f"unknown key {key!r} in {where}", value.line_of(key),
                          f"did you mean {near!r}?" if near else
                          "allowed: " + ", ".join(sorted(allowed)))
        for key in sorted(required):
            if key not in value:
                self.fail(f"{where} is missing required key {key!r}", value.line)
        return value

    def typed(self, value, types, where: str, line, what: str):
        if value is None or isinstance(value, bool) and bool not in _tuple(types) or \
                not isinstance(value, types):
            self.fail(f"{where} must be {what}, not {_kind(value)}", line)
        return value

    def number(self, value, where: str, line) -> float:
        self.typed(value, (int, float), where, line, "a number")
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(f"{where} must be a finite number, not {value}", line)
        if not 0 <= value <= MAX_NUMBER:
            self.fail(f"{where} must be between 0 and {MAX_NUMBER:,.0f}", line)
        return float(value)

    def text(self, mapping, key, where, required=False):
        if key not in mapping or (mapping[key] is None and not required):
            if required:
                self.fail(f"{where} is missing required key {key!r}", mapping.line)
            return None
        return self.typed(mapping[key], str, f"{where}.{key}", mapping.line_of(key), "text")

    def web_address(self, mapping, key, where):
        """An http(s) address with a host and no spaces or control characters, or None."""
        value = self.text(mapping, key, where)
        if value is not None and not is_web_address(value):
            self.fail(f"{where}.{key} must be an http:// or https:// address with no spaces",
                      mapping.line_of(key), "e.g. https://treaties.un.org/Pages/ViewDetails"
                      ".aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en")
        return value

    def date(self, mapping, key, where, required=False):
        value = mapping.get(key)
        if value is None:
            if required:
                self.fail(f"{where} is missing required key {key!r}", mapping.line)
            return None
        if not isinstance(value, dt.date):
            self.fail(f"{where}.{key} must be a date YYYY-MM-DD, not {_kind(value)}",
                      mapping.line_of(key))
        return value

    # -- sections ------------------------------------------------------------------------
    def treaty_file(self, data) -> Treaty:
        if not isinstance(data, dict):
            self.fail(f"the file must be a mapping starting with `schema: 1`, not {_kind(data)}",
                      getattr(data, "line", 1))
        self.mapping(data, "the file", data.line, {"schema", "treaty", "groups", "participants"},
                     {"schema", "treaty", "participants"})
        if data["schema"] != SCHEMA or isinstance(data["schema"], bool):
            self.fail(f"schema {data['schema']!r} is not supported; this ratify reads schema 1",
                      data.line_of("schema"))
        groups = self.groups(data.get("groups"), data.line_of("groups"))
        t = self.mapping(data["treaty"], "treaty", data.line_of("treaty"), TREATY_KEYS,
                         {"id", "title", "entry_into_force"})
        self.sources = self.source_keys(t.get("sources"), t.line_of("sources"))
        treaty_id = self.text(t, "id", "treaty", required=True)
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", treaty_id):
            self.fail(f"treaty.id {treaty_id!r} must be lower-case letters, digits, - or _",
                      t.line_of("id"))
        opens = closes = None
        closes_at_eif = False
        if t.get("signature") is not None:
            sig = self.mapping(t["signature"], "treaty.signature", t.line_of("signature"),
                               {"opens", "closes"})
            opens = self.date(sig, "opens", "treaty.signature")
            if sig.get("closes") == "entry_into_force":
                closes_at_eif = True
            elif isinstance(sig.get("closes"), str):
                self.fail("treaty.signature.closes must be a date YYYY-MM-DD, entry_into_force "
                          f"or null, not {_kind(sig['closes'])}", sig.line_of("closes"))
            else:
                closes = self.date(sig, "closes", "treaty.signature")
            if opens and closes and closes < opens:
                self.fail("treaty.signature closes before it opens", sig.line_of("closes"))
        participants = self.participants(data["participants"], data.line_of("participants"))
        rule = self.rule(t["entry_into_force"], t.line_of("entry_into_force"), groups,
                         {p.code for p in participants})
        withdrawal = None
        if t.get("withdrawal") is not None:
            withdrawal = self.formula(t["withdrawal"], "treaty.withdrawal",
                                      t.line_of("withdrawal"))
        for p in participants:
            if p.members and p.members not in groups:
                self.fail(f"{p.code}: members group {p.members!r} is not defined in groups", p.line)
        open_to, open_to_group = self.open_to(t.get("open_to"), t.line_of("open_to"), groups,
                                              participants)
        return Treaty(
            id=treaty_id, title=self.text(t, "title", "treaty", required=True), rule=rule,
            participants=participants, short_title=self.text(t, "short_title", "treaty"),
            reference=self.text(t, "reference", "treaty"),
            depositary=self.text(t, "depositary", "treaty"),
            adopted=self.date(t, "adopted", "treaty"), signature_opens=opens,
            signature_closes=closes, data_as_of=self.date(t, "data_as_of", "treaty"),
            entered_into_force=self.date(t, "entered_into_force", "treaty"),
            source=self.text(t, "source", "treaty"), clause=self.text(t, "clause", "treaty"),
            status_url=self.web_address(t, "status_url", "treaty"), withdrawal=withdrawal,
            notes=self.notes(t.get("notes"), t.line_of("notes"), participants),
            groups=groups, path=self.path, signature_closes_at_entry_into_force=closes_at_eif,
            open_to=open_to, open_to_group=open_to_group)

    def open_to(self, value, line, groups, participants):
        """`treaty.open_to`: a group's name (its codes) or a list of codes or names; None: all."""
        if value is None:
            return None, None
        if isinstance(value, str):
            if value not in groups:
                self.fail(f"treaty.open_to {value!r} is not a group defined in groups", line,
                          "name a group, or list the codes")
            return tuple(groups[value]), value
        self.typed(value, list, "treaty.open_to", line, "a group's name or a list of codes")
        return self.named_codes(value, "treaty.open_to", participants), None

    def source_keys(self, value, line) -> dict[str, str]:
        if value is None:
            return {}
        self.typed(value, dict, "treaty.sources", line, "a mapping of key: citation")
        for key, citation in value.items():
            self.typed(citation, str, f"treaty.sources.{key}", value.line_of(key), "text")
        return dict(value)

    def groups(self, value, line) -> dict[str, tuple[str, ...]]:
        if value is None:
            return {}
        self.typed(value, dict, "groups", line, "a mapping of name: [codes]")
        result = {}
        for name, codes in value.items():
            where = f"groups.{name}"
            self.typed(codes, list, where, value.line_of(name), "a list of codes")
            for i, code in enumerate(codes):
                self.typed(code, str, where, codes.lines[i], "a list of codes")
            result[str(name)] = tuple(codes)
        return result

    def notes(self, value, line, participants=()) -> tuple[Note, ...]:
        if value is None:
            return ()
        self.typed(value, list, "treaty.notes", line, "a list")
        notes = []
        for i, item in enumerate(value):
            item = self.mapping(item, "a note", value.lines[i], NOTE_KEYS, {"text"})
            notes.append(Note(self.text(item, "text", "note", required=True),
                              self.text(item, "source", "note"), self.date(item, "date", "a note"),
                              self.note_participants(item, participants), value.lines[i]))
        return tuple(notes)

    def note_participants(self, item, participants) -> tuple[str, ...]:
        """A note's `participants`, as codes."""
        value = item.get("participants")
        if value is None:
            return ()
        where = "a note's participants"
        self.typed(value, list, where, item.line_of("participants"), "a list of codes or names")
        return self.named_codes(value, where, participants)

    def named_codes(self, value, where: str, participants) -> tuple[str, ...]:
        """Codes or names, resolved as `show` resolves them (among the file's participants, else
        the registry's), to codes, each once."""
        from ..names import Resolver, registry_resolver
        local = Resolver((p.code, p.name, None, p.aliases) for p in participants)
        codes = []
        for i, name in enumerate(value):
            self.typed(name, str, where, value.lines[i], "a list of codes or names")
            code = local.find(name) or registry_resolver().find(name)
            if code is None:
                self.fail(f"{where}: unknown participant {name!r}; "
                          + registry_resolver().advice(name), value.lines[i])
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def formula(self, value, where, line, extra: set = frozenset()) -> Formula:
        value = self.mapping(value, where, line, FORMULA_KEYS | set(extra))
        amounts = {}
        for key in ("days", "months", "years"):
            if key in value:
                amount = self.typed(value[key], int, f"{where}.{key}", value.line_of(key),
                                    "a whole number")
                if not 0 <= amount <= FORMULA_CAPS[key]:
                    self.fail(f"{where}.{key} must be between 0 and {FORMULA_CAPS[key]:,}",
                              value.line_of(key))
                amounts[key] = amount
        if len(amounts) > 1:
            self.fail(f"{where}: give one of days, months or years", value.line)
        first = value.get("first_of_next_month", False)
        self.typed(first, bool, f"{where}.first_of_next_month", value.line_of(
            "first_of_next_month"), "true or false")
        return Formula(first_of_next_month=first, **amounts)

    def rule(self, value, line, groups, codes) -> Rule:
        where = "treaty.entry_into_force"
        r = self.mapping(value, where, line, RULE_KEYS, {"conditions", "date"})
        instruments = CONSENT_TYPES
        if r.get("instruments") is not None:
            instruments = self.typed(r["instruments"], list, f"{where}.instruments",
                                     r.line_of("instruments"), "a list of action types")
            if not instruments:
                self.fail(f"{where}.instruments lists no instrument: nothing could ever count",
                          r.line_of("instruments"))
            for i, kind in enumerate(instruments):
                if kind not in CONSENT_TYPES:
                    self.fail(f"{where}.instruments: {kind!r} is not a consent instrument",
                              instruments.lines[i], "one of " + ", ".join(CONSENT_TYPES))
        reio = r.get("reio", "excluded")
        if reio not in ("excluded", "counted"):
            self.fail(f"{where}.reio must be excluded or counted, not {reio!r}", r.line_of("reio"))
        conditions = self.typed(r["conditions"], list, f"{where}.conditions",
                                r.line_of("conditions"), "a list")
        if not conditions:
            self.fail(f"{where}.conditions must list at least one condition",
                      r.line_of("conditions"))
        parsed = tuple(self.condition(c, conditions.lines[i], groups, codes)
                       for i, c in enumerate(conditions))
        late = None
        if r.get("late_joiners") is not None:
            lj = r["late_joiners"]
            lwhere = f"{where}.late_joiners"
            formula = self.formula(lj, lwhere, r.line_of("late_joiners"),
                                   {"after", "verified", "note"})
            after = lj.get("after", "threshold")
            if after not in ("threshold", "entry_into_force"):
                self.fail(f"{lwhere}.after must be threshold or entry_into_force, not {after!r}",
                          lj.line_of("after"))
            verified = lj.get("verified", True)
            self.typed(verified, bool, f"{lwhere}.verified", lj.line_of("verified"),
                       "true or false")
            late = LateJoiners(formula, after, verified, self.text(lj, "note", lwhere))
        return Rule(instruments=frozenset(instruments), conditions=parsed,
                    date=self.formula(r["date"], f"{where}.date", r.line_of("date")), reio=reio,
                    not_before=self.date(r, "not_before", where), late_joiners=late,
                    note=self.text(r, "note", where))

    def condition(self, value, line, groups, codes) -> Condition:
        where = "a condition"
        c = self.mapping(value, where, line, {"count", "group", "weight", "at_least", "all_of"})
        kinds = [k for k in ("count", "weight", "all_of") if k in c]
        if len(kinds) != 1:
            self.fail("a condition needs exactly one of count, weight or all_of", c.line)
        kind = kinds[0]
        if kind == "count":
            count = self.typed(c["count"], int, "count", c.line_of("count"), "a whole number")
            most = len(set(registry()) | set(codes))
            if not 1 <= count <= most:
                self.fail(f"count must be between 1 and {most}, the participants a treaty can "
                          "have", c.line_of("count"))
            group = self.text(c, "group", where)
            if group is not None and group not in groups:
                self.fail(f"group {group!r} is not defined in groups", c.line_of("group"))
            if "at_least" in c:
                self.fail("at_least belongs to a weight condition", c.line_of("at_least"))
            return Condition("count", count=count, group=group)
        if kind == "weight":
            name = self.text(c, "weight", where, required=True)
            at_least = self.number(c.get("at_least"), "at_least", c.line_of("at_least"))
            if "group" in c:
                self.fail("group belongs to a count condition", c.line_of("group"))
            return Condition("weight", weight=name, at_least=float(at_least))
        value = c["all_of"]
        if isinstance(value, str):
            if value not in groups:
                self.fail(f"all_of: group {value!r} is not defined in groups", c.line_of("all_of"))
            named = groups[value]
        else:
            self.typed(value, list, "all_of", c.line_of("all_of"), "a group name or list of codes")
            for i, code in enumerate(value):
                self.typed(code, str, "all_of", value.lines[i], "a list of codes")
            named = tuple(value)
        if not named:
            self.fail("all_of names no participant", c.line_of("all_of"))
        known = set(registry()) | set(codes)
        for code in named:
            if code not in known:
                self.fail(f"all_of: unknown participant code {code!r}", c.line_of("all_of"),
                          "use ISO 3166-1 alpha-3 codes, as in participants")
        return Condition("all_of", codes=tuple(named), group=value if isinstance(value, str)
                         else None)

    def participants(self, value, line) -> tuple[Participant, ...]:
        if value is None:
            return ()
        self.typed(value, list, "participants", line, "a list")
        reg = registry()
        seen: dict[str, int] = {}
        result = []
        for i, item in enumerate(value):
            item_line = value.lines[i]
            p = self.mapping(item, "a participant", item_line, PARTICIPANT_KEYS, {"code"})
            code = self.text(p, "code", "participant", required=True)
            if code in seen:
                self.fail(f"duplicate participant {code} (first at line {seen[code]})",
                          p.line_of("code"), "merge the two entries")
            seen[code] = p.line_of("code")
            entry = reg.get(code)
            name = self.text(p, "name", code)
            if entry is None and name is None:
                from ..names import registry_resolver
                self.fail(f"unknown participant code {code!r}" +
                          "; " + registry_resolver().advice(code),
                          p.line_of("code"),
                          "use an ISO 3166-1 alpha-3 code, or give `name:` for another entity")
            kind = p.get("kind", entry.kind if entry else "state")
            if kind not in ("state", "reio"):
                self.fail(f"{code}: kind must be state or reio, not {kind!r}", p.line_of("kind"))
            aliases = p.get("aliases") or []
            self.typed(aliases, list, f"{code}.aliases", p.line_of("aliases"), "a list of names")
            for i, alias in enumerate(aliases):
                self.typed(alias, str, f"{code}.aliases", aliases.lines[i], "a list of names")
            weights = p.get("weights") or {}
            self.typed(weights, dict, f"{code}.weights", p.line_of("weights"),
                       "a mapping of name: number")
            for wname, weight in weights.items():
                self.number(weight, f"{code}.weights.{wname}", weights.line_of(wname))
            members = self.text(p, "members", code)
            result.append(Participant(
                code=code, name=name or entry.name, kind=kind,
                region=self.text(p, "region", code) or (entry.region if entry else None),
                aliases=tuple(str(a) for a in aliases), members=members,
                weights={str(k): float(v) for k, v in weights.items()},
                actions=self.actions(code, p.get("actions"), p.line_of("actions")),
                declarations=self.declarations(code, p.get("declarations"),
                                               p.line_of("declarations")),
                line=p.line_of("code")))
        return tuple(result)

    def entries(self, value, name: str, line, where: str, keys, required):
        """Each mapping of the list `value` (None: none), checked against `keys`."""
        if value is None:
            return
        self.typed(value, list, name, line, "a list")
        for i, item in enumerate(value):
            yield self.mapping(item, where, value.lines[i], keys, required)

    def actions(self, code, value, line) -> tuple[Action, ...]:
        where = f"{code}: an action"
        result = []
        for a in self.entries(value, f"{code}.actions", line, where, ACTION_KEYS,
                              {"type", "date"}):
            kind = self.text(a, "type", where, required=True)
            if kind not in ACTION_TYPES:
                near = _closest(kind, set(ACTION_TYPES))
                self.fail(f"{code}: unknown action type {kind!r}", a.line_of("type"),
                          f"did you mean {near!r}?" if near else
                          "one of " + ", ".join(ACTION_TYPES))
            day = self.date(a, "date", where, required=True)
            earliest = self.date(a, "earliest", where)
            if earliest and earliest > day:
                self.fail(f"{code}: earliest {earliest} is after date {day}; `date` is the "
                          "latest possible day", a.line_of("earliest"))
            confidence = a.get("confidence", "depositary")
            if confidence not in ("depositary", "reported"):
                self.fail(f"{code}: confidence must be depositary or reported, not {confidence!r}",
                          a.line_of("confidence"))
            source = self.text(a, "source", where)
            result.append(Action(kind, day, earliest, self.sources.get(source, source),
                                 self.text(a, "note", where), confidence, a.line))
        return tuple(result)

    def declarations(self, code, value, line) -> tuple[Declaration, ...]:
        where = f"{code}: a declaration"
        result = []
        for d in self.entries(value, f"{code}.declarations", line, where, DECLARATION_KEYS,
                              {"kind"}):
            articles = d.get("articles") or []
            self.typed(articles, list, f"{where}.articles", d.line_of("articles"), "a list")
            source = self.text(d, "source", where)
            result.append(Declaration(self.text(d, "kind", where, required=True),
                                      self.date(d, "date", where),
                                      tuple(str(a) for a in articles), self.text(d, "text", where),
                                      self.sources.get(source, source)))
        return tuple(result)


def _tuple(types):
    return types if isinstance(types, tuple) else (types,)


def _kind(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text {str(value)[:40]!r}"


def _closest(word: str, options: set) -> str | None:
    import difflib
    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return match[0] if match else None
