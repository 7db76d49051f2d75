"""Checks for the exercises of lesson 06, Sanctions: a bargaining chip worn down.

    from poscourse.exercises import ex06 as check
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
    run_check,
)
from ..data import load

DECISION_ACTIONS = ["new", "expanded", "tightened"]


def _resolutions() -> pd.DataFrame:
    return load("unsc_resolutions")


def _measures() -> pd.DataFrame:
    return load("unsc_measures")


def _dates_with(actions) -> pd.Series:
    """The distinct dates of the resolutions that have a measure row with one of these actions."""
    measures = _measures()
    ids = measures.loc[measures["action"].isin(actions), "resolution_id"]
    resolutions = _resolutions()
    return resolutions.loc[resolutions["resolution_id"].isin(ids), "date"].drop_duplicates().sort_values()


def _decision_years() -> list[int]:
    return sorted({int(d.year) for d in _dates_with(DECISION_ACTIONS)})


def _sector_groups() -> list[str]:
    return [str(c) for c in _measures()["sector_group"].cat.categories]


# --- task 1: read the step chart ----------------------------------------------------


def _last_year_mistakes(answer) -> str | None:
    value = float(answer)
    if value != int(value):
        return "give a year as a whole number, e.g. 2010."
    year = int(value)
    if answer_key.matches("ex06.task1", year):
        return None
    resolutions = _resolutions()
    sanctions_years = set(_decision_years())
    vetoes = resolutions.query("status == 'vetoed_draft'")
    if year in set(vetoes["date"].dt.year):
        return f"in {year} a draft was vetoed: it failed, so it added nothing. Look at the adopted sanctions resolutions only."
    renewals = resolutions.query("status == 'adopted' and resolution_type == 'panel_renewal'")
    if year in set(renewals["date"].dt.year) and year not in sanctions_years:
        return f"in {year} the Council only renewed the Panel of Experts, which adds no measure."
    if year in sanctions_years:
        return "there are sanctions resolutions after that year: look further right."
    return "no sanctions resolution was adopted in that year."


def task1(answer) -> Feedback:
    """last_sanctions_year: the year of the last adopted sanctions resolution."""
    return run_check(
        "Task 1",
        answer,
        is_number,
        _last_year_mistakes,
        hint="find the right-most point in the row of adopted sanctions resolutions; read its year on the x axis, or hover over it.",
    )


# --- task 2: merge measures and resolutions ----------------------------------------------


def _merge_rows(answer) -> str | None:
    expected = len(_measures())
    if len(answer) == expected:
        return None
    resolutions = _resolutions()
    without_measures = (~resolutions["resolution_id"].isin(_measures()["resolution_id"])).sum()
    if len(answer) == expected + without_measures:
        return (
            "there is a row for a resolution with no measures: start from the measures table "
            "(measures.merge(resolutions, ...)) so that each measure row is kept once."
        )
    if len(answer) > expected:
        return 'the merge created extra rows: a key is duplicated on the right-hand side. Merge on "resolution_id" and use validate="many_to_one".'
    return (
        f'the result has {len(answer)} rows, fewer than the {expected} measure rows: use how="left" and do not filter.'
    )


def _merged_values(answer) -> str | None:
    table = answer[["resolution_id", "measure", "date", "status"]].astype(
        {"resolution_id": str, "measure": str, "status": str}
    )
    if answer_key.matches(
        "ex06.task2", answer_key.canonical_frame(table, sort_by=["resolution_id", "measure"], index=False)
    ):
        return None
    return "some dates or statuses differ from the resolutions table: merge on resolution_id and keep the values as they are."


def task2(answer) -> Feedback:
    """measures_dated: every measure row with the date and status of its resolution."""
    return run_check(
        "Task 2",
        answer,
        is_dataframe,
        has_columns("resolution_id", "measure", "action", "date", "status"),
        _merge_rows,
        lambda a: (
            None
            if pd.api.types.is_datetime64_any_dtype(a["date"])
            else "the date column should hold dates: take it from the resolutions table as it is."
        ),
        _merged_values,
        hint='merge the measures (left) with the resolution_id, date and status columns of the resolutions, on="resolution_id", how="left", validate="many_to_one".',
    )


# --- task 3: counts and a running total per resolution date ---------------------------------


def _per_date_mistakes(answer) -> str | None:
    expected = _dates_with(DECISION_ACTIONS)
    all_actions = _dates_with(["new", "expanded", "tightened", "renewed", "ended"])
    if len(answer) == len(all_actions) and len(answer) != len(expected):
        return "the table counts every action: keep only the rows whose action is new, expanded or tightened (isin)."
    if len(answer) != len(expected):
        return f"the table has {len(answer)} rows; expected one row per resolution date with at least one measure decision."
    dates = pd.to_datetime(answer["date"], errors="coerce")
    if not dates.is_monotonic_increasing:
        return "the rows are not in date order: sort by date before the running total."
    given = answer.reset_index(drop=True)
    if (given["cumulative"].astype(float) == given["decisions"].astype(float)).all():
        return "the cumulative column equals the decisions column: use .cumsum() for a running total."
    table = given[["date", "decisions", "cumulative"]].assign(date=dates.reset_index(drop=True))
    if answer_key.matches("ex06.task3", answer_key.canonical_frame(table, index=False)):
        return None
    return "some counts or running totals differ: count the decision rows (new, expanded or tightened) on each date."


def task3(answer) -> Feedback:
    """decisions_per_date: one row per resolution date with columns date, decisions, cumulative."""
    return run_check(
        "Task 3",
        answer,
        is_dataframe,
        has_columns("date", "decisions", "cumulative"),
        _per_date_mistakes,
        hint='filter the decisions, count the rows of each date with groupby() and size(), name the count "decisions", then add a running total of it as "cumulative".',
    )


# --- task 4: a wide table with pivot_table --------------------------------------------------


def _as_wide(answer) -> pd.DataFrame:
    wide = answer.copy()
    if "year" in wide.columns:
        wide = wide.set_index("year")
    wide.columns = [str(c) for c in wide.columns]
    wide.index = [int(float(i)) for i in wide.index]
    return wide


def _wide_shape(answer) -> str | None:
    groups = _sector_groups()
    columns = [str(c) for c in answer.columns]
    if "sector_group" in columns:
        return 'the table is long (a sector_group column): make it wide with one column per sector group (pivot_table with columns="sector_group").'
    missing = [g for g in groups if g not in columns]
    if missing:
        return f"the columns should be the six sector groups; missing: {', '.join(missing)}."
    try:
        wide = _as_wide(answer)
    except (TypeError, ValueError):
        return 'the rows (the index, or a year column) should be years as numbers: use index="year" with year = date.dt.year.'
    if sorted(wide.index) != _decision_years():
        return "the rows should be the years with at least one measure decision (index=year, taken from date.dt.year)."
    return None


def _wide_values(answer) -> str | None:
    wide = _as_wide(answer)[_sector_groups()].sort_index()
    if wide.isna().any().any():
        return "some cells are empty (NaN): give pivot_table fill_value=0."
    wide = wide.astype(float)
    if answer_key.matches("ex06.task4", wide):
        return None
    if answer_key.matches("ex06.task4", wide - wide.shift(fill_value=0)):
        return (
            "these are already running totals: this task wants the decisions of each year; the cumsum comes in task 5."
        )
    return "some counts differ: count only the new, expanded or tightened rows (the decisions table)."


def task4(answer) -> Feedback:
    """decisions_wide: decisions per year (rows) and sector group (columns)."""
    return run_check(
        "Task 4",
        answer,
        is_dataframe,
        _wide_shape,
        _wide_values,
        hint='add a year column (date.dt.year) to the decisions, then pivot_table() with the years as rows, the sector groups as columns, aggfunc="count" and fill_value=0.',
    )


# --- task 5: cumsum then melt to long ---------------------------------------------------------------


def _long_mistakes(answer) -> str | None:
    groups = _sector_groups()
    if any(g in map(str, answer.columns) for g in groups):
        return "the table is still wide (one column per sector group): melt() it into long form."
    return None


def _long_values(answer) -> str | None:
    years, groups = _decision_years(), _sector_groups()
    if len(answer) != len(years) * len(groups):
        return f"the table has {len(answer)} rows; expected one row per year and sector group."
    given = pd.DataFrame(
        {
            "year": pd.to_numeric(answer["year"], errors="coerce").to_numpy(),
            "sector_group": answer["sector_group"].astype(str).to_numpy(),
            "cumulative": pd.to_numeric(answer["cumulative"], errors="coerce").astype(float).to_numpy(),
        }
    )
    pairs = set(zip(given["year"], given["sector_group"], strict=True))
    if pairs != {(year, group) for year in years for group in groups}:
        return 'some year and sector-group pairs are missing: melt with id_vars="year".'
    given = given.sort_values(["sector_group", "year"]).reset_index(drop=True)
    if answer_key.matches(
        "ex06.task5", answer_key.canonical_frame(given, sort_by=["year", "sector_group"], index=False)
    ):
        return None
    running = given.assign(cumulative=given.groupby("sector_group")["cumulative"].cumsum())
    if answer_key.matches(
        "ex06.task5", answer_key.canonical_frame(running, sort_by=["year", "sector_group"], index=False)
    ):
        return "these are the decisions of each year, not running totals: apply .cumsum() to the wide table before melting."
    return "some running totals differ: cumsum() the wide table (down the years), then melt."


def task5(answer) -> Feedback:
    """cumulative_long: columns year, sector_group, cumulative (running total of decisions)."""
    return run_check(
        "Task 5",
        answer,
        is_dataframe,
        _long_mistakes,
        has_columns("year", "sector_group", "cumulative"),
        _long_values,
        hint="cumsum() the wide table down the years, reset_index(), then melt() it with the year as id and the column names asked for.",
    )


# --- task 6: a step chart -----------------------------------------------------------------------------


def _step_interpolation(answer) -> str | None:
    mark = chart_spec(answer).get("mark")
    interpolate = mark.get("interpolate") if isinstance(mark, dict) else None
    if not interpolate or not str(interpolate).startswith("step"):
        return 'the line is not a step line: give mark_line() interpolate="step-after".'
    return None


def task6(answer) -> Feedback:
    """steps_chart: a step chart of the running totals, one line per sector group."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        chart_mark("line"),
        _step_interpolation,
        chart_encodes("x", "year"),
        chart_encodes("y", "cumulative", "Q"),
        chart_encodes("color", "sector_group"),
        chart_has_tooltip,
        chart_has_title,
        chart_has_description,
        hint='a chart of cumulative_long with a title and a description, a step line (mark_line with interpolate="step-after"), year on x, cumulative on y, sector_group as colour and a tooltip.',
    )


