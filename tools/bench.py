"""Measure the course's speed and write docs/benchmark.md (python3 tasks.py bench).

    python3 tasks.py bench                 everything (about 5 minutes on 2 cores)
    python3 tasks.py bench --skip-setup    skip the cold set-up (which downloads packages)
    python3 tasks.py bench --skip-tests    skip the whole test command

Figures, all on this machine in this run:
- cold set-up: a fresh clone, an empty package cache, `python3 tasks.py env`; time and size of .venv;
- per notebook: the time to execute each lesson and solution notebook, against the floor: a bare
  kernel start plus the course's imports, measured the same way; the ratio notebook / floor;
- the whole test command, warm;
- JupyterLab: from starting the server to the server answering.
"""

from __future__ import annotations

import os
import platform
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
FLOOR_SOURCE = "import altair as alt\nimport pandas as pd\nimport poscourse as pc\n\npc.setup()"


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


def execute_seconds(nb) -> float:
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def floor_seconds(repeats: int = 3) -> float:
    runs = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
        runs.append(execute_seconds(nb))
    return statistics.median(runs)


def notebook_times() -> list[tuple[str, float]]:
    paths = lesson_notebooks() + solution_notebooks()
    return [(str(p.relative_to(ROOT)), execute_seconds(nbformat.read(p, as_version=4))) for p in paths]


def test_command() -> dict:
    seconds, result = timed_run([sys.executable, str(ROOT / "tasks.py"), "test", "-q"], ROOT)
    lines = [line for line in result.stdout.splitlines() if " passed" in line or " failed" in line]
    return {
        "seconds": seconds,
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


def main(args: list[str]) -> int:
    lines = [
        "# Benchmark",
        "",
        "_Written by `python3 tasks.py bench`; re-run it to update._",
        "",
        f"Machine: {machine()}.",
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

    print("kernel floor ...", flush=True)
    floor = floor_seconds()
    print("notebooks ...", flush=True)
    times = notebook_times()
    ratios = [t / floor for _, t in times]
    median = statistics.median(ratios)
    lines += [
        "## Notebooks",
        "",
        f"Floor (a bare kernel start plus `import altair, pandas, poscourse` and `pc.setup()`, median of 3): **{floor:.2f} s**.",
        "",
        "| notebook | seconds | ratio to floor |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {t:.2f} | {t / floor:.2f} |" for name, t in times]
    lines += [
        "",
        f"Median ratio **{median:.2f}** (target: within 1.5); highest **{max(ratios):.2f}** (target: none over 3).",
        "",
    ]
    if median > 1.5:
        problems.append(f"median notebook ratio {median:.2f} > 1.5")
    if max(ratios) > 3:
        problems.append(f"a notebook at {max(ratios):.2f} x the floor")

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
            f"({tests['summary']}; target: under 60 s).",
            "",
        ]
        if tests["seconds"] > 60:
            problems.append(f"test command {tests['seconds']:.0f} s > 60 s")

    lines += ["## Targets not met", ""] + ([f"- {p}" for p in problems] or ["None."])
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nwrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
