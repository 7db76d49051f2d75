"""Answers out of plain sight: the checks hold salted hashes made from the worked
solutions (`python3 tasks.py answers`), those hashes are up to date with the data
and the solutions, and the learners' zip carries no solution value."""

from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from poscourse import answer_key  # noqa: E402
from tools import answers as answers_tool  # noqa: E402
from tools import bundle  # noqa: E402
from tools import nbtools as notebooks  # noqa: E402

PACKAGE = ROOT / "src" / "poscourse"


def solution_blocks() -> list[tuple[str, str]]:
    """(notebook name, code between the solution markers) for every solution block."""
    blocks = []
    for path in notebooks.solution_notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for block in re.findall(rf"{notebooks.BEGIN}\n(.*?)\n\s*{notebooks.END}", source, re.S):
                blocks.append((path.name, block))
    return blocks


def literal_answers() -> list[tuple[str, object]]:
    """Answers a solution block assigns as a plain literal: `answer1 = "Sep 2025"`, `silence_days = 2437`."""
    found = []
    for name, block in solution_blocks():
        try:
            tree = ast.parse(block)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                value = node.value.value
                if (
                    isinstance(value, str)
                    and len(value.strip()) >= 3
                    or isinstance(value, (int, float))
                    and not isinstance(value, bool)
                ):
                    found.append((name, value))
    return found


def test_hashed_answers_are_up_to_date():
    stored = answers_tool.stored()
    assert stored.get("fingerprint") == answers_tool.fingerprint(), (
        "the data or a solution notebook changed since the answers were hashed: run `python3 tasks.py answers`"
    )


def test_every_key_the_checks_use_has_a_hashed_answer():
    used = set()
    for path in sorted((PACKAGE / "exercises").glob("ex*.py")):
        # every task key written in a check: answer_key.choice/matches("exNN.taskN", ...) or a helper given the key
        used |= set(re.findall(r"[\"'](ex\d\d\.task\d+)[\"']", path.read_text(encoding="utf-8")))
    assert len(used) >= 45
    stored = answers_tool.stored()["answers"]
    assert sorted(used - set(stored)) == [], "run `python3 tasks.py answers`"
    assert all(len(hashes) == 1 for key, hashes in stored.items()), "a solution gives two different answers to one task"


def test_the_stored_file_holds_hashes_only():
    stored = answers_tool.stored()
    for key, hashes in stored["answers"].items():
        assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), key
    assert len(stored["salt"]) >= 16


def test_hashes_compare_the_canonical_form():
    assert answer_key.canonical("  Sep   2025 ") == "sep 2025"
    assert answer_key.canonical(2437.0) == answer_key.canonical(2437) == "2437"
    assert answer_key.canonical([1.0, 2, 0.5]) == "[1,2,0.5]"
    assert answer_key.digest("k", "A b", salt="s") == answer_key.digest("k", " a  B", salt="s")
    assert answer_key.digest("k", "a", salt="s") != answer_key.digest("k", "a", salt="t")
    assert answer_key.digest("k1", "a", salt="s") != answer_key.digest("k2", "a", salt="s")


def test_tables_hash_by_their_canonical_form():
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"b": [2.0, np.nan], "a": ["X ", "y"]}, index=[10, 11])
    same = pd.DataFrame({"a": ["x", "Y"], "b": [2, None]}, index=[10, 11])  # column order, case, int/float, None/NaN
    assert answer_key.canonical(frame) == answer_key.canonical(same) == "table[a,b][(10,x,2),(11,y,nan)]"
    assert answer_key.canonical(frame) != answer_key.canonical(frame.reset_index(drop=True))  # the index counts
    assert answer_key.canonical_frame(frame, index=False) == answer_key.canonical_frame(
        frame.reset_index(drop=True), index=False
    )
    shuffled = frame.iloc[::-1]
    assert answer_key.canonical_frame(shuffled, sort_by=["a"]) == answer_key.canonical_frame(frame, sort_by=["a"])
    assert answer_key.canonical(frame) != answer_key.canonical(shuffled)  # without sort_by, row order counts
    months = pd.Series([1.0, 1 / 3], index=pd.date_range("2025-01-01", periods=2, freq="MS"), name="anything")
    assert answer_key.canonical(months) == "table[][(2025-01-01,1),(2025-02-01,0.333333)]"
    assert answer_key.canonical(months) == answer_key.canonical(months.rename("other") + 1e-12)
    assert answer_key.canonical(months) != answer_key.canonical(months + 1e-3)


def learner_text(name: str) -> str:
    """The learner's copy of an exercise notebook, as text: what every learner sees anyway."""
    return (ROOT / "exercises" / name).read_text(encoding="utf-8").lower()


