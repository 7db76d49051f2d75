"""Checks for the exercises of lesson 09, Reading the coverage.

    from poscourse.exercises import ex09 as check
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
    n_rows,
    one_of,
    run_check,
)
from ..data import load

ARTICLES = ["afp_ndtv", "art_of_blind_deal"]
ATTRIBUTIONS = ["direct_quote", "named_paraphrase", "unnamed_source", "article_voice"]


def _claims() -> pd.DataFrame:
    return load("claims")


def _article_index(answer) -> str | None:
    labels = sorted(map(str, answer.index))
    if labels != ARTICLES:
        return 'the rows (the index) should be the two articles: put claims["article_id"] first in pd.crosstab().'
    return None


# --- task 1: read the attribution chart ----------------------------------------


def task1(answer) -> Feedback:
    """Which kind of attribution makes up the largest share of claims in both articles?"""
    choices = {
        "direct_quote": "direct quotes are the green segment: a quarter of one article and none of the other.",
        "named_paraphrase": "named paraphrases are large in the second article only; look at the AFP bar too.",
        "unnamed_source": "unnamed sources are the smallest segment in both bars.",
        "article_voice": "compare the width of that segment in both bars again.",
    }
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=answer_key.choice("ex09.task1", answer, choices)),
        hint="compare the widths of the coloured segments in both bars.",
    )


# --- task 2: crosstab with normalize ---------------------------------------------


def _labelled(answer: pd.Series) -> pd.Series:
    """A Series of numbers with its labels as text, in label order: what the hash is taken of."""
    given = pd.Series(
        pd.to_numeric(answer, errors="coerce").astype(float).to_numpy(), index=[str(i) for i in answer.index]
    )
    return given.sort_index()


def _hashed_table(key: str, columns: list[str], message: str):
    """A step: the answer's columns, rows in the order of the text columns, match the hashed answer."""

    def step(answer) -> str | None:
        table = answer[columns].copy()
        keys = [c for c in columns if not pd.api.types.is_numeric_dtype(table[c])]
        for column in columns:
            if column in keys:
                table[column] = table[column].astype(str)
            else:
                table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
        if answer_key.matches(key, answer_key.canonical_frame(table, sort_by=keys, index=False)):
            return None
        return message

    return step


def _shares_not_counts(answer) -> str | None:
    values = answer[["asserted", "hedged"]].astype(float)
    if (values > 1).any().any():
        return 'these look like counts, not shares: pass normalize="index" to pd.crosstab().'
    row_sums = values.sum(axis=1)
    if not ((row_sums - 1).abs() < 1e-6).all():
        return 'each article\'s shares should add up to 1 along its row: use normalize="index", not True or "columns".'
    return None


def task2(answer) -> Feedback:
    """certainty_shares: the share of asserted and hedged claims in each article."""
    hashed = _hashed_table(
        "ex09.task2",
        ["article_id", "asserted", "hedged"],
        "some shares differ from the data: cross-tabulate article_id against certainty.",
    )
    return run_check(
        "Task 2",
        answer,
        is_dataframe,
        has_columns("asserted", "hedged"),
        n_rows(2, "one row per article"),
        _article_index,
        _shares_not_counts,
        lambda a: hashed(a.rename_axis("article_id").reset_index()[["article_id", "asserted", "hedged"]]),
        hint='pd.crosstab() with the articles as rows, certainty as columns and normalize="index".',
    )


# --- task 3: split and explode hedge words -----------------------------------------


def _hedge_labels(answer) -> str | None:
    labels = [str(label) for label in answer.index]
    if any(";" in label for label in labels):
        return "some labels still hold several words separated by ';': split them with .str.split(\"; \") and explode() before counting."
    if any(label != label.strip() for label in labels):
        return 'some words start or end with a space: split on "; " (a semicolon and a space), not on ";".'
    return None


def _hedge_words_only(answer) -> str | None:
    if abs(float(pd.to_numeric(answer, errors="coerce").sum()) - 1) < 1e-6:
        return "the values are shares: count the words with value_counts() without normalize."
    return None


def _hedge_counts(answer) -> str | None:
    if answer_key.matches("ex09.task3", _labelled(answer)):
        return None
    return "some words or counts differ from the data: count every hedge word of every claim."


