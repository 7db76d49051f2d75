"""The checks of exercise notebook 04 (The Russia lifeline): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pytest

import poscourse as pc
from poscourse.exercises import ex04 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def cooperation():
    return pc.load("russia_cooperation")


@pytest.fixture(scope="module")
def coop(cooperation):
    return cooperation[cooperation["date"] <= "2025-12-31"]


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(coop):
    in_2025 = coop[coop["date"].dt.year == 2025]
    tallest = in_2025["category"].value_counts().idxmax()
    assert check.task1(tallest).passed
    assert check.task1(f"  {tallest.upper()} ").passed


def test_task1_wrong(coop):
    in_2025 = coop[coop["date"].dt.year == 2025]
    smallest = in_2025["category"].value_counts().idxmin()
    assert_wrong(check.task1(smallest), "not the tallest")
    assert_wrong(check.task1("troops"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(coop):
    assert check.task2(coop["date"].dt.year.value_counts().sort_index()).passed
    assert check.task2(coop.groupby(coop["date"].dt.year).size()).passed


def test_task2_full_table(cooperation):
    answer = cooperation["date"].dt.year.value_counts().sort_index()
    assert_wrong(check.task2(answer), "includes 2026")


def test_task2_shares(coop):
    answer = coop["date"].dt.year.value_counts(normalize=True).sort_index()
    assert_wrong(check.task2(answer), "shares")


def test_task2_not_counted(coop):
    assert_wrong(check.task2(coop["date"].dt.year), "one value per event")


def test_task2_dataframe(coop):
    answer = coop["date"].dt.year.value_counts().sort_index().reset_index()
    assert_wrong(check.task2(answer), "expected a Series")


# --- task 3 ---------------------------------------------------------------------


def learner_monthly(rows):
    return rows.set_index("date").resample("MS").size().reset_index(name="events").rename(columns={"date": "month"})


def test_task3_right(coop):
    assert check.task3(learner_monthly(coop)).passed


def test_task3_periods_are_accepted(coop):
    answer = learner_monthly(coop).assign(month=lambda d: d["month"].dt.to_period("M"))
    assert check.task3(answer).passed


def test_task3_groupby_skips_empty_months(coop):
    answer = (
        coop.assign(month=coop["date"].dt.to_period("M").dt.to_timestamp())
        .groupby("month")
        .size()
        .reset_index(name="events")
    )
    assert_wrong(check.task3(answer), "without any event are missing")


def test_task3_kept_2026(cooperation):
    assert_wrong(check.task3(learner_monthly(cooperation)), "2026")


def test_task3_per_category(coop):
    answer = (
        coop.set_index("date")
        .groupby("category", observed=True)
        .resample("MS")
        .size()
        .reset_index(name="events")
        .rename(columns={"date": "month"})
    )
    assert_wrong(check.task3(answer), "not per category")


def test_task3_wrong_columns(coop):
    answer = coop.set_index("date").resample("MS").size().reset_index(name="events")
    assert_wrong(check.task3(answer), "lacks column(s) month")


# --- task 4 ---------------------------------------------------------------------


def csis_only(rows):
    return rows["source_status"].astype(str).str.endswith("csis_fallback")


def test_task4_right(coop):
    events_2025 = coop[coop["date"].dt.year == 2025]
    share = 100 * csis_only(events_2025).mean()
    assert check.task4(share).passed
    assert check.task4(round(float(share), 1)).passed


def test_task4_fraction(coop):
    events_2025 = coop[coop["date"].dt.year == 2025]
    assert_wrong(check.task4(csis_only(events_2025).mean()), "fraction")


def test_task4_all_years(coop):
    assert_wrong(check.task4(100 * csis_only(coop).mean()), "over 2022-2025")


def test_task4_report_share(coop):
    events_2025 = coop[coop["date"].dt.year == 2025]
    assert_wrong(check.task4(100 * (~csis_only(events_2025)).mean()), "cite a report")


def test_task4_unseen_share(coop):
    events_2025 = coop[coop["date"].dt.year == 2025]
    assert_wrong(check.task4(100 * (events_2025["source_quality"] == "unverified").mean()), "source_quality")


def test_task4_far_off():
    assert_wrong(check.task4(150), "too high")
    assert_wrong(check.task4(1), "too low")


# --- task 5 ---------------------------------------------------------------------


def test_task5_right(coop):
    answer = coop[coop["landmark"]].sort_values("date")[["date", "category", "title"]]
    assert check.task5(answer).passed


def test_task5_unfiltered(coop):
    assert_wrong(check.task5(coop[["date", "category", "title"]]), "every event")


def test_task5_unsorted(coop):
    answer = coop[coop["landmark"]].sort_values("title")[["date", "category", "title"]]
    assert_wrong(check.task5(answer), "date order")


def test_task5_wrong_rows(coop):
    answer = coop[coop["category"] == "military"][["date", "category", "title", "landmark"]]
    assert_wrong(check.task5(answer), "not landmarks")


# --- task 6 ---------------------------------------------------------------------


def quarterly_data(coop):
    return (
        coop.assign(quarter=coop["date"].dt.to_period("Q").dt.to_timestamp())
        .groupby(["quarter", "category"], observed=True)
        .size()
        .reset_index(name="events")
    )


def learner_chart(
    coop,
    mark="bar",
    legend=True,
    condition=True,
    title="Events per quarter",
    description="Stacked bars of reported events per quarter by category.",
):
    pick = (
        alt.selection_point(fields=["category"], bind="legend") if legend else alt.selection_point(fields=["category"])
    )
    encoding = dict(x="quarter:T", y="events:Q", color="category:N", tooltip=["quarter:T", "category:N", "events:Q"])
    if condition:
        encoding["opacity"] = alt.condition(pick, alt.value(1), alt.value(0.2))
    chart = alt.Chart(quarterly_data(coop), title=title, description=description)
    chart = getattr(chart, f"mark_{mark}")().encode(**encoding).add_params(pick)
    return chart


def test_task6_right(coop):
    assert check.task6(learner_chart(coop)).passed


def test_task6_timeunit_version(coop):
    pick = alt.selection_point(fields=["category"], bind="legend")
    chart = (
        alt.Chart(coop, title="Events per quarter", description="Stacked bars of events per quarter by category.")
        .mark_bar()
        .encode(
            x=alt.X("yearquarter(date):T"),
            y="count():Q",
            color="category:N",
            opacity=alt.condition(pick, alt.value(1), alt.value(0.2)),
            tooltip=["category:N", "count():Q"],
        )
        .add_params(pick)
    )
    assert check.task6(chart).passed


def test_task6_layered_with_events_still_passes(coop):
    assert check.task6(alt.layer(learner_chart(coop), pc.event_layer("2022-07-01", "2025-12-31"))).passed


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"mark": "line"}, "mark_bar"),
        ({"legend": False}, "legend is not clickable"),
        ({"condition": False}, "does nothing yet"),
        ({"description": ""}, "description"),
    ],
    ids=["wrong_mark", "no_legend_binding", "selection_unused", "no_description"],
)
def test_task6_wrong(coop, change, phrase):
    assert_wrong(check.task6(learner_chart(coop, **change)), phrase)


def test_task6_no_tooltip(coop):
    pick = alt.selection_point(fields=["category"], bind="legend")
    chart = (
        alt.Chart(quarterly_data(coop), title="t", description="Stacked bars of events per quarter.")
        .mark_bar()
        .encode(
            x="quarter:T",
            y="events:Q",
            color="category:N",
            opacity=alt.condition(pick, alt.value(1), alt.value(0.2)),
        )
        .add_params(pick)
    )
    assert_wrong(check.task6(chart), "no tooltip")


def test_task6_colour_by_wrong_field(coop):
    pick = alt.selection_point(fields=["landmark"], bind="legend")
    chart = (
        alt.Chart(coop, title="t", description="Stacked bars of events per quarter.")
        .mark_bar()
        .encode(
            x="yearquarter(date):T",
            y="count():Q",
            color="landmark:N",
            tooltip=["landmark:N"],
            opacity=alt.condition(pick, alt.value(1), alt.value(0.2)),
        )
        .add_params(pick)
    )
    assert_wrong(check.task6(chart), "'category'")
