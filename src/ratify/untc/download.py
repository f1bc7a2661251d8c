"""Download one web page for `ratify sync`, carefully: the standard library's urllib, nothing more.

- a timeout per try, on connecting and on the whole answer: status line, headers and body (a
  server that trickles bytes is cut off when the time is up);
- up to `TRIES` tries, with `BACKOFF` seconds between them, on connection errors, timeouts,
  bodies cut short and 5xx answers; any other HTTP error is final at once;
- redirects followed, at most `MAX_REDIRECTS`, only to http(s) addresses (no file, ftp or data
  handler is even installed);
- gzip asked for and inflated (never past the size cap), the size cap on what is read;
- proxies from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), never for this machine;
- conditional requests: the ETag and Last-Modified of an earlier download sent back, and
  "304 Not Modified" returned as such.

The body is bytes; the charset the server declares is returned beside it (the caller decodes).
Errors are DownloadError: one line saying what failed and where.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass

from .. import __version__
from ..errors import DownloadError, Hint, Remedy

TRIES = 3
BACKOFF = (1.0, 2.0)         # seconds before the second and the third try
MAX_REDIRECTS = 5
USER_AGENT = f"ratify/{__version__} (treaty status tracker; python-urllib)"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Validators:
    """What a server said identifies its page's version, to be sent back next time."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Page:
    status: int                     # 200, or 304 (not modified since the validators)
    url: str                        # after redirects
    body: bytes = b""
    charset: str | None = None      # as the Content-Type header declares it
    content_type: str | None = None
    validators: Validators = Validators()


class _Retry(Exception):
    """A failure worth another try; its text says what happened."""


def header_safe(value, limit: int = 256) -> str | None:
    """`value` when it may be sent back as a header (printable ASCII, short), else None."""
    if isinstance(value, str) and 0 < len(value) <= limit and \
            all(" " <= ch <= "~" for ch in value):
        return value
    return None


