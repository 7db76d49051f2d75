"""Checks for the exercises of lesson 05, China's trade window.

    from poscourse.exercises import ex05 as check
    check.task2(monthly)

Each check compares the answer with the salted hash of the worked solution's
(poscourse.answer_key), never prints it, and returns a Feedback (correct, wrong with a hint, or not answered yet).
"""

from __future__ import annotations

import pandas as pd

from .. import answer_key
from ..chartchecks import (
    chart_frames,
    find_unit,
    has_description,
    has_event_layer,
    has_title,
    is_chart,
    mark_type,
    spec_of,
    unit_specs,
)
from ..checks import (
    Feedback,
    has_columns,
    is_dataframe,
    is_series,
    one_of,
    run_check,
)
from ..data import load

START, END = "2015-01-01", "2025-12-01"
DIRECTIONS = ["cn_exports_to_nk_usd_m", "cn_imports_from_nk_usd_m"]


def _preferred() -> pd.DataFrame:
    trade = load("china_trade_monthly")
    return trade[trade["preferred"]].set_index("month").sort_index()


def _monthly() -> pd.DataFrame:
    return _preferred().reindex(pd.date_range(START, END, freq="MS"))


def _same_values(answer: pd.Series, expected: pd.Series, tolerance: float = 1e-6) -> bool:
    """Equal lengths and values, with missing values in the same places."""
    if len(answer) != len(expected):
        return False
    a = pd.to_numeric(pd.Series(answer.to_numpy()), errors="coerce").astype(float)
    e = pd.Series(expected.to_numpy(), dtype=float)
    same_gaps = (a.isna() == e.isna()).all()
    close = ((a - e).abs() <= tolerance * e.abs().clip(lower=1)) | (a.isna() & e.isna())
    return bool(same_gaps and close.all())


def _monthly_index(answer, what: str = "the result", building: bool = False) -> str | None:
    """The answer is indexed by every month of 2015-2025 (building: it is `monthly` itself, Task 2)."""
    if not isinstance(answer.index, pd.DatetimeIndex):
        if building:
            return f"{what} should be indexed by month (dates): reindex `preferred`, whose index is the month, without reset_index()."
        return f"{what} should be indexed by month (dates), like `monthly`; keep the index of `monthly`."
    expected = pd.date_range(START, END, freq="MS")
    if len(answer) != len(expected):
        if len(answer) == len(_preferred()):
            if building:
                return f'{what} has one row per month *with a row* only: reindex it to every month with pd.date_range(..., freq="MS").'
            return f"{what} has one value per month *with a row* only: compute it on the reindexed `monthly` (Task 2), not on `preferred`."
        return f"{what} has {len(answer)} values; expected one per month from January 2015 to December 2025."
    if not (answer.index == expected).all():
        return f"{what}'s index is not the months January 2015 to December 2025 in order."
    return None


# --- task 1: read a chart ------------------------------------------------------------


def task1(answer) -> Feedback:
    """The first month after 2019 whose bar rises above the dashed line."""
    options = ["Dec 2023", "Dec 2024", "Sep 2025", "Nov 2025"]
    correct = answer_key.choice("ex05.task1", answer, options)
    choices = {
        option: "that bar stays below the dashed line: look again at its height."
        if pd.Timestamp(option) < pd.Timestamp(correct)
        else "that bar is above the line, but an earlier bar already is: you are looking for the first one."
        for option in options
    }
    choices[correct] = ""
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="hover over the bars in JupyterLab, or compare each bar's top with the dashed line, moving left to right from 2020.",
    )


# --- task 2: reindex ---------------------------------------------------------------------


def _a_table(answer) -> str | None:
    """Task 2 wants the whole table: a single reindexed column is not enough."""
    if isinstance(answer, pd.Series):
        return 'this is a Series (one column); expected a DataFrame: reindex the whole table, preferred.reindex(...), not preferred["total_usd_m"].'
    return is_dataframe(answer)


def _reindexed(answer) -> str | None:
    if "total_usd_m" not in answer.columns:
        return "the table lacks the column total_usd_m: reindex the whole `preferred` table, not a single column."
    if (
        isinstance(answer.index, pd.DatetimeIndex)
        and len(answer) == len(pd.date_range(START, END, freq="MS"))
        and answer["total_usd_m"].isna().all()
    ):
        return 'every total is missing: the new dates do not match the table\'s dates. Use freq="MS" (month start), not "M" or "ME" (month end).'
    problem = _monthly_index(answer, "the table", building=True)
    if problem:
        return problem
    totals = pd.to_numeric(answer["total_usd_m"], errors="coerce")
    if answer_key.matches("ex05.task2", totals):
        return None
    if (totals == 0).any() and answer_key.matches("ex05.task2", totals.mask(totals == 0)):
        return "the missing months hold 0 instead of NaN: reindex without fill_value, so a month without a figure stays missing rather than looking like no trade."
    return "the totals do not match the preferred figures: reindex `preferred` (one row per month) rather than the full `trade` table."


