"""Grade a folder of learners' exercise notebooks with the course's checks.

    python3 tasks.py grade SUBMISSIONS --out DIR [--timeout 120] [--memory 2048]
                           [--jobs 2] [--unsafe-no-sandbox]

SUBMISSIONS holds either one folder per learner (alice/05_china_trade_window.ipynb)
or files named <learner>_<NN>*.ipynb (alice_05.ipynb). Every notebook runs in
a fresh Python process inside a sandbox (bubblewrap: no network, a private
temporary folder as the only writable place, nothing of the machine visible
but Python, the course's package and its data), with a time and a memory limit.

Writes DIR/gradebook.csv (learner, lesson, task, passed, message),
DIR/gradebook_wide.csv (one row per learner), DIR/feedback/<learner>.html and
DIR/summary.html (pass rate per task). DIR/.grade-cache.json remembers each
submission's content hash, so a second run re-runs only what changed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DATA = ROOT / "data"
RUNNER = Path(__file__).resolve().with_name("grade_runner.py")
NOTEBOOK_ROW = "notebook"  # the task name of rows about the whole notebook
CACHE = ".grade-cache.json"
STARTUP = 120  # seconds allowed for loading Python and the course's packages, before the time limit starts
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MISSING_PROTECTIONS = [
    "no network isolation: a notebook could reach the internet or your local network",
    "no file-system isolation: a notebook could read, change or delete any file your account can",
    "no process isolation: a notebook could start programs that outlive the grading",
]


@dataclass
class Submission:
    learner: str
    lesson: str  # "05", or "" when the file name does not say
    path: Path
    problem: str = ""  # set when the submission cannot be graded at all


@dataclass
class Result:
    submission: Submission
    rows: list[dict] = field(default_factory=list)
    summary: str = ""
    cached: bool = False


# --- finding submissions -----------------------------------------------------------------


def find_submissions(folder: Path) -> list[Submission]:
    """Both layouts: one folder per learner, or <learner>_<NN>*.ipynb files."""
    found: list[Submission] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_symlink() and entry.suffix != ".ipynb":
            found.append(
                Submission(
                    entry.name,
                    "",
                    entry,
                    "not graded: a symbolic link, not a notebook file (links are never followed).",
                )
            )
        elif entry.is_dir() and not entry.is_symlink():
            for path in sorted(entry.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in path.parts:
                    continue
                match = re.match(r"(\d\d)", path.name) or re.search(r"_(\d\d)(?=[_.\s-])", path.name)
                found.append(Submission(entry.name, match.group(1) if match else "", path))
        elif entry.suffix == ".ipynb":
            match = re.fullmatch(r"(.+?)_(\d\d)(?:[_ .-].*)?\.ipynb", entry.name)
            if match:
                found.append(Submission(match.group(1), match.group(2), entry))
            else:
                found.append(
                    Submission(
                        entry.stem,
                        "",
                        entry,
                        "not graded: the file name should be <learner>_<NN>....ipynb, e.g. alice_05.ipynb.",
                    )
                )
    for sub in found:
        if not sub.problem and sub.path.is_symlink():
            sub.problem = "not graded: a symbolic link, not a notebook file (links are never followed)."
        if not sub.problem and not sub.lesson:
            sub.problem = (
                "not graded: the file name does not start with the lesson number (e.g. 05_china_trade_window.ipynb)."
            )
        if not sub.problem and not sub.path.is_file():
            sub.problem = "not graded: not a regular file."
        if not SAFE_NAME.fullmatch(sub.learner):
            sub.problem = (
                sub.problem or "not graded: the learner's name may use only letters, digits, '.', '_' and '-'."
            )
    # Two notebooks for one learner and lesson (a "-Copy1", a copy in a subfolder) would both count:
    # grade neither, and say which to keep.
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in found:
        if not sub.problem:
            groups.setdefault((sub.learner, sub.lesson), []).append(sub)
    for (_, lesson), subs in groups.items():
        if len(subs) > 1:
            names = ", ".join(str(s.path.relative_to(folder)) for s in subs)
            for sub in subs:
                sub.problem = f"not graded: {len(subs)} notebooks for lesson {lesson} ({names}); keep one."
    return found


# --- what the course expects ----------------------------------------------------------------


def lesson_tasks(lesson: str) -> list[int]:
    """The task numbers that have a check in poscourse.exercises.exNN (empty if no such lesson)."""
    try:
        module = importlib.import_module(f"poscourse.exercises.ex{lesson}")
    except ImportError:
        return []
    return sorted(int(m.group(1)) for n in vars(module) if (m := re.fullmatch(r"task(\d+)", n)))


def template_calls(lesson: str) -> list[int]:
    """The order in which the learner's copy of the lesson's exercises calls its checks."""
    for path in sorted((ROOT / "exercises").glob(f"{lesson}_*.ipynb")):
        return check_calls(json.loads(path.read_text(encoding="utf-8")))
    return []


def check_calls(nb: dict) -> list[int]:
    calls = []
    for cell in nb.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            calls += [int(n) for n in re.findall(r"check\.task(\d+)\(", source)]
    return calls


def imported_lessons(nb: dict) -> set[str]:
    text = json.dumps(nb.get("cells", []))
    return set(re.findall(r"exercises import ex(\d\d)", text))


def course_fingerprint(settings: str) -> str:
    """Changes when the checks, their answers, the data or the grader change: then everything is re-graded."""
    h = hashlib.sha256(settings.encode())
    for base, pattern in (
        (SRC / "poscourse", "**/*"),
        (DATA, "*"),
        (ROOT / "exercises", "*.ipynb"),
        (RUNNER.parent, "grade*.py"),
    ):
        for path in sorted(base.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


# --- the sandbox ---------------------------------------------------------------------------------


def sandbox_problem() -> str | None:
    """Why the bubblewrap sandbox cannot be used here, or None when it works."""
    if not sys.platform.startswith("linux"):
        return f"namespaces exist only on Linux (this is {sys.platform})"
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    probe = subprocess.run(
        [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here ({probe.stderr.strip()[:200] or 'exit ' + str(probe.returncode)}); run as root or allow unprivileged user namespaces"
    return None


def readonly_roots() -> list[Path]:
    """What the sandboxed Python needs to see: the system's /usr, the interpreter's prefix, the venv."""
    roots = [
        Path("/usr"),
        Path(sys.base_prefix).resolve(),
        Path(sys.prefix).resolve(),
        Path(sys.executable).resolve().parent,
    ]
    unique: list[Path] = []
    for root in roots:
        if root.exists() and not any(root == u or u in root.parents for u in unique):
            unique = [u for u in unique if root not in u.parents] + [root]
    return unique


def sandbox_command(work: Path, notebook: str, module: str) -> list[str]:
    cmd = [
        shutil.which("bwrap") or "bwrap",
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--hostname",
        "grading",
        # First, so that the binds below stay visible when the course itself lives under /tmp.
        "--tmpfs",
        "/tmp",
    ]
    for root in readonly_roots():
        cmd += ["--ro-bind", str(root), str(root)]
    for name in ("bin", "lib", "lib64", "sbin"):
        link = Path("/") / name
        if link.is_symlink():
            cmd += ["--symlink", os.readlink(link), str(link)]
        elif link.is_dir():
            cmd += ["--ro-bind", str(link), str(link)]
    if Path("/etc/ld.so.cache").exists():
        cmd += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    cmd += [
        # only the course's package and data, not the solutions or anything else of the repository
        "--ro-bind",
        str(SRC / "poscourse"),
        str(SRC / "poscourse"),
        "--ro-bind",
        str(work / "data"),
        str(DATA),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--bind",
        str(work),
        "/grading",
        "--chdir",
        "/grading",
        sys.executable,
        "-B",
        "/grading/runner.py",
        f"/grading/{notebook}",
        module,
        "/grading/results.jsonl",
    ]
    return cmd


def limits(memory_mb: int, timeout: float):
    """Resource limits applied to the sandbox before it starts (POSIX only)."""

    def apply() -> None:
        try:
            import resource
        except ImportError:
            return
        for name, value in (
            # The data limit (heap and private writable memory), not the address-space limit: the chart
            # renderer's JavaScript engine reserves gigabytes of address space it never uses.
            ("RLIMIT_DATA", memory_mb * 1024 * 1024),
            ("RLIMIT_CPU", int(timeout) + STARTUP),
            ("RLIMIT_FSIZE", 200 * 1024 * 1024),
            ("RLIMIT_CORE", 0),
        ):
            if hasattr(resource, name):
                resource.setrlimit(getattr(resource, name), (value, value))

    return apply


def sandbox_env(work: Path | None) -> dict:
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "POS_RENDER": "static",
        "HOME": "/grading" if work is None else str(work),
        "MPLCONFIGDIR": "/tmp" if work is None else str(work),
    }
    if work is not None:  # unsandboxed: the course's data are the copy in the temporary folder
        env["POS_DATA_DIR"] = str(work / "data")
        env["PYTHONPATH"] = str(SRC)
    return env


def run_isolated(path: Path, lesson: str, settings: argparse.Namespace) -> tuple[list[dict], str]:
    """Run one notebook; return the runner's records and what stopped it, if anything."""
    with tempfile.TemporaryDirectory(prefix="pos-grade-") as tmp:
        work = Path(tmp) / "work"  # the sandbox sees this folder only; its error output goes beside it
        work.mkdir()
        log = open(Path(tmp) / "stderr.txt", "w+b")  # noqa: SIM115 (closed with the sandbox below)
        shutil.copytree(DATA, work / "data")
        shutil.copyfile(RUNNER, work / "runner.py")
        shutil.copyfile(path, work / "submission.ipynb")
        module = f"ex{lesson}"
        if settings.sandbox:
            cmd, env = sandbox_command(work, "submission.ipynb", module), sandbox_env(None)
            os.chmod(work, 0o777)  # the sandbox's user (nobody) writes its results here
        else:
            cmd = [
                sys.executable,
                "-B",
                str(work / "runner.py"),
                str(work / "submission.ipynb"),
                module,
                str(work / "results.jsonl"),
            ]
            env = sandbox_env(work)
        stopped = ""
        proc = subprocess.Popen(
            cmd,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=limits(settings.memory, settings.timeout) if os.name == "posix" else None,
            start_new_session=True,
        )
        results = work / "results.jsonl"
        timed_out = wait(proc, results, settings.timeout)
        log.seek(max(0, log.seek(0, os.SEEK_END) - 2000))
        err = log.read()
        log.close()
        if timed_out:
            stopped = (
                f"the notebook ran longer than the {settings.timeout:g} s limit and was stopped (an endless loop?)"
            )
        elif proc.returncode and proc.returncode < 0:
            sig = signal.Signals(-proc.returncode).name
            stopped = f"the notebook's process was killed by {sig}" + (
                " (out of memory or over the CPU limit?)" if sig in ("SIGKILL", "SIGXCPU", "SIGSEGV") else ""
            )
        elif proc.returncode and not results.exists():
            stopped = f"the notebook could not be run (exit code {proc.returncode}): {err.decode(errors='replace').strip()[-300:]}"
        return read_records(results), stopped


