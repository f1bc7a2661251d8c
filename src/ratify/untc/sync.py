"""`ratify sync`: bring a data file up to date from the depositary's status page.

The page is downloaded (`download.fetch`), decoded (the charset of the HTTP header wins over a
`<meta>` tag, as in browsers), parsed like a saved page (`tables.parse_html`) and merged exactly
as `ratify import` merges it (`merge.merge_into`: same report, conflicts policy and safe write).

A page is trusted only when it is a status page of this file's treaty, with a status date, whose
every column is read, whose own counts agree with its table, and which lists every participant
the file holds with a signature or instrument the depositary confirmed. Anything else is refused
and nothing is written: a public status site serves maintenance and error pages with HTTP 200,
and a half page would look like withdrawals.

The ETag and Last-Modified of the last sync that left the file matching the page are kept in
ratify's cache folder (datafile.cache), with a digest of the file as it was then; they are sent
back only while the file is still that file, so "304 Not Modified" always means "up to date".
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass

from ..datafile import cache, store
from ..errors import DownloadError, Hint, ImportFormatError, RefusedChange, Remedy
from ..model import CONSENT_TYPES, Treaty, is_web_address
from ..write.apply import refuse_packaged
from . import download, merge, tables

UNTC_PAGE = ("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={number}"
             "&chapter={chapter}&clang=_en")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
CONFIRMED = frozenset(CONSENT_TYPES) | {"signature", "definitive_signature"}
# what browsers decode these labels as (the WHATWG Encoding Standard)
BROWSER_CHARSETS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}
NOT_A_STATUS_PAGE = ("the site's maintenance, login or error page? nothing written")
# Windows-1252 as browsers decode it: the five bytes it leaves undefined stay C1 controls
WINDOWS_1252 = {i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0)
                if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def derived_url(reference: str | None) -> str | None:
    """The UNTC status page of `UNTC XVIII-16` style references; None for any other."""
    if not reference:
        return None
    head, _, number = reference.strip().partition(" ")
    number = number.strip()
    chapter = roman(number.split("-", 1)[0])
    if head.upper() != "UNTC" or chapter is None or "-" not in number or \
            not all(ch.isalnum() or ch == "-" for ch in number):
        return None
    return UNTC_PAGE.format(number=number, chapter=chapter)


def roman(text: str) -> int | None:
    """A chapter number in Roman numerals (I to C); None when `text` is not one."""
    if not text or not set(text) <= set(ROMAN) or len(text) > 10:
        return None
    values = [ROMAN[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and values[i + 1] > v else v
               for i, v in enumerate(values))


def status_address(treaty: Treaty, url: str | None, path: str) -> str:
    """--url, else `treaty.status_url`, else the page derived from `treaty.reference`."""
    address = url or treaty.status_url or derived_url(treaty.reference)
    if address is None:
        raise DownloadError("the data file has no treaty.status_url, and its reference is not a "
                            "UNTC number like `UNTC XVIII-16`", path=path,
                            hint="pass --url, or add treaty.status_url to the file")
    if not is_web_address(address):
        raise DownloadError(f"{address[:80]!r} is not an http(s) address", path=path,
                            hint="pass --url https://...")
    if has_credentials(address):
        raise DownloadError("the status address carries a user or password; ratify does not "
                            "send them (and would write them into every source)", path=path)
    return address


def has_credentials(address: str) -> bool:
    """Whether an http(s) address has a user[:password]@ part."""
    return "@" in address.partition("://")[2].split("/", 1)[0].split("?", 1)[0]


@dataclass
class SyncOutcome:
    url: str
    data_file: str
    not_modified: bool = False
    report: merge.ImportOutcome | None = None
    written: bool = False
    diff: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.diff)

    @property
    def warnings(self) -> list[str]:
        return self.report.plan.warnings if self.report else []

    def to_dict(self) -> dict:
        return {"url": self.url, "data_file": self.data_file, "not_modified": self.not_modified,
                "changed": self.changed, "written": self.written, "diff": self.diff,
                "import": self.report.to_dict() if self.report else None}

    def lines(self) -> list[str]:
        if self.report is not None:
            return self.report.lines()
        return [f"Up to date: {self.url} has not changed since the last sync (HTTP 304 Not "
                f"Modified); nothing written to {self.data_file}"]


def sync(path: str, *, url: str | None = None, today: dt.date, dry_run: bool = False,
         packaged: bool = False, timeout: float = 30.0, sleep=time.sleep) -> SyncOutcome:
    """Download the status page of the data file at `path` and merge it, or refuse it."""
    refuse_packaged(path, packaged, dry_run)
    before = store.read_bytes(path)
    address = status_address(store.load(path), url, path)
    sent = _remembered(address, path, before)
    page = download.fetch(address, timeout=timeout, max_bytes=store.MAX_BYTES,
                          validators=sent, sleep=sleep)
    if page.status == 304:
        return SyncOutcome(address, path, not_modified=True)
    if page.status != 200:
        raise DownloadError(f"{address}: the server answered HTTP {page.status}, not 200 with "
                            "the page; nothing written", hint=Hint(Remedy.import_saved_page))
    table = read_page(page, address)
    label = f"{address} (UNTC status page, status as at {table.data_as_of.isoformat()})"
    report = merge.merge_into(path, table, address, label, today=today, dry_run=dry_run,
                              packaged=packaged, vet=lambda treaty: vet(treaty, table, address))
    outcome = SyncOutcome(address, path, report=report, written=report.written,
                          diff=report.diff)
    plan = report.plan
    if (report.written or not report.diff) and not plan.conflicts and not plan.unmatched:
        _remember(address, path, store.read_bytes(path), page.validators)
    return outcome


def read_page(page: download.Page, address: str) -> tables.Table:
    """The page's participant table, refused unless it is a dated status page of a treaty."""
    if page.content_type not in (None, "text/html", "application/xhtml+xml"):
        raise DownloadError(f"{address} is not an HTML page (Content-Type "
                            f"{page.content_type[:40]}); nothing written",
                            hint=Hint(Remedy.import_saved_page))
    text = page_text(page.body, page.charset, address)
    try:
        table = tables.parse_html(text, address)
    except ImportFormatError as exc:
        raise DownloadError(f"{address} is not a UNTC status page ({exc.message}): "
                            + NOT_A_STATUS_PAGE, hint=Hint(Remedy.import_saved_page)) from None
    if table.data_as_of is None:
        raise DownloadError(f"{address} has a participant table but no `STATUS AS AT` date: "
                            + NOT_A_STATUS_PAGE, hint=Hint(Remedy.import_saved_page))
    if table.reference is None:
        raise DownloadError(f"{address} names no treaty number (mtdsg_no): it cannot be checked "
                            "against the data file; nothing written",
                            hint=Hint(Remedy.import_saved_page))
    return table


