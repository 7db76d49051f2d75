#!/usr/bin/env python3
"""The course's commands. Needs only python3 (3.11+); creates the environment itself.

    python3 tasks.py lab            open the course in JupyterLab (interactive charts, offline)
    python3 tasks.py test           run every test: data, helpers, exercises, and every notebook (strict nbval)

Maintainers:
    python3 tasks.py outputs [NB...] [--force]    re-run lesson and solution notebooks, store their outputs (static SVG charts)
    python3 tasks.py exercises [--force]          regenerate the learners' exercise notebooks from the solutions
    python3 tasks.py data                         rebuild data/CODEBOOK.md from data/datapackage.json
    python3 tasks.py site                         build the static HTML course site into _site/
    python3 tasks.py browser-test                 JupyterLab and the site in headless Chromium (needs Debian's chromium)
    python3 tasks.py offline-test                 run every notebook with no network and no system fonts (needs root)
    python3 tasks.py bench                        measure set-up, notebook and test times; write docs/benchmark.md
    python3 tasks.py lock                         re-resolve requirements.txt from requirements.in
    python3 tasks.py env                          create or update the environment only

Commands that rewrite notebooks never overwrite one with changes not yet
committed to git (your answers, your notes) unless you pass --force.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".course-env"
UV_VERSION = "0.13.9"
LAB_NEWS = "@jupyterlab/apputils-extension:announcements"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def fail(message: str, code: int = 1) -> None:
    print(f"[course] error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(code)


def run(cmd: list, env: dict | None = None, check: bool = True) -> int:
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        fail(f"command failed with exit code {result.returncode}: {' '.join(map(str, cmd))}", result.returncode)
    return result.returncode


def env_fingerprint() -> str:
    h = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    h.update(UV_VERSION.encode())
    h.update(sys.version.split()[0].encode())
    return h.hexdigest()


def ensure_env(quiet: bool = False) -> None:
    """Create .venv from the pinned requirements, or re-use it if it is up to date."""
    if sys.version_info < (3, 11):
        fail(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    wanted = env_fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PY.exists():
        if not quiet:
            say("environment .venv is up to date")
        return
    say("creating the environment in .venv from requirements.txt (once; about a minute at most)")
    if VENV.exists():
        shutil.rmtree(VENV)
    run([sys.executable, "-m", "venv", VENV])
    pip = [PY, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    uv = BIN / "uv"
    if run([*pip, "install", f"uv=={UV_VERSION}"], check=False) == 0 and uv.exists():
        install = [uv, "pip", "install", "--quiet", "--python", PY]
        run([*install, "--require-hashes", "-r", "requirements.txt"])
        run([*install, "--no-deps", "-e", "."])
    else:
        say("uv is not available; installing with pip (slower)")
        run([*pip, "install", "--require-hashes", "-r", "requirements.txt"])
        run([*pip, "install", "--no-deps", "-e", "."])
    # JupyterLab asks on first start whether to fetch news from the internet: turn that off here.
    run([BIN / "jupyter", "labextension", "disable", "--level=sys_prefix", LAB_NEWS], env=quiet_env())
    STAMP.write_text(wanted + "\n")
    say("environment ready")


def quiet_env(render: str | None = None) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env.pop("PYTHONPATH", None)
    # Let Python keep its compiled bytecode: without it every kernel recompiles pandas and
    # Altair from source, which more than doubles the cost of importing them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Outputs must not depend on the machine's time zone or locale.
    env["TZ"] = "UTC"
    env["LC_ALL"] = "C.UTF-8"
    env["LANG"] = "C.UTF-8"
    env["PYTHONHASHSEED"] = "0"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if render:
        env["POS_RENDER"] = render
    return env


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def cmd_env(args: list[str]) -> None:
    ensure_env()


def cmd_lab(args: list[str]) -> None:
    ensure_env()
    cmd = [
        BIN / "jupyter", "lab",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={ROOT}",
        "notebooks/00_start_here.ipynb",
    ]
    if is_root():
        cmd.append("--allow-root")
    if not os.environ.get("DISPLAY") and sys.platform.startswith("linux"):
        cmd.append("--no-browser")
    cmd += args
    say("starting JupyterLab on 127.0.0.1; open the link with the token printed below. Stop it with Ctrl-C.")
    env = quiet_env(render="interactive")
    try:
        raise SystemExit(subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env))
    except KeyboardInterrupt:
        raise SystemExit(0)


def pytest_workers() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return str(max(1, min(cores or 1, 4)))


def pytest_command(args: list[str]) -> list:
    """The test runner with the course's flags: the one place they are written (test, offline-test)."""
    return [
        PY, "-m", "pytest",
        "-n", pytest_workers(), "--dist", "loadfile",  # one notebook's cells stay on one worker
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg",
        "-m", "not browser",
        *args,
    ]


