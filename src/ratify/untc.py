"""Parse a UN Treaty Collection status table into participant rows with their actions.

Two inputs, one result (`Table`):

- a status page saved from a browser (`.html`): the participant grid is the table whose header row
  starts with "Participant"; the page's "STATUS AS AT : 03-02-2026" line (day-month-year) becomes
  `data_as_of`, its "Signatories : 130. Parties : 117" line `page_counts`, and the `mtdsg_no` of
  its links the treaty `reference` (XXVI-8);
- the same grid copied as CSV or TSV (comma, tab or semicolon; UTF-8, UTF-16 with a BOM, or a
  Windows code page): the header row is the first line whose first cell is "Participant".

The column headers say which column is which and what its marks mean: "Signature, Succession to
signature(d)", "Provisional application under article 23(n)", "Ratification, Acceptance(A),
Approval(AA), Accession(a), Succession(d)", "Formal confirmation(c), ...". A mark the header does
not name takes its usual UNTC meaning (no mark = ratification, or signature in a signature column;
a accession, A acceptance, AA approval, d succession, c formal confirmation; in a signature column
d succession to signature and s definitive signature); `n` is always provisional application,
never consent. Footnote numbers (<sup> on a page, digits glued to a name in a copy) are set apart;
a participant in [brackets] is marked withdrawn.

Pure: bytes in, data out. Names are matched to codes by `match`, through a resolver (the
registry's by default); an unmatched name is reported, never guessed. What cannot be read raises
ImportFormatError: one line, the file and line, and a hint.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable

from .errors import ImportFormatError

_CONTROLS = frozenset(chr(i) for i in [*range(32), 127, 0xFFFD]) - set("\t\r\n\f")

MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")

# Header labels -> (action type, note).  "Succession to signature" is a signature, noted as such.
LABELS = {
    "signature": ("signature", None),
    "succession to signature": ("signature", "succession to signature (d)"),
    "definitive signature": ("definitive_signature", None),
    "ratification": ("ratification", None),
    "acceptance": ("acceptance", None),
    "approval": ("approval", None),
    "accession": ("accession", None),
    "succession": ("succession", None),
    "formal confirmation": ("formal_confirmation", None),
    "provisional application": ("provisional_application", None),
}
# What a mark means when the column header does not say.
SIGNATURE_MARKS = {"": LABELS["signature"], "d": LABELS["succession to signature"],
                   "s": LABELS["definitive signature"]}
CONSENT_MARKS = {"": LABELS["ratification"], "a": LABELS["accession"],
                 "A": LABELS["acceptance"], "AA": LABELS["approval"],
                 "d": LABELS["succession"], "c": LABELS["formal confirmation"]}
PROVISIONAL = LABELS["provisional application"]
MARK_HINT = ("expected a date like `25 Oct 2025`, then an optional mark: a accession, "
             "A acceptance, AA approval, d succession, c formal confirmation, n provisional "
             "application, s definitive signature")
TABLE_HINT = ("expected a UN Treaty Collection status page saved as .html, or its participant "
              "table copied as CSV/TSV with a `Participant` column and Signature / Ratification "
              "columns")


@dataclass(frozen=True)
class Column:
    """One column of the grid: its header and what each mark in it means."""

    index: int
    header: str
    role: str                                  # participant | signature | consent | provisional
    marks: dict = field(default_factory=dict)  # mark -> (action type, note)


@dataclass(frozen=True)
class Cell:
    """One action read from a cell."""

    type: str
    date: dt.date
    mark: str
    column: str
    note: str | None = None
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    name: str                       # as printed, without footnote numbers or brackets
    line: int                       # line of the row in the file
    actions: tuple[Cell, ...]
    footnotes: tuple[str, ...] = ()
    withdrawn: bool = False         # shown in [brackets]
    printed: str = ""               # the name cell exactly as read


@dataclass(frozen=True)
class Table:
    kind: str                       # "page" (saved HTML) | "table" (CSV/TSV copy)
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    data_as_of: dt.date | None = None
    reference: str | None = None
    page_counts: dict | None = None     # {"signatories": n, "parties": n} as the page prints them
    ignored_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    code: str
    row: Row


@dataclass(frozen=True)
class Unmatched:
    name: str
    line: int
    suggestion: str = ""


# -- entry points ------------------------------------------------------------------------------


def read(path: str) -> Table:
    """Read and parse the file at `path` (the only function here that touches the disk)."""
    from .store import read_bytes
    return parse(read_bytes(path, ImportFormatError, "UNTC page or table", None), path)


def parse(raw: bytes, path: str) -> Table:
    """Parse a saved status page or a copied table; `path` names the file in messages (and its
    extension is a hint: the content decides)."""
    text = decode(raw, path)
    if not text.strip():
        raise ImportFormatError("file is empty", path=path, hint=TABLE_HINT)
    head = text.lstrip()[:2000].lower()
    if head.startswith("<") or "<table" in head or "<html" in head or \
            path.lower().endswith((".html", ".htm")):
        return parse_html(text, path)
    return parse_delimited(text, path)


def decode(raw: bytes, path: str) -> str:
    """Text of the file: UTF-8 (with or without BOM), UTF-16 with a BOM (a spreadsheet's
    "Unicode text"), else Windows-1252 (a spreadsheet's CSV); binary content is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFormatError("not valid UTF-16 text", path=path, hint=TABLE_HINT) from None
    if b"\x00" in raw:
        line = raw[:raw.index(b"\x00")].count(b"\n") + 1
        raise ImportFormatError("binary content (NUL byte); not a UNTC page or table",
                                path=path, line=line, hint=TABLE_HINT)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise ImportFormatError("neither UTF-8 nor Windows-1252 text", path=path,
                                    line=line, hint="save the page or table as UTF-8") from None
    sample = text[:20000]
    if sum(ch in _CONTROLS for ch in sample) > 0.05 * len(sample):
        raise ImportFormatError("binary content; not a UNTC page or table", path=path,
                                hint=TABLE_HINT)
    return text


def match(table: Table, find: Callable[[str], str | None] | None = None,
          suggest: Callable[[str], str] | None = None) -> tuple[list[Match], list[Unmatched]]:
    """Codes for the table's rows through `find` (default: the registry: UN names, aliases,
    former names); names it does not know are returned apart, with a suggestion, never guessed."""
    if find is None or suggest is None:
        from .names import registry_resolver
        resolver = registry_resolver()
        find, suggest = find or resolver.find, suggest or resolver.suggest
    matched, unmatched = [], []
    for row in table.rows:
        code = find(row.name)
        if code is None:
            unmatched.append(Unmatched(row.name, row.line, suggest(row.name).lstrip(" —")))
        else:
            matched.append(Match(code, row))
    return matched, unmatched


# -- cells and names ---------------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CELL = re.compile(
    r"^\[?\s*(?:(?P<day>\d{1,2})[\s-]+(?P<month>[A-Za-z]{3,9})\.?[\s,-]+(?P<year>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"\s*(?P<mark>[A-Za-z]{1,2})?\s*\]?"
    r"\s*(?P<notes>(?:\(?\d{1,3}\)?\s*,?\s*)*)$")
