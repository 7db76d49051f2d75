"""Run every learner exercise notebook top to bottom, answers still empty, with the learner install.

    python3 tasks.py learner-test [NB ...]

No pytest (the learner install has none): nbclient runs each notebook in a
fresh kernel, in a temporary workspace (so progress is recorded there, never
in the course's files), and nothing is written back. Prints one line per
notebook and a closing line "N passed, N failed"; exits 1 if any failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from tools import workspace

ROOT = Path(__file__).resolve().parents[1]


def first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    wanted = [line for line in text if line.strip() and ("Error" in line or "error" in line)]
    return (wanted[-1] if wanted else (text[-1] if text else type(err).__name__))[:200]


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):  # a Windows console (cp1252) must not crash on any character
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    with tempfile.TemporaryDirectory(prefix="learner-test-") as tmp:
        space = Path(tmp) / "workspace"
        workspace.update(space, ROOT, say=lambda m: None)
        os.environ["POS_WORKSPACE"] = str(space)
        os.environ["POS_PROGRESS_DIR"] = str(Path(tmp) / "progress")
        names = [Path(a).name for a in argv if a.endswith(".ipynb")]
        notebooks = sorted((space / "exercises").glob("*.ipynb"))
        if names:
            notebooks = [nb for nb in notebooks if nb.name in names]
        passed = failed = 0
        for path in notebooks:
            start = time.perf_counter()
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            )
            try:
                client.execute()
                errors = [
                    o
                    for c in nb.cells
                    if c.cell_type == "code"
                    for o in c.get("outputs", [])
                    if o.get("output_type") == "error"
                ]
                if errors:
                    raise CellExecutionError(f"{errors[0].get('ename')}: {errors[0].get('evalue')}", "", "")
            except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as err:
                failed += 1
                print(
                    f"FAIL exercises/{path.name} ({time.perf_counter() - start:.1f} s): {first_line(err)}", flush=True
                )
                continue
            passed += 1
            print(f"PASS exercises/{path.name} ({time.perf_counter() - start:.1f} s)", flush=True)
        print(f"{passed} passed, {failed} failed", flush=True)
        return 1 if failed or not notebooks else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
