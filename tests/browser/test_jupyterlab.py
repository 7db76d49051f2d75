"""Open lessons in JupyterLab in headless Chromium, run every cell, and check the live charts.

The server serves a temporary copy of the notebooks with autosave off, so the
test never writes into the course's files. Screenshots go to test-artifacts/.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
LESSONS = ["00_start_here", "02_missiles_as_messages", "05_china_trade_window"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    settings = work / "settings"
    (settings / "@jupyterlab" / "docmanager-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(
        json.dumps({"autosave": False})
    )
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    token, port = secrets.token_hex(16), free_port()
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(work / "ws"),
        POS_RENDER="interactive",
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
    )
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work / 'notebooks'}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.open_browser=False",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    # The log stays open as long as the server runs; it is closed when the server stops.
    log = open(ARTIFACTS / "jupyterlab-server.log", "w") if ARTIFACTS.exists() else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start within 60 s (see test-artifacts/jupyterlab-server.log)")
    yield {"base": base, "token": token, "work": work}
    try:
        for kernel in json.load(urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=5)):
            req = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
            urllib.request.urlopen(req, timeout=5)
    except OSError:
        pass
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
    if log is not subprocess.DEVNULL:
        log.close()


KERNEL_READY = """() => {
  const widget = window.jupyterapp.shell.currentWidget;
  const kernel = widget?.context?.sessionContext?.session?.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""
# The clear command's promise does not settle, so it is fired without waiting.
CLEAR_ALL = "() => { window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs'); return true; }"
RUN_ALL = "() => window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => true)"
ALL_RAN = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  if (!cells.length) return false;
  const done = cells.every(c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputPrompt')?.textContent || ''));
  const idle = document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') !== 'busy';
  return done && idle;
}"""


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_and_charts_are_interactive(lab, page, lesson):
    if not (lab["work"] / "notebooks" / f"{lesson}.ipynb").exists():
        pytest.fail(f"notebooks/{lesson}.ipynb is missing")
    started = time.time()

    def step(name):
        print(f"  {lesson}: {name} at {time.time() - started:.1f} s", flush=True)

    page.goto(f"{lab['base']}/lab/tree/{lesson}.ipynb?token={lab['token']}&reset")
    page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=90_000, polling=300)
    step("notebook open, kernel idle")
    page.evaluate(CLEAR_ALL)
    page.wait_for_function("() => !document.querySelector('.jp-Notebook .jp-OutputArea-output')", timeout=30_000)
    page.evaluate(RUN_ALL)  # resolves when every cell has run
    page.wait_for_function(ALL_RAN, timeout=120_000, polling=500)
    page.wait_for_timeout(1500)
    step("all cells ran")

    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, f"{lesson}: a cell wrote an error: {errors.first.inner_text()[:500]}"

    charts = page.locator(".jp-OutputArea-output .vega-embed")
    marks = page.locator(".jp-OutputArea-output .vega-embed svg .role-mark > *")
    assert charts.count() >= 2, f"{lesson}: expected at least two live charts, found {charts.count()}"
    assert marks.count() > 0, f"{lesson}: the charts drew no marks"

    step(f"{charts.count()} charts, {marks.count()} marks")
    tooltip_seen = False
    for i in range(min(marks.count(), 80)):
        mark = marks.nth(i)
        mark.scroll_into_view_if_needed(timeout=5000)
        box = mark.bounding_box()
        if not box or box["width"] < 2 or box["height"] < 2:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(150)
        if page.locator("#vg-tooltip-element.visible").count():
            tooltip_seen = True
            break
    page.screenshot(path=str(ARTIFACTS / f"jupyterlab-{lesson}.png"))
    assert tooltip_seen, f"{lesson}: no tooltip appeared when hovering over chart marks"
    assert page.request_log.external() == [], f"requests left the machine: {page.request_log.external()[:5]}"
    print(f"{lesson}: {charts.count()} charts, {time.time() - started:.1f} s")


def test_browser_test_left_course_files_alone(lab):
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "notebooks"], cwd=ROOT, capture_output=True, text=True
    )
    if status.returncode == 0:
        assert status.stdout.strip() == "", f"course notebooks changed during the browser test: {status.stdout}"
