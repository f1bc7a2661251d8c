"""The feed as Atom 1.0 (RFC 4287): built with ElementTree, so every text is escaped as XML
text, and cleaned first, as control characters have no place in XML 1.0."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .safe import clean

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom(treaty_id: str, title: str, entries: list[dict]) -> str:
    """The Atom document; `updated` is the newest entry's date (the feed is reproducible)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"tag:ratify,2025:{treaty_id}")
    _text(feed, "title", f"{title}: signatures, ratifications and entry into force")
    _text(feed, "updated", _stamp(entries[0]["date"] if entries else "1970-01-01"))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "ratify")
    _text(feed, "generator", "ratify")
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", item["id"])
        _text(entry, "title", item["title"])
        _text(entry, "updated", _stamp(item["date"]))
        if item["link"]:
            ET.SubElement(entry, f"{{{ATOM}}}link", href=clean(item["link"]), rel="alternate")
        summary = "; ".join(x for x in (item["note"], item["source"] and
                                        f"source: {item['source']}") if x)
        if summary:
            _text(entry, "summary", summary)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = clean(text)