def task3(answer) -> Feedback:
    """hedge_word_counts: how often each hedge word occurs (a Series indexed by word)."""
    return run_check(
        "Task 3",
        answer,
        is_series,
        _hedge_labels,
        _hedge_words_only,
        _hedge_counts,
        hint='str.split("; ") turns each cell into a list, explode() gives each word its own row, value_counts() counts them.',
    )


# --- task 4: str.contains and groupby ------------------------------------------------


def _per_article(flags: pd.Series) -> pd.Series:
    """How many claims of each article a True/False column marks (a fact of the data, for the messages)."""
    claims = _claims()
    return _labelled(flags.astype(int).groupby(claims["article_id"].astype(str)).sum())


def _named_mistakes(answer) -> str | None:
    claims = _claims()
    if not pd.api.types.is_numeric_dtype(answer):
        return "the values should be numbers of claims (use .size() or value_counts())."
    given = _labelled(answer)
    if answer_key.matches("ex09.task4", given):
        return None
    every = _per_article(claims["speaker"].notna() | claims["speaker"].isna())
    if list(given.index) == list(every.index):
        if answer_key.matches("ex09.task4", every - given):
            return "these are the claims of unnamed and unattributed speakers: did you forget the ~ that negates the condition?"
        own_voice = _per_article(claims["speaker"].str.contains("unattributed", regex=False))
        if answer_key.matches("ex09.task4", given - own_voice):
            return "the count still includes the article's own voice ('Article (unattributed)'): exclude it too."
    if abs(float(given.sum()) - len(claims)) < 1e-9:
        return "this counts every claim: keep only the rows whose speaker is a named person first."
    return "some counts differ from the data: keep only the claims of named speakers, then count them per article."


def task4(answer) -> Feedback:
    """named_per_article: the number of claims made by named experts in each article."""
    return run_check(
        "Task 4",
        answer,
        is_series,
        lambda a: None if len(a) == 2 else f"the Series has {len(a)} values; expected one per article.",
        lambda a: _article_index(a) and 'the index should hold the two article IDs: group by "article_id".',
        _named_mistakes,
        hint='keep the rows whose speaker contains neither "Unnamed" nor "unattributed" (str.contains with a | and ~), then count rows per article.',
    )


# --- task 5: melt a wide crosstab ------------------------------------------------------


def _long_not_wide(answer) -> str | None:
    present = [c for c in ATTRIBUTIONS if c in answer.columns]
    if present:
        return "the table is still wide (one column per attribution): melt() it into long form."
    return None


def _long_values(answer) -> str | None:
    shares = pd.to_numeric(answer["share"], errors="coerce")
    if shares.isna().any():
        return "the share column should hold numbers."
    if (shares > 1).any():
        return 'the shares are counts: build the crosstab with normalize="index" first.'
    return None


def task5(answer) -> Feedback:
    """attribution_long: one row per article and attribution, with the share of the article's claims."""
    claims = _claims()
    rows = claims["article_id"].nunique() * claims["attribution"].nunique()
    return run_check(
        "Task 5",
        answer,
        is_dataframe,
        _long_not_wide,
        has_columns("article_id", "attribution", "share"),
        n_rows(rows, "one row per article and attribution"),
        _long_values,
        _hashed_table(
            "ex09.task5",
            ["article_id", "attribution", "share"],
            'some shares differ from the data: melt the crosstab of article_id against attribution (normalize="index").',
        ),
        hint="reset_index() the crosstab so article_id is a column, then melt() it with article_id as the id and the column names asked for.",
    )


# --- task 6: a normalised stacked bar chart -----------------------------------------------


def _normalised_x(answer) -> str | None:
    x = chart_spec(answer).get("encoding", {}).get("x", {})
    if x.get("stack") != "normalize":
        return 'the bars are not normalised: give the x channel stack="normalize", e.g. alt.X("count():Q", stack="normalize").'
    return None


def task6(answer) -> Feedback:
    """type_chart: each article's claims by type, as normalised stacked horizontal bars."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        chart_mark("bar"),
        chart_encodes("y", "article_id"),
        chart_encodes("color", "claim_type"),
        _normalised_x,
        chart_has_tooltip,
        chart_has_title,
        chart_has_description,
        hint='mark_bar() with the article on y, a count on x with stack="normalize", claim_type as colour, a tooltip, a title and a description.',
    )