def task2(answer) -> Feedback:
    """monthly: the preferred table reindexed to every month of 2015-2025."""
    return run_check(
        "Task 2",
        answer,
        _a_table,
        _reindexed,
        hint='list every month with pd.date_range(start, end, freq="MS") and pass that list to preferred.reindex().',
    )


# --- task 3: count missing totals ----------------------------------------------------------


YEARS = list(range(pd.Timestamp(START).year, pd.Timestamp(END).year + 1))


def _missing_per_year(answer) -> str | None:
    if isinstance(answer.index, pd.DatetimeIndex):
        return "the Series is indexed by month; group by the year (`monthly.index.year`) and sum."
    if len(answer) != len(YEARS):
        return f"the Series has {len(answer)} values; expected one per year from 2015 to 2025."
    if sorted(int(i) for i in answer.index) != YEARS:
        return "the index should hold the years 2015 to 2025."
    given = pd.to_numeric(answer, errors="coerce").astype(float).sort_index()
    if given.isna().any():
        return "the values should be numbers of months."
    if (given > 12).any():
        return "some years have more than 12 missing months: count months (isna().sum()), not values."
    given.index = [int(i) for i in given.index]
    if answer_key.matches("ex05.task3", given):
        return None
    # months of the range that have no row at all: counted only once the table is reindexed
    rows = _preferred().index.year.value_counts().reindex(YEARS, fill_value=0)
    if answer_key.matches("ex05.task3", given + (12 - rows.to_numpy())):
        return "these counts only include months that have a row but no total: count on the reindexed `monthly` so that months with no row count too."
    if answer_key.matches("ex05.task3", 12 - given):
        return "these are the months *with* a total: count the missing ones (isna), not the present ones (notna)."
    return "some years' counts differ from the expected ones."


def task3(answer) -> Feedback:
    """missing_per_year: months without a total in each year."""
    return run_check(
        "Task 3",
        answer,
        is_series,
        _missing_per_year,
        hint="isna() is True for each missing total; group those True/False values by the year of the index (monthly.index.year) and sum them.",
    )


# --- task 4: year-on-year change -----------------------------------------------------------


def _yoy(answer) -> str | None:
    problem = _monthly_index(answer, "the Series")
    if problem:
        return problem
    values = pd.to_numeric(pd.Series(answer.to_numpy()), errors="coerce").astype(float)
    if answer_key.matches("ex05.task4", values):
        return None
    if answer_key.matches("ex05.task4", values / 100):
        return "these are percentages: give the change as a fraction (0.25 for +25%), without multiplying by 100."
    total = _monthly()["total_usd_m"]
    if _same_values(answer, total.pct_change()):
        return "this compares each month with the month before: the same month a year earlier is 12 rows back (periods=12)."
    if (values.notna().to_numpy() & total.isna().to_numpy()).any():
        return "gaps were filled before the change was computed: a missing month should give a missing change."
    return "some values differ from the change on the same month a year earlier."


def task4(answer) -> Feedback:
    """yoy: change on the same month a year earlier, as a fraction."""
    return run_check(
        "Task 4",
        answer,
        is_series,
        _yoy,
        hint="on the reindexed `monthly`, the same month a year earlier is always 12 rows back; pct_change() has a periods argument.",
    )


# --- task 5: rolling mean --------------------------------------------------------------------


def _rolling(answer) -> str | None:
    problem = _monthly_index(answer, "the Series")
    if problem:
        return problem
    values = pd.to_numeric(pd.Series(answer.to_numpy()), errors="coerce").astype(float)
    if answer_key.matches("ex05.task5", values):
        return None
    total = _monthly()["total_usd_m"]
    if _same_values(answer, total.rolling(3, min_periods=1).mean()) or _same_values(
        answer, total.rolling(3, min_periods=2).mean()
    ):
        return "the mean is computed even when a month is missing (min_periods): keep the default, so a gap gives a missing mean."
    if _same_values(answer, total.rolling(3, center=True).mean()):
        return "the window is centred; use the month and the two before it (the default, center=False)."
    if _same_values(answer, total.rolling(3).sum()):
        return "this is a rolling sum: use .mean()."
    return "some values differ from the mean of each month and the two before it."


def task5(answer) -> Feedback:
    """rolling_3m: 3-month rolling mean of the total, missing where any of the three months is."""
    return run_check(
        "Task 5",
        answer,
        is_series,
        _rolling,
        hint="rolling() with a window of 3, then .mean(); keep rolling's other defaults.",
    )