_FOOTNOTE_TAIL = re.compile(r"(?<=[^\d\s])\s*((?:\d{1,3}\s*,\s*)*\d{1,3})$")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def clean(text: str) -> str:
    """Collapse every kind of white space (tabs, no-break spaces) to one space."""
    return _SPACE.sub(" ", text).strip()


def parse_date(day: str, month: str, year: str) -> dt.date | None:
    key = month.lower()
    number = MONTHS.get(key[:3]) if any(full.startswith(key) for full in FULL_MONTHS) else None
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def parse_cell(text: str) -> tuple[dt.date, str, tuple[str, ...]] | None:
    """(date, mark, footnotes) of a date cell, None when empty; ValueError when unreadable."""
    text = clean(text)
    if not text or text in ("-", "–", "—"):
        return None
    m = _CELL.match(text)
    if not m:
        raise ValueError(f"cannot read {text!r}")
    if m["iso"]:
        try:
            day = dt.date.fromisoformat(m["iso"])
        except ValueError:
            raise ValueError(f"{m['iso']!r} is not a real date") from None
    else:
        day = parse_date(m["day"], m["month"], m["year"])
        if day is None:
            raise ValueError(f"{text!r} is not a real date")
    notes = tuple(re.findall(r"\d+", m["notes"] or ""))
    return day, m["mark"] or "", notes


