"""Load a local HTML file in headless Chromium: the DOM after scripts ran, console and network.

Used by the report's browser tests and by the optional ``report_screenshot`` rule. No
DevTools client is needed: ``--dump-dom`` gives the DOM after load, ``--enable-logging``
prints console messages (including Content-Security-Policy violations) to stderr and
``--log-net-log`` records every URL request the browser made.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

log = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background services (updates, sign-in, spell-check dictionaries) that the
# browser contacts regardless of the page; everything else counts as a page request.
BROWSER_HOSTS = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com", "googleusercontent.com")
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--enable-logging=stderr",
    "--v=0",
]


class BrowserMissing(RuntimeError):
    """Chromium is not installed; the fix is ``apt-get install chromium``."""


@dataclass
class PageLoad:
    """What the browser saw when loading one page."""

    dom: str
    console: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    @property
    def page_requests(self) -> list[str]:
        """Requested URLs other than the page's own file and Chromium's background services."""
        out = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("file", "data", "about", "chrome", "blob"):
                continue
            host = parsed.hostname or ""
            if any(host == h or host.endswith("." + h) for h in BROWSER_HOSTS):
                continue
            out.append(url)
        return out

    @property
    def console_problems(self) -> list[str]:
        """Console errors, uncaught exceptions and CSP violations."""
        bad = re.compile(r"error|uncaught|violates|refused|blocked|failed", re.IGNORECASE)
        return [line for line in self.console if bad.search(line)]


def chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def _run(args: list[str], timeout: int) -> subprocess.CompletedProcess[str]:
    exe = chromium_path()
    if exe is None:
        raise BrowserMissing("chromium not found at /usr/bin/chromium; apt-get install chromium")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=timeout)


def load(
    html: str | Path,
    *,
    timeout: int = 120,
    size: tuple[int, int] | None = None,
    fragment: str = "",
) -> PageLoad:
    """Open ``html`` from disk headless (in a window of ``size`` pixels, at ``#fragment``, if
    given: the page's scripts see it as a reader's link gives it) and return the DOM, console
    lines and requested URLs."""
    url = Path(html).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    window = [f"--window-size={size[0]},{size[1]}"] if size else []
    with tempfile.TemporaryDirectory(prefix="sourcebook-chromium-") as tmp:
        netlog = Path(tmp) / "net.json"
        proc = _run(
            [
                *_FLAGS,
                *window,
                f"--user-data-dir={tmp}/profile",
                f"--log-net-log={netlog}",
                "--dump-dom",
                url,
            ],
            timeout,
        )
        urls = sorted(set(re.findall(r'"url":"([^"]*)"', _read(netlog))))
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    if proc.returncode != 0:
        log.warning("chromium exited with %s: %s", proc.returncode, proc.stderr[-2000:])
    return PageLoad(dom=proc.stdout, console=console, urls=urls)


def screenshot(
    html: str | Path, png: str | Path, *, size: tuple[int, int] = (1400, 2000), timeout: int = 120
) -> Path:
    """A PNG of the top of the page (``size`` pixels) written to ``png``."""
    out = Path(png).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sourcebook-chromium-") as tmp:
        _run(
            [
                *_FLAGS,
                f"--user-data-dir={tmp}/profile",
                "--hide-scrollbars",
                f"--window-size={size[0]},{size[1]}",
                f"--screenshot={out}",
                Path(html).resolve().as_uri(),
            ],
            timeout,
        )
    if not out.exists():
        raise RuntimeError(f"chromium wrote no screenshot to {out}")
    return out


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    # the net log is JSON, but Chromium may leave it unterminated when it exits
    return text if text else json.dumps({})
