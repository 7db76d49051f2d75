"""The checks of exercise notebook 01 (From summits to silence): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex01 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def events():
    events = pc.load("events")
    events["first_actor"] = events["actors"].str.split(";").str[0]
    return events


@pytest.fixture(scope="module")
def meetings():
    return pc.load("leader_meetings")


@pytest.fixture(scope="module")
def us_meetings(meetings):
    return meetings[meetings["counterpart_country"] == "US"].sort_values("date")


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(events):
    tour = events[events["date"].between("2025-10-22", "2025-10-30")]
    about_kim = tour["actors"].str.contains("DPRK") | tour["title"].str.contains("Kim")
    trump_days = set(tour.loc[(tour["first_actor"] == "US") & about_kim, "date"])
    dprk_days = set(tour.loc[tour["first_actor"] == "DPRK", "date"])
    (day,) = trump_days & dprk_days
    answer = f"{day.day} October"
    assert check.task1(answer).passed
    assert check.task1(f"  {answer.upper()} ").passed


def test_task1_wrong():
    assert_wrong(check.task1("24 October"), "North Korea's row is empty")
    assert_wrong(check.task1("28 October"), "not about Kim")
    assert_wrong(check.task1("31 October"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(us_meetings):
    assert check.task2(us_meetings["date"].diff().dt.days).passed


def test_task2_timedelta(us_meetings):
    assert_wrong(check.task2(us_meetings["date"].diff()), "Timedeltas")


def test_task2_all_meetings(meetings):
    assert_wrong(check.task2(meetings.sort_values("date")["date"].diff().dt.days), "US president")


def test_task2_unsorted(us_meetings):
    reversed_order = us_meetings.sort_values("date", ascending=False)
    assert_wrong(check.task2(reversed_order["date"].diff().dt.days), "sort the meetings")


# --- task 3 ---------------------------------------------------------------------


def test_task3_right(events, us_meetings):
    arrival = events.loc[events["event_id"] == "2025-10-29-trump-arrives-gyeongju", "date"].iloc[0]
    last_meeting = us_meetings["date"].max()
    assert check.task3((arrival - last_meeting).days).passed


def test_task3_wrong(events, us_meetings):
    arrival = events.loc[events["event_id"] == "2025-10-29-trump-arrives-gyeongju", "date"].iloc[0]
    last_meeting = us_meetings["date"].max()
    assert_wrong(check.task3(arrival - last_meeting), "Timedelta")
    assert_wrong(check.task3((pd.Timestamp("2025-12-31") - last_meeting).days), "end of the data")
    assert_wrong(check.task3((arrival - last_meeting).days + 1), "off by one")
    assert_wrong(check.task3((last_meeting - arrival).days), "negative")


# --- task 4 ---------------------------------------------------------------------


def per_year(rows):
    years = pd.period_range("2018", "2025", freq="Y")
    return rows.groupby(rows["date"].dt.to_period("Y")).size().reindex(years, fill_value=0)


def test_task4_right(events):
    us_dprk = events[events["actors"].str.contains("US") & events["actors"].str.contains("DPRK")]
    assert check.task4(per_year(us_dprk)).passed
    by_int_year = us_dprk.groupby(us_dprk["date"].dt.year).size().reindex(range(2018, 2026), fill_value=0)
    assert check.task4(by_int_year).passed


def test_task4_missing_years(events):
    us_dprk = events[events["actors"].str.contains("US") & events["actors"].str.contains("DPRK")]
    assert_wrong(check.task4(us_dprk.groupby(us_dprk["date"].dt.to_period("Y")).size()), "some years are missing")


def test_task4_wrong_filter(events):
    either = events[events["actors"].str.contains("US") | events["actors"].str.contains("DPRK")]
    assert_wrong(check.task4(per_year(either)), 'both "US" and "DPRK"')
    assert_wrong(check.task4(per_year(events)), "you counted every event")


# --- task 5 ---------------------------------------------------------------------


def test_task5_right(events):
    days = pd.date_range("2025-10-22", "2025-10-30", freq="D")
    dprk = events[(events["first_actor"] == "DPRK") & events["date"].isin(days)]
    assert check.task5(dprk.groupby("date").size().reindex(days, fill_value=0)).passed


def test_task5_missing_days(events):
    days = pd.date_range("2025-10-22", "2025-10-30", freq="D")
    dprk = events[(events["first_actor"] == "DPRK") & events["date"].isin(days)]
    assert_wrong(check.task5(dprk.groupby("date").size()), "some days are missing")


def test_task5_wrong_actor(events):
    days = pd.date_range("2025-10-22", "2025-10-30", freq="D")
    involving = events[events["actors"].str.contains("DPRK") & events["date"].isin(days)]
    assert_wrong(check.task5(involving.groupby("date").size().reindex(days, fill_value=0)), "first actor")


# --- task 6 ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def events_october(events):
    return events[events["date"].dt.to_period("M") == pd.Period("2025-10", freq="M")]


def october_points(data, description="Timeline of the events of October 2025, by kind."):
    return (
        alt.Chart(data, title="Events of October 2025", description=description)
        .mark_point()
        .encode(x="date:T", y="category:N", color=pc.actor_color("first_actor"), tooltip=["date:T", "title:N"])
    )


def test_task6_right(events_october):
    chart = alt.layer(october_points(events_october), pc.event_layer("2025-10-01", "2025-10-31"))
    assert check.task6(chart).passed


def test_task6_no_event_layer(events_october):
    assert_wrong(check.task6(october_points(events_october)), "no event layer")


def test_task6_wrong_mark_and_axis(events_october):
    bars = (
        alt.Chart(events_october, description="Bars of the events of October 2025 by kind.")
        .mark_bar()
        .encode(x="date:T", y="count():Q", tooltip=["date:T"])
    )
    assert_wrong(check.task6(alt.layer(bars, pc.event_layer("2025-10-01", "2025-10-31"))), "mark_bar")
    nominal_x = october_points(events_october).encode(x="date:N")
    assert_wrong(check.task6(alt.layer(nominal_x, pc.event_layer("2025-10-01", "2025-10-31"))), "temporal")


def test_task6_no_tooltip_or_description(events_october):
    no_tooltip = (
        alt.Chart(events_october, description="Timeline of October 2025 events.")
        .mark_point()
        .encode(x="date:T", y="category:N")
    )
    assert_wrong(check.task6(alt.layer(no_tooltip, pc.event_layer("2025-10-01", "2025-10-31"))), "tooltip")
    no_description = october_points(events_october, description="")
    assert_wrong(check.task6(alt.layer(no_description, pc.event_layer("2025-10-01", "2025-10-31"))), "description")
