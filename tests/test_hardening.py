"""Every command given a malformed data file: one line naming the file (and line), exit 1, no
traceback, nothing written. Then a fuzzer that mutates a valid file and the command line.

Dates: Hanoi Convention (Qatar signed 2025-10-25; 2026-03-01 is the issue's example
ratification); TPNW (Honduras, 50th, 2020-10-24); Rome Statute (Burundi's denunciation notified
2016-10-27).
"""

import json
import os
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import HANOI as HANOI_FIXTURE
from conftest import TREATIES
from ratify.cli import app
from ratify.datafile import store, yamlload
from ratify.model import ACTION_TYPES

HANOI = HANOI_FIXTURE.read_text(encoding="utf-8")  # frozen: its line numbers never move
TODAY = ("--today", "2026-11-29")

LAUGHS = "schema: 1\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for a, b in zip("abcdefgh", "bcdefghi"))

# name -> (file content, line named in the message or None, part of the message)
MALFORMED = {
    "syntax error": (HANOI.replace("  id: uncc\n", "  id: [uncc\n"), 21, "YAML syntax error"),
    "tab": (HANOI.replace("  id: uncc\n", "\tid: uncc\n"), 20, "a tab character"),
    "wrong type": (HANOI.replace('  short_title: "UN Convention against Cybercrime"',
                                 "  short_title: [UN, Convention]"), 22,
                   "treaty.short_title must be text, not a list"),
    "wrong type at the top": ("schema: 1\ntreaty: 5\nparticipants: []\n", 2,
                              "treaty must be a mapping, not the number 5"),
    "duplicate key": (HANOI.replace("  id: uncc\n", "  id: uncc\n  id: uncc\n"), 21,
                      "duplicate key 'id'"),
    "billion laughs": (LAUGHS, 2, "anchors and aliases (&name, *name) are not allowed"),
    "unknown key": (HANOI.replace("  id: uncc\n", "  id: uncc\n  colour: blue\n"), 21,
                    "unknown key 'colour' in treaty"),
    "impossible date": (HANOI.replace("      - {type: signature, date: 2025-10-25, source: "
                                      "\"untc\"}", "      - {type: signature, date: 2026-02-30, "
                                      "source: \"untc\"}", 1), 72,
                        "2026-02-30 is not a real calendar date"),
    "empty": ("", None, "file is empty"),
    "only a comment": ("# nothing here\n", 1,
                       "the file must be a mapping starting with `schema: 1`"),
    "a list": ("- 1\n- 2\n", 1, "the file must be a mapping"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 3,
               "binary content (NUL byte)"),
    "latin-1": (HANOI.replace("  id: uncc\n", "  id: uncc\n  # C\u00f4te d'Ivoire\n")
                .encode("latin-1", errors="replace"), 21, "not valid UTF-8"),
    "python tag": (HANOI.replace("  id: uncc\n", "  id: !!python/object/apply:os.system "
                                 "[\"true\"]\n"), 20, "is not allowed"),
}

COMMANDS = {
    "status": ("status",),
    "list": ("list",),
    "show": ("show", "Qatar"),
    "timeline": ("timeline",),
    "check": ("check",),
    "record": ("record", "Qatar", "ratification", "2026-03-01"),
    "record --dry-run": ("record", "Qatar", "ratification", "2026-03-01", "--dry-run"),
    "remove": ("remove", "Qatar", "signature", "2025-10-25"),
    "diff (new)": ("diff", str(HANOI_FIXTURE)),
}


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _assert_one_line(result, path, line, message, command):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    where = f"ratify: {path}:{line}: " if line else f"ratify: {path}: "
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(where), result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("case", MALFORMED.keys())
def test_malformed_file_gives_one_line(cli, tmp_path, case, command):
    content, line, message = MALFORMED[case]
    path = tmp_path / "bad.yaml"
    _write(path, content)
    before = path.read_bytes()
    result = cli("--data", str(path), *TODAY, *command)
    _assert_one_line(result, path, line, message, command)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["bad.yaml"]


