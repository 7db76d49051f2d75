"""Progress recording: labels in words, a progress file that survives damage, never in the sources."""

import json
import os
import subprocess
import sys

import pytest

from poscourse import tracking
from poscourse.checks import Feedback
from poscourse.exercises import ex05

EMOJI = ("\u2705", "\u274c", "\u23f3")


@pytest.fixture
def where(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_PROGRESS_DIR", str(tmp_path))
    tracking._warned.clear()
    return tmp_path / "progress.json"


def results(path):
    return json.loads(path.read_text())["results"]


def test_labels_are_words_with_a_plain_text_fallback():
    for status, label in (("correct", "PASS"), ("wrong", "TRY AGAIN"), ("missing", "NOT YET")):
        feedback = Feedback("Task 1", status, "a `code` message <b>")
        assert str(feedback).startswith(f"[{label}] Task 1:")
        page = feedback._repr_html_()
        assert f">{label}</span>" in page and "background:#" in page
        assert "<code>code</code>" in page and "&lt;b&gt;" in page
        assert not any(e in str(feedback) + page for e in EMOJI)


def test_a_check_records_lesson_task_status_and_time(where):
    ex05.task1(...)
    ex05.task1(3)
    rows = results(where)
    assert [(r["lesson"], r["task"], r["status"]) for r in rows] == [
        ("05", "Task 1", "missing"),
        ("05", "Task 1", "wrong"),
    ]
    assert all(r["time"].endswith("+00:00") for r in rows)
    table = tracking.progress_table()
    assert table.to_dict("records")[0]["result"] == "TRY AGAIN" and table["attempts"].tolist() == [1]
    spec = tracking.progress_chart(table).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "rect"


@pytest.mark.parametrize("damage", ["{broken", '{"results": 3}', "\x00\xff garbage", "[]"])
def test_a_damaged_progress_file_never_breaks_a_check(where, damage, capsys):
    where.write_text(damage, encoding="latin-1")
    feedback = ex05.task1(3)
    assert feedback.status == "wrong"
    said = capsys.readouterr().out.strip().splitlines()
    assert len(said) == 1 and "could not be read" in said[0] and "new one started" in said[0]
    assert len(results(where)) == 1
    kept = list(where.parent.glob("progress.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == damage.encode("latin-1")  # never deleted


def test_a_missing_file_is_started_quietly(where, capsys):
    ex05.task1(...)
    assert where.exists() and capsys.readouterr().out == ""


def test_an_unwritable_place_never_breaks_a_check(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POS_PROGRESS_DIR", str(blocker / "sub"))
    tracking._warned.clear()
    assert ex05.task1(3).status == "wrong"
    assert ex05.task1(3).status == "wrong"
    said = capsys.readouterr().out.strip().splitlines()
    assert len(said) == 1 and "could not record" in said[0]


def test_recording_never_writes_the_course_sources(root, tmp_path):
    """Run from the course's own exercises/ folder, with no override: the file goes to the user's folder."""
    before = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=root, capture_output=True, text=True
    ).stdout
    env = {k: v for k, v in os.environ.items() if k not in ("POS_PROGRESS_DIR", "POS_WORKSPACE")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), APPDATA=str(tmp_path / "appdata"))
    # tracking.py alone (standard library only), so the test does not pay for importing pandas and Altair.
    code = (
        "import importlib.util as u; s = u.spec_from_file_location('tracking', "
        + repr(str(root / "src" / "poscourse" / "tracking.py"))
        + "); t = u.module_from_spec(s); s.loader.exec_module(t); t.record('Task 1', 'wrong', lesson='05'); print(t.progress_file())"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=root / "exercises", env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    written = done.stdout.strip().splitlines()[-1]
    assert written.startswith(str(tmp_path)), written
    after = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=root, capture_output=True, text=True
    ).stdout
    assert before == after


def test_in_a_workspace_the_file_is_at_its_top(tmp_path, monkeypatch):
    space = tmp_path / "ws"
    (space / ".course").mkdir(parents=True)
    (space / ".course" / "record.json").write_text("{}")
    (space / "exercises").mkdir()
    monkeypatch.delenv("POS_PROGRESS_DIR", raising=False)
    monkeypatch.delenv("POS_WORKSPACE", raising=False)
    monkeypatch.chdir(space / "exercises")
    assert tracking.progress_file() == space / "progress.json"
