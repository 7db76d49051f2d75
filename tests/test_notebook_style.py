"""Lesson code stays readable: no code cell in a lesson is over 30 lines."""

import json
from pathlib import Path

import pytest

LESSONS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_LINES = 30


def long_cells(path: Path) -> list[str]:
    """Each code cell over MAX_LINES lines, as 'cell N (id): L lines'."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for number, cell in enumerate(cells):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        lines = len(source.rstrip("\n").splitlines())
        if cell["cell_type"] == "code" and lines > MAX_LINES:
            found.append(f"cell {number} ({cell.get('id', 'no id')}): {lines} lines")
    return found


def test_every_lesson_is_found():
    assert len(LESSONS) == 11


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_lesson_code_cell_is_over_30_lines(lesson):
    too_long = long_cells(lesson)
    assert not too_long, f"{lesson.name}: split these cells at the steps of the chart: {'; '.join(too_long)}"