@pytest.mark.parametrize("case", MALFORMED.keys())
def test_malformed_old_file_of_diff(cli, tmp_path, case):
    content, line, message = MALFORMED[case]
    path = tmp_path / "old.yaml"
    _write(path, content)
    result = cli(*TODAY, "diff", str(path), str(HANOI_FIXTURE))
    _assert_one_line(result, path, line, message, ("diff",))


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_directory_and_missing_file(cli, tmp_path, command):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path, message in ((folder, ("is a directory", "not a regular file")),
                          (tmp_path / "missing.yaml", ("no such file",))):
        result = cli("--data", str(path), *TODAY, *command)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"ratify: {path}: ") and result.stderr.count("\n") == 1
        assert any(m in result.stderr for m in message), result.stderr
    assert sorted(os.listdir(tmp_path)) == ["folder.yaml"]


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_unreadable_file(cli, tmp_path, monkeypatch, command):
    path = tmp_path / "secret.yaml"
    path.write_text(HANOI, encoding="utf-8")
    os.chmod(path, 0)
    if os.geteuid() == 0:   # root reads anything: make the read fail as it would for a user
        real_open = os.open

        def denied(name, *args, **kwargs):
            if str(name) == str(path):
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)
        monkeypatch.setattr(os, "open", denied)  # store reads through os.open
    result = cli("--data", str(path), *TODAY, *command)
    _assert_one_line(result, path, None, "permission denied", command)
    os.chmod(path, 0o644)
    assert path.read_text(encoding="utf-8") == HANOI


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_oversized_file_is_refused_before_parsing(cli, tmp_path, monkeypatch, command):
    path = tmp_path / "big.yaml"
    path.write_text(HANOI + "#" * (store.MAX_BYTES - len(HANOI.encode()) + 1), encoding="utf-8")

    real_load = yamlload.load

    def no_parsing(text):
        if len(text) >= store.MAX_BYTES:
            raise AssertionError("parsed a file above the cap")
        return real_load(text)
    monkeypatch.setattr(yamlload, "load", no_parsing)
    monkeypatch.setenv("RATIFY_CACHE_DIR", "off")
    result = cli("--data", str(path), *TODAY, *command)
    _assert_one_line(result, path, None, "above the 5,242,880-byte cap", command)


# -- fuzzing ---------------------------------------------------------------------------------

BASES = [HANOI, (TREATIES / "tpnw.yaml").read_text(encoding="utf-8"),
         (TREATIES / "rome.yaml").read_text(encoding="utf-8")]
TOKENS = [":", ": ", "- ", "&a ", "*a", "\t", "{", "}", "[", "]", '"', "'", "#", "2026-02-30",
          "null", "~", "!!python/object:os.system", "<<: *a", "\x00", "é", "\ufeff", "\r", "yes",
          "0x10", "1e400", ".inf", "-1", "99999999999999999999", "9999-12-31", "0001-01-01",
          "years: 9000", "days: -5", "count: 0", "{count: 1}", "kind: reio", "members: nope",
          "type: denunciation", "type: revocation", "code: QAT", "code: EUU", "\\", "\n", "  "]
NAMES = ["Qatar", "QAT", "Viet Nam", "Honduras", "Burundi", "EUU", "USA", "Atlantis", "", "-",
         "Côte d'Ivoire", "x" * 300, "\u200b"]
DAYS = ["2026-03-01", "2025-10-25", "2020-10-24", "2016-10-27", "2026-02-30", "1900-01-01",
        "9999-12-31", "0001-01-01", "2026-3-1", "x", ""]
FORMATS = ["table", "json", "csv", "md", "xml"]


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "token", "truncate",
                                   "indent", "dedent", "digit"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "token":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(TOKENS)) + lines[i][at:]
        elif op == "truncate":
            lines = lines[:i] + [lines[i][:draw(st.integers(0, len(lines[i])))]]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:]
        else:
            digits = [k for k, ch in enumerate(lines[i]) if ch.isdigit()]
            if digits:
                k = draw(st.sampled_from(digits))
                lines[i] = lines[i][:k] + str(draw(st.integers(0, 9))) + lines[i][k + 1:]
        text = "\n".join(lines)
    return text


