"""The README documents every command, and its Quick start is exactly two commands."""

import re

from conftest import ROOT
from ratify.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert len(names) >= 6
    for name in names:
        assert re.search(rf"`ratify {name}\b", README), f"README does not document ratify {name}"


def test_quick_start_is_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert commands == ["pip install . && ratify status",
                        "pip install '.[test]' && python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q '.[test]' && python -m pytest" in ci
