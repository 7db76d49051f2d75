"""Checks for the exercises of lesson 02, Missiles as messages.

    from poscourse.exercises import ex02 as check
    check.task1(answer1)

Each check compares the answer with the salted hash of the worked solution's
(poscourse.answer_key), never prints it, and returns a Feedback (correct, wrong with a hint, or not answered yet).
"""

from __future__ import annotations

import math

import pandas as pd

from .. import answer_key
from ..chartchecks import (
    chart_encodes,
    chart_has_description,
    chart_has_title,
    chart_has_tooltip,
    chart_mark,
    chart_spec,
    is_chart,
)
from ..checks import (
    Feedback,
    has_columns,
    is_dataframe,
    is_series,
    one_of,
    run_check,
)
from ..data import load

FIRST_YEAR, LAST_YEAR = 2014, 2025
EARTH_RADIUS_KM = 6371.0

# The windows of the lesson: (label, first-day event, last-day event) in the events table.
WINDOWS = [
    ("Singapore summit", "2018-06-12-singapore-summit", "2018-06-12-singapore-summit"),
    ("Hanoi summit", "2019-02-27-hanoi-summit-collapse", "2019-02-27-hanoi-summit-collapse"),
    ("Panmunjom meeting", "2019-06-30-panmunjom-meeting", "2019-06-30-panmunjom-meeting"),
    ("Trump's Asia tour", "2025-10-24-trump-sort-of-nuclear-power", "2025-10-30-trump-too-busy"),
]


def _launches() -> pd.DataFrame:
    return load("missile_launches")


def _launch_events() -> pd.DataFrame:
    launches = _launches()
    return (
        launches.sort_values(["date_kst", "missile_id"])
        .groupby("launch_id")
        .agg(date_kst=("date_kst", "min"), date_utc=("date_utc", "min"), missiles=("missile_id", "size"))
        .reset_index()
    )


# --- task 1: UTC date of a KST launch --------------------------------------------


def task1(answer) -> Feedback:
    """utc_date: the UTC date of a launch at 08:10 KST on 22 October 2025."""
    choices = {
        "2025-10-21": "compare the launch time with the nine hours between Korean time and UTC again.",
        "2025-10-22": "that is the Korean date. UTC is nine hours behind Korea: what time and day is 08:10 KST in UTC?",
        "2025-10-23": "UTC is behind Korean time, not ahead: going from KST to UTC you subtract nine hours.",
    }
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=answer_key.choice("ex02.task1", answer, choices)),
        hint="subtract 9 hours from 08:10 on 22 October.",
    )


# --- task 2: launches per year, with empty years ------------------------------------

YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


def _given_per_year(answer) -> pd.DataFrame:
    """The answer's two counts in year order (the years are checked before this is used)."""
    return answer.assign(year=pd.to_numeric(answer["year"])).set_index("year").reindex(YEARS)


def _counts(given: pd.DataFrame, events: str = "launch_events") -> list[float]:
    """What the hash is taken of: the missiles of each year, then the launch events of each year."""
    return [float(v) for v in pd.to_numeric(given["missiles"])] + [float(v) for v in pd.to_numeric(given[events])]


def _years_complete(answer) -> str | None:
    years = pd.to_numeric(answer["year"], errors="coerce")
    if years.isna().any():
        return "the year column should hold years as numbers (e.g. 2014), from .dt.year."
    wanted = set(range(FIRST_YEAR, LAST_YEAR + 1))
    have = set(int(y) for y in years)
    if have - wanted:
        return f"keep only the years {FIRST_YEAR} to {LAST_YEAR}."
    if wanted - have:
        return (
            "some years are missing: a year with no launch at all disappears after groupby. "
            f"Put it back with .reindex(range({FIRST_YEAR}, {LAST_YEAR + 1}), fill_value=0)."
        )
    if len(years) != len(wanted):
        return "each year should appear once."
    return None


def _events_not_rows(answer) -> str | None:
    given = _given_per_year(answer)
    events = pd.to_numeric(given["launch_events"], errors="coerce")
    missiles = pd.to_numeric(given["missiles"], errors="coerce")
    if (events == missiles).all() and not answer_key.matches("ex02.task2", _counts(given)):
        return (
            'launch_events counts every missile: count distinct launch_id values with "nunique", not "size" or "count".'
        )
    return None


