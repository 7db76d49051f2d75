"""Every chart stored in a lesson or solution notebook carries a title and a text description."""

import re

import nbformat
import pytest

from tools import paths

NOTEBOOKS = paths.lesson_notebooks() + paths.solution_notebooks()


def svg_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            svg = out.get("data", {}).get("image/svg+xml")
            if svg:
                yield svg if isinstance(svg, str) else "".join(svg)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_has_a_description(path):
    charts = list(svg_outputs(path))
    if path.parent.name == "notebooks":
        assert len(charts) >= 2, f"{path.name}: a lesson needs at least two charts"
    for i, svg in enumerate(charts):
        desc = re.search(r"<desc>(.*?)</desc>", svg[:5000], re.S)
        title = re.search(r"<title>(.*?)</title>", svg[:5000], re.S)
        assert desc and len(desc.group(1).strip()) >= 20, (
            f"{path.name}: chart {i + 1} has no description= (text for screen readers)"
        )
        assert title and title.group(1).strip(), f"{path.name}: chart {i + 1} has no title"
