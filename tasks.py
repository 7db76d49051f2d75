#!/usr/bin/env python3
"""The course's commands. Needs only python3 (3.11+); creates the environment itself.

    python3 tasks.py lab            open the course in JupyterLab (interactive charts, offline)
    python3 tasks.py test           run every test: data, helpers, exercises, and every notebook (strict nbval)
    python3 tasks.py update         bring course changes into your workspace (your changed copies are kept)
    python3 tasks.py reset NN [--exercise]   a fresh copy of lesson NN (or its exercise); the old copy is backed up

Windows: py -3 tasks.py lab. `lab` installs the learner set only (from requirements-learner.txt)
and opens your workspace (workspace/, or the folder in POS_WORKSPACE); `lab --wheelhouse DIR`
installs with no network from a folder made by `wheelhouse`.

Instructors:
    python3 tasks.py grade SUBMISSIONS --out DIR   grade learners' exercise notebooks in a sandbox (see the README)
    python3 tasks.py bundle [--out DIR]            build the learner zip (no solutions) and the instructor zip

Maintainers:
    python3 tasks.py outputs [NB...] [--force]    re-run lesson and solution notebooks, store their outputs (static SVG charts)
    python3 tasks.py exercises [--force]          regenerate the learners' exercise notebooks from the solutions
    python3 tasks.py answers [--check]            re-make the checks' hashed answers from the solutions (after data changes)
    python3 tasks.py data                         rebuild data/CODEBOOK.md from data/datapackage.json
    python3 tasks.py verdicts [--check]           export the verdicts as ClaimReview JSON-LD and CSV into docs/verdicts/
    python3 tasks.py site [--strict]              build the course site (Sphinx book) into _site/
    python3 tasks.py browser-test                 JupyterLab and the site in headless Chromium (Debian's chromium, or POS_BROWSER)
    python3 tasks.py offline-test                 run every notebook with no network and no system fonts (needs root)
    python3 tasks.py bench                        measure set-up, notebook and test times; write docs/benchmark.md
    python3 tasks.py lint                         ruff (lint and format) on the code and notebooks, then the workflow linter
    python3 tasks.py lock                         re-resolve both hashed locks (universal: Linux, macOS, Windows)
    python3 tasks.py env [--learner]              create or update the environment only (maintainer set, or learner set)
    python3 tasks.py wheelhouse DIR               download every wheel of the learner lock for Windows, macOS, Linux
    python3 tasks.py learner-test                 learner install only; run every exercise notebook with answers empty

Commands that rewrite notebooks never overwrite one with changes not yet
committed to git (your answers, your notes) unless you pass --force.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("POS_VENV") or ROOT / ".venv")
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
EXE = ".exe" if os.name == "nt" else ""
PY = BIN / f"python{EXE}"
STAMP = VENV / ".course-env"
UV_VERSION = "0.13.9"
LAB_NEWS = "@jupyterlab/apputils-extension:announcements"
LEARNER, MAINTAINER = "learner", "maintainer"
LOCKS = {LEARNER: "requirements-learner.txt", MAINTAINER: "requirements.txt"}


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


def tool_path(name: str) -> Path:
    """A console script of the environment (jupyter, uv): name.exe in Scripts\\ on Windows."""
    return BIN / f"{name}{EXE}"


def env_wanted(profile: str) -> dict:
    """What the environment must have been built from; a difference means a rebuild."""
    h = hashlib.sha256()
    for name in (LOCKS[profile], "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    h.update(UV_VERSION.encode())
    return {"profile": profile, "python": sys.version.split()[0], "locks": h.hexdigest()}


def env_built() -> dict | None:
    try:
        built = json.loads(STAMP.read_text())
        return built if isinstance(built, dict) else None
    except (OSError, ValueError):
        return None


def env_is_current(profile: str) -> bool:
    built = env_built()
    if not built or not PY.exists():
        return False
    if built == env_wanted(profile):
        return True
    # A maintainer environment holds everything a learner needs.
    return profile == LEARNER and built == env_wanted(MAINTAINER)


def ensure_env(quiet: bool = False, profile: str = MAINTAINER, wheelhouse: Path | None = None) -> None:
    """Create .venv from a hashed lock (learner or maintainer set), or re-use it if it is up to date."""
    if env_is_current(profile):
        if not quiet:
            say(f"environment {VENV.name} is up to date" + ("; the wheelhouse is not needed" if wheelhouse else ""))
        return
    built, wanted = env_built(), env_wanted(profile)
    if built and built.get("python") != wanted["python"]:
        say(
            f"{VENV.name} was built with Python {built.get('python')}; this is Python {wanted['python']}: rebuilding it"
        )
    elif built and built.get("profile") == profile and built.get("locks") != wanted["locks"]:
        say(f"the pinned requirements changed since {VENV.name} was built: rebuilding it")
    elif built and built.get("profile") == LEARNER and profile == MAINTAINER:
        say(f"{VENV.name} has the learner set only; adding the maintainers' tools (tests, static charts)")
    elif VENV.exists() and not built:
        say(f"{VENV.name} was left unfinished or made by an older version of this script: rebuilding it")
    lock = LOCKS[profile]
    say(f"creating the environment in {VENV.name} from {lock} (once; about a minute at most)")
    if VENV.exists():
        try:
            STAMP.unlink(missing_ok=True)  # from here on, the old environment is not trusted
            shutil.rmtree(VENV)
        except OSError as err:
            fail(
                f"could not remove the old {VENV} ({err.strerror}): close JupyterLab and any program "
                "using it (on Windows, a terminal with it activated), then run the command again."
            )
    try:
        build_env(VENV, profile, wheelhouse)
    except BuildError as err:
        shutil.rmtree(VENV, ignore_errors=True)  # nothing half-built is left for a later run to trust
        if wheelhouse:
            retry = f"check that {wheelhouse} was made by `python3 tasks.py wheelhouse` for this system and Python, then run the command again"
        else:
            retry = (
                "check the network (the package index, pypi.org, must be reachable on first set-up) and run the same "
                "command again; with no network, install from a teacher's wheelhouse: python3 tasks.py lab --wheelhouse DIR"
            )
        fail(f"set-up failed: {err}. The unfinished {VENV.name} was removed. To retry: {retry}.")
    STAMP.write_text(json.dumps(wanted) + "\n")
    say("environment ready")


def slim_learner_env(py: Path) -> None:
    """Keep the learner install small: drop what the venv module adds but nothing locked needs
    (setuptools, and pip itself, about 17 MB, once the packages are in), and the test suites that
    pandas and numpy ship inside themselves (about 25 MB)."""
    locked = (ROOT / LOCKS[LEARNER]).read_text().lower()
    extras = [name for name in ("setuptools", "pip") if f"\n{name}==" not in locked]
    if extras:  # pip last: it uninstalls itself
        subprocess.run(
            [str(py), "-m", "pip", "uninstall", "--yes", "--quiet", *extras],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    found = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['platlib'])"], capture_output=True, text=True
    )
    site = Path(found.stdout.strip())
    for tests in ("pandas/tests", "numpy/_core/tests", "numpy/tests"):
        if (site / tests).is_dir():
            shutil.rmtree(site / tests, ignore_errors=True)


class BuildError(Exception):
    pass


def build_env(venv: Path, profile: str, wheelhouse: Path | None = None) -> None:
    """A fresh virtual environment at venv with the locked packages and the course's helper package."""
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bin_ / f"python{EXE}"
    lock = ROOT / LOCKS[profile]

    def step(cmd: list, what: str, quiet: bool = False) -> None:
        out = subprocess.DEVNULL if quiet else None
        if subprocess.run([str(c) for c in cmd], cwd=ROOT, stdout=out, stderr=out).returncode != 0:
            raise BuildError(what)

    step([sys.executable, "-m", "venv", venv], f"could not create the virtual environment {venv}")
    pip = [py, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    if wheelhouse:
        say(f"installing from the wheelhouse {wheelhouse}, with no network")
        step(
            [
                *pip,
                "install",
                "--no-compile",
                "--no-index",
                "--find-links",
                wheelhouse,
                "--require-hashes",
                "--no-deps",
                "-r",
                lock,
            ],
            f"installing {lock.name} from the wheelhouse {wheelhouse} failed",
        )
    else:
        # The maintainers keep uv in the environment (the lock command uses it); a learner
        # install borrows it from a temporary folder, so it does not count in the learner's disk.
        scratch = Path(tempfile.mkdtemp(prefix="course-uv-"))
        try:
            if profile == MAINTAINER:
                got = subprocess.run([str(c) for c in [*pip, "install", f"uv=={UV_VERSION}"]], cwd=ROOT).returncode == 0
                uv = bin_ / f"uv{EXE}"
            else:
                got = (
                    subprocess.run(
                        [str(c) for c in [*pip, "install", "--target", scratch, f"uv=={UV_VERSION}"]], cwd=ROOT
                    ).returncode
                    == 0
                )
                uv = next((p for p in scratch.rglob(f"uv{EXE}") if p.is_file()), scratch / "missing")
            if got and uv.exists():
                step(
                    [uv, "pip", "install", "--quiet", "--python", py, "--require-hashes", "--no-deps", "-r", lock],
                    f"downloading or installing the packages in {lock.name} failed",
                )
            else:
                say("uv is not available; installing with pip (slower)")
                step(
                    [*pip, "install", "--require-hashes", "--no-deps", "-r", lock],
                    f"downloading or installing the packages in {lock.name} failed",
                )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if profile == LEARNER:
        slim_learner_env(py)
    # The helper package is found through a .pth file: no build step, no network, and the
    # package reads the course's data/ folder in place.
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    )
    if purelib.returncode != 0:
        raise BuildError("the new environment's Python does not run")
    Path(purelib.stdout.strip(), "poscourse.pth").write_text(str(ROOT / "src") + "\n")
    # JupyterLab asks on first start whether to fetch news from the internet: turn that off here.
    step(
        [bin_ / f"jupyter{EXE}", "labextension", "disable", "--level=sys_prefix", LAB_NEWS],
        "could not turn off JupyterLab's news prompt",
        quiet=True,
    )


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
    if render == "static" and not env.get("POS_PROGRESS_DIR"):
        # Checks run by the maintainers' commands record progress out of the way, never in the sources,
        # and in a fresh folder each command (removed when it ends): a file kept from run to run grows,
        # and every check rewrites it.
        progress = tempfile.mkdtemp(prefix="poscourse-progress-")
        atexit.register(shutil.rmtree, progress, ignore_errors=True)
        env["POS_PROGRESS_DIR"] = progress
    return env


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def cmd_env(args: list[str]) -> None:
    wheelhouse, args = take_option(args, "--wheelhouse")
    ensure_env(
        profile=LEARNER if "--learner" in args or wheelhouse else MAINTAINER,
        wheelhouse=Path(wheelhouse).resolve() if wheelhouse else None,
    )