def is_local(url: str) -> bool:
    """Whether `url` names this machine (never reached through a proxy)."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


class _Deadline:
    """Shuts every connection of one try down when its time is up: a server that sends its
    status line, headers or body a byte at a time is cut off all the same."""

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True
        self._timer.start()

    def expire(self) -> None:
        self.expired = True
        for sock in self.sockets:
            self._shut(sock)

    def watch(self, sock: socket.socket) -> None:
        self.sockets.append(sock)
        if self.expired:
            self._shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _watched(connection_class, deadline: _Deadline):
    class Watched(connection_class):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)
    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req,
                            context=self._context)


class _Proxies(urllib.request.ProxyHandler):
    """The environment's proxies, decided per request: never for this machine."""

    def proxy_open(self, req, proxy, type):
        if is_local(req.full_url):
            return None     # the next handler opens it directly
        return super().proxy_open(req, proxy, type)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI")
        if not location:
            fp.close()
            raise DownloadError(f"{req.full_url} answered HTTP {code} without a Location to "
                                "go to")
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, location)).scheme
        if scheme.lower() not in ("http", "https"):
            fp.close()
            raise DownloadError(f"{req.full_url} redirects to a {scheme[:10] or 'blank'}: "
                                "address; only http(s) is followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """http(s) only: no file, ftp or data handler is installed."""
    opener = urllib.request.OpenerDirector()
    for handler in (_Proxies(urllib.request.getproxies()), urllib.request.UnknownHandler(),
                    _HTTP(deadline), _HTTPS(deadline),
                    urllib.request.HTTPDefaultErrorHandler(), _Redirects(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _request(url: str, validators: Validators | None) -> urllib.request.Request:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml",
               "Accept-Encoding": "gzip"}
    if validators and header_safe(validators.etag):
        headers["If-None-Match"] = validators.etag
    if validators and header_safe(validators.last_modified):
        headers["If-Modified-Since"] = validators.last_modified
    return urllib.request.Request(url, headers=headers)


def fetch(url: str, *, timeout: float, max_bytes: int,
          validators: Validators | None = None, sleep=time.sleep) -> Page:
    """The page at `url` (or its 304), after at most TRIES tries."""
    last = ""
    for attempt in range(TRIES):
        if attempt:
            sleep(BACKOFF[min(attempt, len(BACKOFF)) - 1])
        deadline = _Deadline(timeout)
        try:
            return _try(url, timeout, max_bytes, validators, deadline)
        except _Retry as exc:
            last = f"no answer within {timeout:g} s" if deadline.expired else str(exc)
        finally:
            deadline.cancel()
    tries = f"{TRIES} tries" if TRIES > 1 else "1 try"
    raise DownloadError(f"cannot download {url}: {last} ({tries})",
                        hint=Hint(Remedy.import_saved_page))


def _try(url: str, timeout: float, max_bytes: int, validators: Validators | None,
         deadline: _Deadline) -> Page:
    """One request; _Retry for what another try may cure, DownloadError for the rest."""
    try:
        with _opener(deadline).open(_request(url, validators), timeout=timeout) as response:
            body = _read(response, max_bytes, url)
            headers = response.headers
            encoding = (headers.get("Content-Encoding") or "").strip().lower()
            if deadline.expired:    # what came before the cut-off is not the page
                raise _Retry("no answer in time")
            page = Page(response.status, response.geturl(), body,
                        headers.get_content_charset(), headers.get_content_type(),
                        Validators(header_safe(headers.get("ETag")),
                                   header_safe(headers.get("Last-Modified"))))
    except urllib.error.HTTPError as exc:
        return _http_error(exc, url, validators)
    except urllib.error.URLError as exc:
        _connection_error(exc.reason, url, deadline)
    except TimeoutError:
        raise _Retry(f"no answer within {timeout:g} s") from None
    except (http.client.IncompleteRead, http.client.RemoteDisconnected):
        raise _Retry("the page was cut off before its end") from None
    except http.client.HTTPException as exc:
        if deadline.expired:
            raise _Retry("no answer in time") from None
        raise DownloadError(f"{url}: the server's answer is not valid HTTP "
                            f"({type(exc).__name__}); nothing written") from None
    except (ConnectionError, OSError) as exc:
        raise _Retry(f"the connection failed ({type(exc).__name__})") from None
    return Page(page.status, page.url, _inflate(page.body, encoding, max_bytes, url),
                page.charset, page.content_type, page.validators)


def _read(response, max_bytes: int, url: str) -> bytes:
    """The whole body, refused past the cap, checked for truncation."""
    parts, size = [], 0
    while True:
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise DownloadError(f"{url} is more than {max_bytes:,} bytes; is this really a "
                                "status page?")
        parts.append(chunk)
    expected = response.headers.get("Content-Length")
    if expected and expected.strip().isdigit() and int(expected) != size:
        raise http.client.IncompleteRead(b"".join(parts), int(expected) - size)
    return b"".join(parts)


def _inflate(body: bytes, encoding: str, max_bytes: int, url: str) -> bytes:
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip"):
        raise DownloadError(f"{url} came with Content-Encoding {encoding[:30]!r}, which "
                            "ratify did not ask for")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        raise DownloadError(f"{url}: the gzip-compressed page is corrupt") from None
    if len(data) > max_bytes:
        raise DownloadError(f"{url} inflates to more than {max_bytes:,} bytes; is this really "
                            "a status page?")
    if not inflater.eof:
        raise DownloadError(f"{url}: the gzip-compressed page is cut off before its end")
    return data


def _http_error(exc: urllib.error.HTTPError, url: str, validators: Validators | None) -> Page:
    code, loop = exc.code, str(exc.msg).startswith(urllib.request.HTTPRedirectHandler.inf_msg)
    exc.close()
    if code == 304 and validators is not None:
        return Page(304, url, validators=validators)
    if code == 304:
        raise DownloadError(f"{url} answered 304 Not Modified to a request that was not "
                            "conditional; nothing written", hint=Hint(Remedy.import_saved_page))
    if loop:
        raise DownloadError(f"{url}: too many redirects (more than {MAX_REDIRECTS}) or a "
                            "redirect loop", hint=Hint(Remedy.import_saved_page))
    reason = header_safe(str(exc.reason), 60) or ""
    if code >= 500:
        raise _Retry(f"the server answered HTTP {code} {reason}".rstrip())
    raise DownloadError(f"{url}: the server answered HTTP {code} {reason}".rstrip() +
                        "; nothing written", hint="check the address, or pass --url")


def _connection_error(reason, url: str, deadline: _Deadline):
    """URLError's reason: a DNS failure is final; a refused or reset connection is retried."""
    host = urllib.parse.urlsplit(url).hostname or url
    if deadline.expired:
        raise _Retry("no answer in time")
    if isinstance(reason, socket.gaierror):
        raise DownloadError(f"cannot look up {host} (no network, or a DNS failure); nothing "
                            "written", hint=Hint(Remedy.import_saved_page))
    if isinstance(reason, ssl.SSLError):
        raise DownloadError(f"{host}: the secure connection failed ({reason.reason or reason})",
                            hint=Hint(Remedy.import_saved_page))
    if isinstance(reason, TimeoutError):
        raise _Retry("no answer in time")
    raise _Retry(f"cannot connect to {host} ({type(reason).__name__})")
