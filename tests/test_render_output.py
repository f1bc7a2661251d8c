"""render/output.py: the one output path — a View written in each format by one `output`."""

from __future__ import annotations

import json

import pytest

from ratify.render.formats import Format
from ratify.render.output import View, output

ROWS = [{"name": "=HYPERLINK(\"x\")", "count": 3}, {"name": "Viet Nam\x1b[31m", "count": None}]


def written(capsys, view: View, fmt: str, console=None) -> str:
    output(view, fmt, console or (lambda: pytest.fail("no console for a text format")))
    return capsys.readouterr().out


def test_json_csv_and_markdown_come_from_the_one_view(capsys):
    view = View({"rows": ROWS}, ROWS, ["name", "count"])
    text = written(capsys, view, "json")
    assert "\x1b" not in text and "\\u001b" in text  # escaped in the JSON text, kept as data
    assert json.loads(text) == {"rows": ROWS}
    assert written(capsys, view, "csv").splitlines() == [
        "name,count", "\"'=HYPERLINK(\"\"x\"\")\",3", "Viet Nam\u241b[31m,"]
    assert written(capsys, view, Format.md).splitlines()[:2] == ["| name | count |", "|---|---|"]


def test_markdown_and_plain_text_can_replace_the_rows(capsys):
    view = View({}, ROWS, ["name"], markdown="# a report\n", text="done\x07")
    assert written(capsys, view, "md") == "# a report\n"
    assert written(capsys, view, "table") == "done\u2407\n"  # no bell reaches the terminal


def test_the_table_format_draws_on_the_console_it_is_given(capsys):
    drawn = []
    view = View({}, draw=drawn.append)
    output(view, "table", lambda: "the console")
    assert drawn == ["the console"] and capsys.readouterr().out == ""


def test_a_subset_of_formats_is_still_the_one_format():
    change = Format.choices("table", "json")
    assert [f.value for f in change] == ["table", "json"]
    assert [f.value for f in Format] == ["table", "json", "csv", "md"]
