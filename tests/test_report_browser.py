"""`ratify report` in a real browser (issue 13): headless Chromium renders the page at 1280 and
375 px with the network blocked (every request goes to a recording proxy that serves nothing;
host names resolve to nothing), takes screenshots, and the rendered DOM is checked: the count,
the table rows, the charts, nothing requested from the network; hostile data execute nothing.

Skipped, with the reason, where Chromium cannot be had (`.ci/run` installs Debian's
`chromium` when apt is there). Each page loads in about a second.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import chromium
import html5lib
import pytest

from conftest import FIXTURES, HANOI
from ratify.datafile import store
from ratify.render.report import html
from ratify.report import report
from ratify.rules import Engine

BINARY = chromium.find()
pytestmark = pytest.mark.skipif(BINARY is None, reason="no Chromium on PATH (Debian: apt-get "
                                "install chromium; .ci/run does it when apt is available)")
TODAY = dt.date(2026, 12, 3)

#: a page of its own (no CSP) that loads the report in an iframe of a given width and writes
#: what the browser laid out onto its <body>, for --dump-dom to show
MEASURE = """<!doctype html><html><head><meta charset="utf-8"><title>measure</title></head>
<body><iframe id="f" src="{page}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var d = this.contentDocument, b = document.body, w = this.contentWindow;
  function shown(selector) {{
    return Array.prototype.filter.call(d.querySelectorAll(selector), function (e) {{
      return e.getBoundingClientRect().height > 0; }}).length; }}
  b.setAttribute("data-scroll-width", d.documentElement.scrollWidth);
  b.setAttribute("data-client-width", d.documentElement.clientWidth);
  b.setAttribute("data-wide-charts", shown("svg.chart-wide"));
  b.setAttribute("data-narrow-charts", shown("svg.chart-narrow"));
  b.setAttribute("data-count", d.querySelector("p.count data").textContent);
  b.setAttribute("data-font", w.getComputedStyle(d.body).fontSize);
}});
</script></body></html>"""


@functools.cache
def page_file(tmp: str, path: str = str(HANOI), name: str = "hanoi.html") -> str:
    data = report(Engine(store.load(path)), TODAY, TODAY)
    target = f"{tmp}/{name}"
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(html(data, "test"))
    return target


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("browser"))


@pytest.fixture
def proxy():
    with chromium.recording_proxy() as recorder:
        yield recorder


def dom(url: str, proxy, *args: str):
    text = chromium.run(BINARY, url, "--dump-dom", "--allow-file-access-from-files", *args,
                        proxy=proxy.address)
    return html5lib.parse(text, namespaceHTMLElements=False)


def test_the_blocked_network_is_watched(folder, proxy):
    """A control: a page that does fetch something is seen by the proxy (and nothing else
    but the browser's own services), and its script runs: so the checks below mean
    something."""
    control = f"{folder}/control.html"
    with open(control, "w", encoding="utf-8") as handle:
        handle.write('<!doctype html><title>t</title><img src="http://example.org/x.png">'
                     "<script>document.title = 'ran'</script>")
    doc = dom(f"file://{control}", proxy)
    assert doc.find("head/title").text == "ran"
    assert [chromium.host(r) for r in chromium.page_requests(proxy.requests)] == \
        ["example.org"]


def test_the_rendered_page_at_1280_and_375_px(folder, proxy):
    page = page_file(folder)
    doc = dom(f"file://{page}", proxy)
    count = doc.find(".//p[@class='count']/data")
    assert count.get("data-key") == "status.counted" and count.text == "0"
    rows = doc.findall(".//details[@id='group-signatory']//tbody/tr")
    assert len(rows) == 73
    assert len(doc.findall(".//details[@id='group-none']//tbody/tr")) == 125
    assert len(doc.findall(".//{http://www.w3.org/2000/svg}svg")) >= 5
    for width in (1280, 375):
        measure = f"{folder}/measure-{width}.html"
        with open(measure, "w", encoding="utf-8") as handle:
            handle.write(MEASURE.format(page="hanoi.html", width=width))
        body = dom(f"file://{measure}", proxy, "--window-size=1400,1000").find("body")
        assert body.get("data-count") == "0"
        assert body.get("data-font") == "17px"
        scroll, client = int(body.get("data-scroll-width")), int(body.get("data-client-width"))
        assert scroll <= client == width        # no horizontal scroll, at 375 px too
        wide, narrow = (2, 0) if width == 1280 else (0, 2)
        assert (int(body.get("data-wide-charts")), int(body.get("data-narrow-charts"))) == \
            (wide, narrow)
        shot = f"{folder}/hanoi-{width}.png"
        chromium.screenshot(BINARY, f"file://{page}", shot, width, 2000, proxy=proxy.address)
        assert chromium.png_size(shot) == (width, 2000)
    assert chromium.page_requests(proxy.requests) == []


def test_hostile_data_execute_nothing(folder, proxy):
    page = page_file(folder, str(FIXTURES / "hostile-report.yaml"), "hostile.html")
    with open(page, encoding="utf-8") as handle:
        text = handle.read()
    # the same page without its Content-Security-Policy: the escaping alone must hold
    bare = f"{folder}/hostile-no-csp.html"
    with open(bare, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text))
    for url in (f"file://{page}", f"file://{bare}"):
        doc = dom(url, proxy)
        title = doc.find("head/title").text
        assert title != "pwned" and title.startswith("Hostile <script>")
        assert doc.find("body").get("data-pwned") is None
        assert doc.findall(".//script") == [] and doc.findall(".//img") == []
        hrefs = [a.get("href") for a in doc.iter("a")]
        assert hrefs and not [h for h in hrefs if "script:" in h.lower() or h.startswith("data")]
        for el in doc.iter():
            assert not [k for k in el.attrib if k.split("}")[-1].lower().startswith("on")]
    assert chromium.page_requests(proxy.requests) == []