def read_records(path: Path) -> list[dict]:
    """The runner's records. The learner's code could have replaced the file with a link or a pipe: read regular files only."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return []
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return []
        text = handle.read(20_000_000).decode("utf-8", errors="replace")
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def wait(proc: subprocess.Popen, results: Path, timeout: float) -> bool:
    """Wait for the notebook to finish; True if it ran out of time and was killed.

    The clock starts when the runner has loaded Python, pandas, Altair and the
    checks (its first record), so a busy machine's slow start-up is not held
    against the learner; start-up itself may take up to STARTUP seconds.
    """
    started = time.monotonic()
    deadline = started + STARTUP + timeout
    clock_started = False
    while proc.poll() is None:
        now = time.monotonic()
        if not clock_started and results.exists() and results.stat().st_size > 0:
            clock_started, deadline = True, now + timeout
        if now > deadline:
            kill(proc)
            return True
        time.sleep(0.1)
    return False


def kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.wait()


# --- turning a run into gradebook rows ------------------------------------------------------


def rows_for(sub: Submission, settings: argparse.Namespace) -> tuple[list[dict], str]:
    def row(task: str, passed: bool, message: str) -> dict:
        return {"learner": sub.learner, "lesson": sub.lesson, "task": task, "passed": passed, "message": message}

    tasks = lesson_tasks(sub.lesson) if sub.lesson else []

    def every_task_fails(message: str) -> list[dict]:
        return [row(f"Task {t}", False, message) for t in tasks] or [row(NOTEBOOK_ROW, False, message)]

    if sub.problem:
        return every_task_fails(sub.problem), "not graded"
    if not tasks:
        return [
            row(NOTEBOOK_ROW, False, f"not graded: the course has no exercises for lesson {sub.lesson}.")
        ], "not graded"
    try:
        nb = json.loads(sub.path.read_bytes().decode("utf-8"))
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
    except (UnicodeDecodeError, ValueError) as err:
        return every_task_fails(
            f"not graded: the file is not a valid notebook ({type(err).__name__}: {str(err)[:120]}). "
            "Ask for the .ipynb file saved from JupyterLab."
        ), "not a notebook"
    other = imported_lessons(nb) - {sub.lesson}
    if other and sub.lesson not in imported_lessons(nb):
        return every_task_fails(
            f"not graded: this is the exercise notebook of lesson {', '.join(sorted(other))}, "
            f"not of lesson {sub.lesson}. Check the file name."
        ), "wrong lesson"

    notes: list[str] = []
    calls, expected = check_calls(nb), template_calls(sub.lesson)
    absent = [t for t in tasks if t not in calls]
    if absent:
        notes.append(f"the check cell of task(s) {', '.join(map(str, absent))} is missing (deleted cells?).")
    present = [t for t in dict.fromkeys(calls) if t in expected]
    if present != [t for t in dict.fromkeys(expected) if t in present]:
        notes.append(
            f"cells were moved: the checks run in the order {', '.join(map(str, present))}; "
            "the notebook was run in its own order."
        )

    records, stopped = run_isolated(sub.path, sub.lesson, settings)
    results: dict[int, dict] = {}
    last_cell = 0
    for rec in records:
        if rec.get("event") == "check" and isinstance(rec.get("task"), int):
            results[rec["task"]] = rec
        elif rec.get("event") == "cell":
            last_cell = rec.get("cell", last_cell)
        elif rec.get("event") == "error":
            notes.append(error_message(rec, settings))
    done = any(rec.get("event") == "done" for rec in records)
    if not done and not stopped:
        stopped = "the notebook stopped before its end (it ended its own process?)"
    if stopped:
        notes.append(f"{stopped}, in cell {last_cell}." if last_cell else f"{stopped}.")

    rows = []
    for task in tasks:
        rec = results.get(task)
        if rec:
            rows.append(row(f"Task {task}", rec.get("status") == "correct", rec.get("message", "")))
        elif task in absent:
            rows.append(
                row(f"Task {task}", False, f"not attempted: the cell that runs check.task{task}(...) is missing.")
            )
        elif stopped:
            rows.append(row(f"Task {task}", False, f"not graded: {stopped} before this task's check ran."))
        else:
            rows.append(
                row(f"Task {task}", False, "not attempted: the task's check never ran (an error in an earlier cell?).")
            )
    rows += [row(NOTEBOOK_ROW, False, note) for note in notes]
    passed = sum(r["passed"] for r in rows if r["task"] != NOTEBOOK_ROW)
    summary = f"{passed}/{len(tasks)} tasks passed" + (f", {len(notes)} problem(s)" if notes else "")
    return rows, summary


def error_message(rec: dict, settings: argparse.Namespace) -> str:
    where = f"cell {rec.get('cell')}"
    detail = f"{rec.get('type')}: {rec.get('text')}"
    kind = rec.get("kind")
    if kind == "memory":
        return f"{where} ran out of memory (the limit is {settings.memory} MB) ({detail})."
    if kind == "network":
        return f"{where} tried to reach the network, which is closed while grading ({detail})."
    if kind == "file":
        return f"{where} tried to use a file outside its own folder, which is not allowed while grading ({detail})."
    if kind == "exit":
        return f"{where} tried to stop the notebook ({rec.get('type')}); the next cells still ran."
    if kind == "setup":
        return f"the course's checks could not be loaded ({detail}): tell the course's maintainers."
    return f"{where} raised {detail}."


# --- outputs ---------------------------------------------------------------------------------------


def task_key(row: dict) -> tuple:
    task = row["task"]
    number = int(task.split()[-1]) if task.startswith("Task ") else 999
    return row["learner"], row["lesson"], number


def spreadsheet_safe(text: str) -> str:
    """A message that a spreadsheet would read as a formula (it can come from a learner's code) starts with '."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_gradebook(out: Path, rows: list[dict]) -> None:
    with (out / "gradebook.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["learner", "lesson", "task", "passed", "message"])
        writer.writeheader()
        for r in rows:
            writer.writerow(
                {**r, "message": spreadsheet_safe(r["message"]), "passed": "true" if r["passed"] else "false"}
            )
    columns = sorted(
        {(r["lesson"], r["task"]) for r in rows if r["task"] != NOTEBOOK_ROW},
        key=lambda c: (c[0], int(c[1].split()[-1])),
    )
    with (out / "gradebook_wide.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", *(f"{lesson} {task}" for lesson, task in columns), "tasks passed", "tasks graded"])
        for learner in sorted({r["learner"] for r in rows}):
            mine = {
                (r["lesson"], r["task"]): r["passed"]
                for r in rows
                if r["learner"] == learner and r["task"] != NOTEBOOK_ROW
            }
            cells = ["" if c not in mine else int(mine[c]) for c in columns]
            writer.writerow([learner, *cells, sum(mine.values()), len(mine)])


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}}
table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}
.pass{{color:#1a6a1a}}.fail{{color:#9a1c1c}}</style></head>
<body>
{body}
</body></html>
"""


def write_feedback(out: Path, rows: list[dict]) -> None:
    folder = out / "feedback"
    folder.mkdir(exist_ok=True)
    for learner in sorted({r["learner"] for r in rows}):
        parts = [f"<h1>Exercise feedback: {html.escape(learner)}</h1>"]
        for lesson in sorted({r["lesson"] for r in rows if r["learner"] == learner}):
            mine = [r for r in rows if r["learner"] == learner and r["lesson"] == lesson]
            tasks = [r for r in mine if r["task"] != NOTEBOOK_ROW]
            parts.append(
                f"<h2>Exercises {html.escape(lesson or '?')}: {sum(r['passed'] for r in tasks)} of {len(tasks)} tasks passed</h2>"
            )
            parts.append(
                '<table><thead><tr><th scope="col">task</th><th scope="col">result</th><th scope="col">feedback</th></tr></thead><tbody>'
            )
            for r in mine:
                if r["task"] == NOTEBOOK_ROW:
                    label = '<span class="fail">note</span>'
                elif r["passed"]:
                    label = '<span class="pass">✅ passed</span>'
                else:
                    label = '<span class="fail">❌ not yet</span>'
                parts.append(
                    f"<tr><td>{html.escape(r['task'])}</td><td>{label}</td><td>{html.escape(r['message'])}</td></tr>"
                )
            parts.append("</tbody></table>")
        parts.append("<p>The open questions are read and marked by your teacher; they are not in this list.</p>")
        (folder / f"{learner}.html").write_text(
            PAGE.format(title=f"Feedback: {html.escape(learner)}", body="\n".join(parts)), encoding="utf-8"
        )


def write_summary(out: Path, rows: list[dict]) -> None:
    import altair as alt
    import pandas as pd

    from poscourse.charts import _static_svg  # the course's renderer: its font, a title and a description

    tasks = pd.DataFrame([r for r in rows if r["task"] != NOTEBOOK_ROW])
    body = ["<h1>Class summary: pass rate per task</h1>"]
    if tasks.empty:
        body.append("<p>No task was graded.</p>")
    else:
        tasks["passed"] = tasks["passed"].astype(bool)
        rates = (
            tasks.groupby(["lesson", "task"], as_index=False)
            .agg(pass_rate=("passed", "mean"), learners=("learner", "nunique"))
            .assign(label=lambda d: d["lesson"] + " · " + d["task"])
        )
        chart = (
            alt.Chart(rates, description="Bar chart: the share of learners who passed each exercise task.")
            .mark_bar(color="#4c78a8")
            .encode(
                x=alt.X(
                    "pass_rate:Q",
                    title="share of learners who passed",
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                y=alt.Y("label:N", title="exercise · task", sort=None),
                tooltip=["lesson", "task", alt.Tooltip("pass_rate:Q", format=".0%"), "learners"],
            )
            .properties(title="Pass rate per task", width=420)
        )
        svg = _static_svg(chart.to_dict())["image/svg+xml"]
        body.append(f"<figure>{svg}</figure>")
        body.append(
            '<table><thead><tr><th scope="col">lesson</th><th scope="col">task</th><th scope="col">passed</th><th scope="col">learners</th></tr></thead><tbody>'
        )
        for r in rates.itertuples():
            body.append(
                f"<tr><td>{html.escape(r.lesson)}</td><td>{html.escape(r.task)}</td><td>{r.pass_rate:.0%}</td><td>{r.learners}</td></tr>"
            )
        body.append("</tbody></table>")
    problems = [r for r in rows if r["task"] == NOTEBOOK_ROW]
    if problems:
        body.append("<h2>Notebooks with problems</h2><ul>")
        body += [
            f"<li>{html.escape(r['learner'])} {html.escape(r['lesson'])}: {html.escape(r['message'])}</li>"
            for r in problems
        ]
        body.append("</ul>")
    (out / "summary.html").write_text(PAGE.format(title="Class summary", body="\n".join(body)), encoding="utf-8")


# --- the command -------------------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tasks.py grade", description="Grade learners' exercise notebooks with the course's checks."
    )
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for gradebook.csv, feedback/ and summary.html")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per notebook (default 120)")
    parser.add_argument("--memory", type=int, default=2048, help="memory limit per notebook in MB (default 2048)")
    parser.add_argument(
        "--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)), help="notebooks graded at the same time"
    )
    parser.add_argument(
        "--unsafe-no-sandbox", action="store_true", help="run learners' code without the sandbox (see the README)"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    settings = parse(argv)
    if not settings.submissions.is_dir():
        print(f"[grade] error: {settings.submissions} is not a folder of submissions.", file=sys.stderr)
        return 2
    out = settings.out
    if out.resolve() == settings.submissions.resolve() or settings.submissions.resolve() in out.resolve().parents:
        print("[grade] error: --out must be outside the submissions folder.", file=sys.stderr)
        return 2
    problem = sandbox_problem()
    settings.sandbox = problem is None
    if problem:
        print(f"[grade] the sandbox is not available: {problem}.", file=sys.stderr)
        print("[grade] without it, learners' code would run with:", file=sys.stderr)
        for line in MISSING_PROTECTIONS:
            print(f"[grade]   - {line}", file=sys.stderr)
        print(
            "[grade] only the time and memory limits, a separate process and a temporary working folder would apply.",
            file=sys.stderr,
        )
        if not settings.unsafe_no_sandbox:
            print(
                "[grade] grade on Linux as root with bubblewrap installed, or pass --unsafe-no-sandbox "
                "if you trust every notebook.",
                file=sys.stderr,
            )
            return 2
        print("[grade] --unsafe-no-sandbox given: grading without the sandbox.", file=sys.stderr)

    out.mkdir(parents=True, exist_ok=True)
    submissions = find_submissions(settings.submissions)
    if not submissions:
        print(
            f"[grade] error: no notebooks in {settings.submissions} (see the README for the two layouts).",
            file=sys.stderr,
        )
        return 2
    fingerprint = course_fingerprint(f"{settings.timeout}|{settings.memory}|{settings.sandbox}")
    cache_path = out / CACHE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
        if cache.get("course") != fingerprint:
            cache = {}
    except (OSError, ValueError):
        cache = {}
    entries = cache.get("submissions", {})

    def key(sub: Submission) -> str:
        return f"{sub.learner}/{sub.path.relative_to(settings.submissions).as_posix()}"

    def content(sub: Submission) -> str:
        if sub.path.is_symlink() or not sub.path.is_file():
            return ""
        return hashlib.sha256(sub.path.read_bytes()).hexdigest()

    def grade(sub: Submission) -> Result:
        digest = ""
        try:
            digest = content(sub)
            old = entries.get(key(sub))
            if digest and old and old.get("sha256") == digest:
                return Result(sub, old["rows"], old["summary"], cached=True)
            rows, summary = rows_for(sub, settings)
        except Exception as err:  # a grader bug must not lose the other learners' results
            rows = [
                {
                    "learner": sub.learner,
                    "lesson": sub.lesson,
                    "task": NOTEBOOK_ROW,
                    "passed": False,
                    "message": f"not graded: the grader failed on this file ({type(err).__name__}: {err}).",
                }
            ]
            summary, digest = "grader error", ""
        if digest:
            entries[key(sub)] = {"sha256": digest, "rows": rows, "summary": summary}
        return Result(sub, rows, summary)

    total = len(submissions)
    print(
        f"[grade] {total} notebook(s) from {len({s.learner for s in submissions})} learner(s); "
        f"{settings.jobs} at a time, {settings.timeout:g} s and {settings.memory} MB each",
        flush=True,
    )
    results: list[Result] = []
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, settings.jobs)) as pool:
        futures = [pool.submit(grade, sub) for sub in submissions]
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            results.append(result)
            sub = result.submission
            note = "unchanged, skipped" if result.cached else result.summary
            print(f"[{done}/{total}] {sub.learner} {sub.lesson or '??'} {sub.path.name}: {note}", flush=True)
    rows = sorted((r for res in results for r in res.rows), key=task_key)
    write_gradebook(out, rows)
    write_feedback(out, rows)
    write_summary(out, rows)
    cache_path.write_text(json.dumps({"course": fingerprint, "submissions": entries}, indent=1), encoding="utf-8")
    graded = [r for r in rows if r["task"] != NOTEBOOK_ROW]
    print(
        f"[grade] done in {time.monotonic() - started:.0f} s: {sum(r['passed'] for r in graded)} of {len(graded)} task checks passed. "
        f"Wrote {out / 'gradebook.csv'}, {out / 'gradebook_wide.csv'}, {out / 'feedback'}/ and {out / 'summary.html'}.",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
