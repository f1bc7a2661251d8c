"""`ratify report` (issue 13): the status page as one self-contained HTML file (parsed here by
html5lib, a standards parser, test-only) and as Markdown; every figure equal to the JSON of
`status` and `project` for the same day; hostile data inert; the stored back-test summary equal
to benchmarks/RESULTS.md. The page in a real browser: tests/test_report_browser.py."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import xml.etree.ElementTree as ET

import html5lib
import pytest

from conftest import FIXTURES, HANOI, ROOT, TREATIES
from ratify.datafile import store
from ratify.model import is_web_address
from ratify.render.layout import percent
from ratify.render.report import html, long_day, page_text, track_record
from ratify.render.report_md import markdown
from ratify.report import report
from ratify.rules import Engine

TODAY = "2026-12-03"
HOSTILE = FIXTURES / "hostile-report.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str):
    """The document as html5lib builds it, and the parse errors it reported."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    return parser.parse(text), parser.errors


@functools.cache
def page(path: str = str(HANOI), as_of: str = TODAY, today: str = TODAY) -> str:
    data = report(Engine(store.load(path)), dt.date.fromisoformat(as_of),
                  dt.date.fromisoformat(today))
    return html(data, "test")


def lookup(data: dict, key: str):
    """`status.p_by.2027-12-31` or `status.conditions.0.current` in {"status": ..., ...}."""
    value = data
    for part in key.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def figures(doc) -> list[tuple[str, str, str]]:
    """(data-key, machine value, shown text) of every quoted figure."""
    return [(el.get("data-key"), el.get("datetime") or el.get("value"), "".join(el.itertext()))
            for el in doc.iter() if el.get("data-key")]


def check_figure(data: dict, key: str, value: str, text: str) -> None:
    expected = lookup(data, key)
    if isinstance(expected, str):                       # a date
        assert value == expected and text == long_day(expected), key
    elif isinstance(expected, float):                   # a probability or a share
        assert float(value) == expected, key
        assert text in (percent(expected), f"{expected:g}"), key
    else:
        assert int(value) == expected and text == f"{expected:,}", key


def test_every_figure_equals_the_json_of_status_and_project(cli):
    result = cli("--today", TODAY, "report")
    assert result.exit_code == 0, result.output
    data = {"status": json.loads(cli("--today", TODAY, "status", "--format", "json").stdout),
            "project": json.loads(cli("--today", TODAY, "project", "--format", "json").stdout)}
    doc, errors = parse(result.stdout)
    assert errors == []
    found = figures(doc)
    for key, value, text in found:
        check_figure(data, key, value, text)
    keys = {key for key, _, _ in found}
    years = [day for day, p in data["project"]["p_by"].items()][:12]   # 12 rows at most
    assert {"status.counted", "status.required", "status.remaining", "status.signatories",
            "status.signatories_reported", "status.parties", "status.as_of", "status.data_as_of",
            "status.signature_closes", "status.earliest_entry_into_force",
            "status.signatories_not_ratified", "project.median", "project.p10",
            "project.p90", "project.p_none_within_horizon", "project.data_as_of",
            "project.runs", "project.seed", "project.horizon_years"} <= keys
    assert {f"project.p_by.{day}" for day in years} <= keys
    countdown = doc.find(".//*[@id='signature-days']").text
    assert int(countdown) == (dt.date(2026, 12, 31) - dt.date(2026, 12, 3)).days == 28
    assert data["status"]["counted"] == 0 and data["project"]["median"] == "2030-05-08"
    text = " ".join("".join(doc.itertext()).split())
    assert "0 of 40" in text and "40 to go" in text and "8 May 2030" in text
    assert "80 % interval: 7 April 2028 – 1 April 2036" in text


