"""Measure the course's speed and write docs/benchmark.md (python3 tasks.py bench).

    python3 tasks.py bench                 everything (about 6 minutes on 2 cores)
    python3 tasks.py bench --skip-setup    skip the cold set-up (which downloads packages)
    python3 tasks.py bench --skip-tests    skip the whole test command
    python3 tasks.py bench --repeat N      run each notebook N times and keep the median (default 3)
    python3 tasks.py bench NOTEBOOK ...    time only these notebooks against the floor; print, write nothing

Figures, all on this machine in this run:
- cold set-up: a fresh clone, an empty package cache, `python3 tasks.py env`; time and size of .venv;
- per notebook: the time to execute each lesson and solution notebook, against the floor: a bare
  kernel start plus `import pandas, altair` (not the course's package), measured the same way,
  in rounds (floor, then the notebook), so that a machine whose speed drifts does not skew it;
  the ratio notebook / floor (targets, for the lessons as the test command runs them: median
  within 1.5, none over 3), and the same with every chart drawn to SVG;
- the whole test command, warm: wall time, and the CPU time of all its processes;
- JupyterLab: from starting the server to the server answering.

Times are wall-clock times: run it on an otherwise idle machine. The report gives the load
average before and after, so a busy machine shows.
"""

from __future__ import annotations

import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.paths import ROOT, lesson_notebooks, solution_notebooks

REPORT = ROOT / "docs" / "benchmark.md"
FLOOR_SOURCE = "import altair as alt\nimport pandas as pd"


