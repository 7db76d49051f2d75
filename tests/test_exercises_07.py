"""The checks of exercise notebook 07 (The axis on parade): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex07 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def meetings():
    return pc.load("leader_meetings")


@pytest.fixture(scope="module")
def places():
    return pc.load("places")


@pytest.fixture(scope="module")
def place_counts(meetings, places):
    return (
        meetings.groupby("place_id")
        .size()
        .reset_index(name="meetings")
        .merge(places[["place_id", "name", "lat", "lon"]], on="place_id")
    )


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(meetings):
    most = meetings["counterpart"].value_counts().idxmax()
    assert check.task1(most).passed
    assert check.task1(f" {most.lower()} ").passed


def test_task1_wrong(meetings):
    counts = meetings["counterpart"].value_counts()
    others = [leader for leader in check.LEADER_CHOICES if leader != counts.idxmax()]
    assert_wrong(check.task1(others[0]), "fewer meetings")
    assert_wrong(check.task1("Kim Jong Un"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(meetings):
    matrix = pd.crosstab(meetings["counterpart_country"], meetings["date"].dt.year).reindex(
        columns=range(2018, 2026), fill_value=0
    )
    assert check.task2(matrix).passed
    pivot = (
        meetings.assign(year=meetings["date"].dt.year)
        .pivot_table(
            index="counterpart_country",
            columns="year",
            values="meeting_id",
            aggfunc="count",
            fill_value=0,
            observed=True,
        )
        .reindex(columns=range(2018, 2026), fill_value=0)
    )
    assert check.task2(pivot).passed


def test_task2_missing_years(meetings):
    matrix = pd.crosstab(meetings["counterpart_country"], meetings["date"].dt.year)
    assert_wrong(check.task2(matrix), "some years are missing")


def test_task2_leaders_not_countries(meetings):
    matrix = pd.crosstab(meetings["counterpart"], meetings["date"].dt.year).reindex(
        columns=range(2018, 2026), fill_value=0
    )
    assert_wrong(check.task2(matrix), "one row per country")


def test_task2_wrong_counts(meetings):
    meeting_days = meetings.drop_duplicates(["counterpart_country", "date"])
    matrix = pd.crosstab(meeting_days["counterpart_country"], meeting_days["date"].dt.year).reindex(
        columns=range(2018, 2026), fill_value=0
    )
    assert_wrong(check.task2(matrix), "counts differ")


def test_task2_filtered_rows(meetings):
    summits = meetings[meetings["format"] == "summit"]
    matrix = pd.crosstab(summits["counterpart_country"], summits["date"].dt.year).reindex(
        columns=range(2018, 2026), fill_value=0
    )
    assert_wrong(check.task2(matrix), "without filtering")


# --- task 3 ---------------------------------------------------------------------


def test_task3_right(meetings):
    in_2025 = meetings[meetings["date"].dt.year == 2025]
    assert check.task3(len(in_2025[in_2025["format"] != "multilateral_event"])).passed
    assert check.task3(int((in_2025["format"] != "multilateral_event").sum())).passed


def test_task3_wrong(meetings):
    in_2025 = meetings[meetings["date"].dt.year == 2025]
    assert_wrong(check.task3(len(in_2025)), "parade rows")
    assert_wrong(check.task3(int((in_2025["format"] == "summit").sum())), "brief meetings")
    assert_wrong(check.task3(int((meetings["format"] != "multilateral_event").sum())), "every year")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(place_counts):
    assert check.task4(place_counts).passed
    assert check.task4(place_counts.sample(frac=1, random_state=1)).passed


def test_task4_no_coordinates(meetings):
    counts = meetings.groupby("place_id").size().reset_index(name="meetings")
    assert_wrong(check.task4(counts), "lacks column(s) name, lat, lon")


def test_task4_grouped_by_year(meetings, places):
    by_year = (
        meetings.groupby([meetings["date"].dt.year, "place_id"])
        .size()
        .reset_index(name="meetings")
        .merge(places[["place_id", "name", "lat", "lon"]], on="place_id")
    )
    assert_wrong(check.task4(by_year), "more than once")


def test_task4_swapped_coordinates(place_counts):
    swapped = place_counts.rename(columns={"lat": "lon", "lon": "lat"})
    assert_wrong(check.task4(swapped), "coordinates do not match")


# --- task 5 ---------------------------------------------------------------------


def circles(data, description="Circles at the places where Kim met foreign leaders."):
    return (
        alt.Chart(data, description=description)
        .mark_circle()
        .encode(longitude="lon:Q", latitude="lat:Q", size="meetings:Q", tooltip=["name:N", "meetings:Q"])
    )


def test_task5_right(place_counts):
    assert check.task5(circles(place_counts).project(type="mercator")).passed
    grid = alt.Chart(alt.graticule()).mark_geoshape(fill=None)
    assert check.task5(alt.layer(grid, circles(place_counts)).project(type="mercator")).passed


def test_task5_no_projection(place_counts):
    assert_wrong(check.task5(circles(place_counts)), "no projection")


def test_task5_x_y_instead_of_coordinates(place_counts):
    xy = (
        alt.Chart(place_counts, description="Circles at the places where Kim met leaders.")
        .mark_circle()
        .encode(x="lon:Q", y="lat:Q", size="meetings:Q", tooltip=["name:N"])
    )
    assert_wrong(check.task5(xy), "no longitude encoding")


def test_task5_wrong_size_and_mark(place_counts):
    no_size = circles(place_counts).encode(size="lat:Q").project(type="mercator")
    assert_wrong(check.task5(no_size), "size channel shows 'lat'")
    bars = alt.Chart(place_counts).mark_bar().encode(x="place_id:N", y="meetings:Q")
    assert_wrong(check.task5(bars), "no circles")


def test_task5_no_description(place_counts):
    assert_wrong(check.task5(circles(place_counts, description="").project(type="mercator")), "description")


# --- task 6 ---------------------------------------------------------------------


def meeting_points(data, with_selection=True, conditioned=True):
    pick = alt.selection_point(fields=["counterpart_country"], bind="legend")
    chart = (
        alt.Chart(data, title="Meetings", description="Timeline of Kim's meetings coloured by country.")
        .mark_point()
        .encode(
            x="date:T",
            y="counterpart:N",
            color="counterpart_country:N",
            tooltip=["date:T", "counterpart:N"],
        )
    )
    if conditioned:
        chart = chart.encode(opacity=alt.condition(pick, alt.value(1), alt.value(0.15)))
    if with_selection:
        chart = chart.add_params(pick)
    return chart


def test_task6_right(meetings):
    assert check.task6(meeting_points(meetings)).passed
    layered = alt.layer(meeting_points(meetings), pc.event_layer("2018-01-01", "2025-12-31"))
    assert check.task6(layered).passed


def test_task6_no_legend_selection(meetings):
    assert_wrong(check.task6(meeting_points(meetings, with_selection=False, conditioned=False)), "not clickable")


def test_task6_selection_unused(meetings):
    assert_wrong(check.task6(meeting_points(meetings, conditioned=False)), "does nothing yet")


def test_task6_wrong_colour(meetings):
    by_format = meeting_points(meetings).encode(color="format:N")
    assert_wrong(check.task6(by_format), "color channel shows 'format'")
