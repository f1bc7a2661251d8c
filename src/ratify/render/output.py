"""One output path: a command's View, written in the format the user chose.

A View holds what a command shows: its JSON-able data, its rows and columns (CSV and Markdown)
and how to draw it as a table (rich). `output` picks the writer; the writers clean every cell
(CSV against formula injection, Markdown against markup).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .formats import Format
from .safe import VISIBLE, clean

if TYPE_CHECKING:
    from rich.console import Console


class View:
    """What a command shows, in every format it offers: `data` (--format json), `rows` and
    `columns` (csv, and md unless `markdown` is given), and for the table format `draw` (on a
    rich console) or, when the table format is plain text, `text`. (A plain class: the CLI
    starts faster than with a dataclass.)"""

    __slots__ = ("data", "rows", "columns", "draw", "text", "markdown")

    def __init__(self, data: object, rows: Sequence[dict] = (), columns: Sequence[str] = (),
                 draw: Callable[[Console], None] | None = None, *, text: str | None = None,
                 markdown: str | None = None):
        self.data, self.rows, self.columns = data, rows, columns
        self.draw, self.text, self.markdown = draw, text, markdown


def output(view: View, fmt: str, console: Callable[[], Console]) -> None:
    """Write `view` to stdout in `fmt`; `console()` gives the console a table is drawn on."""
    if fmt == Format.table and view.draw is not None:
        view.draw(console())
        return
    text = clean(_WRITERS[Format(fmt)](view), newlines=True)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


_WRITERS = {
    Format.table: lambda view: view.text or "",
    Format.json: lambda view: to_json(view.data),
    Format.csv: lambda view: to_csv(view.rows, view.columns),
    Format.md: lambda view: (view.markdown if view.markdown is not None
                             else to_markdown(view.rows, view.columns)),
}


_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in VISIBLE if c >= 0x7F}


def to_json(data) -> str:
    """JSON (UTF-8); C0 controls are escaped by json, DEL, C1 and bidi overrides here."""
    import json
    return json.dumps(data, indent=2, ensure_ascii=False, default=str).translate(_JSON_UNSAFE)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(v)}" for k, v in value.items() if v is not None)
    return str(value)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading quote (OWASP);
    numbers stay numbers."""
    text = clean(_cell(value), newlines=True)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """A header row, then one row per dict; every cell cleaned and defused."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#!&"})


_URL = None  # compiled on first use below (one character class: linear)


def md_text(value) -> str:
    """Untrusted text in Markdown: punctuation that could start markup is escaped, http(s)
    URLs become <autolinks>, a newline becomes <br> (so a note cannot break a table row)."""
    global _URL
    if _URL is None:
        import re
        _URL = re.compile(r"https?://[^\s<>|\\`\[\]]+")
    text = clean(_cell(value), newlines=True)
    out, start = [], 0
    for match in _URL.finditer(text):
        out.append(text[start:match.start()].translate(_MD_ESCAPES))
        out.append(f"<{match.group()}>")
        start = match.end()
    out.append(text[start:].translate(_MD_ESCAPES))
    return "<br>".join(line.strip() for line in "".join(out).split("\n"))


def to_markdown(rows: Sequence[dict], columns: Sequence[str],
                headers: Sequence[str] | None = None) -> str:
    """A pipe table; every cell escaped (md_text)."""
    headers = headers or columns
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(md_text(row.get(c)) for c in columns) + " |")
    return "\n".join(lines) + "\n"