def cell_action(text: str, column: Column, footnotes: tuple[str, ...] = ()) -> Cell | None:
    """The action a cell records in `column` (None for an empty cell)."""
    parsed = parse_cell(text)
    if parsed is None:
        return None
    day, mark, notes = parsed
    if mark == "n":
        kind, note = PROVISIONAL
    elif mark in column.marks:
        kind, note = column.marks[mark]
    else:
        known = ", ".join(f"{m or 'no mark'} = {t.replace('_', ' ')}"
                          for m, (t, _) in column.marks.items())
        raise ValueError(f"mark {mark!r} in {clean(text)!r} is not one this column uses "
                         f"({known})")
    return Cell(kind, day, mark, column.header, note, notes + footnotes)


def split_name(text: str) -> tuple[str, tuple[str, ...], bool]:
    """(name, footnote numbers, withdrawn) from a name cell: "Algeria2" -> ("Algeria", ("2",),
    False); "[Burundi]" -> ("Burundi", (), True)."""
    name = clean(text.translate(_SUPERSCRIPTS))
    notes: list[str] = []
    while True:
        m = _FOOTNOTE_TAIL.search(name)
        if not m:
            break
        notes[:0] = re.findall(r"\d+", m[1])
        name = name[:m.start()].rstrip(" ,")
    withdrawn = False
    if name.startswith("[") and "]" in name:
        withdrawn = True
        inner, rest = name[1:].split("]", 1)
        notes += re.findall(r"\d+", rest)
        name = clean(inner)
        tail = _FOOTNOTE_TAIL.search(name)
        if tail:
            notes[:0] = re.findall(r"\d+", tail[1])
            name = name[:tail.start()].rstrip(" ,")
    return name.strip(" *"), tuple(notes), withdrawn


# -- headers ------------------------------------------------------------------------------------

_PART = re.compile(r"^(?P<label>.*?)\s*(?:\(\s*(?P<mark>[A-Za-z]{1,2})\s*\))?\s*$")


def is_participant_header(text: str) -> bool:
    return clean(text).strip(":").casefold() in ("participant", "participants")


def classify(index: int, header: str) -> Column | None:
    """What a header says its column holds, or None for a column ratify does not know."""
    text = clean(header)
    if index == 0 and is_participant_header(text):
        return Column(index, text, "participant")
    found: dict[str, tuple[str, str | None]] = {}
    for part in [p for p in re.split(r",(?![^()]*\))", text) if p.strip()]:
        m = _PART.match(part.strip())
        label = re.sub(r"\s*\d+$", "", m["label"]).casefold()  # a footnote glued to a label
        if label in LABELS:
            found[m["mark"] or ""] = LABELS[label]
        elif label.startswith("provisional application"):
            found[m["mark"] or "n"] = PROVISIONAL
        else:
            return None
    if not found:
        return None
    kinds = {kind for kind, _ in found.values()}
    if kinds <= {"provisional_application"}:
        return Column(index, text, "provisional", {**found, "n": PROVISIONAL})
    if kinds & {"signature"}:
        return Column(index, text, "signature", {**SIGNATURE_MARKS, **found})
    return Column(index, text, "consent", {**CONSENT_MARKS, **found})


