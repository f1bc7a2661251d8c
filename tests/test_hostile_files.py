"""Hostile data files: huge numbers, explicit YAML tags, unused anchors. Every command gives one
line naming the file and line, exit 1, no traceback, and writes nothing.

Built on the frozen Hanoi data; lines are found from the text, not hard-coded.
"""

import os

import pytest

from conftest import HANOI
from ratify import names

TEXT = HANOI.read_text(encoding="utf-8")
COUNT = "      - {count: 40}"
QAT = "  - code: QAT\n    actions:\n      - {type: signature, date: 2025-10-25, source: \"nl\"}"


def _weight(value: str) -> str:
    return TEXT.replace(QAT, QAT.replace("    actions:", f"    weights: {{emissions: {value}}}\n"
                                          "    actions:"))


def _at_least(value: str) -> str:
    return TEXT.replace(COUNT, COUNT + f"\n      - {{weight: emissions, at_least: {value}}}")


TOO_LONG = "numbers in a data file have at most 100 digits"
WEIGHT_RANGE = "QAT.weights.emissions must be between 0 and 1,000,000"
# name -> (file content, text that starts the line the message names, part of the message)
CASES = {
    "integer of 5,000 digits": (TEXT.replace(COUNT, "      - {count: 4" + "0" * 4999 + "}"),
                                "      - {count: 4", TOO_LONG),
    "count 1 and 400 zeros": (TEXT.replace(COUNT, "      - {count: 1" + "0" * 400 + "}"),
                              "      - {count: 1", TOO_LONG),
    "400-digit weight": (_weight("1" + "0" * 399), "    weights:", TOO_LONG),
    "400-digit at_least": (_at_least("1" + "0" * 399), "      - {weight:", TOO_LONG),
    "count of 31 digits": (TEXT.replace(COUNT, "      - {count: 1" + "0" * 30 + "}"),
                           "      - {count: 1", "count must be between 1 and"),
    "count above the registry": (TEXT.replace(COUNT, "      - {count: 1000}"),
                                 "      - {count: 1000}", "count must be between 1 and"),
    "weight above 1e6": (_weight("1000001"), "    weights:", WEIGHT_RANGE),
    "90-digit weight": (_weight("1" + "0" * 89), "    weights:", WEIGHT_RANGE),
    "negative weight": (_weight("-0.5"), "    weights:", WEIGHT_RANGE),
    "90-digit at_least": (_at_least("1" + "0" * 89), "      - {weight:",
                          "at_least must be between 0 and 1,000,000"),
    "infinite at_least": (_at_least("1.0e+400"), "      - {weight:", "must be a finite number"),
    "at_least written 1e400": (_at_least("1e400"), "      - {weight:",
                               "at_least must be a number, not the text '1e400'"),
    "!!pairs on a list": (TEXT.replace("    conditions:\n", "    conditions: !!pairs\n"),
                          "    conditions: !!pairs", "tag '!!pairs' is not allowed"),
    "!!omap on a list": (TEXT.replace(QAT, QAT.replace("    actions:", "    actions: !!omap")),
                         "    actions: !!omap", "tag '!!omap' is not allowed"),
    "!!omap on the participants": (TEXT.replace("\nparticipants:\n", "\nparticipants: !!omap\n"),
                                   "participants: !!omap", "tag '!!omap' is not allowed"),
    "!!timestamp not an ISO date": (TEXT.replace(QAT, QAT.replace(
        "date: 2025-10-25", "date: !!timestamp 20251025")), "      - {type: signature, date: !!",
        "tag '!!timestamp' is not allowed"),
    "!!set": (TEXT.replace(QAT, QAT.replace("    actions:", "    aliases: !!set {Katar: null}\n"
                                            "    actions:")), "    aliases:",
              "tag '!!set' is not allowed"),
    "60,000 nested [": (TEXT.replace("  id: uncc\n", "  id: " + "[" * 60000 + "\n"), "  id: [[[",
                        "nesting too deep (more than 100 levels of [ or {)"),
    "200,000 compact - -": (TEXT.replace("  id: uncc\n", "  id: uncc\n  extra:\n    "
                                         + "- " * 200000 + "x\n"), "    - - - ",
                            "nesting too deep (more than 100 levels)"),
    "anchor without an alias": (TEXT.replace("  id: uncc\n", "  id: &treaty uncc\n"),
                                "  id: &treaty",
                                "anchors and aliases (&name, *name) are not allowed"),
}

COMMANDS = {
    "check": ("check",),
    "status": ("status",),
    "project": ("project",),
    "timeline --chart": ("timeline", "--chart"),
    "record --dry-run": ("record", "Qatar", "ratification", "2026-03-01", "--dry-run"),
    "record": ("record", "Qatar", "ratification", "2026-03-01"),
}


def test_the_cases_are_what_they_say():
    for name, (content, start, _) in CASES.items():
        assert content != TEXT and content.count("\n" + start) == 1, name
    assert 100 < len(names.registry()) < 1000


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("case", CASES.keys())
def test_hostile_file_gives_one_line(cli, tmp_path, case, command):
    content, start, message = CASES[case]
    line = content[:content.index("\n" + start) + 1].count("\n") + 1
    path = tmp_path / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    result = cli("--data", str(path), "--today", "2026-11-29", *command)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"ratify: {path}:{line}: "), result.stderr[:300]
    assert message in result.stderr, result.stderr[:300]
    assert path.read_text(encoding="utf-8") == content
    assert os.listdir(tmp_path) == ["hostile.yaml"]
