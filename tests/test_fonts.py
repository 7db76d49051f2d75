"""Static charts must come out byte-identical whatever fonts the machine has.

The static renderer measures text with the first face it finds for a font
family, so the course ships its own font under a name no system has
(src/poscourse/fonts) and registers it before the first chart. These tests
render the same charts through the course's static renderer in fresh
processes, once with the system's fonts and once with them hidden, and
compare the SVG byte for byte.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from poscourse import charts
from tools import isolate

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, os, sys
import altair as alt
import pandas as pd
import poscourse as pc

pc.setup("static")
render = alt.renderers.get()  # the course's static renderer

launches = pd.DataFrame({
    "year": [2019, 2019, 2022, 2022, 2025],
    "family": ["Hwasong-11 (KN-23/24)", "Pukguksong-3", "Hwasong-17", "Hwasong-11 (KN-23/24)", "Hwasong-19"],
    "count": [9, 1, 8, 20, 1],
})
legend = alt.Chart(launches).mark_bar().encode(
    x="year:O", y="count:Q", color=alt.Color("family:N", title="Missile family"),
).properties(
    title=alt.Title(
        "A long title that runs on and on across the whole chart, to be measured as one line of text: "
        "Kim Jong Un's answer to every meeting offer in October 2025",
        subtitle="An italic subtitle with a bold title above it", subtitleFontStyle="italic",
        fontWeight="bold",
    ),
    description="Bars per year by missile family.",
)
styled = alt.Chart(launches).mark_text(fontWeight="bold", fontStyle="italic", fontSize=13).encode(
    x="year:O", y="count:Q", text="family:N",
).properties(title="Bold italic labels: Hwasong-11 (KN-23/24)", width=400)
plain = alt.Chart(launches).mark_text(fontStyle="italic").encode(y="family:N", text="family:N")

svgs = [render(chart.to_dict())["image/svg+xml"] for chart in (legend, styled, plain)]
seen = sorted(os.listdir("/usr/share/fonts")) if os.path.isdir("/usr/share/fonts") else []
print(json.dumps({"svgs": svgs, "system_fonts": seen}))
"""


def probe(tmp_path: Path, hide_fonts: bool) -> dict:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    cmd = [sys.executable, str(script)]
    if hide_fonts:
        cmd = [sys.executable, str(ROOT / "tools" / "isolate.py"), "--no-system-fonts", "--", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def first_difference(a: str, b: str) -> str:
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return (
        f"first difference at character {i}:\n  with system fonts: ...{a[max(0, i - 120) : i + 60]}\n"
        f"  fonts hidden:      ...{b[max(0, i - 120) : i + 60]}"
    )


@pytest.mark.skipif(isolate.problem() is not None, reason=f"cannot hide the system fonts: {isolate.problem()}")
def test_charts_are_identical_with_and_without_system_fonts(tmp_path):
    present = probe(tmp_path, hide_fonts=False)
    hidden = probe(tmp_path, hide_fonts=True)
    assert hidden["system_fonts"] == [], "the fonts were not hidden: the comparison would prove nothing"
    legend, styled, _ = present["svgs"]
    assert "Hwasong-11 (KN-23/24)" in legend and 'font-weight="bold"' in legend
    assert 'font-style="italic"' in styled and 'font-weight="bold"' in styled
    for with_fonts, without in zip(present["svgs"], hidden["svgs"], strict=True):
        assert with_fonts == without, first_difference(with_fonts, without)


def test_the_course_font_is_shipped_and_named_first():
    names = sorted(p.name for p in charts.FONT_DIR.iterdir())
    assert names == [
        "CourseSans-Bold.ttf",
        "CourseSans-BoldItalic.ttf",
        "CourseSans-Italic.ttf",
        "CourseSans-Regular.ttf",
        "OFL.txt",
    ]
    assert "SIL OPEN FONT LICENSE Version 1.1" in (charts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    for ttf in charts.FONT_DIR.glob("*.ttf"):
        data = ttf.read_bytes()
        # The family name as stored in the font's name table (UTF-16 for Windows, one byte a
        # character for Mac); never the original, reserved name.
        for encoding in ("utf-16-be", "ascii"):
            assert "Course Sans".encode(encoding) in data, ttf.name
            assert "Liberation Sans".encode(encoding) not in data, ttf.name
    families = [f.strip() for f in charts.FONT.split(",")]
    assert families[0] == "Course Sans"
    assert families[1:] == ["Liberation Sans", "Arial", "Helvetica", "sans-serif"]
