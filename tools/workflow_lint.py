"""Check the GitHub Actions workflows offline: actionlint, then zizmor.

    python3 tools/workflow_lint.py [WORKFLOW.yml ...]

actionlint checks syntax, expressions, runner labels and action inputs;
zizmor checks security (unpinned actions, excessive permissions, template
injection, credentials left in checkouts, cache poisoning) and must report
nothing of medium severity or higher. zizmor runs with --offline, so it never
calls the GitHub API. Both come pinned in requirements.txt. Exits non-zero on
any finding, with the findings printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def find(tool: str) -> str | None:
    for name in (tool, f"{tool}.exe"):
        if (BIN / name).exists():
            return str(BIN / name)
    return shutil.which(tool)


def actionlint_pinned_here() -> bool:
    """actionlint's pinned package (requirements.in) is installed on Linux only."""
    return sys.platform.startswith("linux")


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    if not files:
        print(f"error: no workflow files in {WORKFLOWS.relative_to(ROOT)}", file=sys.stderr)
        return 1
    skip_actionlint = not find("actionlint") and not actionlint_pinned_here()
    missing = [t for t in ("actionlint", "zizmor") if not find(t) and not (t == "actionlint" and skip_actionlint)]
    if missing:
        print(
            f"error: {', '.join(missing)} not installed; run `python3 tasks.py env` (they are pinned in requirements.txt)",
            file=sys.stderr,
        )
        return 1
    env = dict(os.environ, ZIZMOR_OFFLINE="1", NO_COLOR="1")
    for name in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"):
        env.pop(name, None)
    names = [str(f) for f in files]
    status = 0
    if skip_actionlint:
        print("actionlint: skipped (its pinned package is installed on Linux only; CI runs it there)")
    else:
        lint = subprocess.run(
            [find("actionlint"), "-no-color", *names], cwd=ROOT, env=env, capture_output=True, text=True
        )
        print(lint.stdout + lint.stderr, end="")
        if lint.returncode != 0:
            print(f"actionlint: findings in {len(files)} workflow file(s) (exit {lint.returncode})")
            status = 1
        else:
            print(f"actionlint: {len(files)} workflow file(s), no findings")
    audit = subprocess.run(
        [find("zizmor"), "--offline", "--min-severity", "medium", "--no-progress", "--format", "plain", *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if audit.returncode != 0:
        print(audit.stdout + audit.stderr, end="")
        print(f"zizmor: findings of medium severity or higher (exit {audit.returncode})")
        status = 1
    else:
        print("zizmor: no findings of medium severity or higher")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