def test_the_page_is_one_self_contained_file_that_parses_without_errors():
    text = page()
    doc, errors = parse(text)
    assert errors == [], errors[:3]
    assert len(text.encode("utf-8")) <= 300_000
    assert doc.find("head/meta[@charset]").get("charset") == "utf-8"
    csp = doc.find("head/meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "default-src 'none'" in csp and "script" not in csp
    names = {el.tag for el in doc.iter() if isinstance(el.tag, str)}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
    sources = {s["text"] for s in _sources(text)}
    for el in doc.iter():
        for name, value in el.attrib.items():
            bare = name.split("}")[-1]
            assert bare not in ("src", "srcset", "poster", "action", "data")
            if bare == "href":      # only <a>, to a source of the page or within it
                assert el.tag == "a", el.tag
                assert value.startswith("#") or value in sources, value
            if bare.startswith("on"):
                pytest.fail(f"event handler {name}")
    for css in re.findall(r"url\(([^)]*)\)", text):
        assert css.startswith("#"), css              # local SVG patterns only
    assert "@import" not in text


def _sources(text: str) -> list[dict]:
    doc, _ = parse(text)
    found = []
    for item in doc.iter("li"):
        if (item.get("id") or "").startswith("source-"):
            link = item.find("a")
            found.append({"text": "".join(item.itertext()),
                          "link": link.get("href") if link is not None else None})
    return found


def test_the_page_shows_what_a_campaigner_needs():
    doc, _ = parse(page())
    heading = doc.find(".//h1")
    assert "".join(heading.itertext()) == "UN Convention against Cybercrime"
    assert doc.find(".//*[@id='stale']") is not None               # 283 days old
    charts = [svg for svg in doc.iter(f"{SVG}svg") if "chart" in (svg.get("class") or "")]
    assert len(charts) == 4                   # the history and the fan, wide and narrow
    for svg in charts + [s for s in doc.iter(f"{SVG}svg") if s not in charts]:
        assert svg.get("role") == "img"
        assert svg.get("aria-label") or svg.find(f"{SVG}title").text
    texts = [t.text for t in doc.iter(f"{SVG}text")]
    assert "counted instruments" in texts and "threshold: 40" in texts
    assert any(t and t.startswith("entry into force: 80 % interval") for t in texts)
    groups = {d.get("id"): d for d in doc.iter("details") if d.get("id")}
    assert set(groups) == {"group-party", "group-signatory", "group-none"}
    signatories = groups["group-signatory"].findall(".//tbody/tr")
    assert len(signatories) == 73 and groups["group-signatory"].get("open") is not None
    assert len(groups["group-none"].findall(".//tbody/tr")) == 198 - 73
    for row in signatories:                                     # every row's source reachable
        links = [a.get("href") for a in row.findall("td")[-1].iter("a")]
        assert links and all(is_web_address(h) or h.startswith("#source-") for h in links)
    for table in doc.iter("table"):
        assert table.find("thead/tr/th").get("scope") == "col"
    track = "".join(doc.find(".//*[@id='track-record']").itertext())
    stored = track_record()
    assert f"{stored['cases']} past cases of {stored['treaties']} treaties held out" in track
    assert f"{stored['median_abs_error_days']:g} days" in track
    assert f"{stored['coverage_80']:.0%}" in track
    cite = "".join(doc.find(".//p[@class='cite']").itertext())
    assert cite == ("“Status of the UN Convention against Cybercrime (UNTC XVIII-16)”, status as "
                    "at 3 December 2026, compiled with ratify test from Multilateral Treaties "
                    "Deposited with the Secretary-General, United Nations, New York "
                    "(ST/LEG/SER.E), as available on https://treaties.un.org on 23 February "
                    "2026.")
    notes = [li for li in doc.iter("li") if (li.get("id") or "").startswith("note-")]
    assert len(notes) == 6 and "Qatar reported as having ratified" in "".join(notes[2].itertext())
    assert "projection" in "".join(doc.find(".//*[@id='projection-h']").itertext()).lower()


def test_fresh_data_give_no_stale_warning():
    doc, _ = parse(page(as_of="2026-03-01", today="2026-03-01"))
    assert doc.find(".//*[@id='stale']") is None


def test_hostile_data_come_out_as_inert_text():
    text = page(str(HOSTILE))
    doc, errors = parse(text)
    assert errors == []
    assert not [el for el in doc.iter() if el.tag in ("script", "img", "iframe")]
    for el in doc.iter():
        assert not [name for name in el.attrib if name.split("}")[-1].startswith("on")]
        href = el.get("href")
        if href is not None:
            assert href.startswith("#") or is_web_address(href), href
            assert "javascript" not in href.lower() and "data:" not in href
    shown = "".join(doc.itertext())
    assert "<script>document.title='pwned'</script>" in shown          # shown, as text
    assert '"><img src=x onerror="document.body.dataset.pwned=1">' in shown
    assert "javascript:alert(1)" in shown and "\x1b" not in text and "\u202e" not in text
    assert "␛[31m" in shown
    names = ["".join(th.itertext()) for th in doc.iter("th") if th.get("scope") == "row"]
    assert "<script>document.title='pwned'</script> XSA" in names
    links = [a.get("href") for a in doc.iter("a") if not a.get("href").startswith("#")]
    assert links and all(h.startswith("https://example.org/") for h in links)


def test_page_text_makes_controls_and_noncharacters_harmless():
    assert page_text("a\x1bb\x85c\u202ed\ufdd0e\U0001fffe") == "a␛b�c�d�e�"


def test_a_treaty_in_force_and_one_past_its_threshold():
    doc, errors = parse(page(str(TREATIES / "att.yaml")))
    assert errors == []
    text = " ".join("".join(doc.itertext()).split())
    assert "In force" in text and "since 24 December 2014" in text
    assert "follows from the rule" in text                          # no fan for a settled date
    doc, _ = parse(page(str(TREATIES / "tpnw.yaml"), as_of="2020-12-01"))
    text = " ".join("".join(doc.itertext()).split())
    assert "Enters into force on 22 January 2021" in text and "in 52 days" in text
    assert "Threshold met on 24 October 2020".upper() in text.upper()


def test_a_treaty_that_cannot_be_projected_says_why():
    doc, errors = parse(page(str(TREATIES / "kyoto.yaml")))
    assert errors == []
    text = " ".join("".join(doc.itertext()).split())
    assert "No projection: a condition is not evaluable from the data" in text


def test_markdown_has_the_same_content_with_text_charts(cli):
    result = cli("--today", TODAY, "report", "--md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "# UN Convention against Cybercrime" in text
    assert "**0 of 40** instruments" in text and "**40 to go**" in text
    assert "- **Median:** 8 May 2030" in text
    assert "| 31 December 2027 | 6 % |" in text
    assert "```text\n40 ┤" in text                                   # the chart as text
    assert "| Algeria | DZA | Africa | signatory | 2025-10-25 |" in text
    assert f"Track record: replayed on {track_record()['cases']} past cases" in text
    assert "> **The data may be out of date.**" in text
    assert "## Cite this page" in text and "(ST/LEG/SER.E)" in text


def test_markdown_with_a_file_writes_the_charts_next_to_it(cli, tmp_path):
    target = tmp_path / "STATUS.md"
    result = cli("--today", TODAY, "report", "--md", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "](STATUS-history.svg)" in text and "](STATUS-projection.svg)" in text
    assert "```text" not in text
    for name in ("STATUS-history.svg", "STATUS-projection.svg"):
        root = ET.fromstring((tmp_path / name).read_text(encoding="utf-8"))
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.find(f"{SVG}title").text.startswith("UN Convention against Cybercrime")
        assert "http" not in ET.tostring(root, encoding="unicode").replace(
            "http://www.w3.org/2000/svg", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "STATUS-history.svg", "STATUS-projection.svg", "STATUS.md"]


def test_hostile_markdown_is_escaped():
    data = report(Engine(store.load(str(HOSTILE))), dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    text = markdown(data, "test")
    assert not re.search(r"(?<!\\)<(script|img|svg|a )", text)     # every < escaped
    assert "\\<script\\>" in text
    assert not re.search(r"\]\(<?\s*(javascript|vbscript|data):", text, re.I)
    assert "\x1b" not in text


def test_html_to_a_file_and_the_error_paths(cli, tmp_path):
    target = tmp_path / "hanoi.html"
    result = cli("--today", TODAY, "report", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in tmp_path.iterdir()] == ["hanoi.html"]      # no temp file left
    assert "data last reconciled" in result.stderr                    # warnings on stderr
    both = cli("--today", TODAY, "report", "--html", "--md")
    assert both.exit_code == 2 and "give --html or --md, not both" in both.output
    missing = cli("--today", TODAY, "report", "-o", str(tmp_path / "no" / "x.html"))
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    lines = [line for line in missing.stderr.splitlines() if "warning" not in line]
    assert len(lines) == 1 and "cannot write" in lines[0]
    early = cli("--today", TODAY, "report", "--as-of", "1990-01-01")
    assert early.exit_code == 2 and "before the treaty's adoption" in early.output


def test_the_stored_back_test_summary_is_the_recorded_run():
    """templates/backtest_summary.json (what the page quotes: the test part, held out from
    tuning) equals benchmarks/RESULTS.md (benchmarks/projection_accuracy.py writes both)."""
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    section = results.split("<!-- projection_accuracy:start -->")[1]
    head = re.search(r"^Test part: (\d+) cases on (\d+) treaties .*?; ([\d,]+) runs per case; "
                     r"seed 0; (\w+) replay, (\d+) cases skipped", section, re.M)
    model = re.search(r"^\| test \| model \| (\d+) \| ([\d.]+) \| [\d.]+ \| ([\d.]+) \|",
                      section, re.M)
    assert track_record() | {"written_by": None} == {
        "replay": head[4], "part": "test", "cases": int(head[1]), "treaties": int(head[2]),
        "skipped": int(head[5]), "runs_per_case": int(head[3].replace(",", "")),
        "median_abs_error_days": float(model[2]), "coverage_80": float(model[3]),
        "written_by": None}
    assert int(model[1]) == int(head[1])


def test_jinja2_is_imported_by_the_report_only():
    import subprocess
    import sys
    code = "import sys, ratify.cli; print('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