# --- task 6: melt ------------------------------------------------------------------------------


def _expected_row_count() -> int:
    """One row per figure that the preferred annual rows have (a cheap count, not the melt)."""
    annual = load("china_trade_annual")
    return int(annual.loc[annual["preferred"], DIRECTIONS].notna().to_numpy().sum())


def _directions(answer) -> str | None:
    if any(c in answer.columns for c in DIRECTIONS):
        return (
            "the table is still wide (one column per direction): melt() the two columns into `direction` and `usd_m`."
        )
    if "value" in answer.columns or "variable" in answer.columns:
        return 'the columns have melt\'s default names: pass var_name="direction" and value_name="usd_m".'
    return None


def _direction_rows(answer) -> str | None:
    expected = _expected_row_count()
    values = pd.to_numeric(answer["usd_m"], errors="coerce")
    if values.isna().any():
        return 'some rows have no value: drop them with dropna(subset=["usd_m"]).'
    unknown = sorted(set(map(str, answer["direction"])) - set(DIRECTIONS))
    if unknown:
        return f"the direction column should hold the original column names, not {unknown[0]!r}."
    if len(answer) > expected:
        return 'the table has too many rows: keep only the preferred annual rows (annual["preferred"]).'
    if len(answer) < expected:
        return "the table has too few rows: melt the preferred rows of every year, then drop only the rows without a value."
    return None


def _directions_match(answer) -> str | None:
    table = answer[["year", "direction", "usd_m"]].copy()
    table["year"] = pd.to_numeric(table["year"], errors="coerce")
    table["usd_m"] = pd.to_numeric(table["usd_m"], errors="coerce")
    if answer_key.matches("ex05.task6", answer_key.canonical_frame(table, sort_by=["year", "direction"], index=False)):
        return None
    return "some values differ from the preferred annual figures: melt the year and the two direction columns of the preferred rows."


def task6(answer) -> Feedback:
    """directions: the preferred annual rows in long form (year, direction, usd_m), without empty values."""
    return run_check(
        "Task 6",
        answer,
        is_dataframe,
        _directions,
        has_columns("year", "direction", "usd_m"),
        _direction_rows,
        _directions_match,
        hint='select year and the two direction columns of the preferred rows, melt() them with id_vars="year" and the column names asked for, then drop rows without a value.',
    )


# --- task 7: a line chart with gaps -------------------------------------------------------------


def _has_line(answer) -> str | None:
    if find_unit(answer, "line") is None:
        marks = sorted({mark_type(s) for s in unit_specs(spec_of(answer))})
        return f"the chart has no line (its marks: {', '.join(marks) or 'none'}); use mark_line()."
    return None


def _line_encodes(answer) -> str | None:
    encoding = find_unit(answer, "line").get("encoding", {})
    x, y = encoding.get("x", {}), encoding.get("y", {})
    if x.get("field") != "month" or x.get("type") != "temporal":
        return 'the line\'s x channel should be the month as a date: x="month:T".'
    if y.get("field") != "total_usd_m":
        return "the line's y channel should be total_usd_m."
    if "tooltip" not in encoding:
        return "the line has no tooltip: add tooltip=[...] to encode()."
    return None


def _shows_gaps(answer) -> str | None:
    frames = [f for f in chart_frames(answer) if "total_usd_m" in f.columns]
    if not frames:
        return 'the line\'s data should be a DataFrame with the column total_usd_m (monthly.rename_axis("month").reset_index()).'
    months = len(pd.date_range(START, END, freq="MS"))
    if not any(len(f) >= months and f["total_usd_m"].isna().any() for f in frames):
        return "the data have no missing months, so the line bridges the gaps: build it from the reindexed `monthly`, not from `preferred`."
    return None


def task7(answer) -> Feedback:
    """gap_chart: a line of monthly totals that breaks at missing months, with the event layer."""
    return run_check(
        "Task 7",
        answer,
        is_chart,
        _has_line,
        _line_encodes,
        _shows_gaps,
        has_event_layer(
            'the chart lacks the course\'s event layer: alt.layer(your_line, pc.event_layer("2015-01-01", "2025-12-31", labels=False)).'
        ),
        has_title(
            "the chart needs a title that says what it shows (set it on the layered chart with .properties(title=...))."
        ),
        has_description(
            "the chart needs a description= for screen readers (a sentence of at least 20 characters, on the layered chart)."
        ),
        hint="alt.layer(alt.Chart(monthly_table).mark_line().encode(...), pc.event_layer(..., labels=False)).properties(title=..., description=...).",
    )
