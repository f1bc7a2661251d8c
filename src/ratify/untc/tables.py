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
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import ImportFormatError

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
    from ..datafile.store import read_bytes
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
          advice: Callable[[str], str] | None = None) -> tuple[list[Match], list[Unmatched]]:
    """Codes for the table's rows through `find` (default: the registry: UN names, aliases,
    former names); names it does not know are returned apart, with a suggestion, never guessed."""
    if find is None or advice is None:
        from ..names import registry_resolver
        resolver = registry_resolver()
        find, advice = find or resolver.find, advice or resolver.advice
    matched, unmatched = [], []
    for row in table.rows:
        code = find(row.name)
        if code is None:
            unmatched.append(Unmatched(row.name, row.line, advice(row.name)))
        else:
            matched.append(Match(code, row))
    return matched, unmatched


# -- cells and names ---------------------------------------------------------------------------

# Every pattern below is linear in the length of the text: no nested quantifiers, no two
# adjacent quantifiers over classes that overlap, bounded repeats; what a pattern cannot say
# that way (footnote numbers at the end of a cell or a name) is scanned by hand, each character
# looked at a bounded number of times. A 100 KB cell costs what reading it costs.
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")  # one class, one run
_DIGITS = re.compile(r"\d+")                                            # one class, one run
# The date a (cleaned) cell starts with; what follows it is read by `cell_tail`.
CELL_DATE = re.compile(
    r"\[? ?(?:(?P<day>\d{1,2})[ -]{1,3}(?P<month>[A-Za-z]{3,9})\.?[ ,-]{1,3}(?P<year>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))")
SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


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
    """(date, mark, footnotes) of a date cell, None when empty; ValueError when unreadable.

    A cell is `[`? date mark? `]`? footnotes?: "7 Jun 2004 a2", "[13 Jan 1999]",
    "1 Jan 2001 (3), 4"."""
    text = clean(text)
    if not text or text in ("-", "–", "—"):
        return None
    m = CELL_DATE.match(text)
    tail = cell_tail(text, m.end()) if m else None
    if tail is None:
        raise ValueError(f"cannot read {quote_short(text)}")
    mark, notes = tail
    if m["iso"]:
        try:
            day = dt.date.fromisoformat(m["iso"])
        except ValueError:
            raise ValueError(f"{m['iso']!r} is not a real date") from None
    else:
        day = parse_date(m["day"], m["month"], m["year"])
        if day is None:
            raise ValueError(f"{quote_short(text)} is not a real date")
    return day, mark, notes


def cell_tail(text: str, i: int) -> tuple[str, tuple[str, ...]] | None:
    """(mark, footnote numbers) of what follows a cell's date at `i`, None when it is anything
    else: spaces, a mark of one or two letters, spaces, `]`, spaces, then footnote numbers, each
    in optional parentheses, separated by spaces or commas ("2", "3, 4", "(5)")."""
    n = len(text)
    i = _skip_spaces(text, i)
    start = i
    while i < n and i - start < 2 and text[i] in _ASCII_LETTERS:
        i += 1
    mark = text[start:i]
    i = _skip_spaces(text, i)
    if i < n and text[i] == "]":
        i = _skip_spaces(text, i + 1)
    notes = []
    while i < n:
        if text[i] == "(":
            i += 1
        start = i
        while i < n and text[i].isdecimal():
            i += 1
        if i == start:
            return None
        notes.append(text[start:i])
        if i < n and text[i] == ")":
            i += 1
        i = _skip_spaces(text, i)
        if i < n and text[i] == ",":
            i += 1
        i = _skip_spaces(text, i)
    return mark, tuple(notes)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def quote_short(text: str, limit: int = 60) -> str:
    """`text` quoted for a message, cut short when long: a message stays one readable line
    (the import may be a hostile file with 100 KB cells)."""
    return repr(text) if len(text) <= limit else \
        repr(text[:limit]) + f"... ({len(text):,} characters)"