def _years_from_kst(answer) -> str | None:
    launches = _launches()
    by_utc = (
        launches.groupby(launches["date_utc"].dt.year)
        .agg(missiles=("missile_id", "size"))
        .reindex(range(FIRST_YEAR, LAST_YEAR + 1), fill_value=0)
    )
    given = _given_per_year(answer)
    if (given["missiles"] == by_utc["missiles"]).all() and not answer_key.matches("ex02.task2", _counts(given)):
        return "these counts use UTC dates: group by the year of date_kst, the Korean date."
    return None


def task2(answer) -> Feedback:
    """launches_per_year: missiles and launch events per year, 2014-2025, zeros included."""
    return run_check(
        "Task 2",
        answer,
        lambda a: (
            "year is in the index: call .reset_index() so it becomes a column."
            if (isinstance(a, pd.DataFrame) and "year" not in a.columns and a.index.name in ("year", "date_kst"))
            else None
        ),
        is_dataframe,
        has_columns("year", "missiles", "launch_events"),
        _years_complete,
        _events_not_rows,
        _years_from_kst,
        lambda a: (
            None
            if answer_key.matches("ex02.task2", _counts(_given_per_year(a)))
            else (
                "some counts differ from the data: count the missiles (rows) and the distinct launch_id values of each Korean year."
            )
        ),
        hint='group the launches by launches["date_kst"].dt.year and aggregate with size (missiles) and nunique (launch_id).',
    )


# --- task 3: monthly counts in 2025 with resample --------------------------------------


MONTHS = pd.date_range(f"{LAST_YEAR}-01-01", f"{LAST_YEAR}-12-01", freq="MS")


def _twelve_months(answer) -> str | None:
    if len(answer) == 12:
        return None
    if len(answer) < 12:
        return (
            f"the Series has {len(answer)} values, not 12: resample() stops at the last launch, "
            'so reindex to all twelve months with pd.date_range("2025-01-01", "2025-12-01", freq="MS").'
        )
    return f"the Series has {len(answer)} values: select 2025 only before resampling."


def _month_index(answer) -> str | None:
    try:
        index = pd.DatetimeIndex(answer.index)
    except (TypeError, ValueError):
        return 'the index should hold the first day of each month (dates), as resample("MS") gives.'
    if not (index.normalize() == MONTHS).all():
        return 'the index should be the first day of each month of 2025: use resample("MS") (month start), not "ME" (month end).'
    return None


def _monthly_values(answer) -> str | None:
    values = pd.to_numeric(pd.Series(list(answer)), errors="coerce")
    if values.isna().any():
        return "the values should be counts (numbers)."
    if answer_key.matches("ex02.task3", values.to_list()):
        return None
    launches = _launches()
    in_year = launches.loc[launches["date_kst"].dt.year == LAST_YEAR, "date_kst"]
    missiles = in_year.dt.month.value_counts()
    if values.to_list() == [float(missiles.get(month, 0)) for month in range(1, 13)]:
        return "these are missiles per month: count launch events, using the launch_events table."
    return "some monthly counts differ from the expected ones."


def task3(answer) -> Feedback:
    """monthly_2025: launch events per month in 2025, twelve values, zeros included."""
    return run_check(
        "Task 3",
        answer,
        is_series,
        _twelve_months,
        _month_index,
        _monthly_values,
        hint='index launch_events by date_kst, keep 2025, resample("MS") and count the launch IDs, then reindex to all 12 months.',
    )


# --- task 4: the haversine function ------------------------------------------------------


def _test_pairs() -> list[tuple[float, float, float, float]]:
    places = load("places").set_index("place_id")
    pairs = [(38.0, 126.0, 39.0, 126.0), (0.0, 0.0, 0.0, 1.0)]
    for start in ["pyongyang", "chunghwa"]:
        pairs.append(
            (
                places.loc[start, "lat"],
                places.loc[start, "lon"],
                places.loc["gyeongju", "lat"],
                places.loc["gyeongju", "lon"],
            )
        )
    return pairs


def _km(values: list[float]) -> list[float]:
    """Distances to the nearest 100 m, for the hash (a correct formula agrees to far less than that)."""
    return [round(value, 1) for value in values]


