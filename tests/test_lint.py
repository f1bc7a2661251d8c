"""ruff (configured in pyproject.toml) is clean on the package, the tests and the benchmarks, so
the README's test command covers the lint too; and no function of the package passes 60 lines."""

import ast
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def test_ruff_is_clean():
    if shutil.which("ruff") is None and subprocess.run(
            [sys.executable, "-m", "ruff", "--version"], capture_output=True).returncode:
        pytest.skip("ruff is not installed (pip install '.[test]' installs it)")
    command = ["ruff"] if shutil.which("ruff") else [sys.executable, "-m", "ruff"]
    done = subprocess.run([*command, "check", "--no-cache", "src", "tests", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


MAX_FUNCTION_LINES = 60


def long_functions(source: str) -> list[tuple[str, int]]:
    """(name, lines) of every function or method in `source` longer than MAX_FUNCTION_LINES."""
    return [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def test_no_function_of_the_package_is_longer_than_60_lines():
    found = [f"{path.relative_to(ROOT)}: {name} ({n} lines)"
             for path in sorted((ROOT / "src" / "ratify").rglob("*.py"))
             for name, n in long_functions(path.read_text(encoding="utf-8"))]
    assert not found, "split these along a real seam:\n" + "\n".join(found)


def test_the_length_check_sees_a_long_function_and_a_long_method():
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    assert long_functions("def short():\n    return 1\n") == []
    assert long_functions(f"def long():\n{body}") == [("long", MAX_FUNCTION_LINES + 1)]
    method = "class C:\n    def m(self):\n" + "".join("    " + line + "\n"
                                                      for line in body.splitlines())
    assert long_functions(method) == [("m", MAX_FUNCTION_LINES + 1)]
