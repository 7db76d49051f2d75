"""Checks for the exercises of lesson 04, The Russia lifeline.

    from poscourse.exercises import ex04 as check
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
    is_chart,
    legend_selection,
    selection_in_use,
)
from ..checks import (
    Feedback,
    has_columns,
    is_dataframe,
    is_number,
    is_series,
    one_of,
    run_check,
)
from ..data import load

LAST_DAY = "2025-12-31"  # the course analyses 2022-2025


def _all_events() -> pd.DataFrame:
    return load("russia_cooperation")


def _coop() -> pd.DataFrame:
    events = _all_events()
    return events[events["date"] <= LAST_DAY]


# --- task 1: read the yearly chart ----------------------------------------------


def task1(answer) -> Feedback:
    """Which category holds the most events in 2025?"""
    coop = _coop()
    correct = answer_key.choice("ex04.task1", answer, map(str, coop["category"].cat.categories))
    choices = {}
    for category in coop["category"].cat.categories:
        if category == correct:
            choices[category] = ""
        else:
            choices[category] = (
                f"the {category} segment of the 2025 bar is not the tallest one; compare the heights of the coloured segments, or hover over them."
            )
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="look only at the 2025 bar and find its tallest segment.",
    )


# --- task 2: events per year --------------------------------------------------------


def _years() -> list[str]:
    """The years the table covers (the answer's index); the counts themselves are hashed."""
    return sorted(str(year) for year in _coop()["date"].dt.year.unique())


def _year_labels(answer) -> str | None:
    labels = sorted(str(label) for label in answer.index)
    if labels == _years():
        return None
    if "2026" in labels:
        return "the Series includes 2026: count the events of `coop` (2022-2025), not of the full table."
    if len(answer) == len(_coop()):
        return "the Series has one value per event: count them per year with value_counts() or groupby().size()."
    return 'the index should hold the years 2022 to 2025: count `coop["date"].dt.year`.'


def _per_year_values(answer) -> str | None:
    given = {str(k): v for k, v in answer.items()}
    try:
        counts = [float(given[year]) for year in _years()]
    except (TypeError, ValueError):
        return "the values should be numbers of events."
    if not answer_key.matches("ex04.task2", counts):
        if abs(sum(float(v) for v in given.values()) - 1) < 1e-6:
            return "these are shares: count the events without normalize=True."
        return "some yearly counts differ from the data."
    return None


def task2(answer) -> Feedback:
    """events_per_year: the number of events in each year, a Series indexed by year."""
    return run_check(
        "Task 2",
        answer,
        is_series,
        _year_labels,
        _per_year_values,
        hint="take the year of each date with .dt.year, then value_counts() and sort_index().",
    )


# --- task 3: monthly counts with resample ------------------------------------------------


def _months() -> pd.DatetimeIndex:
    """Every month from the first event to December 2025 (a calendar fact, not the counts)."""
    first = _coop()["date"].min()
    return pd.date_range(first.to_period("M").to_timestamp(), LAST_DAY, freq="MS")


def _month_as_dates(answer) -> pd.DataFrame:
    months = answer["month"]
    if isinstance(months.dtype, pd.PeriodDtype):
        months = months.dt.to_timestamp()
    return answer.assign(month=pd.to_datetime(months, errors="coerce"))


def _monthly_rows(answer) -> str | None:
    months = len(_months())
    with_events = _coop()["date"].dt.to_period("M").nunique()
    if answer["month"].isna().any() or _month_as_dates(answer)["month"].isna().any():
        return "the month column should hold dates (the first day of each month)."
    if with_events < months and len(answer) == with_events:
        return 'the months without any event are missing: resample("MS") on a date index creates them with a count of 0; a groupby skips them.'
    if len(answer) > months:
        if "category" in answer.columns:
            return "there is more than one row per month: count all categories together, not per category."
        return "there are more rows than months from July 2022 to December 2025: did you keep 2026 (use `coop`)?"
    if len(answer) < months:
        return f"the table has {len(answer)} rows; expected one row per month from July 2022 to December 2025."
    return None


def _monthly_values(answer) -> str | None:
    table = _month_as_dates(answer)[["month", "events"]]
    table = table.assign(events=pd.to_numeric(table["events"], errors="coerce").astype(float))
    if answer_key.matches("ex04.task3", answer_key.canonical_frame(table, sort_by=["month"], index=False)):
        return None
    return "some monthly counts differ from the data: count every event of `coop` in its month."


def task3(answer) -> Feedback:
    """monthly_events: one row per month (July 2022 - December 2025) with columns month and events."""
    return run_check(
        "Task 3",
        answer,
        is_dataframe,
        has_columns("month", "events"),
        _monthly_rows,
        _monthly_values,
        hint='index coop by date and resample("MS"): size() counts per month start; reset_index(name="events") and rename the date column to month.',
    )


# --- task 4: share of 2025 rows that cite only the CSIS page --------------------------------


def _csis_only_share(rows: pd.DataFrame) -> float:
    return 100 * float(rows["source_status"].astype(str).str.endswith("csis_fallback").mean())


def _csis_only_mistakes(answer) -> str | None:
    coop = _coop()
    in_2025 = coop[coop["date"].dt.year == 2025]
    value = float(answer)
    expected = _csis_only_share(in_2025)
    if abs(value * 100 - expected) < 0.1:
        return "this looks like a fraction: give the share in per cent (multiply by 100)."
    if abs(value - _csis_only_share(coop)) < 0.1:
        return "this is the share over 2022-2025: keep only the events of 2025 first."
    if abs(value - (100 - expected)) < 0.1:
        return "this is the share of events that cite a report: count those whose source_status ends in csis_fallback."
    unseen = 100 * float((in_2025["source_quality"].astype(str) == "unverified").mean())
    if abs(value - unseen) < 0.1:
        return "this is the share the audit did not see (source_quality); the task asks for source_status: rows citing only the CSIS page."
    return None


def task4(answer) -> Feedback:
    """csis_only_share_2025: the percentage of 2025 events that cite only the CSIS timeline page."""
    coop = _coop()
    expected = _csis_only_share(coop[coop["date"].dt.year == 2025])
    return run_check(
        "Task 4",
        answer,
        is_number,
        _csis_only_mistakes,
        lambda a: (
            None
            if abs(float(a) - expected) < 0.1
            else ("the share is too high." if float(a) > expected else "the share is too low.")
        ),
        hint='filter the 2025 rows, then take the mean of source_status.str.endswith("csis_fallback") and multiply by 100.',
    )


# --- task 5: the landmark events ------------------------------------------------------------


def _landmark_rows(answer) -> str | None:
    expected = int(_coop()["landmark"].astype(bool).sum())
    if len(answer) == len(_coop()):
        return "the table still holds every event: keep only the rows where landmark is True."
    if "landmark" in answer.columns and not answer["landmark"].fillna(False).astype(bool).all():
        return 'some rows are not landmarks: filter with coop[coop["landmark"]].'
    if len(answer) != expected:
        return f"the table has {len(answer)} rows; expected one row per landmark event of 2022-2025."
    return None


def _sorted_by_date(answer) -> str | None:
    dates = pd.to_datetime(answer["date"], errors="coerce")
    if not dates.is_monotonic_increasing:
        return 'the rows are not in date order: sort them with sort_values("date").'
    return None


def _landmark_values(answer) -> str | None:
    table = answer[["title", "category"]].astype(str).reset_index(drop=True)
    if answer_key.matches("ex04.task5", answer_key.canonical_frame(table, index=False)):
        return None
    return "some titles or categories differ from the landmark rows of `coop`: keep their values as they are."


def task5(answer) -> Feedback:
    """landmark_events: the landmark events of 2022-2025 with date, category and title, in date order."""
    return run_check(
        "Task 5",
        answer,
        is_dataframe,
        has_columns("date", "category", "title"),
        _landmark_rows,
        _sorted_by_date,
        _landmark_values,
        hint="keep the rows of coop whose landmark is True, sort them by date and keep the columns date, category and title.",
    )


# --- task 6: a stacked bar chart with a legend selection ---------------------------------------------


def task6(answer) -> Feedback:
    """quarterly_chart: stacked bars of events per quarter by category, with a clickable legend."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        chart_mark("bar"),
        chart_encodes("x", type_="T"),
        chart_encodes("y", type_="Q"),
        chart_encodes("color", "category"),
        chart_has_tooltip,
        legend_selection("category"),
        selection_in_use,
        chart_has_title,
        chart_has_description,
        hint="mark_bar() with the quarter on x (temporal), the number of events on y, category as colour, a tooltip, a legend-bound selection that sets the opacity, a title and a description.",
    )
