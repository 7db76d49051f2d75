"""Checks for the exercises of lesson 03, An "irreversible" nuclear state.

    from poscourse.exercises import ex03 as check
    check.task1(answer1)

Each check compares the answer with the salted hash of the worked solution's
(poscourse.answer_key), never prints it, and returns a Feedback (correct, wrong with a hint, or not answered yet).
"""

from __future__ import annotations

import pandas as pd

from .. import answer_key
from ..chartchecks import (
    chart_encodes,
    chart_has_description,
    chart_has_title,
    chart_has_tooltip,
    chart_mark,
    chart_spec,
    is_chart,
)
from ..checks import (
    Feedback,
    has_columns,
    is_dataframe,
    is_number,
    n_rows,
    one_of,
    run_check,
)
from ..data import load

SIZE_OPTIONS = {"about 2 times": 2, "about 10 times": 10, "about 100 times": 100}


def _estimates() -> pd.DataFrame:
    return load("nuclear_test_estimates")


def _warheads() -> pd.DataFrame:
    return load("warhead_estimates")


def _is_whole_number(answer) -> str | None:
    problem = is_number(answer)
    if problem:
        return problem
    if float(answer) != int(float(answer)):
        return "expected a whole number."
    return None


# --- task 1: read a log scale -------------------------------------------------------


def task1(answer) -> Feedback:
    """how_much_larger: test 6 compared with test 5, read from a log-scale chart."""
    correct = answer_key.choice("ex03.task1", answer, SIZE_OPTIONS)
    messages = {
        "about 2 times": "on a log axis the gap between tests 5 and 6 is much more than it looks on a straight axis: compare it with the distance from 10 to 100.",
        "about 10 times": "on a log axis, count the steps: test 6 sits about one step of 'times ten' above test 5, not two.",
        "about 100 times": "that would be two steps of 'times ten' on the axis (10 to 1000): test 6 is about one step above test 5.",
    }
    choices = {option: ("" if option == correct else messages[option]) for option in SIZE_OPTIONS}
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="read the axis labels: on a log scale the distance from 10 to 100 equals the distance from 100 to 1000.",
    )


# --- task 2: spread of the yield estimates ---------------------------------------------

SPREAD_COLUMNS = ["lowest_kt", "highest_kt", "n_estimates"]


def _tests() -> list[int]:
    """The tests that have estimates (the answer's rows); the figures themselves are hashed."""
    return sorted(int(t) for t in _estimates()["test_no"].unique())


def _spread_values(answer) -> list[float]:
    """What the hash is taken of: each column in test order."""
    given = (
        answer.assign(test_no=pd.to_numeric(answer["test_no"], errors="coerce")).set_index("test_no").reindex(_tests())
    )
    return [float(v) for column in SPREAD_COLUMNS for v in pd.to_numeric(given[column], errors="coerce")]


def _spread_mistakes(answer) -> str | None:
    if answer_key.matches("ex03.task2", _spread_values(answer)):
        return None
    tests = _tests()
    given = answer.assign(test_no=pd.to_numeric(answer["test_no"], errors="coerce")).set_index("test_no").reindex(tests)

    def values(series) -> list[float]:
        return (
            [float(v) for v in pd.to_numeric(series, errors="coerce").reindex(tests)]
            if series.index.name == "test_no"
            else []
        )

    by_test = _estimates().groupby("test_no")
    given_n, given_high, given_low = (values(given[c]) for c in ("n_estimates", "highest_kt", "lowest_kt"))
    all_rows = values(by_test.size())
    if given_n == all_rows and all_rows != values(by_test["yield_kt_low"].count()):
        return 'n_estimates counts every row, including estimates that give only a magnitude: use "count" on yield_kt_low, which skips empty values.'
    high_of_low = values(by_test["yield_kt_low"].max())
    if given_high == high_of_low and high_of_low != values(by_test["yield_kt_high"].max()):
        return "highest_kt takes the largest low end: use the maximum of yield_kt_high."
    low_of_high = values(by_test["yield_kt_high"].min())
    if given_low == low_of_high and low_of_high != values(by_test["yield_kt_low"].min()):
        return "lowest_kt takes the smallest high end: use the minimum of yield_kt_low."
    return "some figures differ: take the minimum of yield_kt_low, the maximum of yield_kt_high and the count of yield_kt_low for each test."


def task2(answer) -> Feedback:
    """yield_spread: lowest and highest yield and the number of yield estimates per test."""
    return run_check(
        "Task 2",
        answer,
        lambda a: (
            "test_no is in the index: call .reset_index() so it becomes a column."
            if (isinstance(a, pd.DataFrame) and "test_no" not in a.columns and a.index.name == "test_no")
            else None
        ),
        is_dataframe,
        has_columns("test_no", "lowest_kt", "highest_kt", "n_estimates"),
        lambda a: n_rows(len(_tests()), "one row per test")(a),
        _spread_mistakes,
        hint='groupby("test_no").agg() with named aggregations: lowest_kt the minimum of yield_kt_low, highest_kt the maximum of yield_kt_high, n_estimates a count.',
    )


# --- task 3: diff in the FAS series ------------------------------------------------------


def _fas_table(answer) -> list[float]:
    """What the hash is taken of: years, warheads and changes in year order (the first change, always empty, left out)."""
    ordered = answer.assign(year=pd.to_numeric(answer["year"], errors="coerce")).sort_values("year")
    change = pd.to_numeric(ordered["change"], errors="coerce")
    return [
        *map(float, ordered["year"]),
        *map(float, pd.to_numeric(ordered["warheads_high"])),
        *map(float, change.iloc[1:]),
    ]