def cut_short(text: str, limit: int = 60) -> str:
    """`text` for a message, unquoted, cut short when long."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


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
        raise ValueError(f"mark {mark!r} in {quote_short(clean(text))} is not one this column "
                         f"uses ({known})")
    return Cell(kind, day, mark, column.header, note, notes + footnotes)


def split_name(text: str) -> tuple[str, tuple[str, ...], bool]:
    """(name, footnote numbers, withdrawn) from a name cell: "Algeria2" -> ("Algeria", ("2",),
    False); "[Burundi]" -> ("Burundi", (), True)."""
    name = clean(text.translate(SUPERSCRIPTS))
    groups: list[list[str]] = []          # footnote groups, last first
    end = len(name)
    while True:                           # "Foo1,,2" is read as two groups: 1 and 2
        start = _footnote_tail(name, end)
        if start is None:
            break
        groups.append(_DIGITS.findall(name, start, end))
        end = start
        while end > 0 and name[end - 1] in " ,":
            end -= 1
    name = name[:end]
    notes = [number for group in reversed(groups) for number in group]
    withdrawn = False
    if name.startswith("[") and "]" in name:
        withdrawn = True
        inner, rest = name[1:].split("]", 1)
        notes += _DIGITS.findall(rest)
        name = clean(inner)
        start = _footnote_tail(name, len(name))
        if start is not None:
            notes[:0] = _DIGITS.findall(name, start)
            name = name[:start].rstrip(" ,")
    return name.strip(" *"), tuple(notes), withdrawn


def _footnote_tail(name: str, end: int) -> int | None:
    """Where the footnote numbers that end `name[:end]` begin, None when it does not end so.

    Footnote numbers are one to three digits, separated by a comma (and spaces), and follow
    something that is neither a digit nor a space, after optional spaces: the tail is " 1" in
    "New Zealand 1", "1,2" in "Denmark1,2"; "Côte 2000" and "12" have none. Read right to left,
    so the scan stops where the tail does (searching for it from the left is quadratic)."""
    best = None
    i = end
    while True:
        j = i
        while j > 0 and i - j < 4 and name[j - 1].isdecimal():
            j -= 1
        if j == i or i - j == 4:          # no number here, or more than three digits
            return best
        k = j
        while k > 0 and name[k - 1].isspace():
            k -= 1
        if k == 0 or name[k - 1].isdecimal():
            return best
        best = k
        if name[k - 1] != ",":
            return best
        i = k - 1
        while i > 0 and name[i - 1].isspace():
            i -= 1


# -- headers ------------------------------------------------------------------------------------


def is_participant_header(text: str) -> bool:
    return clean(text).strip(":").casefold() in ("participant", "participants")


def classify(index: int, header: str) -> Column | None:
    """What a header says its column holds, or None for a column ratify does not know."""
    text = clean(header)
    if index == 0 and is_participant_header(text):
        return Column(index, text, "participant")
    found: dict[str, tuple[str, str | None]] = {}
    for part in [p for p in header_parts(text) if p.strip()]:
        label, mark = label_and_mark(part.strip())
        label = without_footnote(label).casefold()   # a footnote glued to a label
        if label in LABELS:
            found[mark or ""] = LABELS[label]
        elif label.startswith("provisional application"):
            found[mark or "n"] = PROVISIONAL
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


def header_parts(text: str) -> list[str]:
    """`text` split at each comma that is not inside parentheses (one whose next parenthesis is
    not a closing one): "Ratification, Accession(a)" -> two parts; "Provisional application
    (articles 7, 8)" -> one. Right to left, in one pass."""
    parts, end, inside = [], len(text), False
    for i in range(len(text) - 1, -1, -1):
        char = text[i]
        if char == ")":
            inside = True
        elif char == "(":
            inside = False
        elif char == "," and not inside:
            parts.append(text[i + 1:end])
            end = i
    parts.append(text[:end])
    return parts[::-1]


def label_and_mark(part: str) -> tuple[str, str | None]:
    """("Accession", "a") from "Accession(a)" or "Accession ( a )"; (part, None) when it does not
    end in a mark of one or two letters in parentheses."""
    if part.endswith(")"):
        opening = part.rfind("(")
        mark = part[opening + 1:-1].strip() if opening >= 0 else ""
        if 1 <= len(mark) <= 2 and all(char in _ASCII_LETTERS for char in mark):
            return part[:opening].rstrip(), mark
    return part, None


def without_footnote(label: str) -> str:
    """"Ratification" from "Ratification2" or "Ratification 2"."""
    end = len(label)
    while end > 0 and label[end - 1].isdecimal():
        end -= 1
    return label if end == len(label) else label[:end].rstrip()


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
        shown = cut_short(", ".join(quote_short(clean(h)) for h in header[1:] if clean(h)),
                          200) or "none"
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
            who = f" ({cut_short(name)})" if name else ""
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
    header_at, delimiter, unreadable = None, None, None
    for number, line in enumerate(lines[:30]):
        for sep in ("\t", ",", ";"):
            try:
                first = next(csv.reader([line], delimiter=sep), [""])
            except csv.Error as exc:     # a field above csv's size limit: try the next separator
                unreadable = unreadable or (number + 1, exc)
                continue
            if len(first) >= 2 and is_participant_header(first[0]):
                header_at, delimiter = number, sep
                break
        if header_at is not None:
            break
    if header_at is None:
        if unreadable:
            raise ImportFormatError(f"not a readable CSV table: {_csv_problem(unreadable[1])}",
                                    path=path, line=unreadable[0], hint=TABLE_HINT)
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
        raise ImportFormatError(f"not a readable CSV table: {_csv_problem(exc)}", path=path,
                                line=header_at + reader.line_num, hint=TABLE_HINT) from None
    return Table("table", tuple(columns), tuple(rows), ignored_columns=tuple(ignored))


def _csv_problem(exc: csv.Error) -> str:
    """csv's message, in words: "field larger than field limit (131072)" says which limit."""
    text = str(exc)
    if text.startswith("field larger than field limit"):
        return f"a field is longer than {csv.field_size_limit():,} characters"
    return text


