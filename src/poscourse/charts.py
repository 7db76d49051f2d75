"""The course's Altair theme, its colours, the renderer switch and the shared event layer.

Colours come from the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Each actor keeps one colour in every lesson.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import altair as alt
import pandas as pd

from .data import CourseError, load

#: One colour per actor, the same in every lesson (Okabe-Ito palette).
ACTOR_COLORS = {
    "DPRK": "#D55E00",  # vermillion
    "US": "#0072B2",  # blue
    "China": "#E69F00",  # orange
    "Russia": "#009E73",  # bluish green
    "ROK": "#56B4E9",  # sky blue
    "Japan": "#CC79A7",  # reddish purple
    "UN": "#7F7F7F",  # grey
    "Belarus": "#F0E442",  # yellow
    "Other": "#000000",
}

#: A general categorical palette (Okabe-Ito, black last).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: Colours for the verdict scale used across the course.
VERDICT_COLORS = {
    "supported": "#009E73",
    "partly supported": "#56B4E9",
    "contradicted": "#D55E00",
    "not testable with these data": "#999999",
    "overtaken by events": "#CC79A7",
}

THEME_NAME = "position_of_strength"
#: The course's own copy of Liberation Sans 2.1.5, renamed "Course Sans" (OFL, see fonts/OFL.txt).
#: The static renderer measures text with the first face it finds for a family; no system
#: has this name, so SVG charts come out the same on every machine. Browsers, which do not
#: have it, fall back to the metric-compatible fonts after it.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "Course Sans, Liberation Sans, Arial, Helvetica, sans-serif"


def actor_color(field: str = "actor", title: str | None = None, legend: bool = True) -> alt.Color:
    """A colour encoding that gives each actor its course colour."""
    return alt.Color(
        f"{field}:N",
        title=title or field.replace("_", " ").capitalize(),
        scale=alt.Scale(domain=list(ACTOR_COLORS), range=list(ACTOR_COLORS.values())),
        legend=alt.Legend() if legend else None,
    )


def verdict_color(field: str = "verdict") -> alt.Color:
    """A colour encoding for the verdict scale."""
    return alt.Color(
        f"{field}:N",
        title="Verdict",
        scale=alt.Scale(domain=list(VERDICT_COLORS), range=list(VERDICT_COLORS.values())),
    )


@alt.theme.register(THEME_NAME, enable=False)
def theme() -> alt.theme.ThemeConfig:
    """The course theme: readable fonts, light grid, colour-blind-safe colours."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555555", "subtitleFontSize": 12},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6", "domainColor": "#888888"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
            "range": {"category": PALETTE},
            "mark": {"color": PALETTE[0]},
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
            "point": {"color": PALETTE[0], "filled": True},
        }
    }


# --- renderers ---------------------------------------------------------------

RENDER_ENV = "POS_RENDER"
STATIC, INTERACTIVE = "static", "interactive"


_fonts_registered = False


def register_fonts() -> None:
    """Give the static renderer the course's font (once per process)."""
    global _fonts_registered
    if not _fonts_registered:
        import vl_convert as vlc

        vlc.register_font_directory(str(FONT_DIR))
        _fonts_registered = True


_renderer_started = False


def _start_static_renderer() -> None:
    """Start the static renderer's JavaScript engine in the background (about 0.5 s of CPU once
    per process), so that a notebook's first chart does not wait for it."""
    global _renderer_started
    if _renderer_started:
        return
    _renderer_started = True
    import threading

    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    def warm_up() -> None:
        try:
            vlc.vegalite_to_svg({"mark": "point"}, vl_version=vl_version_for_vl_convert())
        except Exception:  # the first real chart reports any problem itself
            pass

    threading.Thread(target=warm_up, name="static-renderer-warm-up", daemon=True).start()


def _static_svg(spec: dict, **kwargs) -> dict:
    """Render a chart to SVG with vl-convert, adding a title and description for screen readers."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    register_fonts()
    svg = vlc.vegalite_to_svg(spec, vl_version=vl_version_for_vl_convert())
    title = spec_property(spec, "title") or ""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    description = spec_property(spec, "description") or ""
    label = html.escape(". ".join(p for p in (str(title), description) if p), quote=True)
    start = svg.index("<svg") + len("<svg")
    open_end = svg.index(">", start) + 1
    inner = f"<title>{html.escape(str(title))}</title>"
    if description:
        inner += f"<desc>{html.escape(description)}</desc>"
    svg = svg[:start] + f' role="img" aria-label="{label}"' + svg[start:open_end] + inner + svg[open_end:]
    return {"image/svg+xml": svg, "text/plain": f"[Chart] {html.unescape(label)}"}


def spec_property(spec: dict, key: str):
    """A top-level property, or the first one found in a layered or concatenated chart's parts."""
    if spec.get(key):
        return spec[key]
    for compound in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(compound, []):
            found = spec_property(part, key)
            if found:
                return found
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        return spec_property(spec["spec"], key)
    return None


alt.renderers.register("course_static", _static_svg)


def render_mode() -> str:
    mode = os.environ.get(RENDER_ENV, INTERACTIVE).strip().lower()
    if mode not in (STATIC, INTERACTIVE):
        raise CourseError(f"{RENDER_ENV} must be {STATIC!r} or {INTERACTIVE!r}, not {mode!r}.")
    return mode


def setup(mode: str | None = None) -> None:
    """Enable the course theme and pick the chart renderer.

    interactive (the default): charts are live widgets in JupyterLab, with
    tooltips and selections, using JavaScript bundled with the packages, so
    they work with no network.
    static: charts become SVG images, which show on GitHub, in exported
    HTML and in stored outputs. The project's commands set POS_RENDER=static.
    """
    mode = mode or render_mode()
    alt.theme.enable(THEME_NAME)
    register_fonts()  # also for chart.save("x.svg" or "x.png") in either mode
    if mode == STATIC:
        alt.renderers.enable("course_static")
        _start_static_renderer()
    else:
        # SVG rather than canvas, so screen readers get the chart's description.
        alt.renderers.enable("jupyter", offline=True, embed_options={"renderer": "svg"})


# --- shared layers -------------------------------------------------------------

def key_events(start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """The key events that annotate the course's time axes (events.key_event is true)."""
    events = load("events")
    events = events[events["key_event"].fillna(False).astype(bool)]
    if start is not None:
        events = events[events["date"] >= pd.Timestamp(start)]
    if end is not None:
        events = events[events["date"] <= pd.Timestamp(end)]
    return events[["date", "label", "title", "category", "actors"]].reset_index(drop=True)


def event_layer(start: str | None = None, end: str | None = None, labels: bool = True) -> alt.LayerChart:
    """Vertical rules with short labels for the key events between start and end.

    Layer it over any chart whose x axis is a date:
        alt.layer(my_chart, event_layer("2018-01-01", "2025-12-31"))
    Labels of events a few days apart overlap: pass labels=False and label
    the events that matter to the chart with a text layer of your own.
    """
    events = key_events(start, end)
    base = alt.Chart(events).encode(
        x=alt.X("date:T"),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("title:N", title="Event"),
            alt.Tooltip("actors:N", title="Actors"),
        ],
    )
    rules = base.mark_rule(color="#555555", strokeDash=[3, 3], strokeWidth=1, opacity=0.8)
    if not labels:
        return alt.layer(rules)
    text = base.mark_text(
        angle=270, align="right", baseline="bottom", dx=-4, dy=-2, fontSize=9, color="#444444"
    ).encode(y=alt.value(0), text="label:N")
    return alt.layer(rules, text)
