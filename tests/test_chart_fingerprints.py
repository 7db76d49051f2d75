"""The test command compares each stored chart by its fingerprint, not its SVG (conftest.py).

A fingerprint is a digest of the chart's Vega-Lite spec (its data included), the
renderer's versions and a digest of the course's font; it is stored beside every
SVG chart. These tests show that it follows what the chart is drawn from, that
every stored chart carries one, and that nbval in that mode still fails on a
chart whose data changed, while the full mode (offline-test) also catches an
SVG edited by hand.
"""

import copy
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
from nbclient import NotebookClient

import poscourse as pc
from poscourse import charts
from tools.paths import lesson_notebooks, solution_notebooks

ROOT = Path(__file__).resolve().parents[1]
SVG = "image/svg+xml"
MIME = charts.FINGERPRINT_MIME


def bars(values, colour="steelblue"):
    frame = pd.DataFrame({"year": ["2023", "2024", "2025"], "launches": values})
    return alt.Chart(frame, title="Launches").mark_bar(color=colour).encode(x="year:O", y="launches:Q")


def fingerprint(chart) -> dict:
    pc.setup("static")
    return charts.chart_fingerprint(chart.to_dict())


def test_a_fingerprint_follows_the_data_the_encoding_and_nothing_else():
    same = fingerprint(bars([30, 20, 45]))
    assert fingerprint(bars([30, 20, 45])) == same
    assert fingerprint(bars([30, 20, 46]))["spec_sha256"] != same["spec_sha256"]  # one value changed
    assert fingerprint(bars([30, 20, 45], colour="black"))["spec_sha256"] != same["spec_sha256"]
    # The order of a spec's keys does not matter, only its content.
    spec = bars([30, 20, 45]).to_dict()
    assert charts.chart_fingerprint(dict(reversed(list(spec.items())))) == same


def test_a_fingerprint_names_the_renderer_and_the_font():
    found = fingerprint(bars([1, 2, 3]))
    assert re.fullmatch(r"vl-convert-python \S+, Vega-Lite \S+", found["renderer"])
    digest = hashlib.sha256()
    for font in sorted(charts.FONT_DIR.glob("*.ttf")):
        digest.update(font.name.encode() + font.read_bytes())
    assert found["font_sha256"] == digest.hexdigest()


def test_the_static_renderer_stores_the_fingerprint_beside_the_svg():
    pc.setup("static")
    spec = bars([3, 1, 4]).to_dict()
    bundle = alt.renderers.get()(spec)
    assert bundle[SVG].startswith("<svg")
    assert bundle[MIME] == charts.chart_fingerprint(spec)
    try:
        pc.setup("fingerprint")
        quick = alt.renderers.get()(spec)
    finally:
        pc.setup("static")
    assert quick == {MIME: bundle[MIME], "text/plain": bundle["text/plain"]}  # no SVG drawn


def test_every_stored_chart_carries_its_fingerprint():
    """Every SVG chart in the lessons and solutions has a fingerprint beside it, and no chart output
    has a fingerprint alone (outputs written in the fingerprint mode would show no chart)."""
    digest = re.compile(r"[0-9a-f]{64}")
    charts_seen = 0
    for path in lesson_notebooks() + solution_notebooks():
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if SVG not in data and MIME not in data:
                    continue
                where = f"{path.relative_to(ROOT)}, cell {index}"
                assert SVG in data, f"{where}: a chart fingerprint without its SVG; run python3 tasks.py outputs"
                assert MIME in data, f"{where}: an SVG chart without its fingerprint; run python3 tasks.py outputs"
                stored = data[MIME]
                assert set(stored) == {"spec_sha256", "renderer", "font_sha256"}, where
                assert digest.fullmatch(stored["spec_sha256"]) and digest.fullmatch(stored["font_sha256"]), where
                charts_seen += 1
    assert charts_seen >= 40  # every lesson and solution draws charts


NOTEBOOK_CELLS = [
    "import altair as alt\nimport pandas as pd\nimport poscourse as pc\n\npc.setup()",
    'alt.Chart(pd.DataFrame({"year": ["2024", "2025"], "launches": [12, 20]}), title="A").mark_bar()'
    '.encode(x="year:O", y="launches:Q")',
    'alt.Chart(pd.DataFrame({"year": ["2024", "2025"], "launches": [3, 4]}), title="B").mark_point()'
    '.encode(x="year:O", y="launches:Q")',
]


def run_nbval(notebook: Path, *flags: str) -> subprocess.CompletedProcess:
    """nbval on one notebook outside the course, with the course's conftest.py as a plugin."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "--color=no", "--nbval"]
    cmd += ["--nbval-current-env", "--rootdir", str(notebook.parent), *flags, str(notebook)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=notebook.parent, env=env, timeout=300)


def test_the_fingerprint_mode_fails_on_changed_data_and_the_full_mode_on_changed_svg(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in NOTEBOOK_CELLS]
    monkeypatch.setenv("POS_RENDER", "static")
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    stored = copy.deepcopy(nb)
    # Chart A's data changes (its stored outputs do not); chart B's stored SVG is edited by hand.
    stored.cells[1].source = stored.cells[1].source.replace("[12, 20]", "[12, 21]")
    svg = stored.cells[2].outputs[0]["data"][SVG]
    stored.cells[2].outputs[0]["data"][SVG] = svg.replace("</svg>", "<!-- edited --></svg>")
    notebook = tmp_path / "stale.ipynb"
    nbformat.write(stored, notebook)

    quick = run_nbval(notebook, "--chart-fingerprints")
    assert "1 failed, 2 passed" in quick.stdout, quick.stdout[-3000:]
    assert "Cell 1" in quick.stdout and MIME in quick.stdout  # the changed data, found by its fingerprint

    full = run_nbval(notebook)
    assert "2 failed, 1 passed" in full.stdout, full.stdout[-3000:]
    assert "Cell 2" in full.stdout  # the edited SVG, which only the full comparison sees
