"""The checks of exercise notebook 03 (An "irreversible" nuclear state): right answers
pass, typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pytest

import poscourse as pc
from poscourse.exercises import ex03 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def estimates():
    return pc.load("nuclear_test_estimates")


@pytest.fixture(scope="module")
def warheads():
    return pc.load("warhead_estimates")


@pytest.fixture(scope="module")
def events():
    return pc.load("events")


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(estimates):
    yields = estimates.dropna(subset=["yield_kt_low"])
    typical = yields.groupby("test_no")["yield_kt_low"].median()
    ratio = typical.loc[6] / typical.loc[5]
    assert 3 < ratio < 30  # one step of ten on the log axis, as a learner reads it
    assert check.task1("about 10 times").passed
    assert check.task1(" About 10 Times ").passed


def test_task1_wrong():
    assert_wrong(check.task1("about 2 times"), "straight axis")
    assert_wrong(check.task1("about 100 times"), "two steps")
    assert_wrong(check.task1("ten"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def spread(estimates, n="count", high=("yield_kt_high", "max"), low=("yield_kt_low", "min")):
    return (
        estimates.groupby("test_no").agg(lowest_kt=low, highest_kt=high, n_estimates=("yield_kt_low", n)).reset_index()
    )


def test_task2_right(estimates):
    assert check.task2(spread(estimates)).passed
    assert check.task2(spread(estimates).sort_values("test_no", ascending=False)).passed


def test_task2_size_not_count(estimates):
    assert_wrong(check.task2(spread(estimates, n="size")), '"count" on yield_kt_low')


def test_task2_highest_of_low(estimates):
    assert_wrong(check.task2(spread(estimates, high=("yield_kt_low", "max"))), "maximum of yield_kt_high")


def test_task2_lowest_of_high(estimates):
    assert_wrong(check.task2(spread(estimates, low=("yield_kt_high", "min"))), "minimum of yield_kt_low")


def test_task2_index_not_column(estimates):
    assert_wrong(check.task2(spread(estimates).set_index("test_no")), "reset_index")


# --- task 3 ---------------------------------------------------------------------


def fas(warheads, publisher_filter=None, how="diff"):
    rows = (
        warheads[warheads["publisher"] == "FAS"] if publisher_filter is None else warheads[publisher_filter(warheads)]
    )
    rows = rows.sort_values("year")[["year", "warheads_high"]].reset_index(drop=True)
    values = rows["warheads_high"].astype(float)
    change = values.diff() if how == "diff" else values.pct_change() if how == "pct" else values.diff(-1) * -1
    return rows.assign(change=change)


def test_task3_right(warheads):
    assert check.task3(fas(warheads)).passed


def test_task3_includes_notebook(warheads):
    answer = fas(warheads, publisher_filter=lambda w: w["publisher"].astype(str).str.contains("FAS"))
    assert_wrong(check.task3(answer), "Nuclear Notebook")


def test_task3_pct_change(warheads):
    assert_wrong(check.task3(fas(warheads, how="pct")), "pct_change")


def test_task3_shifted(warheads):
    assert_wrong(check.task3(fas(warheads, how="next")), "no previous year")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(warheads):
    year = warheads.loc[(warheads["publisher"] == "FAS") & warheads["method_break"], "year"].iloc[0]
    assert check.task4(year).passed
    assert check.task4(int(year)).passed


def test_task4_sipri_year(warheads):
    year = warheads.loc[(warheads["publisher"] == "SIPRI") & warheads["method_break"], "year"].iloc[0]
    assert_wrong(check.task4(int(year)), "another publisher")


def test_task4_year_before(warheads):
    year = warheads.loc[(warheads["publisher"] == "FAS") & warheads["method_break"], "year"].iloc[0]
    assert_wrong(check.task4(int(year) - 1), "last year of the old method")


def test_task4_not_whole():
    assert_wrong(check.task4(2021.5), "whole number")


def test_task4_not_in_series():
    assert_wrong(check.task4(1999), "not in the FAS series")


# --- task 5 ---------------------------------------------------------------------


def range_chart(
    estimates, mark="rule", y2=True, log=True, y_title="Yield, kt (log scale)", tooltip=True, description=True
):
    rows = estimates.dropna(subset=["yield_kt_low"])
    chart = alt.Chart(
        rows,
        title="Yield ranges",
        **({"description": "Rules from low to high yield estimates per test."} if description else {}),
    )
    encoding = {
        "x": "test_no:O",
        "xOffset": "estimator:N",
        "y": alt.Y("yield_kt_low:Q", title=y_title, scale=alt.Scale(type="log") if log else alt.Undefined),
    }
    if y2:
        encoding["y2"] = "yield_kt_high:Q"
    if tooltip:
        encoding["tooltip"] = ["test_no:O", "estimator:N"]
    return getattr(chart, f"mark_{mark}")().encode(**encoding)


def test_task5_right(estimates):
    assert check.task5(range_chart(estimates)).passed


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"mark": "point"}, "mark_rule"),
        ({"y2": False}, "y2"),
        ({"log": False}, "linear"),
        ({"y_title": "Yield, kt"}, "log scale"),
        ({"tooltip": False}, "no tooltip"),
        ({"description": False}, "screen readers"),
    ],
    ids=["wrong_mark", "no_y2", "linear", "log_not_labelled", "no_tooltip", "no_description"],
)
def test_task5_wrong(estimates, change, phrase):
    assert_wrong(check.task5(range_chart(estimates, **change)), phrase)


# --- task 6 ---------------------------------------------------------------------


def test_task6_right(events):
    count = ((events["date"].dt.year == 2025) & events["title"].str.contains("nuclear power")).sum()
    assert check.task6(count).passed
    assert check.task6(int(count)).passed


def test_task6_case(events):
    count = ((events["date"].dt.year == 2025) & events["title"].str.contains("Nuclear Power")).sum()
    assert_wrong(check.task6(int(count)), "case-sensitive")


def test_task6_only_nuclear(events):
    count = ((events["date"].dt.year == 2025) & events["title"].str.contains("nuclear")).sum()
    assert_wrong(check.task6(int(count)), "the two words")


def test_task6_only_october():
    assert_wrong(check.task6(1), "only the October remark")
