"""environment.yml, the two requirement sets and their two hashed locks must agree."""

import re

import yaml

MAINTAINER_ONLY = {"playwright", "vl-convert-python", "pytest", "nbval", "pytest-xdist", "frictionless"}


def pins_in(lines):
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip().rstrip("\\").strip().lstrip("- ").strip()
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", line)
        if m:
            pins[m.group(1).lower().split("[")[0]] = m.group(2)
    return pins


def lock_entries(text):
    """name -> (version, has a hash) for every entry of a hashed lock."""
    entries, current = {}, None
    for line in text.splitlines():
        m = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;\\]+)", line)
        if m:
            current = m.group(1).lower()
            entries[current] = [m.group(2), False]
        elif current and "--hash=sha256:" in line:
            entries[current][1] = True
    return entries


def test_environment_yml_agrees_with_the_learner_set(root):
    learner = pins_in((root / "requirements-learner.in").read_text().splitlines())
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    in_env = pins_in(pip_section)
    assert learner, "requirements-learner.in lists no pins"
    assert in_env == learner, (
        f"environment.yml and requirements-learner.in disagree: only in environment.yml {set(in_env.items()) - set(learner.items())}, "
        f"only in requirements-learner.in {set(learner.items()) - set(in_env.items())}"
    )
    assert not [d for d in pip_section if d.strip().startswith("-e")], (
        "no `-e .` in environment.yml: binder/postBuild installs the package"
    )


def test_learner_set_leaves_out_the_maintainers_tools(root):
    learner = lock_entries((root / "requirements-learner.txt").read_text())
    heavy = MAINTAINER_ONLY & set(learner)
    assert not heavy, f"maintainers' tools in the learner lock: {heavy}"


def test_maintainer_set_includes_the_learner_set(root):
    assert "-r requirements-learner.in" in (root / "requirements.in").read_text()


def test_each_lock_contains_every_direct_pin(root):
    learner_in = pins_in((root / "requirements-learner.in").read_text().splitlines())
    maint_in = {**learner_in, **pins_in((root / "requirements.in").read_text().splitlines())}
    for lock_name, direct in (("requirements-learner.txt", learner_in), ("requirements.txt", maint_in)):
        lock = lock_entries((root / lock_name).read_text())
        wrong = {name: (v, lock.get(name, [None])[0]) for name, v in direct.items() if lock.get(name, [None])[0] != v}
        assert not wrong, f"{lock_name} does not match its .in file (pin, lock): {wrong}; run python3 tasks.py lock"


def test_locks_are_hashed_and_agree_with_each_other(root):
    learner = lock_entries((root / "requirements-learner.txt").read_text())
    maint = lock_entries((root / "requirements.txt").read_text())
    for name, entries in (("requirements-learner.txt", learner), ("requirements.txt", maint)):
        assert entries, f"{name} is empty"
        unhashed = [n for n, (_, hashed) in entries.items() if not hashed]
        assert not unhashed, f"entries without a hash in {name}: {unhashed}"
    differ = {n: (v, maint.get(n, [None])[0]) for n, (v, _) in learner.items() if maint.get(n, [None])[0] != v}
    assert not differ, (
        f"the two locks pin different versions (learner, maintainer): {differ}; run python3 tasks.py lock"
    )


def test_locks_are_universal(root):
    """Resolved for every system: Windows (pywinpty) and macOS (appnope) packages are in, with markers."""
    for name in ("requirements-learner.txt", "requirements.txt"):
        text = (root / name).read_text()
        assert re.search(r"^pywinpty==\S+ ; os_name == 'nt'", text, re.M), f"{name} lacks pywinpty for Windows"
        assert re.search(r"^appnope==\S+ ; sys_platform == 'darwin'", text, re.M), f"{name} lacks appnope for macOS"


def test_environment_python_matches_project(root):
    env = yaml.safe_load((root / "environment.yml").read_text())
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert pythons == ["python=3.11"]
    assert 'requires-python = ">=3.11"' in (root / "pyproject.toml").read_text()
