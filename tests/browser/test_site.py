"""The course site (python3 tasks.py site) opened from disk in headless Chromium.

Every page loads with no outside request, its charts are visible and described,
and axe-core finds no critical or serious accessibility violation; search works
from file://; navigation, download and launch links resolve or are well formed.
Screenshots go to test-artifacts/.
"""

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_site"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted(p.stem for p in (ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
SERIOUS = {"critical", "serious"}


def pages():
    if not (SITE / "index.html").exists():
        return []
    return sorted(SITE.rglob("*.html"))


def page_id(path):
    return str(path.relative_to(SITE))


class Links(HTMLParser):
    """Every <a>: its href, its class and the class of the nearest landmark it sits in."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag in ("nav", "aside", "div", "footer", "header", "main", "article", "section"):
            self.stack.append((tag, a.get("class") or ""))
        if tag == "a" and a.get("href") is not None:
            where = " ".join(c for _, c in self.stack)
            self.links.append(
                {
                    "href": a["href"],
                    "class": a.get("class") or "",
                    "where": where,
                    "download": "download" in a,
                    "data-launch": a.get("data-launch"),
                }
            )

    def handle_endtag(self, tag):
        if tag in ("nav", "aside", "div", "footer", "header", "main", "article", "section"):
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i]
                    break


def parse(path):
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def json_outputs_with_svg(page):
    """For a lesson or exercise page, the SVG outputs stored in its notebook (one count per output)."""
    if page.parent.name == "notebooks":
        source = ROOT / "notebooks" / f"{page.stem}.ipynb"
    elif page.parent.name == "exercises":
        return [0]  # learners' copies carry no outputs
    else:
        return [0]
    nb = json.loads(source.read_text(encoding="utf-8"))
    return [1 for cell in nb["cells"] for out in cell.get("outputs", []) if "image/svg+xml" in out.get("data", {})]


def local_target(page, href):
    """The file a relative link points at, or None for outside or same-page links."""
    parts = urlparse(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


def test_site_was_built():
    assert (SITE / "index.html").exists(), "build the site first: python3 tasks.py site"
    for stem in LESSONS:
        assert (SITE / "notebooks" / f"{stem}.html").exists(), f"lesson page missing: {stem}"
    for stem in EXERCISES:
        assert (SITE / "exercises" / f"{stem}.html").exists(), f"exercise page missing: {stem}"
    assert (SITE / "verdicts.html").exists()
    assert (SITE / "searchindex.js").exists(), "no search index"


@pytest.mark.parametrize("path", pages(), ids=page_id)
def test_page_loads_offline_accessible_with_described_charts(page, path):
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` in the course folder (.ci/run does)")
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert page.title().strip(), f"{page_id(path)} has no title"
    text = page.locator("body").inner_text()
    assert "Position of Strength" in text and "photo-op with Donald Trump" in text, (
        "course title or central question missing"
    )
    assert re.search(r"Data as of \d{1,2} \w+ \d{4}", text), "no 'Data as of' on the page"
    charts = page.locator("main img[src$='.svg']")
    stored = sum(json_outputs_with_svg(path))
    assert charts.count() == stored, f"{page_id(path)}: {charts.count()} charts shown, {stored} stored in the notebook"
    for i in range(charts.count()):
        chart = charts.nth(i)
        alt = (chart.get_attribute("alt") or "").strip()
        assert len(alt) > 20 and not alt.endswith(".svg"), (
            f"{page_id(path)}: chart {i} has no text description: {alt!r}"
        )
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 50"), (
            f"{page_id(path)}: chart {i} did not load"
        )
        box = chart.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 30, f"{page_id(path)}: chart {i} is not visible"
    images = page.locator("main img")
    for i in range(images.count()):
        assert images.nth(i).get_attribute("alt") is not None, f"{page_id(path)}: an image has no alt attribute"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v.get("impact") in SERIOUS
    ]
    assert not bad, f"{page_id(path)}: accessibility violations:\n" + "\n".join(bad)
    assert page.request_log.external() == [], (
        f"{page_id(path)}: requests left the machine: {page.request_log.external()[:5]}"
    )
    if path == SITE / "index.html":
        page.screenshot(path=str(ARTIFACTS / "site-index.png"), full_page=False)
    if path.name.startswith("05_") and path.parent.name == "notebooks":
        page.screenshot(path=str(ARTIFACTS / "site-lesson-05.png"), full_page=False)


@pytest.mark.parametrize("path", pages(), ids=page_id)
def test_every_link_resolves(path):
    parsed = parse(path)
    broken = []
    for link in parsed.links:
        target = local_target(path, link["href"])
        if target is not None and not target.exists():
            broken.append(link["href"])
        fragment = urlparse(link["href"]).fragment
        if target is None and link["href"].startswith("#") and fragment and fragment not in parsed.ids:
            broken.append(link["href"])
    assert not broken, f"{page_id(path)}: links to nothing: {broken[:10]}"


@pytest.mark.parametrize("path", pages(), ids=page_id)
def test_navigation_lists_every_lesson_and_exercise(path):
    if path.name in ("search.html", "genindex.html"):
        pytest.skip("generated pages have the same sidebar; checked on the others")
    nav = {
        local_target(path, link["href"])
        for link in parse(path).links
        if "bd-sidebar-primary" in link["where"] and local_target(path, link["href"])
    }
    nav.add(path.resolve())  # the page itself is listed as the current one, with href="#"
    missing = [f"notebooks/{s}" for s in LESSONS if (SITE / "notebooks" / f"{s}.html").resolve() not in nav]
    missing += [f"exercises/{s}" for s in EXERCISES if (SITE / "exercises" / f"{s}.html").resolve() not in nav]
    assert not missing, f"{page_id(path)}: the sidebar lacks {missing}"


def lesson_pages():
    return [SITE / "notebooks" / f"{s}.html" for s in LESSONS] + [SITE / "exercises" / f"{s}.html" for s in EXERCISES]


@pytest.mark.parametrize("path", lesson_pages(), ids=page_id)
def test_lesson_page_has_prev_next_downloads_and_launch_links(path):
    links = parse(path).links
    prev_next = [link for link in links if "prev-next-area" in link["where"]]
    assert prev_next, f"{page_id(path)}: no previous/next links"
    downloads = [link for link in links if "course-download" in link["class"]]
    names = {Path(urlparse(link["href"]).path).name for link in downloads}
    stem = path.stem
    assert f"{stem}.ipynb" in names, f"{page_id(path)}: no notebook download"
    assert "position-of-strength-data.zip" in names, f"{page_id(path)}: no data download"
    if stem in EXERCISES:
        assert any("/exercises/" in link["href"] for link in downloads), f"{page_id(path)}: no exercise download"
    for link in downloads:
        target = local_target(path, link["href"])
        assert target and target.is_file() and target.stat().st_size > 0, (
            f"{page_id(path)}: download {link['href']} is missing"
        )
        assert link["download"], f"{page_id(path)}: {link['href']} lacks the download attribute"
        if target.suffix == ".ipynb":
            nb = json.loads(target.read_text(encoding="utf-8"))
            assert nb.get("nbformat") == 4 and nb.get("cells"), f"{target.name} is not a notebook"
        if target.suffix == ".zip":
            with zipfile.ZipFile(target) as z:
                assert {"data/claims.csv", "data/datapackage.json"} <= set(z.namelist())
    launch = {link["data-launch"]: link["href"] for link in links if link["data-launch"]}
    assert set(launch) == {"jupyterhub", "binder"}, f"{page_id(path)}: launch links {sorted(launch)}"
    check_launch_links(launch, f"{path.parent.name}/{stem}.ipynb")
    text = path.read_text(encoding="utf-8")
    for command in ("python3 tasks.py lab", "python3 tasks.py test"):
        assert command in text, f"{page_id(path)}: the run-it-locally box lacks {command!r}"


def check_launch_links(launch, notebook):
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_conf", ROOT / "site" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    repo = conf.REPOSITORY
    assert re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo), f"repository {repo!r} is not owner/name"
    hub = urlparse(launch["jupyterhub"])
    assert hub.scheme == "https" and hub.netloc, launch["jupyterhub"]
    assert hub.path.endswith("/hub/user-redirect/git-pull"), hub.path
    query = parse_qs(hub.query)
    assert query["repo"] == [f"https://github.com/{repo}"], query
    assert query["branch"] == [conf.BRANCH]
    assert query["urlpath"] == [f"lab/tree/{repo.split('/')[1]}/{notebook}"], query["urlpath"]
    binder = urlparse(launch["binder"])
    assert binder.scheme == "https" and binder.netloc == "mybinder.org", launch["binder"]
    assert binder.path == f"/v2/gh/{repo}/{conf.BRANCH}", binder.path
    urlpath = parse_qs(binder.query)["urlpath"][0]
    assert urlpath == conf.BINDER_URLPATH and urlpath.startswith(("lab/tree/", "lab/", "tree/")), urlpath
    assert urlpath.endswith("00_start_here.ipynb"), "Binder should open lesson 00"


def test_search_from_disk_finds_lesson_02(page):
    page.goto((SITE / "index.html").as_uri())
    page.locator("button.search-button-field").first.click()
    box = page.locator("input[name='q']:visible").first
    box.fill("Hwasong")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Hwasong"))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("02_missiles_as_messages" in h for h in hrefs), f"lesson 02 not among the results: {hrefs}"
    page.screenshot(path=str(ARTIFACTS / "site-search-hwasong.png"), full_page=False)
    assert page.request_log.external() == []


def test_verdicts_page_filters_and_claimreview(page):
    path = SITE / "verdicts.html"
    page.goto(path.as_uri())
    rows = page.locator(".verdict-table tbody tr")
    total = rows.count()
    claims = (ROOT / "data" / "verdicts.csv").read_text(encoding="utf-8").count("\nC")
    assert total == claims and total > 0, f"{total} rows for {claims} verdicts"
    page.screenshot(path=str(ARTIFACTS / "site-verdicts.png"), full_page=False)
    page.select_option("select[data-filter='lesson']", "5")
    visible = page.locator(".verdict-table tbody tr:visible")
    assert 0 < visible.count() < total
    assert all(visible.nth(i).get_attribute("data-lesson") == "5" for i in range(visible.count()))
    page.select_option("select[data-filter='verdict']", "supported")
    assert all(visible.nth(i).get_attribute("data-verdict") == "supported" for i in range(visible.count()))
    assert re.match(r"\d+ of \d+ claims shown", page.locator(".verdict-count").inner_text())
    page.select_option("select[data-filter='lesson']", "")
    page.select_option("select[data-filter='verdict']", "")
    page.select_option("select[data-filter='article']", "afp_ndtv")
    assert 0 < visible.count() < total
    jsonld = ROOT / "docs" / "verdicts" / "claimreview.jsonld"
    embedded = page.locator("script[type='application/ld+json']")
    if jsonld.exists():
        assert json.loads(embedded.first.text_content()) == json.loads(jsonld.read_text(encoding="utf-8"))
    else:
        assert embedded.count() == 0


def test_print_layout_has_no_sidebar_shows_links_and_keeps_charts_whole(page):
    page.goto((SITE / "notebooks" / "05_china_trade_window.html").as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".bd-sidebar-primary").first.is_visible(), "the sidebar prints"
    assert not page.locator(".course-launch").first.is_visible(), "the launch box prints"
    shown = page.evaluate(
        """() => { const a = [...document.querySelectorAll('article a[href^="http"]')][0];
                   return a ? [a.href, getComputedStyle(a, '::after').content] : null; }"""
    )
    assert shown and shown[0] in shown[1], f"a printed link does not show its address: {shown}"
    breaks = page.evaluate(
        """() => [...document.querySelectorAll('.cell_output svg, .cell_output img')]
                 .map(e => getComputedStyle(e).breakInside)"""
    )
    assert breaks and all(b == "avoid" for b in breaks), f"charts may split across pages: {set(breaks)}"
    page.pdf(path=str(ARTIFACTS / "site-lesson-05-print.pdf"))