def page_text(body: bytes, declared: str | None, address: str) -> str:
    """The body decoded with the header's charset, else the page's `<meta>` one, else as a
    saved page is (UTF-8, else Windows-1252). Labels are read as browsers read them."""
    label = (declared or meta_charset(body) or "").strip()
    if not label:
        return tables.decode(body, address)
    name = BROWSER_CHARSETS.get(label.lower(), label)
    if not declared and name.lower().startswith("utf-16"):
        name = "utf-8"  # a <meta> tag cannot be read in UTF-16: browsers take UTF-8
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise DownloadError(f"{address} declares the charset {label[:30]!r}, which is not a "
                            "text encoding ratify knows; nothing written")
    try:
        if info.name == "cp1252":
            text = body.decode("latin-1").translate(WINDOWS_1252)
        else:
            text = body.decode("utf-8-sig" if info.name == "utf-8" else info.name)
    except UnicodeError as exc:
        line = body[:getattr(exc, "start", 0)].count(b"\n") + 1
        raise DownloadError(f"the page is not valid {label[:30]} text, as its charset says",
                            path=address, line=line) from None
    return tables.decode(text.encode("utf-8"), address)


def meta_charset(body: bytes) -> str | None:
    """The charset a `<meta charset=...>` or `<meta http-equiv content="...; charset=...">`
    tag names in the first 4 KB (as browsers look), or None."""
    head = body[:4096].lower()
    start = head.find(b"<meta")
    while start != -1:
        end = head.find(b">", start)
        tag = head[start:end if end != -1 else len(head)]
        at = tag.find(b"charset")
        if at != -1:
            rest = tag[at + len(b"charset"):].lstrip(b" \t\r\n")
            if rest.startswith(b"="):
                name = bytearray()
                for byte in rest[1:].lstrip(b" \t\r\n\"'")[:40]:
                    if not (byte < 0x80 and (chr(byte).isalnum() or chr(byte) in "-_.:")):
                        break
                    name.append(byte)
                if name:
                    return name.decode("ascii")
        start = head.find(b"<meta", start + 5)
    return None


