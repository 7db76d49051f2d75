"""The learner's progress: every exercise check records its result in a small file.

    pc.progress()        a table and a chart of the results, by lesson and task

Where the file lives (never among the course's own files):
- POS_PROGRESS_DIR, if set (the tests set it to a temporary folder);
- else the learner's workspace (the folder with .course/record.json above the
  notebook, or POS_WORKSPACE): progress.json at its top;
- else a folder of the user's: %APPDATA%\\poscourse on Windows,
  ~/Library/Application Support/poscourse on macOS, ~/.local/share/poscourse elsewhere.

A missing, unreadable or damaged file never breaks a check: the check says so
in one line, keeps the damaged file beside it, and starts a new one.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

FILE = "progress.json"
FORMAT = 1
KEEP = 5000  # results kept (the newest)
COURSE_ROOT = Path(__file__).resolve().parents[2]
STATUS_LABELS = {"correct": "PASS", "wrong": "TRY AGAIN", "missing": "NOT YET"}
_warned: set[str] = set()


def _say_once(text: str) -> None:
    if text not in _warned:
        _warned.add(text)
        print(f"[progress] {text}", flush=True)


def _workspace() -> Path | None:
    named = os.environ.get("POS_WORKSPACE", "").strip()
    if named and (Path(named) / ".course" / "record.json").exists():
        return Path(named)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".course" / "record.json").exists():
            return folder
    return None


def _user_dir() -> Path:
    if os.name == "nt":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "poscourse"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "poscourse"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "poscourse"


def _inside_course_sources(path: Path) -> bool:
    try:
        relative = path.resolve().relative_to(COURSE_ROOT)
    except ValueError:
        return False
    return not (COURSE_ROOT / relative.parts[0] / ".course" / "record.json").exists() if relative.parts else True


def progress_file() -> Path:
    named = os.environ.get("POS_PROGRESS_DIR", "").strip()
    if named and not _inside_course_sources(Path(named)):
        return Path(named) / FILE
    space = _workspace()
    if space is not None:
        return space / FILE
    return _user_dir() / FILE


def _read(path: Path) -> list[dict]:
    """The recorded results; a damaged file is set aside (never deleted) and a new one started."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(data, dict) and isinstance(data.get("results"), list)):
            raise ValueError("not a progress file")
        return [r for r in data["results"] if isinstance(r, dict) and {"lesson", "task", "status", "time"} <= set(r)]
    except (OSError, UnicodeDecodeError, ValueError) as err:
        kept = path.with_name(f"{path.stem}.unreadable-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        try:
            os.replace(path, kept)
            _say_once(
                f"the progress file {path} could not be read ({type(err).__name__}); it was kept as {kept.name} and a new one started."
            )
        except OSError:
            _say_once(f"the progress file {path} could not be read ({type(err).__name__}); a new one is started.")
        return []


def _write(path: Path, results: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".progress-", dir=path.parent)
    try:
        # One result a line, each encoded by json's fast C encoder (any indent= would switch it off).
        lines = ",\n".join(json.dumps(result) for result in results[-KEEP:])
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f'{{"format": {FORMAT}, "results": [\n{lines}\n]}}\n')
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _lesson_of_caller() -> str | None:
    """The lesson number of the exercise module whose check is running (poscourse.exercises.exNN)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith("poscourse.exercises.ex") and name[-2:].isdigit():
            return name[-2:]
        frame = frame.f_back
    return None


def record(task: str, status: str, lesson: str | None = None) -> None:
    """Append one result. Never raises: a check must work whatever happens to the file."""
    try:
        lesson = lesson or _lesson_of_caller()
        if lesson is None:
            return  # not an exercise check (a unit test building a Feedback, for example)
        path = progress_file()
        results = _read(path)
        results.append(
            {"lesson": lesson, "task": task, "status": status, "time": datetime.now(UTC).isoformat(timespec="seconds")}
        )
        _write(path, results)
    except Exception as err:  # a full disk, a read-only folder ...: say so once, never break the check
        _say_once(f"could not record this result ({type(err).__name__}: {err}); the check itself is unaffected.")


def progress_table():
    """One row per lesson and task: the latest result, the number of attempts, when it last passed."""
    import pandas as pd

    results = _read(progress_file())
    columns = ["lesson", "task", "result", "attempts", "last passed"]
    if not results:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(results).sort_values("time", kind="stable")
    rows = []
    for (lesson, task), group in frame.groupby(["lesson", "task"], sort=True):
        passed = group.loc[group["status"] == "correct", "time"]
        rows.append(
            {
                "lesson": lesson,
                "task": task,
                "result": STATUS_LABELS.get(group["status"].iloc[-1], group["status"].iloc[-1]),
                "attempts": int((group["status"] != "missing").sum()),
                "last passed": passed.iloc[-1] if len(passed) else "",
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    number = table["task"].str.extract(r"(\d+)", expand=False).fillna("0").astype(int)
    return table.assign(_n=number).sort_values(["lesson", "_n"]).drop(columns="_n").reset_index(drop=True)


def progress_chart(table=None):
    """A grid of lessons by tasks, each cell coloured and labelled with its latest result."""
    import altair as alt

    table = progress_table() if table is None else table
    order = list(STATUS_LABELS.values())
    colors = ["#1a7f37", "#b3261e", "#57606a"]
    base = alt.Chart(
        table,
        title="Your progress by lesson and task",
        description="A grid with one row per lesson and one column per task; each cell shows the "
        "latest result of its check: PASS, TRY AGAIN or NOT YET.",
    )
    cells = base.mark_rect(stroke="white").encode(
        x=alt.X("task:N", title="task", sort=alt.SortField("task")),
        y=alt.Y("lesson:N", title="lesson"),
        color=alt.Color("result:N", scale=alt.Scale(domain=order, range=colors), title="latest result"),
        tooltip=["lesson", "task", "result", "attempts", "last passed"],
    )
    words = base.mark_text(color="white", fontSize=9).encode(x="task:N", y="lesson:N", text="result:N")
    return (cells + words).properties(width=alt.Step(70), height=alt.Step(28))


def progress() -> None:
    """Show your progress: a table and a chart by lesson and task."""
    table = progress_table()
    where = progress_file()
    if table.empty:
        print(f"No results recorded yet ({where}). Run the checks in an exercise notebook.")
        return
    try:
        from IPython.display import display
    except ImportError:
        print(table.to_string(index=False))
        return
    passed = int((table["result"] == "PASS").sum())
    print(f"{passed} of {len(table)} tasks passed (recorded in {where})")
    display(table)
    display(progress_chart(table))
