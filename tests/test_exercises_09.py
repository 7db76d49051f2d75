"""The checks of exercise notebook 09 (Reading the coverage): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse.exercises import ex09 as check
from tests.conftest import assert_wrong


@pytest.fixture(scope="module")
def claims():
    return pc.load("claims")


# --- task 1 ---------------------------------------------------------------------


def test_task1_right():
    assert check.task1("article_voice").passed
    assert check.task1("  Article_Voice ").passed


def test_task1_wrong():
    assert_wrong(check.task1("direct_quote"), "green segment")
    assert_wrong(check.task1("unnamed_source"), "smallest")
    assert_wrong(check.task1("the article"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def test_task2_right(claims):
    answer = pd.crosstab(claims["article_id"], claims["certainty"], normalize="index")
    assert check.task2(answer).passed


def test_task2_counts_not_shares(claims):
    answer = pd.crosstab(claims["article_id"], claims["certainty"])
    assert_wrong(check.task2(answer), "counts, not shares")


def test_task2_wrong_normalisation(claims):
    answer = pd.crosstab(claims["article_id"], claims["certainty"], normalize="columns")
    assert_wrong(check.task2(answer), "add up to 1")
    answer = pd.crosstab(claims["article_id"], claims["certainty"], normalize=True)
    assert_wrong(check.task2(answer), "add up to 1")


def test_task2_swapped_axes(claims):
    answer = pd.crosstab(claims["certainty"], claims["article_id"], normalize="index")
    assert_wrong(check.task2(answer), "lacks column")


# --- task 3 ---------------------------------------------------------------------


def test_task3_right(claims):
    answer = claims["hedge_words"].str.split("; ").explode().value_counts()
    assert check.task3(answer).passed


def test_task3_not_split(claims):
    answer = claims["hedge_words"].value_counts()
    assert_wrong(check.task3(answer), "several words")


def test_task3_split_on_semicolon_only(claims):
    answer = claims["hedge_words"].str.split(";").explode().value_counts()
    assert_wrong(check.task3(answer), "space")


def test_task3_shares(claims):
    answer = claims["hedge_words"].str.split("; ").explode().value_counts(normalize=True)
    assert_wrong(check.task3(answer), "shares")


def test_task3_dataframe_instead_of_series(claims):
    answer = claims["hedge_words"].str.split("; ").explode().value_counts().reset_index()
    assert_wrong(check.task3(answer), "expected a Series")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(claims):
    is_named = ~claims["speaker"].str.contains("Unnamed|unattributed")
    assert check.task4(claims[is_named].groupby("article_id", observed=True).size()).passed
    assert check.task4(claims[is_named]["article_id"].value_counts()).passed


def test_task4_forgot_negation(claims):
    unnamed = claims["speaker"].str.contains("Unnamed|unattributed")
    answer = claims[unnamed].groupby("article_id", observed=True).size()
    assert_wrong(check.task4(answer), "forget the ~")


def test_task4_kept_article_voice(claims):
    answer = claims[~claims["speaker"].str.contains("Unnamed")].groupby("article_id", observed=True).size()
    assert_wrong(check.task4(answer), "own voice")


def test_task4_all_claims(claims):
    answer = claims.groupby("article_id", observed=True).size()
    assert_wrong(check.task4(answer), "counts every claim")


def test_task4_grouped_by_speaker(claims):
    is_named = ~claims["speaker"].str.contains("Unnamed|unattributed")
    answer = claims[is_named].groupby("speaker").size()
    assert_wrong(check.task4(answer), "one per article")


# --- task 5 ---------------------------------------------------------------------


def wide(claims, **kwargs):
    return pd.crosstab(claims["article_id"], claims["attribution"], **kwargs)


def test_task5_right(claims):
    answer = (
        wide(claims, normalize="index")
        .reset_index()
        .melt(id_vars="article_id", var_name="attribution", value_name="share")
    )
    assert check.task5(answer).passed


def test_task5_still_wide(claims):
    assert_wrong(check.task5(wide(claims, normalize="index").reset_index()), "still wide")


def test_task5_counts(claims):
    answer = wide(claims).reset_index().melt(id_vars="article_id", var_name="attribution", value_name="share")
    assert_wrong(check.task5(answer), "counts")


def test_task5_default_names(claims):
    answer = wide(claims, normalize="index").reset_index().melt(id_vars="article_id")
    assert_wrong(check.task5(answer), "lacks column")


def test_task5_no_reset_index(claims):
    answer = wide(claims, normalize="index").melt(var_name="attribution", value_name="share")
    assert_wrong(check.task5(answer), "article_id")


# --- task 6 ---------------------------------------------------------------------


def chart(
    claims,
    mark="bar",
    stack="normalize",
    color="claim_type:N",
    tooltip=True,
    description="One bar per article split by claim type.",
):
    base = alt.Chart(claims, title="Claims by type", description=description)
    base = getattr(base, f"mark_{mark}")()
    encoding = {"y": "article_id:N", "x": alt.X("count():Q", stack=stack), "color": color}
    if tooltip:
        encoding["tooltip"] = ["article_id:N", "claim_type:N"]
    return base.encode(**encoding)


def test_task6_right(claims):
    assert check.task6(chart(claims)).passed


def test_task6_not_normalised(claims):
    assert_wrong(check.task6(chart(claims, stack=None)), "not normalised")


def test_task6_wrong_mark(claims):
    assert_wrong(check.task6(chart(claims, mark="point")), "mark_bar")


def test_task6_wrong_colour(claims):
    assert_wrong(check.task6(chart(claims, color="attribution:N")), "claim_type")


def test_task6_no_tooltip(claims):
    assert_wrong(check.task6(chart(claims, tooltip=False)), "tooltip")


def test_task6_no_description(claims):
    assert_wrong(check.task6(chart(claims, description=alt.Undefined)), "description")
