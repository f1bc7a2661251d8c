"""ruff (configured in pyproject.toml) is clean on the package, the tests and the benchmarks, so
the README's test command covers the lint too."""

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
