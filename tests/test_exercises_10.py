"""The checks of exercise notebook 10 (What to watch): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex10 as check
from tests.conftest import assert_wrong

MONTHS = pc.data.MONTHS  # English month names, "January" first


@pytest.fixture(scope="module")
def verdict_table():
    claims = pc.load("claims")
    verdicts = pc.load("verdicts")
    return claims.merge(verdicts[["claim_id", "verdict"]], on="claim_id", how="left")


@pytest.fixture(scope="module")
def missiles_2025():
    missiles = pc.load("missile_launches")
    return missiles[missiles["date_kst"].dt.year == 2025]


@pytest.fixture(scope="module")
def trade():
    return pc.load("china_trade_monthly")


@pytest.fixture(scope="module")
def split(trade):
    newest = trade["month"].max()
    return trade[trade["month"] < newest], trade[trade["month"] == newest], newest


# --- task 1 ---------------------------------------------------------------------


def busiest_month():
    russia = pc.load("russia_cooperation")
    as_of = pd.Timestamp(pc.data.datapackage()["data_as_of"])
    in_2025 = russia[(russia["date"].dt.year == 2025) & (russia["date"] <= as_of)]
    return MONTHS[int(in_2025["date"].dt.month.value_counts().idxmax()) - 1]


def test_task1_right():
    month = busiest_month()
    assert check.task1(month).passed
    assert check.task1(f"  {month.upper()} ").passed


def test_task1_wrong():
    right = busiest_month()
    wrong = next(m for m in ["June", "July", "December"] if m != right)
    assert_wrong(check.task1(wrong), "not the tallest")
    assert_wrong(check.task1("Spring"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(verdict_table):
    answer = pd.crosstab(verdict_table["claim_type"], verdict_table["verdict"])
    assert check.task2(answer).passed
    # the same counts built with groupby and unstack also pass
    grouped = verdict_table.groupby(["claim_type", "verdict"], observed=True).size().unstack(fill_value=0)
    assert check.task2(grouped).passed


def test_task2_swapped(verdict_table):
    answer = pd.crosstab(verdict_table["verdict"], verdict_table["claim_type"])
    assert_wrong(check.task2(answer), "swapped")


def test_task2_margins(verdict_table):
    answer = pd.crosstab(verdict_table["claim_type"], verdict_table["verdict"], margins=True)
    assert_wrong(check.task2(answer), "margins=True")


def test_task2_shares(verdict_table):
    answer = pd.crosstab(verdict_table["claim_type"], verdict_table["verdict"], normalize="index")
    assert_wrong(check.task2(answer), "shares, not counts")


def test_task2_lost_claims(verdict_table):
    answer = pd.crosstab(verdict_table["claim_type"], verdict_table["verdict"]).iloc[:, :-1]
    if answer.to_numpy().sum() == pd.crosstab(verdict_table["claim_type"], verdict_table["verdict"]).to_numpy().sum():
        pytest.skip("the last verdict column is empty")
    assert_wrong(check.task2(answer), "add up to the number of claims")


# --- task 3 ---------------------------------------------------------------------


def months_2025():
    return pd.period_range("2025-01", "2025-12", freq="M")


def test_task3_right(missiles_2025):
    answer = (
        missiles_2025.groupby(missiles_2025["date_kst"].dt.to_period("M"))["launch_id"]
        .nunique()
        .reindex(months_2025(), fill_value=0)
    )
    assert check.task3(answer).passed
    # a month-start date index works as well
    assert check.task3(answer.set_axis(answer.index.to_timestamp())).passed
    assert check.task3(answer.set_axis(answer.index.to_timestamp().date)).passed  # datetime.date labels


def test_task3_without_empty_months(missiles_2025):
    answer = missiles_2025.groupby(missiles_2025["date_kst"].dt.to_period("M"))["launch_id"].nunique()
    assert_wrong(check.task3(answer), "fill_value=0")


def test_task3_counts_missiles(missiles_2025):
    answer = (
        missiles_2025.groupby(missiles_2025["date_kst"].dt.to_period("M")).size().reindex(months_2025(), fill_value=0)
    )
    assert_wrong(check.task3(answer), "counted missiles")


def test_task3_wrong_year():
    missiles = pc.load("missile_launches")
    in_2024 = missiles[missiles["date_kst"].dt.year == 2024]
    answer = (
        in_2024.groupby(in_2024["date_kst"].dt.to_period("M"))["launch_id"]
        .nunique()
        .reindex(pd.period_range("2024-01", "2024-12", freq="M"), fill_value=0)
    )
    assert_wrong(check.task3(answer), "twelve months of 2025")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(trade):
    preferred = trade[trade["preferred"] & (trade["month"].dt.year == 2025)]
    totals = preferred.set_index("month")["total_usd_m"].reindex(pd.date_range("2025-01-01", "2025-12-01", freq="MS"))
    assert check.task4(int(totals.isna().sum())).passed
    assert check.task4(float(totals.isna().sum())).passed


def test_task4_only_absent_months(trade):
    preferred = trade[trade["preferred"] & (trade["month"].dt.year == 2025)]
    assert_wrong(check.task4(12 - len(preferred)), "no row at all")


def test_task4_months_with_total(trade):
    preferred = trade[trade["preferred"] & (trade["month"].dt.year == 2025)]
    assert_wrong(check.task4(int(preferred["total_usd_m"].notna().sum())), "do have a total")


# --- task 5 ---------------------------------------------------------------------


def test_task5_right(split):
    before, new, _ = split
    answer = pd.concat([before, new]).sort_values(["month", "source_url"]).reset_index(drop=True)
    assert check.task5(answer).passed


def test_task5_added_to_full_table(trade, split):
    _, new, _ = split
    answer = pd.concat([trade, new]).sort_values(["month", "source_url"]).reset_index(drop=True)
    assert_wrong(check.task5(answer), "appear twice")


def test_task5_new_rows_missing(split):
    before, _, _ = split
    assert_wrong(check.task5(before.reset_index(drop=True)), "new month is missing")


def test_task5_not_sorted(split):
    before, new, _ = split
    answer = pd.concat([new, before]).reset_index(drop=True)
    assert_wrong(check.task5(answer), "not in order")


def test_task5_old_index(split):
    before, new, _ = split
    answer = pd.concat([before, new]).sort_values(["month", "source_url"])
    if answer.index.equals(pd.RangeIndex(len(answer))):
        pytest.skip("the file is already in key order")
    assert_wrong(check.task5(answer), "reset_index")


# --- task 6 ---------------------------------------------------------------------


def last_higher(trade, newest, preferred_only=True):
    preferred = trade[trade["preferred"]].dropna(subset=["total_usd_m"])
    newest_total = preferred.loc[preferred["month"] == newest, "total_usd_m"].iloc[0]
    rows = preferred if preferred_only else trade.dropna(subset=["total_usd_m"])
    return rows[(rows["month"] < newest) & (rows["total_usd_m"] > newest_total)]["month"]


def test_task6_right(trade, split):
    _, _, newest = split
    month = last_higher(trade, newest).max()
    assert check.task6(month).passed
    assert check.task6(month.strftime("%Y-%m")).passed
    assert check.task6(month.to_period("M")).passed
    assert check.task6(month.date()).passed  # a datetime.date, as from .dt.date


def test_task6_not_preferred(trade, split):
    _, _, newest = split
    right = last_higher(trade, newest).max()
    any_row = last_higher(trade, newest, preferred_only=False).max()
    if any_row == right:
        pytest.skip("no non-preferred figure beats the newest month later than the preferred one")
    assert_wrong(check.task6(any_row), "not preferred")


def test_task6_earliest(trade, split):
    _, _, newest = split
    assert_wrong(check.task6(last_higher(trade, newest).min()), "earliest")


def test_task6_newest_month(split):
    _, _, newest = split
    assert_wrong(check.task6(newest), "newest month itself")


def test_task6_series_instead_of_month(trade, split):
    _, _, newest = split
    assert_wrong(check.task6(last_higher(trade, newest)), "expected one month")


# --- task 7 ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def trade_by_month(trade):
    return trade[trade["preferred"]][["month", "total_usd_m"]]


def line(data, **kwargs):
    chart_kwargs = {"title": "Monthly trade", "description": "A line of monthly China-North Korea trade."}
    chart_kwargs.update(kwargs)
    return (
        alt.Chart(data, **chart_kwargs)
        .mark_line(point=True)
        .encode(x="month:T", y="total_usd_m:Q", tooltip=["month:T", "total_usd_m:Q"])
    )


def test_task7_right(trade_by_month):
    answer = alt.layer(line(trade_by_month), pc.event_layer("2022-01-01", "2025-12-31"))
    assert check.task7(answer).passed
    assert check.task7(alt.layer(line(trade_by_month), pc.event_layer("2022-01-01", "2025-12-31", labels=False))).passed


def test_task7_no_event_layer(trade_by_month):
    assert_wrong(check.task7(line(trade_by_month)), "not layered")


def test_task7_bars(trade_by_month):
    bars = line(trade_by_month).mark_bar()
    assert_wrong(check.task7(alt.layer(bars, pc.event_layer("2022-01-01", "2025-12-31"))), "mark_line")


def test_task7_no_tooltip(trade_by_month):
    chart = (
        alt.Chart(trade_by_month, title="t", description="A line of monthly trade values.")
        .mark_line()
        .encode(x="month:T", y="total_usd_m:Q")
    )
    assert_wrong(check.task7(alt.layer(chart, pc.event_layer("2022-01-01", "2025-12-31"))), "no tooltip")


def test_task7_no_description(trade_by_month):
    chart = line(trade_by_month, description=alt.Undefined)
    assert_wrong(check.task7(alt.layer(chart, pc.event_layer("2022-01-01", "2025-12-31"))), "screen readers")


def test_task7_x_not_temporal(trade_by_month):
    chart = (
        alt.Chart(trade_by_month, title="t", description="A line of monthly trade values.")
        .mark_line()
        .encode(x="month:O", y="total_usd_m:Q", tooltip=["total_usd_m:Q"])
    )
    assert_wrong(check.task7(alt.layer(chart, pc.event_layer("2022-01-01", "2025-12-31"))), "temporal")