def _fas_rows(answer) -> str | None:
    if len(answer) == int((_warheads()["publisher"] == "FAS").sum()):
        return None
    all_fas = _warheads()["publisher"].astype(str).str.contains("FAS").sum()
    if len(answer) == all_fas:
        return 'the table also holds the FAS Nuclear Notebook rows: keep only publisher == "FAS".'
    return f"the table has {len(answer)} rows; expected one per year of the FAS series."


def _fas_change(answer) -> str | None:
    ordered = answer.assign(year=pd.to_numeric(answer["year"], errors="coerce")).sort_values("year")
    change = pd.to_numeric(ordered["change"], errors="coerce").reset_index(drop=True)
    if not pd.isna(change.iloc[0]):
        return "the first year has no previous year, so its change should be empty (NaN): use diff()."
    if answer_key.matches("ex03.task3", _fas_table(answer)):
        return None
    pct = pd.to_numeric(ordered["warheads_high"], errors="coerce").astype(float).pct_change().reset_index(drop=True)
    if ((change - pct).abs() < 1e-9)[1:].all():
        return "these are relative changes (pct_change): use diff() for the change in warheads."
    return "some changes differ: sort by year, then take warheads_high.diff()."


def task3(answer) -> Feedback:
    """fas_changes: the FAS series with its change from the previous year."""
    return run_check(
        "Task 3",
        answer,
        is_dataframe,
        has_columns("year", "warheads_high", "change"),
        _fas_rows,
        _fas_change,
        hint='keep the rows whose publisher is "FAS", sort them by year, then add a change column with diff() of warheads_high.',
    )


# --- task 4: the year of the method break ----------------------------------------------------


def _other_break_years() -> set[int]:
    """The years in which publishers other than FAS changed their method (the FAS year is the answer, hashed)."""
    warheads = _warheads()
    rows = warheads[warheads["method_break"].fillna(False).astype(bool) & (warheads["publisher"] != "FAS")]
    return {int(y) for y in rows["year"]}


def _break_year_step(answer) -> str | None:
    value = int(float(answer))
    if answer_key.matches("ex03.task4", value):
        return None
    if value in _other_break_years():
        return 'that is the year another publisher (SIPRI) changed its method: filter on publisher == "FAS" too.'
    if answer_key.matches("ex03.task4", value + 1):
        return "that is the last year of the old method: method_break marks the first year after the change."
    fas = _warheads()[_warheads()["publisher"] == "FAS"]
    if value not in set(int(y) for y in fas["year"]):
        return "that year is not in the FAS series at all."
    return "that is not the year whose method_break is true: select the FAS rows where method_break is true and take their year."


def task4(answer) -> Feedback:
    """fas_break_year: the first year of the FAS series with the new method."""
    return run_check(
        "Task 4",
        answer,
        _is_whole_number,
        _break_year_step,
        hint='select with .loc the year of the rows whose publisher is "FAS" and whose method_break is True.',
    )


# --- task 5: ranges on a log scale ------------------------------------------------------------


def _y2_high(answer) -> str | None:
    y2 = chart_spec(answer).get("encoding", {}).get("y2")
    if not y2:
        return 'the rules need an end: add y2="yield_kt_high:Q" so each rule runs from the low to the high estimate.'
    if y2.get("field") != "yield_kt_high":
        return f"y2 shows {y2.get('field')!r}: the rule should end at yield_kt_high."
    return None


def _log_scale(answer) -> str | None:
    y = chart_spec(answer).get("encoding", {}).get("y", {})
    scale = y.get("scale") or {}
    if scale.get("type") != "log":
        return 'the y scale is linear: the first tests are squashed near zero. Use alt.Y(..., scale=alt.Scale(type="log")).'
    title = str(y.get("title") or "")
    if "log" not in title.lower():
        return 'say on the chart that the scale is logarithmic: put "log scale" in the y axis title.'
    return None


def task5(answer) -> Feedback:
    """range_chart: yield ranges as rules from y to y2 on a log scale."""
    return run_check(
        "Task 5",
        answer,
        is_chart,
        chart_mark("rule"),
        chart_encodes("x", "test_no"),
        chart_encodes("y", "yield_kt_low", "Q"),
        _y2_high,
        _log_scale,
        chart_has_tooltip,
        chart_has_title,
        chart_has_description,
        hint='mark_rule() with the test on x ("test_no:O"), the estimator as xOffset, yield_kt_low on a log-scale y and yield_kt_high as y2.',
    )


# --- task 6: count Trump's remarks ---------------------------------------------------------------


def _remarks_step(answer) -> str | None:
    value = int(float(answer))
    if answer_key.matches("ex03.task6", value):
        return None
    if value == 0:
        return 'no title matched: str.contains() is case-sensitive, so search for "nuclear power" in lower case.'
    if value == 1:
        return "that counts only the October remark: look at every 2025 event, not just the tour."
    events = load("events")
    year_2025 = events["date"].dt.year == 2025
    if value == int((year_2025 & events["title"].str.contains("nuclear", regex=False)).sum()):
        return "that counts every 2025 title with the word 'nuclear': search for the two words \"nuclear power\"."
    if value > int(year_2025.sum()):
        return 'too many: keep only 2025 events whose title contains "nuclear power".'
    return 'that is not the count: check the year filter (events["date"].dt.year == 2025) and the search words.'


def task6(answer) -> Feedback:
    """nuclear_power_remarks: 2025 events whose title contains 'nuclear power'."""
    return run_check(
        "Task 6",
        answer,
        _is_whole_number,
        _remarks_step,
        hint="combine two conditions with &, then .sum() counts the True values.",
    )
