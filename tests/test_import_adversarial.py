"""Hostile and absurd input to `ratify import`, through the real import path (tables.read and
merge.run on a file, and the CLI): a saved page (HTML) and a copied table (CSV) of each case.

1. Cells and names built to make a backtracking regex or a quadratic scan hang (the cell
   `01 Mar 2026 ` + forty `1`s + `x` once took hours; a 40 KB name took 30 s). Every case runs
   under a 10-second alarm so that a regression fails instead of hanging; nothing here asserts a
   time beyond that generous guard (benchmarks/import_speed.py measures).
2. A "status as at" date after today, or with a five-digit year, is refused: one line, exit 1,
   nothing written.
3. A CSV field above the csv module's size limit is one line naming the file and line, never a
   traceback.

The linear scanners that replaced the old patterns accept exactly what those patterns accepted:
a property test runs both on short text (where the old patterns are still quick).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io
import re
import signal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, TREATIES
from ratify.cli import remedies
from ratify.datafile import store
from ratify.errors import ImportFormatError, RatifyError, RefusedChange
from ratify.untc import merge, tables

TODAY = dt.date(2026, 11, 29)
GUARD = 10          # seconds: a generous guard against hanging, not a timing assertion
CONSENT = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
KB100 = 100_000


class TookTooLong(BaseException):
    """Raised by the alarm; a BaseException, so no `except Exception` on the way swallows it."""


@contextlib.contextmanager
def guard(seconds: int = GUARD):
    """Fail (never hang) when the body runs longer than `seconds`."""
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def expire(signum, frame):
        raise TookTooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    except TookTooLong:
        pytest.fail(f"took over {seconds} s: a backtracking pattern or a quadratic scan?",
                    pytrace=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def treaty_block(tmp_path: Path, treaty_id: str = "att") -> Path:
    """A data file with the bundled treaty block and no participants."""
    text = (TREATIES / f"{treaty_id}.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{treaty_id}.yaml"
    path.write_text(text[:text.index("\nparticipants:") + 1] + "participants:\n",
                    encoding="utf-8")
    return path


def csv_table(tmp_path: Path, rows: list[list[str]], header=("Participant", "Signature", CONSENT),
              name: str = "table.csv") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def html_page(tmp_path: Path, rows: list[list[str]], header=("Participant", "Signature", CONSENT),
              status: str = "03-02-2026", name: str = "page.html", raw: bool = False,
              status_line: str | None = None) -> Path:
    """A status page in the UNTC layout; cells are escaped unless `raw` (markup such as <sup>)."""
    def cell(text, tag="td"):
        return f"<{tag}>{text if raw else html.escape(text)}</{tag}>"
    status_line = status_line or f"STATUS AS AT : {status} 10:16:18 EDT"
    lines = ["<html><body>", f"<div>{html.escape(status_line)}</div>", "<table>",
             "<tr>" + "".join(cell(h, "th") for h in header) + "</tr>"]
    lines += ["<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows]
    lines.append("</table></body></html>")
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write(tmp_path: Path, kind: str, rows, **kwargs) -> Path:
    return (html_page if kind == "page" else csv_table)(tmp_path, rows, **kwargs)


def one_line(exc: RatifyError, path: Path) -> str:
    message = exc.render()
    assert "\n" not in message and message.startswith(str(path)) and len(message) < 1000
    return message


# -- 1. no pattern or scan is worse than linear ----------------------------------------------------

# Cells that are not dates: each is refused at once with one short line.
UNREADABLE_CELLS = {
    "forty 1s then x": "01 Mar 2026 " + "1" * 40 + "x",
    "100 KB of digits then x": "01 Mar 2026 " + "1" * KB100 + "x",
    "100 KB of digits and spaces then x": "01 Mar 2026 " + "1 " * (KB100 // 2) + "x",
    "100 KB of footnote markers then x": "01 Mar 2026 " + "1, " * (KB100 // 3) + "x",
    "100 KB of footnotes in parentheses then x": "01 Mar 2026 " + "(1)" * (KB100 // 3) + "x",
    "100 KB of spaces then a letter": "01 Mar 2026 a" + " " * KB100 + "x",
    "100 KB of letters": "01 Mar 2026 " + "a" * KB100,
    "100 KB of day-like numbers": "1 " * (KB100 // 2) + "Mar 2026",
}


@pytest.mark.parametrize("kind", ["page", "table"])
@pytest.mark.parametrize("cell", UNREADABLE_CELLS.values(), ids=UNREADABLE_CELLS.keys())
def test_unreadable_cells_are_refused_quickly(tmp_path, kind, cell):
    path = treaty_block(tmp_path)
    before = path.read_bytes()
    source = write(tmp_path, kind, [["Algeria", "20 Sep 2017", cell]])
    with guard(), pytest.raises(ImportFormatError) as info:
        merge.run(str(path), str(source), today=TODAY)
    message = one_line(info.value, source)
    assert f"column {CONSENT!r} (Algeria): " in message and "cannot read" in message
    assert path.read_bytes() == before


# (name cell, date cell) -> (codes added, unmatched names): readable, however long.
READABLE_ROWS = {
    "100 KB of footnote numbers after a name": (
        "Algeria" + "1," * (KB100 // 2) + "1", "20 Sep 2017", ["DZA"], 0),
    "a 100 KB name of footnote-like numbers, then a letter": (
        "Algeria" + "1," * (KB100 // 2) + "x", "20 Sep 2017", [], 1),
    "a 100 KB name of spaced footnote-like numbers, then a letter": (
        "Algeria" + "1 , " * (KB100 // 4) + "x", "20 Sep 2017", [], 1),
    "100 KB of footnote groups read one by one": (
        "Algeria" + "1,," * (KB100 // 3) + "1", "20 Sep 2017", ["DZA"], 0),
    "100 KB of spaces before a footnote": ("Algeria" + " " * KB100 + "2", "20 Sep 2017",
                                           ["DZA"], 0),
    "a withdrawn name with 100 KB of footnotes": (
        "[Algeria" + ", 1" * (KB100 // 3) + "]", "20 Sep 2017", ["DZA"], 0),
    "a 100 KB name of letters": ("A" * KB100, "20 Sep 2017", [], 1),
    "a 100 KB name of long numbers": ("Algeria" + "1234" * (KB100 // 4), "20 Sep 2017", [], 1),
    "a 100 KB name of numbers without commas": ("Algeria" + " 1" * (KB100 // 2), "20 Sep 2017",
                                                [], 1),
    "a 100 KB name of superscripts": ("Algeria" + "²" * KB100, "20 Sep 2017", [], 1),
    "100 KB of footnote numbers in a date cell": (
        "Algeria", "20 Sep 2017 " + "1, " * (KB100 // 3) + "2", ["DZA"], 0),
    "100 KB of spaces in a date cell": ("Algeria", "20 Sep 2017" + " " * KB100, ["DZA"], 0),
}


@pytest.mark.parametrize("kind", ["page", "table"])
@pytest.mark.parametrize("name, cell, codes, unmatched", READABLE_ROWS.values(),
                         ids=READABLE_ROWS.keys())
def test_long_names_and_cells_import_quickly(tmp_path, kind, name, cell, codes, unmatched):
    path = treaty_block(tmp_path)
    source = write(tmp_path, kind, [[name, cell, ""]])
    with guard():
        outcome = merge.run(str(path), str(source), today=TODAY, dry_run=True)
        report = outcome.lines()
    assert [a["code"] for a in outcome.plan.added] == codes
    assert len(outcome.plan.unmatched) == unmatched
    assert all(len(line) < 400 for line in report)    # a 100 KB name is cut short in the report


def test_footnote_markup_and_a_hostile_status_line_on_a_page(tmp_path):
    """<sup> footnotes 100 KB long, and a page whose text after "STATUS AS AT" is 100 KB of white
    space (the old status pattern tried every split of it between its two runs of spaces)."""
    path = treaty_block(tmp_path)
    page = html_page(tmp_path, [["Algeria" + "<sup>1</sup>" * (KB100 // 12), "20 Sep 2017",
                                 "7 Jun 2004 a" + "<sup>2, </sup>" * (KB100 // 14)]],
                     status_line="STATUS AS AT" + " " * KB100 + "x", raw=True)
    with guard():
        outcome = merge.run(str(path), str(page), today=TODAY, dry_run=True)
    assert sorted((a["code"], a["type"]) for a in outcome.plan.added) == \
        [("DZA", "accession"), ("DZA", "signature")]
    assert outcome.plan.data_as_of is None


@pytest.mark.parametrize("kind", ["page", "table"])
@pytest.mark.parametrize("header, role", [
    ("Ratification" + "," * KB100, "consent"),
    ("Ratification" + "1" * KB100 + "x", None),                     # digits glued to a label
    ("Ratification (" + "a " * (KB100 // 2) + ")", None),
    ("(" * KB100 + "Signature", None),
    ("Ratification" + " ," * (KB100 // 2) + " Accession(a)", "consent"),
], ids=["commas", "digits", "mark", "parentheses", "spaced commas"])
def test_long_headers_are_classified_quickly(tmp_path, kind, header, role):
    path = treaty_block(tmp_path)
    source = write(tmp_path, kind, [["Algeria", "20 Sep 2017", "7 Jun 2004"]],
                   header=("Participant", "Signature", header))
    with guard():
        column = tables.classify(2, header)
        outcome = merge.run(str(path), str(source), today=TODAY, dry_run=True)
    assert (column.role if column else None) == role
    assert len(outcome.plan.added) == (2 if role else 1)
    assert all(len(w) < 400 for w in outcome.plan.warnings)


def test_cli_refuses_the_backtracking_cell_in_one_line(cli, tmp_path):
    path = treaty_block(tmp_path)
    before = path.read_bytes()
    table = csv_table(tmp_path, [["Algeria", "01 Mar 2026 " + "1" * 40 + "x", ""]])
    with guard():
        result = cli("--data", str(path), "--today", "2026-11-29", "import", str(table))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"ratify: {table}:2: column 'Signature' (Algeria): cannot "
                                    "read '01 Mar 2026 1111")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert path.read_bytes() == before


# The patterns tables.py used before the linear rewrite: the reference for what is accepted.
OLD_CELL = re.compile(
    r"^\[?\s*(?:(?P<day>\d{1,2})[\s-]+(?P<month>[A-Za-z]{3,9})\.?[\s,-]+(?P<year>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"\s*(?P<mark>[A-Za-z]{1,2})?\s*\]?"
    r"\s*(?P<notes>(?:\(?\d{1,3}\)?\s*,?\s*)*)$")
OLD_TAIL = re.compile(r"(?<=[^\d\s])\s*((?:\d{1,3}\s*,\s*)*\d{1,3})$")
OLD_PART = re.compile(r"^(?P<label>.*?)\s*(?:\(\s*(?P<mark>[A-Za-z]{1,2})\s*\))?\s*$")


def old_cell(text: str):
    text = tables.clean(text)
    m = OLD_CELL.match(text)
    return m and (m["mark"] or "", tuple(re.findall(r"\d+", m["notes"] or "")))


def old_name(text: str):
    name = tables.clean(text.translate(tables.SUPERSCRIPTS))
    notes: list[str] = []
    while m := OLD_TAIL.search(name):
        notes[:0] = re.findall(r"\d+", m[1])
        name = name[:m.start()].rstrip(" ,")
    withdrawn = name.startswith("[") and "]" in name
    if withdrawn:
        inner, rest = name[1:].split("]", 1)
        notes += re.findall(r"\d+", rest)
        name = tables.clean(inner)
        if tail := OLD_TAIL.search(name):
            notes[:0] = re.findall(r"\d+", tail[1])
            name = name[:tail.start()].rstrip(" ,")
    return name.strip(" *"), tuple(notes), withdrawn


def old_parts(text: str):
    out = []
    for part in [p for p in re.split(r",(?![^()]*\))", tables.clean(text)) if p.strip()]:
        m = OLD_PART.match(part.strip())
        out.append((re.sub(r"\s*\d+$", "", m["label"]), m["mark"]))
    return out


def new_cell(text: str):
    text = tables.clean(text)
    m = tables.CELL_DATE.match(text)
    return m and tables.cell_tail(text, m.end())


def new_parts(text: str):
    return [(tables.without_footnote(label), mark) for label, mark in
            (tables.label_and_mark(p.strip()) for p in tables.header_parts(tables.clean(text))
             if p.strip())]


def pieces(*alphabet):
    return st.lists(st.sampled_from(alphabet), max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["1 Jan 2001", "12 Sept. 2016", "2016-09-08", "[ 7-Jun-2004", "7 Jun",
                        "1 - Jan, 2001", ""]),
       pieces("1", "12", "1234", " ", ",", "(", ")", "[", "]", "a", "AA", "x", "\u00a0", "٣"))
def test_cell_scanner_accepts_what_the_old_pattern_did(date, tail):
    assume(not re.search(r"\d{15}", date + tail))   # the old pattern is exponential in that run
    assert new_cell(date + tail) == old_cell(date + tail)


@settings(max_examples=400, deadline=None)
@given(pieces("Chile", "a", " ", ",", "1", "12", "1234", "[", "]", "*", "²", "٣", "(", "\t"))
def test_name_scanner_reads_what_the_old_pattern_did(text):
    assert tables.split_name(text) == old_name(text)


@settings(max_examples=400, deadline=None)
@given(pieces("Ratification", "(a)", "( AA )", "(abc)", ",", " ", "2", "(", ")", "Signature",
              "Provisional application", "x"))
def test_header_scanner_splits_what_the_old_pattern_did(text):
    assert new_parts(text) == old_parts(text)


@pytest.mark.parametrize("text, name, notes", [
    ("Foo1,,2", "Foo", ("1", "2")),          # read as two groups, as the old loop did
    ("Côte 2000", "Côte 2000", ()),          # four digits are not a footnote
    ("Foo 1 2", "Foo 1 2", ()),              # numbers without a comma are not footnotes
    ("Foo, 1", "Foo", ("1",)),
    ("12", "12", ()),
])
def test_footnote_tails(text, name, notes):
    assert tables.split_name(text)[:2] == (name, notes)


# -- 2. the page's status date -------------------------------------------------------------------


@pytest.mark.parametrize("status", ["31-12-9999", "30-11-2026", "1 December 2026"])
def test_a_status_date_after_today_is_refused(tmp_path, status):
    path = treaty_block(tmp_path)
    before = path.read_bytes()
    page = html_page(tmp_path, [["Algeria", "20 Sep 2017", ""]], status=status)
    for dry_run in (False, True):
        with pytest.raises(RefusedChange) as info:
            merge.run(str(path), str(page), today=TODAY, dry_run=dry_run)
        message = one_line(info.value, page)
        assert "status date" in message and "after today (2026-11-29)" in message
        assert "--today" in info.value.render(remedies())  # the hint, in the CLI's words
    assert path.read_bytes() == before


def test_a_status_date_of_today_is_taken(tmp_path):
    path = treaty_block(tmp_path)
    page = html_page(tmp_path, [["Algeria", "20 Sep 2017", ""]], status="29-11-2026")
    outcome = merge.run(str(path), str(page), today=TODAY)
    assert outcome.written and store.load(str(path)).data_as_of == TODAY


@pytest.mark.parametrize("status", ["01-01-99999", "101-01-2026", "1-1-26", "03-02-20261"])
def test_a_status_date_without_a_four_digit_year_is_no_date(tmp_path, status):
    """The old pattern read 01-01-99999 as 9999-01-01 (the first four digits of the year)."""
    page = html_page(tmp_path, [["Algeria", "20 Sep 2017", ""]], status=status)
    with pytest.raises(ImportFormatError) as info:
        tables.read(str(page))
    assert "status date" in one_line(info.value, page) and "four-digit year" in info.value.message


@pytest.mark.parametrize("text, day", [
    ("STATUS AS AT : 03-02-2026 10:16:18 EDT", dt.date(2026, 2, 3)),
    ("Status as at:3-2-2026", dt.date(2026, 2, 3)),
    ("status as at 3 February 2026.", dt.date(2026, 2, 3)),
    ("the status as at the date of deposit", None),      # prose, not a date line
    ("no such line", None),
])
def test_status_date_forms(text, day):
    assert tables.status_date(text, "p.html") == day


def test_cli_refuses_a_status_date_after_today(cli, tmp_path):
    path = treaty_block(tmp_path)
    before = path.read_bytes()
    page = html_page(tmp_path, [["Algeria", "20 Sep 2017", ""]], status="31-12-9999")
    for args in (("--today", "2026-11-29"), ()):      # () = the real date, read by the CLI
        result = cli("--data", str(path), *args, "import", str(page))
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"ratify: {page}: the page's status date 9999-12-31 is "
                                        "after today (")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert path.read_bytes() == before
    result = cli("--data", str(path), "--today", "2026-11-29", "import", str(
        html_page(tmp_path, [["Algeria", "20 Sep 2017", ""]], status="01-01-99999")))
    assert result.exit_code == 1 and "status date '01-01-99999' is not a date" in result.stderr
    assert result.stderr.count("\n") == 1 and path.read_bytes() == before


# -- 3. fields above the csv module's limit --------------------------------------------------------

LIMIT = csv.field_size_limit()


@pytest.mark.parametrize("content, line", [
    ("A" * (LIMIT + 10) + ",Signature\nAlgeria,20 Sep 2017\n", 1),
    ("Participant,Signature\nAlgeria,20 Sep 2017\n\"" + "A" * (LIMIT + 10) + "\",1 Jan 2001\n",
     3),
    ("Participant,Signature\n" + "Algeria" * (LIMIT // 6) + ",20 Sep 2017\n", 2),
], ids=["first field", "quoted field in a row", "name in a row"])
def test_a_field_above_the_csv_limit_is_one_line(tmp_path, cli, content, line):
    path = treaty_block(tmp_path)
    before = path.read_bytes()
    table = tmp_path / "huge.csv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError) as info:
        merge.run(str(path), str(table), today=TODAY)
    assert one_line(info.value, table).startswith(
        f"{table}:{line}: not a readable CSV table: a field is longer than {LIMIT:,} characters")
    result = cli("--data", str(path), "import", str(table))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"ratify: {info.value.render()}\n"
    assert path.read_bytes() == before


def test_an_unreadable_title_line_above_the_header_is_skipped(tmp_path):
    """Lines above the header are titles; the header search tries the next one."""
    table = tmp_path / "titled.csv"
    table.write_text("A" * (LIMIT + 10) + "\nParticipant\tSignature\nAlgeria\t20 Sep 2017\n",
                     encoding="utf-8")
    parsed = tables.read(str(table))
    assert [(r.name, r.line) for r in parsed.rows] == [("Algeria", 3)]


# html.parser itself rescans from a `<` it cannot close to the end of the page: runs of these
# after a valid table took minutes at 100 KB before `tables.defuse`
MARKUP_RUNS = ["<a ", "<!--", "<![CDATA[>", '<a b="c>"', "<![if x>", "</", "<?", '<a x=">']


@pytest.mark.parametrize("run", MARKUP_RUNS)
def test_unclosed_markup_after_the_table_imports_quickly(tmp_path, run):
    path = treaty_block(tmp_path)
    page = html_page(tmp_path, [["Austria", "3 Jun 2013", "3 Jun 2014"]])
    page.write_text(page.read_text(encoding="utf-8") + run * (100_000 // len(run)),
                    encoding="utf-8")
    with guard():
        outcome = merge.run(str(path), str(page), today=TODAY, dry_run=True)
    assert [(a["code"], a["type"]) for a in outcome.plan.added] == [("AUT", "signature"),
                                                                  ("AUT", "ratification")]


def test_defusing_keeps_every_real_page_as_it_was():
    from ratify.untc.tables import Grid, defuse
    pages = sorted((FIXTURES / "untc").glob("*.html"))
    assert len(pages) == 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        grids = []
        for version in (text, defuse(text)):
            grid = Grid()
            grid.feed(version)
            grid.close()
            grids.append((grid.tables, grid.references))
        assert grids[0] == grids[1], page.name


@pytest.mark.parametrize("kind, cell, last", [
    ("page", "31 Dec 9999", "2026-02-03"),   # the page's status date is the limit
    ("page", "4 Feb 2026", "2026-02-03"),    # a day after it is refused too
    ("table", "31 Dec 9999", "2026-11-29"),  # a CSV copy has no status date: today is
])
def test_a_cell_after_the_status_date_refuses_the_whole_page(tmp_path, kind, cell, last):
    path = treaty_block(tmp_path)
    before = path.read_bytes()
    source = write(tmp_path, kind, [["Belgium", "3 Jun 2013", "3 Jun 2014"],
                                    ["Austria", "3 Jun 2013", cell]])
    with pytest.raises(RefusedChange) as caught:
        merge.run(str(path), str(source), today=TODAY)
    message = one_line(caught.value, source)
    assert f"'Austria': ratification {dt.datetime.strptime(cell, '%d %b %Y').date()} is after " \
           f"the page's status date or today ({last}); nothing imported" in message
    assert path.read_bytes() == before


def test_a_table_cell_dated_today_is_imported(tmp_path):
    path = treaty_block(tmp_path)
    source = write(tmp_path, "table", [["Austria", "3 Jun 2013", "29 Nov 2026"]])
    outcome = merge.run(str(path), str(source), today=TODAY, dry_run=True)
    assert [a["type"] for a in outcome.plan.added] == ["signature", "ratification"]