def workspace_module():
    from tools import workspace

    return workspace


def update_workspace(quiet: bool = False):
    ws = workspace_module()
    try:
        ws.update(say=(lambda _m: None) if quiet else print)
    except ws.WorkspaceError as err:
        fail(str(err))
    return ws.workspace_dir()


def take_option(args: list[str], name: str) -> tuple[str | None, list[str]]:
    """The value of `--name VALUE` (or `--name=VALUE`) and the other arguments."""
    rest, value, i = [], None, 0
    while i < len(args):
        if args[i] == name:
            if i + 1 >= len(args):
                fail(f"{name} needs a value")
            value, i = args[i + 1], i + 2
            continue
        if args[i].startswith(name + "="):
            value = args[i].split("=", 1)[1]
        else:
            rest.append(args[i])
        i += 1
    return value, rest


def cmd_lab(args: list[str]) -> None:
    wheelhouse, args = take_option(args, "--wheelhouse")
    if wheelhouse and not Path(wheelhouse).is_dir():
        fail(f"the wheelhouse {wheelhouse} is not a folder; make one with: python3 tasks.py wheelhouse {wheelhouse}")
    ensure_env(profile=LEARNER, wheelhouse=Path(wheelhouse).resolve() if wheelhouse else None)
    space = update_workspace()
    start = space / "notebooks" / "00_start_here.ipynb"
    cmd = [
        tool_path("jupyter"),
        "lab",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={space}",
        # Opened by its path below the workspace: JupyterLab can only write inside root_dir.
        "notebooks/00_start_here.ipynb" if start.exists() else "",
    ]
    cmd = [c for c in cmd if c != ""]
    if is_root():
        cmd.append("--allow-root")
    if not os.environ.get("DISPLAY") and sys.platform.startswith("linux"):
        cmd.append("--no-browser")
    cmd += args
    say(f"your files are in {space} (the course's own files are never changed)")
    say("starting JupyterLab on 127.0.0.1; open the link with the token printed below. Stop it with Ctrl-C.")
    env = quiet_env(render="interactive")
    env["POS_WORKSPACE"] = str(space)
    try:
        raise SystemExit(subprocess.call([str(c) for c in cmd], cwd=space, env=env))
    except KeyboardInterrupt:
        raise SystemExit(0) from None


