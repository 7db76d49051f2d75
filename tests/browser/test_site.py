"""The static course site: every page loads from disk, every chart shows, nothing leaves the machine."""

import re
from pathlib import Path

import pytest

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
SITE = Path(__file__).resolve().parents[2] / "_site"


def pages():
    if not (SITE / "index.html").exists():
        return []
    return sorted(SITE.rglob("*.html"))


def test_site_was_built():
    assert (SITE / "index.html").exists(), "build the site first: python3 tasks.py site"
    lessons = list((SITE / "notebooks").glob("*.html"))
    assert len(lessons) >= 1


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(SITE)))
def test_page_loads_offline_with_visible_described_charts(page, path):
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert page.title().strip(), f"{path.name} has no title"
    charts = page.locator("svg[role='img']")
    source = path.read_text(encoding="utf-8")
    expected = source.count('role="img" aria-label=')
    assert charts.count() == expected
    for i in range(charts.count()):
        chart = charts.nth(i)
        label = chart.get_attribute("aria-label") or ""
        assert label.strip(), f"{path.name}: chart {i} has no text description"
        box = chart.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 30, f"{path.name}: chart {i} is not visible"
    images = page.locator("img")
    for i in range(images.count()):
        assert (images.nth(i).get_attribute("alt") or "").strip(), f"{path.name}: an image lacks alt text"
    for link in re.findall(r'href="([^"#]+\.html)', source):
        if not link.startswith("http"):
            assert (path.parent / link).resolve().exists(), f"{path.name}: broken link {link}"
    assert page.request_log.external() == [], (
        f"{path.name}: requests left the machine: {page.request_log.external()[:5]}"
    )
    if path.parent.name == "notebooks" and path.name.startswith(("00", "02")):
        page.screenshot(path=str(ARTIFACTS / f"site-{path.stem}.png"), full_page=False)
