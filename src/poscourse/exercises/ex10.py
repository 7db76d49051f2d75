"""Checks for the exercises of lesson 10, What to watch.

    from poscourse.exercises import ex10 as check
    check.task1(answer1)

Each check compares the answer with the salted hash of the worked solution's
(poscourse.answer_key), never prints it, and returns a Feedback (correct, wrong with a hint, or not answered yet).
"""

from __future__ import annotations

import datetime

import pandas as pd

from .. import answer_key
from ..chartchecks import (
    chart_encodes,
    chart_has_tooltip,
    chart_mark,
    has_description,
    has_event_layer,
    has_title,
    is_chart,
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

TASK1_OPTIONS = ["June", "July", "September", "October", "December"]


# --- task 1: read the Russia panel ---------------------------------------------------


def task1(answer) -> Feedback:
    """In which month of 2025 did the timeline log the most Russia-North Korea events?"""
    options = TASK1_OPTIONS
    correct = answer_key.choice("ex10.task1", answer, options)
    choices = {
        month: f"the {month} bar is tall, but it is not the tallest of 2025; compare the bars near the right end of the chart."
        for month in options
    }
    choices[correct] = ""
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="hover over the bars in JupyterLab, or compare their heights against the y axis.",
    )


# --- task 2: merge and crosstab ---------------------------------------------------------


def _claims_with_verdict() -> int:
    """How many rows a left join of claims and verdicts gives that have a verdict (a count, not the crosstab)."""
    claims, verdicts = load("claims"), load("verdicts")
    return int(claims["claim_id"].map(verdicts["claim_id"].value_counts()).fillna(0).sum())


def _cells(table: pd.DataFrame) -> list:
    """The non-zero cells of a count table, as sorted [row label, column label, count]: what the hash is taken of."""
    stacked = table.stack()
    return sorted([str(r), str(c), float(v)] for (r, c), v in stacked.items() if float(v) != 0)


def _crosstab_shape(answer) -> str | None:
    rows = {str(label) for label in answer.index}
    cols = {str(label) for label in answer.columns}
    types = {"descriptive", "causal", "interpretive", "predictive"}
    verdict_names = {
        "supported",
        "partly supported",
        "contradicted",
        "not testable with these data",
        "overtaken by events",
    }
    if {"All", "all"} & (rows | cols):
        return "the table has a total row or column: leave out margins=True."
    if rows & verdict_names and cols & types:
        return "rows and columns are swapped: put the claim types first (rows), the verdicts second (columns)."
    if not rows or not rows <= types:
        return 'the rows (the index) should be the claim types: pass verdict_table["claim_type"] as the first argument.'
    if not cols or not cols <= verdict_names:
        return 'the columns should be the verdicts: pass verdict_table["verdict"] as the second argument.'
    return None


def _counts_not_shares(answer) -> str | None:
    values = answer.astype(float)
    total = float(values.to_numpy().sum())
    sums_to_one = [
        abs(total - 1) < 1e-6,
        ((values.sum(axis=1) - 1).abs() < 1e-6).all(),
        ((values.sum(axis=0) - 1).abs() < 1e-6).all(),
    ]
    if (values <= 1).all().all() and any(sums_to_one):
        return "these look like shares, not counts: leave out normalize."
    if abs(total - _claims_with_verdict()) > 1e-6:
        return "the counts should add up to the number of claims with a verdict (one per claim). Did you join claims and verdicts on claim_id?"
    return None


def task2(answer) -> Feedback:
    """verdict_counts: number of claims for each claim type (rows) and verdict (columns)."""

    def same_counts(a):
        if not answer_key.matches("ex10.task2", _cells(a.astype(float))):
            return "some counts differ from the expected ones. Did you merge claims and verdicts on claim_id first?"
        return None

    return run_check(
        "Task 2",
        answer,
        is_dataframe,
        _crosstab_shape,
        _counts_not_shares,
        same_counts,
        hint='merge claims and verdicts on "claim_id" (how="left"), then pd.crosstab() with the claim types first and the verdicts second.',
    )


# --- task 3: monthly counts with zeros ------------------------------------------------

MONTHS_2025 = [f"2025-{m:02d}" for m in range(1, 13)]


