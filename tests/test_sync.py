"""`ratify sync` (issue 12): the depositary's status page downloaded and merged, or refused.

Every test talks to a local HTTP server (the standard library's, in a thread, on 127.0.0.1 and a
free port) serving the saved ATT status page of fixtures/untc (UNTC XXVI-8, status as at
03-02-2026) and variants derived from it here:

- one new deposit: Zimbabwe (signed 18 Dec 2014, no instrument on the saved page) is given a
  ratification on 25 Nov 2026, the status date moved to 25-11-2026 and "Parties" to 118;
- half the rows, with and without the page's own counts line;
- the page re-encoded as ISO-8859-1, gzip-compressed, cut short, behind redirects;
- the saved TPNW page (another treaty), a maintenance page served with 200, 304, 404, 500.

The data file is a copy of the bundled ATT file into which the saved page was imported (so the
page itself brings nothing new). Every refusal leaves it byte-identical.
"""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, TREATIES
from ratify.datafile import store
from ratify.untc import download, merge, sync

UNTC = FIXTURES / "untc"
ATT_PAGE = (UNTC / "untc-XXVI-8-att-2026-02-03.html").read_bytes()
TPNW_PAGE = (UNTC / "untc-XXVI-9-tpnw-2026-02-03.html").read_bytes()
TODAY = "2026-12-03"
MAINTENANCE = (b"<!DOCTYPE html><html><head><title>United Nations Treaty Collection</title></head>"
               b"<body><h1>The site is temporarily unavailable</h1><p>Scheduled maintenance."
               b"</p></body></html>")


# -- the variants --------------------------------------------------------------------------------


def with_new_deposit(page: bytes = ATT_PAGE) -> bytes:
    """Zimbabwe ratifies on 25 Nov 2026; the page is dated that day and counts 118 parties."""
    text = page.decode("utf-8")
    row = text.index("<td>Zimbabwe<br></td>")
    end = text.index("</tr>", row)
    cells = text[row:end]
    last = cells.rindex("<td>&nbsp;</td>")
    cells = cells[:last] + "<td>25 Nov\t 2026 <br></td>" + cells[last + len("<td>&nbsp;</td>"):]
    text = text[:row] + cells + text[end:]
    assert "STATUS AS AT : 03-02-2026" in text
    text = text.replace("STATUS AS AT : 03-02-2026", "STATUS AS AT : 25-11-2026")
    counts = text.index("Parties :")
    number = text.index("117", counts)
    return (text[:number] + "118" + text[number + 3:]).encode("utf-8")


def with_half_the_rows(page: bytes = ATT_PAGE, *, counts_line: bool = True) -> bytes:
    """Every other participant row dropped (the page's counts line kept or removed)."""
    text = page.decode("utf-8")
    start = text.index("<td>Afghanistan")
    start = text.rindex("<tr", 0, start)
    stop = text.index("</table>", start)
    rows = text[start:stop].split("<tr")[1:]
    kept = "".join("<tr" + row for i, row in enumerate(rows) if i % 2 == 0)
    text = text[:start] + kept + text[stop:]
    if not counts_line:
        text = text.replace("Signatories :", "Signed :").replace("Parties :", "In force :")
    return text.encode("utf-8")


# -- the server ----------------------------------------------------------------------------------


