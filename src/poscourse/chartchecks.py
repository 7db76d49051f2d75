"""What the exercise checks read in a learner's Altair chart: the one home of these rules.

Two kinds of helpers:

- readers, which take a chart (or its specification) and return what is in it:
  `spec_of`, `chart_spec`, `unit_specs`, `mark_type`, `find_unit`,
  `chart_params`, `chart_frames`;
- steps for `run_check`, which return None when the chart passes or a message
  for the learner: `is_chart`, `chart_mark`, `chart_encodes`,
  `chart_has_tooltip`, `chart_has_title`, `chart_has_description`,
  `legend_selection`, `selection_in_use`, and the factories `has_title`,
  `has_description` and `has_event_layer`, which take the exercise's own words.

"The chart has the event layer" means one thing in every exercise: the chart is
layered, and one of its parts draws rules on a date (temporal) x axis, as
`pc.event_layer(...)` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import altair as alt
import pandas as pd

from .charts import spec_property
from .checks import Step

COMPOUND = ("layer", "vconcat", "hconcat", "concat")


# --- readers -----------------------------------------------------------------------


def spec_of(chart) -> dict:
    """The chart's Vega-Lite specification as a dict (not validated: a learner's chart may be odd)."""
    return chart.to_dict(validate=False)


def chart_spec(answer) -> dict:
    """The chart's specification; for a layered chart, its main layer: the first one with a y
    channel that is not a fixed value. The course's helper layers (pc.event_layer, pc.period_band)
    have none, so they are skipped wherever the learner puts them."""
    spec = spec_of(answer)
    if not spec.get("layer"):
        return spec
    units = [u for u in unit_specs(spec) if u is not spec]
    for unit in units:
        y = (unit.get("encoding") or {}).get("y")
        if isinstance(y, dict) and "value" not in y:
            return unit
    return units[0] if units else spec


def unit_specs(spec: dict) -> Iterator[dict]:
    """Every single view (a spec with a mark) inside a specification, depth first, in layer order."""
    if "mark" in spec:
        yield spec
    for key in COMPOUND:
        for part in spec.get(key) or []:
            yield from unit_specs(part)
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        yield from unit_specs(spec["spec"])


def mark_type(spec: dict) -> str:
    """The mark of a single view: "line", "rule", ... (mark_line(point=True) is still "line")."""
    mark = spec.get("mark")
    return str(mark.get("type") if isinstance(mark, dict) else mark)


def find_unit(answer, *marks: str) -> dict | None:
    """The first single view of the chart whose mark is one of `marks`, or None."""
    for spec in unit_specs(spec_of(answer)):
        if mark_type(spec) in marks:
            return spec
    return None


def chart_params(spec) -> list[dict]:
    """Every parameter (selection or variable) anywhere in a chart specification."""
    found = []
    if isinstance(spec, dict):
        found.extend(p for p in spec.get("params", []) or [] if isinstance(p, dict))
        for value in spec.values():
            found.extend(chart_params(value))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(chart_params(item))
    return found


def chart_frames(chart) -> list[pd.DataFrame]:
    """The DataFrames a chart and its parts were built from, in layer order."""
    frames = []
    data = getattr(chart, "data", alt.Undefined)
    if isinstance(data, pd.DataFrame):
        frames.append(data)
    for key in COMPOUND:
        parts = getattr(chart, key, None)
        if isinstance(parts, list):
            for part in parts:
                frames.extend(chart_frames(part))
    return frames


# --- steps ---------------------------------------------------------------------------


def is_chart(answer: Any) -> str | None:
    if not isinstance(answer, alt.TopLevelMixin):
        return f"expected an Altair chart (alt.Chart(...)), got a {type(answer).__name__}."
    return None


def chart_mark(*marks: str) -> Step:
    """The chart (its first layer) uses one of `marks`."""

    def step(answer):
        problem = is_chart(answer)
        if problem:
            return problem
        mark = mark_type(chart_spec(answer))
        if mark not in marks:
            return f"the chart uses mark_{mark}(); this task needs mark_{' or mark_'.join(marks)}()."
        return None

    return step


def chart_encodes(channel: str, field: str | None = None, type_: str | None = None) -> Step:
    """The chart encodes `channel` (x, y, color, ...) with the given field and type."""
    types = {"Q": "quantitative", "T": "temporal", "N": "nominal", "O": "ordinal"}

    def step(answer):
        problem = is_chart(answer)
        if problem:
            return problem
        enc = chart_spec(answer).get("encoding", {}).get(channel)
        if not enc:
            return f"the chart has no {channel} encoding."
        if field is not None and enc.get("field") != field and enc.get("aggregate") != field:
            return f"the {channel} channel shows {enc.get('field')!r}; this task needs {field!r} there."
        if type_ is not None and enc.get("type") != types.get(type_, type_):
            return f"the {channel} channel has type {enc.get('type')!r}; this task needs {types.get(type_, type_)!r}."
        return None

    return step


def chart_has_tooltip(answer) -> str | None:
    enc = chart_spec(answer).get("encoding", {})
    if "tooltip" not in enc:
        return "the chart has no tooltip: add tooltip=[...] to encode()."
    return None


def has_title(message: str = "the chart needs a title that says what it shows.") -> Step:
    """The chart (or the first part of a layered or concatenated chart) has a title."""

    def step(answer):
        return None if spec_property(spec_of(answer), "title") else message

    return step


def has_description(
    message: str = (
        'the chart needs a description for screen readers: alt.Chart(data, description="...") '
        "with a sentence of at least 20 characters."
    ),
) -> Step:
    """The chart carries a text description for screen readers (a sentence, 20 characters at least)."""

    def step(answer):
        description = spec_property(spec_of(answer), "description")
        return None if len(str(description or "").strip()) >= 20 else message

    return step


chart_has_title = has_title()
chart_has_description = has_description()


def has_event_layer(message: str, not_layered: str | None = None) -> Step:
    """The chart is layered and one of its parts draws rules on a date x axis (pc.event_layer).

    `message` says what to do when the event layer is missing; `not_layered`, if
    given, is said instead when the chart is not layered at all.
    """

    def step(answer):
        spec = spec_of(answer)
        if not_layered and not spec.get("layer"):
            return not_layered
        for unit in unit_specs(spec) if spec.get("layer") else ():
            x = unit.get("encoding", {}).get("x", {})
            if mark_type(unit) == "rule" and isinstance(x, dict) and x.get("type") == "temporal":
                return None
        return message

    return step


def legend_selection(field: str) -> Step:
    """The chart has a selection bound to its legend."""

    def step(answer):
        if not any(p.get("bind") == "legend" for p in chart_params(spec_of(answer))):
            return (
                f'the legend is not clickable: add pick = alt.selection_point(fields=["{field}"], '
                'bind="legend") with .add_params(pick).'
            )
        return None

    return step


def selection_in_use(answer) -> str | None:
    """Some channel of the chart depends on a selection (alt.condition)."""
    encoding = chart_spec(answer).get("encoding", {})
    if not any(isinstance(enc, dict) and "condition" in enc for enc in encoding.values()):
        return (
            "the selection does nothing yet: make the opacity depend on it, "
            "e.g. opacity=alt.condition(pick, alt.value(1), alt.value(0.2))."
        )
    return None
