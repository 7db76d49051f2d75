"""The learners' copies in exercises/ must run from top to bottom without an error.

They have no stored outputs to compare, so instead of a Jupyter kernel each
(about 3 s apiece, most of it importing pandas and Altair), tools/learner_run.py
imports once and runs each notebook in a fresh process forked from that one.
Lessons and solutions stay under the strict output comparison (nbval).
Passing a learner copy's path to `python3 tasks.py test` runs it under nbval.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tools" / "learner_run.py"
LEARNER_COPIES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))


def run(paths) -> tuple[dict, subprocess.CompletedProcess]:
    # The interactive charts, as learners run them in JupyterLab (their solutions, under nbval,
    # check the static SVG of the same charts).
    env = dict(os.environ, POS_RENDER="interactive")
    result = subprocess.run(
        [sys.executable, str(RUNNER), *map(str, paths)], capture_output=True, text=True, env=env, timeout=900
    )
    reports = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            report = json.loads(line)
            reports[Path(report["notebook"]).name] = report
    return reports, result


@pytest.fixture(scope="module")
def learner_reports():
    reports, result = run(LEARNER_COPIES)
    assert reports, f"the runner reported nothing:\n{result.stderr[-3000:]}"
    return reports


@pytest.mark.parametrize("notebook", LEARNER_COPIES, ids=lambda p: p.name)
def test_learner_copy_runs_without_error(learner_reports, notebook):
    report = learner_reports.get(notebook.name)
    assert report is not None, f"no report for {notebook.name}"
    code_cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    assert report["ok"], (
        f"exercises/{notebook.name}, cell {report.get('cell')} ({report.get('first_line', '')!r}) failed:\n"
        f"{report.get('error')}"
    )
    assert report["cells"] == len(code_cells), "not every code cell ran"


def write_notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_nothing_passes_from_one_notebook_to_the_next(tmp_path):
    first = write_notebook(
        tmp_path / "a.ipynb",
        "import pandas as pd\nimport altair as alt\nimport poscourse as pc\npc.setup()",
        "leftover = 1\npd.set_option('display.max_rows', 3)\nalt.theme.enable('dark')\nevents = pc.load('events')",
        "pc.load.__globals__['leaked_into_module'] = True",
    )
    second = write_notebook(
        tmp_path / "b.ipynb",
        "import pandas as pd\nimport altair as alt\nimport poscourse as pc",
        "assert 'leftover' not in globals(), 'a variable leaked'\n"
        "assert 'events' not in globals(), 'a variable leaked'",
        "assert pd.get_option('display.max_rows') == 60, 'a pandas option leaked'",
        "assert alt.theme.active != 'dark', 'the chart theme leaked'",
        "assert 'leaked_into_module' not in pc.load.__globals__, 'module state leaked'",
        "import os\nassert os.getcwd() == " + repr(str(tmp_path)) + ", 'not run from its own folder'",
    )
    reports, result = run([first, second])
    assert reports["a.ipynb"]["ok"], reports["a.ipynb"]
    assert reports["b.ipynb"]["ok"], reports["b.ipynb"].get("error")
    assert result.returncode == 0


def test_an_error_is_reported_with_its_cell(tmp_path):
    broken = write_notebook(tmp_path / "broken.ipynb", "x = 1", "y = x / 0", "z = 2")
    expected = write_notebook(tmp_path / "expected.ipynb", "# NBVAL_RAISES_EXCEPTION\n1 / 0", "ok = True")
    reports, result = run([broken, expected])
    assert result.returncode == 1
    report = reports["broken.ipynb"]
    assert not report["ok"] and report["cell"] == 1 and report["first_line"] == "y = x / 0"
    assert "ZeroDivisionError" in report["error"]
    assert report["cells"] == 2, "it should stop at the failing cell"
    assert reports["expected.ipynb"]["ok"], "a cell marked to raise may raise"
