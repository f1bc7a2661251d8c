"""untc/tables.py: reading UN Treaty Collection status pages (saved HTML) and tables (CSV/TSV).

Facts used below are from the samples in fixtures/untc (see its README): the ATT page (status as
at 03-02-2026: "Signatories : 130. Parties : 117"), Antigua and Barbuda's provisional application
of 12 Aug 2013 next to its ratification the same day, Denmark's approval (AA) of 2 Apr 2014 with
footnote 1, the CRPD's EU formal confirmation (c) of 23 Dec 2010, Montenegro's succession to the
CTBT signature and treaty (d) of 23 Oct 2006, Swaziland's UNTOC ratification of 24 Sep 2012.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratify.errors import ImportFormatError
from ratify.untc import tables

UNTC = Path(__file__).resolve().parent / "fixtures" / "untc"
ATT_PAGE = UNTC / "untc-XXVI-8-att-2026-02-03.html"
TPNW_PAGE = UNTC / "untc-XXVI-9-tpnw-2026-02-03.html"
CRPD_PAGE = UNTC / "untc-IV-15-crpd-2026-02-03.html"
D = dt.date


def row(table, name):
    return next(r for r in table.rows if r.name == name)


def actions(r):
    return [(a.type, a.date) for a in r.actions]


def parse_text(text: str, name: str = "table.csv"):
    return tables.parse(text.encode("utf-8"), name)


SIGNATURE = tables.classify(1, "Signature")
CONSENT = tables.classify(2, "Ratification, Acceptance(A), Approval(AA), Accession(a), "
                           "Succession(d)")
PROVISIONAL = tables.classify(3, "Provisional application under article 23(n)")


# -- the real samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, kind, rows, as_of, reference", [
    ("untc-XXVI-8-att-2026-02-03.html", "page", 142, D(2026, 2, 3), "XXVI-8"),
    ("untc-XXVI-9-tpnw-2026-02-03.html", "page", 99, D(2026, 2, 3), "XXVI-9"),
    ("untc-IV-15-crpd-2026-02-03.html", "page", 196, D(2026, 2, 3), "IV-15"),
    ("untc-18-12.csv", "table", 185, None, None),
    ("untc-18-14.csv", "table", 178, None, None),
    ("untc-27-7-a.csv", "table", 194, None, None),
    ("untc-26-4.csv", "table", 183, None, None),
    ("untc-26-8-2014.csv", "table", 118, None, None),
])
def test_samples_parse(name, kind, rows, as_of, reference):
    table = tables.read(str(UNTC / name))
    assert (table.kind, len(table.rows), table.data_as_of, table.reference) == \
        (kind, rows, as_of, reference)
    assert table.ignored_columns == ()
    matched, unmatched = tables.match(table)
    assert unmatched == [] and len(matched) == rows


@pytest.mark.parametrize("path, signatories, parties", [
    (ATT_PAGE, 130, 117), (TPNW_PAGE, 95, 74), (CRPD_PAGE, 164, 193)])
def test_page_counts_agree_with_the_rows_read(path, signatories, parties):
    table = tables.read(str(path))
    expected = {"signatories": signatories, "parties": parties}
    assert table.page_counts == expected
    assert tables.counts(table) == expected


def test_page_columns_are_read_from_the_headers():
    table = tables.read(str(ATT_PAGE))
    roles = [(c.role, c.header) for c in table.columns]
    assert roles == [
        ("participant", "Participant"), ("signature", "Signature"),
        ("provisional", "Provisional application under article 23(n)"),
        ("consent", "Approval(AA), Acceptance(A), Accession(a), Ratification")]


def test_page_rows_footnotes_and_provisional_application():
    table = tables.read(str(ATT_PAGE))
    antigua = row(table, "Antigua and Barbuda")
    assert actions(antigua) == [("signature", D(2013, 6, 3)),
                                ("provisional_application", D(2013, 8, 12)),
                                ("ratification", D(2013, 8, 12))]
    denmark = row(table, "Denmark")        # "Denmark <SUP>1</SUP>"
    assert denmark.footnotes == ("1",)
    assert actions(denmark)[-1] == ("approval", D(2014, 4, 2))
    afghanistan = row(table, "Afghanistan")  # no signature: an accession
    assert actions(afghanistan) == [("accession", D(2020, 7, 29))]
    assert afghanistan.line == 972          # the line of its name in the saved page
    assert sum(a.type == "provisional_application" for r in table.rows for a in r.actions) == 22


def test_page_names_in_declaration_links_and_new_un_names():
    crpd = tables.read(str(CRPD_PAGE))
    # <A ...>Netherlands (Kingdom of the)</A> <SUP>4</SUP>
    netherlands = row(crpd, "Netherlands (Kingdom of the)")
    assert netherlands.footnotes == ("4",)
    assert actions(netherlands) == [("signature", D(2007, 3, 30)), ("ratification", D(2016, 6, 14))]
    assert actions(row(crpd, "European Union"))[-1] == ("formal_confirmation", D(2010, 12, 23))
    tpnw = tables.read(str(TPNW_PAGE))
    assert actions(row(tpnw, "Bahamas (The)")) == [("signature", D(2023, 9, 19))]


def test_csv_marks_and_line_numbers():
    ctbt = tables.read(str(UNTC / "untc-26-4.csv"))
    montenegro = row(ctbt, "Montenegro")   # "23 Oct 2006 d" in both columns
    assert [(a.type, a.date, a.note) for a in montenegro.actions] == [
        ("signature", D(2006, 10, 23), "succession to signature (d)"),
        ("succession", D(2006, 10, 23), None)]
    assert montenegro.line == 111
    untoc = tables.read(str(UNTC / "untc-18-12.csv"))
    swaziland = row(untoc, "Swaziland")
    assert actions(swaziland) == [("signature", D(2000, 12, 14)), ("ratification", D(2012, 9, 24))]
    assert swaziland.line == 160
    kyoto = tables.read(str(UNTC / "untc-27-7-a.csv"))
    assert actions(row(kyoto, "Czech Republic"))[-1] == ("approval", D(2001, 11, 15))


def test_status_date_is_day_month_year():
    table = parse_text("<html><body><div>STATUS AS AT : 03-02-2026 10:16:18 EDT</div>"
                       "<table><tr><td>Participant</td><td>Signature</td></tr>"
                       "<tr><td>Algeria</td><td>20 Sep 2017</td></tr></table></body></html>",
                       "page.html")
    assert table.data_as_of == D(2026, 2, 3)   # 3 February, not 2 March
    assert table.page_counts is None


# -- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, column, expected", [
    ("25 Oct 2025", SIGNATURE, ("signature", D(2025, 10, 25), None)),
    ("23 Oct 2006 d", SIGNATURE, ("signature", D(2006, 10, 23), "succession to signature (d)")),
    ("21 Mar 1986 s", SIGNATURE, ("definitive_signature", D(1986, 3, 21), None)),
    ("24 Sep 2003", CONSENT, ("ratification", D(2003, 9, 24), None)),
    ("7 Jun 2004 a", CONSENT, ("accession", D(2004, 6, 7), None)),
    ("31 Oct 2006 A", CONSENT, ("acceptance", D(2006, 10, 31), None)),
    ("21 May 2004 AA", CONSENT, ("approval", D(2004, 5, 21), None)),
    ("23 Oct 2006 d", CONSENT, ("succession", D(2006, 10, 23), None)),
    ("23 Dec 2010 c", CONSENT, ("formal_confirmation", D(2010, 12, 23), None)),
    ("12 Aug 2013 n", CONSENT, ("provisional_application", D(2013, 8, 12), None)),
    ("12 Aug 2013 n", PROVISIONAL, ("provisional_application", D(2013, 8, 12), None)),
    (" \u00a08 May\t 2018 ", CONSENT, ("ratification", D(2018, 5, 8), None)),
    ("8 September 2016", CONSENT, ("ratification", D(2016, 9, 8), None)),
    ("8 Sept. 2016 a", CONSENT, ("accession", D(2016, 9, 8), None)),
    ("2016-09-08 a", CONSENT, ("accession", D(2016, 9, 8), None)),
])
def test_every_mark(text, column, expected):
    cell = tables.cell_action(text, column)
    assert (cell.type, cell.date, cell.note) == expected


def test_provisional_application_is_never_consent():
    for column in (SIGNATURE, CONSENT, PROVISIONAL):
        assert tables.cell_action("3 Jun 2014 n", column).type == "provisional_application"


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "-"])
def test_empty_cells(text):
    assert tables.cell_action(text, CONSENT) is None


def test_cell_footnotes():
    cell = tables.cell_action("7 Jun 2004 a2", CONSENT)
    assert (cell.type, cell.date, cell.footnotes) == ("accession", D(2004, 6, 7), ("2",))
    cell = tables.cell_action("7 Jun 2004 3", CONSENT, ("4",))
    assert (cell.type, cell.footnotes) == ("ratification", ("3", "4"))


@pytest.mark.parametrize("text", ["31 Feb 2014", "7 Jun 2004 x", "7 Jun 2004 AAA", "yes",
                                  "7/6/2004", "Jun 2004", "7 Foo 2004", "2014-02-30"])
def test_unreadable_cells(text):
    with pytest.raises(ValueError):
        tables.cell_action(text, CONSENT)


def test_header_marks_override_the_usual_meaning():
    column = tables.classify(2, "Ratification, Accession(b)")
    assert column.marks["b"] == ("accession", None)
    assert tables.cell_action("1 Jan 2001 b", column).type == "accession"
    assert tables.cell_action("1 Jan 2001", column).type == "ratification"


@pytest.mark.parametrize("header, role", [
    ("Signature", "signature"), ("Signature, Succession to signature(d)", "signature"),
    ("Definitive signature(s), Signature", "signature"),
    ("Provisional application under article 23(n)", "provisional"),
    ("Formal confirmation(c), Accession(a), Ratification", "consent"),
    ("Acceptance(A), Approval(AA), Ratification, Accession(a)", "consent"),
    ("Ratification2", "consent"),
    ("Date", None), ("action", None), ("Notification (article 5)", None), ("", None),
])
def test_header_roles(header, role):
    column = tables.classify(1, header)
    assert (column.role if column else None) == role


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, name, notes, withdrawn", [
    ("Algeria2", "Algeria", ("2",), False),
    ("Netherlands (Kingdom of the)3", "Netherlands (Kingdom of the)", ("3",), False),
    ("New Zealand 1", "New Zealand", ("1",), False),
    ("Denmark1,2", "Denmark", ("1", "2"), False),
    ("China²", "China", ("2",), False),
    ("  Bahamas (The) ", "Bahamas (The)", (), False),
    ("[Burundi]", "Burundi", (), True),
    ("[Burundi]4", "Burundi", ("4",), True),
    ("[Burundi 4]", "Burundi", ("4",), True),
])
def test_names_footnotes_and_brackets(text, name, notes, withdrawn):
    assert tables.split_name(text) == (name, notes, withdrawn)


@pytest.mark.parametrize("printed, code", [
    ("Swaziland", "SWZ"), ("Eswatini", "SWZ"), ("Turkey", "TUR"), ("Türkiye", "TUR"),
    ("Czech Republic", "CZE"), ("Czechia", "CZE"), ("Netherlands", "NLD"),
    ("Netherlands (Kingdom of the)3", "NLD"), ("Bahamas (The)", "BHS"), ("Bahamas", "BHS"),
    ("St. Lucia", "LCA"), ("The former Yugoslav Republic of Macedonia", "MKD"),
    ("European Union", "EUU"), ("State of Palestine", "PSE"),
])
def test_names_resolve_through_the_registry(printed, code):
    table = parse_text(f"Participant,Signature\n\"{printed}\",1 Jan 2001\n")
    matched, unmatched = tables.match(table)
    assert [m.code for m in matched] == [code] and unmatched == []


def test_unmatched_names_are_reported_never_guessed():
    table = parse_text("Participant,Signature\nAlgeria,1 Jan 2001\nNarnia,2 Jan 2001\n"
                       "Viet Narn,3 Jan 2001\n")
    matched, unmatched = tables.match(table)
    assert [m.code for m in matched] == ["DZA"]
    assert [(u.name, u.line) for u in unmatched] == [("Narnia", 3), ("Viet Narn", 4)]
    assert "Viet Nam" in unmatched[1].suggestion


# -- other layouts and encodings -----------------------------------------------------------------


def test_tsv_semicolons_title_lines_and_blank_rows():
    tsv = "Status of the treaty\n\nParticipant\tSignature\tRatification, Accession(a)\n" \
          "Algeria2\t12 Dec 2000\t7 Oct 2002\n\t\t\nCook Islands\t\t4 Mar 2004 a\n"
    table = parse_text(tsv, "copy.tsv")
    assert [(r.name, r.line, actions(r)) for r in table.rows] == [
        ("Algeria", 4, [("signature", D(2000, 12, 12)), ("ratification", D(2002, 10, 7))]),
        ("Cook Islands", 6, [("accession", D(2004, 3, 4))])]
    semicolons = parse_text("Participant;Signature\nAlgeria;12 Dec 2000\n", "copy.csv")
    assert actions(semicolons.rows[0]) == [("signature", D(2000, 12, 12))]


def test_spreadsheet_encodings():
    text = "Participant\tSignature\r\nCôte d'Ivoire\t15 Dec 2000\r\n"
    for raw in (text.encode("utf-16"), text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode()):
        table = tables.parse(raw, "export.txt")
        assert [(r.name, actions(r)) for r in table.rows] == \
            [("Côte d'Ivoire", [("signature", D(2000, 12, 15))])]


def test_withdrawn_rows_and_unknown_columns():
    table = parse_text("Participant,Signature,Notification,Ratification\n"
                       "[Burundi]2,13 Jan 1999,x,21 Sep 2004\n")
    (burundi,) = table.rows
    assert (burundi.name, burundi.withdrawn, burundi.footnotes) == ("Burundi", True, ("2",))
    assert actions(burundi) == [("signature", D(1999, 1, 13)), ("ratification", D(2004, 9, 21))]
    assert table.ignored_columns == ("Notification",)


def test_html_sup_in_date_cells_and_brackets():
    page = ("<table><tr><th>Participant</th><th>Signature</th><th>Ratification, "
            "Accession(a)</th></tr>\n<tr><td>[Narnia]</td><td>1 Jan 2001</td><td></td></tr>\n"
            "<tr><td>Chile <sup>3</sup></td><td>&nbsp;</td><td>7 Jun 2004 a<sup>5</sup></td>"
            "</tr></table>")
    table = parse_text(page, "page.htm")
    narnia, chile = table.rows
    assert (narnia.name, narnia.withdrawn, narnia.line) == ("Narnia", True, 2)
    assert (chile.name, chile.footnotes) == ("Chile", ("3",))
    assert [(a.type, a.date, a.footnotes) for a in chile.actions] == \
        [("accession", D(2004, 6, 7), ("5",))]


# -- files that are not UNTC tables ---------------------------------------------------------------


@pytest.mark.parametrize("raw, name, words", [
    (b"", "empty.csv", "file is empty"),
    (b"  \n\n", "blank.html", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv", "binary content"),
    (bytes(range(128, 256)) * 4, "garbage.csv", "neither UTF-8 nor Windows-1252"),
    (bytes(range(1, 32)) * 20, "controls.tsv", "binary content"),
    (b"<html><body><p>Nothing here</p></body></html>", "page.html", "no table at all"),
    (b"<html><table><tr><td>Name</td><td>Date</td></tr></table></html>", "page.html",
     "no participant table"),
    (b"participant,action,date,type,source\nAlbania,signature,2013-06-03,,x\n", "history.csv",
     "no Signature, Ratification or Accession column"),
    (b"Participant,Colour\nAlgeria,blue\n", "x.csv", "no Signature, Ratification"),
    (b"a,b,c\n1,2,3\n", "x.csv", "no `Participant` header row"),
    (b"Participant,Signature\nAlgeria,soon\n", "x.csv", "x.csv:2: column 'Signature' (Algeria)"),
    (b"Participant,Ratification\n,1 Jan 2001\n", "x.csv", "x.csv:2: a row with dates but no"),
    (b"<div>STATUS AS AT : 31-02-2026</div><table><tr><td>Participant</td><td>Signature</td>"
     b"</tr></table>", "p.html", "status date"),
], ids=lambda value: value if isinstance(value, str) and value.count(".") == 1 else None)
def test_bad_files_raise_one_line(raw, name, words):
    with pytest.raises(ImportFormatError) as info:
        tables.parse(raw, name)
    message = info.value.render()
    assert words in message and "\n" not in message and message.startswith(name)


def test_read_refuses_missing_files_and_folders(tmp_path):
    with pytest.raises(ImportFormatError, match="no such file"):
        tables.read(str(tmp_path / "missing.html"))
    with pytest.raises(ImportFormatError, match="is a directory"):
        tables.read(str(tmp_path))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.html", "x.tsv"]))
def test_no_bytes_crash_the_parser(raw, name):
    try:
        tables.parse(raw, name)
    except ImportFormatError as exc:
        assert "\n" not in exc.render()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=4), max_size=6))
def test_no_table_text_crashes_the_parser(rows):
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Participant", "Signature", "Ratification, Accession(a)"])
    writer.writerows(rows)
    try:
        table = tables.parse(out.getvalue().encode("utf-8"), "x.csv")
    except ImportFormatError as exc:
        assert "\n" not in exc.render()
    else:
        assert all(r.name for r in table.rows)
