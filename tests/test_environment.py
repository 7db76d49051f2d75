"""environment.yml, requirements.in and requirements.txt must agree."""

import re

import yaml


def pins_in(lines):
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip().rstrip("\\").strip().lstrip("- ").strip()
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", line)
        if m:
            pins[m.group(1).lower().split("[")[0]] = m.group(2)
    return pins


def test_environment_yml_agrees_with_requirements_in(root):
    direct = pins_in((root / "requirements.in").read_text().splitlines())
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    in_env = pins_in(pip_section)
    assert direct, "requirements.in lists no pins"
    assert in_env == direct, (
        f"environment.yml and requirements.in disagree: only in environment.yml {set(in_env.items()) - set(direct.items())}, "
        f"only in requirements.in {set(direct.items()) - set(in_env.items())}"
    )


def test_lock_contains_every_direct_pin(root):
    direct = pins_in((root / "requirements.in").read_text().splitlines())
    lock = pins_in((root / "requirements.txt").read_text().splitlines())
    wrong = {name: (v, lock.get(name)) for name, v in direct.items() if lock.get(name) != v}
    assert not wrong, f"requirements.txt does not match requirements.in (pin, lock): {wrong}; run python3 tasks.py lock"


def test_every_lock_entry_is_pinned(root):
    lines = [
        line
        for line in (root / "requirements.txt").read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    unpinned = [line for line in lines if "==" not in line]
    assert not unpinned, f"unpinned entries in requirements.txt: {unpinned}"


def test_environment_python_matches_project(root):
    env = yaml.safe_load((root / "environment.yml").read_text())
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert pythons == ["python=3.11"]
    assert 'requires-python = ">=3.11"' in (root / "pyproject.toml").read_text()