def columns_of(header: list[str], path: str, line: int) -> tuple[list[Column], list[str]]:
    columns, ignored = [], []
    for i, text in enumerate(header):
        if i == 0:
            columns.append(Column(0, clean(text), "participant"))
            continue
        column = classify(i, text)
        if column is None:
            if clean(text):
                ignored.append(clean(text))
        else:
            columns.append(column)
    if len(columns) < 2:
        shown = ", ".join(repr(clean(h)) for h in header[1:] if clean(h)) or "none"
        raise ImportFormatError(
            f"no Signature, Ratification or Accession column in the header (columns: {shown})",
            path=path, line=line, hint=TABLE_HINT)
    return columns, ignored


def build_row(cells: list[tuple[str, tuple[str, ...]]], columns: list[Column], path: str,
              line: int) -> Row | None:
    """A Row from (text, footnotes) cells; None for a blank row."""
    if not any(clean(text) for text, _ in cells):
        return None
    printed = clean(cells[0][0]) if cells else ""
    name, notes, withdrawn = split_name(printed)
    notes = tuple(cells[0][1]) + notes if cells else notes
    actions = []
    for column in columns[1:]:
        if column.index >= len(cells):
            continue
        text, footnotes = cells[column.index]
        try:
            action = cell_action(text, column, tuple(footnotes))
        except ValueError as exc:
            who = f" ({name})" if name else ""
            raise ImportFormatError(f"column {column.header!r}{who}: {exc}", path=path,
                                    line=line, hint=MARK_HINT) from None
        if action is not None:
            actions.append(action)
    if not name:
        if not actions:
            return None
        raise ImportFormatError("a row with dates but no participant name", path=path,
                                line=line, hint=TABLE_HINT)
    return Row(name, line, tuple(actions), notes, withdrawn, printed)


# -- CSV / TSV ---------------------------------------------------------------------------------


def parse_delimited(text: str, path: str) -> Table:
    lines = text.splitlines()
    header_at, delimiter = None, None
    for number, line in enumerate(lines[:30]):
        for sep in ("\t", ",", ";"):
            first = next(csv.reader([line], delimiter=sep), [""])
            if len(first) >= 2 and is_participant_header(first[0]):
                header_at, delimiter = number, sep
                break
        if header_at is not None:
            break
    if header_at is None:
        raise ImportFormatError("no `Participant` header row in the first 30 lines",
                                path=path, line=1, hint=TABLE_HINT)
    reader = csv.reader(lines[header_at:], delimiter=delimiter)
    try:
        header = next(reader)
        columns, ignored = columns_of(header, path, header_at + 1)
        rows = []
        start = reader.line_num + 1
        for record in reader:
            row = build_row([(cell, ()) for cell in record], columns, path, header_at + start)
            start = reader.line_num + 1
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        raise ImportFormatError(f"not a readable CSV table: {exc}", path=path,
                                line=header_at + reader.line_num, hint=TABLE_HINT) from None
    return Table("table", tuple(columns), tuple(rows), ignored_columns=tuple(ignored))


# -- saved HTML page ---------------------------------------------------------------------------


