"""`python3 tasks.py grade`: a class of test submissions (tests/fixtures/submissions/)
is graded once; the tests read the gradebook, the feedback pages and the summary,
and check that nothing outside the output folder and the temporary folders changed.

Cases that need the sandbox (network, files outside the folder, deleting files)
are skipped, with the reason, where bubblewrap cannot run (not Linux, not root,
no bwrap). Set POS_GRADE_SANDBOX=required (as .ci/run does) to make that a failure.

The tests that grade (marked `grading`, about 30 s on two cores) are left out of
`python3 tasks.py test`; run them with
`python3 tasks.py test tests/test_grading.py -m grading -n 0` (.ci/run does).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SUBMISSIONS = FIXTURES / "submissions"
sys.path.insert(0, str(FIXTURES))

import make_submissions  # noqa: E402

from tools import grade  # noqa: E402

CANARY = Path(make_submissions.CANARY)
NEEDS_SANDBOX = {"jade", "kim", "leo"}


@functools.cache
def sandbox_problem() -> str | None:
    """Probed once, and only by the grading tests (not at collection, which every test run does)."""
    problem = grade.sandbox_problem()
    if problem and os.environ.get("POS_GRADE_SANDBOX") == "required":
        pytest.fail(f"POS_GRADE_SANDBOX=required but the grading sandbox cannot run: {problem}")
    return problem


@pytest.fixture
def needs_sandbox_here():
    if sandbox_problem():
        pytest.skip(f"the grading sandbox cannot run here: {sandbox_problem()}")


needs_sandbox = pytest.mark.usefixtures("needs_sandbox_here")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file (and link) under folder with its content hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        if path.is_symlink():
            found[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


WATCHED = [ROOT / "data", ROOT / "src", ROOT / "exercises", SUBMISSIONS, CANARY]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the class once; return (gradebook rows, output folder, printed text, before, after)."""
    CANARY.mkdir(exist_ok=True)
    (CANARY / "canary.txt").write_text("must survive the grading\n")
    submissions = tmp_path_factory.mktemp("class") / "submissions"
    shutil.copytree(SUBMISSIONS, submissions, symlinks=True)
    (submissions / "zed_05.ipynb").symlink_to("/etc/hostname")  # a link must never be followed
    extra = []
    if sandbox_problem():
        for name in NEEDS_SANDBOX:
            (submissions / f"{name}_05.ipynb").unlink()
        extra = ["--unsafe-no-sandbox"]
    out = tmp_path_factory.mktemp("graded")
    watched = [*WATCHED, submissions]  # the copy the grader reads: a learner's file must never change
    before = {str(p): tree_digest(p) for p in watched}
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = grade.main([str(submissions), "--out", str(out), "--timeout", "6", "--jobs", "2", *extra])
    assert code == 0, printed.getvalue()
    after = {str(p): tree_digest(p) for p in watched}
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    yield rows, out, printed.getvalue(), before, after, submissions
    shutil.rmtree(CANARY, ignore_errors=True)


def of(rows, learner, lesson="05"):
    return [r for r in rows if r["learner"] == learner and r["lesson"] == lesson]


def passed(rows, learner, lesson="05"):
    return [r["task"] for r in of(rows, learner, lesson) if r["passed"] == "true"]


def notes(rows, learner, lesson="05"):
    return " | ".join(r["message"] for r in of(rows, learner, lesson) if r["task"] == "notebook")


def test_fixture_submissions_are_up_to_date():
    built = make_submissions.build()
    for name, text in built.items():
        path = SUBMISSIONS / name
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{name} is stale: run .venv/bin/python tests/fixtures/make_submissions.py"
        )
    assert len(built) >= 12


@pytest.mark.grading
def test_gradebook_columns_and_values(graded):
    rows, out, *_ = graded
    assert list(rows[0]) == ["learner", "lesson", "task", "passed", "message"]
    assert {r["passed"] for r in rows} == {"true", "false"}
    assert all(r["message"] for r in rows)


@pytest.mark.grading
def test_right_answers_pass_in_both_layouts(graded):
    rows, *_ = graded
    assert passed(rows, "ada") == [f"Task {n}" for n in range(1, 8)]
    assert passed(rows, "ada", "01") == [f"Task {n}" for n in range(1, 7)]
    assert notes(rows, "ada") == ""


@pytest.mark.grading
def test_partly_right_and_empty(graded):
    rows, *_ = graded
    assert passed(rows, "ben") == ["Task 1", "Task 2", "Task 3"]
    assert all("not answered yet" in r["message"] for r in of(rows, "ben")[3:])
    assert passed(rows, "cleo") == []
    assert len(of(rows, "cleo")) == 7 and all("not answered yet" in r["message"] for r in of(rows, "cleo"))


@pytest.mark.grading
def test_bad_files_get_rows_that_say_why(graded):
    rows, *_ = graded
    dan = of(rows, "dan")
    assert len(dan) == 7 and all("not a valid notebook" in r["message"] and r["passed"] == "false" for r in dan)
    eve = of(rows, "eve")
    assert len(eve) == 7 and all("notebook of lesson 01, not of lesson 05" in r["message"] for r in eve)
    assert "file name" in of(rows, "notes", "")[0]["message"]
    assert all("symbolic link" in r["message"] for r in of(rows, "zed")) and of(rows, "zed")


@pytest.mark.grading
def test_deleted_and_moved_cells(graded):
    rows, *_ = graded
    assert passed(rows, "finn") == [f"Task {n}" for n in range(1, 6)]
    finn = {r["task"]: r["message"] for r in of(rows, "finn")}
    assert "check.task6(...) is missing" in finn["Task 6"]
    assert "6, 7" in notes(rows, "finn")
    assert "cells were moved" in notes(rows, "gus")
    assert "Task 3" not in passed(rows, "gus") and "Task 7" in passed(rows, "gus")


