"""The helper package: theme, colours, renderer switch, event layer."""

import os

import altair as alt
import pandas as pd
import pytest

import poscourse as pc
from poscourse import charts

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_static_setup_renders_svg_with_text_description():
    pc.setup("static")
    assert alt.renderers.active == "course_static"
    chart = (
        alt.Chart(pd.DataFrame({"x": [1, 2]}), title="Launches", description="Bars of launches")
        .mark_bar()
        .encode(x="x")
    )
    bundle = alt.renderers.get()(chart.to_dict())
    svg = bundle["image/svg+xml"]
    assert svg.startswith('<svg role="img" aria-label="Launches. Bars of launches"')
    assert "<title>Launches</title><desc>Bars of launches</desc>" in svg
    assert bundle["text/plain"] == "[Chart] Launches. Bars of launches"
    assert alt.theme.active == charts.THEME_NAME


def test_static_svg_is_reproducible():
    pc.setup("static")
    chart = alt.Chart(pd.DataFrame({"x": [1, 2, 3]}), description="d").mark_point().encode(x="x")
    first = alt.renderers.get()(chart.to_dict())["image/svg+xml"]
    second = alt.renderers.get()(chart.to_dict())["image/svg+xml"]
    assert first == second


def test_setup_moves_the_imported_libraries_out_of_the_garbage_collectors_sight():
    import gc

    pc.setup("static")
    assert gc.get_freeze_count() > 10_000  # pandas and Altair alone leave over 100,000 objects


def test_interactive_setup_uses_offline_jupyter_renderer():
    try:
        pc.setup("interactive")
        assert alt.renderers.active == "jupyter"
        assert alt.renderers.options.get("offline") is True
    finally:
        pc.setup("static")


def test_render_mode_comes_from_environment(monkeypatch):
    monkeypatch.setenv("POS_RENDER", "Static ")
    assert pc.render_mode() == "static"
    monkeypatch.setenv("POS_RENDER", "fingerprint")  # the test command's mode (conftest.py)
    assert pc.render_mode() == "fingerprint"
    monkeypatch.setenv("POS_RENDER", "fancy")
    with pytest.raises(pc.CourseError, match="POS_RENDER must be"):
        pc.render_mode()
    monkeypatch.delenv("POS_RENDER")
    assert pc.render_mode() == "interactive"


def test_actor_colours_are_colour_blind_safe_and_distinct():
    main_actors = ["DPRK", "US", "China", "Russia", "ROK", "Japan"]
    colours = [pc.ACTOR_COLORS[a] for a in main_actors]
    assert len(set(colours)) == len(colours)
    assert set(colours) <= OKABE_ITO
    enc = pc.actor_color("country").to_dict()
    assert enc["scale"]["domain"][:2] == ["DPRK", "US"]
    assert enc["scale"]["range"][0] == pc.ACTOR_COLORS["DPRK"]


def test_event_layer_annotates_only_key_events_in_range():
    events = pc.key_events("2019-01-01", "2019-12-31")
    assert len(events) >= 1
    assert events["date"].between(pd.Timestamp("2019-01-01"), pd.Timestamp("2019-12-31")).all()
    assert events["label"].notna().all()
    layer = pc.event_layer("2019-01-01", "2019-12-31").to_dict()
    assert [part["mark"]["type"] for part in layer["layer"]] == ["rule", "text"]
    assert len(pc.event_layer(labels=False).to_dict()["layer"]) == 1


def test_event_layer_labels_fit_on_a_chart():
    labels = pc.key_events()["label"]
    assert labels.str.len().max() <= 22


def test_layered_chart_keeps_its_description():
    pc.setup("static")
    base = (
        alt.Chart(pd.DataFrame({"x": [1, 2]}), title="Layered", description="Points with labels")
        .mark_point()
        .encode(x="x")
    )
    svg = alt.renderers.get()((base + base.mark_text(text="a")).to_dict())["image/svg+xml"]
    assert "<title>Layered</title><desc>Points with labels</desc>" in svg


def test_interactive_setup_works_without_the_static_renderer():
    """The learner install has no vl-convert: pc.setup() in the interactive mode must not need it."""
    import subprocess
    import sys

    code = (
        "import sys, importlib.util as u\n"
        "real = u.find_spec\n"
        "u.find_spec = lambda name, *a: None if name.startswith('vl_convert') else real(name, *a)\n"
        "sys.modules['vl_convert'] = None  # `import vl_convert` now fails, as in the learner install\n"
        "import poscourse as pc\n"
        "pc.setup('interactive')\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "POS_RENDER": "interactive"}
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
