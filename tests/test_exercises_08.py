"""The checks of exercise notebook 08 (Competing explanations): right answers pass,
typical wrong answers get the intended feedback, odd input never raises."""

import altair as alt
import pytest

import poscourse as pc
from poscourse.exercises import ex08 as check
from tests.conftest import assert_wrong

SCALE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}


@pytest.fixture(scope="module")
def events():
    return pc.load("events")


@pytest.fixture(scope="module")
def scores():
    return check.course_scores()


@pytest.fixture(scope="module")
def matrix(scores):
    return scores.replace(SCALE).astype(int)


@pytest.fixture(scope="module")
def matrix_long(matrix):
    return matrix.reset_index().melt(id_vars="evidence_id", var_name="hypothesis", value_name="score")


def test_course_scores_shape(scores):
    assert list(scores.columns) == ["H1", "H2", "H3", "H4", "H5"]
    assert len(scores) == len(check.EVIDENCE_LABELS) == 14
    assert set(scores.stack()) <= set(SCALE)


# --- task 1 ---------------------------------------------------------------------


def test_task1_right(matrix):
    same_everywhere = matrix[matrix.nunique(axis=1) == 1].index
    assert len(same_everywhere) == 1
    assert check.task1(same_everywhere[0]).passed
    assert check.task1(f"  {same_everywhere[0].lower()} ").passed


def test_task1_wrong():
    assert_wrong(check.task1("E11"), "orange cell")
    assert_wrong(check.task1("E05"), "different colours")
    assert_wrong(check.task1("E99"), "not one of the options")


# --- task 2 ---------------------------------------------------------------------


def statements_by(events, mask):
    return events[(events["category"] == "statement") & mask & (events["date"] >= "2025-10-24")]


def test_task2_right(events):
    answer = statements_by(events, events["actors"].str.startswith("DPRK"))
    assert check.task2(answer).passed


def test_task2_contains_catches_trump(events):
    answer = statements_by(events, events["actors"].str.contains("DPRK"))
    assert_wrong(check.task2(answer), "statements by Trump")


def test_task2_no_category_filter(events):
    answer = events[events["actors"].str.startswith("DPRK") & (events["date"] >= "2025-10-24")]
    assert_wrong(check.task2(answer), "not statements")


def test_task2_no_date_filter(events):
    answer = events[(events["category"] == "statement") & events["actors"].str.startswith("DPRK")]
    assert_wrong(check.task2(answer), "before 24 October 2025")


def test_task2_missing_rows(events):
    answer = statements_by(events, events["actors"].str.startswith("DPRK")).iloc[0:0]
    assert_wrong(check.task2(answer), "missing")


def test_task2_wrong_columns(events):
    answer = statements_by(events, events["actors"].str.startswith("DPRK"))[["date", "title"]]
    assert_wrong(check.task2(answer), "event_id")


# --- task 3 ---------------------------------------------------------------------


def test_task3_right(scores, matrix):
    assert check.task3(matrix).passed
    assert check.task3(scores.replace(SCALE)).passed
    assert check.task3(scores.apply(lambda column: column.map(SCALE))).passed


def test_task3_reversed_signs(scores):
    reversed_scale = {code: -value for code, value in SCALE.items()}
    assert_wrong(check.task3(scores.replace(reversed_scale)), "signs are reversed")


def test_task3_letters_left(scores):
    assert_wrong(check.task3(scores), "still holds letters")
    assert_wrong(check.task3(scores.replace({"CC": 2, "C": 1, "N": 0})), "still holds letters")


def test_task3_shifted_scale(scores):
    shifted = {code: value + 3 for code, value in SCALE.items()}
    assert_wrong(check.task3(scores.replace(shifted)), "neutral N should become 0")


def test_task3_transposed(matrix):
    assert_wrong(check.task3(matrix.T), "transposed")


# --- task 4 ---------------------------------------------------------------------


def test_task4_right(matrix):
    assert check.task4((-matrix.clip(upper=0)).sum()).passed
    assert check.task4(matrix.apply(lambda column: column[column < 0].abs().sum())).passed


def test_task4_naive_total(matrix):
    assert_wrong(check.task4(matrix.sum()), "sum of all scores")


def test_task4_negative(matrix):
    assert_wrong(check.task4(matrix.clip(upper=0).sum()), "negative")


def test_task4_wrong_axis(matrix):
    assert_wrong(check.task4((-matrix.clip(upper=0)).sum(axis=1)), "indexed by evidence items")


def test_task4_evidence_for(matrix):
    assert_wrong(check.task4(matrix.clip(lower=0).sum()), "evidence for")


def test_task4_dataframe(matrix):
    assert_wrong(check.task4((-matrix.clip(upper=0)).sum().to_frame("inconsistency")), "expected a Series")


