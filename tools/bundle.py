"""Build the two zips an instructor hands out.

    python3 tasks.py bundle [--out DIR] [--nbgrader]     (default DIR: dist/)

position-of-strength-learner.zip     the course without the worked solutions,
                                     the instructor guide and the tests (whose
                                     right answers are written out); the checks
                                     hold their answers as salted hashes only
position-of-strength-instructor.zip  every file of the course

nbgrader/source/NN_name/NN_name.ipynb   with --nbgrader: the exercises as
                                     nbgrader source notebooks (tools/nbgrader_export.py)

Only files tracked by git are packed (their current content), so a local
.venv, graded work or notes never end up in a bundle.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEARNER = "position-of-strength-learner.zip"
INSTRUCTOR = "position-of-strength-instructor.zip"
PREFIX = "position-of-strength"
#: Paths (or folders, ending in /) left out of the learner's zip.
NOT_FOR_LEARNERS = (
    "exercises/solutions/",
    "docs/instructor-guide.md",
    "tests/",
    "tools/answers.py",
    ".ci/",
    ".github/",
)


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return sorted(p for p in out.decode().split("\0") if p and (ROOT / p).is_file())


def for_learners(path: str) -> bool:
    return not any(path == rule or (rule.endswith("/") and path.startswith(rule)) for rule in NOT_FOR_LEARNERS)


def write_zip(target: Path, files: list[str]) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(
                f"{PREFIX}/{path}", date_time=(2025, 10, 29, 0, 0, 0)
            )  # fixed dates: same input, same zip
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if path in ("tasks.py", ".ci/run") else 0o644) << 16
            archive.writestr(info, (ROOT / path).read_bytes())


def main(args: list[str]) -> int:
    out = ROOT / "dist"
    if "--out" in args:
        try:
            out = Path(args[args.index("--out") + 1]).resolve()
        except IndexError:
            print("bundle: --out needs a folder", file=sys.stderr)
            return 2
    try:
        files = tracked_files()
    except (OSError, subprocess.CalledProcessError):
        print("bundle: this needs a git checkout of the course (it packs the files git tracks).", file=sys.stderr)
        return 1
    stale = subprocess.run([sys.executable, "-m", "tools.answers", "--check"], cwd=ROOT, capture_output=True, text=True)
    if stale.returncode != 0:
        print(f"bundle: {stale.stderr.strip()}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    learner = [p for p in files if for_learners(p)]
    write_zip(out / LEARNER, learner)
    write_zip(out / INSTRUCTOR, files)
    print(f"wrote {out / LEARNER} ({len(learner)} files: no solutions, no instructor guide, no tests)")
    print(f"wrote {out / INSTRUCTOR} ({len(files)} files: everything)")
    if "--nbgrader" in args:
        from tools import nbgrader_export

        written = nbgrader_export.export(out)
        print(f"wrote {len(written)} nbgrader source notebooks in {out / 'nbgrader' / 'source'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
