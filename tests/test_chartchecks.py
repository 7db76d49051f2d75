"""The chart-inspection rules that every exercise check shares (poscourse.chartchecks)."""

import altair as alt
import pandas as pd

import poscourse as pc
from poscourse import chartchecks as cc

TRADE = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=3, freq="MS"), "total": [1.0, 2.0, 3.0]})
LINE = alt.Chart(TRADE).mark_line(point=True).encode(x="month:T", y="total:Q")
EVENT_LAYER = cc.has_event_layer("no event layer", not_layered="not layered")


def test_event_layer_is_found_with_or_without_labels():
    assert EVENT_LAYER(alt.layer(LINE, pc.event_layer("2024-01-01", "2024-12-31"))) is None
    assert EVENT_LAYER(alt.layer(LINE, pc.event_layer(labels=False))) is None
    assert EVENT_LAYER(alt.layer(pc.event_layer(), LINE).properties(title="t")) is None


def test_a_layer_that_is_not_the_event_layer_is_not_enough():
    points = LINE.mark_point()
    assert EVENT_LAYER(alt.layer(LINE, points)) == "no event layer"
    threshold = alt.Chart(pd.DataFrame({"y": [2]})).mark_rule().encode(y="y:Q")
    assert EVENT_LAYER(alt.layer(LINE, threshold)) == "no event layer"


def test_a_chart_that_is_not_layered_gets_its_own_message():
    assert EVENT_LAYER(LINE) == "not layered"
    assert cc.has_event_layer("no event layer")(LINE) == "no event layer"


def test_unit_specs_walk_layers_concats_and_facets():
    chart = alt.vconcat(alt.layer(LINE, LINE.mark_point()), LINE.mark_bar())
    assert [cc.mark_type(s) for s in cc.unit_specs(cc.spec_of(chart))] == ["line", "point", "bar"]
    faceted = LINE.facet(row="total:N")
    assert [cc.mark_type(s) for s in cc.unit_specs(cc.spec_of(faceted))] == ["line"]
    assert cc.mark_type(cc.find_unit(chart, "bar", "tick")) == "bar"
    assert cc.find_unit(chart, "rect") is None


def test_chart_frames_finds_the_data_of_every_part():
    other = TRADE.assign(total=0.0)
    chart = alt.layer(LINE, alt.Chart(other).mark_point().encode(x="month:T", y="total:Q"))
    frames = cc.chart_frames(chart)
    assert len(frames) == 2 and frames[1] is other


def test_title_and_description_are_found_in_any_part_and_keep_the_exercise_words():
    described = (
        alt.Chart(TRADE, title="Trade", description="A line of monthly trade values.").mark_line().encode(x="month:T")
    )
    layered = alt.layer(described, pc.event_layer(labels=False))
    assert cc.chart_has_title(layered) is None and cc.chart_has_description(layered) is None
    assert cc.has_title("say what it shows")(LINE) == "say what it shows"
    assert "screen readers" in cc.chart_has_description(LINE.properties(description="short"))


def test_the_helper_layers_are_not_taken_for_the_main_layer_wherever_they_stand():
    line_mark, has_y = cc.chart_mark("line"), cc.chart_encodes("y", "total", "quantitative")
    band = pc.period_band("2024-01-01", "2024-02-01", "a period")
    for chart in (alt.layer(pc.event_layer(), LINE), alt.layer(band, LINE), alt.layer(LINE, pc.event_layer())):
        assert line_mark(chart) is None
        assert has_y(chart) is None
    assert "mark_line" in line_mark(alt.layer(pc.event_layer(), LINE.mark_bar()))
