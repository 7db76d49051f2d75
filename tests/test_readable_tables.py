"""No stored table in a lesson or solution cuts text with an ellipsis.

pandas cuts a cell longer than display.max_colwidth to '...' and hides columns
beyond display.max_columns; pc.setup() turns both off. This test reads the
stored outputs, so it bites on notebooks whose outputs have been generated.
"""

import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises" / "solutions").glob("*.ipynb"))
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
CUT_IN_TEXT = re.compile(r"\S(\.\.\.|…)(\s|$)")


def cut_cells(notebook: dict) -> list[str]:
    """Table cells cut by pandas, as 'cell N: text', from a notebook's stored outputs."""
    found = []
    for number, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            table = "".join(data.get("text/html", []))
            if "<table" in table:
                for raw in CELL.findall(table):
                    text = html.unescape(re.sub(r"<[^>]+>", "", raw)).strip()
                    if len(text) > 3 and text.endswith(("...", "…")):
                        found.append(f"cell {number}: {text[-60:]}")
            elif "dtype:" in "".join(data.get("text/plain", [])):
                for line in "".join(data["text/plain"]).splitlines():
                    if CUT_IN_TEXT.search(line):
                        found.append(f"cell {number}: {line.strip()[-60:]}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_stored_table_cuts_text(path):
    cut = cut_cells(json.loads(path.read_text(encoding="utf-8")))
    assert not cut, f"{path.name}: table cells cut with an ellipsis (pc.setup() sets display.max_colwidth): {cut[:5]}"


def test_the_check_finds_a_cut_cell():
    notebook = {
        "cells": [
            {
                "outputs": [
                    {
                        "data": {
                            "text/html": [
                                "<table><tr><td>Kim Yo Jong says the Kim-Trump relation...</td><td>...</td></tr></table>"
                            ]
                        }
                    }
                ]
            }
        ]
    }
    assert cut_cells(notebook) == ["cell 0: Kim Yo Jong says the Kim-Trump relation..."]
    series = {
        "cells": [
            {
                "outputs": [
                    {
                        "data": {
                            "text/plain": [
                                "0    In a speech to the Supreme People's Assem...\n",
                                "Name: title, dtype: object",
                            ]
                        }
                    }
                ]
            }
        ]
    }
    assert len(cut_cells(series)) == 1
