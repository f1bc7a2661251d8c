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


# -- checked examples ------------------------------------------------------------------------
# Every ```console block of the README is real output: its `$ ratify ...` commands are run in
# order, in a fresh folder holding the frozen Hanoi data as data/states.yaml, with `--today`
# fixed, no colour and 100 columns. `python tests/test_readme.py --write` regenerates them.

EXAMPLE_TODAY = "2026-11-29"
CONSOLE = re.compile(r"^```console\n(.*?)^```\n", re.M | re.S)


def run_example(body: str) -> str:
    """The block `body` with each command's output as ratify prints it today."""
    import contextlib
    import os
    import shlex
    import tempfile

    from typer.testing import CliRunner

    from conftest import HANOI
    commands = [line[2:] for line in body.splitlines() if line.startswith("$ ")]
    settings = {"NO_COLOR": "1", "COLUMNS": "100", "RATIFY_CACHE_DIR": "off"}
    saved = {k: os.environ.get(k) for k in (*settings, "RATIFY_DATA")}
    out = []
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        os.mkdir("data")
        with open(os.path.join("data", "states.yaml"), "wb") as handle:
            handle.write(HANOI.read_bytes())
        os.environ.update(settings)
        os.environ.pop("RATIFY_DATA", None)
        try:
            for command in commands:
                args = shlex.split(command, comments=True)[1:]
                result = CliRunner().invoke(app, ["--today", EXAMPLE_TODAY, *args])
                out.append(f"$ {command}")
                out += [line.rstrip() for line in result.output.rstrip("\n").split("\n")]
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return "\n".join(out) + "\n"


def regenerated(text: str) -> str:
    return CONSOLE.sub(lambda m: f"```console\n{run_example(m.group(1))}```\n", text)


def test_the_examples_are_real_output():
    blocks = CONSOLE.findall(README)
    assert len(blocks) >= 10
    fresh = CONSOLE.findall(regenerated(README))
    for old, new in zip(blocks, fresh):
        assert old == new, ("README example drifted; run python tests/test_readme.py --write\n"
                            + old.splitlines()[0])


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(ROOT / "tests"))
    if sys.argv[1:] == ["--write"]:
        (ROOT / "README.md").write_text(regenerated(README), encoding="utf-8")
    else:
        sys.exit("usage: python tests/test_readme.py --write")
