"""Feedback for the exercises.

A check never raises and never prints the expected answer. It returns a
Feedback, which shows as one line in a notebook, its status in words (a
coloured label in JupyterLab, plain text elsewhere; no emoji font needed):

    [PASS] Task 2: correct.
    [TRY AGAIN] Task 2: the table has 12 rows; expected one row per year. Hint: ...
    [NOT YET] Task 2: not answered yet. Replace the ... with your answer.

Every Feedback made by an exercise check is recorded in the learner's
progress file (see poscourse.tracking); recording never breaks a check.

Exercise modules (poscourse.exercises.exNN) build their checks from the
helpers below and, for charts, from poscourse.chartchecks; each helper
returns None when the answer passes or a message saying what is wrong.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .tracking import record as record_result

#: A check's step: takes the answer, returns None when it passes or a message saying what is wrong.
Step = Callable[[Any], "str | None"]

NOT_ANSWERED = "not answered yet. Replace the `...` with your answer and run the cell again."


@dataclass(frozen=True)
class Feedback:
    task: str
    status: str  # "correct", "wrong", "missing"
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __post_init__(self) -> None:
        record_result(self.task, self.status)

    @property
    def label(self) -> str:
        return LABELS[self.status][0]

    def __str__(self) -> str:
        return f"[{self.label}] {self.task}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        label, background = LABELS[self.status]
        # `code` in a message becomes <code>; everything else is escaped text.
        message = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.message))
        return (
            f'<div class="pos-feedback pos-{self.status}" role="status">'
            f'<span class="pos-label" style="background:{background};color:#ffffff;font-weight:bold;'
            f'padding:0.1em 0.45em;border-radius:3px;margin-right:0.4em">{label}</span>'
            f"<strong>{html.escape(self.task)}</strong>: {message}</div>"
        )


# Status -> (label, background). White text on each background has a contrast of at least 4.5:1.
LABELS = {"correct": ("PASS", "#1a7f37"), "wrong": ("TRY AGAIN", "#b3261e"), "missing": ("NOT YET", "#57606a")}


def run_check(task: str, answer: Any, *steps: Step, hint: str = "", success: str = "correct.") -> Feedback:
    """Run the steps in order; the first message found is the feedback.

    A step that raises is reported as a problem with the answer, not a traceback.
    """
    if answer is Ellipsis:
        return Feedback(task, "missing", NOT_ANSWERED)
    if answer is None:
        return Feedback(
            task,
            "wrong",
            "the answer is None. Did you assign the result of a method that works in place, "
            "or forget to write the expression after `=`?",
        )
    for step in steps:
        try:
            message = step(answer)
        except Exception as err:  # a learner's odd answer must never produce a traceback
            message = f"your answer could not be checked ({type(err).__name__}: {err})."
        if message:
            text = message if not hint else f"{message} Hint: {hint}"
            return Feedback(task, "wrong", text)
    return Feedback(task, "correct", success)


# --- building blocks: each returns None (fine) or a message -------------------


def _type_name(value: Any) -> str:
    return type(value).__name__


def is_number(answer: Any) -> str | None:
    """A finite int or float, or a numpy number (np.int64, np.float64); not a bool."""
    if isinstance(answer, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        if getattr(answer, "size", 0) == 1:
            return (
                f"expected a number, got a {_type_name(answer)} holding one value: take the value out with `.item()`."
            )
        return f"expected a number, got a {_type_name(answer)}."
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
        return f"expected a number, got a {_type_name(answer)}."
    if not math.isfinite(answer):
        return f"expected a number, got {answer} (not a finite number)."
    return None


def is_text(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"expected text (a str in quotes), got a {_type_name(answer)}."
    if not answer.strip():
        return "the text is empty."
    return None


def one_of(choices: dict[str, str], correct: str) -> Step:
    """A multiple-choice answer: choices maps each option to the feedback for picking it."""

    def step(answer):
        problem = is_text(answer)
        if problem:
            return problem
        key = answer.strip().lower()
        options = {k.lower(): v for k, v in choices.items()}
        if key not in options:
            return f"{answer!r} is not one of the options: {', '.join(repr(k) for k in choices)}."
        if key == correct.lower():
            return None
        return options[key]

    return step


def is_dataframe(answer: Any) -> str | None:
    if isinstance(answer, pd.Series):
        return "this is a Series (one column); expected a DataFrame. Try `.reset_index()` or `.to_frame()`."
    if not isinstance(answer, pd.DataFrame):
        return f"expected a DataFrame, got a {_type_name(answer)}."
    return None


def is_series(answer: Any) -> str | None:
    if isinstance(answer, pd.DataFrame):
        return 'this is a DataFrame; expected a Series (one column). Select one column with `["name"]`.'
    if not isinstance(answer, pd.Series):
        return f"expected a Series, got a {_type_name(answer)}."
    return None


def has_columns(*columns: str) -> Step:
    def step(answer):
        problem = is_dataframe(answer)
        if problem:
            return problem
        missing = [c for c in columns if c not in answer.columns]
        if missing:
            have = ", ".join(map(str, answer.columns)) or "none"
            return f"the table lacks column(s) {', '.join(missing)} (it has: {have})."
        return None

    return step


def n_rows(expected: int, what: str = "") -> Step:
    def step(answer):
        if len(answer) == expected:
            return None
        detail = f"; expected {what}" if what else ""
        direction = "too many" if len(answer) > expected else "too few"
        return f"the result has {len(answer)} rows, {direction}{detail}."

    return step