# --- task 5 ---------------------------------------------------------------------


def test_task5_right(matrix):
    assert check.task5((matrix.max(axis=1) - matrix.min(axis=1)).sort_values(ascending=False)).passed


def test_task5_not_sorted(matrix):
    assert_wrong(check.task5(matrix.max(axis=1) - matrix.min(axis=1)), "not sorted")


def test_task5_wrong_axis(matrix):
    assert_wrong(check.task5(matrix.max() - matrix.min()), "indexed by hypotheses")


def test_task5_max_only(matrix):
    assert_wrong(check.task5(matrix.max(axis=1).sort_values(ascending=False)), "highest scores")


def test_task5_reversed(matrix):
    assert_wrong(check.task5((matrix.min(axis=1) - matrix.max(axis=1)).sort_values()), "negative")


# --- task 6 ---------------------------------------------------------------------


def heatmap_from(data, text=True, tooltip=True, mark="rect"):
    base = alt.Chart(data, description="Test heatmap of the matrix").encode(x="hypothesis:N", y="evidence_id:N")
    encoding = {"color": "score:Q"}
    if tooltip:
        encoding["tooltip"] = ["evidence_id:N", "hypothesis:N", "score:Q"]
    rects = getattr(base, f"mark_{mark}")().encode(**encoding)
    return rects + base.mark_text().encode(text="score:Q") if text else rects


def test_task6_right(matrix_long):
    assert check.task6(heatmap_from(matrix_long)).passed


def test_task6_wide_data(matrix):
    chart = alt.Chart(matrix.reset_index()).mark_rect().encode(x="H1:Q", y="evidence_id:N")
    assert_wrong(check.task6(chart), "still wide")


def test_task6_no_text_layer(matrix_long):
    assert_wrong(check.task6(heatmap_from(matrix_long, text=False)), "text layer")


def test_task6_wrong_mark(matrix_long):
    assert_wrong(check.task6(heatmap_from(matrix_long, mark="bar")), "mark_rect")


def test_task6_no_tooltip(matrix_long):
    assert_wrong(check.task6(heatmap_from(matrix_long, tooltip=False)), "no tooltip")


# --- task 7 ---------------------------------------------------------------------


def reweighted_from(data, slider=True, used=True, mark="bar"):
    if slider:
        weight = alt.param(name="neutral_weight", value=0, bind=alt.binding_range(min=0, max=1, step=0.25))
    else:
        weight = alt.param(name="neutral_weight", value=0)
    expression = (
        "datum.score < 0 ? -datum.score : (datum.score == 0 ? neutral_weight : 0)"
        if used
        else "datum.score < 0 ? -datum.score : 0"
    )
    chart = (
        alt.Chart(data, description="Test bars of weighted inconsistency")
        .transform_calculate(against=expression)
        .encode(x="hypothesis:N", y="sum(against):Q", tooltip=["hypothesis:N"])
    )
    chart = getattr(chart, f"mark_{mark}")()
    return chart.add_params(weight)


def test_task7_right(matrix_long):
    assert check.task7(reweighted_from(matrix_long)).passed


def test_task7_no_slider(matrix_long):
    assert_wrong(check.task7(reweighted_from(matrix_long, slider=False)), "no slider")


def test_task7_slider_unused(matrix_long):
    assert_wrong(check.task7(reweighted_from(matrix_long, used=False)), "nothing uses it")


def test_task7_wrong_mark(matrix_long):
    assert_wrong(check.task7(reweighted_from(matrix_long, mark="line")), "mark_bar")


def test_course_scores_match_the_lesson(root):
    """The exercises reuse the lesson's ACH matrix: both copies must agree."""
    import re

    import nbformat

    lesson = nbformat.read(root / "notebooks" / "08_competing_explanations.ipynb", as_version=4)
    # The matrix may span several cells (each at most 30 lines): read every cell that holds records.
    source = "\n".join(c.source for c in lesson.cells if c.cell_type == "code" and '"evidence_id":' in c.source)
    pattern = re.compile(
        r'"evidence_id": "(E\d\d)".*?"H1": "(\w+)", "H2": "(\w+)", "H3": "(\w+)", "H4": "(\w+)", "H5": "(\w+)"', re.S
    )
    in_lesson = {m.group(1): " ".join(m.group(2, 3, 4, 5, 6)) for m in pattern.finditer(source)}
    # The exercise keeps the articles' five hypotheses and evidence E01-E14; the lesson's later
    # items (E15 on) were added with the three hypotheses a Korea analyst would add.
    shared = {e: in_lesson.get(e) for e in check.COURSE_SCORES}
    assert shared == check.COURSE_SCORES
    assert all(e > max(check.COURSE_SCORES) for e in set(in_lesson) - set(check.COURSE_SCORES))