def timed_run(cmd, cwd, env=None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, result


def dir_size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def cold_setup() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "course"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        env.update(UV_CACHE_DIR=str(Path(tmp) / "uv-cache"), PIP_NO_CACHE_DIR="1")
        base_python = getattr(sys, "_base_executable", sys.executable)  # the python3 outside .venv
        seconds, result = timed_run([base_python, "tasks.py", "env"], clone, env)
        if result.returncode != 0:
            return {"error": result.stderr[-500:]}
        return {"seconds": seconds, "size_mb": dir_size_mb(clone / ".venv")}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute_seconds(nb, folder: Path) -> float:
    """Wall time from starting a kernel to the end of the last cell (the kernel is started fresh)."""
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", record_timing=False, resources={"metadata": {"path": str(folder)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def floor_notebook(source: str = FLOOR_SOURCE):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    return nb


#: The floor, plus what pc.setup() does to the garbage collector: gc.freeze() also shortens the
#: kernel's exit, which the lessons gain and the plain floor does not.
FROZEN_FLOOR_SOURCE = FLOOR_SOURCE + "\nimport gc\ngc.freeze()"


def frozen_floor_comparison(rows: list[tuple[str, float, float, float]], repeats: int = 5) -> str:
    """A line that sets the lessons against a floor that freezes its imports as pc.setup() does."""
    runs: dict[str, list[float]] = {"frozen": [], "plain": []}
    for _ in range(repeats):  # in turns, as the notebooks are
        runs["frozen"].append(execute_seconds(floor_notebook(FROZEN_FLOOR_SOURCE), ROOT / "notebooks"))
        runs["plain"].append(execute_seconds(floor_notebook(), ROOT / "notebooks"))
    frozen, plain = statistics.median(runs["frozen"]), statistics.median(runs["plain"])
    ratios = [tested / frozen for name, floor, tested, drawn in rows if name.startswith("notebooks/")]
    return (
        f"`pc.setup()` moves the objects its imports left out of the garbage collector's sight (`gc.freeze()`), "
        f"which also shortens the kernel's exit: a floor kernel that does the same took **{frozen:.2f} s** "
        f"against {plain:.2f} s without (medians of {repeats}, run in turns). Against that floor the lessons, "
        f"as tested, have a median ratio of {statistics.median(ratios):.2f} and a highest of {max(ratios):.2f}."
    )


def all_notebooks() -> list[Path]:
    return lesson_notebooks() + solution_notebooks()


#: Sections of the report that are measured by hand, not by this script: kept when it rewrites the report.
BY_HAND = "\n## Install sizes"


def measured_by_hand() -> str:
    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    return old[old.index(BY_HAND) :] if BY_HAND in old else ""


#: The chart modes a notebook is timed in: as the test command runs it (each chart gives its
#: fingerprint), and drawing every chart to SVG (tasks.py outputs, offline-test, grading).
MODES = ("fingerprint", "static")


def notebook_times(paths: list[Path], repeats: int) -> list[tuple[str, float, float, float]]:
    """(notebook, floor, seconds as tested, seconds drawing SVG) for each notebook, each the median of
    `repeats` rounds. A round runs the floor, then the notebook in each chart mode, so that each
    notebook is set against a floor measured beside it: a machine that gets slower or faster while
    the benchmark runs does not change the ratios. Kernels inherit this process's environment, so
    POS_RENDER picks their chart mode."""
    rows = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        runs: dict[str, list[float]] = {"floor": [], **{mode: [] for mode in MODES}}
        for _ in range(repeats):
            runs["floor"].append(execute_seconds(floor_notebook(), ROOT / "notebooks"))
            for mode in MODES:
                os.environ["POS_RENDER"] = mode
                runs[mode].append(execute_seconds(nb, p.parent))
        floor, tested, drawn = (statistics.median(runs[key]) for key in ("floor", *MODES))
        rows.append((str(p.relative_to(ROOT)), floor, tested, drawn))
        print(f"  {rows[-1][0]}: floor {floor:.2f} s, as tested {tested:.2f} s, drawing SVG {drawn:.2f} s", flush=True)
    return rows


def test_command() -> dict:
    cpu_before = children_cpu()
    seconds, result = timed_run([sys.executable, str(ROOT / "tasks.py"), "test", "-q"], ROOT)
    lines = [line for line in result.stdout.splitlines() if " passed" in line or " failed" in line]
    return {
        "seconds": seconds,
        "cpu": children_cpu() - cpu_before,
        "summary": lines[-1].strip("= ") if lines else "(no summary)",
        "ok": result.returncode == 0,
    }


def lab_start() -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "bench"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=tmp)
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            while time.perf_counter() - start < 60:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1)
                    return time.perf_counter() - start
                except OSError:
                    time.sleep(0.05)
            return float("nan")
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=20)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1e6:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def option(args: list[str], name: str, default: int) -> int:
    if name in args:
        i = args.index(name)
        value = args[i + 1] if i + 1 < len(args) else ""
        del args[i : i + 2]
        if not value.isdigit() or int(value) < 1:
            raise SystemExit(f"bench: {name} needs a whole number of at least 1, not {value!r}")
        return int(value)
    return default


def ratio_lines(rows: list[tuple[str, float, float, float]]) -> tuple[list[str], list[str]]:
    """The notebook table, and the targets not met (they apply to the lessons, as the test command runs them)."""
    lines = [
        "| notebook | floor (s) | as tested (s) | ratio to floor | drawing SVG (s) | ratio to floor |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {name} | {floor:.2f} | {tested:.2f} | {tested / floor:.2f} | {drawn:.2f} | {drawn / floor:.2f} |"
        for name, floor, tested, drawn in rows
    ]
    problems = []
    for label, lessons in (("Lessons", True), ("Solutions", False)):
        chosen = [row for row in rows if row[0].startswith("notebooks/") == lessons]
        if not chosen:
            continue
        tested = [t / floor for name, floor, t, svg in chosen]
        drawn = [svg / floor for name, floor, t, svg in chosen]
        median, highest = statistics.median(tested), max(tested)
        targets = " (targets: median within 1.5, none over 3)" if lessons else ""
        lines += [
            "",
            f"{label}, as the test command runs them: median ratio **{median:.2f}**, highest **{highest:.2f}**{targets}. "
            f"Drawing every chart to SVG: median {statistics.median(drawn):.2f}, highest {max(drawn):.2f}.",
        ]
        if lessons and median > 1.5:
            problems.append(f"median lesson ratio {median:.2f} > 1.5")
        if lessons and highest > 3:
            problems.append(f"a lesson at {highest:.2f} x the floor")
    return lines, problems