def cmd_test(args: list[str]) -> None:
    ensure_env(quiet=True)
    raise SystemExit(run(pytest_command(args), env=quiet_env(render="static"), check=False))


def tool(script: str, args: list[str], render: str | None = "static") -> None:
    ensure_env(quiet=True)
    raise SystemExit(run([PY, ROOT / "tools" / script, *args], env=quiet_env(render=render), check=False))


def cmd_outputs(args: list[str]) -> None:
    tool("notebooks.py", ["outputs", *args])


def cmd_exercises(args: list[str]) -> None:
    tool("notebooks.py", ["learner", *args])


def cmd_data(args: list[str]) -> None:
    tool("codebook.py", args)


def cmd_site(args: list[str]) -> None:
    tool("site.py", args)


def cmd_bench(args: list[str]) -> None:
    tool("bench.py", args)


def cmd_browser_test(args: list[str]) -> None:
    ensure_env(quiet=True)
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        fail("Chromium is not installed. On Debian or Ubuntu: sudo apt-get install -y chromium")
    cmd = [PY, "-m", "pytest", "-m", "browser", "-p", "no:nbval", "tests/browser", *args]
    raise SystemExit(run(cmd, env=quiet_env(render="interactive"), check=False))


def cmd_offline_test(args: list[str]) -> None:
    ensure_env(quiet=True)
    if not shutil.which("unshare"):
        fail("`unshare` (util-linux) is needed to run without a network.")
    # No network and no system fonts: stored charts must come out the same with the course's font alone.
    tests = ["tests/test_offline.py", "tests/test_learner_notebooks.py", "notebooks", "exercises"]
    isolated = [PY, ROOT / "tools" / "isolate.py", "--no-network", "--no-system-fonts", "--",
                "env", "POS_EXPECT_OFFLINE=1", "POS_EXPECT_NO_SYSTEM_FONTS=1", *pytest_command([*tests, *args])]
    prefix = [] if is_root() else ["sudo"]
    raise SystemExit(run([*prefix, *isolated], env=quiet_env(render="static"), check=False))


def cmd_lock(args: list[str]) -> None:
    ensure_env(quiet=True)
    run([BIN / "uv", "pip", "compile", "requirements.in", "-o", "requirements.txt", "--python-version", "3.11",
         "--generate-hashes", "--no-header", "--quiet"])
    say("requirements.txt updated; run `python3 tasks.py test` (the environment is rebuilt)")


COMMANDS = {
    "env": cmd_env,
    "lab": cmd_lab,
    "test": cmd_test,
    "outputs": cmd_outputs,
    "exercises": cmd_exercises,
    "data": cmd_data,
    "site": cmd_site,
    "bench": cmd_bench,
    "browser-test": cmd_browser_test,
    "offline-test": cmd_offline_test,
    "lock": cmd_lock,
}


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    name, args = argv[0], argv[1:]
    if name not in COMMANDS:
        fail(f"unknown command {name!r}. Commands: {', '.join(COMMANDS)}", 2)
    COMMANDS[name](args)


if __name__ == "__main__":
    main(sys.argv[1:])
