"""Shared helpers: build treaties from YAML snippets and run the CLI in-process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ratify.cli import app
from ratify.datafile import store
from ratify.rules import Engine

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "states.yaml"
TREATIES = ROOT / "data" / "treaties"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A frozen copy of the Hanoi data (data_as_of 2026-02-23): CLI tests pin its facts, so that
# updating data/states.yaml with new deposits never breaks them.
HANOI = FIXTURES / "hanoi-2026-02-23.yaml"

#: treaty: (threshold date, entry into force), as the depositaries announced them (the reference
#: collection's history/README.md); the golden tests and the back-test tests share it
OFFICIAL = {
    "untoc": ("2003-07-01", "2003-09-29"),
    "uncac": ("2005-09-15", "2005-12-14"),
    "att": ("2014-09-25", "2014-12-24"),
    "paris": ("2016-10-05", "2016-11-04"),
    "rome": ("2002-04-11", "2002-07-01"),
    "tpnw": ("2020-10-24", "2021-01-22"),
    "minamata": ("2017-05-18", "2017-08-16"),
    "crpd": ("2008-04-03", "2008-05-03"),
    "ccm": ("2010-02-16", "2010-08-01"),
    "fctc": ("2004-11-29", "2005-02-27"),
}

HEADER = """\
schema: 1
treaty:
  id: test
  title: Test Treaty
  signature: {{opens: {opens}, closes: {closes}}}
  entry_into_force:
    reio: {reio}
    conditions:
{conditions}
    date: {date}
    not_before: {not_before}
    late_joiners: {late}
  withdrawal: {{years: 1}}
groups:
  eu_members: [AUT, BEL, FRA]
participants:
"""


def treaty_text(participants: dict[str, list[str]], *, conditions=("{count: 3}",),
                date="{days: 90}", late="{days: 30, after: threshold}", reio="excluded",
                opens="2000-01-01", closes="null", not_before="null",
                extra_participants: str = "") -> str:
    """A data file: `participants` maps a code to its action lines ('ratification 2001-05-01')."""
    text = HEADER.format(conditions="\n".join(f"      - {c}" for c in conditions), date=date,
                         late=late, reio=reio, opens=opens, closes=closes, not_before=not_before)
    for code, actions in participants.items():
        text += f"  - code: {code}\n"
        if code == "EUU":
            text += "    kind: reio\n    members: eu_members\n"
        if actions:
            text += "    actions:\n"
            for entry in actions:
                kind, day = entry.split()
                text += f"      - {{type: {kind}, date: {day}, source: test}}\n"
    return text + extra_participants


def make_engine(participants, **kwargs) -> Engine:
    return Engine(store.parse(treaty_text(participants, **kwargs), "test.yaml"))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def bundled(treaty_id: str) -> Engine:
    return Engine(store.load(str(TREATIES / f"{treaty_id}.yaml")))


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Parsed-file cache in a temporary folder, never the user's."""
    import os
    os.environ["RATIFY_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner, monkeypatch, tmp_path, tmp_path_factory):
    """Run `ratify ARGS` in-process from an empty folder, on a copy of the frozen Hanoi data."""
    monkeypatch.chdir(tmp_path)
    copy = tmp_path_factory.mktemp("hanoi") / HANOI.name
    copy.write_bytes(HANOI.read_bytes())
    monkeypatch.setenv("RATIFY_DATA", str(copy))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)
    return run
