"""Run one learner notebook and record what every exercise check said.

Started by tools/grade.py in a fresh process inside the grading sandbox:

    python grade_runner.py NOTEBOOK MODULE RESULTS

NOTEBOOK is the learner's notebook (already parsed once by the grader),
MODULE the exercise module (ex05), RESULTS a file of JSON lines that this
script appends to as it goes, so that the grader keeps what was recorded
before a time-out or a crash:

    {"event": "cell", "cell": 7}                      a code cell starts
    {"event": "check", "task": 2, "status": ..., "message": ...}
    {"event": "error", "cell": 7, "kind": ..., "type": ..., "text": ...}
    {"event": "done"}

The code cells run one after another in one namespace, like "Run all" in
JupyterLab; a cell that raises is recorded and the next cell still runs.
IPython magics and shell escapes (lines starting with % or !) are skipped.
"""

from __future__ import annotations

import errno
import importlib
import json
import re
import sys


def main(notebook: str, module: str, results: str) -> int:
    out = open(results, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (open for the whole run)

    def emit(**record) -> None:
        out.write(json.dumps(record) + "\n")
        out.flush()

    with open(notebook, encoding="utf-8") as handle:
        cells = json.load(handle)["cells"]
    try:
        checks = importlib.import_module(f"poscourse.exercises.{module}")
    except Exception as err:  # the course itself is broken: say so, run nothing
        emit(event="error", cell=0, kind="setup", type=type(err).__name__, text=str(err)[:300])
        return 1

    def recorded(number: int, check):
        def call(*args, **kwargs):
            feedback = check(*args, **kwargs)
            emit(
                event="check",
                task=number,
                status=str(getattr(feedback, "status", "wrong")),
                message=str(getattr(feedback, "message", feedback)),
            )
            return feedback

        call.__doc__ = check.__doc__
        return call

    for name in list(vars(checks)):
        match = re.fullmatch(r"task(\d+)", name)
        if match:
            setattr(checks, name, recorded(int(match.group(1)), getattr(checks, name)))

    namespace: dict = {"__name__": "__main__"}
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        source = "\n".join(
            "pass  # (magic skipped)" if line.lstrip().startswith(("%", "!")) else line
            for line in str(source).splitlines()
        )
        emit(event="cell", cell=index)
        try:
            exec(compile(source, f"<cell {index}>", "exec"), namespace)
        except BaseException as err:  # noqa: BLE001 - a learner's cell may raise anything, even SystemExit
            emit(event="error", cell=index, kind=classify(err), type=type(err).__name__, text=str(err)[:300])
    emit(event="done")
    return 0


def classify(err: BaseException) -> str:
    """What kind of failure this is, for the grader's one-line message."""
    if isinstance(err, MemoryError):
        return "memory"
    name = type(err).__name__
    if name in ("gaierror", "herror", "timeout", "URLError", "MaxRetryError", "ConnectError") or isinstance(
        err, ConnectionError
    ):
        return "network"
    if isinstance(err, OSError):
        if err.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED, errno.EAFNOSUPPORT):
            return "network"
        if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.EISDIR):
            return "file"
        return "os"
    if isinstance(err, (SystemExit, KeyboardInterrupt)):
        return "exit"
    return "error"


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