class _Grid(HTMLParser):
    """Collects every table's rows as (line, [(text, footnotes)]) and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list] = []          # finished and open tables, in document order
        self.stack: list[list] = []           # open tables: lists of rows
        self.row: list | None = None          # open row: [line, cells]
        self.cell: list | None = None         # open cell: [text parts, footnote parts]
        self.sup = 0
        self.skip = 0                          # inside <script> / <style>
        self.text: list[str] = []
        self.references: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            table: list = []
            self.tables.append(table)
            self.stack.append(table)
            self.row = self.cell = None
        elif tag == "tr" and self.stack:
            self.row = [self.getpos()[0], []]
            self.stack[-1].append(self.row)
            self.cell = None
        elif tag in ("td", "th") and self.stack:
            if self.row is None:
                self.row = [self.getpos()[0], []]
                self.stack[-1].append(self.row)
            if not self.row[1]:
                self.row[0] = self.getpos()[0]   # the line of the participant's name
            self.cell = [[], []]
            self.row[1].append(self.cell)
        elif tag == "sup":
            self.sup += 1
        elif tag == "br":
            self._data("\n")
        if tag == "a":
            for key, value in attrs:
                if key == "href" and value and "mtdsg_no=" in value:
                    m = re.search(r"mtdsg_no=([A-Za-z]+-[0-9A-Za-z-]+)", value)
                    if m:
                        self.references[m[1]] += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._data("\n")
        else:
            self.handle_starttag(tag, attrs)
            if tag in ("td", "th", "tr", "table", "sup", "script", "style"):
                self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.stack:
            self.stack.pop()
            self.row = self.cell = None
        elif tag == "tr":
            self.row = self.cell = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "sup":
            self.sup = max(0, self.sup - 1)
        elif tag in ("p", "div", "li"):
            self._data("\n")

    def handle_data(self, data):
        if not self.skip:
            self._data(data)

    def _data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell[1 if self.sup else 0].append(data)


_STATUS_AS_AT = re.compile(
    r"status\s+as\s+at\s*:?\s*(?:(\d{1,2})-(\d{1,2})-(\d{4})|(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}))",
    re.I)
_COUNTS = re.compile(r"Signatories\s*:\s*(\d+)\s*\.?\s*Parties\s*:\s*(\d+)", re.I)


def parse_html(text: str, path: str) -> Table:
    grid = _Grid()
    try:
        grid.feed(text)
        grid.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise ImportFormatError(f"cannot read the HTML: {exc}", path=path,
                                hint=TABLE_HINT) from None
    page = "".join(grid.text)
    table = header_index = None
    for candidate in grid.tables:
        for i, (line, cells) in enumerate(candidate):
            if len(cells) >= 2 and is_participant_header("".join(cells[0][0])):
                table, header_index = candidate, i
                break
        if table is not None:
            break
    if table is None:
        what = "no participant table (a table whose header starts with `Participant`)"
        if not grid.tables:
            what = "no table at all"
        raise ImportFormatError(f"{what} in this HTML page", path=path,
                                hint="save the treaty's status page (treaties.un.org, "
                                     "ViewDetails) with its participant grid")
    line, header_cells = table[header_index]
    columns, ignored = columns_of(["".join(parts) for parts, _ in header_cells], path, line)
    rows = []
    for line, cells in table[header_index + 1:]:
        row = build_row([("".join(parts), _numbers(notes)) for parts, notes in cells], columns,
                        path, line)
        if row is not None:
            rows.append(row)
    return Table("page", tuple(columns), tuple(rows), status_date(page, path),
                 grid.references.most_common(1)[0][0] if grid.references else None,
                 page_counts(page), tuple(ignored))


def _numbers(parts: list[str]) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", "".join(parts)))


def status_date(page: str, path: str) -> dt.date | None:
    """The page's "STATUS AS AT : 03-02-2026" (UNTC writes day-month-year)."""
    m = _STATUS_AS_AT.search(page)
    if not m:
        return None
    try:
        if m[1]:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise ImportFormatError(f"the page's status date {m[0].strip()!r} is not a real date",
                                path=path, hint="UNTC writes it day-month-year") from None
    day = parse_date(m[4], m[5], m[6])
    if day is None:
        raise ImportFormatError(f"the page's status date {m[0].strip()!r} is not a real date",
                                path=path)
    return day


def page_counts(page: str) -> dict | None:
    m = _COUNTS.search(clean(page))
    return {"signatories": int(m[1]), "parties": int(m[2])} if m else None


def counts(table: Table) -> dict:
    """Signatories and parties as the table shows them (to compare with `page_counts`):
    rows with a signature, rows with a consent instrument (withdrawn rows left out)."""
    signing = {"signature", "definitive_signature"}
    consent = {"ratification", "acceptance", "approval", "accession", "succession",
               "formal_confirmation", "definitive_signature"}
    return {"signatories": sum(any(a.type in signing for a in r.actions) for r in table.rows),
            "parties": sum(any(a.type in consent for a in r.actions) and not r.withdrawn
                           for r in table.rows)}