def _haversine_step(answer) -> str | None:
    if not callable(answer):
        return f"expected a function (haversine_km with four parameters: lat1, lon1, lat2, lon2), got a {type(answer).__name__}."
    values = []
    for pair in _test_pairs():
        try:
            value = answer(*pair)
        except TypeError as err:
            return (
                f"calling haversine_km(lat1, lon1, lat2, lon2) with four numbers failed ({err}): check its parameters."
            )
        if value is None:
            return "the function returns None: end it with return followed by the distance."
        try:
            value = float(value)
        except (TypeError, ValueError):
            return "the function should return a number of kilometres."
        if not math.isfinite(value):
            return "the function returns a value that is not a finite number: check the square root and the asin."
        values.append(value)
    if answer_key.matches("ex02.task4", _km(values)):
        return None
    if answer_key.matches("ex02.task4", _km([v / 2 for v in values])):
        return "the distances are twice too large: the formula already has 2 · R · asin(√a); did you double it again or use the diameter?"
    if answer_key.matches("ex02.task4", _km([v * 2 for v in values])):
        return "the distances are half the expected ones: the formula is 2 · R · asin(√a), with the factor 2."
    if answer_key.matches("ex02.task4", _km([v * EARTH_RADIUS_KM for v in values])):
        return "the result is in radians of arc: multiply by the Earth's radius, 6371 km."
    return "the distances are wrong: convert every latitude, longitude and difference to radians with math.radians before sin and cos."


def task4(answer) -> Feedback:
    """haversine_km: a function returning the great-circle distance in km."""
    return run_check(
        "Task 4",
        answer,
        _haversine_step,
        hint="a = sin(Δφ/2)² + cos φ1 · cos φ2 · sin(Δλ/2)², distance = 2 · 6371 · asin(√a), all angles in radians.",
    )


# --- task 5: a 14-day window join ----------------------------------------------------------


def _windows() -> pd.DataFrame:
    events = load("events").set_index("event_id")
    rows = []
    for label, first, last in WINDOWS:
        start = events.loc[first, "date"]
        end = events.loc[last, "end_date"] if first == last else events.loc[last, "date"]
        rows.append({"diplomacy": label, "date": start, "end_date": start if pd.isna(end) else end})
    return pd.DataFrame(rows)


def _lesson_counts() -> dict[str, int]:
    """The lesson's own result, launch events within 30 days of each window, to recognise it as an answer."""
    dates = _launch_events()["date_kst"]
    margin = pd.Timedelta(days=30)
    return {
        row.diplomacy: int(((dates >= row.date - margin) & (dates <= row.end_date + margin)).sum())
        for row in _windows().itertuples()
    }


def _window_rows(answer) -> str | None:
    labels = sorted(map(str, answer["diplomacy"]))
    expected = sorted(label for label, _, _ in WINDOWS)
    if len(labels) < len(expected) and set(labels) <= set(expected):
        return 'some windows are missing: those with no launch drop out of groupby; put them back with reindex(), on windows["diplomacy"] with fill_value=0.'
    if labels != expected:
        return 'there should be one row per window, named as in windows["diplomacy"].'
    return None


def _window_mistakes(answer) -> str | None:
    given = answer.set_index(answer["diplomacy"].astype(str))["launches"]
    given = pd.to_numeric(given, errors="coerce").astype(float).sort_index()
    if answer_key.matches("ex02.task5", given):
        return None
    thirty = _lesson_counts()
    if all(given.get(label) == count for label, count in thirty.items()):
        return "these are the counts for the lesson's 30-day windows: use pd.Timedelta(days=14)."
    return "some counts differ: keep launches with date - 14 days <= date_kst <= end_date + 14 days (between includes both ends)."


def task5(answer) -> Feedback:
    """launches_14_days: launch events within 14 days of each meeting or tour."""
    return run_check(
        "Task 5",
        answer,
        is_dataframe,
        has_columns("diplomacy", "launches"),
        _window_rows,
        _window_mistakes,
        hint="cross-join windows with launch_events, filter with between(), count per diplomacy with groupby().size().",
    )


# --- task 6: a bar chart of launch events per year --------------------------------------------


def _year_on_x(answer) -> str | None:
    x = chart_spec(answer).get("encoding", {}).get("x", {})
    if x.get("field") != "date_kst":
        return f"the x channel shows {x.get('field')!r}: put the launch date, date_kst, on x."
    if x.get("timeUnit") not in ("year", "utcyear"):
        return 'the x channel should group dates by year: write "year(date_kst):T".'
    return None


def _count_on_y(answer) -> str | None:
    y = chart_spec(answer).get("encoding", {}).get("y", {})
    if y.get("aggregate") != "count":
        return 'the y channel should count the launch events: write "count():Q".'
    return None


def task6(answer) -> Feedback:
    """tempo_chart: launch events per year since 2014, counted by Altair."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        chart_mark("bar"),
        _year_on_x,
        chart_encodes("y", type_="Q"),
        _count_on_y,
        chart_has_tooltip,
        chart_has_title,
        chart_has_description,
        hint='alt.Chart(data, title=..., description=...).mark_bar().encode(x="year(date_kst):T", y="count():Q", tooltip=[...]).',
    )
