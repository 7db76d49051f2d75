"""Binder (repo2docker) and conda configuration, checked statically: Binder itself cannot run here.

repo2docker's conventions (https://repo2docker.readthedocs.io/en/latest/config_files.html):
a binder/ folder, when present, is the only place it reads configuration from;
environment.yml there is installed with conda; postBuild is an executable script
run once from the repository's top folder after the environment is built.
"""

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
REPO2DOCKER_FILES = {
    "environment.yml",
    "requirements.txt",
    "runtime.txt",
    "postBuild",
    "start",
    "apt.txt",
    "Project.toml",
    "install.R",
    "default.nix",
    "Dockerfile",
    "setup.py",
    "DESCRIPTION",
    "README.md",
}


def test_binder_folder_holds_only_repo2docker_files():
    present = {p.name for p in BINDER.iterdir()}
    assert "environment.yml" in present and "postBuild" in present
    assert present <= REPO2DOCKER_FILES, f"files repo2docker does not read: {present - REPO2DOCKER_FILES}"
    assert "Dockerfile" not in present, "a Dockerfile would make repo2docker ignore every other file"


def test_binder_environment_equals_the_top_level_one():
    ours = yaml.safe_load((ROOT / "environment.yml").read_text())
    binder = yaml.safe_load((BINDER / "environment.yml").read_text())
    assert binder == ours
    pip = next(d["pip"] for d in binder["dependencies"] if isinstance(d, dict))
    assert not [p for p in pip if p.strip().startswith(("-e", "."))], (
        "no local install in environment.yml: postBuild does it"
    )


def test_postbuild_is_an_executable_bash_script_that_prepares_the_workspace():
    mode = subprocess.run(
        ["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert mode.startswith("100755"), "binder/postBuild must be committed executable (git update-index --chmod=+x)"
    text = (BINDER / "postBuild").read_text()
    assert text.startswith("#!/bin/bash\n") and "set -euo pipefail" in text
    assert "poscourse.pth" in text and "src" in text, "postBuild must install the helper package"
    assert "python tools/workspace.py update" in text, "postBuild must prepare the learner's workspace"
    assert "@jupyterlab/apputils-extension:announcements" in text
    assert subprocess.run(["bash", "-n", str(BINDER / "postBuild")]).returncode == 0


def test_binder_links_open_lesson_00_in_the_workspace():
    links = re.findall(
        r"https://mybinder\.org/v2/gh/[^\s)>\]`]+",
        (ROOT / "README.md").read_text() + (ROOT / "docs" / "instructor-guide.md").read_text(),
    )
    assert links, "the README or the guide should give the Binder link"
    for link in links:
        m = re.search(r"urlpath=lab/tree/workspace/([^\s&)`]+)", link)
        assert m, f"{link} does not open the workspace"
        assert (ROOT / m.group(1)).exists(), f"{link}: {m.group(1)} is not a lesson of the course"


def test_nbgitpuller_link_recipe_points_into_the_workspace_layout():
    guide = (ROOT / "docs" / "instructor-guide.md").read_text()
    links = re.findall(r"/hub/user-redirect/git-pull\?[^\s)`]+", guide)
    assert links, "the guide should give an nbgitpuller link"
    for link in links:
        assert "repo=" in link and "urlpath=" in link
        target = re.search(r"urlpath=lab%2Ftree%2F([^&\s`]+)", link) or re.search(r"urlpath=lab/tree/([^&\s`]+)", link)
        assert target, link
        path = target.group(1).replace("%2F", "/")
        assert path.endswith("notebooks/00_start_here.ipynb"), link