def vet(treaty: Treaty, table: tables.Table, address: str) -> None:
    """Refuse a page whose table does not hold what the file already knows (drift); called
    after merge_into has checked that it is the page of this file's treaty (which needs the
    file's `reference`)."""
    if not treaty.reference:
        raise RefusedChange("the data file has no treaty.reference, so the page cannot be "
                            f"checked to be this treaty's (it is UNTC {table.reference}); "
                            "nothing written", path=treaty.path,
                            hint="add `reference: \"UNTC <number>\"` to the treaty")
    if table.ignored_columns:
        _drift(address, f"its column {tables.quote_short(table.ignored_columns[0])} cannot be "
               "read")
    if table.page_counts and tables.counts(table) != table.page_counts:
        shown = tables.counts(table)
        _drift(address, f"it says {table.page_counts['signatories']} signatories and "
               f"{table.page_counts['parties']} parties, but its table shows "
               f"{shown['signatories']} and {shown['parties']}")
    confirmed = [p for p in treaty.participants
                 if any(a.type in CONFIRMED and a.confidence == "depositary" for a in p.actions)]
    if len(table.rows) < len(confirmed):
        _drift(address, f"its table lists {len(table.rows)} participants, but the file holds "
               f"{len(confirmed)} with a signature or instrument the depositary confirmed")
    matched, _ = merge.match_rows(treaty, table)
    listed = {m.code for m in matched}
    missing = [p for p in confirmed if p.code not in listed]
    if missing:
        names = ", ".join(p.name for p in missing[:3]) + (" ..." if len(missing) > 3 else "")
        _drift(address, f"{len(missing)} participant(s) with depositary-confirmed actions in the "
               f"file are not in its table ({names}); if the page renamed them, add `aliases`")


def _drift(address: str, what: str):
    raise RefusedChange(f"{address} does not look like a whole status page: {what}; nothing "
                        "written", hint="open the page in a browser; if it is whole, save it "
                        "and run `ratify import FILE`, which reports instead of refusing")


# -- the validators of the last sync ------------------------------------------------------------


def _memory(address: str, path: str) -> cache.Identity:
    return cache.key("sync-validators\0" + address + "\0" + os.path.realpath(path), b"")


def _remembered(address: str, path: str, content: bytes) -> download.Validators | None:
    """The validators of the last sync, while the file is still as that sync left it."""
    value = cache.get(_memory(address, path))
    if not isinstance(value, dict) or value.get("file") != hashlib.sha256(content).hexdigest():
        return None
    found = download.Validators(download.header_safe(value.get("etag")),
                                download.header_safe(value.get("last_modified")))
    return found if found.etag or found.last_modified else None


def _remember(address: str, path: str, content: bytes, validators: download.Validators) -> None:
    if validators.etag or validators.last_modified:
        cache.put(_memory(address, path), {"file": hashlib.sha256(content).hexdigest(),
                                           "etag": validators.etag,
                                           "last_modified": validators.last_modified})
