"""errors.py: a hint names a remedy; the library words it without options, the CLI with its own."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ratify.cli import app, remedies
from ratify.datafile import store
from ratify.errors import WORDS, DataFileError, Hint, RatifyError, Remedy

REMEDIES = {value for name, value in vars(Remedy).items() if not name.startswith("_")}


def test_every_remedy_has_library_words_and_command_line_words():
    assert set(WORDS) == REMEDIES == set(remedies())


def test_the_library_words_name_no_option_and_the_cli_words_name_one_or_a_command():
    assert not [w for w in WORDS.values() if "--" in w or "`ratify" in w]
    assert all("--" in w or "`ratify " in w for w in remedies().values())


def test_a_hint_is_worded_by_whoever_renders_it(tmp_path):
    with pytest.raises(DataFileError) as info:
        store.load(str(tmp_path / "missing.yaml"))
    assert info.value.render().endswith("no such file (read another data file, or a bundled "
                                        "treaty)")
    assert info.value.render(remedies()).endswith("no such file (pass --data PATH or "
                                                  "--treaty ID)")
    result = CliRunner().invoke(app, ["--data", str(tmp_path / "missing.yaml"), "status"])
    assert result.exit_code == 1
    assert result.output.endswith("no such file (pass --data PATH or --treaty ID)\n")


def test_a_hint_detail_fills_its_wording_and_text_hints_pass_through():
    error = RatifyError("x", hint=Hint(Remedy.set_today, "2026-12-03"))
    assert error.render() == "x (if today is not 2026-12-03, give the right date)"
    assert error.render(remedies()) == "x (if today is not 2026-12-03, pass --today)"
    assert RatifyError("x", hint="plain words").render(remedies()) == "x (plain words)"
    assert RatifyError("x").render() == "x"
