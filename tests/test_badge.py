"""`ratify badge` (issue 13, the badge): the two-part SVG and the shields.io endpoint JSON, from
the same status view as `ratify status`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import TREATIES
from ratify.render.badge import badge_fields, endpoint, svg

SVG = "{http://www.w3.org/2000/svg}"
TODAY = "2026-11-29"


def texts(document: str) -> list[str]:
    root = ET.fromstring(document)
    return [t.text for t in root.iter(f"{SVG}text")]


def test_the_hanoi_badge_counts_toward_the_threshold(cli):
    result = cli("--today", TODAY, "badge", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"schemaVersion": 1, "label": "ratifications",
                                         "message": "0/40", "color": "blue"}
    status = json.loads(cli("--today", TODAY, "status", "--format", "json").stdout)
    assert f"{status['counted']}/{status['required']}" == "0/40"
    picture = cli("--today", TODAY, "badge").stdout
    root = ET.fromstring(picture)                      # well-formed XML
    assert root.get("role") == "img" and root.get("aria-label") == "ratifications: 0/40"
    assert texts(picture) == ["ratifications"] * 2 + ["0/40"] * 2
    assert "http" not in picture.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


@pytest.mark.parametrize("as_of, label, message, color", [
    ("2014-03-19", "ratifications", "13/50", "blue"),
    ("2014-10-01", "in force from", "2014-12-24", "green"),    # threshold met, 25 Sep 2014
    ("2015-01-01", "in force", "2014-12-24", "brightgreen"),
])
def test_the_att_badge_through_its_history(cli, as_of, label, message, color):
    result = cli("--data", str(TREATIES / "att.yaml"), "--today", TODAY, "badge", "--as-of",
                 as_of, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"schemaVersion": 1, "label": label,
                                         "message": message, "color": color}


def test_badge_text_is_escaped_and_cleaned():
    hostile = {"label": 'in force <script>alert(1)</script> & "x"', "message": "\x1b[31m1",
               "color": "blue"}
    document = svg(hostile)
    assert "<script>" not in document and "\x1b" not in document
    assert texts(document)[0] == 'in force <script>alert(1)</script> & "x"'
    assert ET.fromstring(document).get("aria-label").startswith("in force <script>")
    assert endpoint(hostile)["schemaVersion"] == 1


def test_a_treaty_without_a_count_shows_the_count_alone():
    fields = badge_fields({"in_force": False, "entry_into_force": None, "required": None,
                           "counted": 178})
    assert fields == {"label": "ratifications", "message": "178", "color": "lightgrey"}


def test_badge_writes_a_file_whole_or_refuses_in_one_line(cli, tmp_path):
    target = tmp_path / "badge.svg"
    result = cli("--today", TODAY, "badge", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert texts(target.read_text())[2] == "0/40"
    assert [p.name for p in tmp_path.iterdir()] == ["badge.svg"]      # no temp file left
    missing = cli("--today", TODAY, "badge", "-o", str(tmp_path / "no" / "badge.svg"))
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    assert "cannot write" in missing.stderr and len(missing.stderr.strip().splitlines()) >= 1
    folder = cli("--today", TODAY, "badge", "-o", str(tmp_path))
    assert folder.exit_code == 1 and "is a folder" in folder.stderr
    assert cli("badge", "--format", "png").exit_code == 2
