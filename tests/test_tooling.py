"""The commands that regenerate notebooks: learner copies, the no-lost-work guard."""

import subprocess
import sys

import nbformat
import pytest

from tools import nbtools, paths


def make_solution():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Exercises", metadata={}),
        nbformat.v4.new_markdown_cell("Instructor note", metadata={"tags": ["solution-only"]}),
        nbformat.v4.new_code_cell("answer = ...\n### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION\ncheck(answer)"),
        nbformat.v4.new_markdown_cell("A good answer weighs ...", metadata={"tags": ["solution"]}),
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="ok")]
    nb.cells[2].execution_count = 3
    return nb


def test_learner_copy_removes_answers_and_outputs():
    learner = nbtools.learner_copy(make_solution())
    sources = [c.source for c in learner.cells]
    assert "Instructor note" not in sources
    assert sources[1] == "answer = ...\ncheck(answer)"
    assert sources[2] == nbtools.ANSWER_BOX
    code = learner.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert all("tags" not in c.metadata for c in learner.cells)


def test_learner_copies_match_their_solutions():
    solutions = paths.solution_notebooks()
    learners = [p.name for p in paths.learner_notebooks()]
    assert learners == [s.name for s in solutions], (
        "learner copies and solutions differ: run python3 tasks.py exercises"
    )
    for solution in solutions:
        expected = nbformat.writes(nbtools.learner_copy(nbformat.read(solution, as_version=4))) + "\n"
        actual = paths.learner_path(solution).read_text(encoding="utf-8")
        assert actual == expected, (
            f"{paths.learner_path(solution).name} is out of sync with its solution: run python3 tasks.py exercises"
        )


def test_learner_copies_have_no_outputs_and_no_answers():
    for path in paths.learner_notebooks():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert nbtools.BEGIN not in cell.source, path.name
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_lesson_and_solution_notebooks_store_outputs():
    for path in paths.lesson_notebooks() + paths.solution_notebooks():
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        assert code and all(c.execution_count is not None for c in code), f"{path.name}: run python3 tasks.py outputs"
        assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "x"],
        cwd=tmp_path,
        check=True,
    )
    return tmp_path


def commit(repo, path):
    subprocess.run(["git", "add", str(path)], cwd=repo, check=True)
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "x"], cwd=repo, check=True
    )


def test_safe_write_never_overwrites_uncommitted_work(repo, monkeypatch):
    monkeypatch.setattr(nbtools, "ROOT", repo)
    path = repo / "01_x.ipynb"
    nbformat.write(make_solution(), path)
    commit(repo, path)
    path.write_text(path.read_text().replace("answer = 42", "answer = 41  # my work"))
    skipped = []
    assert nbtools.safe_write(nbtools.learner_copy(make_solution()), path, force=False, skipped=skipped) is False
    assert "my work" in path.read_text()
    assert skipped == ["01_x.ipynb: has changes not committed to git"]
    assert nbtools.report(skipped) == 1


def test_safe_write_refuses_untracked_and_forces_when_asked(repo, monkeypatch):
    monkeypatch.setattr(nbtools, "ROOT", repo)
    path = repo / "02_x.ipynb"
    path.write_text("my own notebook")
    skipped = []
    assert nbtools.safe_write(nbtools.learner_copy(make_solution()), path, force=False, skipped=skipped) is False
    assert skipped == ["02_x.ipynb: not committed to git yet"]
    assert nbtools.safe_write(nbtools.learner_copy(make_solution()), path, force=True, skipped=[]) is True
    assert "answer = ..." in path.read_text()


def test_safe_write_overwrites_committed_clean_file(repo, monkeypatch):
    monkeypatch.setattr(nbtools, "ROOT", repo)
    path = repo / "03_x.ipynb"
    nbformat.write(make_solution(), path)
    commit(repo, path)
    assert nbtools.safe_write(nbtools.learner_copy(make_solution()), path, force=False, skipped=[]) is True


def test_tasks_rejects_unknown_command(root):
    result = subprocess.run([sys.executable, str(root / "tasks.py"), "tset"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown command 'tset'" in result.stderr and "test" in result.stderr