class Server:
    """Answers each path from a script: a list of answers, the last one repeated. An answer is
    (status, headers, body) or one of the strings "hang", "trickle", "truncate", "slow-headers",
    "many-headers"."""

    def __init__(self):
        self.routes: dict[str, list] = {}
        self.requests: list[dict] = []
        self.release = threading.Event()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                owner.requests.append({"path": self.path, **dict(self.headers.items())})
                key = self.path if self.path in owner.routes else self.path.split("?")[0]
                script = owner.routes.get(key, [(404, {}, b"not here")])
                answer = script.pop(0) if len(script) > 1 else script[0]
                owner.answer(self, answer)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # a client that gave up
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str = "/page") -> str:
        return self.base + path

    def answer(self, handler, answer) -> None:
        if answer == "hang":
            self.release.wait(30)
            return
        if answer == "slow-headers":   # a header line every 0.2 s, for ever
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while not self.release.is_set():
                handler.wfile.write(b"X-Slow: 1\r\n")
                handler.wfile.flush()
                time.sleep(0.2)
            return
        if answer == "many-headers":
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n" + b"X-Many: 1\r\n" * 150 + b"\r\n")
            return
        if answer in ("trickle", "truncate"):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(ATT_PAGE) + 1000))
            handler.end_headers()
            if answer == "truncate":
                handler.wfile.write(ATT_PAGE)
                handler.close_connection = True
                return
            while not self.release.is_set():
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.05)
            return
        status, headers, body = answer
        handler.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **headers}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def serve(self, path: str, *answers) -> str:
        self.routes[path] = list(answers)
        return self.url(path)

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """No backoff pauses between tries (their count is what the tests check)."""
    monkeypatch.setattr(download, "BACKOFF", (0.0, 0.0))


@pytest.fixture
def att(tmp_path) -> Path:
    """A copy of the bundled ATT file, brought up to the saved page (status as at 2026-02-03)."""
    path = tmp_path / "att.yaml"
    path.write_bytes((TREATIES / "att.yaml").read_bytes())
    saved = tmp_path / "saved.html"
    saved.write_bytes(ATT_PAGE)
    merge.run(str(path), str(saved), today=store.dt.date(2026, 12, 3))
    return path


@pytest.fixture
def run(cli, att):
    """`ratify --data ATT sync ARGS` at --today 2026-12-03."""
    def invoke(*args: str):
        return cli("--data", str(att), "--today", TODAY, "sync", *args)
    return invoke


def ok(page: bytes, **headers) -> tuple:
    return (200, headers, page)


# -- the happy paths -----------------------------------------------------------------------------


def test_a_new_deposit_lands_with_its_provenance_and_exit_code_3(server, run, att):
    url = server.serve("/page", ok(with_new_deposit()))
    result = run("--url", url, "--exit-code")
    assert result.exit_code == 3, result.output
    assert "added: 1" in result.stdout and "ZWE Zimbabwe: ratification 2026-11-25" in result.stdout
    treaty = store.load(str(att))
    assert treaty.data_as_of == store.dt.date(2026, 11, 25)
    zwe = treaty.participant("ZWE")
    added = [a for a in zwe.actions if a.type == "ratification"]
    assert [(a.date.isoformat(), a.source) for a in added] == [
        ("2026-11-25", f"{url} (UNTC status page, status as at 2026-11-25)")]


def test_the_same_page_again_changes_nothing_and_exits_0(server, run, att):
    url = server.serve("/page", ok(with_new_deposit()))
    assert run("--url", url, "--exit-code").exit_code == 3
    before = att.read_bytes()
    again = run("--url", url, "--exit-code")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Nothing new in UNTC status page")
    assert att.read_bytes() == before


def test_a_dry_run_reports_the_change_with_exit_3_and_writes_nothing(server, run, att):
    before = att.read_bytes()
    result = run("--url", server.serve("/page", ok(with_new_deposit())), "--dry-run",
                 "--exit-code")
    assert result.exit_code == 3 and "Would import" in result.stdout
    assert "+      - {type: ratification, date: 2026-11-25" in result.stdout  # the diff
    assert att.read_bytes() == before


def test_without_exit_code_a_change_exits_0(server, run):
    assert run("--url", server.serve("/page", ok(with_new_deposit()))).exit_code == 0


def test_json_names_the_address_and_whether_the_file_changed(server, run):
    url = server.serve("/page", ok(with_new_deposit()))
    data = json.loads(run("--url", url, "--format", "json").stdout)
    assert data["url"] == url and data["changed"] is True and data["written"] is True
    assert data["not_modified"] is False
    assert [a["code"] for a in data["import"]["added"]] == ["ZWE"]
    assert data["import"]["data_as_of"] == "2026-11-25"


