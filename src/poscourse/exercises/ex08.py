"""Checks for the exercises of lesson 08, Competing explanations.

    from poscourse.exercises import ex08 as check
    scores = check.course_scores()      # the lesson's ACH matrix (letters)
    check.task1(answer1)

The ACH matrix is the course's judgement, set out with a reason for every
score in lesson 08 (notebooks/08_competing_explanations.ipynb); COURSE_SCORES
below must stay equal to the lesson's `evidence_records`. Each check compares
the answer with the salted hash of the worked solution's (poscourse.answer_key),
never prints it, and returns a Feedback (correct, wrong with a hint, or not answered yet).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .. import answer_key
from ..chartchecks import (
    chart_encodes,
    chart_frames,
    chart_has_tooltip,
    chart_mark,
    chart_params,
    is_chart,
    mark_type,
    spec_of,
    unit_specs,
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

HYPOTHESES = ["H1", "H2", "H3", "H4", "H5"]

#: Short names of the hypotheses, as in lesson 08.
HYPOTHESIS_NAMES = {
    "H1": "No incentive (position of strength)",
    "H2": "Deference to Xi before his summit",
    "H3": "Own condition: drop denuclearisation first",
    "H4": "Waiting for concrete offers",
    "H5": "Wariness after Hanoi",
}

#: Short labels of the evidence items, as in lesson 08.
EVIDENCE_LABELS = {
    "E01": "No reply during the tour",
    "E02": "Kim Yo Jong rejects denuclearisation talks (Jul)",
    "E03": "Kim's speech: drop denuclearisation first (Sep)",
    "E04": "Trump: 'sort of' a nuclear power, sanctions hint",
    "E05": "Choe in Russia and Belarus during the tour",
    "E06": "Missile launches on 22 and 28 Oct",
    "E07": "Kim meets Xi and Li Qiang (Sep-Oct)",
    "E08": "Russia cooperation events up in 2025",
    "E09": "China trade: September highest since 2019",
    "E10": "Xi-Trump summit on the tour's last day",
    "E11": "Still no reply after Busan (to 31 Dec)",
    "E12": "Kim attacks the US-approved ROK nuclear sub (Dec)",
    "E13": "2019: Panmunjom photo-op four months after Hanoi",
    "E14": "2019-20: 'empty-handed' US, no talks since",
}

#: The course's consistency scores (lesson 08), one string per item in the order H1 H2 H3 H4 H5.
COURSE_SCORES = {
    "E01": "C C C C C",
    "E02": "C N CC C N",
    "E03": "C N CC C N",
    "E04": "C N C C N",
    "E05": "CC C N N N",
    "E06": "C N C N N",
    "E07": "C C N N N",
    "E08": "CC N C N N",
    "E09": "C C N N N",
    "E10": "N C N N N",
    "E11": "C I C C C",
    "E12": "C N C N N",
    "E13": "CC N N N I",
    "E14": "N N C CC C",
}

#: The five-point scale: letter code -> number.
SCALE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}

TRUMP_LEAVES = pd.Timestamp("2025-10-24")


def course_scores() -> pd.DataFrame:
    """The lesson's ACH matrix: one row per evidence item (index evidence_id), one column per hypothesis, letter codes."""
    rows = {item: dict(zip(HYPOTHESES, codes.split(), strict=True)) for item, codes in COURSE_SCORES.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index")[HYPOTHESES]
    frame.index.name = "evidence_id"
    return frame


def _matrix() -> pd.DataFrame:
    return course_scores().replace(SCALE).astype(int)


def _same_labels(answer_labels, expected_labels) -> bool:
    return sorted(map(str, answer_labels)) == sorted(map(str, expected_labels))


# --- task 1: read the heatmap ------------------------------------------------------


def task1(answer: Any) -> Feedback:
    """Which evidence item has the same score for every hypothesis?"""
    matrix = _matrix()
    correct = answer_key.choice("ex08.task1", answer, map(str, matrix.index))
    choices = {}
    for item in matrix.index:
        if item == correct:
            choices[item] = ""
        elif (matrix.loc[item] < 0).any():
            choices[item] = f"{item} has an orange cell: it counts against one hypothesis, so it does tell them apart."
        else:
            choices[item] = (
                f"{item} has cells of different colours along its row: it fits some hypotheses better than others."
            )
    return run_check(
        "Task 1",
        answer,
        one_of(choices, correct=correct),
        hint="look for the row whose five cells all have the same colour and the same letter.",
    )


# --- task 2: statements by North Korea from the start of the tour ----------------------


def _statement_mistakes(answer) -> str | None:
    events = load("events")
    given = set(answer["event_id"].astype(str))
    if answer_key.matches("ex08.task2", sorted(given)):
        return None
    rows = events[events["event_id"].isin(given)]
    if len(rows) < len(given):
        return "some event_id values are not in the events table: filter the table, do not type the rows."
    if (rows["category"] != "statement").any():
        return 'some rows are not statements (launches, visits ...): keep only category == "statement".'
    if (rows["date"] < TRUMP_LEAVES).any():
        return "some rows are dated before 24 October 2025: keep dates on or after it."
    if (~rows["actors"].str.startswith("DPRK")).any():
        return 'some rows are statements by Trump: for statements the speaker is named first, so use .str.startswith("DPRK"), not .str.contains().'
    # every row is a North Korean statement from the right dates, yet the set differs: rows are missing
    return "a North Korean statement is missing: check the date condition (>= 24 October 2025) and do not cut the end of the data."


def task2(answer: Any) -> Feedback:
    """dprk_statements: North Korea's statements from 24 Oct 2025 to the end of the data."""
    return run_check(
        "Task 2",
        answer,
        is_dataframe,
        has_columns("event_id", "date", "title"),
        _statement_mistakes,
        hint='combine three conditions with &: category == "statement", actors.str.startswith("DPRK") and date >= "2025-10-24".',
    )


# --- task 3: letters to numbers with a dictionary -----------------------------------------


def _matrix_shape(answer) -> str | None:
    items = course_scores().index
    if _same_labels(answer.index, HYPOTHESES) and _same_labels(answer.columns, items):
        return "the table is transposed (hypotheses as rows): keep the evidence items as rows, as in scores."
    if not _same_labels(answer.columns, HYPOTHESES):
        return "the columns should be the five hypotheses H1 ... H5, as in scores."
    if not _same_labels(answer.index, items):
        return "the rows (index) should be the 14 evidence items E01 ... E14, as in scores."
    return None


def _matrix_values(answer) -> str | None:
    scores = course_scores()
    given = answer.loc[scores.index, HYPOTHESES]
    numeric = given.apply(pd.to_numeric, errors="coerce")
    if numeric.isna().any().any():
        return "the table still holds letters (or empty cells): replace every code with its number using a dictionary and .replace()."
    numeric = numeric.astype(float)
    if answer_key.matches("ex08.task3", numeric):
        return None
    if answer_key.matches("ex08.task3", -numeric):
        return (
            "the signs are reversed: consistent evidence (C, CC) should be positive and inconsistent (I, II) negative."
        )
    if (numeric.where(scores == "N", 0) != 0).any().any():
        return "a neutral N should become 0, so that it counts neither for nor against."
    return "some numbers do not match the scale CC = 2, C = 1, N = 0, I = -1, II = -2."


def task3(answer: Any) -> Feedback:
    """matrix: the scores table with every letter code replaced by its number."""
    return run_check(
        "Task 3",
        answer,
        is_dataframe,
        _matrix_shape,
        _matrix_values,
        hint='write the dictionary SCALE = {"CC": 2, ...} and apply it with scores.replace(SCALE).',
    )


# --- task 4: inconsistency per hypothesis --------------------------------------------------


def _inconsistency_mistakes(answer) -> str | None:
    matrix = _matrix()
    if _same_labels(answer.index, matrix.index):
        return "the Series is indexed by evidence items: sum down each column (one total per hypothesis), not across each row."
    if not _same_labels(answer.index, HYPOTHESES):
        return "the index (the labels) should be the five hypotheses H1 ... H5."
    values = pd.to_numeric(answer, errors="coerce")
    if values.isna().any():
        return "the values should be numbers."
    values = values.astype(float)
    values.index = [str(label) for label in values.index]
    if answer_key.matches("ex08.task4", values.reindex(HYPOTHESES)):
        return None
    if _close(values, matrix.sum()):
        return "this is the sum of all scores, which rewards consistent evidence; Heuer counts only the evidence against (I and II)."
    if answer_key.matches("ex08.task4", -values.reindex(HYPOTHESES)):
        return "the values are negative: count the evidence against as a positive number (I = 1, II = 2)."
    if _close(values, (matrix > 0).sum()) or _close(values, matrix.clip(lower=0).sum()):
        return "this counts the evidence for each hypothesis; the task asks for the evidence against it."
    return "some totals differ: keep only the negative scores (I = -1, II = -2), make them positive, and add them up per hypothesis."


def _close(given: pd.Series, expected: pd.Series) -> bool:
    expected = expected.astype(float)
    given = given.reindex(expected.index)
    return bool(((given - expected).abs() < 1e-9).all())


def task4(answer: Any) -> Feedback:
    """inconsistency: for each hypothesis, the evidence against it (I = 1, II = 2)."""
    return run_check(
        "Task 4",
        answer,
        is_series,
        _inconsistency_mistakes,
        hint="matrix.clip(upper=0) keeps the negative scores (and turns the others into 0); negate it and .sum() each column.",
    )


# --- task 5: spread per evidence item, sorted --------------------------------------------------


def _spread_mistakes(answer) -> str | None:
    matrix = _matrix()
    if _same_labels(answer.index, HYPOTHESES):
        return "the Series is indexed by hypotheses: compute max and min across each row with axis=1."
    if not _same_labels(answer.index, matrix.index):
        return "the index (the labels) should be the 14 evidence items E01 ... E14."
    values = pd.to_numeric(answer, errors="coerce")
    if values.isna().any():
        return "the values should be numbers."
    values = values.astype(float)
    by_item = pd.Series(values.to_numpy(), index=[str(label) for label in values.index]).sort_index()
    if answer_key.matches("ex08.task5", by_item):
        if list(values) != sorted(values, reverse=True):
            return "the values are right but not sorted: use .sort_values(ascending=False) to put the most diagnostic items first."
        return None
    if _close(values, matrix.max(axis=1)):
        return "these are the highest scores of each row; subtract the lowest (min) to get the spread."
    if answer_key.matches("ex08.task5", -by_item):
        return "the spreads are negative: subtract the row's minimum from its maximum, not the other way round."
    return "some spreads differ: the spread of a row is its max minus its min."


def task5(answer: Any) -> Feedback:
    """spread: the diagnosticity of each evidence item, most diagnostic first."""
    return run_check(
        "Task 5",
        answer,
        is_series,
        _spread_mistakes,
        hint="matrix.max(axis=1) - matrix.min(axis=1), then .sort_values(ascending=False).",
    )


# --- task 6: heatmap with a text layer, from long data ---------------------------------------


def _long_data(answer) -> str | None:
    frames = chart_frames(answer)
    frame = frames[0] if frames else None
    if frame is None:
        return "the chart has no DataFrame as data: pass matrix_long to alt.Chart()."
    if all(h in frame.columns for h in HYPOTHESES):
        return "the chart's data is still wide (one column per hypothesis): melt() it into long form first."
    missing = [c for c in ("evidence_id", "hypothesis", "score") if c not in frame.columns]
    if missing:
        return f'the chart\'s data lacks column(s) {", ".join(missing)}: melt with id_vars="evidence_id", var_name="hypothesis", value_name="score".'
    if len(frame) != _matrix().size:
        return f"the chart's data has {len(frame)} rows; a long matrix has one row per evidence item and hypothesis."
    return None


def _has_text_layer(answer) -> str | None:
    for unit in list(unit_specs(spec_of(answer)))[1:]:
        if mark_type(unit) == "text" and "text" in unit.get("encoding", {}):
            return None
    return "add a text layer on top of the rectangles: heatmap + heatmap.mark_text().encode(text=...)."


def task6(answer: Any) -> Feedback:
    """heatmap: rectangles coloured by score, with a text layer, drawn from long data."""
    return run_check(
        "Task 6",
        answer,
        is_chart,
        chart_mark("rect"),
        _long_data,
        chart_encodes("x", "hypothesis"),
        chart_encodes("y", "evidence_id"),
        chart_encodes("color", "score"),
        chart_has_tooltip,
        _has_text_layer,
        hint="melt matrix into matrix_long, then layer mark_rect() (x hypothesis, y evidence_id, color score, tooltip) and mark_text() (text score).",
    )


# --- task 7: a slider that re-weights the evidence ---------------------------------------------


def _slider_names(answer) -> list[str]:
    return [
        p.get("name", "")
        for p in chart_params(spec_of(answer))
        if isinstance(p.get("bind"), dict) and p["bind"].get("input") == "range"
    ]


def _has_slider(answer) -> str | None:
    if not _slider_names(answer):
        return "the chart has no slider: create alt.param(..., bind=alt.binding_range(min=0, max=1, step=0.25)) and add it with .add_params()."
    return None


def _without_params(spec):
    if isinstance(spec, dict):
        return {k: _without_params(v) for k, v in spec.items() if k != "params"}
    if isinstance(spec, list):
        return [_without_params(v) for v in spec]
    return spec


def _slider_used(answer) -> str | None:
    names = _slider_names(answer)
    text = json.dumps(_without_params(spec_of(answer)))
    if not any(name and name in text for name in names):
        return "the slider exists but nothing uses it: refer to it by name in transform_calculate(), so the bars change when it moves."
    return None


def _sums_per_hypothesis(answer) -> str | None:
    text = json.dumps(spec_of(answer))
    if "sum" not in text:
        return "the bars should add up the weighted evidence against each hypothesis: use sum(...) in the y encoding or a transform_aggregate()."
    return None


def task7(answer: Any) -> Feedback:
    """reweighted: bars of weighted inconsistency per hypothesis, driven by a slider."""
    return run_check(
        "Task 7",
        answer,
        is_chart,
        chart_mark("bar"),
        chart_encodes("x", "hypothesis"),
        _has_slider,
        _slider_used,
        _sums_per_hypothesis,
        hint='alt.param with bind=alt.binding_range(...); transform_calculate(against=...) using the param\'s name; y="sum(against):Q".',
    )
