"""Regenerate stored notebook outputs and the learners' exercise notebooks.

    python3 tasks.py outputs [NOTEBOOK ...] [--force]    (python -m tools.nbtools outputs ...)
    python3 tasks.py exercises [--force]                (python -m tools.nbtools learner ...)

outputs   re-runs lesson notebooks (notebooks/) and solution notebooks
          (exercises/solutions/) in the static chart mode and stores their outputs.
learner   writes exercises/NN_*.ipynb from exercises/solutions/NN_*.ipynb:
          code between "### BEGIN SOLUTION" and "### END SOLUTION" is removed,
          markdown cells tagged "solution" become an empty answer box,
          cells tagged "solution-only" are dropped, outputs are cleared.

Neither command overwrites a notebook that has changes not yet committed to
git (a learner's answers, an instructor's notes) unless --force is given; it
says which files it skipped and why.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import nbformat

from tools.paths import ROOT, learner_path, lesson_notebooks, solution_notebooks

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ANSWER_BOX = "**Your answer:** _write your answer here (double-click this cell to edit it)._"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def unsaved_reason(path: Path) -> str | None:
    """Why overwriting `path` could lose work, or None when it is safe."""
    if not path.exists():
        return None
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--", str(path)],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not in a git checkout, so its changes cannot be told apart from generated ones"
    if out.startswith("??"):
        return "not committed to git yet"
    if out.strip():
        return "has changes not committed to git"
    return None


def safe_write(nb, path: Path, force: bool, skipped: list[str]) -> bool:
    text = nbformat.writes(nb) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    reason = None if force else unsaved_reason(path)
    if reason:
        skipped.append(f"{path.relative_to(ROOT)}: {reason}")
        return False
    path.write_text(text, encoding="utf-8")
    return True


def clean_metadata(nb) -> None:
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if "id" in cell:
            del cell["id"]
    nb.nbformat, nb.nbformat_minor = 4, 4


def execute(path: Path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    clean_metadata(nb)
    return nb


def cmd_outputs(args: list[str]) -> int:
    force = "--force" in args
    names = [a for a in args if not a.startswith("--")]
    course = lesson_notebooks() + solution_notebooks()
    paths = [Path(n).resolve() for n in names] or course
    # Only the course's lessons and solutions have stored outputs; never run over a learner's copy.
    others = [str(p) for p in paths if p not in course]
    if others:
        print(f"outputs: not a lesson or solution notebook: {', '.join(others)}", file=sys.stderr)
        return 2
    skipped: list[str] = []
    for path in paths:
        reason = None if force else unsaved_reason(path)
        if reason:
            skipped.append(f"{path.relative_to(ROOT)}: {reason}")
            continue
        print(f"running {path.relative_to(ROOT)}", flush=True)
        try:
            nb = execute(path)
        except Exception as err:  # report and go on with the others
            print(f"  FAILED: {type(err).__name__}: {str(err)[-2000:]}", flush=True)
            skipped.append(f"{path.relative_to(ROOT)}: failed to run")
            continue
        changed = safe_write(nb, path, force=True, skipped=skipped)
        print("  outputs updated" if changed else "  unchanged", flush=True)
    return report(skipped)


def learner_copy(solution_nb):
    nb = copy.deepcopy(solution_nb)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "solution-only" in tags:
            continue
        if cell.cell_type == "markdown" and "solution" in tags:
            cell.source = ANSWER_BOX
        elif cell.cell_type == "code":
            cell.source = strip_solution(cell.source)
            cell.outputs = []
            cell.execution_count = None
        other_tags = [t for t in tags if t != "solution"]
        if other_tags:
            cell.metadata["tags"] = other_tags
        else:
            cell.metadata.pop("tags", None)
        cells.append(cell)
    nb.cells = cells
    clean_metadata(nb)
    return nb


def strip_solution(source: str) -> str:
    kept, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            inside = True
            continue
        if marker == END:
            inside = False
            continue
        if not inside:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def cmd_learner(args: list[str]) -> int:
    force = "--force" in args
    skipped: list[str] = []
    for solution in solution_notebooks():
        target = learner_path(solution)
        nb = learner_copy(nbformat.read(solution, as_version=4))
        if safe_write(nb, target, force, skipped):
            print(f"wrote {target.relative_to(ROOT)}")
    return report(skipped)


def report(skipped: list[str]) -> int:
    if skipped:
        print("\nSkipped (nothing was overwritten):")
        for line in skipped:
            print(f"  {line}")
        print("Commit or save a copy of your changes first, or pass --force to overwrite them.")
        return 1
    return 0


if __name__ == "__main__":
    commands = {"outputs": cmd_outputs, "learner": cmd_learner}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(commands[sys.argv[1]](sys.argv[2:]))