def test_the_address_comes_from_status_url(server, cli, att):
    url = server.serve("/treaty", ok(with_new_deposit()))
    text = att.read_text(encoding="utf-8")
    old = text[text.index("  status_url:"):].split("\n", 1)[0]
    att.write_text(text.replace(old, f'  status_url: "{url}"'), encoding="utf-8")
    result = cli("--data", str(att), "--today", TODAY, "sync", "--exit-code")
    assert result.exit_code == 3, result.output
    assert server.requests[0]["path"] == "/treaty"


def test_requests_name_ratify_and_ask_for_gzip(server, run):
    run("--url", server.serve("/page", ok(ATT_PAGE)))
    sent = server.requests[0]
    assert sent["User-Agent"].startswith("ratify/") and sent["Accept-Encoding"] == "gzip"
    assert "If-None-Match" not in sent  # nothing remembered yet


def test_gzip_is_inflated(server, run, att):
    page = gzip.compress(with_new_deposit())
    result = run("--url", server.serve("/page", ok(page, **{"Content-Encoding": "gzip"})),
                 "--exit-code")
    assert result.exit_code == 3, result.output
    assert store.load(str(att)).data_as_of.isoformat() == "2026-11-25"


def test_the_charset_of_the_header_wins_over_the_meta_tag(server, run, att):
    """The page re-encoded as ISO-8859-1 (its <meta> still says utf-8): Côte d'Ivoire is read
    right only if the header's charset is used."""
    latin = with_new_deposit().decode("utf-8").encode("iso-8859-1", "xmlcharrefreplace")
    assert "Côte d'Ivoire".encode("iso-8859-1") in latin and b"charset=utf-8" in latin
    url = server.serve("/page", ok(latin, **{"Content-Type": "text/html; charset=ISO-8859-1"}))
    data = json.loads(run("--url", url, "--format", "json").stdout)
    assert data["import"]["unmatched"] == [] and [a["code"] for a in data["import"]["added"]] \
        == ["ZWE"]


def test_the_meta_charset_is_used_when_the_header_has_none(server, run):
    latin = with_new_deposit().decode("utf-8").replace("charset=utf-8", "charset=iso-8859-1")
    latin = latin.encode("iso-8859-1", "xmlcharrefreplace")
    url = server.serve("/page", ok(latin, **{"Content-Type": "text/html"}))
    data = json.loads(run("--url", url, "--format", "json").stdout)
    assert data["import"]["unmatched"] == [] and data["changed"] is True


def test_redirects_are_followed(server, run):
    server.serve("/a", (301, {"Location": "/b"}, b""))
    server.serve("/b", (302, {"Location": server.url("/page")}, b""))
    server.serve("/page", ok(with_new_deposit()))
    result = run("--url", server.url("/a"), "--exit-code")
    assert result.exit_code == 3, result.output
    assert [r["path"] for r in server.requests] == ["/a", "/b", "/page"]


def test_a_5xx_answer_is_tried_again(server, run):
    url = server.serve("/page", (500, {}, b"oops"), (503, {}, b"busy"), ok(with_new_deposit()))
    result = run("--url", url, "--exit-code")
    assert result.exit_code == 3, result.output
    assert len(server.requests) == 3


def test_a_304_means_up_to_date_and_writes_nothing(server, run, att):
    url = server.serve("/page", ok(with_new_deposit(), ETag='"v1"',
                                   **{"Last-Modified": "Wed, 25 Nov 2026 10:00:00 GMT"}))
    assert run("--url", url).exit_code == 0
    server.serve("/page", (304, {"ETag": '"v1"'}, b""))
    before = att.read_bytes()
    result = run("--url", url, "--exit-code")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Up to date:") and "304" in result.stdout
    assert server.requests[-1]["If-None-Match"] == '"v1"'
    assert server.requests[-1]["If-Modified-Since"] == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert att.read_bytes() == before


