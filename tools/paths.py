"""Where the course's files are: the one list of notebooks every tool and test uses."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
LESSONS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
SOLUTIONS = EXERCISES / "solutions"

#: A course notebook's file name: two digits, an underscore, a name (00_start_here.ipynb).
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


def lesson_notebooks() -> list[Path]:
    """The lessons, notebooks/NN_*.ipynb, in course order."""
    return sorted(LESSONS.glob(NOTEBOOK_PATTERN))


def solution_notebooks() -> list[Path]:
    """The worked solutions, exercises/solutions/NN_*.ipynb."""
    return sorted(SOLUTIONS.glob(NOTEBOOK_PATTERN))


def learner_notebooks() -> list[Path]:
    """The learners' exercise notebooks, exercises/NN_*.ipynb (generated from the solutions)."""
    return sorted(EXERCISES.glob(NOTEBOOK_PATTERN))


def learner_path(solution: Path) -> Path:
    """The learner's copy of a solution notebook."""
    return solution.parent.parent / solution.name
