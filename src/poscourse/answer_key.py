"""Expected answers kept out of plain sight: salted hashes in answers.json.

The exercise checks compare a learner's answer with the hash of the right
one, so the package that learners have never holds the answer as text. The
hashes are made from the worked solutions by one command:

    python3 tasks.py answers

which runs each solution notebook with POS_ANSWERS_RECORD set: in that mode
every lookup below records the hash of the answer it is given (the solution's
answer) instead of comparing. A test fails when the data or the solutions
changed after the hashes were made.

Out of plain sight is not secret: the salt ships with the package, so a
learner who copies the checking code can still try every option of a
multiple-choice task. The instructor guide says what that means for grading.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

ANSWERS = Path(__file__).with_name("answers.json")
RECORD_ENV = "POS_ANSWERS_RECORD"


def canonical(value: Any) -> str:
    """One text for equal answers: trimmed lower-case text, whole numbers without '.0', 6 significant digits,
    lists item by item, a missing value as 'nan', a date as YYYY-MM-DD, a table by canonical_frame()."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return canonical_frame(value)
    if value is None or value is pd.NaT or value is pd.NA:
        return "nan"
    if isinstance(value, (pd.Timestamp, datetime.date)):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()
    if hasattr(value, "item") and getattr(value, "size", 2) == 1:
        value = value.item()  # a numpy scalar
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isfinite(number) and number == int(number):
            return str(int(number))
        return f"{number:.6g}"
    return " ".join(str(value).split()).lower()


def canonical_frame(table: Any, sort_by: list[str] | None = None, index: bool = True) -> str:
    """One text for equal tables, so that a check can hash a DataFrame or a Series.

    The columns are taken in sorted order, each with its name; a Series's name
    does not count. The index is kept as the first column (index=True) or left
    out. With sort_by, rows are put in that order first and the index dropped, for
    tasks where the row order is free. Every cell goes through canonical(): 6
    significant digits, missing values as 'nan', dates as YYYY-MM-DD.
    """
    frame = table.to_frame(name="values") if isinstance(table, pd.Series) else table
    frame = frame[sorted(frame.columns, key=str)]
    if sort_by:
        frame = frame.sort_values(list(sort_by), kind="stable")
        index = False
    rows = []
    for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = ([canonical(label)] if index else []) + [canonical(cell) for cell in row]
        rows.append("(" + ",".join(cells) + ")")
    names = ",".join(canonical(str(c)) for c in frame.columns) if isinstance(table, pd.DataFrame) else ""
    return f"table[{names}]" + "[" + ",".join(rows) + "]"


@lru_cache(maxsize=1)
def _stored() -> dict:
    try:
        return json.loads(ANSWERS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"salt": "", "answers": {}}


def digest(key: str, value: Any, salt: str | None = None) -> str:
    salt = _stored().get("salt", "") if salt is None else salt
    return hashlib.sha256(f"{salt}|{key}|{canonical(value)}".encode()).hexdigest()


def recording() -> bool:
    return bool(os.environ.get(RECORD_ENV))


def _record(key: str, value: Any) -> None:
    with open(os.environ[RECORD_ENV], "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"key": key, "canonical": canonical(value)}) + "\n")


def matches(key: str, value: Any) -> bool:
    """Is value the stored answer for key? (While recording: store it and say yes.)"""
    if recording():
        _record(key, value)
        return True
    return digest(key, value) in _stored().get("answers", {}).get(key, [])


def choice(key: str, answer: Any, options: Iterable[str]) -> str:
    """The right option of a multiple-choice task, found by hashing each option.

    While recording, the solution's answer is recorded and returned.
    Returns "" when no option matches (stale answers: run `python3 tasks.py answers`).
    """
    options = list(options)
    if recording():
        if isinstance(answer, str):
            matches(key, answer)
            for option in options:
                if canonical(option) == canonical(answer):
                    return option
            return answer
        return ""
    for option in options:
        if matches(key, option):
            return option
    return ""
