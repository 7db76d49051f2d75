"""Sphinx configuration of the course site: the one place for its settings.

Built by `python3 tasks.py site` (tools/site.py), which stages the lessons,
the learners' exercise notebooks and the generated pages in _build/site-src/
and runs Sphinx with this folder as its configuration directory. Notebooks are
not executed: the stored outputs (static SVG charts) are rendered as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]

# --- Settings an instructor may change -------------------------------------
COURSE_TITLE = "Position of Strength"
CENTRAL_QUESTION = (
    "Why did Kim Jong Un pass on a photo-op with Donald Trump in October 2025, "
    "and how far do the data support the analysts' explanations?"
)
# The repository the launch links point at ("owner/name"). The Pages workflow
# sets POS_REPOSITORY from the workflow context, so a fork's site points at the fork.
DEFAULT_REPOSITORY = "position-of-strength/position-of-strength"
BRANCH = "main"
# Your JupyterHub, for the nbgitpuller launch links (no trailing slash).
JUPYTERHUB_URL = os.environ.get("POS_JUPYTERHUB_URL") or "https://hub.example.edu"
# Binder: where the Binder link opens, relative to the repository root.
BINDER_URLPATH = "lab/tree/workspace/notebooks/00_start_here.ipynb"  # binder/postBuild makes the workspace
# The two commands of the README (a test checks they are still the README's).
RUN_COMMANDS = ("python3 tasks.py lab", "python3 tasks.py test")
# The zip of data/ that tools/site.py writes next to the pages.
DATA_ZIP = "downloads/position-of-strength-data.zip"
# ---------------------------------------------------------------------------

REPOSITORY = os.environ.get("POS_REPOSITORY") or DEFAULT_REPOSITORY
REPO_NAME = REPOSITORY.split("/")[-1]
REPO_URL = f"https://github.com/{REPOSITORY}"


def data_as_of() -> str:
    """The data-as-of date from data/datapackage.json, as '31 December 2025'."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    day = dt.date.fromisoformat(package["data_as_of"])
    return f"{day.day} {day:%B %Y}"


DATA_AS_OF = data_as_of()

project = COURSE_TITLE
author = "The Position of Strength course"
copyright = "the course's authors; content CC BY 4.0, code MIT"
language = "en"

extensions = ["myst_nb"]
nb_execution_mode = "off"
nb_output_stderr = "remove"
myst_enable_extensions = ["colon_fence"]  # no dollarmath: "$271m" is money, not math
myst_heading_anchors = 3
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]
html_theme = "sphinx_book_theme"
html_title = COURSE_TITLE
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": REPO_URL,
    "repository_branch": BRANCH,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    "navbar_persistent": [],  # one search field, in the sidebar
    "announcement": (
        f'<span class="course-banner"><strong>{COURSE_TITLE}</strong>: {CENTRAL_QUESTION} '
        f'<span class="course-asof">Data as of {DATA_AS_OF}.</span></span>'
    ),
    "extra_footer": f"<p>{COURSE_TITLE}. Data as of {DATA_AS_OF}. Content CC BY 4.0, code MIT.</p>",
}


def launch_links(docname: str) -> dict[str, str]:
    """nbgitpuller (JupyterHub) and Binder links for one notebook page."""
    path = f"{REPO_NAME}/{docname}.ipynb"
    hub = JUPYTERHUB_URL.rstrip("/") + "/hub/user-redirect/git-pull?" + urlencode(
        {"repo": REPO_URL, "branch": BRANCH, "urlpath": f"lab/tree/{path}"}, quote_via=quote
    )
    binder = f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?" + urlencode({"urlpath": BINDER_URLPATH}, quote_via=quote)
    return {"jupyterhub": hub, "binder": binder}


def lesson_box(docname: str) -> str:
    """Downloads, launch links and the two commands, at the top of every lesson page."""
    up = "../" * docname.count("/")
    stem = posixpath.basename(docname)
    links = launch_links(docname)
    has_exercise = (Path(__file__).resolve().parents[1] / "exercises" / "solutions" / f"{stem}.ipynb").exists()
    downloads = [f'<a class="course-download" href="{up}downloads/notebooks/{stem}.ipynb" download>the lesson notebook</a>']
    if has_exercise:
        downloads.append(f'<a class="course-download" href="{up}downloads/exercises/{stem}.ipynb" download>the exercise notebook</a>')
    downloads.append(f'<a class="course-download" href="{up}{DATA_ZIP}" download>the data (zip)</a>')
    commands = "\n".join(RUN_COMMANDS)
    return (
        '<aside class="course-launch" aria-label="Download or run this lesson">'
        f'<p><strong>Download:</strong> {" · ".join(downloads)}</p>'
        f'<p><strong>Run it online:</strong> <a class="course-launch-link" data-launch="jupyterhub" href="{links["jupyterhub"]}">'
        f'your JupyterHub</a> · <a class="course-launch-link" data-launch="binder" href="{links["binder"]}">Binder</a></p>'
        '<details class="course-local"><summary>Run it on your machine</summary>'
        f'<p>With Python 3.11 or newer, in a copy of <a href="{REPO_URL}">the course</a>:</p>'
        f"<pre><code>{commands}</code></pre>"
        "<p>The first opens the course in JupyterLab; the second runs every test.</p></details>"
        "</aside>"
    )


def add_lesson_box(app, pagename, templatename, context, doctree):
    if pagename.startswith(("notebooks/", "exercises/")) and "body" in context:
        context["body"] = lesson_box(pagename) + context["body"]


def setup(app):
    app.connect("html-page-context", add_lesson_box)
