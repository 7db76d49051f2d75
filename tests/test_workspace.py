"""The learner's workspace: creation, course updates that lose nothing, reset with a backup."""

import json
import os
import sys

import pytest

from tools import workspace as wsp


def notebook(*sources, outputs=None):
    cells = []
    for i, src in enumerate(sources):
        cells.append(
            {
                "cell_type": "code",
                "id": f"c{i}",
                "metadata": {},
                "source": src,
                "execution_count": None,
                "outputs": outputs or [],
            }
        )
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb))


@pytest.fixture
def course(tmp_path):
    root = tmp_path / "course"
    write(root / "notebooks" / "00_start_here.ipynb", notebook("print('start')"))
    write(root / "notebooks" / "05_trade.ipynb", notebook("x = 1"))
    write(root / "exercises" / "05_trade.ipynb", notebook("answer = ..."))
    write(root / "exercises" / "solutions" / "05_trade.ipynb", notebook("answer = 42"))
    return root


@pytest.fixture
def space(tmp_path, course):
    ws = tmp_path / "ws"
    wsp.update(ws, course, say=lambda m: None)
    return ws


def update(ws, course):
    return "\n".join(wsp.update(ws, course, say=lambda m: None))


def test_create_copies_lessons_and_exercises_but_not_solutions(space):
    assert (space / "notebooks" / "00_start_here.ipynb").exists()
    assert (space / "exercises" / "05_trade.ipynb").exists()
    assert not (space / "exercises" / "solutions").exists()


def test_outputs_alone_do_not_count_as_a_change(space, course):
    ran = notebook("x = 1", outputs=[{"output_type": "stream", "name": "stdout", "text": "1\n"}])
    write(space / "notebooks" / "05_trade.ipynb", ran)
    assert wsp.source_hash(space / "notebooks" / "05_trade.ipynb") == wsp.source_hash(
        course / "notebooks" / "05_trade.ipynb"
    )
    write(course / "notebooks" / "05_trade.ipynb", notebook("x = 2"))
    text = update(space, course)
    assert "updated to the course's new version" in text
    assert json.loads((space / "notebooks" / "05_trade.ipynb").read_text())["cells"][0]["source"] == "x = 2"


def test_unchanged_copy_is_replaced(space, course):
    write(course / "notebooks" / "05_trade.ipynb", notebook("x = 2"))
    text = update(space, course)
    assert "05_trade.ipynb: updated" in text
    assert wsp.source_hash(space / "notebooks" / "05_trade.ipynb") == wsp.source_hash(
        course / "notebooks" / "05_trade.ipynb"
    )
    assert not list((space / "notebooks").glob("*course-update*"))


def test_changed_copy_is_kept_and_new_version_placed_beside(space, course):
    write(space / "notebooks" / "05_trade.ipynb", notebook("x = 1  # my note"))
    assert update(space, course).endswith("up to date")  # the course did not change: nothing to say
    write(course / "notebooks" / "05_trade.ipynb", notebook("x = 2"))
    text = update(space, course)
    assert "yours is kept" in text
    mine = json.loads((space / "notebooks" / "05_trade.ipynb").read_text())
    assert mine["cells"][0]["source"] == "x = 1  # my note"
    beside = list((space / "notebooks").glob("05_trade.course-update-*.ipynb"))
    assert len(beside) == 1 and json.loads(beside[0].read_text())["cells"][0]["source"] == "x = 2"
    assert "up to date" in update(space, course)  # a second update adds no second copy
    assert len(list((space / "notebooks").glob("05_trade.course-update-*.ipynb"))) == 1


def test_deleted_lesson_comes_back_with_a_message(space, course):
    (space / "notebooks" / "05_trade.ipynb").unlink()
    text = update(space, course)
    assert "you had deleted it" in text
    assert (space / "notebooks" / "05_trade.ipynb").exists()


def test_new_lesson_is_copied_in(space, course):
    write(course / "notebooks" / "06_sanctions.ipynb", notebook("y = 1"))
    assert "new in the course" in update(space, course)
    assert (space / "notebooks" / "06_sanctions.ipynb").exists()


def test_renamed_lesson_unchanged_copy_moves(space, course):
    os.replace(course / "notebooks" / "05_trade.ipynb", course / "notebooks" / "05_china_trade.ipynb")
    text = update(space, course)
    assert "is now notebooks/05_china_trade.ipynb" in text
    assert (space / "notebooks" / "05_china_trade.ipynb").exists()
    assert not (space / "notebooks" / "05_trade.ipynb").exists()


