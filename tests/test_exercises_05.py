"""The checks of exercise notebook 05 (China's trade window): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex05 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def preferred():
    trade = pc.load("china_trade_monthly")
    return trade[trade["preferred"]].set_index("month").sort_index()


@pytest.fixture(scope="module")
def monthly(preferred):
    return preferred.reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))


@pytest.fixture(scope="module")
def annual_preferred():
    annual = pc.load("china_trade_annual")
    return annual[annual["preferred"]]


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(preferred):
    totals = preferred.loc["2020-01-01":, "total_usd_m"]
    first_above = f"{totals[totals > 260].index.min():%b %Y}"
    assert check.task1(first_above).passed
    assert check.task1(f" {first_above.upper()} ").passed


def test_task1_wrong(preferred):
    totals = preferred.loc["2020-01-01":, "total_usd_m"]
    first_above = totals[totals > 260].index.min()
    earlier = "Dec 2024" if first_above > pd.Timestamp("2024-12-01") else "Dec 2023"
    assert_wrong(check.task1(earlier), "below the dashed line")
    assert_wrong(check.task1("Nov 2025"), "first one")
    assert_wrong(check.task1("October 2019"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(preferred):
    assert check.task2(preferred.reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))).passed


def test_task2_not_reindexed(preferred):
    assert_wrong(check.task2(preferred), "*with a row* only")


def test_task2_month_end(preferred):
    answer = preferred.reindex(pd.date_range("2015-01-01", "2025-12-31", freq="ME"))
    assert_wrong(check.task2(answer), "month start")


def test_task2_single_column(preferred):
    answer = preferred["total_usd_m"].reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))
    assert_wrong(check.task2(answer), "expected a DataFrame")


def test_task2_not_the_preferred_rows():
    trade = pc.load("china_trade_monthly").set_index("month").sort_index()
    last_rows = trade[~trade.index.duplicated(keep="last")]
    answer = last_rows.reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))
    assert_wrong(check.task2(answer), "preferred")


# --- task 3 ---------------------------------------------------------------------


def test_task3_right(monthly):
    answer = monthly["total_usd_m"].isna().groupby(monthly.index.year).sum()
    assert check.task3(answer).passed


def test_task3_not_reindexed(preferred):
    answer = preferred["total_usd_m"].isna().groupby(preferred.index.year).sum()
    assert_wrong(check.task3(answer), "reindexed")


def test_task3_counted_present(monthly):
    answer = monthly["total_usd_m"].notna().groupby(monthly.index.year).sum()
    assert_wrong(check.task3(answer), "*with* a total")


def test_task3_by_month(monthly):
    assert_wrong(check.task3(monthly["total_usd_m"].isna()), "indexed by month")


def test_task3_one_number(monthly):
    assert_wrong(check.task3(monthly["total_usd_m"].isna().sum()), "expected a Series")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(monthly):
    assert check.task4(monthly["total_usd_m"].pct_change(periods=12)).passed


def test_task4_previous_month(monthly):
    assert_wrong(check.task4(monthly["total_usd_m"].pct_change()), "periods=12")


def test_task4_percent(monthly):
    assert_wrong(check.task4(100 * monthly["total_usd_m"].pct_change(periods=12)), "fraction")


def test_task4_not_reindexed(preferred):
    assert_wrong(check.task4(preferred["total_usd_m"].pct_change(periods=12)), "reindexed")


def test_task4_filled_gaps(monthly):
    assert_wrong(check.task4(monthly["total_usd_m"].ffill().pct_change(periods=12)), "gaps were filled")


# --- task 5 ---------------------------------------------------------------------


def test_task5_right(monthly):
    assert check.task5(monthly["total_usd_m"].rolling(3).mean()).passed


def test_task5_min_periods(monthly):
    assert_wrong(check.task5(monthly["total_usd_m"].rolling(3, min_periods=1).mean()), "min_periods")


def test_task5_centred(monthly):
    assert_wrong(check.task5(monthly["total_usd_m"].rolling(3, center=True).mean()), "centred")


def test_task5_sum(monthly):
    assert_wrong(check.task5(monthly["total_usd_m"].rolling(3).sum()), "rolling sum")


def test_task5_not_reindexed(preferred):
    assert_wrong(check.task5(preferred["total_usd_m"].rolling(3).mean()), "reindexed")


# --- task 6 ---------------------------------------------------------------------

COLUMNS = ["year", "cn_exports_to_nk_usd_m", "cn_imports_from_nk_usd_m"]


def test_task6_right(annual_preferred):
    answer = (
        annual_preferred[COLUMNS]
        .melt(id_vars="year", var_name="direction", value_name="usd_m")
        .dropna(subset=["usd_m"])
    )
    assert check.task6(answer).passed


def test_task6_still_wide(annual_preferred):
    assert_wrong(check.task6(annual_preferred[COLUMNS]), "still wide")


def test_task6_default_names(annual_preferred):
    assert_wrong(check.task6(annual_preferred[COLUMNS].melt(id_vars="year")), "default names")


def test_task6_kept_empty_rows(annual_preferred):
    answer = annual_preferred[COLUMNS].melt(id_vars="year", var_name="direction", value_name="usd_m")
    assert_wrong(check.task6(answer), "dropna")


def test_task6_all_compilers():
    annual = pc.load("china_trade_annual")
    answer = annual[COLUMNS].melt(id_vars="year", var_name="direction", value_name="usd_m").dropna(subset=["usd_m"])
    assert_wrong(check.task6(answer), "preferred")


# --- task 7 ---------------------------------------------------------------------


def line_chart(
    table,
    mark="line",
    tooltip=True,
    events=True,
    title="Monthly trade",
    description="Line chart of monthly trade with gaps.",
):
    encoding = {"x": alt.X("month:T"), "y": alt.Y("total_usd_m:Q")}
    if tooltip:
        encoding["tooltip"] = ["month:T", "total_usd_m:Q"]
    line = getattr(alt.Chart(table), f"mark_{mark}")().encode(**encoding)
    layers = (
        [line, pc.event_layer("2015-01-01", "2025-12-31")]
        if events
        else [line, alt.Chart(table).mark_point().encode(x="month:T", y="total_usd_m:Q")]
    )
    chart = alt.layer(*layers).properties(title=title)
    return chart.properties(description=description) if description else chart


def test_task7_right(monthly):
    assert check.task7(line_chart(monthly.rename_axis("month").reset_index())).passed


def test_task7_bridges_gaps(preferred):
    assert_wrong(check.task7(line_chart(preferred.reset_index())), "bridges the gaps")


def test_task7_no_line(monthly):
    assert_wrong(check.task7(line_chart(monthly.rename_axis("month").reset_index(), mark="bar")), "no line")


def test_task7_no_events(monthly):
    assert_wrong(check.task7(line_chart(monthly.rename_axis("month").reset_index(), events=False)), "event layer")


def test_task7_no_tooltip(monthly):
    assert_wrong(check.task7(line_chart(monthly.rename_axis("month").reset_index(), tooltip=False)), "tooltip")


def test_task7_no_description(monthly):
    chart = line_chart(monthly.rename_axis("month").reset_index(), description=None)
    assert_wrong(check.task7(chart), "description")


# --- messages a learner's run found unclear ----------------------------------------


def test_task2_gaps_filled_with_zero(preferred):
    answer = preferred.reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))
    answer["total_usd_m"] = answer["total_usd_m"].fillna(0)
    feedback = check.task2(answer)
    assert_wrong(feedback, "0 instead of NaN")
    assert "trade` table" not in feedback.message


def test_task2_single_column_names_the_fix(preferred):
    answer = preferred["total_usd_m"].reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))
    feedback = check.task2(answer)
    assert_wrong(feedback, "preferred.reindex(...)")
    assert "reset_index" not in feedback.message


def test_task2_messages_do_not_refer_to_monthly(preferred):
    for answer in (preferred, preferred.reset_index().reindex(range(132))):
        feedback = check.task2(answer)
        assert not feedback.passed
        assert "`monthly`" not in feedback.message, feedback.message


def test_task7_event_layer_message_names_labels_false(monthly):
    feedback = check.task7(line_chart(monthly.rename_axis("month").reset_index(), events=False))
    assert_wrong(feedback, "labels=False")
