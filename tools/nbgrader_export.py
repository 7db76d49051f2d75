"""Write the exercises as nbgrader source notebooks (for courses that run nbgrader).

    python3 tasks.py bundle --nbgrader [--out DIR]    writes DIR/nbgrader/source/NN_name/NN_name.ipynb

From each solution notebook: the answer cells keep their "### BEGIN SOLUTION"
markers and become nbgrader solution cells; each check cell becomes an
autograded test cell worth one point, which prints the check's feedback and
fails (an AssertionError) when the task is not passed; the open question's
model answer becomes a manually graded answer cell; every other cell is
locked. Cells tagged "solution-only" are left out. nbgrader itself is an
optional extra (see the instructor guide); writing these files does not need it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from tools import nbtools as notebooks

OPEN_QUESTION_POINTS = 5
CHECK_CALL = re.compile(r"^check\.task(\d+)\((.*)\)\s*$")


def meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False, points: int = 0) -> dict:
    data = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        data["points"] = points
    return data


def to_nbgrader(solution_nb):
    nb = nbformat.from_dict(solution_nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if "solution-only" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            lines = cell.source.strip().splitlines()
            call = CHECK_CALL.match(lines[0]) if len(lines) == 1 else None
            if call:
                task, argument = call.groups()
                cell.source = (
                    f"feedback = check.task{task}({argument})\nprint(feedback)\nassert feedback.passed, str(feedback)"
                )
                cell.metadata["nbgrader"] = meta(f"check_task{task}", grade=True, locked=True, points=1)
            elif notebooks.BEGIN in cell.source:
                cell.metadata["nbgrader"] = meta(f"answer_{index:02d}", solution=True)
            else:
                cell.metadata["nbgrader"] = meta(f"cell_{index:02d}", locked=True)
        elif cell.cell_type == "markdown" and "solution" in tags:
            cell.metadata["nbgrader"] = meta("open_question", grade=True, solution=True, points=OPEN_QUESTION_POINTS)
        else:
            cell.metadata["nbgrader"] = meta(f"cell_{index:02d}", locked=True)
        rest = [t for t in tags if t != "solution"]
        if rest:
            cell.metadata["tags"] = rest
        else:
            cell.metadata.pop("tags", None)
        cells.append(cell)
    nb.cells = cells
    notebooks.clean_metadata(nb)
    return nb


def export(out: Path) -> list[Path]:
    written = []
    for solution in notebooks.solution_notebooks():
        nb = to_nbgrader(nbformat.read(solution, as_version=4))
        target = out / "nbgrader" / "source" / solution.stem / solution.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        written.append(target)
    return written