def test_renamed_lesson_changed_copy_is_kept(space, course):
    write(space / "notebooks" / "05_trade.ipynb", notebook("x = 1  # mine"))
    os.replace(course / "notebooks" / "05_trade.ipynb", course / "notebooks" / "05_china_trade.ipynb")
    text = update(space, course)
    assert "your changed copy notebooks/05_trade.ipynb is kept" in text
    assert "mine" in (space / "notebooks" / "05_trade.ipynb").read_text()
    assert (space / "notebooks" / "05_china_trade.ipynb").exists()


def test_invalid_json_copy_is_kept_and_reported(space, course):
    broken = space / "notebooks" / "05_trade.ipynb"
    broken.write_text('{"cells": [ half a notebook')
    text = update(space, course)
    assert "not a readable notebook" in text
    assert broken.read_text() == '{"cells": [ half a notebook'
    assert list((space / "notebooks").glob("05_trade.course-update-*.ipynb"))


def test_workspace_from_an_older_course_version(space, course):
    (space / ".course" / "record.json").write_text('{"format": 0}')
    write(space / "notebooks" / "05_trade.ipynb", notebook("x = 1  # mine"))
    text = update(space, course)
    assert "older version of the course" in text and str(space) in text
    assert "mine" in (space / "notebooks" / "05_trade.ipynb").read_text()


def test_reset_keeps_a_dated_backup(space, course):
    write(space / "notebooks" / "05_trade.ipynb", notebook("x = 1  # mine"))
    backup = wsp.reset("5", ws=space, root=course, say=lambda m: None)
    assert backup.exists() and "mine" in backup.read_text()
    assert backup.parent == space / "backups" / "notebooks"
    assert wsp.source_hash(space / "notebooks" / "05_trade.ipynb") == wsp.source_hash(
        course / "notebooks" / "05_trade.ipynb"
    )
    second = wsp.reset("05", exercise=True, ws=space, root=course, say=lambda m: None)
    assert second.parent == space / "backups" / "exercises"
    with pytest.raises(wsp.WorkspaceError, match="no lesson 42"):
        wsp.reset("42", ws=space, root=course)


@pytest.mark.skipif(
    os.name == "nt" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="folder permissions are not enforced for root (or on Windows)",
)
def test_unwritable_workspace_gets_a_clear_message(tmp_path, course):
    ws = tmp_path / "locked"
    ws.mkdir()
    (ws / "something").write_text("x")
    ws.chmod(0o500)
    try:
        with pytest.raises(wsp.WorkspaceError, match="cannot be written") as err:
            wsp.update(ws, course, say=lambda m: None)
        assert str(ws) in str(err.value) and "POS_WORKSPACE" in str(err.value)
    finally:
        ws.chmod(0o700)


def test_full_disk_gets_a_clear_message(space, course, monkeypatch):
    import errno

    write(course / "notebooks" / "05_trade.ipynb", notebook("x = 2"))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wsp.shutil, "copyfileobj", full)
    with pytest.raises(wsp.WorkspaceError, match="is full") as err:
        wsp.update(space, course, say=lambda m: None)
    assert str(space) in str(err.value)
    assert not list((space / "notebooks").glob(".tmp-*")), "a half-written file was left behind"
    assert wsp.source_hash(space / "notebooks" / "05_trade.ipynb")  # the old copy is intact


def test_links_between_lessons_resolve_in_the_workspace(root, tmp_path):
    """The workspace mirrors the course's folder names, so ../exercises/... links still land."""
    import re

    ws = tmp_path / "ws"
    wsp.update(ws, root, say=lambda m: None)
    broken = []
    for nb in list((ws / "notebooks").glob("*.ipynb")) + list((ws / "exercises").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for link in re.findall(r"\]\(([^)#\s]+\.ipynb)", source):
                if "://" not in link and not (nb.parent / link).exists():
                    broken.append(f"{nb.relative_to(ws)} -> {link}")
    assert not broken, broken


def test_update_runs_with_the_standard_library_only(root, tmp_path):
    """Binder's postBuild and hubs run it with a bare Python."""
    import subprocess

    env = dict(os.environ, POS_WORKSPACE=str(tmp_path / "ws"))
    done = subprocess.run(
        [sys.executable, "-S", "-I", str(root / "tools" / "workspace.py"), "update"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ws" / "notebooks" / "00_start_here.ipynb").exists()


def test_permission_error_names_the_folder_even_as_root(space, course, monkeypatch):
    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(wsp.Path, "write_text", denied)
    with pytest.raises(wsp.WorkspaceError, match="cannot be written") as err:
        wsp.update(space, course, say=lambda m: None)
    assert str(space) in str(err.value)