def main(args: list[str]) -> int:
    args = list(args)
    repeats = option(args, "--repeat", 3)
    chosen = [a for a in args if not a.startswith("--")]
    if chosen:  # a quick look at some notebooks: print, write nothing
        paths = [Path(a).resolve() for a in chosen]
        missing = [a for a, p in zip(chosen, paths, strict=True) if not p.is_file()]
        if missing:
            raise SystemExit(f"bench: no such notebook: {', '.join(missing)}")
        print(f"load average {load_average()}; floor: a kernel start + import pandas, altair")
        table, problems = ratio_lines(notebook_times(paths, repeats))
        print("\n".join(table))
        return 0

    lines = [
        "# Benchmark",
        "",
        "_Written by `python3 tasks.py bench`; re-run it to update._",
        "",
        f"Machine: {machine()}. Load average (1, 5, 15 min) at the start: {load_average()}.",
        "",
    ]
    problems = []

    if "--skip-setup" not in args:
        print("cold set-up (fresh clone, empty package cache) ...", flush=True)
        setup = cold_setup()
        if "error" in setup:
            lines += [f"Cold set-up failed: {setup['error']}", ""]
            problems.append("cold set-up failed")
        else:
            lines += [
                "## Cold set-up",
                "",
                f"`python3 tasks.py env` in a fresh clone with an empty package cache: "
                f"**{setup['seconds']:.1f} s**, environment {setup['size_mb']:.0f} MB on disk (target: under 60 s).",
                "",
            ]
            if setup["seconds"] > 60:
                problems.append("cold set-up over 60 s")

    print("notebooks, each beside the floor ...", flush=True)
    rows = notebook_times(all_notebooks(), repeats)
    table, notebook_problems = ratio_lines(rows)
    problems += notebook_problems
    floors = [row[1] for row in rows]
    lines += [
        "## Notebooks",
        "",
        "Each notebook run from a fresh kernel to its last cell, "
        f"{'the median of ' + str(repeats) + ' runs' if repeats > 1 else 'one run'}, in two chart modes: as the "
        "test command runs it (each chart gives its fingerprint, which is compared with the one stored beside its "
        "SVG; see `conftest.py`), and drawing every chart to SVG (as `tasks.py outputs` and `offline-test` do). "
        "Floor: a fresh kernel that runs only `import pandas, altair` (not the course's package), run once "
        "before each round of a notebook's runs, so that each notebook is set against a floor measured beside "
        f"it: **{statistics.median(floors):.2f} s** (median; {min(floors):.2f} to {max(floors):.2f} s across notebooks).",
        "",
        *table,
        "",
    ]
    if any(row[0].startswith("notebooks/") for row in rows):
        print("floor with frozen imports ...", flush=True)
        lines += [frozen_floor_comparison(rows), ""]

    print("JupyterLab start ...", flush=True)
    lab = lab_start()
    lines += ["## JupyterLab", "", f"From starting the server to its first answer: **{lab:.1f} s**.", ""]

    if "--skip-tests" not in args:
        print("the whole test command, warm ...", flush=True)
        tests = test_command()
        lines += [
            "## Test command",
            "",
            f"`python3 tasks.py test`, warm, on {os.cpu_count()} cores: **{tests['seconds']:.0f} s** "
            f"({tests['summary']}; target: under 60 s). CPU time of all its processes: {tests['cpu']:.0f} s.",
            "",
        ]
        if tests["seconds"] > 60:
            problems.append(f"test command {tests['seconds']:.0f} s > 60 s")
        if not tests["ok"]:
            problems.append("the test command failed")

    lines += [f"Load average at the end: {load_average()}.", ""]
    lines += ["## Targets not met", ""] + ([f"- {p}" for p in problems] or ["None."])
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n" + measured_by_hand(), encoding="utf-8")
    print("\n".join(lines))
    print(f"\nwrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
