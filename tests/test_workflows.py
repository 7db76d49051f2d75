"""The GitHub Actions workflows, the README and .ci/run agree, and the workflows are sound.

Checked offline: the test command cannot drift between the three; actions are
pinned by commit; permissions are least privilege; every job has a timeout; a
failure writes a summary and keeps the artifacts; actionlint and zizmor pass;
the failure summary reads a real nbval failure; the site's launch links follow
the repository name the workflow passes.
"""

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def workflow(root, name):
    return yaml.safe_load((root / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def triggers(wf):
    return wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as True


def run_lines(wf, job=None):
    lines = []
    for name, spec in wf["jobs"].items():
        if job and name != job:
            continue
        for step in spec.get("steps", []):
            for line in (step.get("run") or "").splitlines():
                if line.strip():
                    lines.append(line.strip())
    return lines


def readme_test_command(root):
    """The test command of the README's "Start in two commands" block."""
    text = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Start in two commands.*?```bash\n(.*?)```", text, re.S)
    assert block, "README.md has no 'Start in two commands' section with a bash block"
    tests = []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("#")
        if re.search(r"\btests?\b", command) or re.search(r"\btests?\b", comment):
            tests.append(command.strip())
    assert len(tests) == 1, f"expected one test command in the README's block, found {tests}"
    return tests[0]


def starts_with_command(line, command):
    words, want = shlex.split(line.split("|")[0]), shlex.split(command)
    return words[: len(want)] == want


def test_workflow_ci_and_readme_run_the_same_test_command(root):
    command = readme_test_command(root)
    ci = [line.strip() for line in (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert any(line == command for line in ci), f".ci/run does not run the README's test command {command!r}"
    lines = run_lines(workflow(root, "tests.yml"), job="test")
    assert any(starts_with_command(line, command) for line in lines), (
        f".github/workflows/tests.yml (job test) does not run the README's test command {command!r}; it runs {lines}"
    )


def test_tests_workflow_triggers_permissions_and_jobs(root):
    wf = workflow(root, "tests.yml")
    on = triggers(wf)
    assert on["push"]["branches"] == ["main"] and on["pull_request"]["branches"] == ["main"]
    assert on["schedule"] and "workflow_dispatch" in on
    assert wf["permissions"] == {"contents": "read"}
    lines = " ".join(run_lines(wf))
    for command in ("tasks.py offline-test", "tasks.py site", "tasks.py browser-test", "npm ci"):
        assert command in lines, f"tests.yml does not run {command}"
    learner = wf["jobs"]["learner"]
    assert set(learner["strategy"]["matrix"]["os"]) == {"ubuntu-latest", "windows-latest", "macos-latest"}
    learner_lines = run_lines(wf, job="learner")
    assert any(starts_with_command(line, "python3 tasks.py learner-test") for line in learner_lines)
    assert any(starts_with_command(line, "py -3 tasks.py learner-test") for line in learner_lines)
    browser_env = wf["jobs"]["browser"]["env"]
    assert browser_env["POS_BROWSER"] != "/usr/bin/chromium", "apt's chromium is a snap shim on Ubuntu runners"


def test_site_workflow_deploys_with_pages_permissions_only(root):
    wf = workflow(root, "site.yml")
    assert triggers(wf)["push"]["branches"] == ["main"]
    assert wf["permissions"] == {}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert build["env"]["POS_REPOSITORY"] == "${{ github.repository }}"
    assert "python3 tasks.py site" in run_lines(wf, job="build")
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]


@pytest.mark.parametrize("name", ["tests.yml", "site.yml"])
def test_every_job_has_a_timeout_and_every_action_is_pinned(root, name):
    text = (root / ".github" / "workflows" / name).read_text(encoding="utf-8")
    for job, spec in workflow(root, name)["jobs"].items():
        assert 0 < spec.get("timeout-minutes", 0) <= 90, f"{name}: job {job} has no timeout"
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert uses
    loose = [u for u in uses if not SHA_PIN.match(u)]
    assert not loose, f"{name}: actions not pinned by commit with a version comment: {loose}"
    checkouts = [
        s
        for j in workflow(root, name)["jobs"].values()
        for s in j.get("steps", [])
        if str(s.get("uses", "")).startswith("actions/checkout@")
    ]
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def test_failed_jobs_write_a_summary_and_keep_artifacts(root):
    for job, spec in workflow(root, "tests.yml")["jobs"].items():
        steps = spec["steps"]
        summary = [s for s in steps if "ci_summary.py" in (s.get("run") or "")]
        upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
        assert summary and summary[0]["if"] == "failure()" and "GITHUB_STEP_SUMMARY" in summary[0]["run"], job
        assert upload and upload[0]["if"] == "failure()" and upload[0]["with"]["path"] == "test-artifacts/", job


def test_cache_is_keyed_on_the_lock_files(root):
    for job, spec in workflow(root, "tests.yml")["jobs"].items():
        caches = [s for s in spec["steps"] if str(s.get("uses", "")).startswith("actions/cache@")]
        assert caches and "hashFiles('requirements" in caches[0]["with"]["key"], job


def lint_available():
    return all(
        shutil.which(t, path=str(__import__("pathlib").Path(sys.executable).parent)) or shutil.which(t)
        for t in ("actionlint", "zizmor")
    )


@pytest.mark.skipif(not lint_available(), reason="actionlint and zizmor are installed on Linux only")
def test_actionlint_and_zizmor_pass(root):
    result = subprocess.run([sys.executable, root / "tools" / "workflow_lint.py"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not lint_available(), reason="zizmor is needed for the rest of the check")
def test_workflow_lint_skips_actionlint_where_it_is_not_pinned(monkeypatch, capsys):
    """On Windows and macOS the maintainer set has no actionlint: say so and run zizmor, not fail."""
    from tools import workflow_lint

    real_find = workflow_lint.find
    monkeypatch.setattr(workflow_lint, "find", lambda tool: None if tool == "actionlint" else real_find(tool))
    monkeypatch.setattr(workflow_lint, "actionlint_pinned_here", lambda: False)
    assert workflow_lint.main([]) == 0
    out = capsys.readouterr().out
    assert "actionlint: skipped" in out and "zizmor: no findings" in out, out
    monkeypatch.setattr(workflow_lint, "actionlint_pinned_here", lambda: True)  # on Linux it is an error
    assert workflow_lint.main([]) == 1


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ steps.nothing.outputs.x }}
        timeout: 5
"""


@pytest.mark.skipif(not lint_available(), reason="actionlint and zizmor are installed on Linux only")
def test_workflow_lint_fails_on_a_bad_workflow(root, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    result = subprocess.run([sys.executable, root / "tools" / "workflow_lint.py", bad], capture_output=True, text=True)
    assert result.returncode != 0
    assert "actionlint: findings" in result.stdout and "zizmor: findings" in result.stdout, result.stdout


def summary_module(root):
    spec = importlib.util.spec_from_file_location("ci_summary", root / "tools" / "ci_summary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("fixture", ["junit-nbval-mismatch.xml", "nbval-mismatch.log"])
def test_failure_summary_names_the_notebook_and_shows_the_difference(root, tmp_path, monkeypatch, fixture):
    """A real nbval failure (stored output $265m, new output $271m), as JUnit XML or as a log."""
    shutil.copy(root / "tests" / "fixtures" / "ci" / fixture, tmp_path / fixture.replace("nbval-mismatch", "test"))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "schedule")
    text = summary_module(root).summary(tmp_path)
    assert "scheduled run" in text
    assert "notebooks/05_china_trade_window.ipynb::Cell 0" in text
    assert "- September 2025: $271m" in text and "+ September 2025: $265m" in text
    assert "#x1B" not in text and "\x1b" not in text
    assert text.count("\n") < 40, "the summary shows only the first lines"


def test_failure_summary_without_tests(root, tmp_path):
    (tmp_path / "test.log").write_text("[course] error: command failed with exit code 1: uv pip install\n")
    text = summary_module(root).summary(tmp_path)
    assert "command failed with exit code 1" in text


def test_launch_links_follow_the_repository_the_workflow_passes(root, monkeypatch):
    monkeypatch.setenv("POS_REPOSITORY", "a-teacher/position-of-strength-fall")
    spec = importlib.util.spec_from_file_location("site_conf_fork", root / "site" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    links = conf.launch_links("notebooks/05_china_trade_window")
    assert "mybinder.org/v2/gh/a-teacher/position-of-strength-fall/main" in links["binder"]
    assert "repo=https%3A%2F%2Fgithub.com%2Fa-teacher%2Fposition-of-strength-fall" in links["jupyterhub"]
    assert "position-of-strength-fall%2Fnotebooks%2F05_china_trade_window.ipynb" in links["jupyterhub"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in conf.RUN_COMMANDS:
        assert command in readme, f"the site's run-it-locally box shows {command!r}, which the README no longer gives"
