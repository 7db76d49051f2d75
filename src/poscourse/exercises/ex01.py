"""Checks for the exercises of lesson 01, From summits to silence.

    from poscourse.exercises import ex01 as check
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
    chart_has_tooltip,
    chart_mark,
    has_event_layer,
    is_chart,
)
from ..checks import (
    Feedback,
    is_number,
    is_series,
    one_of,
    run_check,
)
from ..data import load

TOUR_START, TOUR_END = "2025-10-22", "2025-10-30"
ARRIVAL_EVENT = "2025-10-29-trump-arrives-gyeongju"
DATA_END = pd.Timestamp("2025-12-31")


def _events() -> pd.DataFrame:
    events = load("events")
    return events.assign(first_actor=events["actors"].str.split(";").str[0])


def _us_meetings() -> pd.DataFrame:
    meetings = load("leader_meetings")
    return meetings[meetings["counterpart_country"] == "US"].sort_values("date").reset_index(drop=True)


def _labels(index) -> list[str]:
    return [str(label) for label in index]


# --- task 1: read the day-by-day chart -------------------------------------------------

DAY_CHOICES = ["22 October", "24 October", "27 October", "28 October", "30 October"]


def task1(answer) -> Feedback:
    """On which day did Trump speak about Kim and North Korea act on the same day?"""
    correct = answer_key.choice("ex01.task1", answer, DAY_CHOICES)
    events = _events()
    tour = events[events["date"].between(TOUR_START, TOUR_END)]
    choices = {}
    for day in DAY_CHOICES:
        date = pd.Timestamp(f"2025-10-{day.split()[0]}")
        on_day = tour[tour["date"] == date]
        has_us = (on_day["first_actor"] == "US").any()
        has_dprk = (on_day["first_actor"] == "DPRK").any()
        if day == correct:
            choices[day] = ""
        elif not has_dprk:
            choices[day] = f"on {day} North Korea's row is empty: look for a day with entries in both rows."
        elif has_us:
            choices[day] = (
                f"on {day} both rows have entries, but Trump's entry (grey) is not about Kim: look for a blue entry."
            )
        else:
            choices[day] = f"on {day} Trump's row is empty: look for a day with entries in both rows."
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="find a column of the chart with a blue entry in Trump's row and an entry in North Korea's row.",
    )


# --- task 2: gaps between meetings with diff() ----------------------------------------------


def _gap_days(answer) -> str | None:
    if pd.api.types.is_timedelta64_dtype(answer):
        return "these are Timedeltas: turn them into whole days with .dt.days."
    if not pd.api.types.is_numeric_dtype(answer):
        return "the Series should hold numbers of days."
    if len(answer) == len(load("leader_meetings")):
        return "the Series has one value per meeting with any leader: keep only the meetings with a US president first."
    if len(answer) != len(_us_meetings()):
        return f"the Series has {len(answer)} values; expected one per Trump-Kim meeting."
    values = answer.reset_index(drop=True)
    if (values.dropna() < 0).any():
        return "some gaps are negative: sort the meetings by date before .diff()."
    if values.notna().all():
        return "the first value should be missing (the first meeting has no previous one): use .diff() on the dates."
    if not answer_key.matches("ex01.task2", list(values.iloc[1:].astype(float))):
        return "some gaps differ from the data: subtract each meeting's date from the next one's."
    return None


def task2(answer) -> Feedback:
    """gap_days: days since the previous Trump-Kim meeting, one value per meeting."""
    return run_check(
        "Task 2",
        answer,
        is_series,
        _gap_days,
        hint='us_meetings.sort_values("date")["date"].diff().dt.days',
    )


# --- task 3: the length of the silence ------------------------------------------------------


def _silence_mistakes(answer) -> str | None:
    if isinstance(answer, pd.Timedelta):
        return "this is a Timedelta: take its .days to get a number."
    problem = is_number(answer)
    if problem:
        return problem
    value = float(answer)
    if answer_key.matches("ex01.task3", value):
        return None
    events = _events()
    arrival = events.loc[events["event_id"] == ARRIVAL_EVENT, "date"].iloc[0]
    if answer_key.matches("ex01.task3", value - (DATA_END - arrival).days):
        return "you measured to the end of the data (31 December 2025): stop at Trump's arrival in South Korea."
    if answer_key.matches("ex01.task3", value - 1) or answer_key.matches("ex01.task3", value + 1):
        return "off by one day: subtract the two dates (later minus earlier) and take .days, without adding 1."
    if answer_key.matches("ex01.task3", -value):
        return "the number is negative: subtract the earlier date from the later one."
    return "the number of days is not right: count from the last Trump-Kim meeting to Trump's arrival in South Korea."


def task3(answer) -> Feedback:
    """silence_days: days from the last Trump-Kim meeting to Trump's arrival in South Korea."""
    return run_check(
        "Task 3",
        answer,
        _silence_mistakes,
        hint="(arrival - last_meeting).days, with both as pd.Timestamp values.",
    )


