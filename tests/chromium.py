"""Headless Chromium with the network blocked, for the report's browser tests and for
docs/screenshot.py: every request the browser makes goes to a recording proxy on 127.0.0.1
(which answers 403 and remembers the request line), and host names resolve to nothing.

No driver library: Chromium's own `--dump-dom` gives the DOM after the page loaded and
`--screenshot` a PNG, which is all these tests need.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socketserver
import subprocess
import tempfile
import threading

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
         "--mute-audio", "--no-default-browser-check",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
TIMEOUT = 120
#: the browser's own services, which Chromium calls at start-up whatever the page (network
#: time, sign-in, the search engine's preconnect) and no flag silences: never the page's
BROWSER_HOSTS = re.compile(r"(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$")


def find() -> str | None:
    """The Chromium (or Chrome) binary on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class RecordingProxy(socketserver.ThreadingTCPServer):
    """An HTTP proxy on 127.0.0.1 that serves nothing: it records each request line (CONNECT
    host:443 for https) and answers 403."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self):
        with contextlib.suppress(OSError):
            line = self.rfile.readline(4096).decode("latin-1").strip()
            self.server.requests.append(line or "(connection)")
            self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")


def host(request_line: str) -> str:
    """The host a proxied request was for: 'CONNECT h:443 ...' or 'GET http://h/... ...'."""
    parts = request_line.split()
    target = parts[1] if len(parts) > 1 else ""
    if "://" in target:
        target = target.split("://", 1)[1].split("/", 1)[0]
    return target.rsplit(":", 1)[0] if ":" in target else target


def page_requests(requests: list[str]) -> list[str]:
    """The requests the page made: all but those to the browser's own services."""
    return [r for r in requests if not BROWSER_HOSTS.search(host(r))]


@contextlib.contextmanager
def recording_proxy():
    proxy = RecordingProxy()
    proxy.thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()


def run(binary: str, url: str, *args: str, proxy: str) -> str:
    """Load `url` in a fresh profile with every request sent to `proxy`; the browser's
    stdout (the DOM, with --dump-dom)."""
    with tempfile.TemporaryDirectory() as profile:
        argv = [binary, *FLAGS, f"--user-data-dir={profile}", f"--proxy-server={proxy}",
                "--proxy-bypass-list=<-loopback>", *args, url]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT,
                              env={**os.environ, "LANG": "en_US.UTF-8"},
                              stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def screenshot(binary: str, url: str, target: str, width: int, height: int, *,
               proxy: str, dark: bool = False) -> None:
    """A PNG of the page at `width` x `height` CSS pixels."""
    extra = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if dark else []
    run(binary, url, f"--screenshot={target}", f"--window-size={width},{height}", *extra,
        proxy=proxy)


def png_size(path: str) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    with open(path, "rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