# --- task 7: trade in 2025 against 2016 ------------------------------------------------------------------


def _is_trade_ratio(value: float) -> bool:
    """Is value the hashed percentage, to one decimal (so 27.96 and 28.0 both count)?"""
    if answer_key.recording():
        return answer_key.matches("ex06.task7", round(value, 1))
    return any(answer_key.matches("ex06.task7", round(value + shift, 1)) for shift in (0, -0.05, 0.05))


def _trade_mistakes(answer) -> str | None:
    value = float(answer)
    if _is_trade_ratio(value):
        return None
    if _is_trade_ratio(value * 100):
        return "this looks like a fraction: give the percentage (multiply by 100)."
    if _is_trade_ratio(value + 100):
        return "this is the change in per cent; the task asks for 2025 as a percentage of 2016 (about 100 would mean the same level)."
    trade = load("china_trade_annual")
    preferred_2016 = trade.loc[(trade["year"] == 2016) & trade["preferred"].astype(bool), "total_usd_m"]
    others = trade[(trade["year"] == 2016) & ~trade["preferred"].astype(bool)]
    for total in others["total_usd_m"]:
        if len(preferred_2016) == 1 and _is_trade_ratio(value * float(total) / float(preferred_2016.iloc[0])):
            return "you used a 2016 figure that is not the preferred one: keep the rows where preferred is True (one per year)."
    return "the percentage differs from 2025's total over 2016's, times 100: check that you used the preferred totals of those two years."


def task7(answer) -> Feedback:
    """trade_2025_vs_2016: China-DPRK trade in 2025 as a percentage of 2016 (preferred figures)."""
    return run_check(
        "Task 7",
        answer,
        is_number,
        _trade_mistakes,
        hint='keep trade[trade["preferred"]], index it by year, and divide the 2025 total by the 2016 total; multiply by 100.',
    )
