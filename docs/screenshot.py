"""The README's pictures of `ratify report`: the Hanoi page rendered by headless Chromium, with
the network blocked, at 1280 px (docs/report.png) and 375 px (docs/report-375.png), and the
badge (docs/badge.svg). From the frozen Hanoi data the README's examples use
(tests/fixtures/hanoi-2026-02-23.yaml, today 2026-11-29), so the pictures only change when the
page does.

Run: python docs/screenshot.py        (needs Chromium: apt-get install chromium)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import chromium  # noqa: E402  (tests/chromium.py: the flags and the recording proxy)

DATA = ROOT / "tests" / "fixtures" / "hanoi-2026-02-23.yaml"
TODAY = "2026-11-29"
SHOTS = {"report.png": (1280, 1900), "report-375.png": (375, 1500)}


def ratify(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ratify", "--data", str(DATA), "--today", TODAY,
                    *args], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)


def main() -> None:
    binary = chromium.find()
    if binary is None:
        sys.exit("no Chromium on PATH (Debian: apt-get install chromium)")
    ratify("badge", "-o", str(ROOT / "docs" / "badge.svg"))
    with tempfile.TemporaryDirectory() as folder, chromium.recording_proxy() as proxy:
        page = Path(folder) / "hanoi.html"
        ratify("report", "-o", str(page))
        for name, (width, height) in SHOTS.items():
            target = ROOT / "docs" / name
            chromium.screenshot(binary, page.as_uri(), str(target), width, height,
                                proxy=proxy.address)
            print(f"{target.relative_to(ROOT)}: {width}×{height}")
        if chromium.page_requests(proxy.requests):
            sys.exit(f"the page requested {chromium.page_requests(proxy.requests)}")


if __name__ == "__main__":
    main()