# -- saved HTML page ---------------------------------------------------------------------------


class Grid(HTMLParser):
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
                    m = _MTDSG.search(value)
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


_MTDSG = re.compile(r"mtdsg_no=([A-Za-z]{1,8}-[0-9A-Za-z-]{1,40})")  # XXVI-8, XVIII-12-a
# On the cleaned page text (single spaces): "STATUS AS AT : 03-02-2026" (day-month-year), or
# "Status as at 3 February 2026". The year is exactly four digits: "01-01-99999" is no date.
_STATUS_AS_AT = re.compile(r"status as at(?: ?: ?| )?(?=\d)", re.I)
_STATUS_DATE = re.compile(
    r"(\d{1,2})-(\d{1,2})-(\d{4})(?!\d)|(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})(?!\d)")
_COUNTS = re.compile(r"Signatories ?: ?(\d{1,4})(?: ?\. ?| )?Parties ?: ?(\d{1,4})(?!\d)", re.I)


def _balanced(text: str, start: int, end: int) -> bool:
    """Whether the tag text[start:end] closes its quoted attribute values."""
    return text.count('"', start, end) % 2 == 0 and (
        "='" not in text[start:end] or text.count("'", start, end) % 2 == 0)


def defuse(text: str) -> str:
    """The page with every `<` that html.parser could rescan to the end escaped as `&lt;`.

    html.parser looks ahead from each `<` for the end of its tag (`>`), of a quoted value or
    of a comment (`-->`); where none comes before the next `<`, every later `<` rescans the
    rest of the page, which is quadratic (a 100 KB run of `<a ` took minutes). So a `<` stays
    markup only if it opens a whole comment or a tag that ends, quotes balanced, before the
    next `<`; declarations and processing instructions (`<!DOCTYPE`, `<![`, `<?`) become
    text, which a status table never needs. One pass, remembering the next `>` and `-->`
    found, so that no stretch of the page is searched twice; lines (and so `getpos`) are
    unchanged.
    """
    out, start, at = [], 0, text.find("<")
    next_gt = next_comment_end = -1   # -2: none left in the page
    while at != -1:
        if text.startswith("<!--", at):
            if next_comment_end != -2 and next_comment_end < at + 4:
                found = text.find("-->", at + 4)
                next_comment_end = found if found != -1 else -2
            if next_comment_end >= 0:  # a whole comment: skip it, `<` inside it included
                at = text.find("<", next_comment_end + 3)
                continue
            ends = False
        else:
            if next_gt != -2 and next_gt <= at:
                found = text.find(">", at + 1)
                next_gt = found if found != -1 else -2
            following = text.find("<", at + 1, next_gt if next_gt >= 0 else len(text))
            ends = (next_gt >= 0 and following == -1 and text[at + 1:at + 2] not in "!?"
                    and _balanced(text, at, next_gt))
        if not ends:
            out.append(text[start:at])
            out.append("&lt;")
            start = at + 1
        at = text.find("<", at + 1)
    out.append(text[start:])
    return "".join(out)


def parse_html(text: str, path: str) -> Table:
    grid = Grid()
    try:
        grid.feed(defuse(text))
        grid.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise ImportFormatError(f"cannot read the HTML: {exc}", path=path,
                                hint=TABLE_HINT) from None
    page = clean("".join(grid.text))
    table = header_index = None
    for candidate in grid.tables:
        for i, (_line, cells) in enumerate(candidate):
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
    return Table("page", tuple(columns), tuple(rows), status_date(page, path, cleaned=True),
                 grid.references.most_common(1)[0][0] if grid.references else None,
                 page_counts(page, cleaned=True), tuple(ignored))


def _numbers(parts: list[str]) -> tuple[str, ...]:
    return tuple(_DIGITS.findall("".join(parts)))


def status_date(page: str, path: str, *, cleaned: bool = False) -> dt.date | None:
    """The page's "STATUS AS AT : 03-02-2026" (UNTC writes day-month-year); None when the page
    has no such line, ImportFormatError when what follows it is not a real date."""
    text = page if cleaned else clean(page)
    found = _STATUS_AS_AT.search(text)
    if not found:
        return None
    m = _STATUS_DATE.match(text, found.end())
    if not m:
        shown = text[found.end():found.end() + 40].split(" ", 1)[0]
        raise ImportFormatError(f"the page's status date {quote_short(shown, 30)} is not a date "
                                "(day-month-year, a four-digit year)", path=path,
                                hint="UNTC writes it like `03-02-2026`")
    try:
        if m[1]:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise ImportFormatError(f"the page's status date {m[0]!r} is not a real date",
                                path=path, hint="UNTC writes it day-month-year") from None
    day = parse_date(m[4], m[5], m[6])
    if day is None:
        raise ImportFormatError(f"the page's status date {m[0]!r} is not a real date",
                                path=path)
    return day


def page_counts(page: str, *, cleaned: bool = False) -> dict | None:
    m = _COUNTS.search(page if cleaned else clean(page))
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
