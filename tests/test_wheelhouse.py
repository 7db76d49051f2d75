"""Install the learner set from a wheelhouse with the package index unreachable.

Slow (about a minute: a full install), so it runs only when named:
    python3 tasks.py test tests/test_wheelhouse.py -n 0
(.ci/run does). The wheelhouse is for this computer's system and Python only,
and is cached by the lock's hash, so a second run downloads nothing.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def only_when_named(request):
    if not any("test_wheelhouse" in str(a) for a in request.config.invocation_params.args):
        pytest.skip("slow (a full install): run `python3 tasks.py test tests/test_wheelhouse.py -n 0`; .ci/run does")


@pytest.fixture(scope="module")
def wheelhouse():
    lock = (ROOT / "requirements-learner.txt").read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "poscourse"
    folder = (
        cache / f"wheelhouse-{hashlib.sha256(lock).hexdigest()[:12]}-py{sys.version_info.major}{sys.version_info.minor}"
    )
    if not (folder / "README.txt").exists():
        made = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "wheelhouse.py"), str(folder), "--here", "--strict"],
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            pytest.skip(f"could not download the wheelhouse (no network?): {made.stdout[-300:]} {made.stderr[-300:]}")
    return folder


def offline_prefix():
    """A command prefix under which the network is unreachable, and environment variables that point
    pip and uv at an index that does not answer, in any case."""
    env = dict(
        os.environ,
        PIP_INDEX_URL="http://127.0.0.1:9/simple",
        UV_INDEX_URL="http://127.0.0.1:9/simple",
        PIP_CONFIG_FILE=os.devnull,
        PIP_FIND_LINKS="",
        UV_NO_CONFIG="1",
    )
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare"):
        return ["unshare", "-n"], env, "network namespace"
    return [], env, "unreachable index"


def test_learner_install_from_a_wheelhouse_with_no_network(wheelhouse, tmp_path):
    prefix, env, how = offline_prefix()
    venv = tmp_path / "venv"
    env["POS_VENV"] = str(venv)
    if prefix:  # prove that the namespace really has no network
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", "import socket; socket.create_connection(('pypi.org', 443), 3)"],
            capture_output=True,
            text=True,
        )
        assert probe.returncode != 0, "the network namespace still reaches pypi.org"
    done = subprocess.run(
        [*prefix, sys.executable, str(ROOT / "tasks.py"), "env", "--learner", "--wheelhouse", str(wheelhouse)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"offline install ({how}) failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    check = subprocess.run(
        [
            str(py),
            "-c",
            "import jupyterlab, ipykernel, pandas, altair, anywidget, poscourse, importlib.util; "
            "print(importlib.util.find_spec('vl_convert') is None, importlib.util.find_spec('pytest') is None)",
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.split() == ["True", "True"], "the learner set must not include vl-convert or pytest"


def test_a_wheelhouse_without_the_wheels_fails_clearly_and_leaves_no_venv(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    prefix, env, _ = offline_prefix()
    env["POS_VENV"] = str(tmp_path / "venv")
    done = subprocess.run(
        [*prefix, sys.executable, str(ROOT / "tasks.py"), "env", "--learner", "--wheelhouse", str(empty)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert "set-up failed" in last and "To retry" in last and str(empty) in last
    assert not (tmp_path / "venv").exists(), "a half-built environment was left behind"
