"""Headless Chromium driven by Playwright, with every request recorded.

The browser is Debian's chromium (/usr/bin/chromium) unless POS_BROWSER (or
CHROME_PATH, which GitHub's Ubuntu runners set for their Google Chrome) names
another Chromium-based browser.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", ""}


DEFAULT_BROWSER = "/usr/bin/chromium"


def chromium_path():
    for name in ("POS_BROWSER", "CHROME_PATH"):
        value = os.environ.get(name, "").strip()
        if value:
            found = shutil.which(value) or (value if Path(value).exists() else None)
            if not found:
                pytest.fail(f"{name}={value} does not name a browser that exists")
            return found
    return shutil.which("chromium") or (DEFAULT_BROWSER if Path(DEFAULT_BROWSER).exists() else None)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.fail(
            "Chromium is not installed: apt-get install chromium, or set POS_BROWSER to a Chromium-based browser"
        )
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


class RequestLog:
    def __init__(self, page):
        self.urls = []
        self.failed = []
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(r.url))

    def external(self):
        out = []
        for url in self.urls:
            parts = urlparse(url)
            if parts.scheme in ("data", "blob", "about", "file", "chrome-extension"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.request_log = RequestLog(pg)
    yield pg
    context.close()
