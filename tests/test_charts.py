"""The chart parts that lessons share: event labels, shaded periods, tooltips, colours."""

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse import charts


def events(*dates):
    return pd.DataFrame({"date": pd.to_datetime(list(dates)), "label": [f"event {i}" for i in range(len(dates))]})


def data_of(layer, part):
    """A layer part's data, or the layer's own when Altair moved shared data up."""
    return part.data if isinstance(part.data, pd.DataFrame) else layer.data


def text_rows(layer):
    """The events that get a label in an event layer."""
    text = [part for part in layer.layer if part.mark.type == "text"]
    return data_of(layer, text[0]) if text else pd.DataFrame(columns=["date", "label"])


def test_thinning_drops_labels_closer_than_the_gap():
    shown = pc.thin_labels(events("2025-10-22", "2025-10-24", "2025-10-30", "2025-12-01"), min_days=7)
    assert list(shown["date"].dt.strftime("%m-%d")) == ["10-22", "10-30", "12-01"]


def test_thinning_keeps_labels_far_apart_and_is_deterministic():
    table = events("2018-06-12", "2019-02-27", "2019-06-30")
    assert len(pc.thin_labels(table, min_days=30)) == 3
    shuffled = table.sample(frac=1, random_state=1)
    assert pc.thin_labels(shuffled, 200).equals(pc.thin_labels(table, 200))


def test_thinning_prefers_the_labels_named_first():
    table = events("2025-10-22", "2025-10-24")
    shown = pc.thin_labels(table, min_days=7, order=["event 1", "event 0"])
    assert list(shown["label"]) == ["event 1"]


def test_event_layer_thins_its_own_labels():
    every = pc.key_events("2025-10-01", "2025-10-31")
    assert len(every) >= 5  # the late-October cluster
    shown = text_rows(pc.event_layer("2025-10-01", "2025-10-31"))
    gaps = shown["date"].diff().dt.days.dropna()
    assert len(shown) < len(every)
    assert (gaps >= charts.label_gap_days("2025-10-01", "2025-10-31")).all()
    # every event keeps its rule
    layer = pc.event_layer("2025-10-01", "2025-10-31")
    rules = data_of(layer, layer.layer[0])
    assert len(rules) == len(every)


def test_event_layer_labels_chosen_by_name():
    layer = pc.event_layer("2018-01-01", "2025-12-31", labels=["Singapore summit", "Trump: 'too busy'"])
    assert sorted(text_rows(layer)["label"]) == ["Singapore summit", "Trump: 'too busy'"]
    assert len(data_of(layer, layer.layer[0])) == len(pc.key_events("2018-01-01", "2025-12-31"))


def test_event_layer_unknown_name_suggests_one():
    with pytest.raises(pc.CourseError, match="Did you mean 'Singapore summit'"):
        pc.event_layer("2018-01-01", "2025-12-31", labels=["Singapore sumit"])


def test_event_layer_without_labels_has_only_rules():
    layer = pc.event_layer("2018-01-01", "2025-12-31", labels=False).to_dict()
    assert [part["mark"]["type"] for part in layer["layer"]] == ["rule"]


def test_period_band_covers_its_dates_and_carries_its_label():
    band = pc.period_band("2020-01-01", "2023-08-31", "Border closed")
    rect, text = band.layer
    assert rect.mark.type == "rect" and text.mark.type == "text"
    period = data_of(band, rect)
    assert period["start"].iloc[0] == pd.Timestamp("2020-01-01")
    assert period["end"].iloc[0] == pd.Timestamp("2023-08-31")
    spec = band.to_dict()["layer"][0]["encoding"]
    assert (spec["x"]["field"], spec["x2"]["field"]) == ("start", "end")
    assert data_of(band, text)["label"].iloc[0] == "Border closed"


def test_period_band_without_label_and_backwards_dates():
    assert len(pc.period_band("2020-01-01", "2020-02-01").layer) == 1
    with pytest.raises(pc.CourseError, match="before the start"):
        pc.period_band("2021-01-01", "2020-01-01")


def test_tooltips_format_months_and_days():
    assert pc.month_tooltip("month").to_dict() == {
        "field": "month",
        "type": "temporal",
        "title": "Month",
        "format": "%b %Y",
    }
    assert pc.date_tooltip().to_dict()["format"] == "%d %b %Y"


def test_neutral_colours_are_not_actor_colours():
    actor_colours = set(pc.ACTOR_COLORS.values())
    assert pc.NEUTRAL not in actor_colours
    assert not set(pc.NEUTRAL_COLORS.values()) & actor_colours
    assert not set(pc.CATEGORY_PALETTE) & actor_colours
    assert not set(pc.ARTICLE_COLORS.values()) & actor_colours


def test_theme_draws_one_series_in_a_neutral_colour():
    config = charts.theme()["config"]
    for mark in ("mark", "bar", "line", "point"):
        assert config[mark]["color"] == pc.NEUTRAL
    assert pc.ACTOR_COLORS["US"] not in config["range"]["category"]


def test_category_color_follows_the_domain():
    encoding = pc.category_color("kind", ["a", "b", "c"], title="Kind").to_dict()
    assert encoding["scale"] == {"domain": ["a", "b", "c"], "range": pc.CATEGORY_PALETTE[:3]}
    with pytest.raises(pc.CourseError, match="categories"):
        pc.category_color("kind", list("abcdefghij"))


def test_articles_have_a_colour_each():
    assert set(pc.ARTICLE_COLORS) == set(pc.load("articles")["article_id"])


def test_category_color_takes_a_legend():
    encoding = pc.category_color("kind", ["a", "b"], legend=alt.Legend(orient="bottom")).to_dict()
    assert encoding["legend"] == {"orient": "bottom"}
    assert pc.category_color("kind", ["a"], legend=False).to_dict()["legend"] is None
