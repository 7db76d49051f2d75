"""The course's Altair theme, colours by meaning, the renderer switch and the chart parts lessons share.

Colours come from the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Each actor keeps one colour in every lesson.
"""

from __future__ import annotations

import gc
import html
import importlib.util
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

#: The Okabe-Ito palette, black last. Its colours are the actors' colours: colour
#: actors with actor_color, other categories with category_color, one series with NEUTRAL.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: Colours for the verdict scale used across the course.
VERDICT_COLORS = {
    "supported": "#009E73",
    "partly supported": "#56B4E9",
    "contradicted": "#D55E00",
    "not testable with these data": "#999999",
    "overtaken by events": "#CC79A7",
}

#: Colours for series that are about no single actor (totals, counts, shares).
#: The actors' colours stay reserved for the actors: blue always means the US.
NEUTRAL_COLORS = {
    "series": "#4D4D4D",  # one series on its own: the default mark colour
    "comparison": "#999999",  # a second series, "other" or "unknown"
    "context": "#CCCCCC",  # background: ranges, shaded periods
}
NEUTRAL = NEUTRAL_COLORS["series"]

#: Categories that are not actors (kinds of test, sectors, publishers): Paul Tol's
#: colour-blind-safe "muted" scheme; pale sand and the green close to Russia's come last.
CATEGORY_PALETTE = ["#332288", "#CC6677", "#999933", "#882255", "#44AA99", "#AA4499", "#DDCC77", "#117733"]

#: One colour per article, the same wherever the two articles are compared.
ARTICLE_COLORS = {
    "afp_ndtv": "#332288",  # indigo
    "art_of_blind_deal": "#CC6677",  # rose
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
            "range": {"category": CATEGORY_PALETTE},
            "mark": {"color": NEUTRAL},
            "bar": {"color": NEUTRAL},
            "line": {"color": NEUTRAL, "strokeWidth": 2},
            "point": {"color": NEUTRAL, "filled": True},
        }
    }


# --- renderers ---------------------------------------------------------------

RENDER_ENV = "POS_RENDER"
STATIC, INTERACTIVE, FINGERPRINT = "static", "interactive", "fingerprint"


_fonts_registered = False


def register_fonts() -> None:
    """Give the static renderer the course's font (once per process). Without vl-convert (the
    learner install) there is no static renderer, and nothing to do."""
    global _fonts_registered
    if not _fonts_registered:
        if importlib.util.find_spec("vl_convert") is None:
            return
        import vl_convert as vlc

        vlc.register_font_directory(str(FONT_DIR))
        _fonts_registered = True


def _labels(spec: dict) -> tuple[str, str]:
    """The chart's title and description, for screen readers and the plain-text output."""
    title = spec_property(spec, "title") or ""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title), spec_property(spec, "description") or ""


#: The stored chart outputs carry, beside the SVG, what the SVG was drawn from (see chart_fingerprint).
#: Viewers that do not know this type (JupyterLab, GitHub, the site) show the SVG.
FINGERPRINT_MIME = "application/vnd.position-of-strength.chart+json"

_font_digest = None


def chart_fingerprint(spec: dict) -> dict:
    """What a static chart is drawn from: a digest of its Vega-Lite spec (data included), the
    renderer's versions and a digest of the course's font. The same fingerprint gives the same SVG
    (tests/test_fonts.py and tasks.py offline-test check that), so the test command compares
    fingerprints and does not draw every chart again; a chart whose data, encoding, renderer or
    font changed gets a new one."""
    import hashlib
    import json
    from importlib.metadata import version

    from altair.utils._importers import vl_version_for_vl_convert

    global _font_digest
    if _font_digest is None:
        digest = hashlib.sha256()
        for font in sorted(FONT_DIR.glob("*.ttf")):
            digest.update(font.name.encode() + font.read_bytes())
        _font_digest = digest.hexdigest()
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {
        "spec_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "renderer": f"vl-convert-python {version('vl-convert-python')}, Vega-Lite {vl_version_for_vl_convert()}",
        "font_sha256": _font_digest,
    }


def _plain_text(title: str, description: str) -> str:
    return "[Chart] " + ". ".join(p for p in (title, description) if p)


