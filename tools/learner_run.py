"""Run notebooks that only have to run without error, each in a fresh process.

    python tools/learner_run.py NOTEBOOK [NOTEBOOK ...]

Used by tests/test_learner_notebooks.py for the learners' copies in exercises/,
which have no stored outputs to compare. Starting a Jupyter kernel and
importing pandas and Altair costs about 3 s a notebook; here the imports happen
once, and each notebook then runs in its own process forked from that one
(on systems without fork, in a fresh interpreter). So nothing a notebook does
(its variables, pandas options, the chart theme, cached data) can reach the
next one. Each notebook runs from its own folder, as in Jupyter, in an IPython
shell, so its displayed results (charts included) are rendered as in a kernel.

Prints one line of JSON per notebook: notebook, ok, cells run, seconds, and
for a failure the cell (counted from 0 among code cells, as nbval counts) and
the error. Exits 1 if any notebook failed.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

TIMEOUT = 300  # seconds for one notebook
SKIP, RAISES = "NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION"


def new_shell():
    """A pristine IPython shell, with the course's slow imports done."""
    import altair  # noqa: F401  (the slow imports, done once before any fork)
    import pandas  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    import poscourse  # noqa: F401

    config = Config()
    config.HistoryManager.enabled = False  # no history file, no history thread
    return InteractiveShell.instance(config=config)


def code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for c in cells:
        if isinstance(c["source"], list):
            c["source"] = "".join(c["source"])
    return cells


def run_notebook(shell, path: Path) -> dict:
    """Run every code cell of one notebook in this process; stop at the first unexpected outcome."""
    start = time.perf_counter()
    os.chdir(path.parent)
    report = {"notebook": str(path), "ok": True, "cells": 0}
    for index, cell in enumerate(code_cells(path)):
        source, tags = cell["source"], cell.get("metadata", {}).get("tags", [])
        if SKIP in source or "nbval-skip" in tags:
            continue
        expect_error = RAISES in source or "raises-exception" in tags
        shown = StringIO()
        with redirect_stdout(shown), redirect_stderr(shown):
            result = shell.run_cell(source, store_history=True)
        report["cells"] += 1
        error = result.error_before_exec or result.error_in_exec
        if (error is not None) != expect_error:
            first_line = source.strip().splitlines()[0] if source.strip() else ""
            if error is None:
                message = "the cell is marked to raise an exception but ran without one"
            else:
                message = "".join(traceback.format_exception(error)).strip()
            report.update(ok=False, cell=index, first_line=first_line, error=message[-3000:])
            break
    report["seconds"] = round(time.perf_counter() - start, 2)
    return report


def run_forked(shell, path: Path) -> dict:
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run the notebook, send the report, leave at once
        os.close(read_end)
        try:
            report = run_notebook(shell, path)
        except BaseException as err:  # a failure of the runner itself, still reported
            report = {"notebook": str(path), "ok": False, "error": "".join(traceback.format_exception(err))}
        with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
            pipe.write(json.dumps(report))
        os._exit(0)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + TIMEOUT
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                return {"notebook": str(path), "ok": False, "error": f"did not finish within {TIMEOUT} s"}
            chunk = os.read(pipe.fileno(), 65536)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    try:
        return json.loads(b"".join(chunks))
    except json.JSONDecodeError:
        return {
            "notebook": str(path),
            "ok": False,
            "error": f"the notebook's process ended abnormally (status {status})",
        }


def run_fresh_interpreter(path: Path) -> dict:
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return {"notebook": str(path), "ok": False, "error": f"did not finish within {TIMEOUT} s"}
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"notebook": str(path), "ok": False, "error": result.stderr[-3000:]}


def main(args: list[str]) -> int:
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    if args[0] == "--one":
        print(json.dumps(run_notebook(new_shell(), Path(args[1]).resolve())))
        return 0
    paths = [Path(a).resolve() for a in args]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"learner_run: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    shell = new_shell() if hasattr(os, "fork") else None
    failed = 0
    for path in paths:
        report = run_forked(shell, path) if shell is not None else run_fresh_interpreter(path)
        failed += not report["ok"]
        print(json.dumps(report), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
