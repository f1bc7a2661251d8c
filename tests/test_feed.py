"""`ratify feed` (issue 12, the feed): Atom 1.0 of what happened, newest first, parsed by a real
feed parser; stable ids, dates from the actions, links only from http(s) sources."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest

from conftest import TREATIES
from ratify.datafile import store
from ratify.feed import entries
from ratify.model import is_web_address
from ratify.render.atom import atom
from ratify.rules import Engine

TODAY = "2026-11-29"


def parsed(text: str):
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_hanoi_feed_parses_newest_first_with_stable_ids(cli):
    result = cli("--today", TODAY, "feed")
    assert result.exit_code == 0, result.output
    feed = parsed(result.stdout)
    assert feed.version == "atom10" and feed.feed.id == "tag:ratify,2025:uncc"
    days = [e.updated for e in feed.entries]
    assert days == sorted(days, reverse=True)
    assert feed.feed.updated == days[0] == "2026-02-23T00:00:00Z"  # never the clock
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:ratify,2025:uncc/") for i in ids)
    signed = [e for e in feed.entries if e.title == "Mauritius signed"]
    assert [e.id for e in signed] == ["tag:ratify,2025:uncc/MUS/signature/2025-11-19"]
    assert signed[0].link.startswith("https://")
    assert cli("--today", TODAY, "feed").stdout == result.stdout      # reproducible
    reported = [e for e in feed.entries if "reported" in e.title]
    assert reported and all("domestic step" in e.title or "signed" in e.title
                            for e in reported)


def test_att_counts_and_rule_entries():
    engine = Engine(store.load(str(TREATIES / "att.yaml")))
    found = {e["id"]: e for e in entries(engine, dt.date(2026, 11, 29))}
    eif = found["tag:ratify,2025:att/entry_into_force/2014-12-24"]
    assert eif["title"] == "ATT entered into force" and eif["date"] == "2014-12-24"
    met = found["tag:ratify,2025:att/threshold/2014-09-25"]
    assert met["title"].endswith("in force on 2014-12-24")
    # on 25 Sep 2014 several instruments came: the count is the day's
    assert any(e["title"].endswith("— 53 of 50 by the day's end") for e in found.values())
    before = entries(engine, dt.date(2014, 10, 1))
    assert not any(e["kind"] == "entry_into_force" for e in before)
    assert before[0]["date"] <= "2014-10-01"


def test_since_limit_and_json(cli):
    data = json.loads(cli("--data", str(TREATIES / "att.yaml"), "--today", TODAY, "feed",
                          "--since", "2014-09-25", "--limit", "5", "-f", "json").stdout)
    assert len(data) == 5 and all(e["date"] >= "2014-09-25" for e in data)
    assert {"id", "title", "date", "kind", "link", "source"} <= set(data[0])
    assert cli("feed", "--limit", "0").exit_code == 2
    assert cli("feed", "--since", "2026-02-30").exit_code == 2


def test_hostile_text_is_inert():
    hostile = [{"id": "tag:ratify,2025:x/A/signature/2020-01-01", "date": "2020-01-01",
                "title": "<script>alert(1)</script>\x1b[2J", "link": None,
                "note": "]]><evil/>", "source": "javascript:alert(1)"}]
    text = atom("x", "X", hostile)
    assert "<script>" not in text and "\x1b" not in text and "<evil/>" not in text
    feed = parsed(text)
    assert feed.entries[0].title.startswith("<script>")      # shown as text
    assert "link" not in feed.entries[0] or not feed.entries[0].link.startswith("javascript")


@pytest.mark.parametrize("source, link", [
    ("https://treaties.un.org/x", True), ("untc page of 2026", False),
    ("javascript:alert(1)", False), ("https://a b", False), ("https://", False),
    ("HTTP://example.org", True), ("https://x\x1b[2J", False)])
def test_only_whole_http_urls_become_links(source, link):
    assert is_web_address(source) is link