def _static_svg(spec: dict, **kwargs) -> dict:
    """Render a chart to SVG with vl-convert, adding a title and description for screen readers,
    and its fingerprint beside it."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    register_fonts()
    svg = vlc.vegalite_to_svg(spec, vl_version=vl_version_for_vl_convert())
    title, description = _labels(spec)
    label = html.escape(". ".join(p for p in (title, description) if p), quote=True)
    start = svg.index("<svg") + len("<svg")
    open_end = svg.index(">", start) + 1
    inner = f"<title>{html.escape(title)}</title>"
    if description:
        inner += f"<desc>{html.escape(description)}</desc>"
    svg = svg[:start] + f' role="img" aria-label="{label}"' + svg[start:open_end] + inner + svg[open_end:]
    return {
        "image/svg+xml": svg,
        FINGERPRINT_MIME: chart_fingerprint(spec),
        "text/plain": _plain_text(title, description),
    }


def _fingerprint_only(spec: dict, **kwargs) -> dict:
    """The fingerprint mode (the test command): a chart's fingerprint and text, no SVG drawn."""
    return {FINGERPRINT_MIME: chart_fingerprint(spec), "text/plain": _plain_text(*_labels(spec))}


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
alt.renderers.register("course_fingerprint", _fingerprint_only)


def render_mode() -> str:
    mode = os.environ.get(RENDER_ENV, INTERACTIVE).strip().lower()
    if mode not in (STATIC, INTERACTIVE, FINGERPRINT):
        raise CourseError(
            f"{RENDER_ENV} must be {STATIC!r} or {INTERACTIVE!r} ({FINGERPRINT!r} is for the test command), not {mode!r}."
        )
    return mode


def setup(mode: str | None = None) -> None:
    """Enable the course theme and pick the chart renderer.

    interactive (the default): charts are live widgets in JupyterLab, with
    tooltips and selections, using JavaScript bundled with the packages, so
    they work with no network.
    static: charts become SVG images, which show on GitHub, in exported
    HTML and in stored outputs. The project's commands set POS_RENDER=static.
    fingerprint: the test command's mode; each chart gives only its
    fingerprint (chart_fingerprint), which is stored beside its SVG.
    """
    mode = mode or render_mode()
    alt.theme.enable(THEME_NAME)
    # Tables show their text in full: no cell cut to "..." and no columns hidden.
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.width", None)
    if mode in (STATIC, FINGERPRINT) and importlib.util.find_spec("vl_convert") is None:
        # vl-convert is imported only here, lazily: the learner install leaves it out.
        raise CourseError(
            "static charts need the package vl-convert-python, which the learner install leaves out. "
            "Use the interactive charts (pc.setup() with POS_RENDER unset), or install the maintainers' "
            "set: python3 tasks.py env"
        )
    register_fonts()  # also for chart.save("x.svg" or "x.png") in either mode
    _freeze_imports()
    if mode == STATIC:
        alt.renderers.enable("course_static")
    elif mode == FINGERPRINT:
        alt.renderers.enable("course_fingerprint")
    else:
        _use_stored_chart_bundle()
        # SVG rather than canvas, so screen readers get the chart's description.
        alt.renderers.enable("jupyter", offline=True, embed_options={"renderer": "svg"})


_frozen = False


def _freeze_imports() -> None:
    """Once per process, move the objects alive now (pandas, Altair and its schema classes: some
    130,000) out of the garbage collector's sight. They stay for the whole session, and each full
    collection, the one at the kernel's exit included, would walk them all again (the figures are in
    docs/benchmark.md). Objects made later are collected as usual."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


def _use_stored_chart_bundle() -> None:
    """Give Altair's offline widget the stored JavaScript bundle (src/poscourse/vendor/), if it fits
    the installed Altair: then vl-convert, which would otherwise make it, is not needed."""
    import json
    from pathlib import Path

    if alt.JupyterChart._is_offline:
        return
    vendor = Path(__file__).resolve().parent / "vendor"
    try:
        meta = json.loads((vendor / "jupyterchart-offline.json").read_text())
        fits = meta.get("altair") == alt.__version__
        source = (vendor / "jupyterchart-offline.js").read_text(encoding="utf-8") if fits else None
    except (OSError, ValueError):
        source = None
    if source:
        alt.JupyterChart._esm = source
        alt.JupyterChart._is_offline = True
    elif importlib.util.find_spec("vl_convert") is None:
        raise CourseError(
            f"the stored chart bundle does not fit Altair {alt.__version__} and vl-convert-python is not installed: "
            "rebuild the environment with the course's pins (python3 tasks.py env --learner)."
        )


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


# --- chart parts that lessons repeat ------------------------------------------

#: Height of one vertical event label, in pixels, with a little air.
LABEL_PX = 14


def category_color(field: str, domain: list, title: str | None = None, legend: bool | alt.Legend = True) -> alt.Color:
    """A colour encoding for categories that are not actors, in the order of domain.

    legend: True (the default legend), False (none) or an alt.Legend(...).
    """
    if len(domain) > len(CATEGORY_PALETTE):
        raise CourseError(
            f"category_color has {len(CATEGORY_PALETTE)} colours; {field!r} has {len(domain)} categories."
        )
    return alt.Color(
        f"{field}:N",
        title=title,
        sort=list(domain),
        scale=alt.Scale(domain=list(domain), range=CATEGORY_PALETTE[: len(domain)]),
        legend=legend if isinstance(legend, alt.Legend) else (alt.Legend() if legend else None),
    )


def month_tooltip(field: str = "month", title: str = "Month") -> alt.Tooltip:
    """A tooltip that shows a date as its month, such as "Oct 2025"."""
    return alt.Tooltip(f"{field}:T", title=title, format="%b %Y")


def date_tooltip(field: str = "date", title: str = "Date") -> alt.Tooltip:
    """A tooltip that shows a date as a day, such as "30 Oct 2025"."""
    return alt.Tooltip(f"{field}:T", title=title, format="%d %b %Y")


def label_gap_days(start, end, width: int = 560) -> float:
    """How many days one vertical label covers on a date axis from start to end, width pixels wide."""
    span = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return max(span, 1) * LABEL_PX / width


def thin_labels(events: pd.DataFrame, min_days: float, order: list[str] | None = None) -> pd.DataFrame:
    """The events whose labels keep at least min_days between them.

    Events are taken in date order (or in the order of `order`, a list of
    labels, most important first); an event is kept when it is at least
    min_days from every event kept before it. The result is in date order.
    """
    candidates = events.sort_values(["date", "label"], kind="stable")
    if order is not None:
        rank = {label: i for i, label in enumerate(order)}
        candidates = candidates.assign(_rank=candidates["label"].map(rank)).sort_values(
            ["_rank", "date"], kind="stable"
        )
    kept: list[pd.Timestamp] = []
    keep = []
    for index, date in candidates["date"].items():
        if all(abs((date - other).days) >= min_days for other in kept):
            kept.append(date)
            keep.append(index)
    return events.loc[keep].sort_values(["date", "label"], kind="stable").reset_index(drop=True)


def _chosen_events(events: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The events whose label is one of names; an unknown name gets a clear message."""
    unknown = [n for n in names if n not in set(events["label"])]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(events["label"]), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else " See pc.key_events() for the labels."
        raise CourseError(f"event_layer: no key event labelled {unknown[0]!r} in this date range.{hint}")
    return events[events["label"].isin(names)]


