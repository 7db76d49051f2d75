"""Build the course site into _site/ (python3 tasks.py site).

A book built with Sphinx, myst-nb and sphinx-book-theme (settings in
site/conf.py): a sidebar with every lesson and exercise, a table of contents
per page, previous/next links, offline full-text search, downloads and launch
links on every lesson page, and a verdicts page. The notebooks are not
executed: their stored outputs (static SVG charts) are rendered as they are.

Steps: stage the sources in _build/site-src/ (lessons; learners' exercise
notebooks made from the solutions, so no local answers and no solutions are
published; the README as the home page; the codebook; the instructor guide;
a generated verdicts page), run Sphinx, then add the downloads (notebooks,
exercise notebooks, a zip of data/).

    python3 tasks.py site [--strict]      --strict: any Sphinx warning fails the build
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat

from poscourse.charts import FINGERPRINT_MIME
from tools.nbtools import learner_copy
from tools.paths import ROOT, lesson_notebooks, solution_notebooks

CONF = ROOT / "site"
STAGE = ROOT / "_build" / "site-src"
OUT = ROOT / "_site"
HTML = ROOT / "_build" / "html"
CLAIMREVIEW = ROOT / "docs" / "verdicts" / "claimreview.jsonld"
LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def conf():
    """site/conf.py as a module (the one place for the site's settings)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_conf", CONF / "conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rewrite_links(text: str, source: Path, staged: Path, repo_url: str) -> str:
    """Keep links to pages of the site; point links to other repository files at the repository."""

    def fix(m):
        target = m.group(2)
        if re.match(r"^[a-z]+:|^#|^mailto:", target):
            return m.group(0)
        path, _, anchor = target.partition("#")
        in_repo = (source.parent / path).resolve()
        try:
            rel = in_repo.relative_to(ROOT)
        except ValueError:
            return m.group(0)
        if (staged.parent / path).resolve().exists() and not (staged.parent / path).is_dir():
            return m.group(0)
        kind = "tree" if in_repo.is_dir() else "blob"
        url = f"{repo_url}/{kind}/main/{rel.as_posix()}" + (f"#{anchor}" if anchor else "")
        return f"{m.group(1)}{url}{m.group(3)}"

    return LINK.sub(fix, text)


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def rubric_texts(data: Path) -> dict[str, str]:
    """Rule id -> rule text from data/rubric.csv (columns rule_id and rule); empty if the file is missing."""
    path = data / "rubric.csv"
    return {r["rule_id"]: r["rule"] for r in read_csv(path)} if path.exists() else {}


def verdicts_page(data: Path = ROOT / "data", claimreview: Path = CLAIMREVIEW) -> str:
    """The verdicts page (MyST): every claim, filterable; ClaimReview JSON-LD if the export exists.

    Built from claims.csv and verdicts.csv; shows the verdicts' `rule` column and
    the rule's text from rubric.csv when they exist.
    """
    claims = {r["claim_id"]: r for r in read_csv(data / "claims.csv")}
    articles = {r["article_id"]: r for r in read_csv(data / "articles.csv")}
    lessons = {r["lesson"]: r for r in read_csv(data / "lessons.csv")}
    verdicts = read_csv(data / "verdicts.csv")
    rules = rubric_texts(data)
    esc = html.escape

    def options(name, values, label):
        opts = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in values)
        return f'<label>{label} <select data-filter="{name}"><option value="">all</option>{opts}</select></label>'

    rows = []
    for v in verdicts:
        c = claims.get(v.get("claim_id", ""), {})
        lesson = v.get("lesson") or c.get("lesson", "")
        lesson_row = lessons.get(lesson, {})
        slug = lesson_row.get("slug", "")
        lesson_cell = f'<a href="notebooks/{esc(slug)}.html">{esc(lesson.zfill(2))}</a>' if slug else esc(lesson)
        article = c.get("article_id", "")
        rule = (v.get("rule") or "").strip()
        rule_cell = (
            esc(rule) + (f": {esc(rules[rule])}" if rule in rules and rules[rule] != rule else "")
            if rule
            else "not recorded"
        )
        speaker = c.get("speaker", "")
        if c.get("speaker_affiliation"):
            speaker += f" ({c['speaker_affiliation']})"
        test = (v.get("what_would_test") or "").strip()
        evidence = esc(v.get("evidence", "")) + (f"<br><em>What would test it:</em> {esc(test)}" if test else "")
        rows.append(
            f'<tr data-lesson="{esc(lesson)}" data-verdict="{esc(v.get("verdict", ""))}" data-article="{esc(article)}">'
            f'<td id="{esc(v.get("claim_id", ""))}">{esc(v.get("claim_id", ""))}</td><td>{esc(c.get("claim", ""))}</td>'
            f"<td>{esc(speaker)}</td><td>{esc(articles.get(article, {}).get('outlet', article))}</td><td>{lesson_cell}</td>"
            f'<td><span class="verdict verdict-{esc(v.get("verdict", "").replace(" ", "-"))}">{esc(v.get("verdict", ""))}</span></td>'
            f"<td>{evidence}</td><td>{rule_cell}</td></tr>"
        )
    lesson_values = sorted(
        {r.split('"')[1] for r in re.findall(r'data-lesson="[^"]*"', "".join(rows))},
        key=lambda x: int(x) if x.isdigit() else 99,
    )
    filters = (
        '<form class="verdict-filters" aria-label="Filter the verdicts">'
        + options(
            "lesson",
            [(x, f"{x.zfill(2)} {lessons.get(x, {}).get('slug', '')[3:].replace('_', ' ')}") for x in lesson_values],
            "Lesson",
        )
        + options("verdict", [(x, x) for x in sorted({v.get("verdict", "") for v in verdicts})], "Verdict")
        + options("article", [(k, a.get("outlet", k)) for k, a in articles.items()], "Article")
        + '<output class="verdict-count" aria-live="polite"></output></form>'
    )
    table = (
        '<div class="verdict-table-wrap"><table class="verdict-table"><caption>Every claim of the two articles and its verdict</caption>'
        '<thead><tr><th scope="col">Claim</th><th scope="col">What is claimed</th><th scope="col">Speaker</th>'
        '<th scope="col">Article</th><th scope="col">Lesson</th><th scope="col">Verdict</th><th scope="col">Evidence</th>'
        f'<th scope="col">Rubric rule</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    jsonld = ""
    if claimreview.exists():
        try:
            review = json.loads(claimreview.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SystemExit(f"error: {claimreview} is not valid JSON: {exc}") from None
        payload = json.dumps(review, ensure_ascii=False).replace("</", "<\\/")
        jsonld = f'<script type="application/ld+json" id="claimreview">{payload}</script>'
    intro = (
        "---\nhtml_theme.sidebar_secondary.remove: true\n---\n\n"  # the table needs the width
        "# Verdicts\n\n"
        f"Every one of the {len(verdicts)} claims of the two articles, with its speaker, the verdict the course reaches, "
        "the evidence, and the rubric rule applied. Filter by lesson, verdict or article; each lesson shows how its verdicts were reached. "
        "The verdicts are built from `data/claims.csv` and `data/verdicts.csv`."
        + (" The same verdicts are embedded in this page as schema.org ClaimReview data." if jsonld else "")
        + "\n\n"
    )
    return intro + "```{raw} html\n" + filters + table + jsonld + "\n```\n"


def index_page(repo_url: str) -> str:
    readme = ROOT / "README.md"
    text = rewrite_links(readme.read_text(encoding="utf-8"), readme, STAGE / "index.md", repo_url)
    lessons = "\n".join(f"notebooks/{p.stem}" for p in lesson_notebooks())
    exercises = "\n".join(f"exercises/{p.stem}" for p in solution_notebooks())
    return (
        text
        + f"\n\n```{{toctree}}\n:hidden:\n:caption: Lessons\n\n{lessons}\n```\n"
        + f"\n```{{toctree}}\n:hidden:\n:caption: Exercises\n\n{exercises}\n```\n"
        + "\n```{toctree}\n:hidden:\n:caption: Reference\n\nverdicts\ndata/CODEBOOK\ndocs/instructor-guide\n```\n"
    )


def without_fingerprints(nb):
    """A lesson as the site shows it: its charts' fingerprints, which only the tests read, left out
    (myst-nb would warn about a type it cannot show; the SVG beside each stays)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(FINGERPRINT_MIME, None)
    return nb


def stage(repo_url: str) -> None:
    if STAGE.exists():
        shutil.rmtree(STAGE)
    (STAGE / "notebooks").mkdir(parents=True)
    (STAGE / "exercises").mkdir()
    for path in lesson_notebooks():
        nbformat.write(without_fingerprints(nbformat.read(path, as_version=4)), STAGE / "notebooks" / path.name)
    for path in solution_notebooks():
        nbformat.write(learner_copy(nbformat.read(path, as_version=4)), STAGE / "exercises" / path.name)
    for rel in ("data/CODEBOOK.md", "docs/instructor-guide.md"):
        source = ROOT / rel
        target = STAGE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.exists():
            target.write_text(
                rewrite_links(source.read_text(encoding="utf-8"), source, target, repo_url), encoding="utf-8"
            )
        else:
            target.write_text(f"# {source.stem}\n\nNot written yet.\n", encoding="utf-8")
    (STAGE / "verdicts.md").write_text(verdicts_page(), encoding="utf-8")
    (STAGE / "index.md").write_text(index_page(repo_url), encoding="utf-8")


def downloads(data_zip: str) -> None:
    base = OUT / "downloads"
    (base / "notebooks").mkdir(parents=True, exist_ok=True)
    (base / "exercises").mkdir(parents=True, exist_ok=True)
    for path in lesson_notebooks():
        shutil.copy2(path, base / "notebooks" / path.name)
    for path in (STAGE / "exercises").glob("*.ipynb"):
        shutil.copy2(path, base / "exercises" / path.name)
    target = OUT / data_zip
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((ROOT / "data").iterdir()):
            if path.is_file():
                z.write(path, f"data/{path.name}")


SVG_IMG = re.compile(r'<img alt="[^"]*" src="([^"]+\.svg)"')
SVG_LABEL = re.compile(r'<svg\b[^>]*?\baria-label="([^"]*)"')


def describe_charts() -> int:
    """Give every chart image the text description its SVG carries (myst-nb sets the file name as alt)."""
    count = 0
    for page in OUT.rglob("*.html"):
        text = page.read_text(encoding="utf-8")

        def alt(m, page=page):
            nonlocal count
            svg = (page.parent / m.group(1)).resolve()
            head = svg.read_text(encoding="utf-8")[:5000] if svg.exists() else ""
            label = SVG_LABEL.search(head)
            count += 1
            description = label.group(1) if label else "Chart (no text description)"
            return f'<img class="course-chart" alt="{description}" src="{m.group(1)}"'

        new = SVG_IMG.sub(alt, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return count


def build() -> int:
    settings = conf()
    started = time.perf_counter()
    stage(settings.REPO_URL)
    if OUT.exists():
        shutil.rmtree(OUT)
    strict = ["-W", "--keep-going"] if "--strict" in sys.argv[1:] else []  # warnings (a broken link) fail the build
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-E",
        "-q",
        *strict,
        "-c",
        str(CONF),
        "-d",
        str(ROOT / "_build" / "doctrees"),
        str(STAGE),
        str(HTML),
    ]
    # myst-nb writes its jupyter_execute folder beside the output folder, so build inside _build/.
    if HTML.exists():
        shutil.rmtree(HTML)
    result = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ))
    if result.returncode != 0:
        print(f"error: Sphinx failed (exit {result.returncode}); see the messages above", file=sys.stderr)
        return result.returncode
    shutil.move(HTML, OUT)
    downloads(settings.DATA_ZIP)
    describe_charts()
    for macro in (OUT / "_static").glob("*.html"):
        macro.unlink()  # the theme's template macros, copied as static files: not pages
    (OUT / ".nojekyll").write_text("")
    pages = len(list(OUT.rglob("*.html")))
    print(
        f"built {pages} pages into _site/ in {time.perf_counter() - started:.1f} s "
        f"(launch links for {settings.REPOSITORY}); open _site/index.html"
    )
    return 0


if __name__ == "__main__":
    sys.exit(build())