# --- task 4: events per year, with empty years ----------------------------------------------


def _per_year(answer) -> str | None:
    labels = [label[:4] for label in _labels(answer.index)]
    wanted = [str(year) for year in range(2018, 2026)]
    if len(answer) < len(wanted) and set(labels) <= set(wanted):
        return 'some years are missing: years with no event must show 0. Reindex over pd.period_range("2018", "2025", freq="Y") with fill_value=0.'
    if sorted(labels) != sorted(wanted):
        return "the index should hold the years 2018 to 2025, one value each."
    given = dict(zip(labels, answer.to_numpy(), strict=True))
    try:
        counts = [float(given[year]) for year in wanted]
    except (TypeError, ValueError):
        return "the values should be numbers of events."
    if not answer_key.matches("ex01.task4", counts):
        all_events = _events()
        in_range = all_events[all_events["date"].dt.year.between(2018, 2025)]
        if sum(float(v) for v in given.values()) == len(in_range):
            return 'you counted every event: keep only those whose actors include both "US" and "DPRK".'
        return 'some yearly counts differ: keep the rows whose actors contain both "US" and "DPRK" (use & between the two conditions).'
    return None


def task4(answer) -> Feedback:
    """us_dprk_per_year: number of events involving both the US and North Korea, per year 2018-2025."""
    return run_check(
        "Task 4",
        answer,
        is_series,
        _per_year,
        hint='filter with .str.contains("US") & .str.contains("DPRK"), group by .dt.to_period("Y"), .size(), then reindex.',
    )


# --- task 5: a day-by-day count over a date range ---------------------------------------------


def _per_day(answer) -> str | None:
    expected_days = pd.date_range(TOUR_START, TOUR_END, freq="D")
    try:
        days = pd.to_datetime(pd.Index(answer.index))
    except (TypeError, ValueError):
        return "the index should hold the days (dates) from 22 to 30 October 2025."
    if len(answer) < len(expected_days) and set(days) <= set(expected_days):
        return 'some days are missing: days with no event must show 0. Reindex over pd.date_range("2025-10-22", "2025-10-30", freq="D") with fill_value=0.'
    if sorted(days) != list(expected_days):
        return "the index should hold each day from 22 to 30 October 2025 once."
    given = pd.Series(answer.to_numpy(), index=days).sort_index()
    try:
        counts = list(given.astype(float))
    except (TypeError, ValueError):
        return "the values should be numbers of events."
    if not answer_key.matches("ex01.task5", counts):
        return 'some daily counts differ: count only the events whose first actor is "DPRK".'
    return None


def task5(answer) -> Feedback:
    """dprk_per_day: number of North Korean events on each day from 22 to 30 October 2025."""
    return run_check(
        "Task 5",
        answer,
        is_series,
        _per_day,
        hint='filter the events whose first actor is DPRK, groupby("date").size(), then reindex over the date range.',
    )


# --- task 6: an annotated timeline chart ----------------------------------------------------------


def task6(answer) -> Feedback:
    """october_chart: October 2025 events as points on a date axis, layered with the event layer."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        has_event_layer(
            'the chart has no event layer: combine it with alt.layer(your_chart, pc.event_layer("2025-10-01", "2025-10-31")).'
        ),
        chart_mark("point", "circle", "square", "tick"),
        chart_encodes("x", "date", "T"),
        chart_encodes("y", "category"),
        chart_has_tooltip,
        chart_has_description,
        hint='alt.Chart(events_october, description=...).mark_point().encode(x="date:T", y="category:N", tooltip=[...]), layered with pc.event_layer().',
    )