def _to_month(answer) -> str:
    """A month as "YYYY-MM", from a period, a date, a timestamp, text or a numpy datetime64; TypeError otherwise."""
    if isinstance(answer, pd.Period):
        return str(answer.asfreq("M"))
    if isinstance(answer, (datetime.date, str)):  # pd.Timestamp is a date too
        return pd.Timestamp(answer).strftime("%Y-%m")
    if hasattr(answer, "dtype") and getattr(answer, "size", 0) == 1:  # a numpy datetime64
        return pd.Timestamp(answer).strftime("%Y-%m")
    raise TypeError(type(answer).__name__)


def _launches_2025() -> pd.DataFrame:
    missiles = load("missile_launches")
    return missiles[missiles["date_kst"].dt.year == 2025]


def _as_month_list(answer) -> list:
    """[month, count] pairs in month order: what the hash is taken of."""
    return sorted([_to_month(label), float(value)] for label, value in answer.items())


def _all_twelve_months(answer) -> str | None:
    if len(answer) < 12 and len(answer) == _launches_2025()["date_kst"].dt.month.nunique():
        return "months with no launch are missing: a month with no launch is a zero. Use reindex() over all twelve months with fill_value=0."
    if len(answer) != 12:
        return f"the Series has {len(answer)} values; expected one per month of 2025."
    try:
        labels = sorted(_to_month(label) for label in answer.index)
    except (ValueError, TypeError):
        return "the index should hold the months of 2025 (periods such as 2025-01, or dates)."
    if labels != MONTHS_2025:
        return "the index should hold the twelve months of 2025."
    return None


def _launch_values(answer) -> str | None:
    given = _as_month_list(answer)
    if answer_key.matches("ex10.task3", given):
        return None
    launches = _launches_2025()
    rows = launches["date_kst"].dt.strftime("%Y-%m").value_counts()
    if given == [[m, float(rows.get(m, 0))] for m in MONTHS_2025]:
        return "you counted missiles (rows), not launch events: count the unique values of launch_id with nunique()."
    return "some monthly counts differ from the expected ones. Did you filter on date_kst in 2025?"


def task3(answer) -> Feedback:
    """launches_per_month: ballistic launch events per month of 2025 (KST), zeros included."""
    return run_check(
        "Task 3",
        answer,
        is_series,
        _all_twelve_months,
        _launch_values,
        hint='group by date_kst.dt.to_period("M"), count launch_id with nunique(), then reindex(pd.period_range("2025-01", "2025-12", freq="M"), fill_value=0).',
    )


# --- task 4: missing is not zero -----------------------------------------------------


def _trade_2025_preferred() -> pd.DataFrame:
    trade = load("china_trade_monthly")
    return trade[trade["preferred"] & (trade["month"].dt.year == 2025)]


def task4(answer) -> Feedback:
    """months_without_total: months of 2025 with no preferred monthly total."""
    no_row = 12 - len(_trade_2025_preferred())

    def value(a):
        got = float(a)
        if answer_key.matches("ex10.task4", got):
            return None
        if got == no_row:
            return "you counted only the months with no row at all; some months have a row but no total (only exports or imports were found)."
        if answer_key.matches("ex10.task4", 12 - got):
            return "that is the number of months that do have a total; the task asks for the months without one."
        return "that is not the number of months without a total."

    return run_check(
        "Task 4",
        answer,
        is_number,
        value,
        hint="reindex the preferred totals over the twelve months of 2025 and count the missing values with isna().sum().",
    )


# --- task 5: rehearse an update ----------------------------------------------------------

KEY = ["month", "source_url"]


def _keys(table: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(table["month"].astype(str), table["source_url"].astype(str), strict=True))


def _rebuilt_rows(answer) -> str | None:
    trade = load("china_trade_monthly")
    newest = trade["month"].max()
    n_new = int((trade["month"] == newest).sum())
    if answer.duplicated(subset=KEY).any():
        if len(answer) == len(trade) + n_new:
            return "some rows appear twice: add new_rows to trade_before, not to the full table."
        return "some rows appear twice (same month and source_url)."
    if len(answer) == len(trade) - n_new:
        return "the new month is missing: concatenate trade_before and new_rows."
    if len(answer) != len(trade):
        return f"the table has {len(answer)} rows; it should have as many as the file."
    return None


def _rebuilt_order(answer) -> str | None:
    given = _keys(answer)
    if sorted(given) != sorted(_keys(load("china_trade_monthly"))):
        return "the rows differ from the file's rows: use trade_before and new_rows as they are."
    if given != sorted(given):
        return "the rows are all there but not in order: sort by month and source_url."
    if not answer.index.equals(pd.RangeIndex(len(answer))):
        return "the rows are in order, but the index still holds the old row numbers: add reset_index(drop=True)."
    return None


