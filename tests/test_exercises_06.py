"""The checks of exercise notebook 06 (Sanctions: a bargaining chip worn down):
right answers pass, typical wrong answers get the intended feedback, odd input
never raises."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex06 as check
from tests.conftest import assert_wrong

DECISIONS = ["new", "expanded", "tightened"]


@pytest.fixture(scope="module")
def resolutions():
    return pc.load("unsc_resolutions")


@pytest.fixture(scope="module")
def measures():
    return pc.load("unsc_measures")


@pytest.fixture(scope="module")
def trade():
    return pc.load("china_trade_annual")


@pytest.fixture(scope="module")
def measures_dated(measures, resolutions):
    return measures.merge(
        resolutions[["resolution_id", "date", "status"]], on="resolution_id", how="left", validate="many_to_one"
    )


@pytest.fixture(scope="module")
def decisions(measures_dated):
    return measures_dated[measures_dated["action"].isin(DECISIONS)]


@pytest.fixture(scope="module")
def decisions_wide(decisions):
    return decisions.assign(year=decisions["date"].dt.year).pivot_table(
        index="year", columns="sector_group", values="measure", aggfunc="count", fill_value=0
    )


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(resolutions):
    adopted_sanctions = resolutions[
        (resolutions["status"] == "adopted") & (resolutions["resolution_type"] == "sanctions")
    ]
    assert check.task1(int(adopted_sanctions["date"].max().year)).passed


def test_task1_vetoed_draft(resolutions):
    vetoed = resolutions[resolutions["status"] == "vetoed_draft"]
    for year in vetoed["date"].dt.year:
        assert_wrong(check.task1(int(year)), "vetoed")


def test_task1_panel_renewal():
    assert_wrong(check.task1(2023), "only renewed the Panel")


def test_task1_too_early():
    assert_wrong(check.task1(2013), "look further right")


def test_task1_not_a_whole_year():
    assert_wrong(check.task1(2017.5), "whole number")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(measures_dated):
    assert check.task2(measures_dated).passed


def test_task2_all_resolution_columns(measures, resolutions):
    assert check.task2(measures.merge(resolutions, on="resolution_id", how="left")).passed


def test_task2_wrong_direction(measures, resolutions):
    answer = resolutions[["resolution_id", "date", "status"]].merge(measures, on="resolution_id", how="left")
    assert_wrong(check.task2(answer), "start from the measures table")


def test_task2_duplicated_key(measures, resolutions):
    doubled = pd.concat([resolutions, resolutions.head(3)])
    answer = measures.merge(doubled[["resolution_id", "date", "status"]], on="resolution_id", how="left")
    assert_wrong(check.task2(answer), "duplicated")


def test_task2_filtered(measures_dated):
    assert_wrong(check.task2(measures_dated.head(20)), "fewer than")


def test_task2_missing_columns(measures):
    assert_wrong(check.task2(measures), "lacks column(s) date, status")


# --- task 3 ---------------------------------------------------------------------


def learner_per_date(rows):
    per_date = rows.groupby("date").size().reset_index(name="decisions").sort_values("date")
    per_date["cumulative"] = per_date["decisions"].cumsum()
    return per_date


def test_task3_right(decisions):
    assert check.task3(learner_per_date(decisions)).passed


def test_task3_every_action(measures_dated):
    assert_wrong(check.task3(learner_per_date(measures_dated)), "counts every action")


def test_task3_no_cumsum(decisions):
    answer = learner_per_date(decisions).assign(cumulative=lambda d: d["decisions"])
    assert_wrong(check.task3(answer), "cumsum")


def test_task3_not_sorted(decisions):
    answer = learner_per_date(decisions).sort_values("decisions")
    assert_wrong(check.task3(answer), "date order")


def test_task3_missing_column(decisions):
    answer = decisions.groupby("date").size().reset_index(name="decisions")
    assert_wrong(check.task3(answer), "lacks column(s) cumulative")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(decisions_wide):
    assert check.task4(decisions_wide).passed
    assert check.task4(decisions_wide.reset_index()).passed


def test_task4_nan_cells(decisions):
    answer = decisions.assign(year=decisions["date"].dt.year).pivot_table(
        index="year", columns="sector_group", values="measure", aggfunc="count"
    )
    assert_wrong(check.task4(answer), "fill_value=0")


def test_task4_long_table(decisions):
    answer = (
        decisions.assign(year=decisions["date"].dt.year)
        .groupby(["year", "sector_group"], observed=True)
        .size()
        .reset_index(name="n")
    )
    assert_wrong(check.task4(answer), "is long")


def test_task4_already_cumulative(decisions_wide):
    assert_wrong(check.task4(decisions_wide.cumsum()), "running totals")


def test_task4_every_action(measures_dated):
    answer = measures_dated.assign(year=measures_dated["date"].dt.year).pivot_table(
        index="year", columns="sector_group", values="measure", aggfunc="count", fill_value=0
    )
    assert_wrong(check.task4(answer), "rows should be the years")


def test_task4_dates_not_years(decisions):
    answer = decisions.pivot_table(
        index="date", columns="sector_group", values="measure", aggfunc="count", fill_value=0
    )
    assert_wrong(check.task4(answer), "years")


# --- task 5 ---------------------------------------------------------------------


def learner_long(wide):
    return wide.reset_index().melt(id_vars="year", var_name="sector_group", value_name="cumulative")


def test_task5_right(decisions_wide):
    assert check.task5(learner_long(decisions_wide.cumsum())).passed


def test_task5_no_cumsum(decisions_wide):
    assert_wrong(check.task5(learner_long(decisions_wide)), "not running totals")


def test_task5_still_wide(decisions_wide):
    assert_wrong(check.task5(decisions_wide.cumsum().reset_index()), "still wide")


def test_task5_wrong_names(decisions_wide):
    answer = decisions_wide.cumsum().reset_index().melt(id_vars="year")
    assert_wrong(check.task5(answer), "lacks column(s)")


def test_task5_cumsum_across_groups(decisions_wide):
    answer = learner_long(decisions_wide.cumsum(axis=1))
    assert_wrong(check.task5(answer), "running totals differ")


# --- task 6 ---------------------------------------------------------------------


def learner_steps(
    data,
    interpolate="step-after",
    mark="line",
    color="sector_group",
    description="Step lines of the running total of measure decisions.",
):
    return (
        alt.Chart(data, title="Sanctions grew until 2017", description=description).mark_line(interpolate=interpolate)
        if mark == "line"
        else alt.Chart(data, title="t", description=description).mark_bar()
    ).encode(x="year:O", y="cumulative:Q", color=f"{color}:N", tooltip=["year:O", "cumulative:Q"])


@pytest.fixture(scope="module")
def cumulative_long(decisions_wide):
    return learner_long(decisions_wide.cumsum())


def test_task6_right(cumulative_long):
    assert check.task6(learner_steps(cumulative_long)).passed
    assert check.task6(learner_steps(cumulative_long, interpolate="step")).passed


def test_task6_plain_line(cumulative_long):
    assert_wrong(check.task6(learner_steps(cumulative_long, interpolate="linear")), "not a step line")


def test_task6_bars(cumulative_long):
    assert_wrong(check.task6(learner_steps(cumulative_long, mark="bar")), "mark_line")


def test_task6_no_colour(cumulative_long):
    chart = (
        alt.Chart(cumulative_long, title="t", description="Step lines of running totals by year.")
        .mark_line(interpolate="step-after")
        .encode(x="year:O", y="cumulative:Q", tooltip=["year:O"])
    )
    assert_wrong(check.task6(chart), "no color encoding")


def test_task6_no_description(cumulative_long):
    assert_wrong(check.task6(learner_steps(cumulative_long, description="")), "description")


# --- task 7 ---------------------------------------------------------------------


def test_task7_right(trade):
    preferred = trade[trade["preferred"]].set_index("year")["total_usd_m"]
    assert check.task7(100 * preferred[2025] / preferred[2016]).passed
    assert check.task7(round(float(100 * preferred[2025] / preferred[2016]), 1)).passed


def test_task7_fraction(trade):
    preferred = trade[trade["preferred"]].set_index("year")["total_usd_m"]
    assert_wrong(check.task7(preferred[2025] / preferred[2016]), "fraction")


def test_task7_change_not_level(trade):
    preferred = trade[trade["preferred"]].set_index("year")["total_usd_m"]
    assert_wrong(check.task7(100 * (preferred[2025] / preferred[2016] - 1)), "change in per cent")


def test_task7_not_preferred(trade):
    preferred = trade[trade["preferred"]].set_index("year")["total_usd_m"]
    kotra_2016 = trade[(trade["year"] == 2016) & (trade["compiler"] == "KOTRA")]["total_usd_m"].iloc[0]
    assert_wrong(check.task7(100 * preferred[2025] / kotra_2016), "not the preferred one")


def test_task7_far_off():
    assert_wrong(check.task7(150), "percentage differs")
    assert_wrong(check.task7(10), "percentage differs")
