"""tasks.py's set-up: clear one-line messages where it can fail, and no half-built environment."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_tasks(monkeypatch, venv: Path):
    monkeypatch.setenv("POS_VENV", str(venv))
    spec = importlib.util.spec_from_file_location("course_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_old_python_gets_one_line_naming_it():
    code = (
        "import sys, runpy; sys.version_info = (3, 9, 2, 'final', 0); sys.version = '3.9.2 (fake)'; "
        f"sys.argv = ['tasks.py', 'lab']; runpy.run_path({str(ROOT / 'tasks.py')!r}, run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "3.11 or newer" in lines[0] and "found Python 3.9.2" in lines[0] and "Traceback" not in done.stderr


@pytest.fixture
def fake_env(tmp_path, monkeypatch):
    tasks = load_tasks(monkeypatch, tmp_path / "venv")
    built = []
    monkeypatch.setattr(
        tasks,
        "build_env",
        lambda venv, profile, wheelhouse=None: (
            built.append(profile),
            tasks.BIN.mkdir(parents=True),
            tasks.PY.write_text(""),
        ),
    )
    return tasks, built


def stamp(tasks, **changes):
    tasks.BIN.mkdir(parents=True, exist_ok=True)
    tasks.PY.write_text("")
    tasks.STAMP.write_text(json.dumps({**tasks.env_wanted(tasks.LEARNER), **changes}))


def test_an_environment_from_another_python_is_rebuilt_with_a_message(fake_env, capsys):
    tasks, built = fake_env
    stamp(tasks, python="3.12.1")
    tasks.ensure_env(profile=tasks.LEARNER)
    out = capsys.readouterr().out
    assert "was built with Python 3.12.1" in out and "rebuilding" in out
    assert built == ["learner"] and json.loads(tasks.STAMP.read_text()) == tasks.env_wanted(tasks.LEARNER)


def test_an_environment_from_an_older_lock_is_rebuilt_with_a_message(fake_env, capsys):
    tasks, built = fake_env
    stamp(tasks, locks="0" * 64)
    tasks.ensure_env(profile=tasks.LEARNER)
    assert "pinned requirements changed" in capsys.readouterr().out and built == ["learner"]


def test_a_current_environment_is_reused(fake_env, capsys):
    tasks, built = fake_env
    stamp(tasks)
    tasks.ensure_env(profile=tasks.LEARNER)
    assert built == [] and "up to date" in capsys.readouterr().out


def test_an_unfinished_environment_is_not_trusted(fake_env, capsys):
    tasks, built = fake_env
    tasks.BIN.mkdir(parents=True)
    tasks.PY.write_text("")  # a Python but no stamp: the last build stopped half-way
    tasks.ensure_env(profile=tasks.LEARNER)
    assert "left unfinished" in capsys.readouterr().out and built == ["learner"]


def test_an_unreachable_index_says_what_failed_and_how_to_retry(tmp_path, monkeypatch, capsys):
    tasks = load_tasks(monkeypatch, tmp_path / "venv")

    def no_network(venv, profile, wheelhouse=None):
        tasks.BIN.mkdir(parents=True)
        tasks.PY.write_text("")
        raise tasks.BuildError("downloading or installing the packages in requirements-learner.txt failed")

    monkeypatch.setattr(tasks, "build_env", no_network)
    with pytest.raises(SystemExit):
        tasks.ensure_env(profile=tasks.LEARNER)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "set-up failed: downloading" in err[0] and "run the same command again" in err[0]
    assert "--wheelhouse" in err[0]
    assert not (tmp_path / "venv").exists(), "a half-built environment was left for a later run to trust"


def test_stored_chart_bundle_is_current(root):
    """Learners' interactive charts use the stored JavaScript bundle; it must match the pinned Altair."""
    if importlib.util.find_spec("vl_convert") is None:
        pytest.skip("needs vl-convert (the maintainers' set)")
    # The versions only (fast); .ci/run compares the whole bundle with a fresh one (chart_bundle.py --check).
    from tools import chart_bundle

    stored = json.loads(chart_bundle.META.read_text())
    assert stored == chart_bundle.expected_meta(), (
        "the stored chart bundle is stale: run .venv/bin/python tools/chart_bundle.py"
    )


def test_wheelhouse_picks_each_systems_packages_from_the_universal_lock(root):
    from tools import wheelhouse

    entries = wheelhouse.lock_entries((root / "requirements-learner.txt").read_text())
    assert all(hashes for _, _, hashes in entries), "every lock entry must carry its hashes into the wheelhouse"

    def names(platform, python="3.12"):
        return {req.split("==")[0] for req, _ in wheelhouse.wanted(entries, wheelhouse.PLATFORMS[platform][1], python)}

    assert "pywinpty" in names("windows-x86_64") and "pywinpty" not in names("linux-x86_64")
    assert "appnope" in names("macos-arm64") and "appnope" not in names("windows-arm64")
    assert {"jupyterlab", "pandas", "altair"} <= names("linux-aarch64")
    assert not {"vl-convert-python", "playwright", "pytest"} & names("linux-x86_64")
