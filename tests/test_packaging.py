"""pyproject's `packages` list follows the folders: every folder of src/ratify that holds modules
is a listed package, and every bundled data folder too, so that a non-editable install (a wheel)
carries every module and runs every command."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def _setuptools() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]


def test_every_folder_of_modules_is_a_listed_package():
    source = ROOT / "src"
    folders = {".".join(p.parent.relative_to(source).parts) for p in source.rglob("*.py")}
    assert {"ratify", "ratify.render", "ratify.projection"} <= folders
    assert folders <= set(_setuptools()["packages"]), folders - set(_setuptools()["packages"])


def test_every_bundled_data_folder_is_a_listed_package_with_its_yaml():
    config = _setuptools()
    data = ROOT / "data"
    folders = {".".join(("ratify", "data") + p.parent.relative_to(data).parts)
               for p in data.rglob("*.yaml")}
    assert folders == {"ratify.data", "ratify.data.treaties", "ratify.data.corpus"}
    for package in folders:
        assert package in config["packages"] and "*.yaml" in config["package-data"][package]
    assert config["package-dir"]["ratify.data"] == "data"


def test_every_file_the_package_reads_is_package_data():
    """Templates and the registry: every non-Python file under src/ratify matches a
    package-data pattern of its package."""
    import fnmatch
    source = ROOT / "src" / "ratify"
    data = _setuptools()["package-data"]
    files = [p for p in source.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
             and "__pycache__" not in p.parts]
    assert any(p.name == "badge.svg" for p in files)
    for path in files:
        relative = path.relative_to(source)
        owner = next(len(relative.parts[:i]) for i in range(len(relative.parts) - 1, -1, -1)
                     if (source.joinpath(*relative.parts[:i]) / "__init__.py").exists())
        package = ".".join(("ratify",) + relative.parts[:owner])
        inside = "/".join(relative.parts[owner:])
        assert any(fnmatch.fnmatch(inside, pattern) for pattern in data.get(package, [])), path
