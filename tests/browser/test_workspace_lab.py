"""`python3 tasks.py lab` as the README gives it, in a temporary copy of the repository.

Runs lesson 05 in the learner's workspace, saves it with Ctrl+S, and checks
that no tracked file changed and that the workspace copy holds the outputs.
Then runs exercise 05 with its answers empty and checks that the check labels
(NOT YET ...) show as words, with no emoji font needed. The copy builds its own
learner environment (the learner set, no vl-convert), so this also shows that
set is enough for a lesson's live charts.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import ARTIFACTS
from .test_jupyterlab import ALL_RAN, KERNEL_READY, RUN_ALL

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff]")


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("course-copy")
    copy = tmp / "position-of-strength"
    for name in git("ls-files", "-z", cwd=ROOT).split("\0"):
        if name and (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    git("init", "-q", cwd=copy)
    git("add", "-A", cwd=copy)
    git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-qm", "copy", cwd=copy)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POS_", "VIRTUAL_ENV", "JUPYTER"))}
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "lab-ws"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        HOME=str(tmp),
    )
    env["XDG_CACHE_HOME"] = os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))  # uv's cache: warm
    # The README's command; the extra option lets the test drive JupyterLab's commands.
    cmd = [sys.executable, "tasks.py", "lab", "--LabApp.expose_app_in_browser=True"]
    log_path = ARTIFACTS / "workspace-lab.log"
    ARTIFACTS.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        cmd, cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    lines, url = [], []

    def read():
        for line in proc.stdout:
            lines.append(line)
            m = re.search(r"(http://127\.0\.0\.1:\d+)/lab\?token=([0-9a-f]+)", line)
            if m and not url:
                url.append((m.group(1), m.group(2)))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.time() + 300
    while not url and time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
    if not url:
        os.killpg(proc.pid, 15)
        log_path.write_text("".join(lines))
        pytest.fail(f"`python3 tasks.py lab` printed no link within 300 s:\n{''.join(lines)[-2000:]}")
    base, token = url[0]
    yield {"base": base, "token": token, "copy": copy, "lines": lines}
    os.killpg(proc.pid, 2)  # Ctrl-C: JupyterLab shuts down its kernels
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
    log_path.write_text("".join(lines))


def open_and_run(page, lab, path):
    page.goto(f"{lab['base']}/lab/tree/{path}?token={lab['token']}&reset")
    page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=90_000)
    page.wait_for_function(KERNEL_READY, timeout=120_000, polling=300)
    page.evaluate(RUN_ALL)
    page.wait_for_function(ALL_RAN, timeout=180_000, polling=500)
    page.wait_for_timeout(1500)


def test_lab_opens_the_workspace_and_saving_never_touches_the_course(course_lab, page):
    copy = course_lab["copy"]
    said = "".join(course_lab["lines"])
    assert "your files are in" in said and str(copy / "workspace") in said
    lesson = copy / "workspace" / "notebooks" / "05_china_trade_window.ipynb"
    assert lesson.exists(), "lab did not create the workspace copy of lesson 05"
    open_and_run(page, course_lab, "notebooks/05_china_trade_window.ipynb")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, f"a cell wrote an error: {errors.first.inner_text()[:500]}"
    assert page.locator(".jp-OutputArea-output .vega-embed svg .role-mark > *").count() > 0, "no live chart drew marks"
    before = lesson.stat().st_mtime_ns
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Control+s")
    deadline = time.time() + 30
    while time.time() < deadline and lesson.stat().st_mtime_ns == before:
        time.sleep(0.3)
    page.screenshot(path=str(ARTIFACTS / "workspace-lesson-05.png"))
    saved = json.loads(lesson.read_text(encoding="utf-8"))
    outputs = sum(len(c.get("outputs", [])) for c in saved["cells"] if c["cell_type"] == "code")
    assert outputs > 0, "the workspace copy was not saved with its outputs"
    status = git("status", "--porcelain", "--untracked-files=all", cwd=copy)
    assert status.strip() == "", f"tracked or unignored files changed in the course copy:\n{status}"
    assert page.request_log.external() == [], f"requests left the machine: {page.request_log.external()[:5]}"


def test_check_labels_show_as_words_without_an_emoji_font(course_lab, page):
    fonts = (
        subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        if shutil.which("fc-list")
        else ""
    )
    emoji_fonts = [f for f in fonts.splitlines() if "emoji" in f.lower()]
    open_and_run(page, course_lab, "exercises/05_china_trade_window.ipynb")
    labels = page.locator(".jp-OutputArea-output .pos-label")
    assert labels.count() >= 3, f"expected a label for each check, found {labels.count()}"
    texts = set()
    for i in range(labels.count()):
        # JupyterLab renders only the cells in view: bring each label into view, then read the text
        # it holds (innerText is '' for a cell the browser has not laid out again yet).
        labels.nth(i).scroll_into_view_if_needed()
        texts.add((labels.nth(i).text_content() or "").strip())
        box = labels.nth(i).bounding_box()
        assert box and box["width"] > 30 and box["height"] > 8, "a label is not visible"
    assert texts == {"NOT YET"}, f"with empty answers every check should say NOT YET, got {texts}"
    background = labels.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the label has no colour"
    lines = page.locator(".jp-OutputArea-output .pos-feedback").all_inner_texts()
    assert lines and not any(EMOJI.search(t) for t in lines), "a check message depends on an emoji"
    page.screenshot(path=str(ARTIFACTS / "workspace-exercise-05-labels.png"))
    progress = course_lab["copy"] / "workspace" / "progress.json"
    assert progress.exists() and json.loads(progress.read_text())["results"], "the checks recorded no progress"
    print(f"labels {sorted(texts)}; emoji fonts installed: {emoji_fonts or 'none'}")