def event_layer(
    start: str | None = None,
    end: str | None = None,
    labels: bool | list[str] = True,
    min_days: float | None = None,
    width: int = 560,
) -> alt.LayerChart:
    """Dashed rules, with short labels, for the key events between start and end.

    Layer it over any chart whose x axis is a date:
        alt.layer(my_chart, pc.event_layer("2018-01-01", "2025-12-31"))
    labels=True labels every event, False none, and a list of labels (names
    from pc.key_events()["label"]) only those. Labels closer than min_days
    apart are thinned (see thin_labels): by default min_days is the room one
    label takes on a chart `width` pixels wide from start to end. Every event
    keeps its rule and its tooltip, labelled or not.
    """
    events = key_events(start, end)
    rules = (
        alt.Chart(events)
        .mark_rule(color="#555555", strokeDash=[3, 3], strokeWidth=1, opacity=0.8)
        .encode(
            x=alt.X("date:T"),
            tooltip=[date_tooltip(), alt.Tooltip("title:N", title="Event"), alt.Tooltip("actors:N", title="Actors")],
        )
    )
    if labels is False or events.empty:
        return alt.layer(rules)
    order = None
    if labels is not True:
        order = list(labels)
        events = _chosen_events(events, order)
    if min_days is None:
        min_days = label_gap_days(start or events["date"].min(), end or events["date"].max(), width)
    shown = thin_labels(events, min_days, order)
    text = (
        alt.Chart(shown)
        .mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-2, fontSize=9, color="#444444")
        .encode(x=alt.X("date:T"), y=alt.value(0), text="label:N")
    )
    return alt.layer(rules, text)


def period_band(
    start, end, label: str = "", color: str = NEUTRAL_COLORS["context"], opacity: float = 0.4
) -> alt.LayerChart:
    """A shaded period from start to end across the whole height of a date axis, labelled at its top left.

        alt.layer(pc.period_band("2020-01-01", "2023-08-31", "Border closed"), my_line)
    Put the band first, so the data are drawn over it.
    """
    period = pd.DataFrame({"start": [pd.Timestamp(start)], "end": [pd.Timestamp(end)], "label": [label]})
    if period["end"].iloc[0] < period["start"].iloc[0]:
        raise CourseError(f"period_band: the end {end} is before the start {start}.")
    base = alt.Chart(period)
    band = base.mark_rect(color=color, opacity=opacity).encode(
        x=alt.X("start:T"),
        x2="end:T",
        tooltip=[alt.Tooltip("label:N", title="Period"), date_tooltip("start", "From"), date_tooltip("end", "To")],
    )
    if not label:
        return alt.layer(band)
    text = base.mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=10, color="#333333").encode(
        x="start:T", y=alt.value(0), text="label:N"
    )
    return alt.layer(band, text)
