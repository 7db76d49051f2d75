"""Checks for the exercises of lesson 07, The axis on parade.

    from poscourse.exercises import ex07 as check
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
    chart_has_tooltip,
    chart_mark,
    find_unit,
    is_chart,
    legend_selection,
    mark_type,
    selection_in_use,
    spec_of,
    unit_specs,
)
from ..checks import (
    Feedback,
    has_columns,
    is_dataframe,
    is_number,
    one_of,
    run_check,
)
from ..data import load

YEARS = list(range(2018, 2026))


def _meetings() -> pd.DataFrame:
    return load("leader_meetings")


# --- task 1: read the heatmap ----------------------------------------------------------

LEADER_CHOICES = ["Donald Trump", "Xi Jinping", "Vladimir Putin", "Moon Jae-in"]


def task1(answer) -> Feedback:
    """Which leader did Kim meet most often in 2018-2025, counting every format?"""
    correct = answer_key.choice("ex07.task1", answer, LEADER_CHOICES)
    choices = {}
    for leader in LEADER_CHOICES:
        if leader == correct:
            choices[leader] = ""
        else:
            choices[leader] = (
                f"{leader}'s row adds up to fewer meetings than another leader's: add up the numbers along each row."
            )
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="add up the numbers in each row of the heatmap (all years) and compare the rows.",
    )


# --- task 2: a crosstab of countries by year ----------------------------------------------


def _matrix(answer) -> str | None:
    columns = [str(c) for c in answer.columns]
    wanted = [str(y) for y in YEARS]
    if set(columns) < set(wanted):
        return "some years are missing: add the years without meetings with reindex(columns=range(2018, 2026), fill_value=0)."
    if set(columns) != set(wanted):
        return "the columns should be the years 2018 to 2025 (one column per year)."
    rows = [str(r) for r in answer.index]
    counterparts = set(_meetings()["counterpart"])
    if set(rows) & counterparts:
        return "the rows are leaders: this task needs one row per country (counterpart_country)."
    nonzero = answer[answer.astype(float).sum(axis=1) > 0]
    countries = sorted({str(c) for c in _meetings()["counterpart_country"]})
    if sorted(str(r) for r in nonzero.index) != countries:
        return "the rows should be all the countries whose leaders Kim met, one row each: count every meeting, without filtering."
    given = nonzero.astype(float)
    given.index = [str(r) for r in given.index]
    given.columns = [str(c) for c in given.columns]
    if answer_key.matches("ex07.task2", given.sort_index()):
        return None
    return "some counts differ from the data: count the meetings of each country in each year with pd.crosstab."


def task2(answer) -> Feedback:
    """by_country_year: meetings per counterpart_country (rows) and year 2018-2025 (columns)."""
    return run_check(
        "Task 2",
        answer,
        is_dataframe,
        _matrix,
        hint="pd.crosstab() with the countries (counterpart_country) as rows and the year of each date as columns, then reindex the columns.",
    )


# --- task 3: what you count matters ------------------------------------------------------


def _in_2025() -> pd.DataFrame:
    meetings = _meetings()
    return meetings[meetings["date"].dt.year == 2025]


def _bilateral_mistakes(answer) -> str | None:
    problem = is_number(answer)
    if problem:
        return problem
    in_2025 = _in_2025()
    value = float(answer)
    if answer_key.matches("ex07.task3", value):
        return None
    if value == len(in_2025):
        return "you counted the parade rows too: leave out the rows whose format is multilateral_event."
    if value == float((in_2025["format"] == "summit").sum()):
        return "you kept only summits: brief meetings count as bilateral too; leave out only multilateral_event."
    meetings = _meetings()
    if value == float((meetings["format"] != "multilateral_event").sum()):
        return "you counted every year: keep only the meetings of 2025."
    if value > len(in_2025):
        return "the count is too high: there are fewer meetings than that in 2025."
    return "the count differs from the 2025 meetings that are not a multilateral_event."


def task3(answer) -> Feedback:
    """bilateral_2025: number of 2025 meetings that were not a multilateral event."""
    return run_check(
        "Task 3",
        answer,
        _bilateral_mistakes,
        hint='filter the 2025 rows, keep format != "multilateral_event", and count the rows with len().',
    )


# --- task 4: meetings per place, with coordinates -------------------------------------------


def _place_rows(answer) -> str | None:
    if answer["place_id"].duplicated().any():
        return "some places appear more than once: group by place_id only (not by year or period)."
    if len(answer) != _meetings()["place_id"].nunique():
        return f"the table has {len(answer)} rows; expected one row per place where Kim met a foreign leader."
    return None


def _place_counts(answer) -> str | None:
    table = answer[["place_id", "meetings"]].astype({"place_id": str})
    table["meetings"] = pd.to_numeric(table["meetings"], errors="coerce")
    if answer_key.matches("ex07.task4", answer_key.canonical_frame(table, sort_by=["place_id"], index=False)):
        return None
    return "some counts of meetings differ from the data: count the meeting rows of each place_id."


def _coordinates(answer) -> str | None:
    expected = load("places").set_index("place_id")
    given = answer.set_index("place_id")
    for place in given.index:
        if (
            abs(float(given.loc[place, "lat"]) - expected.loc[place, "lat"]) > 1e-6
            or abs(float(given.loc[place, "lon"]) - expected.loc[place, "lon"]) > 1e-6
        ):
            return "some coordinates do not match the places table: merge on place_id and keep lat and lon as they are."
    return None


def task4(answer) -> Feedback:
    """place_counts: one row per meeting place with place_id, name, lat, lon and meetings."""
    return run_check(
        "Task 4",
        answer,
        is_dataframe,
        has_columns("place_id", "name", "lat", "lon", "meetings"),
        _place_rows,
        _place_counts,
        _coordinates,
        hint='count the meetings of each place_id (groupby and size, the count named "meetings"), then merge in the name, lat and lon of the places table.',
    )


# --- task 5: a map-like chart ------------------------------------------------------------------


def _circle_view(answer) -> dict | None:
    return find_unit(answer, "circle", "point")


def _has_circles(answer) -> str | None:
    if _circle_view(answer) is None:
        marks = ", ".join(sorted({mark_type(v) for v in unit_specs(spec_of(answer))}))
        return f"the chart has no circles (its marks: {marks}); this task needs mark_circle()."
    return None


def _map_encoding(channel: str, field: str):
    def step(answer):
        enc = _circle_view(answer).get("encoding", {}).get(channel)
        if not enc:
            return f'the circles have no {channel} encoding: add {channel}="{field}:Q" to encode().'
        if enc.get("field") != field:
            return f"the {channel} channel shows {enc.get('field')!r}; this task needs {field!r} there."
        return None

    return step


def _map_tooltip(answer) -> str | None:
    if "tooltip" not in _circle_view(answer).get("encoding", {}):
        return "the circles have no tooltip: add tooltip=[...] to encode()."
    return None


def _has_projection(answer) -> str | None:
    spec = spec_of(answer)
    if not (spec.get("projection") or any(view.get("projection") for view in unit_specs(spec))):
        return 'the chart has no projection: add .project(type="mercator") so that longitude and latitude are placed as on a map.'
    return None


def task5(answer) -> Feedback:
    """place_map: circles at each place's coordinates, sized by meetings, under a projection."""
    return run_check(
        "Task 5",
        answer,
        is_chart,
        _has_circles,
        _map_encoding("longitude", "lon"),
        _map_encoding("latitude", "lat"),
        _map_encoding("size", "meetings"),
        _map_tooltip,
        _has_projection,
        chart_has_description,
        hint='mark_circle().encode(longitude="lon:Q", latitude="lat:Q", size="meetings:Q", tooltip=[...]).project(type="mercator").',
    )


# --- task 6: a clickable legend -------------------------------------------------------------


def task6(answer) -> Feedback:
    """meeting_chart: meetings on a date axis, coloured by country, with a clickable legend."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        chart_mark("point", "circle", "square", "tick"),
        chart_encodes("x", "date", "T"),
        chart_encodes("color", "counterpart_country"),
        chart_has_tooltip,
        legend_selection("counterpart_country"),
        selection_in_use,
        chart_has_description,
        hint='mark_point() with x="date:T", y="counterpart:N", color="counterpart_country:N", a tooltip, and a legend-bound selection that sets the opacity.',
    )