def cmd_update(args: list[str]) -> None:
    update_workspace()


def cmd_reset(args: list[str]) -> None:
    numbers = [a for a in args if not a.startswith("-")]
    if len(numbers) != 1 or not numbers[0].isdigit():
        fail("say which lesson to reset, by number: python3 tasks.py reset 05   (its exercise: reset 05 --exercise)")
    ws = workspace_module()
    try:
        ws.reset(numbers[0], exercise="--exercise" in args)
    except ws.WorkspaceError as err:
        fail(str(err))


def cmd_wheelhouse(args: list[str]) -> None:
    if not args or args[0].startswith("-"):
        fail(
            "say where to put the wheels: python3 tasks.py wheelhouse DIR [--platform linux-x86_64,...] [--python 3.11,...]"
        )
    ensure_env(quiet=True, profile=LEARNER)
    raise SystemExit(run([PY, "-m", "tools.wheelhouse", *args], env=quiet_env(), check=False))


def cmd_learner_test(args: list[str]) -> None:
    """Build the learner install only and run every learner exercise notebook top to bottom, answers empty."""
    ensure_env(quiet=True, profile=LEARNER)
    raise SystemExit(run([PY, "-m", "tools.learner_test", *args], env=quiet_env(render="interactive"), check=False))


def pytest_workers() -> str:
    """Two workers a core, at most four: a notebook's worker mostly waits while its kernel computes."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return str(min(2 * (cores or 1), 4))


#: Notebooks are compared with their stored outputs (strict nbval), each run whole on one worker.
NBVAL_FLAGS = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg"]


def pytest_command(*args: str, fingerprints: bool = False) -> list:
    """pytest with the flags every test command uses; `-p no:nbval` in args runs the unit tests alone.
    fingerprints: compare stored charts by their fingerprint, not their SVG (conftest.py)."""
    nbval = [] if "no:nbval" in args else NBVAL_FLAGS + (["--chart-fingerprints"] if fingerprints else [])
    return [
        PY,
        "-m",
        "pytest",
        "-n",
        pytest_workers(),
        "--dist",
        "loadfile",
        *nbval,
        "-m",
        "not browser and not grading",
        *args,
    ]


def cmd_test(args: list[str]) -> None:
    ensure_env(quiet=True)
    # Charts are compared by fingerprint here; offline-test compares their SVG byte for byte.
    raise SystemExit(run(pytest_command(*args, fingerprints=True), env=quiet_env(render="static"), check=False))


def tool(module: str, args: list[str], render: str | None = "static") -> None:
    """Run tools/<module>.py as `python -m tools.<module>` from the repository root."""
    ensure_env(quiet=True)
    raise SystemExit(run([PY, "-m", f"tools.{module}", *args], env=quiet_env(render=render), check=False))


def cmd_outputs(args: list[str]) -> None:
    tool("nbtools", ["outputs", *args])


def cmd_exercises(args: list[str]) -> None:
    tool("nbtools", ["learner", *args])


def cmd_data(args: list[str]) -> None:
    tool("codebook", args)


def cmd_verdicts(args: list[str]) -> None:
    tool("verdicts", args)


def cmd_site(args: list[str]) -> None:
    tool("site", args)


def cmd_answers(args: list[str]) -> None:
    tool("answers", args)


def cmd_grade(args: list[str]) -> None:
    tool("grade", args)


def cmd_bundle(args: list[str]) -> None:
    tool("bundle", args)


def cmd_bench(args: list[str]) -> None:
    tool("bench", args)


LINT_PATHS = ["src", "tests", "tools", "tasks.py", "conftest.py"]
NOTEBOOK_PATHS = ["notebooks", "exercises"]


def cmd_lint(args: list[str]) -> None:
    ensure_env(quiet=True)
    env = quiet_env()
    ruff = [tool_path("ruff")]  # ruff.exe on Windows
    failed = run([*ruff, "check", *LINT_PATHS, *NOTEBOOK_PATHS, *args], env=env, check=False)
    failed |= run([*ruff, "format", "--check", *LINT_PATHS], env=env, check=False)
    failed |= run([PY, "-m", "tools.workflow_lint"], env=env, check=False)
    if failed:
        fail("lint found problems (see above); `ruff check --fix` and `ruff format` fix most of them", 1)
    say("lint: no problems")


def cmd_browser_test(args: list[str]) -> None:
    ensure_env(quiet=True)
    browser = (
        os.environ.get("POS_BROWSER")
        or os.environ.get("CHROME_PATH")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )
    if not (shutil.which(browser) or Path(browser).exists()):
        fail(
            "Chromium is not installed. On Debian: sudo apt-get install -y chromium (or set POS_BROWSER to a Chromium-based browser)"
        )
    cmd = [PY, "-m", "pytest", "-m", "browser", "-p", "no:nbval", "tests/browser", *args]
    raise SystemExit(run(cmd, env=quiet_env(render="interactive"), check=False))


def cmd_offline_test(args: list[str]) -> None:
    ensure_env(quiet=True)
    if not sys.platform.startswith("linux"):
        say("offline-test needs Linux (a network namespace); skipped on this system")
        return
    if not shutil.which("unshare"):
        fail("`unshare` (util-linux) is needed to run without a network.")
    # No network and no system fonts: stored charts must come out the same with the course's font alone.
    tests = ["tests/test_offline.py", "tests/test_learner_notebooks.py", "notebooks", "exercises"]
    isolated = [
        PY,
        ROOT / "tools" / "isolate.py",
        "--no-network",
        "--no-system-fonts",
        "--",
        "env",
        "POS_EXPECT_OFFLINE=1",
        "POS_EXPECT_NO_SYSTEM_FONTS=1",
        *pytest_command(*tests, *args),
    ]
    prefix = [] if is_root() else ["sudo"]
    raise SystemExit(run([*prefix, *isolated], env=quiet_env(render="static"), check=False))


def cmd_lock(args: list[str]) -> None:
    ensure_env(quiet=True)
    # Universal: one lock for Linux, macOS and Windows (pywinpty, appnope ... carry markers).
    # The learner lock first; the maintainer lock is then held to the same versions.
    common = [
        tool_path("uv"),
        "pip",
        "compile",
        "--universal",
        "--python-version",
        "3.11",
        "--generate-hashes",
        "--no-header",
        "--quiet",
    ]
    run([*common, "requirements-learner.in", "-o", LOCKS[LEARNER]])
    run([*common, "requirements.in", "-c", LOCKS[LEARNER], "-o", LOCKS[MAINTAINER]])
    ensure_env(quiet=True)  # with the new pins, then store the interactive charts' JavaScript for them
    run([PY, "-m", "tools.chart_bundle"], env=quiet_env())
    say(f"{LOCKS[LEARNER]} and {LOCKS[MAINTAINER]} updated; the environment is rebuilt on the next command")


COMMANDS = {
    "env": cmd_env,
    "lab": cmd_lab,
    "test": cmd_test,
    "outputs": cmd_outputs,
    "exercises": cmd_exercises,
    "data": cmd_data,
    "verdicts": cmd_verdicts,
    "site": cmd_site,
    "answers": cmd_answers,
    "grade": cmd_grade,
    "bundle": cmd_bundle,
    "bench": cmd_bench,
    "browser-test": cmd_browser_test,
    "offline-test": cmd_offline_test,
    "lock": cmd_lock,
    "lint": cmd_lint,
    "update": cmd_update,
    "reset": cmd_reset,
    "wheelhouse": cmd_wheelhouse,
    "learner-test": cmd_learner_test,
}


def main(argv: list[str]) -> None:
    for stream in (sys.stdout, sys.stderr):
        # A Windows console (cp1252) cannot print every character: never crash on one.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    name, args = argv[0], argv[1:]
    if name not in COMMANDS:
        fail(f"unknown command {name!r}. Commands: {', '.join(COMMANDS)}", 2)
    COMMANDS[name](args)


if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 (tasks.py may be started by an older python3: say so)
        sys.stderr.write(
            f"[course] error: Python 3.11 or newer is needed; found Python {sys.version.split()[0]} "
            f"({sys.executable}). Install a newer Python (python.org) and run this command with it, "
            "e.g. python3.11 tasks.py lab (Windows: py -3.11 tasks.py lab).\n"
        )
        raise SystemExit(1)
    main(sys.argv[1:])
