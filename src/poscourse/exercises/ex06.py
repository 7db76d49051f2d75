"""Checks for the exercises of lesson 06, Sanctions: a bargaining chip worn down.

    from poscourse.exercises import ex06 as check
    check.task1(answer1)

Each check computes the expected answer from the course data, never prints
it, and returns a Feedback (correct, wrong with a hint, or not answered yet).
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
    frame_matches,
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


def _measures_dated() -> pd.DataFrame:
    return _measures().merge(
        _resolutions()[["resolution_id", "date", "status"]], on="resolution_id", how="left", validate="many_to_one"
    )


def _decisions() -> pd.DataFrame:
    dated = _measures_dated()
    return dated[dated["action"].isin(DECISION_ACTIONS)]


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
    sanctions_years = set(_decisions()["date"].dt.year)
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


def task2(answer) -> Feedback:
    """measures_dated: every measure row with the date and status of its resolution."""
    expected = _measures_dated()
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
        frame_matches(expected, ["resolution_id", "measure", "date", "status"], sort_by=["resolution_id", "measure"]),
        hint='measures.merge(resolutions[["resolution_id", "date", "status"]], on="resolution_id", how="left", validate="many_to_one").',
    )


# --- task 3: counts and a running total per resolution date ---------------------------------


def _expected_per_date(actions=DECISION_ACTIONS) -> pd.DataFrame:
    dated = _measures_dated()
    rows = dated[dated["action"].isin(actions)]
    per_date = rows.groupby("date").size().reset_index(name="decisions").sort_values("date")
    return per_date.assign(cumulative=per_date["decisions"].cumsum()).reset_index(drop=True)


def _per_date_mistakes(answer) -> str | None:
    expected = _expected_per_date()
    all_actions = _expected_per_date(actions=["new", "expanded", "tightened", "renewed", "ended"])
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
    return None


def task3(answer) -> Feedback:
    """decisions_per_date: one row per resolution date with columns date, decisions, cumulative."""
    expected = _expected_per_date()
    return run_check(
        "Task 3",
        answer,
        is_dataframe,
        has_columns("date", "decisions", "cumulative"),
        _per_date_mistakes,
        frame_matches(expected, ["date", "decisions", "cumulative"]),
        hint='filter the decisions, groupby("date").size().reset_index(name="decisions"), then add cumulative=decisions.cumsum().',
    )


# --- task 4: a wide table with pivot_table --------------------------------------------------


def _expected_wide() -> pd.DataFrame:
    decisions = _decisions()
    wide = decisions.assign(year=decisions["date"].dt.year).pivot_table(
        index="year", columns="sector_group", values="measure", aggfunc="count", fill_value=0, observed=True
    )
    wide.columns = [str(c) for c in wide.columns]
    return wide


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
    expected = _expected_wide()
    if sorted(wide.index) != sorted(expected.index):
        return "the rows should be the years with at least one measure decision (index=year, taken from date.dt.year)."
    return None


def _wide_values(answer) -> str | None:
    wide = _as_wide(answer)
    expected = _expected_wide()
    if wide[expected.columns].isna().any().any():
        return "some cells are empty (NaN): give pivot_table fill_value=0."
    difference = (wide.loc[expected.index, expected.columns].astype(float) - expected.astype(float)).abs()
    if difference.to_numpy().max() > 1e-9:
        cumulative = expected.cumsum()
        if (
            (wide.loc[expected.index, expected.columns].astype(float) - cumulative.astype(float)).abs().to_numpy().max()
        ) < 1e-9:
            return "these are already running totals: this task wants the decisions of each year; the cumsum comes in task 5."
        return "some counts differ: count only the new, expanded or tightened rows (the decisions table)."
    return None


def task4(answer) -> Feedback:
    """decisions_wide: decisions per year (rows) and sector group (columns)."""
    return run_check(
        "Task 4",
        answer,
        is_dataframe,
        _wide_shape,
        _wide_values,
        hint='decisions.assign(year=decisions["date"].dt.year).pivot_table(index="year", columns="sector_group", values="measure", aggfunc="count", fill_value=0).',
    )


# --- task 5: cumsum then melt to long ---------------------------------------------------------------


def _expected_long() -> pd.DataFrame:
    wide = _expected_wide().cumsum()
    wide.index.name = "year"
    return wide.reset_index().melt(id_vars="year", var_name="sector_group", value_name="cumulative")


def _long_mistakes(answer) -> str | None:
    groups = _sector_groups()
    if any(g in map(str, answer.columns) for g in groups):
        return "the table is still wide (one column per sector group): melt() it into long form."
    return None


def _long_values(answer) -> str | None:
    expected = _expected_long()
    if len(answer) != len(expected):
        return f"the table has {len(answer)} rows; expected one row per year and sector group."
    given = answer.assign(
        year=pd.to_numeric(answer["year"], errors="coerce"), sector_group=answer["sector_group"].astype(str)
    )
    merged = expected.merge(given, on=["year", "sector_group"], how="left", suffixes=("", "_given"))
    if merged["cumulative_given"].isna().any():
        return 'some year and sector-group pairs are missing: melt with id_vars="year".'
    if ((merged["cumulative_given"].astype(float) - merged["cumulative"].astype(float)).abs() < 1e-9).all():
        return None
    per_year = _expected_wide()
    per_year.index.name = "year"
    plain = per_year.reset_index().melt(id_vars="year", var_name="sector_group", value_name="cumulative")
    check_plain = plain.merge(given, on=["year", "sector_group"], suffixes=("", "_given"))
    if ((check_plain["cumulative_given"].astype(float) - check_plain["cumulative"].astype(float)).abs() < 1e-9).all():
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
        hint='decisions_wide.cumsum().reset_index().melt(id_vars="year", var_name="sector_group", value_name="cumulative").',
    )


# --- task 6: a step chart -----------------------------------------------------------------------------


def _step_interpolation(answer) -> str | None:
    mark = chart_spec(answer).get("mark")
    interpolate = mark.get("interpolate") if isinstance(mark, dict) else None
    if not interpolate or not str(interpolate).startswith("step"):
        return 'the line is not a step line: use mark_line(interpolate="step-after").'
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
        hint='alt.Chart(cumulative_long, title=..., description=...).mark_line(interpolate="step-after") with year on x, cumulative on y, sector_group as colour and a tooltip.',
    )


# --- task 7: trade in 2025 against 2016 ------------------------------------------------------------------


def _trade_ratio(rows: pd.DataFrame) -> float:
    by_year = rows.set_index("year")["total_usd_m"]
    return 100 * float(by_year[2025]) / float(by_year[2016])


def _trade_mistakes(answer) -> str | None:
    trade = load("china_trade_annual")
    preferred = trade[trade["preferred"].astype(bool)]
    expected = _trade_ratio(preferred)
    value = float(answer)
    if abs(value * 100 - expected) < 0.1:
        return "this looks like a fraction: give the percentage (multiply by 100)."
    if abs(value - (expected - 100)) < 0.1:
        return "this is the change in per cent; the task asks for 2025 as a percentage of 2016 (about 100 would mean the same level)."
    others = trade[(trade["year"] == 2016) & ~trade["preferred"].astype(bool)]
    for total in others["total_usd_m"]:
        if abs(value - 100 * float(preferred.set_index("year").loc[2025, "total_usd_m"]) / float(total)) < 0.1:
            return "you used a 2016 figure that is not the preferred one: keep the rows where preferred is True (one per year)."
    if abs(value - expected) >= 0.1:
        return "the percentage is too high." if value > expected else "the percentage is too low."
    return None


def task7(answer) -> Feedback:
    """trade_2025_vs_2016: China-DPRK trade in 2025 as a percentage of 2016 (preferred figures)."""
    return run_check(
        "Task 7",
        answer,
        is_number,
        _trade_mistakes,
        hint='keep trade[trade["preferred"]], index it by year, and divide the 2025 total by the 2016 total; multiply by 100.',
    )