def _rebuilt_values(answer) -> str | None:
    table = answer[[*KEY, "total_usd_m", "preferred"]].astype(
        {"source_url": str, "total_usd_m": float, "preferred": bool}
    )
    if answer_key.matches("ex10.task5", answer_key.canonical_frame(table)):
        return None
    file = load("china_trade_monthly").set_index(KEY)
    given = answer.set_index(KEY)
    for col in ["total_usd_m", "preferred"]:
        a = given[col].astype("float")
        e = file.loc[given.index, col].astype("float")
        same = ((a - e).abs() < 1e-9) | (a.isna() & e.isna())
        if not same.all():
            return f"the column {col!r} differs from the file: do not change any values while rebuilding."
    return "the table differs from the file: rebuild it from trade_before and new_rows without changing them."


def task5(answer) -> Feedback:
    """trade_rebuilt: trade_before plus new_rows, sorted like the file."""
    return run_check(
        "Task 5",
        answer,
        is_dataframe,
        has_columns("month", "source_url", "total_usd_m", "preferred"),
        _rebuilt_rows,
        _rebuilt_order,
        _rebuilt_values,
        hint="pd.concat() the two tables, then sort the rows by month and source_url and reset the index.",
    )


# --- task 6: the indicator after the update ----------------------------------------------


def _higher_rows(trade: pd.DataFrame, month: str) -> pd.DataFrame:
    """That month's rows whose total is above the newest month's preferred total (facts about the learner's month)."""
    newest = trade["month"].max()
    latest = trade.loc[trade["preferred"] & (trade["month"] == newest), "total_usd_m"]
    rows = trade[trade["month"].dt.strftime("%Y-%m") == month]
    if latest.empty:
        return rows.iloc[0:0]
    return rows[rows["total_usd_m"] > float(latest.iloc[0])]


def task6(answer) -> Feedback:
    """last_higher_month: the last month before the newest one with a higher preferred total."""
    trade = load("china_trade_monthly")
    newest = trade["month"].max().strftime("%Y-%m")

    def month_value(a):
        if isinstance(a, (pd.Series, pd.DataFrame, list, tuple, dict)):
            return f'expected one month (a date, a period or text like "2019-12"), got a {type(a).__name__}. Take .max() of the months.'
        try:
            got = _to_month(a)
        except (ValueError, TypeError):
            return f'expected one month (a date, a period or text like "2019-12"), got {type(a).__name__}.'
        if answer_key.matches("ex10.task6", got):
            return None
        if got == newest:
            return "that is the newest month itself: look only at months before it."
        higher = _higher_rows(trade, got)
        if not higher.empty and not higher["preferred"].any():
            return "that month's higher figure comes from a row that is not preferred (a revised or alternative figure): filter on preferred first."
        if higher["preferred"].any() and got < newest:
            return "that month has a higher total, but a later month does too: the indicator needs the most recent one (max), not the earliest (min)."
        return "that is not the last month with a higher preferred total."

    return run_check(
        "Task 6",
        answer,
        month_value,
        hint="keep the preferred rows with a total, keep months before the newest with a total above the newest total, and take the latest month.",
    )


# --- task 7: a dashboard panel --------------------------------------------------------------


def task7(answer) -> Feedback:
    """trade_panel: a line chart of monthly trade with the event layer, a tooltip, a title and a description."""
    return run_check(
        "Task 7",
        answer,
        is_chart,
        has_event_layer(
            "no event layer found: layer pc.event_layer(start, end) over the line.",
            not_layered="the chart is not layered: add the course's event layer with alt.layer(chart, pc.event_layer(...)).",
        ),
        chart_mark("line"),
        chart_encodes("x", "month", "T"),
        chart_encodes("y", "total_usd_m", "Q"),
        chart_has_tooltip,
        has_title("the chart has no title: give alt.Chart(...) a title= saying what it shows."),
        has_description(
            'the chart has no description for screen readers: pass description="..." (a sentence) to alt.Chart().'
        ),
        hint='alt.layer() a line chart of trade_by_month (title=..., description=..., x="month:T", y="total_usd_m:Q", a tooltip) with pc.event_layer("2022-01-01", "2025-12-31").',
    )
