"""The checks of exercise notebook 02 (Missiles as messages): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import math

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex02 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def launches():
    return pc.load("missile_launches")


@pytest.fixture(scope="module")
def launch_events(launches):
    return (
        launches.sort_values(["date_kst", "missile_id"])
        .groupby("launch_id")
        .agg(date_kst=("date_kst", "min"), date_utc=("date_utc", "min"), missiles=("missile_id", "size"))
        .reset_index()
        .sort_values("date_kst", ignore_index=True)
    )


@pytest.fixture(scope="module")
def windows():
    events = pc.load("events").set_index("event_id")
    return pd.DataFrame(
        {
            "diplomacy": ["Singapore summit", "Hanoi summit", "Panmunjom meeting", "Trump's Asia tour"],
            "date": [
                events.loc["2018-06-12-singapore-summit", "date"],
                events.loc["2019-02-27-hanoi-summit-collapse", "date"],
                events.loc["2019-06-30-panmunjom-meeting", "date"],
                events.loc["2025-10-24-trump-sort-of-nuclear-power", "date"],
            ],
            "end_date": [
                events.loc["2018-06-12-singapore-summit", "date"],
                events.loc["2019-02-27-hanoi-summit-collapse", "end_date"],
                events.loc["2019-06-30-panmunjom-meeting", "date"],
                events.loc["2025-10-30-trump-too-busy", "date"],
            ],
        }
    )


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(launches):
    row = launches[launches["date_kst"] == "2025-10-22"].iloc[0]
    assert check.task1(f"{row['date_utc']:%Y-%m-%d}").passed
    assert check.task1(" 2025-10-21 ").passed


def test_task1_wrong():
    assert_wrong(check.task1("2025-10-22"), "Korean date")
    assert_wrong(check.task1("2025-10-23"), "behind Korean time")
    assert_wrong(check.task1("21 October"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def per_year(launches, agg_events="nunique", reindex=True, date="date_kst"):
    table = launches.groupby(launches[date].dt.year).agg(
        missiles=("missile_id", "size"), launch_events=("launch_id", agg_events)
    )
    table = table.loc[2014:2025]
    if reindex:
        table = table.reindex(range(2014, 2026), fill_value=0)
    return table.rename_axis("year").reset_index()


def test_task2_right(launches):
    assert check.task2(per_year(launches)).passed
    # columns in another order and rows shuffled are fine
    shuffled = per_year(launches)[["launch_events", "year", "missiles"]].sample(frac=1, random_state=1)
    assert check.task2(shuffled).passed


def test_task2_missing_empty_year(launches):
    assert_wrong(check.task2(per_year(launches, reindex=False)), "a year with no launch")


def test_task2_counts_missiles_as_events(launches):
    assert_wrong(check.task2(per_year(launches, agg_events="size")), "nunique")


def test_task2_year_left_in_index(launches):
    assert_wrong(check.task2(per_year(launches).set_index("year")), "reset_index")


def test_task2_all_years(launches):
    table = (
        launches.groupby(launches["date_kst"].dt.year)
        .agg(missiles=("missile_id", "size"), launch_events=("launch_id", "nunique"))
        .rename_axis("year")
        .reset_index()
    )
    assert_wrong(check.task2(table), "keep only the years")


# --- task 3 ---------------------------------------------------------------------


def monthly(frame, column="launch_id", reindex=True, rule="MS"):
    series = frame.set_index("date_kst").sort_index().loc["2025", column].resample(rule).count()
    if reindex:
        series = series.reindex(pd.date_range("2025-01-01", "2025-12-01", freq="MS"), fill_value=0)
    return series


def test_task3_right(launch_events):
    assert check.task3(monthly(launch_events)).passed


def test_task3_without_reindex(launch_events):
    assert_wrong(check.task3(monthly(launch_events, reindex=False)), "resample() stops at the last launch")


def test_task3_missiles_not_events(launches):
    assert_wrong(check.task3(monthly(launches, column="missile_id")), "missiles per month")


def test_task3_month_end(launch_events):
    series = launch_events.set_index("date_kst").loc["2025", "launch_id"].resample("ME").count()
    series = series.reindex(pd.date_range("2025-01-31", periods=12, freq="ME"), fill_value=0)
    assert_wrong(check.task3(series), "month start")


def test_task3_whole_series(launch_events):
    series = launch_events.set_index("date_kst")["launch_id"].resample("MS").count()
    assert_wrong(check.task3(series), "select 2025 only")


# --- task 4 ---------------------------------------------------------------------


def good_haversine(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin(math.radians(lat2 - lat1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


def test_task4_right():
    assert check.task4(good_haversine).passed


def test_task4_degrees_not_radians():
    def in_degrees(lat1, lon1, lat2, lon2):
        a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * 6371 * math.asin(math.sqrt(a))

    assert_wrong(check.task4(in_degrees), "math.radians")


def test_task4_doubled():
    assert_wrong(check.task4(lambda *p: 2 * good_haversine(*p)), "twice too large")


def test_task4_no_radius():
    assert_wrong(check.task4(lambda *p: good_haversine(*p) / 6371), "multiply by the Earth's radius")


def test_task4_returns_nothing():
    def no_return(lat1, lon1, lat2, lon2):
        good_haversine(lat1, lon1, lat2, lon2)

    assert_wrong(check.task4(no_return), "returns None")


def test_task4_wrong_parameters():
    assert_wrong(check.task4(lambda lat, lon: 0.0), "check its parameters")


# --- task 5 ---------------------------------------------------------------------


def window_counts(windows, launch_events, days=14, date="date_kst", reindex=True):
    pairs = windows.merge(launch_events, how="cross")
    inside = pairs[
        pairs[date].between(pairs["date"] - pd.Timedelta(days=days), pairs["end_date"] + pd.Timedelta(days=days))
    ]
    counts = inside.groupby("diplomacy").size()
    if reindex:
        counts = counts.reindex(windows["diplomacy"], fill_value=0)
    return counts.rename("launches").reset_index()


def test_task5_right(windows, launch_events):
    assert check.task5(window_counts(windows, launch_events)).passed


def test_task5_thirty_days(windows, launch_events):
    assert_wrong(check.task5(window_counts(windows, launch_events, days=30)), "30-day windows")


def test_task5_missing_empty_windows(windows, launch_events):
    assert_wrong(check.task5(window_counts(windows, launch_events, reindex=False)), "some windows are missing")


def test_task5_wrong_counts(windows, launch_events):
    answer = window_counts(windows, launch_events, days=60)
    assert_wrong(check.task5(answer), "some counts differ")


# --- task 6 ---------------------------------------------------------------------


def tempo(launch_events, **changes):
    data = launch_events[launch_events["date_kst"] >= "2014-01-01"]
    settings = {
        "title": "Launch events per year",
        "description": "Bars of ballistic launch events per year since 2014.",
    }
    settings.update(changes.pop("chart", {}))
    encoding = {
        "x": "year(date_kst):T",
        "y": "count():Q",
        "tooltip": ["year(date_kst):T", "count():Q"],
    }
    encoding.update(changes.pop("encode", {}))
    encoding = {k: v for k, v in encoding.items() if v is not None}
    mark = changes.pop("mark", "bar")
    chart = alt.Chart(data, **{k: v for k, v in settings.items() if v is not None})
    return getattr(chart, f"mark_{mark}")().encode(**encoding)


def test_task6_right(launch_events):
    assert check.task6(tempo(launch_events)).passed


def test_task6_wrong_mark(launch_events):
    assert_wrong(check.task6(tempo(launch_events, mark="line")), "mark_bar")


def test_task6_not_by_year(launch_events):
    assert_wrong(check.task6(tempo(launch_events, encode={"x": "date_kst:T"})), "by year")


def test_task6_no_count(launch_events):
    assert_wrong(check.task6(tempo(launch_events, encode={"y": "missiles:Q"})), "count():Q")


def test_task6_no_tooltip(launch_events):
    assert_wrong(check.task6(tempo(launch_events, encode={"tooltip": None})), "no tooltip")


def test_task6_no_description(launch_events):
    assert_wrong(check.task6(tempo(launch_events, chart={"description": None})), "screen readers")
