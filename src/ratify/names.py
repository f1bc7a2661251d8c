"""Resolve what a user types ("Vietnam", "VNM", "viet nam", "Türkiye", "Turkey") to one
participant."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .datafile import cache
from .errors import UnknownParticipant


@dataclass(frozen=True)
class Entry:
    """One state or REIO of the registry."""

    code: str
    name: str
    alpha2: str | None = None
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    region: str | None = None
    subregion: str | None = None
    un_group: str | None = None
    kind: str = "state"
    un_member: bool = False
    admitted: dt.date | None = None     # admission to the United Nations
    dissolved: dt.date | None = None    # a former State: the last day it existed
    continued_by: str | None = None     # the code of the State that continues it

    @property
    def former_state(self) -> bool:
        """A State that no longer exists (Czechoslovakia, the USSR): it joins treaties only
        through its records, never as one that could still deposit."""
        return not self.un_member and self.admitted is not None


def normalize(text: str) -> str:
    """Fold case, accents and punctuation: "Côte d'Ivoire" -> "cote d ivoire"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return re.sub(r" the$", "", text).strip()


@functools.lru_cache(maxsize=1)
def registry() -> dict[str, Entry]:
    """The packaged registry, by alpha-3 code."""
    raw = (Path(__file__).parent / "registry.yaml").read_bytes()
    cache_key = cache.key("registry", raw)
    entries = cache.get(cache_key)
    if isinstance(entries, dict):
        return entries
    from .datafile import yamlload
    data = yamlload.load(raw.decode("utf-8"))
    entries = {}
    for item in data["participants"]:
        entry = Entry(
            code=item["code"], name=item["name"], alpha2=item.get("alpha2"),
            aliases=tuple(item.get("aliases") or ()), former=tuple(item.get("former") or ()),
            region=item.get("region"), subregion=item.get("subregion"),
            un_group=item.get("un_group"), kind=item.get("kind", "state"),
            un_member=bool(item.get("un_member")), admitted=item.get("admitted"),
            dissolved=item.get("dissolved"), continued_by=item.get("continued_by"))
        entries[entry.code] = entry
    cache.put(cache_key, entries)
    return entries


#: well-known names of places that are not in the registry because they are not UN member
#: States (nor among the registry's other States and REIO): a plain sentence instead of a
#: near-miss suggestion ("Taiwan" is not a misspelt "Thailand"). Keys are what people type;
#: normalized on lookup.
NOT_PARTICIPANTS = {
    ("Taiwan", "TWN", "TW", "Republic of China", "Chinese Taipei"): "Taiwan",
    ("Kosovo", "XKX", "XK", "Republic of Kosovo", "Kosova"): "Kosovo",
}


def not_a_participant(text: str) -> str | None:
    """The sentence for a well-known non-participant (Taiwan, Kosovo), else None."""
    key = normalize(text)
    for names, display in NOT_PARTICIPANTS.items():
        if key in {normalize(n) for n in names}:
            return (f"{display} is not a UN member State, nor among the other participants "
                    "ratify knows (the Holy See, the State of Palestine, the Cook Islands, Niue "
                    "and the European Union)")
    return None


class Resolver:
    """Maps normalized names and codes to codes, with "did you mean" suggestions."""

    def __init__(self, entries):
        self._index: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for code, name, alpha2, others in entries:
            self._display[code] = name
            for key in (code, alpha2, name, *others):
                if key:
                    self._index.setdefault(normalize(key), code)

    def find(self, text: str) -> str | None:
        return self._index.get(normalize(text))

    def resolve(self, text: str, *, path: str | None = None) -> str:
        code = self.find(text)
        if code is None:
            raise UnknownParticipant(f"unknown participant {text!r} — {self.advice(text)}",
                                     path=path)
        return code

    def suggest(self, text: str) -> list[str]:
        """Up to three names close to `text`; none for what is not a participant at all."""
        import difflib
        if not_a_participant(text):
            return []
        close = difflib.get_close_matches(normalize(text), self._index, n=6, cutoff=0.7)
        names: list[str] = []
        for match in close:
            name = self._display[self._index[match]]
            if name not in names:
                names.append(name)
        return names[:3]

    def advice(self, text: str) -> str:
        """What to tell a user whose `text` names no participant (see `advice`)."""
        return advice(text, self.suggest(text))


def advice(text: str, close: list[str]) -> str:
    """'did you mean A or B?' for the `close` names; else why `text` is not a participant, or
    how participants are named."""
    outside = not_a_participant(text)
    if outside:
        return outside
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return "use a UN name, an alias or an ISO code (ratify list shows them)"


def registry_resolver() -> Resolver:
    """Every registry name; a name a current State shares with a former one (the USSR's, which
    the Russian Federation continues) is the current State's."""
    entries = sorted(registry().values(), key=lambda e: e.former_state)
    return Resolver((e.code, e.name, e.alpha2, e.aliases + e.former) for e in entries)


def treaty_resolver(treaty) -> Resolver:
    """Resolve names among the participants of one data file."""
    reg = registry()
    rows = []
    for p in treaty.participants:
        entry = reg.get(p.code)
        others = (entry.aliases + entry.former) if entry else ()
        rows.append((p.code, p.name, entry.alpha2 if entry else None, others + p.aliases))
    return Resolver(rows)
