"""Hostile text in a data file reaches every command and every format as inert text.

The frozen Hanoi data with one participant's name, its action's source and note, a note of the
treaty and the short title replaced by a payload of rich markup ([/], [red], [link=...]),
terminal escapes (CSI, OSC, erase screen, C1 CSI) and a spreadsheet formula. Output must show
the markup literally, never pass a control character to the terminal, prefix formula cells in
CSV and keep Markdown tables whole.
"""

import csv
import io
import json
import re

import pytest

from conftest import HANOI

ESCAPES = "\x1b[31mRED\x1b[0m \x1b]0;owned\x07 \x1b[2J \x9b31m \u202eevil"
MARKUP = "[/] [red]red[/red] [link=https://evil.example]click[/link] [sic]"
PAYLOAD = f"=HYPERLINK(\"https://evil.example\") {MARKUP} {ESCAPES}\nsecond line | pipe"
NAME = "Qatar [bold]x[/bold] \x1b[2J"

QAT = '  - code: QAT\n    actions:\n      - {type: signature, date: 2025-10-25, source: "nl"}'


def _quoted(text: str) -> str:
    return json.dumps(text)  # JSON escapes (\u001b ...) are valid in a YAML double-quoted string


def hostile_text() -> str:
    text = HANOI.read_text(encoding="utf-8")
    assert text.count(QAT) == 1
    text = text.replace(QAT, (f"  - code: QAT\n    name: {_quoted(NAME)}\n    actions:\n"
                              f"      - {{type: signature, date: 2025-10-25, "
                              f"source: {_quoted(PAYLOAD)}, note: {_quoted(PAYLOAD)}}}"))
    text = text.replace('  short_title: "UN Convention against Cybercrime"',
                        f"  short_title: {_quoted('Hanoi ' + MARKUP + ' ' + ESCAPES)}")
    note = '    - {text: "Qatar reported'
    assert text.count(note) == 1
    text = text.replace(note, f"    - {{text: {_quoted(PAYLOAD)}}}\n" + note)
    return text


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_text(), encoding="utf-8")
    monkeypatch.setenv("RATIFY_DATA", str(path))
    return path


CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0),
                            0x202E)]

COMMANDS = {
    "status": ("status",),
    "list": ("list",),
    "show": ("show", "QAT"),
    "timeline": ("timeline",),
    "timeline --chart": ("timeline", "--chart"),
    "project": ("project", "--runs", "50"),
    "check": ("check",),
}
FORMATS = ("table", "json", "csv", "md")


def _no_control(text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in text if c in CONTROL})
    assert not found, found


def test_the_payload_loads_with_its_escapes(hostile):
    from ratify.datafile import store
    treaty = store.load(str(hostile))
    qatar = next(p for p in treaty.participants if p.code == "QAT")
    assert "\x1b[2J" in qatar.name and "\x9b" in qatar.actions[0].source


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_no_control_character_reaches_the_terminal(cli, hostile, command, fmt):
    if command == ("timeline", "--chart") and fmt != "table":
        pytest.skip("--chart draws in the terminal only")
    result = cli("--today", "2026-11-29", *command, "--format", fmt)
    assert result.exit_code in (0, 1), result.output  # check: exit 1 is its verdict, not a crash
    assert "Traceback" not in result.output
    _no_control(result.stdout)
    _no_control(result.stderr)
    if fmt == "json":
        json.loads(result.stdout)


@pytest.mark.parametrize("command", [("show", "QAT"), ("status",), ("list",), ("timeline",)])
def test_markup_is_shown_as_text(cli, hostile, command):
    out = cli("--today", "2026-11-29", *command).stdout
    if command[0] in ("show", "status"):
        assert "[/] [red]red[/red] [link=https://evil.example]click[/link] [sic]" in out
    if command[0] != "status":
        assert "[bold]x[/bold]" in out
    assert "\x1b]8;" not in out  # no hidden terminal hyperlink


def test_escapes_are_made_visible_not_dropped(cli, hostile):
    out = cli("--today", "2026-11-29", "show", "QAT").stdout
    assert "␛[31mRED␛[0m" in out and "␛]0;owned␇" in out


def test_markup_in_a_recorded_source_does_not_break_show_or_diff(cli, tmp_path):
    # the review's crash: `record ... --source '[/]'`, then show and diff raised MarkupError
    before = tmp_path / "before.yaml"
    before.write_bytes(HANOI.read_bytes())
    recorded = cli("--today", "2026-03-02", "record", "Qatar", "ratification", "2026-03-01",
                   "--source", "[/]")
    assert recorded.exit_code == 0, recorded.output
    shown = cli("--today", "2026-03-02", "show", "Qatar")
    assert shown.exit_code == 0 and "source: [/]" in shown.stdout
    diffed = cli("--today", "2026-03-02", "diff", str(before))
    assert diffed.exit_code == 0 and "[/]" in diffed.stdout


@pytest.mark.parametrize("command", [("list",), ("show", "QAT"), ("timeline",), ("status",)])
def test_csv_cells_cannot_run_as_formulas(cli, hostile, command):
    out = cli("--today", "2026-11-29", *command, "--format", "csv").stdout
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], cells
    assert not [c for c in cells if c.startswith("-") and not _number(c)]
    if command[0] in ("show", "status"):
        assert any(c.startswith("'=HYPERLINK(") for c in cells)


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_numbers_stay_numbers_in_csv():
    from ratify.render.output import to_csv
    out = to_csv([{"a": -3, "b": 2.5, "c": "-3", "d": "+x"}], ["a", "b", "c", "d"])
    assert out.splitlines()[1] == "-3,2.5,'-3,'+x"


@pytest.mark.parametrize("command", [("show", "QAT"), ("status",), ("list",)])
def test_markdown_tables_stay_whole(cli, hostile, command):
    out = cli("--today", "2026-11-29", *command, "--format", "md").stdout
    rows = [line for line in out.splitlines() if line.startswith("|")]
    widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
    assert len(widths) == 1, rows  # a newline or a pipe in a cell never splits a row
    assert not [line for line in out.splitlines() if line and not line.startswith("|")
                and not line.startswith("- ")]
    if command[0] != "list":
        assert "second line \\| pipe" in out and "<br>" in out


def test_error_messages_are_cleaned_too(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(HANOI.read_text(encoding="utf-8").replace(
        "  id: uncc\n", "  id: uncc\n  \"\\e[2Jcolour\": blue\n"), encoding="utf-8")
    result = cli("--data", str(path), "status")
    assert result.exit_code == 1 and "[2Jcolour" in result.stderr
    _no_control(result.stderr)


def test_a_newline_in_data_cannot_fake_a_check_summary(cli, tmp_path):
    path = tmp_path / "nl.yaml"
    fake = "x\\nnl.yaml: 0 errors, 0 warnings"
    path.write_text(HANOI.read_text(encoding="utf-8").replace(
        "  - code: AFG\n", "  - code: AFG\n    actions:\n      - {type: signature, date: "
        f"2025-10-25, confidence: reported, source: \"{fake}\"}}\n", 1), encoding="utf-8")
    result = cli("--data", str(path), "--today", "2026-11-29", "check")
    lines = result.stdout.splitlines()
    assert any("x␊nl.yaml: 0 errors" in line for line in lines), lines
    summary = re.compile(r".*: \d+ errors?, \d+ warnings?$")
    assert [line for line in lines if summary.fullmatch(line)] == [lines[-1]]
