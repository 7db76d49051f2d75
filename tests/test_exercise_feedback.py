"""What every exercise check must do, whatever the lesson: for each taskN of
each poscourse.exercises.exNN module, an unanswered task says so, and odd
input gets a clear "wrong" message, never an exception. The right and wrong
answers of each task are tested in tests/test_exercises_NN.py."""

import importlib
import pkgutil
import re

import altair as alt
import nbformat
import pandas as pd
import pytest

import poscourse.exercises
from poscourse.checks import Feedback
from tools import paths

MODULES = sorted(m.name for m in pkgutil.iter_modules(poscourse.exercises.__path__) if re.fullmatch(r"ex\d\d", m.name))
TASKS = [
    (name, task)
    for name in MODULES
    for task in sorted(
        (
            f
            for n, f in vars(importlib.import_module(f"poscourse.exercises.{name}")).items()
            if re.fullmatch(r"task\d+", n)
        ),
        key=lambda f: int(f.__name__[4:]),
    )
]
BAD_INPUTS = [
    None,
    "some text",
    [1, 2, 3],
    42,
    3.5,
    pd.DataFrame({"wrong": [1, 2]}),
    pd.DataFrame(),
    pd.Series([1, 2], name="x"),
    pd.Series([2010], name="year"),  # one value still in a Series (a .loc that returned a Series)
    float("nan"),
    alt.Chart(pd.DataFrame({"x": [1]})).mark_point(),
]
IDS = [f"{name}.{task.__name__}" for name, task in TASKS]


def test_every_lesson_from_01_has_checks():
    assert [f"ex{n:02d}" for n in range(1, 11)] == MODULES


@pytest.mark.parametrize("name,task", TASKS, ids=IDS)
def test_unanswered_task_says_so(name, task):
    feedback = task(...)
    assert isinstance(feedback, Feedback)
    assert feedback.status == "missing"
    assert "not answered yet" in str(feedback)


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: type(b).__name__)
@pytest.mark.parametrize("name,task", TASKS, ids=IDS)
def test_odd_input_is_wrong_with_a_message_not_an_exception(name, task, bad):
    feedback = task(bad)
    if feedback.status == "correct":
        pytest.fail(f"{name}.{task.__name__} accepted {type(bad).__name__} as a right answer")
    assert feedback.status == "wrong"
    assert len(feedback.message) > 10
    assert "Traceback" not in feedback.message


@pytest.mark.parametrize("solution", paths.solution_notebooks(), ids=lambda p: p.name)
def test_solution_notebook_calls_every_check_and_passes(solution):
    module = f"ex{solution.name[:2]}"
    nb = nbformat.read(solution, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f"exercises import {module} as check" in source
    called = set(re.findall(r"check\.(task\d+)\(", source))
    defined = {task.__name__ for name, task in TASKS if name == module}
    assert called == defined, f"{solution.name}: checks defined {sorted(defined)}, called {sorted(called)}"
    outputs = "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    assert "[TRY AGAIN]" not in outputs and "[NOT YET]" not in outputs, (
        f"{solution.name}: a worked solution does not pass its own check"
    )
    assert outputs.count("[PASS]") >= len(defined)


def test_is_number_takes_numbers_only_and_says_how_to_get_one():
    import numpy as np

    from poscourse.checks import is_number

    for number in (3, 2.5, np.int64(4), np.float64(1.5)):
        assert is_number(number) is None
    assert "`.item()`" in is_number(pd.Series([2010]))
    for odd in (float("nan"), float("inf"), np.float64("nan"), True, np.str_("2010"), "2010"):
        assert is_number(odd), f"{odd!r} was taken for a number"