@pytest.mark.grading
def test_endless_loop_is_stopped_and_earlier_tasks_count(graded):
    rows, *_ = graded
    assert passed(rows, "hana") == ["Task 1", "Task 2", "Task 3"]
    assert "longer than the 6 s limit" in notes(rows, "hana")
    assert all("not graded" in r["message"] for r in of(rows, "hana") if r["task"] in ("Task 4", "Task 7"))


@pytest.mark.grading
def test_memory_exhaustion_is_reported(graded):
    rows, *_ = graded
    assert passed(rows, "ivan") == ["Task 1", "Task 2"]
    assert "ran out of memory" in notes(rows, "ivan")


@pytest.mark.grading
@needs_sandbox
def test_network_is_closed(graded):
    rows, *_ = graded
    assert passed(rows, "jade") == ["Task 1", "Task 2"]
    assert notes(rows, "jade").count("tried to reach the network") == 2


@pytest.mark.grading
@needs_sandbox
def test_files_outside_the_folder_cannot_be_read_or_written(graded):
    rows, *_ = graded
    assert passed(rows, "kim") == ["Task 1"]
    text = notes(rows, "kim")
    for path in (
        "/etc/passwd",
        f"{CANARY}/canary.txt",
        f"{CANARY}/written.txt",
        "solutions/05_china_trade_window.ipynb",
        "checks.py",
    ):
        assert path in text, path


@pytest.mark.grading
@needs_sandbox
def test_files_cannot_be_deleted(graded):
    rows, *_ = graded
    assert passed(rows, "leo") == ["Task 1", "Task 2"]
    assert notes(rows, "leo").count("tried to use a file outside") == 3


@pytest.mark.grading
def test_nothing_outside_the_output_changed(graded):
    rows, out, printed, before, after, submissions = graded
    assert before == after
    assert (CANARY / "canary.txt").read_text() == "must survive the grading\n"
    assert not (CANARY / "written.txt").exists()


@pytest.mark.grading
def test_feedback_pages_summary_and_progress(graded):
    rows, out, printed, *_ = graded
    learners = {r["learner"] for r in rows}
    assert {p.stem for p in (out / "feedback").glob("*.html")} == learners
    ben = (out / "feedback" / "ben.html").read_text(encoding="utf-8")
    assert "3 of 7 tasks passed" in ben and "not answered yet" in ben
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "<svg" in summary and "Pass rate per task" in summary and "http" not in summary.split("<svg", 1)[0]
    total = len(list((out / "feedback").glob("*.html")))
    assert "[1/" in printed and "] ada 05" in printed and total >= 12
    wide = (out / "gradebook_wide.csv").read_text(encoding="utf-8").splitlines()
    assert wide[0].startswith("learner,01 Task 1,") and any(line.startswith("ada,1,1,1,1,1,1,1,") for line in wide)


@pytest.mark.grading
def test_a_second_run_skips_unchanged_submissions(graded, capsys):
    rows, out, printed, before, after, submissions = graded
    extra = ["--unsafe-no-sandbox"] if sandbox_problem() else []
    first = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert grade.main([str(submissions), "--out", str(out), "--timeout", "6", *extra]) == 0
    second = capsys.readouterr().out
    graded_lines = [line for line in second.splitlines() if line.startswith("[") and "/" in line.split("]")[0]]
    again = [line for line in graded_lines if "unchanged, skipped" not in line]
    # every file is skipped but the symbolic link, which is never read, so never hashed
    assert len(graded_lines) >= 12 and [line.split()[1] for line in again] == ["zed"], second
    assert (out / "gradebook.csv").read_text(encoding="utf-8") == first


def test_without_the_sandbox_it_stops_unless_told(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(grade, "sandbox_problem", lambda: "namespaces exist only on Linux (this is darwin)")
    out = tmp_path / "out"
    assert grade.main([str(SUBMISSIONS), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no network isolation" in err and "no file-system isolation" in err and "--unsafe-no-sandbox" in err
    assert not out.exists()


def test_two_notebooks_for_one_lesson_are_not_both_counted(tmp_path):
    ada = tmp_path / "ada"
    (ada / "old").mkdir(parents=True)
    shutil.copy(SUBMISSIONS / "ada" / "05_china_trade_window.ipynb", ada / "05_china_trade_window.ipynb")
    shutil.copy(SUBMISSIONS / "ada" / "05_china_trade_window.ipynb", ada / "05_china_trade_window-Copy1.ipynb")
    shutil.copy(SUBMISSIONS / "ada" / "01_summits_to_silence.ipynb", ada / "old" / "01_summits_to_silence.ipynb")
    found = {s.path.name: s.problem for s in grade.find_submissions(tmp_path)}
    assert "2 notebooks for lesson 05" in found["05_china_trade_window.ipynb"]
    assert "keep one" in found["05_china_trade_window-Copy1.ipynb"]
    assert found["01_summits_to_silence.ipynb"] == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_file_that_is_not_a_regular_file_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "bo_05.ipynb")  # reading it would wait for ever
    (found,) = grade.find_submissions(tmp_path)
    assert found.problem == "not graded: not a regular file."


def test_gradebook_messages_never_start_a_spreadsheet_formula(tmp_path):
    rows = [{"learner": "x", "lesson": "05", "task": "notebook", "passed": False, "message": '=HYPERLINK("http://x")'}]
    grade.write_gradebook(tmp_path, rows)
    assert "'=HYPERLINK" in (tmp_path / "gradebook.csv").read_text(encoding="utf-8")