@st.composite
def command_line(draw):
    name, action, day = (draw(st.sampled_from(NAMES)), draw(st.sampled_from(ACTION_TYPES +
                                                                             ("bogus",))),
                         draw(st.sampled_from(DAYS)))
    fmt = ["--format", draw(st.sampled_from(FORMATS))]
    options = draw(st.sampled_from([[], fmt, ["--as-of", draw(st.sampled_from(DAYS))]]))
    commands = [
        ["status", *options], ["list", *options], ["show", name, *options],
        ["timeline", *draw(st.sampled_from([[], ["--chart"], ["--since", day]]))],
        ["check", *draw(st.sampled_from([[], fmt]))],
        ["list", "--status", draw(st.sampled_from(["party", "signatory", "none", "withdrawn",
                                                   "bogus"])), "--sort", "date"],
        ["record", name, action, day, *draw(st.sampled_from(
            [[], ["--dry-run"], ["--format", "json"], ["--earliest", draw(st.sampled_from(DAYS))],
             ["--source", draw(st.sampled_from(["a: b # c", "\"", "ü" * 50]))],
             ["--confidence", "reported"]]))],
        ["remove", name, action, day, *draw(st.sampled_from([[], ["--dry-run"]]))],
        ["diff", "{file}", str(HANOI_FIXTURE)],
        ["diff", str(HANOI_FIXTURE), *draw(st.sampled_from([[], fmt]))],
    ]
    today = draw(st.sampled_from(["2026-11-29", "2020-10-24", "2016-11-01", "9999-12-31",
                                  "0001-01-01"]))
    return ["--today", today, *draw(st.sampled_from(commands))]


@pytest.mark.slow
@settings(max_examples=3000, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=mutated(), args=command_line())
def test_fuzz_never_a_traceback_never_a_changed_file_after_a_refusal(tmp_path, monkeypatch,
                                                                     text, args):
    monkeypatch.setenv("RATIFY_CACHE_DIR", "off")
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    before = path.read_bytes()
    args = [str(path) if a == "{file}" else a for a in args]
    result = CliRunner().invoke(app, ["--data", str(path), *args], catch_exceptions=True,
                                env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "Traceback" not in result.output
    if result.exit_code != 0 or "--dry-run" in args or args[2] != "record" and \
            args[2] != "remove":
        assert path.read_bytes() == before, args
    if result.exit_code == 1:
        assert result.stderr.startswith("ratify: ") or args[2] == "check", result.output


# -- crashes the fuzzer found, kept as plain tests --------------------------------------------


def test_dates_past_9999_are_said_not_an_overflow(cli):
    """At the calendar's end the status still answers; the earliest entry into force, which
    would fall after 9999-12-31, is null with a warning (as `project` clamps its horizon)."""
    result = cli("--today", "9999-12-31", "status")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Earliest possible" not in result.output
    assert "would take effect after 9999-12-31" in result.output
    view = json.loads(cli("--today", "9999-12-31", "status", "--format", "json").stdout)
    assert view["earliest_entry_into_force"] is None
    assert any("after 9999-12-31" in w for w in view["warnings"])


def test_a_record_whose_consequences_fail_writes_nothing(cli, tmp_path):
    """Rome Statute: a late joiner's date of effect (deposit + 60 days, 1st of next month) past
    9999-12-31 used to be computed after the write; now it is worked out before."""
    path = tmp_path / "rome.yaml"
    path.write_bytes((TREATIES / "rome.yaml").read_bytes())
    before = path.read_bytes()
    result = cli("--data", str(path), "--today", "9999-12-31", "record", "USA", "ratification",
                 "9999-12-31")
    assert result.exit_code == 1 and "is after 9999-12-31" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("condition,line,message", [
    ("{all_of: [1, 2]}", 9, "all_of must be a list of codes, not the number 1"),
    ("{all_of: [[AUT]]}", 9, "all_of must be a list of codes, not a list"),
])
def test_all_of_items_must_be_codes(cli, tmp_path, condition, line, message):
    from conftest import treaty_text
    path = tmp_path / "t.yaml"
    path.write_text(treaty_text({"AUT": ["ratification 2002-01-01"]}, conditions=(condition,)),
                    encoding="utf-8")
    result = cli("--data", str(path), *TODAY, "status")
    assert result.exit_code == 1
    assert result.stderr == f"ratify: {path}:{line}: {message}\n"


def test_a_fifo_nobody_writes_to_does_not_hang(cli, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    signal.alarm(10)  # before the fix, opening it blocked for ever
    try:
        result = cli("--data", str(fifo), "check")
    finally:
        signal.alarm(0)
    assert result.exit_code == 1 and "file is empty" in result.stderr