def test_validators_are_not_sent_once_the_file_has_changed(server, run, att):
    url = server.serve("/page", ok(with_new_deposit(), ETag='"v1"'))
    assert run("--url", url).exit_code == 0
    run("--url", url)
    assert server.requests[-1]["If-None-Match"] == '"v1"'  # the control: remembered
    att.write_text(att.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # edited since
    run("--url", url)
    assert "If-None-Match" not in server.requests[-1]


def test_with_the_cache_off_every_request_is_unconditional(server, run, monkeypatch):
    monkeypatch.setenv("RATIFY_CACHE_DIR", "off")
    url = server.serve("/page", ok(with_new_deposit(), ETag='"v1"'))
    run("--url", url)
    run("--url", url)
    assert [("If-None-Match" in r) for r in server.requests] == [False, False]


def test_a_dry_run_never_makes_the_next_sync_conditional(server, run):
    url = server.serve("/page", ok(with_new_deposit(), ETag='"v1"'))
    assert run("--url", url, "--dry-run").exit_code == 0
    run("--url", url)
    assert "If-None-Match" not in server.requests[-1]  # the file did not take the page
    run("--url", url)
    assert server.requests[-1]["If-None-Match"] == '"v1"'  # it has now


def test_proxies_from_the_environment_are_used_but_never_for_this_machine(server, run,
                                                                          monkeypatch):
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTPS_PROXY",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)   # only the proxies this test sets
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens on port 9
    monkeypatch.setenv("NO_PROXY", "")
    assert run("--url", server.serve("/page", ok(ATT_PAGE))).exit_code == 0
    for local in ("http://localhost:8000/x", "http://localhost.:8000/", "http://127.0.0.2/",
                  "http://0.0.0.0/", "http://[::1]:80/", "http://a.localhost/"):
        assert download.is_local(local), local
    assert not download.is_local("https://treaties.un.org/x")
    assert not download.is_local("http://10.0.0.1/")
    # a remote address goes through the proxy: here the proxy is the local server itself
    monkeypatch.setenv("HTTP_PROXY", server.base)
    server.serve("http://treaties.example/page", ok(with_new_deposit()))
    page = download.fetch("http://treaties.example/page", timeout=5, max_bytes=10**7)
    assert page.status == 200 and server.requests[-1]["path"] == "http://treaties.example/page"


# -- the refusals: one line, exit 1, the file byte-identical ---------------------------------------


def refused(run, att, *args: str, says: str):
    before = att.read_bytes()
    result = run(*args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ratify: ") and says in lines[0], lines
    assert "Traceback" not in result.output
    assert att.read_bytes() == before
    return lines[0]


def test_the_maintenance_page_served_with_200_is_refused(server, run, att):
    line = refused(run, att, "--url", server.serve("/page", ok(MAINTENANCE)),
                   says="is not a UNTC status page")
    assert "maintenance" in line and "ratify import FILE" in line


def test_a_page_of_another_treaty_is_refused(server, run, att):
    refused(run, att, "--url", server.serve("/page", ok(TPNW_PAGE)),
            says="is the status page of UNTC XXVI-9, but this data file is UNTC XXVI-8")


def test_half_the_rows_is_refused_by_the_pages_own_counts(server, run, att):
    refused(run, att, "--url", server.serve("/page", ok(with_half_the_rows())),
            says="it says 130 signatories and 117 parties, but its table shows")


def test_half_the_rows_without_counts_is_refused_as_drift(server, run, att):
    line = refused(run, att, "--url", server.serve(
        "/page", ok(with_half_the_rows(counts_line=False))), says="does not look like a whole")
    assert "the file holds" in line and "the depositary confirmed" in line


def test_a_missing_participant_is_drift_even_when_the_count_is_right(server, run, att):
    text = ATT_PAGE.decode("utf-8").replace("<td>Zambia<br>", "<td>Zembla<br>")
    text = text.replace("Signatories :", "Signed :")
    line = refused(run, att, "--url", server.serve("/page", ok(text.encode())),
                   says="not in its table (Zambia)")
    assert "aliases" in line


def test_a_column_that_cannot_be_read_is_refused(server, run, att):
    text = ATT_PAGE.decode("utf-8").replace("Signatories :", "Signed :")
    header = text.index(">Participant<br></td>")
    cell = text.index("</tr>", header)
    text = text[:cell] + "<td>Remarks<br></td>" + text[cell:]
    refused(run, att, "--url", server.serve("/page", ok(text.encode())),
            says="cannot be read")


def test_a_page_without_a_status_date_is_refused(server, run, att):
    text = ATT_PAGE.decode("utf-8").replace("STATUS AS AT", "SHOWN ON")
    refused(run, att, "--url", server.serve("/page", ok(text.encode())),
            says="no `STATUS AS AT` date")


def test_a_page_dated_after_today_is_refused(server, run, att):
    text = with_new_deposit().decode("utf-8").replace("25-11-2026", "25-12-2026")
    refused(run, att, "--url", server.serve("/page", ok(text.encode())), says="after today")


def test_404_is_refused_at_once(server, run, att):
    refused(run, att, "--url", server.url("/nothing"), says="HTTP 404")
    assert len(server.requests) == 1


def test_5xx_three_times_gives_up_after_three_tries(server, run, att):
    refused(run, att, "--url", server.serve("/page", (500, {}, b"")), says="HTTP 500")
    assert len(server.requests) == download.TRIES == 3


@pytest.mark.parametrize("answer, timeout, says", [
    ("hang", "0.3", "no answer"),                        # never answers
    ("trickle", "0.3", "no answer within 0.3 s"),        # a byte of body at a time
    ("slow-headers", "0.5", "no answer within 0.5 s (3 tries)"),  # a header line at a time
])
def test_a_slow_server_is_cut_off_by_the_deadline(server, run, att, answer, timeout, says):
    start = time.monotonic()
    refused(run, att, "--url", server.serve("/page", answer), "--timeout", timeout, says=says)
    assert time.monotonic() - start < 10  # 3 tries, far below this test's own time


def test_a_truncated_body_is_refused(server, run, att):
    refused(run, att, "--url", server.serve("/page", "truncate"), says="cut off")
    assert len(server.requests) == 3  # retried, like a dropped connection


def test_a_redirect_loop_is_refused(server, run, att):
    url = server.serve("/loop", (302, {"Location": "/loop"}, b""))
    refused(run, att, "--url", url, says="redirect")


def test_more_than_five_redirects_is_refused(server, run, att):
    for i in range(7):
        server.serve(f"/r{i}", (302, {"Location": f"/r{i + 1}"}, b""))
    refused(run, att, "--url", server.url("/r0"), says="too many redirects")
    assert len(server.requests) == 6


def test_a_redirect_to_another_scheme_is_refused(server, run, att):
    url = server.serve("/page", (302, {"Location": "file:///etc/passwd"}, b""))
    refused(run, att, "--url", url, says="only http(s) is followed")


def test_a_page_above_the_size_cap_is_refused(server, run, att, monkeypatch):
    monkeypatch.setattr(store, "MAX_BYTES", 50_000)
    refused(run, att, "--url", server.serve("/page", ok(ATT_PAGE)), says="50,000 bytes")


def test_a_gzip_bomb_is_refused_at_the_cap(server, run, att, monkeypatch):
    monkeypatch.setattr(store, "MAX_BYTES", 1_000_000)
    bomb = gzip.compress(b"<html>" + b" " * 5_000_000)
    assert len(bomb) < 1_000_000
    refused(run, att, "--url", server.serve("/page", ok(bomb, **{"Content-Encoding": "gzip"})),
            says="inflates to more than 1,000,000 bytes")


def test_corrupt_gzip_is_refused(server, run, att):
    refused(run, att, "--url", server.serve("/page", ok(b"\x1f\x8bnot gzip",
                                                        **{"Content-Encoding": "gzip"})),
            says="corrupt")


def test_a_page_that_is_not_html_is_refused(server, run, att):
    refused(run, att, "--url", server.serve("/page", ok(b"%PDF-1.4",
                                                        **{"Content-Type": "application/pdf"})),
            says="not an HTML page")


def test_a_wrong_charset_declaration_is_refused(server, run, att):
    latin = ATT_PAGE.decode("utf-8").encode("iso-8859-1", "xmlcharrefreplace")
    refused(run, att, "--url", server.serve("/page", ok(latin, **{
        "Content-Type": "text/html; charset=utf-8"})), says="not valid utf-8 text")


def test_no_network_says_so_and_suggests_import(server, run, att, monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    line = refused(run, att, "--url", "https://treaties.un.org/Pages/x", says="cannot look up "
                   "treaties.un.org (no network, or a DNS failure)")
    assert "ratify import FILE" in line


def test_a_refused_connection_is_tried_three_times(run, att):
    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused(run, att, "--url", f"http://127.0.0.1:{port}/", says="(3 tries)")


def test_the_packaged_file_is_refused_before_any_download(server, cli):
    result = cli("--treaty", "att", "--today", TODAY, "sync", "--url", server.url("/page"))
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert server.requests == []


def test_a_file_without_an_address_says_how_to_give_one(cli, tmp_path):
    text = (TREATIES / "att.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.split("\n")
             if not line.startswith(("  status_url:", "  reference:"))]
    path = tmp_path / "mine.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("--data", str(path), "--today", TODAY, "sync")
    assert result.exit_code == 1 and "no treaty.status_url" in result.stderr
    assert "pass --url" in result.stderr


@pytest.mark.parametrize("url", ["ftp://example.org/x", "javascript:alert(1)", "treaties.un.org"])
def test_a_url_that_is_not_http_is_a_usage_error(run, url):
    result = run("--url", url)
    assert result.exit_code == 2 and "not an http:// or https:// address" in result.stderr


def test_a_bad_status_url_in_the_file_names_its_line(cli, att):
    text = att.read_text(encoding="utf-8")
    old = text[text.index("  status_url:"):].split("\n", 1)[0]
    att.write_text(text.replace(old, '  status_url: "javascript:alert(1)"'), encoding="utf-8")
    result = cli("--data", str(att), "--today", TODAY, "sync")
    assert result.exit_code == 1 and "att.yaml:" in result.stderr
    assert "treaty.status_url must be an http:// or https:// address" in result.stderr


# -- the library's small pieces ----------------------------------------------------------------


@pytest.mark.parametrize("reference, url", [
    ("UNTC XVIII-16", "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no="
     "XVIII-16&chapter=18&clang=_en"),
    ("UNTC XXVII-7-a", "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no="
     "XXVII-7-a&chapter=27&clang=_en"),
    ("UNTC IV-15", "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no="
     "IV-15&chapter=4&clang=_en"),
    ("UNTC IX-4", "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no="
     "IX-4&chapter=9&clang=_en"),
    ("CETS 185", None), ("UNTC", None), ("UNTC XQ-1", None), ("UNTC XVIII-16&x=1", None),
    (None, None)])
def test_the_untc_address_is_derived_from_the_reference(reference, url):
    assert sync.derived_url(reference) == url


def test_every_bundled_untc_file_names_its_status_page():
    for path in [ROOT / "data" / "states.yaml", *sorted(TREATIES.glob("*.yaml"))]:
        treaty = store.load(str(path))
        assert treaty.status_url == sync.derived_url(treaty.reference), path.name


@pytest.mark.parametrize("head, charset", [
    (b'<meta charset="windows-1252">', "windows-1252"),
    (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>", "iso-8859-1"),
    (b'<meta name="x"><meta charset=utf-8>', "utf-8"),
    (b'<meta name="description" content="charset">', None),
    (b"<p>charset=utf-8</p>", None)])
def test_the_meta_charset_is_found_as_browsers_find_it(head, charset):
    assert sync.meta_charset(b"<html><head>" + head + b"</head>") == charset


def test_a_remembered_validator_that_is_not_a_header_is_never_sent():
    assert download.header_safe('"v1"') == '"v1"'
    assert download.header_safe('"v1"\r\nX-Evil: 1') is None
    assert download.header_safe(7) is None and download.header_safe("x" * 300) is None


def test_importing_the_http_client_waits_for_sync():
    import subprocess
    import sys
    code = ("import sys, ratify.cli; from ratify.cli import app; "
            "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


# -- what a fresh-eye review found ---------------------------------------------------------------


@pytest.mark.parametrize("charset, says", [
    ("base64", "not a text encoding"), ("rot13", "not a text encoding"),
    ("x-nonsense", "not a text encoding"), ("undefined", "not valid undefined text")])
def test_a_charset_that_is_not_a_text_encoding_is_refused(server, run, att, charset, says):
    refused(run, att, "--url", server.serve("/page", ok(ATT_PAGE, **{
        "Content-Type": f"text/html; charset={charset}"})), says=says)


def test_a_non_ascii_byte_in_the_meta_charset_is_no_traceback(server, run, att):
    page = ATT_PAGE.replace(b"charset=utf-8", b"charset=utf\xaa8", 1)
    url = server.serve("/page", ok(page, **{"Content-Type": "text/html"}))
    assert sync.meta_charset(page) == "utf"  # Python's alias of UTF-8: the \xaa is invalid
    refused(run, att, "--url", url, says="not valid utf text")


def test_windows_1252_reads_its_undefined_bytes_as_browsers_do(server, run):
    latin = with_new_deposit().decode("utf-8").encode("iso-8859-1", "xmlcharrefreplace")
    latin = latin.replace(b"</body>", b"<p>\x81\x8d</p></body>", 1)
    url = server.serve("/page", ok(latin, **{"Content-Type": "text/html; charset=ISO-8859-1"}))
    data = json.loads(run("--url", url, "--format", "json").stdout)
    assert data["changed"] is True and data["import"]["unmatched"] == []


def test_a_uri_header_cannot_redirect_to_ftp(server, run, att):
    with socket.socket() as listener:   # an "FTP server" that records any connection
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.2)
        target = f"ftp://127.0.0.1:{listener.getsockname()[1]}/x"
        refused(run, att, "--url", server.serve("/page", (302, {"URI": target}, b"")),
                says="only http(s) is followed")
        with pytest.raises(TimeoutError):
            listener.accept()


def test_a_redirect_without_a_location_says_so(server, run, att):
    refused(run, att, "--url", server.serve("/page", (302, {}, b"")),
            says="answered HTTP 302 without a Location")


def test_a_304_to_an_unconditional_request_says_so(server, run, att):
    refused(run, att, "--url", server.serve("/page", (304, {}, b"")),
            says="304 Not Modified to a request that was not conditional")


def test_an_answer_that_is_not_http_is_final(server, run, att):
    refused(run, att, "--url", server.serve("/page", "many-headers"), says="not valid HTTP")
    assert len(server.requests) == 1  # not tried again: it would not get better


def test_an_address_with_credentials_is_refused_before_any_request(server, run, cli, att):
    url = server.url("/page").replace("http://", "http://user:secret@")
    result = run("--url", url)
    assert result.exit_code == 2 and "carries a user or password" in result.stderr
    text = att.read_text(encoding="utf-8")
    old = text[text.index("  status_url:"):].split("\n", 1)[0]
    att.write_text(text.replace(old, f'  status_url: "{url}"'), encoding="utf-8")
    refused(lambda *a: cli("--data", str(att), "--today", TODAY, "sync", *a), att,
            says="carries a user or password")
    assert server.requests == []


def test_a_file_without_a_reference_cannot_check_the_page(server, cli, att):
    text = att.read_text(encoding="utf-8")
    att.write_text("\n".join(line for line in text.split("\n")
                             if not line.startswith("  reference:")), encoding="utf-8")
    before = att.read_bytes()
    result = cli("--data", str(att), "--today", TODAY, "sync", "--url",
                 server.serve("/page", ok(with_new_deposit())))
    assert result.exit_code == 1 and "has no treaty.reference" in result.stderr
    assert att.read_bytes() == before
