"""Helpers for the Position of Strength course.

Only what every notebook repeats lives here; the analysis stays in the notebooks.

    import poscourse as pc
    pc.setup()                      # theme + renderer (interactive or static)
    launches = pc.load("missile_launches")
    pc.names()                      # every dataset's name
    pc.describe("missile_launches") # its codebook as a table
    pc.progress()                   # your exercise results by lesson and task
"""

from .charts import (
    ACTOR_COLORS,
    ARTICLE_COLORS,
    CATEGORY_PALETTE,
    NEUTRAL,
    NEUTRAL_COLORS,
    PALETTE,
    VERDICT_COLORS,
    actor_color,
    category_color,
    date_tooltip,
    event_layer,
    key_events,
    month_tooltip,
    period_band,
    render_mode,
    setup,
    thin_labels,
    verdict_color,
)
from .data import CourseError, DataError, as_of, date_text, describe, evidence_quality, load, names, resource
from .tracking import progress

__all__ = [
    "as_of",
    "date_text",
    "evidence_quality",
    "ACTOR_COLORS",
    "ARTICLE_COLORS",
    "CATEGORY_PALETTE",
    "NEUTRAL",
    "NEUTRAL_COLORS",
    "PALETTE",
    "VERDICT_COLORS",
    "CourseError",
    "DataError",
    "actor_color",
    "category_color",
    "date_tooltip",
    "describe",
    "event_layer",
    "key_events",
    "load",
    "month_tooltip",
    "names",
    "period_band",
    "progress",
    "render_mode",
    "resource",
    "setup",
    "thin_labels",
    "verdict_color",
]
