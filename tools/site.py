"""Build a static HTML site of the course into _site/ (python3 tasks.py site).

Pages: an index, the lessons (with their stored outputs: charts are SVG, so
they render with no network and no JavaScript), the learners' exercise
notebooks (no solutions), the data codebook and the instructor guide, with
previous/next navigation between lessons.

Built with nbconvert (already a dependency of the course): it renders the
stored outputs exactly as nbval checks them, needs no extra toolchain, and the
result is plain HTML that any static host or a browser opening files from disk
can show. External script tags that nbconvert adds for MathJax and require.js
are removed, as the course uses neither, so no page makes a network request.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import mistune
import nbformat
from nbconvert import HTMLExporter

from tools.paths import ROOT, learner_notebooks, lesson_notebooks

OUT = ROOT / "_site"
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)
STYLE = """
<style>
.course-nav{font-family:Liberation Sans,Arial,sans-serif;display:flex;gap:1.5em;padding:.6em 1em;background:#f3f3f3;border-bottom:1px solid #ddd;font-size:14px}
.course-nav a{color:#0b5394}
.course-page{max-width:60em;margin:1em auto;padding:0 1em;font-family:Liberation Sans,Arial,sans-serif;line-height:1.5}
.course-page table{border-collapse:collapse}.course-page td,.course-page th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
</style>
"""


def title_of(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"[*_`]", "", line[2:]).strip()
    return fallback


def rewrite_links(body: str) -> str:
    """Point links to notebooks and Markdown files at their HTML pages."""
    body = re.sub(r'href="([^":#]*?)\.ipynb(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
    body = re.sub(r'href="([^":#]*?)(CODEBOOK|instructor-guide)\.md"', r'href="\1\2.html"', body)
    body = body.replace('href="../README.md"', 'href="../index.html"')
    return body


def nav(links: list[tuple[str, str]]) -> str:
    items = "".join(f'<a href="{href}">{html.escape(text)}</a>' for href, text in links if href)
    return f'<nav class="course-nav" aria-label="Course navigation">{items}</nav>'


def inject(page: str, top: str, title: str) -> str:
    page = EXTERNAL_SCRIPT.sub("", page)
    page = re.sub(
        r"<title>.*?</title>", f"<title>{html.escape(title)} · Position of Strength</title>", page, count=1, flags=re.S
    )
    page = page.replace("</head>", STYLE + "</head>", 1)
    page = re.sub(r"(<body[^>]*>)", r"\1" + top, page, count=1)
    page = page.replace("</body>", top + "</body>", 1)
    return rewrite_links(page)


def markdown_page(title: str, text: str, top: str) -> str:
    body = mistune.html(text)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} · Position of Strength</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{STYLE}</head>'
        f'<body>{top}<main class="course-page">{rewrite_links(body)}</main>{top}</body></html>\n'
    )


def build() -> list[Path]:
    if OUT.exists():
        shutil.rmtree(OUT)
    exporter = HTMLExporter(template_name="lab")
    lessons = lesson_notebooks()
    exercises = learner_notebooks()
    written: list[Path] = []
    index_rows = []

    for i, path in enumerate(lessons):
        nb = nbformat.read(path, as_version=4)
        title = title_of(nb, path.stem)
        prev_link = (f"{lessons[i - 1].stem}.html", "← previous lesson") if i > 0 else ("", "")
        next_link = (f"{lessons[i + 1].stem}.html", "next lesson →") if i + 1 < len(lessons) else ("", "")
        ex = ROOT / "exercises" / path.name
        ex_link = (f"../exercises/{path.stem}.html", "exercises") if ex.exists() else ("", "")
        top = nav([("../index.html", "Course home"), prev_link, next_link, ex_link])
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        target = OUT / "notebooks" / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(inject(body, top, title), encoding="utf-8")
        written.append(target)
        index_rows.append((path.stem, title, ex.exists()))

    for path in exercises:
        nb = nbformat.read(path, as_version=4)
        title = "Exercises: " + title_of(nb, path.stem)
        top = nav([("../index.html", "Course home"), (f"../notebooks/{path.stem}.html", "the lesson")])
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        target = OUT / "exercises" / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(inject(body, top, title), encoding="utf-8")
        written.append(target)

    home = nav([("../index.html", "Course home")])
    for source, target, title in (
        (ROOT / "data" / "CODEBOOK.md", OUT / "data" / "CODEBOOK.html", "Data codebook"),
        (ROOT / "docs" / "instructor-guide.md", OUT / "docs" / "instructor-guide.html", "Instructor guide"),
    ):
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown_page(title, source.read_text(encoding="utf-8"), home), encoding="utf-8")
            written.append(target)

    rows = []
    for stem, title, has_ex in index_rows:
        ex_cell = f'<a href="exercises/{stem}.html">exercises</a>' if has_ex else ""
        rows.append(f'<tr><td><a href="notebooks/{stem}.html">{html.escape(title)}</a></td><td>{ex_cell}</td></tr>')
    rows = "".join(rows)
    intro = (
        "<h1>Position of Strength</h1>"
        "<p>Why did Kim Jong Un pass on a photo-op with Donald Trump in October 2025, and how far do the data "
        "support the analysts' explanations? An annotated notebook course that tests each claim of two news "
        "analyses against small, documented datasets.</p>"
        "<p>This site shows the lessons with their stored results. To run them, change them and do the "
        "exercises with feedback, get the course and run <code>python3 tasks.py lab</code>.</p>"
        f"<table><thead><tr><th>Lesson</th><th>Exercises</th></tr></thead><tbody>{rows}</tbody></table>"
        '<p><a href="data/CODEBOOK.html">Data codebook</a> · <a href="docs/instructor-guide.html">Instructor guide</a></p>'
    )
    index = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Position of Strength · course home</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{STYLE}</head>'
        f'<body><main class="course-page">{intro}</main></body></html>\n'
    )
    (OUT / "index.html").write_text(index, encoding="utf-8")
    written.append(OUT / "index.html")
    return written


if __name__ == "__main__":
    pages = build()
    print(f"built {len(pages)} pages into {OUT.relative_to(ROOT)}/ (open _site/index.html)")
    sys.exit(0)