def leaks(value, name: str, text: str) -> bool:
    """Is the answer written in this code in a way that gives it away?

    An option that the learner's notebook lists is no secret in itself; marking
    it as the right one is (correct="...", or the only option with no message).
    """
    if isinstance(value, str):
        quoted = r"[\"']" + re.escape(value) + r"[\"']"
        if re.search(rf"correct\s*=\s*{quoted}|{quoted}\s*:\s*(\"\"|'')", text, re.I):
            return True
        return value.lower() not in learner_text(name) and re.search(quoted, text, re.I) is not None
    number = re.escape(answer_key.canonical(value))
    return number not in learner_text(name) and re.search(rf"(?<![\w.-]){number}(?![\w.])", text) is not None


def test_literal_answers_are_not_in_the_package():
    literals = literal_answers()
    assert len(literals) >= 5, literals
    code = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    for name, value in literals:
        hits = [str(p.relative_to(ROOT)) for p, text in code.items() if leaks(value, name, text)]
        assert not hits, f"{name}: the answer {value!r} is written in {hits}"


@pytest.fixture(scope="module")
def learner_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert bundle.main(["--out", str(out)]) == 0
    with zipfile.ZipFile(out / bundle.LEARNER) as learner, zipfile.ZipFile(out / bundle.INSTRUCTOR) as instructor:
        yield {n: learner.read(n) for n in learner.namelist()}, instructor.namelist()


def test_learner_zip_leaves_out_solutions_guide_and_tests(learner_zip):
    files, instructor = learner_zip
    names = [n.split("/", 1)[1] for n in files]
    assert not [n for n in names if n.startswith(("exercises/solutions/", "tests/")) or n == "docs/instructor-guide.md"]
    assert "src/poscourse/answers.json" in names and "exercises/05_china_trade_window.ipynb" in names
    assert any("exercises/solutions/" in n for n in instructor) and any(
        n.endswith("docs/instructor-guide.md") for n in instructor
    )


def solution_lines_in(files: dict[str, str]) -> dict[str, list[str]]:
    """Lines of worked-solution code found in the given files, leaving out what the learner is given
    anyway: code a lesson teaches and the scaffolding of the learner's exercise notebooks."""
    lines = {line.strip() for _, block in solution_blocks() for line in block.splitlines()}
    lines = {line for line in lines if len(line) >= 16 and not line.startswith("#")}
    given = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*notebooks.lesson_notebooks(), *(notebooks.learner_path(s) for s in notebooks.solution_notebooks())]
    )
    secret = {line for line in lines if json.dumps(line)[1:-1] not in given and line not in given}
    assert len(secret) >= 30
    found: dict[str, list[str]] = {}
    for name, content in files.items():
        hits = sorted(line for line in secret if line in content)
        if hits:
            found[name] = hits
    return found


def test_no_solution_value_in_the_learner_zip(learner_zip):
    files, _ = learner_zip
    text = {n.split("/", 1)[1]: data.decode("utf-8", errors="replace") for n, data in files.items()}
    # solution code anywhere but the exercise checks (see the next test for those)
    outside = {n: t for n, t in text.items() if not re.fullmatch(r"src/poscourse/exercises/ex\d\d\.py", n)}
    assert solution_lines_in(outside) == {}
    # literal answers, written in code so as to give them away
    code = {n: t for n, t in text.items() if n.endswith(".py")}
    for name, value in literal_answers():
        hits = [n for n, t in code.items() if leaks(value, name, t)]
        assert not hits, f"{name}: the answer {value!r} is written in {hits}"


def test_exercise_checks_do_not_carry_solution_code():
    files = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((PACKAGE / "exercises").glob("ex*.py"))
    }
    assert solution_lines_in(files) == {}


def test_nbgrader_export_marks_answers_tests_and_the_open_question(tmp_path):
    from tools import nbgrader_export

    written = nbgrader_export.export(tmp_path)
    assert [p.name for p in written] == [p.name for p in notebooks.solution_notebooks()]
    for path in written:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        graded = [c for c in cells if c["metadata"]["nbgrader"]["grade"]]
        tests = [c for c in graded if c["cell_type"] == "code"]
        calls = re.findall(r"check\.task(\d+)\(", json.dumps([c["source"] for c in cells]))
        assert len(tests) == len(set(calls)) >= 6, path.name
        assert all(
            "assert feedback.passed" in "".join(c["source"]) and c["metadata"]["nbgrader"]["points"] == 1 for c in tests
        )
        answers = [c for c in cells if c["metadata"]["nbgrader"]["solution"] and c["cell_type"] == "code"]
        assert answers and all(notebooks.BEGIN in "".join(c["source"]) for c in answers)
        open_question = [c for c in graded if c["cell_type"] == "markdown"]
        assert len(open_question) == 1 and open_question[0]["metadata"]["nbgrader"]["solution"]
        ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cells]
        assert len(ids) == len(set(ids)), "nbgrader needs unique grade ids"
        assert all(c.get("outputs", []) == [] for c in cells if c["cell_type"] == "code")
